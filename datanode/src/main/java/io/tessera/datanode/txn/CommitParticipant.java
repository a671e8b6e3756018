package io.tessera.datanode.txn;

import io.tessera.common.codec.KeyCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.failpoint.Failpoints;
import io.tessera.datanode.storage.DatanodeStorage;
import io.tessera.datanode.storage.Intent;
import io.tessera.datanode.storage.IntentBatch;
import io.tessera.datanode.txn.Transaction.Outcome;
import io.tessera.datanode.txn.Transaction.State;
import io.tessera.protocol.gtm.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.tessera.datanode.txn.TxnErrors.lostWrites;
import static io.tessera.datanode.txn.TxnErrors.notActive;
import static io.tessera.datanode.txn.TxnErrors.rolledBack;

/**
 * The datanode's commit participant: ends what {@link DmlExecutor} wrote. Phase one of two-phase commit
 * ({@link #prepare}: a prepared transaction record and the row locks held without an intent, one synced write),
 * phase two ({@link #commitPrepared}, {@link #rollback}), the one-phase commit of a transaction whose only
 * participant is this datanode ({@link #commitOnePhase}), ROLLBACK TO SAVEPOINT ({@link #rollbackToSavepoint}), and
 * the resolution of a finished transaction's intents into versions or nothing ({@link #finish}): inline in the
 * commit's own write for a small transaction ({@link #resolvesInline}), else on {@link IntentResolution}'s thread.
 *
 * <p>A one-phase commit's transaction record ({@code IntentBatch#putTxnRecord}) is its commit point; its intents are
 * resolved afterwards. A two-phase participant's Prepare writes the record in its prepared state instead of
 * rewriting each intent, and CommitPrepared the commit timestamp into it, its intents then resolved the same way.
 * Prepare also records the transaction's keys in the open {@link ChangeTracker}s (redistribution catch-up).
 *
 * <p>Thread-safe: every state change of a transaction happens under its monitor, and the monitor is held across
 * the storage write that makes the change durable (Prepare's, a commit's, a rollback's), so a concurrent Modify of
 * the same transaction, which checks the state under the monitor right before its batch goes in, never writes
 * after its end. Row locks are released ({@link RowLockTable#unlock}) after the intents are resolved, still under
 * the monitor. Holds the open change trackers (a copy-on-write list) and {@link #inlineResolveMax}; the
 * transactions themselves are {@link TransactionTable}'s.
 */
final class CommitParticipant {
    private static final Logger LOG = LoggerFactory.getLogger(CommitParticipant.class);
    /** Intents resolved (or discarded) per write by a commit, a rollback and start-up: bounds a batch's memory. */
    static final int RESOLVE_BATCH = 10_000;
    /**
     * A commit of a transaction that wrote at most this many storage operations here resolves its intents in the
     * commit's own write ({@link #resolvesInline}) instead of leaving them to {@link IntentResolution};
     * {@code -Dtessera.inline_resolve_max=0} on a datanode leaves every commit's intents to that thread.
     */
    static final int INLINE_RESOLVE_MAX = Integer.getInteger("tessera.inline_resolve_max", 64);

    private final DatanodeStorage storage;
    private final GtmDecisions gtm;
    private final TransactionTable table;
    private final ConcurrentHashMap<Long, Transaction> txns;
    private final RecentOutcomes recent;
    private final Set<Long> discarded;
    private final AtomicLong seenTs;
    private final RowLockTable locks;
    /** Resolves committed transactions' intents after their records are written. */
    private final IntentResolution resolution;
    /** Open change trackers (redistribution catch-up): each learns the keys of every transaction that prepares. */
    private final List<ChangeTracker> trackers = new CopyOnWriteArrayList<>();
    /** {@link #INLINE_RESOLVE_MAX}, per instance: tests of the background resolution set 0. */
    volatile int inlineResolveMax = INLINE_RESOLVE_MAX;

