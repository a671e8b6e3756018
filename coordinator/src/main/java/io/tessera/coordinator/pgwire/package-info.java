/**
 * The coordinator's PostgreSQL v3 wire-protocol frontend: psql, pgbench, pgjdbc and every other PostgreSQL client
 * talk to Tessera through this package, and it talks to the SQL layer only through
 * {@link io.tessera.coordinator.session.SqlEngine} / {@link io.tessera.coordinator.session.SqlSession}. It knows
 * nothing of planning or storage; {@code pgwire.types} holds one codec class per PostgreSQL type.
 *
 * <h2>Layers</h2>
 * <pre>
 *   socket ─▶ PgFrameDecoder ─▶ PgConnection ──(one task at a time, SQL worker pool)──▶ SqlSession
 *             (cuts Frames,      (state machine,                                       PreparedStatement
 *              length limits)     inbox of Frames)        RowPump ◀── QueryResult.next()
 *   socket ◀────────────────────────────── BackendMessages (ErrorResponse, RowDescription, DataRow, ...)
 * </pre>
 *
 * <h2>Threads</h2>
 * Netty's I/O threads never run SQL: they cut frames and append them to the connection's inbox, and start the
 * connection's task once the frames of one socket read are all there ({@code channelReadComplete}). A connection's
 * frames are then handled by one task at a time on {@link io.tessera.coordinator.pgwire.PgServer}'s worker pool, in
 * the order they arrived, so a slow statement blocks only its own connection and never an event loop (which
 * serves many connections). Rows stream under flow control: {@code RowPump} pulls from
 * {@code QueryResult.next()} only while the channel is writable, writes ~64 KiB batches, and when the outbound
 * buffer passes its high-water mark the task gives its thread back and leaves a continuation that
 * {@code channelWritabilityChanged} resumes. A 10-million-row SELECT to a slow client therefore holds about
 * half a megabyte and no thread. When the client disconnects the running statement is cancelled, and its
 * QueryResults, prepared statements and the session are closed by the connection's task.
 *
 * <p>One exception to "SQL never runs on an event loop", by construction non-blocking: a point select's first row
 * waits for one datanode's answer ({@code QueryResult.whenAnswered}); the task stops there without holding its
 * thread, and the gRPC transport thread that receives the answer finishes the statement — the row, CommandComplete
 * and, for a session with nothing to release elsewhere, the Sync's ReadyForQuery — and flushes. Everything else
 * (an error, another statement, a transaction to end) goes back to the worker pool ({@code PgConnection}'s class
 * comment).
 *
 * <h2>Connection state machine</h2>
 * <pre>
 *  STARTUP ── SSLRequest / GSSENCRequest ──▶ 'N' ──▶ STARTUP (the real StartupMessage follows)
 *     │  ─── CancelRequest(pid, secret) ──▶ SqlSession.cancel() of that backend, close (no reply)
 *     │  ─── StartupMessage 3.0 ──▶ trust check (loopback only; else FATAL 28000 "no pg_hba.conf entry ...")
 *     │                              SqlEngine.openSession (TesseraException → FATAL, close)
 *     ▼                              AuthenticationOk, ParameterStatus*, BackendKeyData, ReadyForQuery
 *  READY ─┬─ Query ──▶ for each statement: [RowDescription] DataRow* [NoticeResponse*] CommandComplete
 *         │            (EmptyQueryResponse for an empty string; an error skips the rest) then ReadyForQuery
 *         ├─ Parse ─▶ ParseComplete          Bind ─▶ BindComplete        Close ─▶ CloseComplete
 *         ├─ Describe S ─▶ ParameterDescription, RowDescription | NoData;  Describe P ─▶ RowDescription | NoData
 *         ├─ Execute(max rows) ─▶ DataRow* then CommandComplete, or PortalSuspended when the limit is reached
 *         │                      and rows remain (the next Execute of the portal continues)
 *         ├─ Sync ─▶ ReadyForQuery (ends skip-till-Sync)       Flush ─▶ flush     Terminate ─▶ close
 *         └─ an ErrorResponse in Parse/Bind/Describe/Execute/Close sets skip-till-Sync: everything up to the
 *            next Sync is read and dropped, as PostgreSQL does
 *  any state ── malformed frame (bad length, &gt; 1 GiB, unknown type byte, truncated field) ──▶ FATAL 08P01, close
 * </pre>
 * ReadyForQuery carries {@code SqlSession.transactionStatus()} and is preceded by a ParameterStatus for every
 * setting that changed. The unnamed statement and portal are replaced by the next Parse/Bind and dropped by a
 * simple Query; the unnamed portal also ends at a Sync outside a transaction block. Named portals live until
 * Close or disconnect (PostgreSQL drops them at transaction end; the SQL layer has no transaction blocks yet).
 *
 * <h2>Why the indirection through an inbox</h2>
 * It is what makes both rules hold at once: SQL never runs on an event loop, and messages are still answered
 * strictly in order, since the protocol has no request ids and clients pipeline (pgjdbc sends
 * Parse/Bind/Describe/Execute/Sync in one write and pgbench batches statements).
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-flow.html">PostgreSQL: Message Flow</a>
 */
package io.tessera.coordinator.pgwire;
