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

        PushCall(ServerCallStreamObserver<PushAck> call) {
            this.call = call;
        }

        @Override
        public void onNext(ReduceMessage m) {
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
                Inbox in = inboxes.get(key);
                if (in == null || !in.attach()) {
                    fail(new TesseraException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "reduce stream " + key
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
        public void onError(Throwable t) {
            ended = true;
            if (inbox != null) {
                inbox.abort(senderError(t));
            }
        }

        @Override
        public void onCompleted() {
            if (ended) {
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

        void cancelled() {
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