    /**
     * A participant writing to {@code storage}, ending the transactions of {@code table} and releasing their locks in
     * {@code locks}; a one-phase commit takes its timestamp from {@code gtm}, and resolves its intents on
     * {@code resolution}'s thread unless they are few.
     */
    CommitParticipant(DatanodeStorage storage, GtmDecisions gtm, TransactionTable table, RowLockTable locks,
                      IntentResolution resolution) {
        this.storage = storage;
        this.gtm = gtm;
        this.table = table;
        this.txns = table.txns;
        this.recent = table.recent;
        this.discarded = table.discarded;
        this.seenTs = table.seenTs;
        this.locks = locks;
        this.resolution = resolution;
    }

    // ---- savepoints -------------------------------------------------------------------------------------------

    /**
     * ROLLBACK TO SAVEPOINT ({@code datanode.proto} RollbackToSavepoint): undoes every write of {@code gxid} on
     * this datanode made by a command id {@code >= fromCommandId}. Each such key gets back the transaction's
     * intent it overwrote (from the intent history, see {@link IntentBatch}) or, if the key was first written at
     * or after {@code fromCommandId}, loses its intent; every row lock taken at or after {@code fromCommandId}
     * is released (waking its waiters), those taken earlier stay. One WriteBatch (not
     * synced: these are pending intents). Idempotent; a gxid unknown here (it never wrote here) succeeds.
     *
     * @throws TesseraException 25000 when the transaction is prepared, committed or rolled back
     */
    void rollbackToSavepoint(long gxid, int fromCommandId) {
        Transaction t = txns.get(gxid);
        if (t == null) {
            Outcome o = recent.get(gxid);
            if (o != null) {
                throw notActive(gxid, o.committed() ? State.COMMITTED : State.ABORTED);
            }
            return;
        }
        List<ByteKey> lockOnly;
        synchronized (t) {
            if (t.state() != State.ACTIVE) {
                throw notActive(gxid, t.state());
            }
            // per key, the entry with the lowest overwriting command id >= fromCommandId: the intent as it stood
            // before the first write after the savepoint
            Map<ByteKey, Intent> earlier = new java.util.HashMap<>();
            try (IntentBatch b = storage.newIntentBatch()) {
                if (t.history) {
                    for (DatanodeStorage.HistoryEntry e : storage.history(gxid, fromCommandId)) {
                        earlier.putIfAbsent(new ByteKey(e.intentKey()), e.intent()); // command-id order per key
                        b.removeHistory(gxid, e.intentKey(), e.overwrittenBy());
                    }
                }
                storage.intentsOf(gxid, TransactionTable.ALL_KEYS, (key, cur) -> {
                    if (cur.commandId() < fromCommandId) {
                        return true; // untouched since the savepoint
                    }
                    Intent before = earlier.get(new ByteKey(key));
                    if (before != null) {
                        b.putIntent(key, before);
                    } else {
                        b.removeIntent(key, gxid); // first written at or after the savepoint: its lock goes with it
                    }
                    return true;
                });
                b.write(false);
            }
            lockOnly = new ArrayList<>(t.lockOnly);
        }
        t.removedIntents(); // writers waiting for a removed (or weakened) intent look again
        // row locks taken after the savepoint go, those taken before stay (a FOR SHARE before it survives an
        // upgrade after it, as in PostgreSQL)
        for (ByteKey k : lockOnly) {
            locks.dropHolds(k, h -> h.txn() == t && h.commandId() >= fromCommandId);
        }
    }

    // ---- two-phase commit -------------------------------------------------------------------------------------

    /**
     * Phase one: writes the transaction record of {@code gxid} in its prepared state and persists the row locks it
     * holds without an intent (the {@code row_locks} column family), with one synced write; its intents are not
     * rewritten ({@link #markPrepared}). Repeating it is harmless.
     *
     * @throws TesseraException 40000 for a transaction rolled back, or one this datanode does not know (its
     *     writes would be lost: a restart discarded them) — Prepare goes only to datanodes the transaction
     *     modified; 25000 for one already committed
     */
    void prepare(long gxid) {
        Transaction t = txns.get(gxid);
        if (t == null) {
            Outcome o = recent.get(gxid);
            if (o != null) {
                throw o.committed() ? notActive(gxid, State.COMMITTED) : rolledBack(gxid);
            }
            throw discarded.contains(gxid) ? lostWrites(gxid) : new TesseraException(SqlState.TRANSACTION_ROLLBACK,
                    "transaction " + gxid + " has no writes on this datanode (a restart may have discarded them)");
        }
        synchronized (t) {
            switch (t.state()) {
                case PREPARED:
                    return;
                case COMMITTED:
                    throw notActive(gxid, State.COMMITTED);
                case ABORTED:
                    throw rolledBack(gxid);
                default:
                    break;
            }
            markPrepared(t);
        }
        Failpoints.pause(TransactionManager.AFTER_PREPARE);
    }

