package io.tessera.datanode.txn;

import io.tessera.common.codec.RowCodec;
import io.tessera.common.codec.StoredRowCodec;
import io.tessera.datanode.catalog.TableSchema;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.failpoint.Failpoints;
import io.tessera.common.types.PgType;
import io.tessera.datanode.storage.DatanodeStorage;
import io.tessera.datanode.storage.Intent;
import io.tessera.datanode.storage.IntentBatch;
import io.tessera.datanode.storage.IntentResolver;
import io.tessera.datanode.storage.KeyState;
import io.tessera.datanode.storage.PrimaryKey;
import io.tessera.datanode.storage.IndexEntries;
import io.tessera.datanode.storage.SecondaryIndex;
import io.tessera.datanode.storage.RowValue;
import io.tessera.datanode.storage.ScanCursor;
import io.tessera.datanode.storage.StorageWrite;
import io.tessera.datanode.txn.RowLockTable.Hold;
import io.tessera.datanode.txn.RowLockTable.Taken;
import io.tessera.datanode.txn.Transaction.Outcome;
import io.tessera.datanode.txn.Transaction.State;
import io.tessera.common.codec.KeyCodec;
import io.tessera.executor.expr.Assignments;
import io.tessera.executor.expr.CheckConstraints;
import io.tessera.executor.expr.Casts;
import io.tessera.protocol.datanode.ColumnDescriptor;
import io.tessera.executor.expr.CompiledExpr;
import io.tessera.protocol.datanode.Assignment;
import io.tessera.protocol.datanode.Isolation;
import io.tessera.protocol.datanode.ModifyRequest;
import io.tessera.protocol.datanode.RowLockStrength;
import io.tessera.protocol.datanode.RowLockWaitPolicy;
import io.tessera.protocol.datanode.ShardRows;
import io.tessera.protocol.datanode.TableDescriptor;
import io.tessera.protocol.datanode.TxnContext;
import io.tessera.protocol.datanode.WaitEdge;
import io.tessera.protocol.expr.Expr;
import io.tessera.protocol.gtm.Decision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.tessera.datanode.txn.TxnErrors.cancelled;
import static io.tessera.datanode.txn.TxnErrors.lostWrites;
import static io.tessera.datanode.txn.TxnErrors.notActive;
import static io.tessera.datanode.txn.TxnErrors.rolledBack;

/**
 * The datanode's transaction layer (DESIGN.md "Transactions"): writes intents for a transaction's statements, the
 * two-phase-commit participant (Prepare, CommitPrepared, Rollback), one-phase commit, and the visibility rules
 * scans apply to intents. Thread-safe.
 *
 * <h2>State</h2>
 * <ul>
 *   <li>{@code txns}: gxid → {@link Transaction}: its state and outcome, never its written keys — commit,
 *       rollback, ROLLBACK TO SAVEPOINT and change tracking find a transaction's intents through the storage's
 *       intent registry ({@link DatanodeStorage#intentsOf}, the {@code intents} column family), so its memory
 *       here does not grow with the rows it writes (a 2 M-row INSERT holds as little as a one-row one);</li>
 *   <li>row locks in PostgreSQL's four modes ({@link RowLockMode}). <b>An intent in storage is its writer's
 *       lock</b>, in FOR UPDATE (DELETE, INSERT, ON CONFLICT DO UPDATE) or FOR NO KEY UPDATE (UPDATE) mode,
 *       recorded in the intent ({@link Intent#noKeyUpdate()}), as CockroachDB's write intents are. {@code locks}
 *       (key → holds: a transaction, a mode and the command that took it, and the key's waiters, a future
 *       completed when a hold goes) holds only what storage does not: a locking SELECT's holds ({@code SELECT
 *       ... FOR SHARE}, ...; several transactions share FOR SHARE and FOR KEY SHARE, a transaction's stronger
 *       request waits only for the other holders, NOWAIT / SKIP LOCKED fail or skip instead of waiting), ON
 *       CONFLICT's holds on rows it leaves without an intent, and, only while a statement checks a key and writes
 *       its intent, that statement's hold on the key ({@link #lock}, {@link #settle}), so two writers never race
 *       for one key. A writer that meets another transaction's conflicting intent waits for that transaction's
 *       end or ROLLBACK TO SAVEPOINT ({@code Transaction.intentReleased}). Holds of an active transaction die
 *       with the datanode as its pending intents do; Prepare persists those without an intent in the
 *       {@code row_locks} column family and start-up restores them, so a prepared transaction keeps every
 *       lock;</li>
 *   <li>{@code recent}: outcomes of the last {@value #RECENT_OUTCOMES} finished transactions (more while an older
 *       storage snapshot is open, {@link RecentOutcomes}), for idempotent repeats of
 *       CommitPrepared/Rollback/CommitOnePhase and for readers whose snapshot still holds an intent of a
 *       transaction that has since finished (the GTM answers when the entry has been evicted, except for a
 *       one-phase commit, whose outcome is recorded only here).</li>
 * </ul>
 * A one-phase commit's transaction record ({@code IntentBatch#putTxnRecord}) is its commit point; its intents are
 * resolved afterwards ({@link #commitOnePhase}, {@link IntentResolution}), and start-up first commits the intents
 * that a record left in storage still names. A two-phase participant's Prepare writes the record in its prepared
 * state instead of rewriting each intent ({@link #prepare}), and CommitPrepared the commit timestamp into it
 * ({@link #commitPrepared}), its intents then resolved the same way.
 * All three are rebuilt at start-up from the intents and records in storage ({@link DatanodeStorage#forEachIntent}):
 * intents of a transaction with a prepared record (or marked prepared, as older versions wrote them) are in doubt and stay, locking their rows, until their outcome arrives ({@link #inDoubt()} is the seam for the
 * recovery task); pending ones are discarded — their transaction was never prepared here, so it cannot have
 * committed — and their gxids remembered so a late statement or Prepare of such a transaction fails instead of
 * committing without the lost writes.
 *
 * <h2>Writers (Modify)</h2>
 * Update and delete read the shards at the statement's snapshot (plus the transaction's own earlier intents),
 * and for each row passing the filter: take the key's lock, waiting for the holder to finish (lock_timeout →
 * 55P03; a wait that would close a cycle of local waits → 40P01; cancellation of the call → 57014); re-read the
 * key's current state; if its newest version committed after the snapshot, raise 40001 under REPEATABLE READ or,
 * under READ COMMITTED, re-check the filter on that version and act on it (PostgreSQL's EvalPlanQual); a key
 * already changed by this statement (its intent has the statement's command id) is skipped. All intents of one
 * request go into one WriteBatch.
 *
 * <p>Inserts into a table without a primary key take fresh hidden row ids and never conflict. Into a table with
 * one ({@link PrimaryKey}), each row goes under its key: take the key's lock (waiting as above for another
 * transaction's intent, prepared or not), then check, on the live state rather than the snapshot as PostgreSQL
 * does: a newest committed version that is a row, or this transaction's own earlier intent that is a row, makes
 * the insert a duplicate (23505, {@code Key (..)=(..) already exists.}); a tombstone or nothing lets it
 * proceed. So of two transactions inserting one key, the second waits for the first and fails if it commits, or
 * proceeds if it rolls back. The non-transactional Write path does the same check ({@link #writeKeyed}). An
 * update must keep the row's key (0A000 otherwise): rows are addressed by their storage key.
 *
 * <h2>Deadlocks across datanodes, savepoints</h2>
 * Every wait of a transaction (a writer's for a lock, a reader's for a prepared intent) is registered while it
 * lasts: {@link #waitsFor} lists them as wait-for edges for the global detector, {@link #abortWaiter} ends those of
 * a victim with 40P01. A transaction overwriting its own intent from an earlier command keeps the overwritten one
 * in the intent history (same WriteBatch, see {@link IntentBatch}); {@link #rollbackToSavepoint} restores from it.
 *
 * <h2>Readers</h2>
 * See {@link #resolver}: own earlier intents are visible, other transactions' pending intents are not, and a
 * prepared intent whose transaction started before the reader's snapshot is waited for, because its commit
 * timestamp may still fall below the snapshot (the commit invariant). A long wait asks the GTM for the decision
 * (without aborting) every {@code gtmPollInterval} and applies a decision it finds.
 */
