package io.tessera.datanode.txn;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.datanode.storage.DatanodeStorage;
import io.tessera.datanode.storage.IntentResolver;
import io.tessera.datanode.txn.Transaction.Outcome;
import io.tessera.datanode.txn.Transaction.State;
import io.tessera.protocol.datanode.TxnContext;
import io.tessera.protocol.gtm.Decision;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What a reader does when its scan meets an intent: read it (its own, from an earlier command), skip it (another
 * transaction's pending intent, or a prepared one that cannot commit below the snapshot), or wait for its
 * transaction's outcome and then read it or the version below ({@link #resolver}). A long wait asks the GTM for the
 * decision (without aborting) every poll interval and applies a decision it finds ({@link RowLockTable#await}).
 *
 * <p>Thread-safe and stateless beyond what it reads: the transactions of {@link TransactionTable} (without their
 * monitors: a reader never waits behind a Prepare's write) and their recent outcomes.
 */
final class IntentVisibility {
    private final ConcurrentHashMap<Long, Transaction> txns;
    private final RecentOutcomes recent;
    private final GtmDecisions gtm;
    private final RowLockTable locks;

    /** Visibility over the transactions of {@code table}; waits in {@code locks}, asks {@code gtm} for decisions. */
    IntentVisibility(TransactionTable table, GtmDecisions gtm, RowLockTable locks) {
        this.txns = table.txns;
        this.recent = table.recent;
        this.gtm = gtm;
        this.locks = locks;
    }

    /**
     * Whether some transaction is prepared here and not yet finished: its commit timestamp may already be decided
     * (and its commit acknowledged to a client, if a participant missed COMMIT PREPARED) without this datanode
     * having applied it, so {@link DatanodeStorage#newestCommitTs()} is not a safe snapshot meanwhile.
     */
    boolean anyPrepared() {
        for (Transaction t : txns.values()) {
            if (t.stateNow() == State.PREPARED && !t.onePhase) { // a one-phase commit is acknowledged once applied here
                return true;
            }
        }
        return false;
    }

    /**
     * The visibility of intents for a reader at {@code snapshotTs}, of transaction {@code ctx} (null or gxid 0: no
     * transaction):
     * <ul>
     *   <li>the reader's own intent written by a lower command id is the key's visible version; one of its own
     *       current command is not (the versions below are read);</li>
     *   <li>another transaction's pending intent is invisible: its commit timestamp will be taken after it is
     *       prepared, later than this snapshot;</li>
     *   <li>another transaction's prepared intent whose start timestamp is below the snapshot is waited for
     *       (until {@code cancel}); it is visible iff that transaction commits at or below the snapshot — unless
     *       the snapshot is at or below a GTM timestamp this datanode had received before it marked that
     *       transaction prepared ({@link #preparedAbove}): the commit timestamp, taken after the marking, is
     *       above the snapshot whatever the outcome, so the intent is invisible without a wait.</li>
     * </ul>
     */
    IntentResolver resolver(TxnContext ctx, long snapshotTs, CompletableFuture<?> cancel) {
        return resolver(ctx, snapshotTs, 0, cancel, true);
    }

    /**
     * The same visibility as {@link #resolver(TxnContext, long, CompletableFuture)}, for a reader that must not
     * block (a point read on a gRPC transport thread): where that resolver would wait for a prepared intent's
     * outcome, or ask the GTM for it, this one throws {@link WouldWait} instead. Nothing it resolved before is
     * wrong; the reader starts again where it may wait.
     */
    IntentResolver resolverWithoutWaits(TxnContext ctx, long snapshotTs) {
        return resolver(ctx, snapshotTs, 0, null, false);
    }

    IntentResolver resolver(TxnContext ctx, long snapshotTs, long timeoutMs, CompletableFuture<?> cancel) {
        return resolver(ctx, snapshotTs, timeoutMs, cancel, true);
    }

    private IntentResolver resolver(TxnContext ctx, long snapshotTs, long timeoutMs, CompletableFuture<?> cancel,
                                    boolean mayWait) {
        long gxid = ctx == null ? 0 : ctx.getGxid();
        int cid = ctx == null ? 0 : ctx.getCommandId();
        return (key, intent) -> {
            if (gxid != 0 && intent.gxid() == gxid) {
                return intent.commandId() < cid ? new IntentResolver.Visible(-1, intent.payload()) : null;
            }
            if (!(intent.prepared() || markedPrepared(intent.gxid())) || intent.startTs() >= snapshotTs
                    || snapshotTs <= preparedAbove(intent.gxid())) {
                return null;
            }
            Outcome o = mayWait ? outcome(intent.gxid(), gxid, ctx == null ? 0 : ctx.getStartTs(), timeoutMs, cancel)
                    : outcomeKnown(intent.gxid());
            return o.committed() && o.commitTs() <= snapshotTs
                    ? new IntentResolver.Visible(o.commitTs(), intent.payload()) : null;
        };
    }

    /**
     * A GTM timestamp below every commit timestamp transaction {@code gxid} can take: the highest this datanode had
     * received when it marked the transaction prepared ({@link TransactionTable#seenTs}); 0 when unknown (not marked here in this
     * run, or finished). A reader whose snapshot is at or below it cannot see the transaction's intents whatever
     * its outcome — the commit invariant takes the commit timestamp after the marking, and the GTM's timestamps
     * only grow — so it need not wait for the outcome.
     */
    private long preparedAbove(long gxid) {
        Transaction t = txns.get(gxid);
        return t == null ? 0 : t.preparedAbove;
    }

    /**
     * Whether the transaction of a pending intent a scan met counts as prepared: a one-phase commit marks it so in
     * memory only, before it takes its commit timestamp. One that has finished since the scan's storage snapshot
     * was taken counts when it committed (its versions are not in that snapshot). Checked in that order, as
     * {@code CommitParticipant#finish} records the outcome before it forgets the transaction.
     */
    private boolean markedPrepared(long gxid) {
        Transaction t = txns.get(gxid);
        if (t != null) {
            State s = t.stateNow(); // PREPARED: by its record, or a one-phase commit's in-memory mark
            return s == State.PREPARED || s == State.COMMITTED;
        }
        Outcome o = recent.get(gxid);
        if (o == null) {
            throw new TesseraException(SqlState.SERIALIZATION_FAILURE, "could not serialize access: the outcome"
                    + " of transaction " + gxid + ", which finished during this scan, is no longer known here",
                    null, "Retry the statement.", 0, null);
        }
        return o.committed();
    }

    /** The outcome of {@code gxid} if this datanode knows it now (decided or recent); else {@link WouldWait}. */
    private Outcome outcomeKnown(long gxid) {
        Transaction t = txns.get(gxid);
        if (t != null) {
            if (!t.decided.isDone()) {
                throw WouldWait.INSTANCE;
            }
            return t.decided.join();
        }
        Outcome o = recent.get(gxid);
        if (o == null) {
            throw WouldWait.INSTANCE; // the GTM's decision: a round trip
        }
        return o;
    }

    private Outcome outcome(long gxid, long readerGxid, long readerStartTs, long timeoutMs,
                            CompletableFuture<?> cancel) {
        Transaction t = txns.get(gxid);
        if (t != null) {
            locks.await(List.of(t), t.decided, null, readerGxid, readerStartTs, timeoutMs > 0,
                    System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs), cancel);
            return t.decided.join();
        }
        Outcome o = recent.get(gxid); // finished after the reader's snapshot was taken
        if (o != null) {
            return o;
        }
        Decision d = gtm.decision(gxid, false);
        switch (d.getOutcome()) {
            case COMMITTED:
                return new Outcome(true, d.getCommitTs());
            case ABORTED:
                return Outcome.ABORTED;
            default:
                // a one-phase commit records its outcome only here (RecentOutcomes), and this scan outlived it
                throw new TesseraException(SqlState.SERIALIZATION_FAILURE, "could not serialize access: the outcome"
                        + " of transaction " + gxid + ", which finished during this scan, is no longer known here",
                        null, "Retry the statement.", 0, null);
        }
    }

}
