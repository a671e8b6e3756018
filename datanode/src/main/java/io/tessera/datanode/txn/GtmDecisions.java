package io.tessera.datanode.txn;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.gtm.GtmClient;
import io.tessera.protocol.gtm.DecideRequest;
import io.tessera.protocol.gtm.Decision;
import io.tessera.protocol.gtm.GetDecisionRequest;
import io.tessera.protocol.gtm.GtmGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What a datanode asks the GTM about transaction outcomes ({@code gtm.proto}: Decide, GetDecision) and for
 * one-phase commit timestamps (GetTimestamps). An interface
 * so that tests can stand in for the GTM; {@link #of(GtmClient)} is the real one ({@link #grpc} talks to the
 * generated stub directly).
 */
public interface GtmDecisions {
    /**
     * Records the outcome of {@code gxid} (compare-and-set: the first decision wins and is returned). A commit
     * decision carries the commit timestamp the GTM took after this call arrived.
     *
     * @throws TesseraException GTM_UNAVAILABLE when the GTM does not answer — the outcome is then unknown
     */
    Decision decide(long gxid, boolean commit);

    /**
     * The recorded outcome of {@code gxid}; UNDECIDED when none, unless {@code abortIfUndecided} (presumed abort).
     *
     * @throws TesseraException GTM_UNAVAILABLE when the GTM does not answer
     */
    Decision decision(long gxid, boolean abortIfUndecided);

    /**
     * A fresh global timestamp (microseconds since the epoch), strictly greater than every timestamp the GTM
     * issued before this call began: the commit timestamp of a one-phase commit, taken after its intents are
     * marked prepared. Nothing is recorded at the GTM.
     *
     * @throws TesseraException GTM_UNAVAILABLE when the GTM does not answer
     */
    long timestamp();

    /** The GTM through the shared client ({@link GtmClient#decide}, {@link GtmClient#decision}). */
    static GtmDecisions of(GtmClient client) {
        return new GtmDecisions() {
            @Override
            public Decision decide(long gxid, boolean commit) {
                return client.decide(gxid, commit);
            }

            @Override
            public Decision decision(long gxid, boolean abortIfUndecided) {
                return client.decision(gxid, abortIfUndecided);
            }

            @Override
            public long timestamp() {
                return client.timestamp();
            }
        };
    }

    /** A client of the GTM behind {@code channel}; each call fails after {@code deadline}. */
    static GtmDecisions grpc(Channel channel, Duration deadline) {
        GtmGrpc.GtmBlockingStub stub = GtmGrpc.newBlockingStub(channel);
        long nanos = deadline.toNanos();
        return new GtmDecisions() {
            @Override
            public Decision decide(long gxid, boolean commit) {
                try {
                    return stub.withDeadlineAfter(nanos, TimeUnit.NANOSECONDS)
                            .decide(DecideRequest.newBuilder().setGxid(gxid).setCommit(commit).build());
                } catch (StatusRuntimeException e) {
                    throw unavailable("record the outcome of transaction " + gxid, e);
                }
            }

            @Override
            public Decision decision(long gxid, boolean abortIfUndecided) {
                try {
                    return stub.withDeadlineAfter(nanos, TimeUnit.NANOSECONDS).getDecision(GetDecisionRequest
                            .newBuilder().setGxid(gxid).setAbortIfUndecided(abortIfUndecided).build());
                } catch (StatusRuntimeException e) {
                    throw unavailable("read the outcome of transaction " + gxid, e);
                }
            }

            @Override
            public long timestamp() {
                try {
                    return stub.withDeadlineAfter(nanos, TimeUnit.NANOSECONDS).getTimestamps(
                            io.tessera.protocol.gtm.TimestampRequest.newBuilder().setCount(1).build()).getFirst();
                } catch (StatusRuntimeException e) {
                    throw unavailable("take a commit timestamp", e);
                }
            }
        };
    }

    /** Stands in where no GTM is configured (storage-only tests): every call fails with GTM_UNAVAILABLE. */
    static GtmDecisions none() {
        return new GtmDecisions() {
            @Override
            public Decision decide(long gxid, boolean commit) {
                throw new TesseraException(SqlState.GTM_UNAVAILABLE, "no GTM is configured for this datanode");
            }

            @Override
            public Decision decision(long gxid, boolean abortIfUndecided) {
                throw new TesseraException(SqlState.GTM_UNAVAILABLE, "no GTM is configured for this datanode");
            }

            @Override
            public long timestamp() {
                throw new TesseraException(SqlState.GTM_UNAVAILABLE, "no GTM is configured for this datanode");
            }
        };
    }

    private static TesseraException unavailable(String what, StatusRuntimeException e) {
        return new TesseraException(SqlState.GTM_UNAVAILABLE, "GTM is unavailable: cannot " + what + " ("
                + e.getStatus().getCode() + (e.getStatus().getDescription() == null ? "" : ": "
                + e.getStatus().getDescription()) + ")", e);
    }
}
