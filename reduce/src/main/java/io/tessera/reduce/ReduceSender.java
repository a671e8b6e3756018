package io.tessera.reduce;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.protocol.reduce.PushAck;
import io.tessera.protocol.reduce.ReduceBatch;
import io.tessera.protocol.reduce.ReduceGrpc;
import io.tessera.protocol.reduce.ReduceHeader;
import io.tessera.protocol.reduce.ReduceMessage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The sending end of one reduce stream to one receiver: a Push call whose batches go out only while the call is
 * ready ({@code isReady()}), the sender's thread waiting for gRPC's onReady callback otherwise. The receiver's
 * credits (see {@link ReduceService}) decide when the call becomes ready again, so {@link #send} blocks while the
 * receiver's consumer is behind.
 *
 * <p>Used by one thread (gRPC's request stream is not thread-safe). Always end it: {@link #finish()} or
 * {@link #abort}.
 */
public final class ReduceSender implements AutoCloseable {
    private final String target;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final CompletableFuture<PushAck> ack = new CompletableFuture<>();
    private final BooleanSupplier stop;
    private ClientCallStreamObserver<ReduceMessage> requests;
    private long batchesSent;
    private long waits;
    private boolean ended;

    private final Channel channel;
    private final InboxKey key;
    private final String sender;

    private ReduceSender(Channel channel, String target, InboxKey key, String sender, BooleanSupplier stop) {
        this.channel = channel;
        this.target = target;
        this.key = key;
        this.sender = sender;
        this.stop = stop;
    }

    /**
     * Opens a Push call on {@code channel} to the inbox {@code key} on node {@code target} and sends the header.
     *
     * @param sender this node's name, for the receiver's messages
     * @param stop polled while waiting for credit: true ends the wait with 57014 (statement cancelled)
     */
    public static ReduceSender open(Channel channel, String target, InboxKey key, String sender, BooleanSupplier stop) {
        return open(channel, target, key, sender, stop, 0);
    }

    /**
     * As {@link #open(Channel, String, InboxKey, String, BooleanSupplier)}, asking the receiver to hold the call up to
     * {@code waitForOpenMs} until the inbox opens (an exchange's receivers open their inboxes as their own fragment
     * starts, which may be after a peer's sender started).
     */
    public static ReduceSender open(Channel channel, String target, InboxKey key, String sender, BooleanSupplier stop,
            int waitForOpenMs) {
        ReduceSender s = new ReduceSender(channel, target, key, sender, stop);
        ReduceGrpc.newStub(channel).push(s.new Responses());
        s.requests.onNext(ReduceMessage.newBuilder().setHeader(ReduceHeader.newBuilder().setJobId(key.jobId())
                .setStreamId(key.streamId()).setSender(sender).setWaitForOpenMs(waitForOpenMs)).build());
        return s;
    }

    /** Receives the ack and the call's readiness changes. */
    private final class Responses implements ClientResponseObserver<ReduceMessage, PushAck> {
        @Override
        public void beforeStart(ClientCallStreamObserver<ReduceMessage> requestStream) {
            requests = requestStream;
            requestStream.setOnReadyHandler(ReduceSender.this::signal);
        }

        @Override
        public void onNext(PushAck value) {
            ack.complete(value);
        }

        @Override
        public void onError(Throwable t) {
            ack.completeExceptionally(GrpcErrors.fromStatus(t, target));
            signal();
        }

        @Override
        public void onCompleted() {
            ack.complete(PushAck.getDefaultInstance());
            signal();
        }
    }

    private void signal() {
        lock.lock();
        try {
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends one batch, first waiting until the call is ready (the receiver granted credit).
     *
     * @throws TesseraException the receiver's error (the call failed), or 57014 when {@code stop} said so
     */
    public void send(ReduceBatch batch) {
        awaitReady();
        requests.onNext(ReduceMessage.newBuilder().setBatch(batch).build());
        batchesSent++;
    }

    private void awaitReady() {
        if (ended) {
            throw new IllegalStateException("reduce stream to " + target + " already ended");
        }
        lock.lock();
        try {
            boolean waited = false;
            while (!requests.isReady()) {
                if (ack.isCompletedExceptionally()) {
                    break;
                }
                if (stop.getAsBoolean()) {
                    throw new TesseraException(SqlState.QUERY_CANCELED, "reduce stream to " + target + " cancelled");
                }
                waited = true;
                try {
                    ready.await(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TesseraException(SqlState.QUERY_CANCELED, "reduce stream to " + target + " interrupted");
                }
            }
            if (waited) {
                waits++;
            }
        } finally {
            lock.unlock();
        }
        if (ack.isCompletedExceptionally()) {
            ended = true;
            throw failure();
        }
    }

    private TesseraException failure() {
        try {
            ack.getNow(null);
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause() instanceof TesseraException te ? te
                    : new TesseraException(SqlState.INTERNAL_ERROR, "reduce stream to " + target + " failed", e.getCause());
        }
        return new TesseraException(SqlState.INTERNAL_ERROR, "reduce stream to " + target + " failed");
    }

    /**
     * Ends this sender's part of the stream and waits (at most {@code timeoutMs}) for the receiver's count.
     *
     * @throws TesseraException the receiver's error, or 57014 when the wait timed out
     */
    public PushAck finish(long timeoutMs) {
        if (!ended) {
            ended = true;
            requests.onCompleted();
        }
        try {
            return ack.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof TesseraException te ? te
                    : new TesseraException(SqlState.INTERNAL_ERROR, "reduce stream to " + target + " failed", e.getCause());
        } catch (TimeoutException e) {
            abort("timed out");
            throw new TesseraException(SqlState.QUERY_CANCELED, "reduce stream to " + target
                    + " did not finish within " + timeoutMs + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort("interrupted");
            throw new TesseraException(SqlState.QUERY_CANCELED, "reduce stream to " + target + " interrupted");
        }
    }

    /**
     * Ends this sender's part of the stream and waits, as long as it takes, for the receiver's count — which comes
     * once the receiver's consumer has taken this sender's batches — checking {@code stop} every 200 ms.
     *
     * @throws TesseraException the receiver's error, or 57014 (the call cancelled) when {@code stop} said so
     */
    public PushAck finish(BooleanSupplier stopWaiting) {
        if (!ended) {
            ended = true;
            requests.onCompleted();
        }
        while (true) {
            try {
                return ack.get(200, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof TesseraException te ? te
                        : new TesseraException(SqlState.INTERNAL_ERROR, "reduce stream to " + target + " failed",
                                e.getCause());
            } catch (TimeoutException e) {
                if (stopWaiting.getAsBoolean()) {
                    requests.cancel("stopped", null);
                    throw new TesseraException(SqlState.QUERY_CANCELED, "reduce stream to " + target + " cancelled");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                requests.cancel("interrupted", null);
                throw new TesseraException(SqlState.QUERY_CANCELED, "reduce stream to " + target + " interrupted");
            }
        }
    }

    /**
     * Ends the stream with the sender's own error: first the receiver's inbox is failed with {@code cause}'s
     * SQLSTATE and message (the Abort call, ahead of any batches still queued on the Push, waiting at most 2 s),
     * then the Push is cancelled. The receiver so reports a user's error such as 22012 as itself, not as a lost
     * peer. A receiver that cannot be reached is skipped.
     */
    public void fail(TesseraException cause) {
        try {
            ReduceGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS).abort(
                    io.tessera.protocol.reduce.ReduceAbort.newBuilder().setJobId(key.jobId())
                            .setStreamId(key.streamId()).setSender(sender).setSqlstate(cause.sqlState().code())
                            .setMessage(cause.getMessage() == null ? "" : cause.getMessage()).build());
        } catch (RuntimeException e) {
            // the receiver is gone or slow: the cancellation below still ends its inbox
        }
        if (ended) {
            requests.cancel(cause.getMessage(), null); // half-closed, waiting for the ack
        } else {
            abort(cause.getMessage());
        }
    }

    /** Cancels the call: the receiver's inbox fails. Idempotent. */
    public void abort(String why) {
        if (!ended) {
            ended = true;
            requests.onError(Status.CANCELLED.withDescription(why).asRuntimeException());
        }
    }

    /** Batches sent so far. */
    public long batchesSent() {
        return batchesSent;
    }

    /** How many sends had to wait for credit (the receiver was behind). */
    public long creditWaits() {
        return waits;
    }

    /** Aborts unless finished. */
    @Override
    public void close() {
        abort("closed");
    }
}
