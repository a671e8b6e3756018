package io.tessera.reduce;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.protocol.reduce.PushAck;
import io.tessera.protocol.reduce.ReduceBatch;
import io.tessera.protocol.reduce.ReduceGrpc;
import io.tessera.protocol.reduce.ReduceMessage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node's reduce endpoint: the {@code Reduce} gRPC service ({@code reduce.proto}) and the inboxes open on this
 * node. A Push call names its inbox in its first message; a call for an inbox that is not open fails with 55000.
 *
 * <p>Flow control: each call's automatic message requests are disabled ({@code disableAutoRequest}); the call
 * asks for the header, then for {@code credits} batches, and afterwards for one more batch each time the inbox's
 * consumer takes one of its batches ({@code request(1)}, which gRPC allows from any thread). The sender sees
 * {@code isReady() == false} once the HTTP/2 window fills behind the un-requested messages.
 */
public final class ReduceService extends ReduceGrpc.ReduceImplBase {
    /** Default credits per sender: enough to keep the pipe busy while the consumer works on one batch. */
    public static final int DEFAULT_CREDITS = 4;

    private final Map<InboxKey, Inbox> inboxes = new ConcurrentHashMap<>();
    /** Push calls whose header asked to wait ({@code wait_for_open_ms}) for an inbox not open yet. */
    private final Map<InboxKey, java.util.List<PushCall>> waiting = new java.util.HashMap<>();
    private int waitingCalls;
    private static final java.util.concurrent.ScheduledExecutorService TIMER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "reduce-open-timeout");
                t.setDaemon(true);
                return t;
            });

    /**
     * Opens an inbox for {@code senders} senders, each allowed {@code credits} batches waiting in it.
     *
     * @throws TesseraException 42710 when an inbox with this key is open
     */
    public Inbox open(InboxKey key, int senders, int credits) {
        Inbox[] made = {null};
        inboxes.computeIfAbsent(key, k -> made[0] = new Inbox(k, senders, credits, () -> inboxes.remove(k)));
        if (made[0] == null) {
            throw new TesseraException(SqlState.DUPLICATE_OBJECT, "reduce stream " + key + " is already open");
        }
        java.util.List<PushCall> early;
        synchronized (waiting) {
            early = waiting.remove(key);
            if (early != null) {
                waitingCalls -= early.size();
            }
        }
        if (early != null) {
            early.forEach(p -> p.attachLate(made[0]));
        }
        return made[0];
    }

    /** The open inbox with this key, or null. */
    public Inbox inbox(InboxKey key) {
        return inboxes.get(key);
    }

    /** Inboxes open on this node. */
    public int openInboxes() {
        return inboxes.size();
    }

    /** Inboxes open on this node plus Push calls waiting for their inbox to open. */
    public int openStreams() {
        synchronized (waiting) {
            return inboxes.size() + waitingCalls;
        }
    }

    /** Parks {@code p} until {@code key} opens, at most {@code ms}; false when it is open now (attach instead). */
    private boolean park(InboxKey key, PushCall p, int ms) {
        synchronized (waiting) {
            if (inboxes.containsKey(key)) {
                return false;
            }
            waiting.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(p);
            waitingCalls++;
        }
        TIMER.schedule(() -> {
            if (unpark(key, p)) {
                p.failWaiting(new TesseraException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "reduce stream " + key
                        + " did not open on this node within " + ms + " ms"));
            }
        }, ms, java.util.concurrent.TimeUnit.MILLISECONDS);
        return true;
    }

    /** Removes a parked call; true when it was still parked. */
    private boolean unpark(InboxKey key, PushCall p) {
        synchronized (waiting) {
            java.util.List<PushCall> l = waiting.get(key);
            if (l == null || !l.remove(p)) {
                return false;
            }
            waitingCalls--;
            if (l.isEmpty()) {
                waiting.remove(key);
            }
            return true;
        }
    }

    /** A sender's own error for an open inbox: the inbox fails with it (the first failure of an inbox wins). */
    @Override
    public void abort(io.tessera.protocol.reduce.ReduceAbort request,
            StreamObserver<io.tessera.protocol.reduce.ReduceAbortAck> responseObserver) {
        Inbox in = inboxes.get(new InboxKey(request.getJobId(), request.getStreamId()));
        if (in != null) {
            in.abort(new TesseraException(SqlState.of(request.getSqlstate()), request.getMessage()));
        }
        responseObserver.onNext(io.tessera.protocol.reduce.ReduceAbortAck.getDefaultInstance());
        responseObserver.onCompleted();
    }

    @Override
    public StreamObserver<ReduceMessage> push(StreamObserver<PushAck> responseObserver) {
        ServerCallStreamObserver<PushAck> call = (ServerCallStreamObserver<PushAck>) responseObserver;
        call.disableAutoRequest();
        PushCall p = new PushCall(call);
        call.setOnCancelHandler(p::cancelled);
        call.request(1);
        return p;
    }

    /** One sender's Push call. Its callbacks run serialised; the credit callback runs on the consumer's thread. */
    private final class PushCall implements StreamObserver<ReduceMessage> {
        private final ServerCallStreamObserver<PushAck> call;
        private Inbox inbox;
        private String sender = "?";
        private long batches;
        private long rows;
        private volatile boolean ended;
        /** The inbox this call waits for, while parked. */
        private volatile InboxKey parkedOn;
        /** The sender completed (sent no batch) while the call was parked. */
        private boolean completedWhileParked;

        PushCall(ServerCallStreamObserver<PushAck> call) {
            this.call = call;
        }

        /** The inbox this parked call waited for opened: attach as onNext would have, on the opener's thread. */
        synchronized void attachLate(Inbox in) {
            parkedOn = null;
            if (ended) {
                return;
            }
            if (!in.attach()) {
                fail(in.failure() != null ? in.failure() // it failed already: the sender learns why
                        : new TesseraException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "reduce stream " + in.key()
                                + " takes no more senders"));
                return;
            }
            inbox = in;
            if (completedWhileParked) { // the sender had nothing to send
                onCompleted();
                return;
            }
            call.request(in.credits());
        }

        synchronized void failWaiting(TesseraException e) {
            parkedOn = null;
            if (!ended) {
                fail(e);
            }
        }

        @Override
        public synchronized void onNext(ReduceMessage m) {
            if (ended) {
                return;
            }
            if (inbox == null) {
                if (!m.hasHeader()) {
                    fail(new TesseraException(SqlState.PROTOCOL_VIOLATION, "a reduce stream must start with its header"));
                    return;
                }
                InboxKey key = new InboxKey(m.getHeader().getJobId(), m.getHeader().getStreamId());
                sender = m.getHeader().getSender();
                if (m.getHeader().getWaitForOpenMs() > 0 && !inboxes.containsKey(key)) {
                    parkedOn = key;
                    if (park(key, this, m.getHeader().getWaitForOpenMs())) {
                        return; // attachLate (on open) or failWaiting (timeout), or cancelled() meanwhile
                    }
                    parkedOn = null;
                }
                Inbox in = inboxes.get(key);
                if (in == null || !in.attach()) {
                    fail(in != null && in.failure() != null ? in.failure() // it failed already: the sender learns why
                            : new TesseraException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "reduce stream " + key
                                    + (in == null ? " is not open on this node" : " takes no more senders")));
                    return;
                }
                inbox = in;
                call.request(in.credits());
                return;
            }
            if (!m.hasBatch()) {
                fail(new TesseraException(SqlState.PROTOCOL_VIOLATION, "reduce stream " + inbox.key()
                        + " got a second header"));
                return;
            }
            if (inbox.isClosed()) {
                fail(new TesseraException(SqlState.QUERY_CANCELED, "reduce stream " + inbox.key() + " was closed"));
                return;
            }
            ReduceBatch b = m.getBatch();
            batches++;
            rows += b.getRowCount();
            inbox.offer(b, this::credit, sender);
        }

        private void credit() {
            if (!ended) {
                try {
                    call.request(1);
                } catch (RuntimeException e) {
                    // the call ended meanwhile
                }
            }
        }

        @Override
        public synchronized void onError(Throwable t) {
            ended = true;
            InboxKey parked = parkedOn;
            if (parked != null) {
                unpark(parked, this);
            }
            if (inbox != null) {
                inbox.abort(senderError(t));
            }
        }

        @Override
        public synchronized void onCompleted() {
            if (ended) {
                return;
            }
            if (inbox == null && parkedOn != null) {
                completedWhileParked = true; // attachLate completes it
                return;
            }
            ended = true;
            if (inbox == null) {
                fail(new TesseraException(SqlState.PROTOCOL_VIOLATION, "a reduce stream ended before its header"));
                return;
            }
            inbox.senderDone();
            call.onNext(PushAck.newBuilder().setBatches(batches).setRows(rows).build());
            call.onCompleted();
        }

        synchronized void cancelled() {
            InboxKey parked = parkedOn;
            if (parked != null) {
                unpark(parked, this);
            }
            if (!ended) {
                ended = true;
                if (inbox != null) {
                    inbox.abort(new TesseraException(SqlState.CONNECTION_FAILURE, "reduce sender " + sender
                            + " of stream " + inbox.key() + " went away"));
                }
            }
        }

        private TesseraException senderError(Throwable t) {
            TesseraException e = GrpcErrors.fromStatus(t, sender);
            return e;
        }

        private void fail(TesseraException e) {
            ended = true;
            call.onError(GrpcErrors.toStatus(e));
        }
    }
}
