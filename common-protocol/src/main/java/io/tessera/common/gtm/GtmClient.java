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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
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
 * {@link #startTransaction()} queues a GXID and a timestamp request before waiting for either, so a transaction's
 * start costs one round trip.
 *
 * <p>Cost: with many concurrent callers the work per value is the caller's own wake-up, so the queue is a lock-free
 * stack (no monitor convoy when a batch of callers wakes and asks again at once) and a caller parks on a plain
 * waiter object rather than a CompletableFuture. On the 2-core development machine this doubled the timestamps per
 * second served to 64 requesters (docs/BENCHMARKS.md).
 *
 * <p>Failures: an RPC that fails or exceeds the deadline fails every caller of its batch with
 * {@link TesseraException} of {@link SqlState#GTM_UNAVAILABLE}; a caller also gives up after the deadline
 * measured from its own request. Thread-safe; callbacks run on gRPC's transport threads (direct executor)
 * and only wake waiters and send the next batch.
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
        this(NettyChannelBuilder.forAddress(host, port).usePlaintext().directExecutor()
                // no gRPC retries (and no retry buffering per call): a failed GTM request fails its statement
                .disableRetry().build(), true,
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

    /** A new transaction's GXID and start timestamp. */
    public record TransactionStart(long gxid, long startTs) {
    }

    /**
     * A new GXID and a global timestamp (as {@link #gxid()} and {@link #timestamp()}) asked for at once: both
     * requests are queued before waiting, so the two RPCs travel concurrently and a transaction's start costs one
     * GTM round trip instead of two.
     *
     * @throws TesseraException {@link SqlState#GTM_UNAVAILABLE} when the GTM does not answer within the deadline
     */
    public TransactionStart startTransaction() {
        return requestTransactionStart().join();
    }

    /**
     * {@link #startTransaction()} asked for now and waited for later: the GXID and timestamp requests are queued
     * (and sent, or combined with the RPC in flight) before this returns, and {@link PendingStart#join} waits for
     * them, on any thread. The timestamp is therefore greater than every timestamp any caller had received before
     * this call, not before the join: it is no snapshot for a statement that starts later (DESIGN.md
     * "Transactions": timestamps are never cached), only a transaction's start.
     */
    public PendingStart requestTransactionStart() {
        long deadline = System.nanoTime() + deadlineNanos;
        Waiter g = gxids.enqueue();
        return new PendingStart(g, timestamps.enqueue(), deadline);
    }

    /** A transaction start asked for by {@link #requestTransactionStart()}; joined at most once. */
    public final class PendingStart {
        private final Waiter gxid;
        private final Waiter timestamp;
        private final long deadline;

        private PendingStart(Waiter gxid, Waiter timestamp, long deadline) {
            this.gxid = gxid;
            this.timestamp = timestamp;
            this.deadline = deadline;
        }

        /**
         * Waits for the GXID and the timestamp, until the deadline counted from the request.
         *
         * @throws TesseraException {@link SqlState#GTM_UNAVAILABLE} when the GTM did not answer within the deadline
         */
        public TransactionStart join() {
            try {
                long g = gxids.await(gxid, deadline);
                return new TransactionStart(g, timestamps.await(timestamp, deadline));
            } catch (RuntimeException e) {
                timestamp.abandon();
                throw e;
            }
        }
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
            d = rpc.apply(ready(blockingStub));
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

    /**
     * {@code s} for one call: it waits (up to the deadline) for the channel to connect rather than failing at once
     * while gRPC backs off from an earlier failure, and a channel in that state is first told to reconnect now, so
     * a restarted GTM serves the next call. While the GTM is down a call thus fails at its deadline, not at once.
     */
    private <S extends io.grpc.stub.AbstractStub<S>> S ready(S s) {
        if (channel.getState(false) == io.grpc.ConnectivityState.TRANSIENT_FAILURE) {
            channel.resetConnectBackoff();
        }
        return s.withWaitForReady().withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS);
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

    /**
     * One caller waiting for a value: parked until the reply of the RPC carrying its request completes it. Lighter
     * than a CompletableFuture on this path, which runs once per statement: one object, one park, one unpark.
     */
    private static final class Waiter {
        private static final int WAITING = 0;
        private static final int DONE = 1;
        private static final int FAILED = 2;
        /** The caller gave up (deadline, interrupt) before an answer. */
        private static final int ABANDONED = 3;
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** The thread to wake: the requester's, or the one that waits ({@link Combiner#await} sets it). */
        volatile Thread thread = Thread.currentThread();
        volatile int state;
        /** Written before state becomes DONE / FAILED; read after seeing it. */
        long value;
        TesseraException error;
        /** The next older waiter in a combiner's stack. */
        Waiter next;

        void complete(long v) {
            value = v;
            if (STATE.compareAndSet(this, WAITING, DONE)) {
                LockSupport.unpark(thread);
            }
        }

        void fail(TesseraException e) {
            error = e;
            if (STATE.compareAndSet(this, WAITING, FAILED)) {
                LockSupport.unpark(thread);
            }
        }

        boolean abandon() {
            return STATE.compareAndSet(this, WAITING, ABANDONED);
        }
    }

    /**
     * The callers of one kind waiting to be sent and the single in-flight RPC, without a lock: callers push
     * themselves on a Treiber stack and, when no RPC is in flight, claim the in-flight flag and send; the reply's
     * callback takes the whole stack at once and sends it as the next RPC. Every caller in an RPC was waiting
     * when it was sent, which is the invariant of the class comment; the order within a batch does not matter.
     */
    private final class Combiner {
        private final String what;
        private final AtomicReference<Waiter> stack = new AtomicReference<>();
        private final AtomicBoolean inFlight = new AtomicBoolean();

        Combiner(String what) {
            this.what = what;
        }

        /** Queues a caller and sends it unless an RPC is in flight (whose reply will send it). */
        Waiter enqueue() {
            Waiter w = new Waiter();
            Waiter top;
            do {
                top = stack.get();
                w.next = top;
            } while (!stack.compareAndSet(top, w));
            if (inFlight.compareAndSet(false, true)) {
                sendNext();
            }
            return w;
        }

        long request() {
            return await(enqueue(), System.nanoTime() + deadlineNanos);
        }

        /** Waits for {@code w} until {@code deadline} (System.nanoTime()). */
        long await(Waiter w, long deadline) {
            // written before the state is read: a completer that set the state after that read sees this thread
            w.thread = Thread.currentThread();
            boolean interrupted = false;
            try {
                while (w.state == Waiter.WAITING) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        if (w.abandon()) {
                            throw unavailable(what, null);
                        }
                        break;
                    }
                    LockSupport.parkNanos(this, left);
                    if (Thread.interrupted()) {
                        interrupted = true;
                        if (w.abandon()) {
                            throw new TesseraException(SqlState.QUERY_CANCELED, "interrupted while waiting for a "
                                    + what);
                        }
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            if (w.state == Waiter.DONE) {
                return w.value;
            }
            throw w.error;
        }

        /** Sends everyone waiting as one RPC; called by whoever set inFlight. */
        private void sendNext() {
            while (true) {
                List<Waiter> batch = takeBatch();
                if (batch.isEmpty()) {
                    inFlight.set(false);
                    // a caller that pushed after takeBatch() saw inFlight set and left the sending to us
                    if (stack.get() != null && inFlight.compareAndSet(false, true)) {
                        continue;
                    }
                    return;
                }
                rpcs.incrementAndGet();
                int count = batch.size();
                GtmGrpc.GtmStub call = ready(stub);
                // The batch serves many callers: it must not inherit the gRPC context of the thread that happens to
                // send it (a datanode's RPC handler), whose cancellation would cancel everyone's request.
                io.grpc.Context previous = io.grpc.Context.ROOT.attach();
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
                    return;
                } catch (RuntimeException e) { // e.g. the channel is shut down
                    fail(batch, e);
                } finally {
                    io.grpc.Context.ROOT.detach(previous);
                }
            }
        }

        /** Takes every waiting caller still waiting (at most MAX_BATCH; the rest go back), oldest first. */
        private List<Waiter> takeBatch() {
            Waiter top = stack.getAndSet(null);
            ArrayList<Waiter> batch = new ArrayList<>();
            for (Waiter w = top; w != null; w = w.next) {
                if (w.state == Waiter.WAITING) {
                    batch.add(w);
                }
            }
            java.util.Collections.reverse(batch);
            if (batch.size() > MAX_BATCH) {
                for (Waiter w : batch.subList(MAX_BATCH, batch.size())) {
                    Waiter t;
                    do {
                        t = stack.get();
                        w.next = t;
                    } while (!stack.compareAndSet(t, w));
                }
                return new ArrayList<>(batch.subList(0, MAX_BATCH));
            }
            return batch;
        }

        private void fail(List<Waiter> batch, Throwable cause) {
            TesseraException error = unavailable(what, cause);
            for (Waiter w : batch) {
                w.fail(error);
            }
        }

        /** Completes a batch from one response, then sends whoever queued up meanwhile. */
        private abstract class Reply<R> implements StreamObserver<R> {
            private final List<Waiter> batch;
            private boolean answered;

            Reply(List<Waiter> batch) {
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
