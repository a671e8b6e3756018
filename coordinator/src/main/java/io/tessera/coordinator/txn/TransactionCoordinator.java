package io.tessera.coordinator.txn;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.Uninterruptibles;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.failpoint.Failpoints;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.common.gtm.GtmClient;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.cluster.DatanodeClients;
import io.tessera.protocol.datanode.CommitPreparedRequest;
import io.tessera.protocol.datanode.RollbackToSavepointRequest;
import io.tessera.protocol.datanode.TxnRequest;
import io.tessera.protocol.gtm.Decision;
import io.tessera.protocol.gtm.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's side of commit and rollback (DESIGN.md "Transactions"):
 * <pre>
 *   no participant      nothing to do
 *   one participant     CommitOnePhase on it: it marks its intents prepared, takes a commit timestamp from the
 *                       GTM (no decision recorded there), commits with its one synced write
 *   several             Prepare on all ─▶ GTM Decide(commit) ─▶ CommitPrepared(ts) on all
 *                       a failed Prepare ─▶ GTM Decide(abort) ─▶ Rollback on all
 * </pre>
 * A commit timestamp is thus always taken after every intent is prepared. When the outcome cannot be learned (the
 * GTM's or the only participant's reply is lost), the client gets 08007 transaction_resolution_unknown and the
 * coordinator does not roll back on its own: the participants resolve the transaction with the GTM's decision.
 * A CommitPrepared that fails after a commit decision is left to that same resolution (it cannot undo the commit).
 */
