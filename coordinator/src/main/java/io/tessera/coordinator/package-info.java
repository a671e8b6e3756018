/**
 * The coordinator: client sessions, planning, distributed execution and the transaction coordinator role.
 *
 * <p>Layers, in the order a statement passes them:
 * <pre>
 *   pgwire    Netty frontend: the PostgreSQL v3 protocol; knows only {@code session.SqlEngine/SqlSession}
 *   session   the contract between the wire and the SQL layer (prepare, execute, stream a result)
 *   sql       TesseraSession: statement kinds, transaction state, Calcite planning (QueryPlanner), DDL, DML
 *   sql.exec  what touches datanodes: scan fragments and their gather, INSERT routing, UPDATE/DELETE fragments
 *   txn       commit and rollback across participants (one-phase, 2PC), savepoints, the deadlock detector
 *   gc        MVCC garbage collection: the sessions' held snapshots, this coordinator's report, the elected
 *             safe-point publisher, VACUUM's fan-out
 *   catalog   the catalog in ZooKeeper and this coordinator's cached snapshot of it
 *   cluster   gRPC channels to datanodes
 * </pre>
 *
 * <p>Threads: Netty's event loop only decodes and encodes; each connection's statements run one at a time on a
 * worker pool, which blocks on gRPC calls to datanodes and the GTM. The catalog reloads on its own thread when a
 * watch fires; the deadlock detector runs on a timer on the coordinator elected to lead it, and so does the GC safe-point
 * publisher (every coordinator refreshes its own GC report on that timer too). The pgwire package
 * never reaches the SQL layer's internals, and the SQL layer never the wire (checked by
 * {@code io.tessera.it.LayeringTest}).
 */
package io.tessera.coordinator;
