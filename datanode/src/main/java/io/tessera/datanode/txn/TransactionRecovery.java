package io.tessera.datanode.txn;

import io.tessera.common.error.TesseraException;
import io.tessera.datanode.storage.DatanodeStorage;
import io.tessera.datanode.storage.IntentBatch;
import io.tessera.datanode.txn.Transaction.Outcome;
import io.tessera.datanode.txn.Transaction.State;
import io.tessera.datanode.txn.TransactionManager.TxnStatus;
import io.tessera.protocol.gtm.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The datanode's recovery of transactions: at start-up, rebuilds what a previous run left in storage, and later
 * finishes transactions that lost their coordinator, from the GTM's decision.
 *
 * <p>Start-up (the constructor) reads every intent and transaction record
 * ({@link DatanodeStorage#forEachIntent}): intents a one-phase commit's record names are committed; intents of a
 * transaction with a prepared record (or marked prepared, as older versions wrote them) are in doubt and stay,
 * locking their rows, until their outcome arrives ({@link #inDoubt()}); pending ones are discarded — their
 * transaction was never prepared here, so it cannot have committed — and their gxids remembered
 * ({@link TransactionTable#discarded}) so a late statement or Prepare of such a transaction fails instead of
 * committing without the lost writes. Then the row locks prepared transactions held without an intent are given
 * back ({@link RowLockTable#restore}).
 *
 * <p>Afterwards: {@link #transactions()} is what {@link InDoubtResolver} looks at, {@link #abandon} rolls back an
 * active transaction whose coordinator is gone, {@link #resolve} applies the GTM's decision for a prepared one
 * (also asked by a long wait, {@link #pollGtm}).
 *
 * <p>Thread-safe: the start-up pass runs in the constructor, before any request; later calls change a
 * transaction only through {@link CommitParticipant}, under the transaction's monitor. Holds only the in-doubt
 * list found at start-up.
 */
final class TransactionRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionRecovery.class);

    private final DatanodeStorage storage;
    private final GtmDecisions gtm;
    private final ConcurrentHashMap<Long, Transaction> txns;
    private final RecentOutcomes recent;
    private final Set<Long> discarded;
    private final RowLockTable locks;
    private final CommitParticipant participant;
    private final List<Long> inDoubt;

    /**
     * Recovers the transactions {@code storage} holds into {@code table} and their row locks into {@code locks}
     * (see the class documentation); later decisions are applied through {@code participant}.
     */
    TransactionRecovery(DatanodeStorage storage, GtmDecisions gtm, TransactionTable table, RowLockTable locks,
                        CommitParticipant participant) {
        this.storage = storage;
        this.gtm = gtm;
        this.txns = table.txns;
        this.recent = table.recent;
        this.discarded = table.discarded;
        this.locks = locks;
        this.participant = participant;
        this.inDoubt = restoreRowLocks(recover());
    }

    /**
     * Start-up's pass over the intents and transaction records in storage (see the class documentation).
     *
     * @return the gxids of the transactions in doubt, in order
     */
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
    List<Long> inDoubt() {
        return inDoubt;
    }

    /** The transactions with state on this datanode now (not an atomic snapshot). */
    List<TxnStatus> transactions() {
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
    boolean abandon(long gxid) {
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
    io.tessera.protocol.gtm.Outcome resolve(long gxid, boolean abortIfUndecided) {
        Transaction t = txns.get(gxid);
        if (t == null || t.state() != State.PREPARED || t.onePhase) {
            return io.tessera.protocol.gtm.Outcome.UNDECIDED;
        }
        Decision d = gtm.decision(gxid, abortIfUndecided);
        switch (d.getOutcome()) {
            case COMMITTED:
                LOG.info("transaction {} was decided committed at {} by the GTM: committing here", gxid,
                        d.getCommitTs());
                participant.commitPrepared(gxid, d.getCommitTs());
                return d.getOutcome();
            case ABORTED:
                LOG.info("transaction {} was decided aborted by the GTM: rolling back here", gxid);
                participant.rollback(gxid);
                return d.getOutcome();
            default:
                return io.tessera.protocol.gtm.Outcome.UNDECIDED;
        }
    }

    /**
     * Start-up, after {@link #recover}: gives back the row locks that prepared transactions hold without an intent
     * (persisted by {@link CommitParticipant#prepare}), beside the locks of the recovered intents. A transaction
     * that holds only such locks here is in doubt like one with prepared intents (its start timestamp is unknown
     * and unneeded: it writes nothing more and waits for nothing).
     *
     * @return {@code inDoubt} and the gxids of those transactions, in order
     */
    private List<Long> restoreRowLocks(List<Long> inDoubt) {
        TreeSet<Long> all = new TreeSet<>(inDoubt);
        Map<Long, Integer> restored = new TreeMap<>();
        storage.forEachRowLock((gxid, intentKey, code) -> {
            Transaction t = txns.computeIfAbsent(gxid, g -> new Transaction(g, 0, "", State.PREPARED));
            ByteKey k = new ByteKey(intentKey);
            synchronized (t) {
                t.lockOnly.add(k);
                t.rowLocks = true;
            }
            locks.restore(t, k, RowLockMode.ofCode(code));
            restored.merge(gxid, 1, Integer::sum);
        });
        restored.forEach((gxid, n) -> LOG.warn("transaction {} is in doubt: it holds {} row locks (prepared)", gxid, n));
        all.addAll(restored.keySet());
        return List.copyOf(all);
    }

    /**
     * A long wait's question about holder {@code t} ({@link RowLockTable#await}): applies the GTM's decision if it
     * has one ({@link #resolve}, never aborting); a failure to reach the GTM is logged, and the wait goes on.
     */
    void pollGtm(Transaction t) {
        try {
            resolve(t.gxid, false);
        } catch (TesseraException e) {
            LOG.debug("asking the GTM about transaction {} failed: {}", t.gxid, e.getMessage());
        }
    }
}
