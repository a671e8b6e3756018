package io.tessera.datanode.txn;

import io.tessera.common.codec.KeyCodec;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.codec.StoredRowCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.datanode.catalog.TableSchema;
import io.tessera.datanode.storage.DatanodeStorage;
import io.tessera.datanode.storage.IndexEntries;
import io.tessera.datanode.storage.Intent;
import io.tessera.datanode.storage.IntentBatch;
import io.tessera.datanode.storage.KeyState;
import io.tessera.datanode.storage.PrimaryKey;
import io.tessera.datanode.storage.RowValue;
import io.tessera.datanode.storage.ScanCursor;
import io.tessera.datanode.storage.SecondaryIndex;
import io.tessera.datanode.storage.StorageWrite;
import io.tessera.datanode.txn.RowLockTable.Hold;
import io.tessera.datanode.txn.RowLockTable.Taken;
import io.tessera.datanode.txn.Transaction.Outcome;
import io.tessera.datanode.txn.Transaction.State;
import io.tessera.executor.expr.Assignments;
import io.tessera.executor.expr.Casts;
import io.tessera.executor.expr.CheckConstraints;
import io.tessera.executor.expr.CompiledExpr;
import io.tessera.protocol.datanode.Assignment;
import io.tessera.protocol.datanode.ColumnDescriptor;
import io.tessera.protocol.datanode.Isolation;
import io.tessera.protocol.datanode.ModifyRequest;
import io.tessera.protocol.datanode.RowLockStrength;
import io.tessera.protocol.datanode.RowLockWaitPolicy;
import io.tessera.protocol.datanode.ShardRows;
import io.tessera.protocol.datanode.TableDescriptor;
import io.tessera.protocol.datanode.TxnContext;
import io.tessera.protocol.expr.Expr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static io.tessera.datanode.txn.TxnErrors.cancelled;
import static io.tessera.datanode.txn.TxnErrors.lostWrites;
import static io.tessera.datanode.txn.TxnErrors.notActive;

/**
 * The datanode's DML executor ({@code datanode.proto} Modify and the non-transactional keyed Write): places the
 * intents of one statement's INSERT, INSERT ... ON CONFLICT, UPDATE, DELETE or locking SELECT, taking each row's
 * lock in {@link RowLockTable} first, and checks the constraints it must check on the live state (primary key and
 * unique indexes, 23505; NOT NULL key columns, 23502; CHECK constraints sent with the request).
 *
 * <h2>Update, delete, locking SELECT</h2>
 * Read the shards at the statement's snapshot (plus the transaction's own earlier intents, {@link IntentVisibility}),
 * and for each row passing the filter: take the key's lock, waiting for the holder to finish (lock_timeout →
 * 55P03; a wait that would close a cycle of local waits → 40P01; cancellation of the call → 57014); re-read the
 * key's current state; if its newest version committed after the snapshot, raise 40001 under REPEATABLE READ or,
 * under READ COMMITTED, re-check the filter on that version and act on it (PostgreSQL's EvalPlanQual); a key
 * already changed by this statement (its intent has the statement's command id) is skipped. All intents of one
 * request go into one WriteBatch.
 *
 * <h2>Insert</h2>
 * Inserts into a table without a primary key take fresh hidden row ids and never conflict. Into a table with
 * one ({@link PrimaryKey}), each row goes under its key: take the key's lock (waiting as above for another
 * transaction's intent, prepared or not), then check, on the live state rather than the snapshot as PostgreSQL
 * does: a newest committed version that is a row, or this transaction's own earlier intent that is a row, makes
 * the insert a duplicate (23505, {@code Key (..)=(..) already exists.}); a tombstone or nothing lets it
 * proceed. So of two transactions inserting one key, the second waits for the first and fails if it commits, or
 * proceeds if it rolls back. The non-transactional Write path does the same check ({@link #writeKeyed}). An
 * update must keep the row's key (0A000 otherwise): rows are addressed by their storage key.
 *
 * <p>Thread-safe: one call per statement (or batch of one); the batch goes into storage under the transaction's
 * monitor after a check that it is still active, so it never lands after the transaction's end
 * ({@link CommitParticipant}). Holds nothing between calls: the locks a statement takes are the lock table's.
 */
final class DmlExecutor {
    private final DatanodeStorage storage;
    private final TransactionTable table;
    private final ConcurrentHashMap<Long, Transaction> txns;
    private final RecentOutcomes recent;
    private final Set<Long> discarded;
    private final RowLockTable locks;
    private final IntentVisibility visibility;

