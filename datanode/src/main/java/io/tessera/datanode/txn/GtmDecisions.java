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
 * What a datanode asks the GTM about transaction outcomes ({@code gtm.proto}: Decide, GetDecision). An interface
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
        };
    }

    private static TesseraException unavailable(String what, StatusRuntimeException e) {
        return new TesseraException(SqlState.GTM_UNAVAILABLE, "GTM is unavailable: cannot " + what + " ("
                + e.getStatus().getCode() + (e.getStatus().getDescription() == null ? "" : ": "
                + e.getStatus().getDescription()) + ")", e);
    }
}
