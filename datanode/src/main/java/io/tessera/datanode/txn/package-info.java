/**
 * The datanode's transaction layer (DESIGN.md "Transactions"): the two-phase-commit participant and MVCC
 * visibility of intents. {@link io.tessera.datanode.txn.TransactionManager} is the services' entry point; the work is
 * done by its parts, each with one job, over one shared {@code TransactionTable} (the transactions with state here):
 * <pre>
 *   RowLockTable         row locks in PostgreSQL's four modes, waits, wait-for edges, lock_timeout
 *   DmlExecutor          Modify / keyed Write: intents of INSERT, ON CONFLICT, UPDATE, DELETE, locking SELECT;
 *                        primary-key, unique-index, NOT NULL and CHECK checks
 *   CommitParticipant    Prepare, CommitPrepared, Rollback, CommitOnePhase, ROLLBACK TO SAVEPOINT, resolution of
 *                        a finished transaction's intents (inline or by IntentResolution)
 *   TransactionRecovery  start-up (commit, discard or keep in doubt what a previous run left), abandoned and
 *                        in-doubt transactions decided by the GTM (InDoubtResolver drives it)
 *   IntentVisibility     what a reader does when it meets an intent: read it, skip it, or wait for its outcome
 * </pre>
 *
 * <h2>Flow of one distributed transaction, as seen by one datanode</h2>
 * <pre>
 *   Modify(gxid, cid 1) ─▶ pending intents, each its row's lock (readers: invisible; writers: wait, lock_timeout)
 *   Modify(gxid, cid 2) ─▶ sees cid-1 intents, overwrites
 *   Modify(gxid, cid 3, lock FOR SHARE) ─▶ row locks only, in memory (shared with other lockers; writers wait)
 *   Prepare(gxid)       ─▶ prepared record (gxid → 0) and row locks without intents, one fsync; the intents
 *                          are not rewritten       (readers with a later snapshot now wait for its outcome)
 *        coordinator: GTM Decide(gxid, commit) → commit_ts
 *   CommitPrepared(gxid, ts) ─▶ record gxid → ts (no fsync: redone from the decision), readers wake; then, in the
 *                               background, intents → versions at ts, record removed, locks released
 *
 *   or, the only participant:
 *   CommitOnePhase(gxid) ─▶ marked prepared in memory ─▶ GTM timestamp → commit_ts (nothing recorded there)
 *                        ─▶ intents → versions at commit_ts, fsync (the commit's only write) ─▶ answer
 *   Rollback(gxid)      ─▶ intents removed, locks released, waiters woken
 * </pre>
 *
 * <h2>Threads</h2>
 * Requests run on the gRPC server's executor and may block there while waiting for another transaction; a
 * wait ends when that transaction ends (or releases the key), on lock_timeout, when the call is cancelled, or when
 * the waiter's own transaction ends. In-memory state is concurrent maps plus each transaction's monitor, which
 * orders its state changes against the write of a statement's intents.
 *
 * <h2>Global deadlocks and savepoints</h2>
 * The datanode reports its wait-for edges ({@code RowLockTable#waitsFor}, the WaitsFor RPC) and ends a
 * victim's waits with 40P01 ({@code RowLockTable#abortWaiter}); the cycle search and the choice of the victim
 * are the coordinators' elected detector's. Cycles of waits on this datanode alone are still caught at once,
 * locally. ROLLBACK TO SAVEPOINT ({@code CommitParticipant#rollbackToSavepoint}) restores each key's earlier
 * intent from the intent history ({@code io.tessera.datanode.storage.IntentBatch}).
 *
 * <h2>Not yet here</h2>
 * Resolution of in-doubt transactions whose coordinator died ({@code TransactionRecovery#inDoubt} is the seam; a
 * reader waiting on one already asks the GTM and applies a decision it finds), unique indexes other than the
 * primary key.
 */
package io.tessera.datanode.txn;