    /**
     * An executor writing into {@code storage} for the transactions of {@code table}, locking rows in {@code locks}
     * and reading them as {@code visibility} says.
     */
    DmlExecutor(DatanodeStorage storage, TransactionTable table, RowLockTable locks, IntentVisibility visibility) {
        this.storage = storage;
        this.table = table;
        this.txns = table.txns;
        this.recent = table.recent;
        this.discarded = table.discarded;
        this.locks = locks;
        this.visibility = visibility;
    }

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
    long modify(ModifyRequest request, List<PgType> types, CompletableFuture<?> cancel) {
        return modify(request, TableSchema.of(request.getTable()), cancel);
    }

    /**
     * As {@link #modify(ModifyRequest, List, CompletableFuture)}, with the table's rows decoded and keyed by
     * {@code schema} (the datanode's own copy of the table's schema at the request's version).
     */
    long modify(ModifyRequest request, TableSchema schema, CompletableFuture<?> cancel) {
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
    long modify(ModifyRequest request, TableSchema schema, CompletableFuture<?> cancel, List<Object[]> returned) {
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
        // DEFERRABLE unique keys are checked after the batch is in storage: one request of the transaction at a time,
        // so that a concurrent batch of the same statement cannot write a key between another's write and check
        boolean keyedInsert = (pk != null && request.getOpCase() == ModifyRequest.OpCase.INSERT)
                || (schema.maintainsIndexes() && schema.indexes().stream().anyMatch(SecondaryIndex::deferrable));
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
            if (hasPendingUnique(t)) {
                checkPendingUnique(t, ctx, cancel); // DEFERRABLE unique keys not deferred: at the statement's end
            }
            ok = true;
            return rows;
        } finally {
            if (ok) {
                locks.settle(t, acquired); // each intent is its own lock now
            } else {
                locks.release(t, acquired);
            }
            if (keyedInsert) {
                t.keyedInsert.unlock();
            }
        }
    }

    /**
     * The uniqueness check of unique secondary indexes for one statement: takes the lock of the index key itself
     * ({@code [table][0xFFFFFFFF][index][values]}, {@link SecondaryIndex#uniqueKey}, held to the transaction's end, so two writers of one key serialise),
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
            byte[] unique = index.uniqueKey(rowKey, values);
            ByteKey k = new ByteKey(unique);
            if (index.deferrable()) {
                // checked once the statement's rows are in storage (checkPendingUnique), which waits for another
                // transaction's intent on a row with the values, as PostgreSQL's recheck waits for its writer (two
                // deferred writers of one key committing at once: a deadlock, 40P01 for one, as in PostgreSQL)
                Hold h = locks.lock(t, k, RowLockMode.UPDATE, cid, RowLockWaitPolicy.LOCK_WAIT, null,
                        ctx.getLockTimeoutMs(), cancel, true);
                if (h != null) {
                    acquired.add(new Taken(k, h));
                }
                synchronized (t) {
                    t.pendingUnique.putIfAbsent(k, new PendingUnique(schema, index, values.clone()));
                }
                return;
            }
            // held until the statement's intents are in storage: the row's intent (and its index entry, which a
            // later checker finds) then stands for it
            Hold h = locks.lock(t, k, RowLockMode.UPDATE, cid, RowLockWaitPolicy.LOCK_WAIT, null,
                    ctx.getLockTimeoutMs(), cancel, true);
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
                    Hold w = locks.lock(t, ok, RowLockMode.UPDATE, cid, RowLockWaitPolicy.LOCK_WAIT, null,
                            ctx.getLockTimeoutMs(), cancel, true);
                    if (w != null) {
                        locks.release(t, List.of(new Taken(ok, w)));
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

    private static boolean hasPendingUnique(Transaction t) {
        synchronized (t) {
            return !t.pendingUnique.isEmpty();
        }
    }

    /** A key of a DEFERRABLE unique index a transaction wrote: its table's schema, the index and the key's values. */
    record PendingUnique(TableSchema schema, SecondaryIndex index, byte[] values) {
    }

    /**
     * Whether DEFERRABLE unique index {@code index} is deferred in the transaction of {@code ctx}: as its SET
     * CONSTRAINTS names it, else as SET CONSTRAINTS ALL, else INITIALLY DEFERRED.
     */
    static boolean deferred(SecondaryIndex index, TxnContext ctx) {
        if (ctx != null && ctx.hasConstraintModes()) {
            io.tessera.protocol.datanode.ConstraintModes m = ctx.getConstraintModes();
            if (m.getDeferredIndexesList().contains(index.id())) {
                return true;
            }
            if (m.getImmediateIndexesList().contains(index.id())) {
                return false;
            }
            if (m.getAll() != 0) {
                return m.getAll() == 1;
            }
        }
        return index.initiallyDeferred();
    }