    /**
     * Makes active transaction {@code t} prepared, in one synced write: its transaction record in the prepared
     * state ({@link IntentBatch#putPreparedRecord}) and the row locks it holds without an intent; its intents stay
     * as they are, pending in storage (written once: readers and start-up take them as prepared by the record).
     * Moves it to PREPARED; under t's monitor. Only the keys that may be locked without an intent
     * ({@code Transaction.lockOnly}) are read, and, when a redistribution tracks changes, its intents of that table.
     */
    private void markPrepared(Transaction t) {
        assert Thread.holdsLock(t) : "gxid=" + t.gxid;
        long gxid = t.gxid;
        boolean rowLocks = false;
        try (IntentBatch b = storage.newIntentBatch()) {
            for (ByteKey k : t.lockOnly) {
                // a row lock without an intent (locking SELECT, ON CONFLICT), or stronger than its intent: kept
                // across a restart
                RowLockMode m = locks.heldBy(t, k);
                if (m == null) {
                    continue; // released since
                }
                Intent i = storage.intent(k.bytes());
                if (i == null || i.gxid() != gxid || !RowLockTable.modeOf(i).covers(m)) {
                    b.putRowLock(gxid, k.bytes(), m.code());
                    rowLocks = true;
                }
            }
            if (t.history) {
                b.clearHistory(gxid); // no savepoint can be rolled back to once prepared
            }
            b.putPreparedRecord(gxid);
            b.write(true);
        }
        t.recorded = true;
        t.history = false;
        t.sinceNanos = System.nanoTime();
        t.rowLocks |= rowLocks;
        notePrepared(t);
        t.preparedAbove = Math.max(t.startTs, seenTs.get()); // before the state: a reader that sees it sees this
        t.setState(State.PREPARED);
    }

    /**
     * Opens a tracker of the keys of table {@code tableId} that transactions prepare from now on ({@link ChangeTracker});
     * the transactions running or prepared here already are recorded in it before this returns, so a snapshot taken
     * afterwards misses none of the keys a later commit changes. Close it when done.
     *
     * @param limit the most keys it keeps before it overflows
     */
    ChangeTracker trackChanges(int tableId, int limit) {
        ChangeTracker[] self = new ChangeTracker[1];
        self[0] = new ChangeTracker(tableId, limit, () -> trackers.remove(self[0]));
        trackers.add(self[0]);
        for (Transaction t : txns.values()) {
            synchronized (t) {
                if (!t.finished()) {
                    note(self[0], t);
                }
            }
        }
        return self[0];
    }

    /** Records prepared transaction {@code t}'s keys in the open trackers, before its commit timestamp is taken. */
    private void notePrepared(Transaction t) {
        for (ChangeTracker tracker : trackers) {
            note(tracker, t);
        }
    }

    /** Gives {@code tracker} t's intent keys of its table (read from storage; under t's monitor, so stable). */
    private void note(ChangeTracker tracker, Transaction t) {
        storage.intentsOf(t.gxid, KeyCodec.tablePrefix(tracker.tableId()), (key, i) -> tracker.add(key, t));
    }