public final class TransactionManager {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionManager.class);
    /**
     * Failpoint (test only, {@link Failpoints}): intents prepared and synced, Prepare not yet answered; or, in a
     * one-phase commit, the transaction marked prepared and its commit timestamp not yet taken.
     */
    public static final String AFTER_PREPARE = "datanode.after-prepare";

    private final DatanodeStorage storage;
    private final GtmDecisions gtm;
    private final long gtmPollNanos;
    private final TransactionTable table;
    private final ConcurrentHashMap<Long, Transaction> txns;
    private final RecentOutcomes recent;
    private final Set<Long> discarded;
    private final java.util.concurrent.atomic.AtomicLong seenTs;
    private final RowLockTable lockTable;
    private final IntentVisibility visibility;
    /** Prepare, commits and rollbacks: {@code final}, but package-visible for tests of the inline resolution. */
    final CommitParticipant participant;
    private final List<Long> inDoubt;
    /** Resolves one-phase commits' intents after their records are written. */
    final IntentResolution resolution = new IntentResolution();

    /**
     * Waits until the intent resolutions queued so far have run. A table drop waits first: a committed transaction's
     * resolution running after the drop's range deletes would write the dropped table's rows back.
     */
    public void awaitResolutions() {
        resolution.awaitQueued();
    }

    /** A transaction layer over {@code storage} asking {@code gtm} for decisions every second of a long wait. */
    public TransactionManager(DatanodeStorage storage, GtmDecisions gtm) {
        this(storage, gtm, Duration.ofSeconds(1));
    }

    /** As above, with the interval at which a reader waiting for a prepared transaction asks the GTM. */
    public TransactionManager(DatanodeStorage storage, GtmDecisions gtm, Duration gtmPollInterval) {
        this.storage = storage;
        this.gtm = gtm;
        this.gtmPollNanos = Math.max(1, gtmPollInterval.toNanos());
        this.table = new TransactionTable(storage);
        this.txns = table.txns;
        this.recent = table.recent;
        this.discarded = table.discarded;
        this.seenTs = table.seenTs;
        this.lockTable = new RowLockTable(storage, table, gtmPollNanos, this::pollGtm);
        this.visibility = new IntentVisibility(table, gtm, lockTable);
        this.participant = new CommitParticipant(storage, gtm, table, lockTable, resolution);
        this.inDoubt = restoreRowLocks(recover());
    }

    // ---- start-up ---------------------------------------------------------------------------------------------

    private List<Long> recover() {
        if (storage.clearHistory()) {
            LOG.info("cleared the intent history left by a previous run (no transaction is active after a restart)");
        }
        Map<Long, Long> records = storage.transactionRecords();
        Map<Long, Integer> prepared = new TreeMap<>();
        long[] committedKeys = {0};
        long[] pendingKeys = {0};
        // streamed in batches of RESOLVE_BATCH: a large transaction cut short must not fill the heap at start-up
        IntentBatch[] b = {storage.newIntentBatch()};
        try {
            storage.forEachIntent((key, intent) -> {
                Long record = records.get(intent.gxid());
                if (!intent.prepared() && record != null && record != IntentBatch.PREPARED_RECORD) {
                    b[0].commitIntent(key, intent.gxid(), record, intent.payload()); // durable by its record
                    committedKeys[0]++;
                } else if (intent.prepared() || record != null) { // a prepared record, or an intent marked prepared
                    txns.computeIfAbsent(intent.gxid(), g -> new Transaction(g, intent.startTs(), "", State.PREPARED));
                    prepared.merge(intent.gxid(), 1, Integer::sum);
                } else {
                    b[0].removeIntent(key, intent.gxid());
                    discarded.add(intent.gxid());
                    pendingKeys[0]++;
                }
                if (b[0].size() >= CommitParticipant.RESOLVE_BATCH) {
                    b[0].write(false);
                    b[0].close();
                    b[0] = storage.newIntentBatch();
                }
            });
            Map<Long, Long> committed = new TreeMap<>();
            records.forEach((gxid, commitTs) -> {
                if (commitTs == IntentBatch.PREPARED_RECORD) { // in doubt, even with no intent left here
                    Transaction t = txns.computeIfAbsent(gxid, g -> new Transaction(g, 0, "", State.PREPARED));
                    t.recorded = true;
                    prepared.putIfAbsent(gxid, 0);
                } else {
                    committed.put(gxid, commitTs);
                    b[0].removeTxnRecord(gxid); // after the last of its intents
                }
            });
            b[0].write(true);
            committed.forEach((gxid, commitTs) -> recent.put(gxid, new Outcome(true, commitTs)));
            if (!committed.isEmpty()) {
                LOG.info("resolved {} intents of {} commits recorded before the last stop: {}", committedKeys[0],
                        committed.size(), committed.keySet());
            }
            if (pendingKeys[0] > 0) {
                LOG.info("discarded {} pending intents of {} unprepared transactions left by a previous run: {}",
                        pendingKeys[0], discarded.size(), discarded);
            }
        } finally {
            b[0].close();
        }
        for (Map.Entry<Long, Integer> e : prepared.entrySet()) {
            LOG.warn("transaction {} is in doubt: {} prepared intents await its outcome (from its coordinator or, "
                    + "by the in-doubt resolver, from the GTM)", e.getKey(), e.getValue());
        }
        return List.copyOf(prepared.keySet());
    }

    /**
     * The transactions found prepared at start-up (in doubt): they hold their locks until CommitPrepared or
     * Rollback arrives, or their decision is found at the GTM ({@link InDoubtResolver}, a reader's poll).
     */
    public List<Long> inDoubt() {
        return inDoubt;
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
        long now = System.nanoTime();
        List<TxnStatus> out = new ArrayList<>();
        for (Transaction t : txns.values()) {
            State s = t.state();
            if (t.onePhase) {
                continue; // finished by its own commitOnePhase call, never through the GTM
            }
            if (s == State.ACTIVE || s == State.PREPARED) {
                out.add(new TxnStatus(t.gxid, t.owner, t.abandoned, s == State.PREPARED, now - t.sinceNanos));
            }
        }
        return out;
    }

    /**
     * Rolls back transaction {@code gxid} if it is still active (not prepared) here: its coordinator is gone, so
     * nobody will prepare it, and it cannot have committed (a commit needs every participant prepared). A later
     * statement or Prepare of it fails. No-op for a prepared, finished or unknown transaction.
     *
     * @return whether it was rolled back by this call
     */
    public boolean abandon(long gxid) {
        Transaction t = txns.get(gxid);
        if (t == null) {
            return false;
        }
        synchronized (t) {
            if (t.state() != State.ACTIVE) {
                return false;
            }
            participant.finish(t, Outcome.ABORTED, false);
        }
        return true;
    }

    /**
     * Resolves prepared transaction {@code gxid} from the GTM's decision: commits it at the decided timestamp or
     * rolls it back. With {@code abortIfUndecided} a missing decision is recorded as abort (the GTM's decision is
     * compare-and-set, so this is safe even if the coordinator is still alive: its own Decide then learns the
     * abort). No-op unless the transaction is prepared here.
     *
     * @return the outcome applied, or {@code UNDECIDED} when nothing was applied
     * @throws TesseraException 08000-class when the GTM cannot be reached
     */
    public io.tessera.protocol.gtm.Outcome resolve(long gxid, boolean abortIfUndecided) {
        Transaction t = txns.get(gxid);
        if (t == null || t.state() != State.PREPARED || t.onePhase) {
            return io.tessera.protocol.gtm.Outcome.UNDECIDED;
        }
        Decision d = gtm.decision(gxid, abortIfUndecided);
        switch (d.getOutcome()) {
            case COMMITTED:
                LOG.info("transaction {} was decided committed at {} by the GTM: committing here", gxid,
                        d.getCommitTs());
                commitPrepared(gxid, d.getCommitTs());
                return d.getOutcome();
            case ABORTED:
                LOG.info("transaction {} was decided aborted by the GTM: rolling back here", gxid);
                rollback(gxid);
                return d.getOutcome();
            default:
                return io.tessera.protocol.gtm.Outcome.UNDECIDED;
        }
    }

    /** Transactions with state on this datanode (active or prepared). */
    public int activeTransactions() {
        return txns.size();
    }

    /**
     * Keys locked now: by an intent of a transaction with state here, or by a hold in the in-memory lock table. Reads
     * every such intent's registry entry: for tests and diagnostics ({@code Ping}), not for hot paths.
     */
    public int lockedKeys() {
        return lockTable.lockedKeys();
    }

    /** Entries of the in-memory lock table: keys someone holds without an intent, or holds while writing one. */
    int lockTableEntries() {
        return lockTable.lockTableEntries();
    }

    /** {@link RowLockTable#rowLocks}: the row locks right now, per key, for tests and diagnostics. */
    Map<String, List<String>> rowLocks() {
        return lockTable.rowLocks();
    }

    /** {@link RowLockTable#holdsRow}: the filter of a {@code locked_only} scan. */
    public boolean holdsRow(long gxid, byte[] intentKey) {
        return lockTable.holdsRow(gxid, intentKey);
    }

    /** {@link RowLockTable#waitsFor}: this datanode's wait-for edges right now ({@code datanode.proto} WaitsFor). */
    public List<WaitEdge> waitsFor() {
        return lockTable.waitsFor();
    }

    /**
     * {@link RowLockTable#abortWaiter}: ends every wait of transaction {@code gxid} in progress here with 40P01
     * ({@code datanode.proto} AbortWaiter).
     *
     * @return the number of waits ended
     */
    public int abortWaiter(long gxid) {
        return lockTable.abortWaiter(gxid);
    }

    /** {@link TransactionTable#hasIntents}: whether an unresolved intent of table {@code tableId} is stored. */
    public boolean hasIntents(int tableId) {
        return table.hasIntents(tableId);
    }

    // ---- Modify -----------------------------------------------------------------------------------------------

    /**
     * Places the intents of one statement ({@code datanode.proto} Modify) and returns the number of rows inserted,
     * updated or deleted. Blocks while waiting for conflicting transactions.
     *
     * @param types the table's column types (from {@code request.getTable()})
     * @param cancel completed when the call is cancelled: a wait stops with 57014
     * @throws TesseraException 55P03 on lock timeout, 40001 on a REPEATABLE READ conflict, 40P01 on a local
     *     deadlock, 57014 when cancelled, 25000 for a transaction that is no longer active, 40000 for one whose
     *     earlier writes a restart discarded
     */
    public long modify(ModifyRequest request, List<PgType> types, CompletableFuture<?> cancel) {
        return modify(request, TableSchema.of(request.getTable()), cancel);
    }

    /**
     * As {@link #modify(ModifyRequest, List, CompletableFuture)}, with the table's rows decoded and keyed by
     * {@code schema} (the datanode's own copy of the table's schema at the request's version).
     */
    public long modify(ModifyRequest request, TableSchema schema, CompletableFuture<?> cancel) {
        return modify(request, schema, cancel, null);
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
        List<PgType> types = schema.types();
        TxnContext ctx = request.getTxn();
        if (!request.hasTxn() || ctx.getGxid() == 0) {
            throw new TesseraException(SqlState.INVALID_TRANSACTION_STATE, "Modify needs a transaction (gxid is 0)");
        }
        if (ctx.getIsolation() == Isolation.UNRECOGNIZED) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "unknown isolation level "
                    + ctx.getIsolationValue());
        }
        PrimaryKey pk = schema.primaryKey();
        Transaction t = join(ctx);
        StoredRowCodec codec = schema.codec();
        int tableId = request.getTable().getTableId();
        List<Taken> acquired = new ArrayList<>();
        boolean ok = false;
        boolean keyedInsert = pk != null && request.getOpCase() == ModifyRequest.OpCase.INSERT;
        if (keyedInsert) {
            t.keyedInsert.lock(); // until the intents are in storage: see Transaction.keyedInsert
        }
        try (IntentBatch batch = storage.newIntentBatch()) {
            if (schema.maintainsIndexes()) { // secondary-index entries in the same batch as the rows (SecondaryIndex)
                batch.maintainIndexes(new IndexEntries(codec, schema.indexes(),
                        uniqueCheck(t, ctx, schema, acquired, cancel), (i, r) -> duplicateIndexKey(i, schema, r)));
            }
            long rows;
            switch (request.getOpCase()) {
                case INSERT:
                    rows = pk == null
                            ? insert(t, ctx, tableId, codec, request.getInsert().getShardsList(), batch, acquired)
                            : request.getInsert().hasOnConflict()
                            ? insertOnConflict(t, ctx, request, schema, codec, pk, batch, acquired, cancel, returned)
                            : insertKeyed(t, ctx, tableId, codec, pk, request.getInsert().getShardsList(), batch,
                                    acquired, cancel);
                    break;
                case UPDATE:
                case DELETE:
                    rows = updateOrDelete(t, ctx, request, schema, codec, pk, batch, acquired, cancel, returned);
                    break;
                default:
                    throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "Modify names no operation");
            }
            synchronized (t) {
                if (t.state() != State.ACTIVE) {
                    throw notActive(t.gxid, t.state());
                }
                if (batch.historyEntries() > 0) {
                    t.history = true;
                }
                t.written += batch.size();
                batch.write(false); // durable with Prepare's synced write
            }
            ok = true;
            return rows;
        } finally {
            if (ok) {
                lockTable.settle(t, acquired); // each intent is its own lock now
            } else {
                lockTable.release(t, acquired);
            }
            if (keyedInsert) {
                t.keyedInsert.unlock();
            }
        }
    }

    /**
     * The uniqueness check of unique secondary indexes for one statement: takes the lock of the index key itself
     * ({@code [table][shard][index][values]}, held to the transaction's end, so two writers of one key serialise),
     * then looks at every entry with those values: another row whose newest version — our own intent, or, after
     * waiting for another transaction's intent on it, the newest committed version, seen by the snapshot or not, as
     * PostgreSQL checks — still has the values is a duplicate (23505). Keys with a NULL never conflict.
     */
    private IndexEntries.UniqueCheck uniqueCheck(Transaction t, TxnContext ctx, TableSchema schema,
            List<Taken> acquired, CompletableFuture<?> cancel) {
        int cid = ctx.getCommandId();
        return (index, rowKey, row, values) -> {
            for (int c : index.columns()) {
                if (row[c] == null) {
                    return;
                }
            }
            byte[] unique = index.entryKey(java.util.Arrays.copyOf(rowKey, KeyCodec.INDEX_PREFIX_LENGTH), values);
            ByteKey k = new ByteKey(unique);
            // held until the statement's intents are in storage: the row's intent (and its index entry, which a
            // later checker finds) then stands for it
            Hold h = lockTable.lock(t, k, RowLockMode.UPDATE, cid, RowLockWaitPolicy.LOCK_WAIT, null, ctx.getLockTimeoutMs(),
                    cancel, true);
            if (h != null) {
                acquired.add(new Taken(k, h));
            }
            Object[] other = new Object[schema.codec().columnCount()];
            for (byte[] otherKey : storage.indexEntryRows(unique)) {
                if (java.util.Arrays.equals(otherKey, rowKey)) {
                    continue;
                }
                KeyState state = storage.latest(otherKey);
                if (state.intent() != null && state.intent().gxid() != t.gxid) {
                    ByteKey ok = new ByteKey(otherKey); // wait for the writer of that row
                    Hold w = lockTable.lock(t, ok, RowLockMode.UPDATE, cid, RowLockWaitPolicy.LOCK_WAIT, null,
                            ctx.getLockTimeoutMs(), cancel, true);
                    if (w != null) {
                        lockTable.release(t, List.of(new Taken(ok, w)));
                    }
                    state = storage.latest(otherKey);
                }
                byte[] v = state.intent() != null && state.intent().gxid() == t.gxid ? state.intent().payload()
                        : state.newestValue();
                if (v == null || RowValue.isTombstone(v)) {
                    continue;
                }
                RowValue.decode(v, schema.codec(), other);
                if (java.util.Arrays.equals(index.encodeValues(other), values)) {
                    throw duplicateIndexKey(index, schema, row);
                }
            }
        };
    }

    /** PostgreSQL's unique violation of a unique index: {@code Key (a, b)=(1, x) already exists.} */
    static TesseraException duplicateIndexKey(SecondaryIndex index, TableSchema schema, Object[] row) {
        StringBuilder cols = new StringBuilder();
        StringBuilder vals = new StringBuilder();
        int[] columns = index.columns();
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                cols.append(", ");
                vals.append(", ");
            }
            cols.append(schema.columnNames().get(columns[i]));
            vals.append(text(row[columns[i]], index.types()[i]));
        }
        return new TesseraException(SqlState.UNIQUE_VIOLATION,
                "duplicate key value violates unique constraint \"" + index.name() + "\"",
                "Key (" + cols + ")=(" + vals + ") already exists.", null, 0, null);
    }

    private Transaction join(TxnContext ctx) {
        long gxid = ctx.getGxid();
        table.seen(ctx.getStartTs());
        Transaction t = txns.get(gxid);
        if (t == null) {
            Outcome o = recent.get(gxid);
            if (o != null) {
                throw notActive(gxid, o.committed() ? State.COMMITTED : State.ABORTED);
            }
            if (discarded.contains(gxid)) {
                throw lostWrites(gxid);
            }
            t = txns.computeIfAbsent(gxid,
                    g -> new Transaction(g, ctx.getStartTs(), ctx.getCoordinator(), State.ACTIVE));
        }
        State s = t.state();
        if (s != State.ACTIVE) {
            throw notActive(gxid, s);
        }
        return t;
    }

    private long insert(Transaction t, TxnContext ctx, int tableId, StoredRowCodec codec, List<ShardRows> shards,
                        IntentBatch batch, List<Taken> acquired) {
        long rows = 0;
        for (ShardRows s : shards) {
            // fresh row ids: nobody else can hold them, and each intent is its own lock
            rows += batch.insertEncoded(tableId, s.getShard(), codec, s.getRows().getData().toByteArray(),
                    s.getRows().getRowCount(), t.gxid, t.startTs, ctx.getCommandId()).size();
        }
        return rows;
    }

    /**
     * Inserts into a table with a primary key: each row under its key, after the uniqueness check. Another
     * transaction's intent on the key is waited for (its lock); then, holding the lock, a key whose newest
     * committed version is a row — whether or not the statement's snapshot sees it, as PostgreSQL checks — or
     * whose own earlier intent is a row is a duplicate (23505); a key never written, deleted (tombstone), or
     * deleted by this transaction is inserted. Two rows of the statement with one key are a duplicate too.
     */
    private long insertKeyed(Transaction t, TxnContext ctx, int tableId, StoredRowCodec codec, PrimaryKey pk,
                             List<ShardRows> shards, IntentBatch batch, List<Taken> acquired,
                             CompletableFuture<?> cancel) {
        int cid = ctx.getCommandId();
        return forEachKeyedRow(tableId, codec, pk, shards, (key, k, row, value) -> {
            if (cancel.isDone()) {
                throw cancelled();
            }
            Hold h = lockTable.lock(t, k, RowLockMode.UPDATE, cid, RowLockWaitPolicy.LOCK_WAIT, null, ctx.getLockTimeoutMs(),
                    cancel, true); // an intent follows, or the statement fails and releases the hold
            if (h != null) {
                acquired.add(new Taken(k, h));
            }
            KeyState state = storage.latest(key);
            Intent own = state.intent();
            if (own != null) {
                if (own.gxid() != t.gxid) {
                    throw new TesseraException(SqlState.INTERNAL_ERROR, "key " + k + " holds an intent of transaction "
                            + own.gxid() + " while transaction " + t.gxid + " holds its lock");
                }
                if (!own.isTombstone()) {
                    throw duplicateKey(pk, row); // inserted (or updated) by an earlier statement of ours
                }
            } else if (state.newestIsRow()) {
                throw duplicateKey(pk, row);
            }
            batch.putIntent(key, new Intent(t.gxid, t.startTs, cid, false, value), own);
        });
    }

    /**
     * INSERT ... ON CONFLICT on the primary key ({@code datanode.proto} OnConflict): each row takes its key's lock
     * as {@link #insertKeyed} does; a key that is free is inserted, and a key whose newest version is a row — our
     * own earlier intent or the newest committed version, seen or not by the snapshot, as PostgreSQL's speculative
     * insertion checks — conflicts: DO NOTHING leaves it, DO UPDATE writes the SET list computed over the existing
     * row and the proposed one (EXCLUDED) when the WHERE holds. Under REPEATABLE READ a conflicting row newer than
     * the snapshot is 40001; a key this statement already wrote (an earlier row of it, in this request or an
     * earlier batch) is left by DO NOTHING and is 21000 for DO UPDATE, as in PostgreSQL.
     *
     * @param returned when not null, receives the inserted and updated rows
     * @return the number of rows inserted or updated
     */
    private long insertOnConflict(Transaction t, TxnContext ctx, ModifyRequest request, TableSchema schema,
                                  StoredRowCodec codec, PrimaryKey pk, IntentBatch batch, List<Taken> acquired,
                                  CompletableFuture<?> cancel, List<Object[]> returned) {
        List<PgType> types = schema.types();
        io.tessera.protocol.datanode.OnConflict oc = request.getInsert().getOnConflict();
        int n = types.size();
        Assignments set = null;
        CompiledExpr filter = null;
        if (oc.getDoUpdate()) {
            List<PgType> both = new ArrayList<>(types);
            both.addAll(types); // existing row, then EXCLUDED
            int[] columns = new int[oc.getAssignmentsCount()];
            List<Expr> values = new ArrayList<>(columns.length);
            for (int i = 0; i < columns.length; i++) {
                columns[i] = oc.getAssignments(i).getColumn();
                if (columns[i] < 0 || columns[i] >= n) {
                    throw new TesseraException(SqlState.UNDEFINED_COLUMN, "assignment to column index " + columns[i]
                            + " outside the table's " + n + " columns");
                }
                values.add(oc.getAssignments(i).getValue());
            }
            set = Assignments.compile(columns, values, both, schema.typmods());
            filter = oc.hasFilter() ? CompiledExpr.compile(oc.getFilter(), both) : null;
        }
        CheckConstraints checks = checks(oc.getChecksList(), types);
        String relation = relationName(request.getTable());
        int tableId = request.getTable().getTableId();
        int cid = ctx.getCommandId();
        boolean repeatableRead = ctx.getIsolation() == Isolation.REPEATABLE_READ;
        long snapshot = request.getSnapshotTs();
        Set<ByteKey> written = new HashSet<>();
        long count = 0;
        for (ShardRows s : request.getInsert().getShardsList()) {
            byte[] data = s.getRows().getData().toByteArray();
            int rowCount = s.getRows().getRowCount();
            RowCodec.Reader reader = codec.rowCodec().reader(data, 0, data.length);
            for (int i = 0; i < rowCount; i++) {
                if (!reader.hasNext()) {
                    throw new TesseraException(SqlState.DATA_CORRUPTED,
                            "row batch holds " + i + " rows, " + rowCount + " announced");
                }
                if (cancel.isDone()) {
                    throw cancelled();
                }
                Object[] row = new Object[n];
                int start = reader.position();
                reader.next(row);
                byte[] key = keyOf(tableId, s.getShard(), pk, row);
                ByteKey k = new ByteKey(key);
                Hold h = lockTable.lock(t, k, RowLockMode.UPDATE, cid, RowLockWaitPolicy.LOCK_WAIT, null,
                        ctx.getLockTimeoutMs(), cancel, true);
                Taken taken = h == null ? null : new Taken(k, h);
                if (taken != null) {
                    acquired.add(taken);
                }
                KeyState state = storage.latest(key);
                Intent own = state.intent();
                if (own != null && own.gxid() != t.gxid) {
                    throw new TesseraException(SqlState.INTERNAL_ERROR, "key " + k + " holds an intent of transaction "
                            + own.gxid() + " while transaction " + t.gxid + " holds its lock");
                }
                byte[] existing = null;
                boolean ours = written.contains(k);
                if (ours) {
                    existing = new byte[0];
                } else if (own != null) {
                    if (!own.isTombstone()) {
                        existing = own.payload();
                        ours = own.commandId() >= cid; // an earlier batch of this statement
                    }
                } else if (state.newestIsRow()) {
                    if (repeatableRead && state.newestTs() > snapshot) {
                        throw new TesseraException(SqlState.SERIALIZATION_FAILURE,
                                "could not serialize access due to concurrent update");
                    }
                    existing = state.newestValue();
                }
                if (existing == null) {
                    batch.putIntent(key, new Intent(t.gxid, t.startTs, cid, false,
                            RowValue.ofEncoded(codec, data, start, reader.position())), own);
                    written.add(k);
                    if (returned != null) {
                        returned.add(row);
                    }
                    count++;
                    continue;
                }
                if (set == null) {
                    if (taken != null) {
                        taken.keep = true; // DO NOTHING keeps the lock without an intent
                    }
                    continue;
                }
                if (ours) {
                    throw new TesseraException(SqlState.CARDINALITY_VIOLATION,
                            "ON CONFLICT DO UPDATE command cannot affect row a second time", null,
                            "Ensure that no rows proposed for insertion within the same command have duplicate"
                                    + " constrained values.", 0, null);
                }
                Object[] both = new Object[2 * n];
                Object[] old = new Object[n];
                RowValue.decode(existing, codec, old);
                System.arraycopy(old, 0, both, 0, n);
                System.arraycopy(row, 0, both, n, n);
                if (filter != null && !filter.test(both)) {
                    if (taken != null) {
                        taken.keep = true; // left as it is; the lock stays, as PostgreSQL's
                    }
                    continue;
                }
                Object[] updated = java.util.Arrays.copyOf(set.apply(both), n);
                checkKeyUnchanged(pk, key, updated);
                if (checks != null) {
                    checks.verify(updated, relation);
                }
                batch.putIntent(key, new Intent(t.gxid, t.startTs, cid, false, RowValue.encode(codec, updated)), own);
                written.add(k);
                if (returned != null) {
                    returned.add(updated);
                }
                count++;
            }
            if (reader.hasNext()) {
                throw new TesseraException(SqlState.DATA_CORRUPTED, "row batch holds more than " + rowCount + " rows");
            }
        }
        return count;
    }

    /**
     * One row of a row batch with a primary key: its storage key (also as a map key), its values, and its stored
     * value ({@link RowValue#ofEncoded}).
     */
    @FunctionalInterface
    private interface KeyedRowVisitor {
        void visit(byte[] key, ByteKey k, Object[] row, byte[] value);
    }

    /**
     * Decodes every row of {@code shards} (RowCodec batches) in order and passes it, under its primary-key storage
     * key, to {@code visitor}; the values array is reused from row to row.
     *
     * @return the number of rows
     * @throws TesseraException XX001 when a batch holds fewer or more rows than it announces, 23505 when two rows
     *     have one key, 23502 when a key column is NULL, and whatever {@code visitor} throws
     */
    private static long forEachKeyedRow(int tableId, StoredRowCodec codec, PrimaryKey pk, List<ShardRows> shards,
                                        KeyedRowVisitor visitor) {
        Set<ByteKey> seen = new HashSet<>();
        Object[] row = new Object[codec.columnCount()];
        long rows = 0;
        for (ShardRows s : shards) {
            byte[] data = s.getRows().getData().toByteArray();
            int rowCount = s.getRows().getRowCount();
            RowCodec.Reader reader = codec.rowCodec().reader(data, 0, data.length);
            for (int i = 0; i < rowCount; i++) {
                if (!reader.hasNext()) {
                    throw new TesseraException(SqlState.DATA_CORRUPTED,
                            "row batch holds " + i + " rows, " + rowCount + " announced");
                }
                int start = reader.position();
                reader.next(row);
                byte[] key = keyOf(tableId, s.getShard(), pk, row);
                ByteKey k = new ByteKey(key);
                if (!seen.add(k)) {
                    throw duplicateKey(pk, row);
                }
                visitor.visit(key, k, row, RowValue.ofEncoded(codec, data, start, reader.position()));
                rows++;
            }
            if (reader.hasNext()) {
                throw new TesseraException(SqlState.DATA_CORRUPTED, "row batch holds more than " + rowCount + " rows");
            }
        }
        return rows;
    }

    /**
     * The non-transactional write ({@code datanode.proto} Write, gxid 0) into a table with a primary key: every
     * row of {@code shards} becomes a committed version stamped {@code commitTs}, in one durable write, after the
     * same uniqueness check as a transactional insert — a key held by a transaction's intent is waited for (until
     * {@code cancel}), and a key whose newest committed version is a row, or that appears twice in the request,
     * fails the whole write with 23505.
     *
     * @return the number of rows written
     */
    public long writeKeyed(TableDescriptor table, List<PgType> types, long commitTs, List<ShardRows> shards,
                           CompletableFuture<?> cancel) {
        return writeKeyed(TableSchema.of(table), commitTs, shards, cancel);
    }

    /** As above, with the rows keyed by {@code schema} (the datanode's copy of the table's schema). */
    public long writeKeyed(TableSchema schema, long commitTs, List<ShardRows> shards, CompletableFuture<?> cancel) {
        PrimaryKey pk = schema.primaryKey();
        if (pk == null) {
            throw new IllegalArgumentException("table " + schema.tableId() + " has no primary key");
        }
        StoredRowCodec codec = schema.codec();
        int tableId = schema.tableId();
        // a stand-in owner for the keys' locks while the write checks and applies them; never registered
        Transaction writer = new Transaction(0, commitTs, "", State.ACTIVE);
        List<Taken> acquired = new ArrayList<>();
        try (StorageWrite w = storage.newWrite(commitTs)) {
            forEachKeyedRow(tableId, codec, pk, shards, (key, k, row, value) -> {
                Hold h = lockTable.lock(writer, k, RowLockMode.UPDATE, 0, RowLockWaitPolicy.LOCK_WAIT, null, 0, cancel, true);
                if (h != null) {
                    acquired.add(new Taken(k, h));
                }
                KeyState state = storage.latest(key);
                if (state.intent() != null) {
                    throw new TesseraException(SqlState.INTERNAL_ERROR, "key " + k + " holds an intent of transaction "
                            + state.intent().gxid() + " while a non-transactional write holds its lock");
                }
                if (state.newestIsRow()) {
                    throw duplicateKey(pk, row);
                }
                w.putVersion(key, value);
            });
            return w.commit();
        } finally {
            lockTable.release(writer, acquired);
        }
    }

    /**
     * The primary key of {@code table} (null when it has none), as {@code datanode.proto}'s TableDescriptor
     * describes it.
     */
    public static PrimaryKey primaryKey(TableDescriptor table, List<PgType> types) {
        if (table.getPrimaryKeyCount() == 0) {
            return null;
        }
        List<String> names = new ArrayList<>(table.getColumnsCount());
        for (ColumnDescriptor c : table.getColumnsList()) {
            names.add(c.getName());
        }
        String name = table.getName().isEmpty() ? "table_" + Integer.toUnsignedString(table.getTableId())
                : table.getName();
        return PrimaryKey.of(name, names, types, table.getPrimaryKeyList().stream().mapToInt(Integer::intValue).toArray());
    }

    /** The intent key of {@code row} in a table with a primary key. @throws TesseraException 23502 for a NULL key */
    private static byte[] keyOf(int tableId, int shard, PrimaryKey pk, Object[] row) {
        byte[] key = pk.encode(row);
        if (key == null) {
            throw notNullViolation(pk, row);
        }
        return KeyCodec.intentKey(tableId, shard, KeyCodec.PRIMARY_INDEX, key);
    }

    /**
     * UPDATE, DELETE, or the locking step of {@code SELECT ... FOR <strength>} (an UpdateOp with {@code lock}):
     * for each row of the snapshot passing the filter, take the key's row lock in the statement's mode (UPDATE:
     * NO KEY UPDATE; DELETE: UPDATE; a locking SELECT: its strength, with its wait policy), then act on the key's
     * current state as the class documentation says. A locking SELECT writes nothing: its hold in {@link #locks}
     * is the lock, kept until the transaction ends; a writer's hold goes once its intent is in storage.
     */
    private long updateOrDelete(Transaction t, TxnContext ctx, ModifyRequest request, TableSchema schema,
                                StoredRowCodec codec, PrimaryKey pk, IntentBatch batch, List<Taken> acquired,
                                CompletableFuture<?> cancel, List<Object[]> returned) {
        List<PgType> types = schema.types();
        boolean delete = request.hasDelete();
        RowLockStrength strength = delete ? RowLockStrength.NO_LOCK : request.getUpdate().getLock();
        boolean lockOnly = strength != RowLockStrength.NO_LOCK;
        RowLockMode mode = lockOnly ? RowLockMode.of(strength)
                : delete ? RowLockMode.UPDATE : RowLockMode.NO_KEY_UPDATE;
        RowLockWaitPolicy policy = lockOnly ? request.getUpdate().getLockWait() : RowLockWaitPolicy.LOCK_WAIT;
        if (policy == RowLockWaitPolicy.UNRECOGNIZED) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "unknown row lock wait policy "
                    + request.getUpdate().getLockWaitValue());
        }
        if (lockOnly && request.getUpdate().getAssignmentsCount() > 0) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "a row lock request assigns no columns");
        }
        Expr filterExpr = null;
        if (delete ? request.getDelete().hasFilter() : request.getUpdate().hasFilter()) {
            filterExpr = delete ? request.getDelete().getFilter() : request.getUpdate().getFilter();
        }
        CompiledExpr filter = filterExpr == null ? null : CompiledExpr.compile(filterExpr, types);
        if (filter != null && filter.type() != PgType.BOOL) {
            throw new TesseraException(SqlState.DATATYPE_MISMATCH,
                    "argument of WHERE must be type boolean, not type " + filter.type().sqlName());
        }
        Assignments set = null;
        if (!delete && !lockOnly) {
            List<Assignment> as = request.getUpdate().getAssignmentsList();
            int[] columns = new int[as.size()];
            List<Expr> values = new ArrayList<>(as.size());
            for (int i = 0; i < columns.length; i++) {
                columns[i] = as.get(i).getColumn();
                values.add(as.get(i).getValue());
            }
            set = Assignments.compile(columns, values, types, schema.typmods());
        }
        CheckConstraints checks = delete || lockOnly ? null : checks(request.getUpdate().getChecksList(), types);
        String relation = relationName(request.getTable());
        int[] shards = request.getShardsList().stream().mapToInt(Integer::intValue).toArray();
        long snapshot = request.getSnapshotTs();
        boolean repeatableRead = ctx.getIsolation() == Isolation.REPEATABLE_READ;
        int cid = ctx.getCommandId();
        long limit = lockOnly ? request.getUpdate().getLockLimit() : 0;
        Object[] row = new Object[types.size()];
        Object[] newest = new Object[types.size()];
        long count = 0;
        // a writer waits for a prepared intent under its lock_timeout, as for any other lock
        try (ScanCursor c = storage.scan(request.getTable().getTableId(), shards, snapshot,
                visibility.resolver(ctx, snapshot, ctx.getLockTimeoutMs(), cancel), pk,
                pk == null ? null : pk.prefixFor(filterExpr, types))) { // WHERE k = 7: seek, not a shard scan
            // under a LIMIT the rows are taken in the query's order and only as many locked as it returns
            java.util.Iterator<Candidate> ordered = limit > 0
                    ? candidates(c, codec, filter, request.getUpdate().getLockOrderList(), types.size()).iterator()
                    : null;
            while (ordered != null ? ordered.hasNext() && count < limit : c.next()) {
                if (cancel.isDone()) {
                    throw cancelled();
                }
                byte[] key;
                if (ordered != null) {
                    Candidate next = ordered.next();
                    key = next.key;
                    row = next.row;
                } else {
                    c.decode(codec, row);
                    if (filter != null && !filter.test(row)) {
                        continue;
                    }
                    key = c.intentKey();
                }
                ByteKey k = new ByteKey(key);
                // a write keeps the hold only with its intent (a skipped row's hold is released)
                Hold fresh = lockTable.lock(t, k, mode, cid, policy, relation, ctx.getLockTimeoutMs(), cancel, !lockOnly);
                if (fresh == RowLockTable.SKIPPED) {
                    continue;
                }
                if (fresh != null) {
                    acquired.add(new Taken(k, fresh));
                }
                KeyState s = storage.latest(key);
                boolean skip = false;
                Object[] base = row;
                Intent own = s.intent();
                if (own != null && own.gxid() != t.gxid) {
                    if (!lockOnly || mode.conflicts(RowLockMode.NO_KEY_UPDATE)) {
                        throw new TesseraException(SqlState.INTERNAL_ERROR, "key " + k + " holds an intent of transaction "
                                + own.gxid() + " while transaction " + t.gxid + " holds its lock");
                    }
                    // FOR KEY SHARE beside another transaction's UPDATE (NO KEY UPDATE): both hold the row, as in
                    // PostgreSQL; the lock is on the row as committed, the other's change is not ours to judge
                    own = null;
                }
                if (own != null) {
                    if (own.commandId() >= cid) {
                        continue; // changed by this very statement: a statement never sees its own writes
                    }
                    // our earlier statement's write: the scan returned exactly it, and we have held the lock since
                } else if (s.newestTs() > snapshot) {
                    if (repeatableRead) {
                        throw new TesseraException(SqlState.SERIALIZATION_FAILURE,
                                "could not serialize access due to concurrent " + (s.newestIsRow() ? "update" : "delete"));
                    }
                    if (!s.newestIsRow()) {
                        skip = true; // deleted meanwhile: READ COMMITTED skips it
                    } else {
                        RowValue.decode(s.newestValue(), codec, newest);
                        skip = filter != null && !filter.test(newest); // EvalPlanQual: no longer qualifies
                        base = newest;
                    }
                }
                if (skip) {
                    if (fresh != null) { // we leave the row alone: let the next waiter have it now, as PostgreSQL does
                        Taken taken = acquired.remove(acquired.size() - 1);
                        lockTable.release(t, List.of(taken));
                    }
                    continue;
                }
                if (lockOnly) {
                    count++; // the hold is the lock: nothing to write
                    continue;
                }
                byte[] payload;
                if (delete) {
                    payload = RowValue.tombstone();
                    if (returned != null) {
                        returned.add(base.clone());
                    }
                } else {
                    Object[] updated = set.apply(base);
                    if (pk != null) {
                        checkKeyUnchanged(pk, key, updated);
                    }
                    if (checks != null) {
                        checks.verify(updated, relation);
                    }
                    payload = RowValue.encode(codec, updated);
                    if (returned != null) {
                        returned.add(updated);
                    }
                }
                // an UPDATE holds the row FOR NO KEY UPDATE, unless our earlier intent held it FOR UPDATE already
                boolean noKeyUpdate = !delete && (own == null || own.noKeyUpdate());
                batch.putIntent(key, new Intent(t.gxid, t.startTs, cid, false, noKeyUpdate, payload), own);
                count++;
            }
        }
        return count;
    }

    /** A request's CHECK constraints compiled over the table's columns, or null when it carries none. */
    private static CheckConstraints checks(List<io.tessera.protocol.datanode.CheckConstraint> checks,
                                           List<PgType> types) {
        if (checks.isEmpty()) {
            return null;
        }
        return CheckConstraints.compile(checks, types);
    }

    /** A row passing a locking SELECT's filter, before it is locked. */
    private record Candidate(byte[] key, Object[] row) {
    }

    /**
     * The rows of {@code c} passing {@code filter}, sorted by {@code order} (stable: scan order among equals and
     * when {@code order} is empty), NULLs as PostgreSQL places them (last ascending, first descending, unless the
     * key says otherwise).
     *
     * @throws TesseraException 22023 for an order column outside the table
     */
    private static List<Candidate> candidates(ScanCursor c, StoredRowCodec codec, CompiledExpr filter,
                                              List<io.tessera.protocol.datanode.LockOrderKey> order, int columns) {
        List<Candidate> out = new ArrayList<>();
        while (c.next()) {
            Object[] row = new Object[columns];
            c.decode(codec, row);
            if (filter == null || filter.test(row)) {
                out.add(new Candidate(c.intentKey(), row));
            }
        }
        java.util.Comparator<Candidate> cmp = null;
        for (io.tessera.protocol.datanode.LockOrderKey key : order) {
            int col = key.getColumn();
            if (col < 0 || col >= columns) {
                throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "order column " + col
                        + " is outside the table's " + columns + " columns");
            }
            boolean desc = key.getDescending();
            boolean nullsFirst = key.getNullsFirst();
            java.util.Comparator<Candidate> one = (a, b) -> {
                Object x = a.row[col];
                Object y = b.row[col];
                if (x == null || y == null) {
                    return x == y ? 0 : (x == null) == nullsFirst ? -1 : 1;
                }
                int r = x.getClass() == y.getClass() && x instanceof Comparable<?> && !(x instanceof Number)
                        && !(x instanceof String) ? compareSame(x, y) : io.tessera.executor.expr.Values.compare(x, y);
                return desc ? -r : r;
            };
            cmp = cmp == null ? one : cmp.thenComparing(one);
        }
        if (cmp != null) {
            out.sort(cmp);
        }
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareSame(Object x, Object y) {
        return ((Comparable) x).compareTo(y);
    }

    /** The table's name as error messages print it. */
    private static String relationName(TableDescriptor table) {
        return table.getName().isEmpty() ? "table_" + Integer.toUnsignedString(table.getTableId()) : table.getName();
    }

    /**
     * Start-up, after {@link #recover}: gives back the row locks that prepared transactions hold without an intent
     * (persisted by {@link #prepare}), beside the locks of the recovered intents. A transaction that holds only
     * such locks here is in doubt like one with prepared intents (its start timestamp is unknown and unneeded: it
     * writes nothing more and waits for nothing).
     *
     * @return {@code inDoubt} and the gxids of those transactions, in order
     */
    private List<Long> restoreRowLocks(List<Long> inDoubt) {
        java.util.TreeSet<Long> all = new java.util.TreeSet<>(inDoubt);
        Map<Long, Integer> restored = new TreeMap<>();
        storage.forEachRowLock((gxid, intentKey, code) -> {
            Transaction t = txns.computeIfAbsent(gxid, g -> new Transaction(g, 0, "", State.PREPARED));
            ByteKey k = new ByteKey(intentKey);
            synchronized (t) {
                t.lockOnly.add(k);
                t.rowLocks = true;
            }
            lockTable.restore(t, k, RowLockMode.ofCode(code));
            restored.merge(gxid, 1, Integer::sum);
        });
        restored.forEach((gxid, n) -> LOG.warn("transaction {} is in doubt: it holds {} row locks (prepared)", gxid, n));
        all.addAll(restored.keySet());
        return List.copyOf(all);
    }

    private void pollGtm(Transaction t) {
        try {
            resolve(t.gxid, false);
        } catch (TesseraException e) {
            LOG.debug("asking the GTM about transaction {} failed: {}", t.gxid, e.getMessage());
        }
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
        participant.prepare(gxid);
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
        return participant.commitOnePhase(gxid);
    }

    /** One-phase commits whose intents are queued for resolution or being resolved now. */
    public int unresolvedCommits() {
        return resolution.backlog();
    }

    /** Stops resolving intents after up to a few seconds of queued work; what is left, start-up resolves. */
    public void close() {
        resolution.close();
    }

    // ---- errors -----------------------------------------------------------------------------------------------

    /** An updated row must keep its key: rows are stored under it (moving a row to a new key is not done yet). */
    private static void checkKeyUnchanged(PrimaryKey pk, byte[] intentKey, Object[] updated) {
        byte[] key = pk.encode(updated);
        if (key == null) {
            throw notNullViolation(pk, updated);
        }
        if (!PrimaryKey.keyEquals(intentKey, intentKey.length, key)) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                    "updating a primary key column is not supported yet");
        }
    }

    /** PostgreSQL's unique violation of the primary key: {@code Key (a, b)=(1, x) already exists.} */
    static TesseraException duplicateKey(PrimaryKey pk, Object[] row) {
        StringBuilder cols = new StringBuilder();
        StringBuilder vals = new StringBuilder();
        int[] columns = pk.columns();
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                cols.append(", ");
                vals.append(", ");
            }
            cols.append(pk.columnNames()[i]);
            vals.append(text(row[columns[i]], pk.types()[i]));
        }
        return new TesseraException(SqlState.UNIQUE_VIOLATION,
                "duplicate key value violates unique constraint \"" + pk.constraintName() + "\"",
                "Key (" + cols + ")=(" + vals + ") already exists.", null, 0, null);
    }

    /** PostgreSQL's not-null violation for a key column that is NULL. */
    private static TesseraException notNullViolation(PrimaryKey pk, Object[] row) {
        int column = pk.firstNullColumn(row);
        String name = "?";
        int[] columns = pk.columns();
        for (int i = 0; i < columns.length; i++) {
            if (columns[i] == column) {
                name = pk.columnNames()[i];
            }
        }
        return new TesseraException(SqlState.NOT_NULL_VIOLATION, "null value in column \"" + name
                + "\" of relation \"" + pk.tableName() + "\" violates not-null constraint", null, null, 0, null);
    }

    /** A value as PostgreSQL's output function prints it in a constraint's DETAIL. */
    private static String text(Object v, PgType type) {
        if (v == null) {
            return "null";
        }
        if (type == PgType.BOOL) {
            return ((Boolean) v) ? "t" : "f";
        }
        return Casts.toText(v, type);
    }

}
