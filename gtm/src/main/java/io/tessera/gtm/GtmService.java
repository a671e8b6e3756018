package io.tessera.gtm;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.tessera.protocol.gtm.GtmGrpc;
import io.tessera.protocol.gtm.GxidRequest;
import io.tessera.protocol.gtm.GxidResponse;
import io.tessera.protocol.gtm.TimestampRequest;
import io.tessera.protocol.gtm.TimestampResponse;
import java.io.UncheckedIOException;

/**
 * The {@code tessera.gtm.Gtm} gRPC service (common-protocol's {@code gtm.proto}) over a {@link TimestampOracle}.
 * A count outside 1..{@link #MAX_COUNT} is INVALID_ARGUMENT; a mark that cannot be made durable is
 * UNAVAILABLE (the caller reports GTM_UNAVAILABLE), and nothing is handed out in that case.
 */
public final class GtmService extends GtmGrpc.GtmImplBase {
    /** The largest batch one call may ask for. */
    public static final int MAX_COUNT = 1_000_000;

    private final TimestampOracle oracle;

    public GtmService(TimestampOracle oracle) {
        this.oracle = oracle;
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