    /**
     * Phase two: writes {@code commitTs} into the transaction record of {@code gxid} (one key, not synced: the
     * prepared record and the GTM's decision are already durable, so a commit lost in a crash is redone from them
     * like any other in-doubt prepared transaction) and answers; readers now take its intents as versions at
     * {@code commitTs}. Its intents become versions afterwards, in the background as a one-phase commit's do
     * ({@link IntentResolution}, {@link #resolveRecorded}), and its locks are released then. A transaction without
     * a record (found prepared at start-up in the older format, with each intent marked prepared) has its intents
     * committed by this call. Idempotent: a repeat, or a gxid unknown here, succeeds.
     *
     * @throws TesseraException 25000 when the transaction is not prepared or was rolled back here
     */
    void commitPrepared(long gxid, long commitTs) {
        if (commitTs <= 0) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "commit timestamp must be positive: " + commitTs);
        }
        Transaction t = txns.get(gxid);
        if (t == null) {
            Outcome o = recent.get(gxid);
            if (o != null && !o.committed()) {
                throw notActive(gxid, State.ABORTED);
            }
            return;
        }
        synchronized (t) {
            switch (t.state()) {
                case COMMITTED:
                    return;
                case ABORTED:
                    throw notActive(gxid, State.ABORTED);
                case ACTIVE:
                    throw new TesseraException(SqlState.INVALID_TRANSACTION_STATE, "transaction " + gxid
                            + " is not prepared: a commit timestamp may only be taken after Prepare");
                default:
                    if (!t.recorded) {
                        finish(t, new Outcome(true, commitTs), false);
                        return;
                    }
                    storage.noteCommitTs(commitTs); // before the write: a reader meanwhile waits for the outcome
                    if (resolvesInline(t)) {
                        finish(t, new Outcome(true, commitTs), false); // record removed with the intents resolved
                        table.seen(commitTs);
                        return;
                    }
                    try (IntentBatch b = storage.newIntentBatch()) {
                        b.putTxnRecord(gxid, commitTs);
                        b.write(false);
                    }
                    table.seen(commitTs);
                    Outcome committed = new Outcome(true, commitTs);
                    t.setState(State.COMMITTED);
                    recent.put(gxid, committed);
                    t.decided.complete(committed); // readers now see its intents as versions at commitTs
            }
        }
        Transaction resolved = t;
        resolution.submit(gxid, () -> resolveRecorded(resolved));
    }

    /**
     * Removes the intents of {@code gxid} (pending or prepared), releases their locks and wakes waiters.
     * Idempotent: a repeat, or a gxid unknown here, succeeds.
     *
     * @throws TesseraException 25000 when the transaction already committed here
     */
    void rollback(long gxid) {
        Transaction t = txns.get(gxid);
        if (t == null) {
            Outcome o = recent.get(gxid);
            if (o != null && o.committed()) {
                throw notActive(gxid, State.COMMITTED);
            }
            return;
        }
        synchronized (t) {
            switch (t.state()) {
                case ABORTED:
                    return;
                case COMMITTED:
                    throw notActive(gxid, State.COMMITTED);
                default:
                    // a prepared transaction's rollback must survive a crash; a pending one's is redone by start-up
                    finish(t, Outcome.ABORTED, t.state() == State.PREPARED);
            }
        }
    }

    /**
     * One-phase commit for a transaction whose only participant is this datanode, with one durable write of one
     * key, whatever the number of rows:
     * <pre>
     *   mark it prepared, in memory ({@code Transaction.onePhase})   readers with a later snapshot now wait for
     *                                                                 its intents ({@link IntentVisibility#resolver})
     *   GTM GetTimestamps → commit_ts                                 taken after the marking: the commit invariant
     *   its transaction record gxid → commit_ts (a synced write)      the commit point: the only write and the only
     *                                                                 fsync, shared with concurrent writers
     *                                                                 (RocksDB's group); readers now take its
     *                                                                 intents as versions at commit_ts
     *   → answered; then, in the background ({@link IntentResolution}): intents → versions at commit_ts and the
     *     record removed, in one unsynced write; the rows' locks are released after it
     * </pre>
     * Intents are thus written once on the commit's critical path, as in Percolator and CockroachDB (a transaction
     * record, asynchronous intent resolution). No decision is recorded at the GTM: nobody but this call can finish
     * the transaction (the in-doubt resolver leaves it alone) and its outcome is what this datanode's storage holds
     * (its record until resolved, {@link RecentOutcomes} for scans that still see its intents afterwards). A crash
     * before the record's write leaves pending intents, which start-up discards — the commit was never
     * acknowledged; a crash after it leaves the record, and start-up commits the intents it names. A transaction
     * that is already prepared here (a Prepare came first, or it was found prepared at start-up) goes through the
     * GTM's decision instead: Decide, then CommitPrepared. A repeat after success returns the same timestamp.
     *
     * @return the commit timestamp
     * @throws TesseraException 40000 when the GTM gives no timestamp (the transaction is rolled back) or, for a
     *     prepared transaction, had decided abort; 08007 when the commit's write fails (its outcome is unknown
     *     until a restart reads the log) or the GTM cannot be asked for a prepared transaction's decision (it
     *     stays prepared, in doubt — never rolled back on a guess); Prepare's errors
     */
    long commitOnePhase(long gxid) {
        Transaction t = txns.get(gxid);
        if (t == null) {
            Outcome o = recent.get(gxid);
            if (o != null && o.committed()) {
                return o.commitTs();
            }
            prepare(gxid); // throws: rolled back, or unknown here
        } else {
            synchronized (t) {
                if (t.state() == State.ACTIVE) {
                    t.onePhase = true; // before the timestamp is taken: readers now wait for its intents
                    t.sinceNanos = System.nanoTime();
                    notePrepared(t);
                    t.preparedAbove = Math.max(t.startTs, seenTs.get());
                    t.setState(State.PREPARED);
                } else if (t.onePhase && t.state() == State.COMMITTED) {
                    return t.decided.join().commitTs(); // a repeat while its intents are being resolved
                } else {
                    t = null;
                }
            }
            if (t != null) {
                Failpoints.pause(TransactionManager.AFTER_PREPARE);
                return commitLocally(t);
            }
        }
        return commitByDecision(gxid);
    }

    /** The rest of a one-phase commit of {@code t}, marked prepared by {@link #commitOnePhase}. */
    private long commitLocally(Transaction t) {
        long commitTs;
        try {
            commitTs = gtm.timestamp();
        } catch (TesseraException e) {
            synchronized (t) {
                if (t.state() == State.PREPARED) {
                    finish(t, Outcome.ABORTED, false); // nothing durable says otherwise: start-up would discard it
                }
            }
            throw new TesseraException(SqlState.TRANSACTION_ROLLBACK, "transaction " + t.gxid
                    + " was rolled back: no commit timestamp could be taken (" + e.getMessage() + ")", e);
        }
        synchronized (t) {
            switch (t.state()) {
                case ABORTED:
                    throw rolledBack(t.gxid); // a Rollback of its coordinator came first
                case COMMITTED:
                    return t.done.join().commitTs();
                default:
                    break;
            }
            boolean inline = resolvesInline(t);
            try {
                storage.noteCommitTs(commitTs); // before the write: a reader meanwhile waits for the outcome
                if (inline) {
                    finish(t, new Outcome(true, commitTs), true); // the intents become versions in the one write
                } else {
                    try (IntentBatch b = storage.newIntentBatch()) {
                        b.putTxnRecord(t.gxid, commitTs);
                        b.write(true);
                    }
                }
            } catch (TesseraException e) {
                LOG.error("the commit of transaction {} at {} could not be written; it stays prepared until a "
                        + "restart reads the log", t.gxid, commitTs, e);
                throw new TesseraException(SqlState.TRANSACTION_RESOLUTION_UNKNOWN, "the outcome of transaction "
                        + t.gxid + " is unknown: its commit could not be made durable: " + e.getMessage(), null,
                        "Restart the datanode; its log says whether the transaction committed.", 0, e);
            }
            table.seen(commitTs);
            if (inline) {
                return commitTs;
            }
            Outcome committed = new Outcome(true, commitTs);
            t.recorded = true;
            t.setState(State.COMMITTED);
            recent.put(t.gxid, committed);
            t.decided.complete(committed); // readers now see its intents as versions at commitTs
        }
        resolution.submit(t.gxid, () -> resolveRecorded(t));
        return commitTs;
    }

    /**
     * Whether committing {@code t} resolves its intents in the commit's own write, under t's monitor: when it wrote
     * at most {@link #inlineResolveMax} operations here (TPC-B's one to three rows per datanode). Its versions
     * and the removal of its intents (and record) then go in the one write that makes the commit durable here, its
     * row locks are released before the answer, and a writer waiting for one of its rows goes on at once instead of
     * after {@link IntentResolution}'s thread. A larger transaction keeps one small write on the commit's path and
     * leaves its intents to that thread.
     */
    private boolean resolvesInline(Transaction t) {
        return t.written <= inlineResolveMax && t.lockOnly.size() <= inlineResolveMax;
    }

    /**
     * Turns the intents of one-phase commit {@code t}, durable by its transaction record, into versions and
     * removes the record in the same (unsynced) write, then releases its locks ({@link #finish}). A crash that
     * loses this write loses nothing later either (the WAL is in order): start-up finds the record and the intents.
     */
    private void resolveRecorded(Transaction t) {
        synchronized (t) {
            if (!t.finished()) {
                finish(t, t.decided.join(), false);
            }
        }
    }

    /** Commit of a transaction already prepared here: the GTM's Decide, then CommitPrepared. */
    private long commitByDecision(long gxid) {
        prepare(gxid);
        Decision d;
        try {
            d = gtm.decide(gxid, true);
        } catch (TesseraException e) {
            Transaction t = txns.get(gxid);
            if (t != null) {
                t.abandoned = true; // the in-doubt resolver takes it from here
            }
            throw new TesseraException(SqlState.TRANSACTION_RESOLUTION_UNKNOWN, "transaction " + gxid
                    + " is prepared but its outcome is unknown: " + e.getMessage(), null,
                    "The transaction will be resolved from the GTM's decision.", 0, e);
        }
        switch (d.getOutcome()) {
            case COMMITTED:
                commitPrepared(gxid, d.getCommitTs());
                return d.getCommitTs();
            case ABORTED:
                rollback(gxid);
                throw new TesseraException(SqlState.TRANSACTION_ROLLBACK, "transaction " + gxid
                        + " was aborted: the GTM had already recorded its abort");
            default:
                throw new TesseraException(SqlState.TRANSACTION_RESOLUTION_UNKNOWN, "the GTM returned no decision for"
                        + " transaction " + gxid + " (" + d.getOutcome() + ")");
        }
    }

    /**
     * Commits or removes every intent of {@code t} — found through the storage's intent registry, in writes of
     * {@value #RESOLVE_BATCH} intents, the last of which also removes its transaction record and is synced when
     * {@code sync} — then releases its row locks; under t's monitor. The writes apply in WAL order, so a crash
     * between them leaves the record with the intents not yet resolved, and start-up finishes the job.
     */
    void finish(Transaction t, Outcome outcome, boolean sync) {
        assert Thread.holdsLock(t) : "gxid=" + t.gxid;
        IntentBatch[] b = {storage.newIntentBatch()};
        try {
            storage.intentsOf(t.gxid, TransactionTable.ALL_KEYS, (key, i) -> {
                if (outcome.committed()) {
                    b[0].commitIntent(key, t.gxid, outcome.commitTs(), i.payload());
                } else {
                    b[0].removeIntent(key, t.gxid);
                }
                if (b[0].size() >= RESOLVE_BATCH) {
                    b[0].write(false);
                    b[0].close();
                    b[0] = storage.newIntentBatch();
                }
                return true;
            });
            if (t.history) {
                b[0].clearHistory(t.gxid);
            }
            if (t.rowLocks) {
                b[0].clearRowLocks(t.gxid);
            }
            if (t.recorded) {
                b[0].removeTxnRecord(t.gxid); // with the last of its intents
            }
            b[0].write(sync);
        } finally {
            b[0].close();
        }
        t.history = false;
        t.rowLocks = false;
        t.recorded = false;
        t.setState(outcome.committed() ? State.COMMITTED : State.ABORTED);
        recent.put(t.gxid, outcome); // before leaving txns: a reader always finds one of the two
        txns.remove(t.gxid, t);
        for (ByteKey k : t.lockOnly) {
            locks.unlock(t, k);
        }
        t.lockOnly.clear();
        t.decided.complete(outcome);
        t.done.complete(outcome);
    }
}
