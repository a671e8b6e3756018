package io.tessera.gtm;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.tessera.protocol.gtm.Decision;
import io.tessera.protocol.gtm.DecideRequest;
import io.tessera.protocol.gtm.GetDecisionRequest;
import io.tessera.protocol.gtm.GtmGrpc;
import io.tessera.protocol.gtm.GxidRequest;
import io.tessera.protocol.gtm.GxidResponse;
import io.tessera.protocol.gtm.TimestampRequest;
import io.tessera.protocol.gtm.TimestampResponse;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The {@code tessera.gtm.Gtm} gRPC service (common-protocol's {@code gtm.proto}) over a {@link TimestampOracle}
 * and a {@link DecisionStore}. A count outside 1..{@link #MAX_COUNT} or a GXID below 1 is INVALID_ARGUMENT; a
 * mark or a decision that cannot be made durable is UNAVAILABLE (the caller reports GTM_UNAVAILABLE), and
 * nothing is handed out in that case — except that a decision whose write failed may or may not be on disk, so
 * for Decide UNAVAILABLE means "outcome unknown", never "not committed".
 *
 * <p>Decide and GetDecision do not block the transport thread: the reply is sent when the decision's fsync
 * completes, from the store's sync thread.
 */
public final class GtmService extends GtmGrpc.GtmImplBase {
    /** The largest batch one call may ask for. */
    public static final int MAX_COUNT = 1_000_000;

    private final TimestampOracle oracle;
    private final DecisionStore decisions;

    public GtmService(TimestampOracle oracle, DecisionStore decisions) {
        this.oracle = oracle;
        this.decisions = decisions;
    }

    @Override
    public void decide(DecideRequest request, StreamObserver<Decision> response) {
        if (validGxid(request.getGxid(), response)) {
            reply(decisions.decide(request.getGxid(), request.getCommit()), response);
        }
    }

    @Override
    public void getDecision(GetDecisionRequest request, StreamObserver<Decision> response) {
        if (validGxid(request.getGxid(), response)) {
            reply(decisions.decision(request.getGxid(), request.getAbortIfUndecided()), response);
        }
    }

    private static void reply(CompletableFuture<Decision> decision, StreamObserver<Decision> response) {
        if (response instanceof ServerCallStreamObserver<Decision> call) {
            // A caller that gave up misses the answer; the decision stands and is returned to whoever asks next.
            call.setOnCancelHandler(() -> { });
        }
        decision.whenComplete((d, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                response.onError(Status.UNAVAILABLE.withDescription(String.valueOf(cause.getMessage()))
                        .withCause(cause).asRuntimeException());
            } else {
                response.onNext(d);
                response.onCompleted();
            }
        });
    }

    private static boolean validGxid(long gxid, StreamObserver<?> response) {
        if (gxid < 1) {
            response.onError(Status.INVALID_ARGUMENT
                    .withDescription("a GXID is at least 1, got " + gxid).asRuntimeException());
            return false;
        }
        return true;
    }

    @Override
    public void getTimestamps(TimestampRequest request, StreamObserver<TimestampResponse> response) {
        int count = request.getCount();
        if (!validCount(count, response)) {
            return;
        }
        long first;
        try {
            first = oracle.nextTimestamps(count);
        } catch (UncheckedIOException e) {
            response.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        response.onNext(TimestampResponse.newBuilder().setFirst(first).setCount(count).build());
        response.onCompleted();
    }

    @Override
    public void getGxids(GxidRequest request, StreamObserver<GxidResponse> response) {
        int count = request.getCount();
        if (!validCount(count, response)) {
            return;
        }
        long first;
        try {
            first = oracle.nextGxids(count);
        } catch (UncheckedIOException e) {
            response.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        response.onNext(GxidResponse.newBuilder().setFirst(first).setCount(count).build());
        response.onCompleted();
    }

    private static boolean validCount(int count, StreamObserver<?> response) {
        if (count < 1 || count > MAX_COUNT) {
            response.onError(Status.INVALID_ARGUMENT
                    .withDescription("count must be in 1.." + MAX_COUNT + ", got " + count).asRuntimeException());
            return false;
        }
        return true;
    }
}
