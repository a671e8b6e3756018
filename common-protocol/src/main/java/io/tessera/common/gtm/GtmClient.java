package io.tessera.common.gtm;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.tessera.common.config.ClusterConfig;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.protocol.gtm.DecideRequest;
import io.tessera.protocol.gtm.Decision;
import io.tessera.protocol.gtm.GetDecisionRequest;
import io.tessera.protocol.gtm.GtmGrpc;
import io.tessera.protocol.gtm.GxidRequest;
import io.tessera.protocol.gtm.GxidResponse;
import io.tessera.protocol.gtm.TimestampRequest;
import io.tessera.protocol.gtm.Outcome;
import io.tessera.protocol.gtm.TimestampResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The client side of the GTM, used by coordinators and datanodes: {@link #timestamp()} and {@link #gxid()},
 * and transaction decisions with {@link #decide} and {@link #decision}.
 *
 * <p>Concurrent requests are combined — the built-in equivalent of Postgres-XL's GTM proxy. Each kind
 * (timestamps, GXIDs) has at most one RPC in flight; callers that arrive while it is in flight queue up, and
 * when it returns, everyone queued is sent together as one {@code GetTimestamps(count)}:
 *
 * <pre>
 *   caller A ──┐ RPC 1 (count 1) ────────────▶ A gets t1
 *   caller B ───────┐
 *   caller C ───────┴─ RPC 2 (count 2) ───────▶ B gets t2, C gets t2+1     (sent when RPC 1 returns)
 * </pre>
 *
 * Invariant: a timestamp is only ever handed to a caller that was already waiting when the RPC carrying it
 * was sent, so it is greater than every timestamp any caller had received before that caller asked. Nothing
 * is cached for later: a cached timestamp could be lower than a commit acknowledged in the meantime.
 * GXIDs follow the same path (they could be cached, but one RPC per batch is already cheap).
 *
 * <p>Failures: an RPC that fails or exceeds the deadline fails every caller of its batch with
 * {@link TesseraException} of {@link SqlState#GTM_UNAVAILABLE}; a caller also gives up after the deadline
 * measured from its own request. Thread-safe; callbacks run on gRPC's transport threads (direct executor)
 * and only complete futures and send the next batch.
 *
 * <p>Decisions are one RPC per call, not combined: each is already one fsync batched with others on the GTM.
 * They return the generated {@link Decision} message (gxid, {@link Outcome}, commit ts), checked on arrival: an
 * answer for another GXID, COMMITTED without a timestamp, ABORTED with one, or UNDECIDED where a decision was
 * asked for is treated as a failure of the GTM.
 */
public final class GtmClient implements AutoCloseable {
    /** Default deadline of one request. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);
    /** The largest batch sent in one RPC; more waiters wait for the next RPC. */
    static final int MAX_BATCH = 100_000;

    private final String target;
    private final ManagedChannel channel;
    private final boolean ownsChannel;
    private final GtmGrpc.GtmStub stub;
    private final GtmGrpc.GtmBlockingStub blockingStub;
    private final long deadlineNanos;
    private final Combiner timestamps = new Combiner("timestamp");
    private final Combiner gxids = new Combiner("GXID");
    private final AtomicLong rpcs = new AtomicLong();

    /** A client of the GTM at {@code host:port} with the default deadline. */
    public GtmClient(String host, int port) {
        this(host, port, DEFAULT_DEADLINE);
    }

    /** A client of the GTM at {@code host:port}; each request fails after {@code deadline}. */
    public GtmClient(String host, int port, Duration deadline) {
        this(NettyChannelBuilder.forAddress(host, port).usePlaintext().directExecutor().build(), true,
                host + ":" + port, deadline);
    }

    /** A client over an existing channel (not closed by {@link #close()}). */
    public GtmClient(ManagedChannel channel, Duration deadline) {
        this(channel, false, channel.authority(), deadline);
    }

    private GtmClient(ManagedChannel channel, boolean ownsChannel, String target, Duration deadline) {
        this.channel = channel;
        this.ownsChannel = ownsChannel;
        this.target = target;
        this.stub = GtmGrpc.newStub(channel);
        this.blockingStub = GtmGrpc.newBlockingStub(channel);
        this.deadlineNanos = deadline.toNanos();
    }

    /** A client of the GTM named in the cluster file. */
    public static GtmClient forCluster(ClusterConfig config) {
        return new GtmClient(config.gtm.host, config.gtm.port);
    }

    /**
     * A global timestamp (microseconds since the epoch, strictly greater than every timestamp any caller
     * received before this call began).
     *
     * @throws TesseraException {@link SqlState#GTM_UNAVAILABLE} when the GTM does not answer within the deadline
     */
    public long timestamp() {
        return timestamps.request();
    }

    /**
     * A new global transaction id, unique across the cluster's lifetime.
     *
     * @throws TesseraException {@link SqlState#GTM_UNAVAILABLE} when the GTM does not answer within the deadline
     */
    public long gxid() {
        return gxids.request();
    }

    /**
     * Records the outcome of transaction {@code gxid} at the GTM — compare-and-set, durable before the answer —
     * and returns the recorded decision. The first decision for a GXID wins: the answer is COMMITTED with a
     * commit timestamp (microseconds since the epoch, greater than every timestamp issued before this call) or
     * ABORTED (commit ts 0), and may be the opposite of {@code commit} when someone decided first (a participant
     * resolving an in-doubt transaction records an abort). Asking again returns the same decision.
     *
     * <p>Serves DESIGN.md "Commit, the one invariant": call it with {@code commit} only after every intent of the
     * transaction is prepared on every participant, then COMMIT PREPARED everywhere at the returned timestamp.
     *
     * @throws IllegalArgumentException when {@code gxid < 1}
     * @throws TesseraException {@link SqlState#GTM_UNAVAILABLE} when the GTM does not answer within the deadline,
     *     refuses, or answers nonsense. The decision may nevertheless have been recorded: the outcome is unknown
     *     (a coordinator reports 08007 and never rolls back on its own); {@link #decision} tells it later.
     */
    public Decision decide(long gxid, boolean commit) {
        return decisionCall("record the decision of GXID " + gxid, gxid, false,
                s -> s.decide(DecideRequest.newBuilder().setGxid(gxid).setCommit(commit).build()));
    }

    /**
     * The GTM's recorded decision for transaction {@code gxid}: COMMITTED with its commit timestamp or ABORTED
     * (commit ts 0). When none was made: with {@code abortIfUndecided}, ABORTED is recorded durably and returned
     * (presumed abort, for resolving an in-doubt transaction whose coordinator is gone); otherwise UNDECIDED
     * (commit ts 0) is returned and nothing is recorded.
     *
     * @throws IllegalArgumentException when {@code gxid < 1}
     * @throws TesseraException {@link SqlState#GTM_UNAVAILABLE} when the GTM does not answer within the deadline,
     *     refuses, or answers nonsense (with {@code abortIfUndecided}, an abort may have been recorded anyway)
     */
    public Decision decision(long gxid, boolean abortIfUndecided) {
        return decisionCall("get the decision of GXID " + gxid, gxid, !abortIfUndecided,
                s -> s.getDecision(GetDecisionRequest.newBuilder().setGxid(gxid)
                        .setAbortIfUndecided(abortIfUndecided).build()));
    }

    private Decision decisionCall(String action, long gxid, boolean undecidedAllowed,
                                  Function<GtmGrpc.GtmBlockingStub, Decision> rpc) {
        if (gxid < 1) {
            throw new IllegalArgumentException("a GXID is at least 1, got " + gxid);
        }
        rpcs.incrementAndGet();
        Decision d;
        try {
            d = rpc.apply(blockingStub.withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS));
        } catch (RuntimeException e) { // StatusRuntimeException: deadline, refusal, interrupt (CANCELLED)
            throw unavailableTo(action, e);
        }
        boolean wellFormed = d.getGxid() == gxid && switch (d.getOutcome()) {
            case COMMITTED -> d.getCommitTs() > 0;
            case ABORTED -> d.getCommitTs() == 0;
            case UNDECIDED -> undecidedAllowed && d.getCommitTs() == 0;
            default -> false;
        };
        if (!wellFormed) {
            throw unavailableTo(action, new IllegalStateException("GTM answered gxid " + d.getGxid() + " "
                    + d.getOutcome() + " commit ts " + d.getCommitTs()));
        }
        return d;
    }

    /** How many RPCs this client has sent (for tests and metrics: fewer than requests means batching). */
    public long rpcCount() {
        return rpcs.get();
    }

    @Override
    public void close() {
        if (ownsChannel) {
            channel.shutdownNow();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private TesseraException unavailable(String what, Throwable cause) {
        return unavailableTo("get a " + what, cause);
    }

    private TesseraException unavailableTo(String action, Throwable cause) {
        if (cause instanceof StatusRuntimeException sre && sre.getStatus().getCode() == Status.Code.UNAVAILABLE) {
            // a restarted GTM is reached on the next call, not after gRPC's reconnect backoff (up to 2 minutes)
            channel.resetConnectBackoff();
        }
        String reason = cause == null ? "no answer within " + TimeUnit.NANOSECONDS.toMillis(deadlineNanos) + " ms"
                : cause instanceof StatusRuntimeException sre ? describe(sre.getStatus()) : cause.toString();
        return new TesseraException(SqlState.GTM_UNAVAILABLE,
                "GTM at " + target + " is unavailable: cannot " + action + " (" + reason + ")", cause);
    }

    private static String describe(Status status) {
        return status.getDescription() == null ? status.getCode().toString()
                : status.getCode() + ": " + status.getDescription();
    }

    /** The queue of callers of one kind and its single in-flight RPC. */
    private final class Combiner {
        private final String what;
        private final Object lock = new Object();
        private List<CompletableFuture<Long>> waiting = new ArrayList<>();
        private boolean inFlight;

        Combiner(String what) {
            this.what = what;
        }

        long request() {
            CompletableFuture<Long> future = new CompletableFuture<>();
            boolean send;
            synchronized (lock) {
                waiting.add(future);
                send = !inFlight;
                if (send) {
                    inFlight = true;
                }
            }
            if (send) {
                sendNext();
            }
            try {
                return future.get(deadlineNanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                future.cancel(false);
                throw unavailable(what, null);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof TesseraException te ? te : unavailable(what, cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                future.cancel(false);
                throw new TesseraException(SqlState.QUERY_CANCELED, "interrupted while waiting for a " + what);
            }
        }

        /** Sends everyone waiting as one RPC; called with inFlight set by the caller. */
        private void sendNext() {
            List<CompletableFuture<Long>> batch;
            synchronized (lock) {
                waiting.removeIf(CompletableFuture::isDone); // callers that gave up
                if (waiting.isEmpty()) {
                    inFlight = false;
                    return;
                }
                if (waiting.size() <= MAX_BATCH) {
                    batch = waiting;
                    waiting = new ArrayList<>();
                } else {
                    batch = new ArrayList<>(waiting.subList(0, MAX_BATCH));
                    waiting = new ArrayList<>(waiting.subList(MAX_BATCH, waiting.size()));
                }
            }
            rpcs.incrementAndGet();
            int count = batch.size();
            GtmGrpc.GtmStub call = stub.withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS);
            try {
                if (this == timestamps) {
                    call.getTimestamps(TimestampRequest.newBuilder().setCount(count).build(),
                            new Reply<TimestampResponse>(batch) {
                                @Override
                                long first(TimestampResponse r) {
                                    return r.getFirst();
                                }

                                @Override
                                int count(TimestampResponse r) {
                                    return r.getCount();
                                }
                            });
                } else {
                    call.getGxids(GxidRequest.newBuilder().setCount(count).build(),
                            new Reply<GxidResponse>(batch) {
                                @Override
                                long first(GxidResponse r) {
                                    return r.getFirst();
                                }

                                @Override
                                int count(GxidResponse r) {
                                    return r.getCount();
                                }
                            });
                }
            } catch (RuntimeException e) { // e.g. the channel is shut down
                fail(batch, e);
                sendNext();
            }
        }

        private void fail(List<CompletableFuture<Long>> batch, Throwable cause) {
            TesseraException error = unavailable(what, cause);
            for (CompletableFuture<Long> f : batch) {
                f.completeExceptionally(error);
            }
        }

        /** Completes a batch from one response, then sends whoever queued up meanwhile. */
        private abstract class Reply<R> implements StreamObserver<R> {
            private final List<CompletableFuture<Long>> batch;
            private boolean answered;

            Reply(List<CompletableFuture<Long>> batch) {
                this.batch = batch;
            }

            abstract long first(R response);

            abstract int count(R response);

            @Override
            public void onNext(R response) {
                answered = true;
                if (count(response) < batch.size()) {
                    fail(batch, new IllegalStateException("GTM returned " + count(response) + " values for "
                            + batch.size()));
                    return;
                }
                long first = first(response);
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).complete(first + i);
                }
            }

            @Override
            public void onError(Throwable t) {
                fail(batch, t);
                sendNext();
            }

            @Override
            public void onCompleted() {
                if (!answered) {
                    fail(batch, new IllegalStateException("GTM closed the call without an answer"));
                }
                sendNext();
            }
        }
    }
}