public final class TransactionCoordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionCoordinator.class);
    /** The deadline of a commit-protocol call (Prepare, CommitPrepared, Rollback, ...) before any allowance per row. */
    static final Duration BASE_DEADLINE = Duration.ofSeconds(30);
    /**
     * Added to a call's deadline per row the transaction wrote, in microseconds: work a participant does per intent
     * (Prepare's reads of rows locked without an intent, a Rollback's removal of every intent) must not meet a fixed
     * deadline, while a dead datanode is still noticed by the channel's keepalive ({@link DatanodeClients}).
     */
    static final long MICROS_PER_ROW = 100;
    /** Failpoint (test only, {@link Failpoints}): two-phase commit with only the first participant prepared. */
    public static final String AFTER_PARTIAL_PREPARE = "coordinator.2pc.after-partial-prepare";
    /** Failpoint: the GTM has recorded the commit decision, no COMMIT PREPARED sent. */
    public static final String AFTER_DECISION = "coordinator.2pc.after-decision";
    /** Failpoint: COMMIT PREPARED sent to the first participant only. */
    public static final String AFTER_FIRST_COMMIT_PREPARED = "coordinator.2pc.after-first-commit-prepared";

    private final DatanodeClients datanodes;
    private final GtmClient gtm;
    private final Duration baseDeadline;

    public TransactionCoordinator(DatanodeClients datanodes, GtmClient gtm) {
        this(datanodes, gtm, BASE_DEADLINE);
    }

    /** As above, with {@code baseDeadline} in place of {@link #BASE_DEADLINE}. */
    public TransactionCoordinator(DatanodeClients datanodes, GtmClient gtm, Duration baseDeadline) {
        this.datanodes = datanodes;
        this.gtm = gtm;
        this.baseDeadline = baseDeadline;
    }

    /**
     * The deadline of a commit-protocol call for a transaction that wrote {@code rowsWritten} rows, in
     * milliseconds: {@code baseDeadline} plus {@link #MICROS_PER_ROW} per row (30 s + 100 s for a million rows).
     */
    static long deadlineMillis(Duration baseDeadline, long rowsWritten) {
        return baseDeadline.toMillis() + Math.max(0, rowsWritten) * MICROS_PER_ROW / 1000;
    }

    private long deadlineMillis(Transaction txn) {
        long rows = 0;
        for (long n : txn.rowsChanged().values()) {
            rows += n;
        }
        return deadlineMillis(baseDeadline, rows);
    }

    /**
     * Commits a transaction.
     *
     * @throws TesseraException 08007 when the outcome is unknown; the error of a failed Prepare (after which the
     *     transaction is rolled back everywhere); 40000 when the GTM had already decided to abort it
     */
    public void commit(Transaction txn, CatalogSnapshot catalog) {
        commitParticipants(txn, catalog);
        if (!txn.rowsChanged().isEmpty()) {
            try {
                committed.accept(txn);
            } catch (RuntimeException e) {
                LOG.warn("after the commit of GXID {}: {}", txn.gxid(), e.toString());
            }
        }
    }

    /** Told of every committed transaction that wrote rows (auto-analyze's counters); must not throw. */
    private volatile java.util.function.Consumer<Transaction> committed = t -> { };

    /** Sets what is told of committed transactions that wrote rows. */
    public void onCommitted(java.util.function.Consumer<Transaction> listener) {
        this.committed = listener;
    }

    private void commitParticipants(Transaction txn, CatalogSnapshot catalog) {
        List<String> participants = new ArrayList<>(txn.participants());
        if (participants.isEmpty()) {
            return;
        }
        TxnRequest req = TxnRequest.newBuilder().setGxid(txn.gxid()).build();
        long deadline = deadlineMillis(txn);
        if (participants.size() == 1) {
            String name = participants.get(0);
            try {
                datanodes.blocking(node(catalog, name)).withDeadlineAfter(deadline, TimeUnit.MILLISECONDS)
                        .commitOnePhase(req);
                return;
            } catch (RuntimeException e) {
                TesseraException te = GrpcErrors.fromStatus(e, name);
                if (te.sqlState() != SqlState.DATANODE_UNAVAILABLE && te.sqlState() != SqlState.GTM_UNAVAILABLE) {
                    throw te; // the datanode answered: it refused and rolled back
                }
                requireDecision(txn, te);
                return;
            }
        }
        try {
            // a crash test stops the coordinator with only the first participant prepared
            boolean partial = Failpoints.armed(AFTER_PARTIAL_PREPARE);
            forAll(partial ? participants.subList(0, 1) : participants, name -> datanodes
                    .futureOnTransport(node(catalog, name))
                    .withDeadlineAfter(deadline, TimeUnit.MILLISECONDS).prepare(req));
            Failpoints.pause(AFTER_PARTIAL_PREPARE);
        } catch (TesseraException prepareFailed) {
            LOG.warn("prepare of GXID {} on {} failed: {}", txn.gxid(), participants, prepareFailed.getMessage());
            try {
                gtm.decide(txn.gxid(), false);
            } catch (TesseraException gtmDown) {
                LOG.warn("could not record the abort of GXID {}: {}", txn.gxid(), gtmDown.getMessage());
            }
            rollbackQuietly(txn, catalog);
            throw prepareFailed;
        }
        Decision d;
        try {
            d = gtm.decide(txn.gxid(), true);
        } catch (TesseraException e) {
            throw unknown(txn, e);
        }
        if (d.getOutcome() != Outcome.COMMITTED) {
            rollbackQuietly(txn, catalog);
            throw new TesseraException(SqlState.TRANSACTION_ROLLBACK, "transaction " + txn.gxid()
                    + " was rolled back: it had been decided aborted before it could commit");
        }
        Failpoints.pause(AFTER_DECISION);
        CommitPreparedRequest commit = CommitPreparedRequest.newBuilder().setGxid(txn.gxid())
                .setCommitTs(d.getCommitTs()).build();
        try {
            boolean partial = Failpoints.armed(AFTER_FIRST_COMMIT_PREPARED);
            forAll(partial ? participants.subList(0, 1) : participants, name -> datanodes
                    .futureOnTransport(node(catalog, name))
                    .withDeadlineAfter(deadline, TimeUnit.MILLISECONDS).commitPrepared(commit));
            Failpoints.pause(AFTER_FIRST_COMMIT_PREPARED);
        } catch (TesseraException e) {
            // committed: the decision is recorded; the participant that missed it resolves it from the GTM
            LOG.warn("GXID {} committed at {}, but a participant did not confirm: {}", txn.gxid(), d.getCommitTs(),
                    e.getMessage());
        }
    }

    /** After a lost reply: the GTM's decision says whether the transaction committed. */
    private void requireDecision(Transaction txn, TesseraException cause) {
        Decision d;
        try {
            d = gtm.decision(txn.gxid(), false);
        } catch (TesseraException e) {
            throw unknown(txn, cause);
        }
        if (d.getOutcome() == Outcome.COMMITTED) {
            return;
        }
        if (d.getOutcome() == Outcome.ABORTED) {
            throw new TesseraException(SqlState.TRANSACTION_ROLLBACK, "transaction " + txn.gxid()
                    + " was rolled back: " + cause.getMessage(), cause);
        }
        throw unknown(txn, cause);
    }

    private static TesseraException unknown(Transaction txn, TesseraException cause) {
        return new TesseraException(SqlState.TRANSACTION_RESOLUTION_UNKNOWN, "the outcome of transaction "
                + txn.gxid() + " is unknown: " + cause.getMessage(), null,
                "It commits or rolls back everywhere once the cluster recovers; check whether its changes are there.",
                0, cause);
    }

    /** Rolls a transaction back on every participant; failures are logged (intents of an unprepared transaction
     * die with it). */
    public void rollbackQuietly(Transaction txn, CatalogSnapshot catalog) {
        TxnRequest req = TxnRequest.newBuilder().setGxid(txn.gxid()).build();
        long deadline = deadlineMillis(txn);
        try {
            forAll(new ArrayList<>(txn.participants()), name -> datanodes.futureOnTransport(node(catalog, name))
                    .withDeadlineAfter(deadline, TimeUnit.MILLISECONDS).rollback(req));
        } catch (TesseraException e) {
            LOG.warn("rollback of GXID {} incomplete: {}", txn.gxid(), e.getMessage());
        }
    }

    /**
     * ROLLBACK TO SAVEPOINT: every participant undoes the transaction's writes from command id {@code boundary} on;
     * datanodes first written after the savepoint stop being participants.
     *
     * @throws TesseraException when a participant cannot be reached (the transaction can then only roll back)
     */
    public void rollbackTo(Transaction txn, int boundary, CatalogSnapshot catalog) {
        RollbackToSavepointRequest req = RollbackToSavepointRequest.newBuilder().setGxid(txn.gxid())
                .setFromCommandId(boundary).build();
        long deadline = deadlineMillis(txn);
        forAll(new ArrayList<>(txn.participants()), name -> datanodes.futureOnTransport(node(catalog, name))
                .withDeadlineAfter(deadline, TimeUnit.MILLISECONDS).rollbackToSavepoint(req));
        txn.forgetParticipantsFrom(boundary);
    }

    /**
     * Sends {@code call} to every node at once and waits for all of them, on this thread: the calls' futures
     * complete on gRPC's transport threads ({@link DatanodeClients#futureOnTransport}), so a participant's reply
     * wakes this thread directly rather than through a thread of its own.
     *
     * @throws TesseraException the first failed node's error (by the order of {@code nodes}), after all ended
     */
    private static void forAll(List<String> nodes, Function<String, ListenableFuture<?>> call) {
        List<ListenableFuture<?>> futures = new ArrayList<>();
        TesseraException first = null;
        for (String n : nodes) {
            try {
                futures.add(call.apply(n));
            } catch (RuntimeException e) {
                futures.add(null);
                first = first != null ? first : GrpcErrors.fromStatus(e, n);
            }
        }
        for (int i = 0; i < futures.size(); i++) {
            if (futures.get(i) == null) {
                continue;
            }
            try {
                Uninterruptibles.getUninterruptibly(futures.get(i));
            } catch (ExecutionException e) {
                if (first == null) {
                    first = GrpcErrors.fromStatus(e.getCause(), nodes.get(i));
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static NodeDef node(CatalogSnapshot catalog, String name) {
        return DatanodeClients.require(catalog.nodes(), name);
    }

    @Override
    public void close() {
        // nothing of its own to stop: the calls run on the datanodes' channels
    }
}