    /**
     * Checks the keys of DEFERRABLE unique indexes {@code t} wrote and has not checked: those of the indexes that
     * are immediate under {@code ctx} (the end of a Modify, PostgreSQL's end of statement), or all of them when
     * {@code ctx} is null (Prepare: COMMIT). A key is a violation when two rows whose newest version — our own
     * intent, or the newest committed version after waiting for another transaction's intent — have its values;
     * each key that passes is forgotten.
     *
     * @throws TesseraException 23505 {@code duplicate key value violates unique constraint "t_a_key"}, {@code Key
     *     (a)=(1) already exists.}, and the errors of a lock wait
     */
    void checkPendingUnique(Transaction t, TxnContext ctx, CompletableFuture<?> cancel) {
        List<java.util.Map.Entry<ByteKey, PendingUnique>> due = new ArrayList<>();
        synchronized (t) {
            for (java.util.Map.Entry<ByteKey, PendingUnique> e : t.pendingUnique.entrySet()) {
                if (ctx == null || !deferred(e.getValue().index(), ctx)) {
                    due.add(e);
                }
            }
        }
        int cid = ctx == null ? Integer.MAX_VALUE : ctx.getCommandId();
        long lockTimeoutMs = ctx == null ? 0 : ctx.getLockTimeoutMs();
        for (java.util.Map.Entry<ByteKey, PendingUnique> e : due) {
            PendingUnique p = e.getValue();
            TableSchema schema = p.schema();
            Object[] row = new Object[schema.codec().columnCount()];
            int live = 0;
            for (byte[] rowKey : storage.indexEntryRows(e.getKey().bytes())) {
                KeyState state = storage.latest(rowKey);
                if (state.intent() != null && state.intent().gxid() != t.gxid) {
                    ByteKey rk = new ByteKey(rowKey); // wait for the writer of that row
                    Hold w = locks.lock(t, rk, RowLockMode.UPDATE, cid, RowLockWaitPolicy.LOCK_WAIT, null,
                            lockTimeoutMs, cancel, true);
                    if (w != null) {
                        locks.release(t, List.of(new Taken(rk, w)));
                    }
                    state = storage.latest(rowKey);
                }
                byte[] v = state.intent() != null && state.intent().gxid() == t.gxid ? state.intent().payload()
                        : state.newestValue();
                if (v == null || RowValue.isTombstone(v)) {
                    continue;
                }
                RowValue.decode(v, schema.codec(), row);
                if (java.util.Arrays.equals(p.index().encodeValues(row), p.values()) && ++live > 1) {
                    throw duplicateIndexKey(p.index(), schema, row);
                }
            }
            synchronized (t) {
                t.pendingUnique.remove(e.getKey());
            }
        }
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
            // an intent follows, or the statement fails and releases the hold
            Hold h = locks.lock(t, k, RowLockMode.UPDATE, cid, RowLockWaitPolicy.LOCK_WAIT, null,
                    ctx.getLockTimeoutMs(), cancel, true);
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
                Hold h = locks.lock(t, k, RowLockMode.UPDATE, cid, RowLockWaitPolicy.LOCK_WAIT, null,
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
    long writeKeyed(TableDescriptor table, List<PgType> types, long commitTs, List<ShardRows> shards,
                    CompletableFuture<?> cancel) {
        return writeKeyed(TableSchema.of(table), commitTs, shards, cancel);
    }

    /** As above, with the rows keyed by {@code schema} (the datanode's copy of the table's schema). */
    long writeKeyed(TableSchema schema, long commitTs, List<ShardRows> shards, CompletableFuture<?> cancel) {
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
                Hold h = locks.lock(writer, k, RowLockMode.UPDATE, 0, RowLockWaitPolicy.LOCK_WAIT, null, 0, cancel,
                        true);
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
            locks.release(writer, acquired);
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
     * current state as the class documentation says. A locking SELECT writes nothing: its hold in {@link RowLockTable}
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
                Hold fresh = locks.lock(t, k, mode, cid, policy, relation, ctx.getLockTimeoutMs(), cancel, !lockOnly);
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
                        locks.release(t, List.of(taken));
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
