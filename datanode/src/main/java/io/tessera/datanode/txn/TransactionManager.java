package io.tessera.datanode.txn;

import io.tessera.common.error.TesseraException;
import io.tessera.common.failpoint.Failpoints;
import io.tessera.common.types.PgType;
import io.tessera.datanode.catalog.TableSchema;
import io.tessera.datanode.storage.DatanodeStorage;
import io.tessera.datanode.storage.IntentResolver;
import io.tessera.datanode.storage.PrimaryKey;
import io.tessera.protocol.datanode.ModifyRequest;
import io.tessera.protocol.datanode.ShardRows;
import io.tessera.protocol.datanode.TableDescriptor;
import io.tessera.protocol.datanode.TxnContext;
import io.tessera.protocol.datanode.WaitEdge;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The datanode's transaction layer (DESIGN.md "Transactions"), as the services see it: one entry point over its
 * parts, which share one {@link TransactionTable} and each do one job —
 * <ul>
 *   <li>{@link RowLockTable}: row locks in PostgreSQL's four modes, waits, wait-for edges for the global deadlock
 *       detector, lock_timeout;</li>
 *   <li>{@link DmlExecutor}: Modify (insert, update, delete, upsert, locking SELECT) writing intents, and the
 *       non-transactional keyed Write, with their constraint checks;</li>
 *   <li>{@link CommitParticipant}: Prepare, CommitPrepared, Rollback, one-phase commit, ROLLBACK TO SAVEPOINT, and
 *       the resolution of a finished transaction's intents (inline or by {@link IntentResolution});</li>
 *   <li>{@link TransactionRecovery}: in-doubt transactions at start-up and when a coordinator dies, decided by
 *       the GTM;</li>
 *   <li>{@link IntentVisibility}: what a reader does when it meets an intent (read it, skip it, or wait for its
 *       transaction's outcome).</li>
 * </ul>
 * The methods here delegate, with their contracts documented at the part. Thread-safe, as each part is.
 *
 * <p>Construction runs recovery: before it returns, the intents and records a previous run left in storage are
 * committed, discarded or kept in doubt ({@link #inDoubt()}).
 */
public final class TransactionManager {
    /**
     * Failpoint (test only, {@link Failpoints}): intents prepared and synced, Prepare not yet answered; or, in a
     * one-phase commit, the transaction marked prepared and its commit timestamp not yet taken.
     */
    public static final String AFTER_PREPARE = "datanode.after-prepare";

    private final TransactionTable table;
    private final RowLockTable locks;
    private final IntentVisibility visibility;
    private final DmlExecutor dml;
    /** Package-visible for tests of the background resolution ({@code inlineResolveMax}). */
    final CommitParticipant participant;
    private final TransactionRecovery recovery;
    /** Resolves committed transactions' intents after their records are written. */
    final IntentResolution resolution = new IntentResolution();

    /** A transaction layer over {@code storage} asking {@code gtm} for decisions every second of a long wait. */
    public TransactionManager(DatanodeStorage storage, GtmDecisions gtm) {
        this(storage, gtm, Duration.ofSeconds(1));
    }

    /**
     * As above, with the interval at which a waiter (a writer for a lock, a reader for a prepared intent) asks the
     * GTM about a prepared transaction it waits for. Recovers what storage holds before it returns.
     */
    public TransactionManager(DatanodeStorage storage, GtmDecisions gtm, Duration gtmPollInterval) {
        this.table = new TransactionTable(storage);
        this.locks = new RowLockTable(storage, table, Math.max(1, gtmPollInterval.toNanos()), this::pollGtm);
        this.visibility = new IntentVisibility(table, gtm, locks);
        this.dml = new DmlExecutor(storage, table, locks, visibility);
        this.participant = new CommitParticipant(storage, gtm, table, locks, resolution);
        this.recovery = new TransactionRecovery(storage, gtm, table, locks, participant);
    }

    /** A long wait's question to the GTM about {@code t}: {@link TransactionRecovery#pollGtm}. */
    private void pollGtm(Transaction t) {
        recovery.pollGtm(t);
    }

    // ---- recovery ---------------------------------------------------------------------------------------------

    /**
     * The transactions found prepared at start-up (in doubt): they hold their locks until CommitPrepared or
     * Rollback arrives, or their decision is found at the GTM ({@link InDoubtResolver}, a reader's poll).
     */
    public List<Long> inDoubt() {
        return recovery.inDoubt();
    }

    /**
     * One transaction with state on this datanode, as {@link InDoubtResolver} sees it.
     *
     * @param owner the owner id of its coordinator incarnation, empty when unknown (found prepared at start-up)
     * @param abandoned whether its owner has given up on it (a one-phase commit that could not reach the GTM)
     * @param prepared whether its intents are prepared (else it is active)
     * @param ageNanos nanoseconds since this datanode learned of it (at start-up for one found prepared) or, when
     *     prepared, since it was prepared
     */
    public record TxnStatus(long gxid, String owner, boolean abandoned, boolean prepared, long ageNanos) {
    }

    /** The transactions with state on this datanode now (not an atomic snapshot). */
    public List<TxnStatus> transactions() {
        return recovery.transactions();
    }

    /**
     * Rolls back transaction {@code gxid} if it is still active (not prepared) here: its coordinator is gone
     * ({@link TransactionRecovery#abandon}). No-op for a prepared, finished or unknown transaction.
     *
     * @return whether it was rolled back by this call
     */
    public boolean abandon(long gxid) {
        return recovery.abandon(gxid);
    }

    /**
     * Resolves prepared transaction {@code gxid} from the GTM's decision ({@link TransactionRecovery#resolve}); with
     * {@code abortIfUndecided} a missing decision is recorded as abort. No-op unless it is prepared here.
     *
     * @return the outcome applied, or {@code UNDECIDED} when nothing was applied
     * @throws TesseraException 08000-class when the GTM cannot be reached
     */
    public io.tessera.protocol.gtm.Outcome resolve(long gxid, boolean abortIfUndecided) {
        return recovery.resolve(gxid, abortIfUndecided);
    }

    /** Transactions with state on this datanode (active or prepared). */
    public int activeTransactions() {
        return table.txns.size();
    }

    /**
     * Whether an intent (pending, prepared, or committed and not resolved yet) of table {@code tableId} is stored
     * ({@link TransactionTable#hasIntents}).
     */
    public boolean hasIntents(int tableId) {
        return table.hasIntents(tableId);
    }

    // ---- row locks --------------------------------------------------------------------------------------------

    /**
     * Keys locked now: by an intent of a transaction with state here, or by a hold in the in-memory lock table. Reads
     * every such intent's registry entry: for tests and diagnostics ({@code Ping}), not for hot paths.
     */
    public int lockedKeys() {
        return locks.lockedKeys();
    }

    /** Entries of the in-memory lock table: keys someone holds without an intent, or holds while writing one. */
    int lockTableEntries() {
        return locks.lockTableEntries();
    }

    /** The row locks right now, per key, each holder as {@code gxid:MODE} ({@link RowLockTable#rowLocks}). */
    Map<String, List<String>> rowLocks() {
        return locks.rowLocks();
    }

    /**
     * Whether transaction {@code gxid} holds a row lock or an intent on {@code intentKey} here: the filter of a
     * {@code locked_only} scan (SELECT ... SKIP LOCKED reads only the rows its locking step locked).
     */
    public boolean holdsRow(long gxid, byte[] intentKey) {
        return locks.holdsRow(gxid, intentKey);
    }

    /**
     * This datanode's wait-for edges right now ({@code datanode.proto} WaitsFor, {@link RowLockTable#waitsFor}).
     * Not an atomic snapshot.
     */
    public List<WaitEdge> waitsFor() {
        return locks.waitsFor();
    }

    /**
     * Ends every wait of transaction {@code gxid} in progress on this datanode with 40P01 "deadlock detected"
     * ({@code datanode.proto} AbortWaiter, {@link RowLockTable#abortWaiter}). Idempotent.
     *
     * @return the number of waits ended
     */
    public int abortWaiter(long gxid) {
        return locks.abortWaiter(gxid);
    }

    // ---- Modify -----------------------------------------------------------------------------------------------

    /**
     * Places the intents of one statement ({@code datanode.proto} Modify) and returns the number of rows inserted,
     * updated or deleted ({@link DmlExecutor}). Blocks while waiting for conflicting transactions.
     *
     * @param types the table's column types (from {@code request.getTable()})
     * @param cancel completed when the call is cancelled: a wait stops with 57014
     * @throws TesseraException 55P03 on lock timeout, 40001 on a REPEATABLE READ conflict, 40P01 on a local
     *     deadlock, 57014 when cancelled, 25000 for a transaction that is no longer active, 40000 for one whose
     *     earlier writes a restart discarded
     */
    public long modify(ModifyRequest request, List<PgType> types, CompletableFuture<?> cancel) {
        return dml.modify(request, types, cancel);
    }

    /**
     * As {@link #modify(ModifyRequest, List, CompletableFuture)}, with the table's rows decoded and keyed by
     * {@code schema} (the datanode's own copy of the table's schema at the request's version).
     */
    public long modify(ModifyRequest request, TableSchema schema, CompletableFuture<?> cancel) {
        return dml.modify(request, schema, cancel);
    }

    /**
     * As {@link #modify(ModifyRequest, TableSchema, CompletableFuture)}, adding to {@code returned} (when not null)
     * each row the statement writes, all of the table's columns: the new row of an update or an inserted or
     * upserted row, the old row of a delete (RETURNING).
     *
     * @throws TesseraException also 21000 when an INSERT ... ON CONFLICT DO UPDATE meets a key it wrote itself,
     *     40001 when under REPEATABLE READ its conflicting row is newer than the snapshot
     */
    public long modify(ModifyRequest request, TableSchema schema, CompletableFuture<?> cancel,
                       List<Object[]> returned) {
        return dml.modify(request, schema, cancel, returned);
    }

    /**
     * The non-transactional write ({@code datanode.proto} Write, gxid 0) into a table with a primary key
     * ({@link DmlExecutor#writeKeyed}): every row becomes a committed version stamped {@code commitTs}, in one
     * durable write, after the same uniqueness check as a transactional insert (23505).
     *
     * @return the number of rows written
     */
    public long writeKeyed(TableDescriptor table, List<PgType> types, long commitTs, List<ShardRows> shards,
                           CompletableFuture<?> cancel) {
        return dml.writeKeyed(table, types, commitTs, shards, cancel);
    }

    /** As above, with the rows keyed by {@code schema} (the datanode's copy of the table's schema). */
    public long writeKeyed(TableSchema schema, long commitTs, List<ShardRows> shards, CompletableFuture<?> cancel) {
        return dml.writeKeyed(schema, commitTs, shards, cancel);
    }

    /**
     * The primary key of {@code table} (null when it has none), as {@code datanode.proto}'s TableDescriptor
     * describes it.
     */
    public static PrimaryKey primaryKey(TableDescriptor table, List<PgType> types) {
        return DmlExecutor.primaryKey(table, types);
    }

    // ---- readers ----------------------------------------------------------------------------------------------

    /**
     * Whether some transaction is prepared here and not yet finished ({@link IntentVisibility#anyPrepared}): its
     * commit timestamp may already be decided without this datanode having applied it, so
     * {@link DatanodeStorage#newestCommitTs()} is not a safe snapshot meanwhile.
     */
    public boolean anyPrepared() {
        return visibility.anyPrepared();
    }

    /**
     * The visibility of intents for a reader at {@code snapshotTs}, of transaction {@code ctx} (null or gxid 0: no
     * transaction), waiting for a prepared intent's outcome until {@code cancel}: {@link IntentVisibility#resolver}.
     */
    public IntentResolver resolver(TxnContext ctx, long snapshotTs, CompletableFuture<?> cancel) {
        return visibility.resolver(ctx, snapshotTs, cancel);
    }

    /**
     * The same visibility for a reader that must not block ({@link IntentVisibility#resolverWithoutWaits}): where
     * {@link #resolver} would wait, it throws {@link WouldWait}.
     */
    public IntentResolver resolverWithoutWaits(TxnContext ctx, long snapshotTs) {
        return visibility.resolverWithoutWaits(ctx, snapshotTs);
    }

    // ---- commit participant ----------------------------------------------------------------------------------

    /**
     * ROLLBACK TO SAVEPOINT ({@code datanode.proto} RollbackToSavepoint, {@link CommitParticipant#rollbackToSavepoint}):
     * undoes every write of {@code gxid} here made by a command id {@code >= fromCommandId} and releases the row
     * locks taken since. Idempotent; a gxid unknown here succeeds.
     *
     * @throws TesseraException 25000 when the transaction is prepared, committed or rolled back
     */
    public void rollbackToSavepoint(long gxid, int fromCommandId) {
        participant.rollbackToSavepoint(gxid, fromCommandId);
    }

    /**
     * Phase one ({@link CommitParticipant#prepare}): the prepared transaction record of {@code gxid} and the row
     * locks it holds without an intent, in one synced write. Repeating it is harmless.
     *
     * @throws TesseraException 40000 for a transaction rolled back, or one this datanode does not know (its writes
     *     would be lost: a restart discarded them); 25000 for one already committed
     */
    public void prepare(long gxid) {
        checkDeferred(gxid);
        participant.prepare(gxid);
    }

    /**
     * COMMIT's checks of the DEFERRABLE unique keys {@code gxid} wrote here and has not checked yet
     * ({@link DmlExecutor#checkPendingUnique}); a violation rolls the transaction back here and is thrown (23505).
     */
    private void checkDeferred(long gxid) {
        Transaction t = table.txns.get(gxid);
        if (t == null) {
            return;
        }
        synchronized (t) {
            if (t.pendingUnique.isEmpty() || t.state() != Transaction.State.ACTIVE) {
                return;
            }
        }
        try {
            dml.checkPendingUnique(t, null, new CompletableFuture<>());
        } catch (RuntimeException e) {
            participant.rollback(gxid);
            throw e;
        }
    }

    /**
     * Opens a tracker of the keys of table {@code tableId} that transactions prepare from now on
     * ({@link CommitParticipant#trackChanges}). Close it when done.
     *
     * @param limit the most keys it keeps before it overflows
     */
    public ChangeTracker trackChanges(int tableId, int limit) {
        return participant.trackChanges(tableId, limit);
    }

    /**
     * Phase two ({@link CommitParticipant#commitPrepared}): {@code commitTs} into the transaction record of
     * {@code gxid}; its intents become versions afterwards. Idempotent: a repeat, or a gxid unknown here, succeeds.
     *
     * @throws TesseraException 25000 when the transaction is not prepared or was rolled back here
     */
    public void commitPrepared(long gxid, long commitTs) {
        participant.commitPrepared(gxid, commitTs);
    }

    /**
     * Removes the intents of {@code gxid} (pending or prepared), releases their locks and wakes waiters
     * ({@link CommitParticipant#rollback}). Idempotent: a repeat, or a gxid unknown here, succeeds.
     *
     * @throws TesseraException 25000 when the transaction already committed here
     */
    public void rollback(long gxid) {
        participant.rollback(gxid);
    }

    /**
     * One-phase commit for a transaction whose only participant is this datanode
     * ({@link CommitParticipant#commitOnePhase}). A repeat after success returns the same timestamp.
     *
     * @return the commit timestamp
     * @throws TesseraException 40000 when the GTM gives no timestamp (the transaction is rolled back) or, for a
     *     prepared transaction, had decided abort; 08007 when the outcome is unknown; Prepare's errors
     */
    public long commitOnePhase(long gxid) {
        checkDeferred(gxid);
        return participant.commitOnePhase(gxid);
    }

    /**
     * Waits until the intent resolutions queued so far have run. A table drop waits first: a committed transaction's
     * resolution running after the drop's range deletes would write the dropped table's rows back.
     */
    public void awaitResolutions() {
        resolution.awaitQueued();
    }

    /** One-phase commits whose intents are queued for resolution or being resolved now. */
    public int unresolvedCommits() {
        return resolution.backlog();
    }

    /** Stops resolving intents after up to a few seconds of queued work; what is left, start-up resolves. */
    public void close() {
        resolution.close();
    }
}
