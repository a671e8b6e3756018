package io.tessera.common.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries {@link TesseraException}s across gRPC so that a datanode's error reaches the client as PostgreSQL would
 * print it.
 *
 * <p>Server side, {@link #toStatus} turns an exception into a status whose trailers hold the SQLSTATE
 * ({@code tessera-sqlstate}), message, detail and hint ({@code tessera-message-bin}, ... as UTF-8, so any text
 * survives HTTP/2 headers) and the position. An exception that is not a TesseraException is a bug or an
 * environmental failure: it is logged with its stack trace and becomes XX000 with its message.
 * {@link #interceptor()} applies this to every method of a service, whether the handler throws or passes the
 * exception to {@code StreamObserver.onError}.
 *
 * <p>Client side, {@link #fromStatus} restores the original exception from the trailers; without them (the call
 * never reached a Tessera server) UNAVAILABLE, DEADLINE_EXCEEDED and connection failures become 08T01
 * (datanode unavailable) naming the node, CANCELLED becomes 57014, anything else XX000.
 */
public final class GrpcErrors {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcErrors.class);

    public static final Metadata.Key<String> SQLSTATE = Metadata.Key.of("tessera-sqlstate", Metadata.ASCII_STRING_MARSHALLER);
    public static final Metadata.Key<byte[]> MESSAGE = Metadata.Key.of("tessera-message-bin", Metadata.BINARY_BYTE_MARSHALLER);
    public static final Metadata.Key<byte[]> DETAIL = Metadata.Key.of("tessera-detail-bin", Metadata.BINARY_BYTE_MARSHALLER);
    public static final Metadata.Key<byte[]> HINT = Metadata.Key.of("tessera-hint-bin", Metadata.BINARY_BYTE_MARSHALLER);
    public static final Metadata.Key<String> POSITION = Metadata.Key.of("tessera-position", Metadata.ASCII_STRING_MARSHALLER);

    private GrpcErrors() {
    }

    /**
     * A status exception for {@code t} carrying its SQLSTATE, message, detail and hint in trailers. Already
     * converted statuses pass through unchanged.
     */
    public static StatusRuntimeException toStatus(Throwable t) {
        if (t instanceof StatusRuntimeException) {
            StatusRuntimeException sre = (StatusRuntimeException) t;
            if (sre.getTrailers() != null && sre.getTrailers().containsKey(SQLSTATE)) {
                return sre;
            }
        }
        TesseraException te;
        if (t instanceof TesseraException) {
            te = (TesseraException) t;
        } else if (t instanceof StatusRuntimeException || t instanceof StatusException) {
            Status s = Status.fromThrowable(t);
            if (s.getCode() == Status.Code.CANCELLED) {
                te = new TesseraException(SqlState.QUERY_CANCELED, "canceling statement due to user request");
            } else {
                LOG.warn("internal error", t);
                te = new TesseraException(SqlState.INTERNAL_ERROR, String.valueOf(s.getDescription()), t);
            }
        } else {
            LOG.error("internal error", t);
            String msg = t.getMessage() != null ? t.getMessage() : t.getClass().getName();
            te = new TesseraException(SqlState.INTERNAL_ERROR, msg, t);
        }
        Metadata md = new Metadata();
        md.put(SQLSTATE, te.sqlState().code());
        md.put(MESSAGE, utf8(te.getMessage() == null ? "" : te.getMessage()));
        if (te.detail() != null) {
            md.put(DETAIL, utf8(te.detail()));
        }
        if (te.hint() != null) {
            md.put(HINT, utf8(te.hint()));
        }
        if (te.position() > 0) {
            md.put(POSITION, Integer.toString(te.position()));
        }
        return codeFor(te.sqlState()).withDescription(te.sqlState().code() + ": " + te.getMessage())
                .asRuntimeException(md);
    }

    private static Status codeFor(SqlState s) {
        String c = s.code();
        if (s == SqlState.QUERY_CANCELED) {
            return Status.CANCELLED;
        }
        if (c.startsWith("22") || c.startsWith("23") || c.startsWith("42")) {
            return Status.INVALID_ARGUMENT;
        }
        if (c.startsWith("40")) {
            return Status.ABORTED;
        }
        if (c.startsWith("08") || c.startsWith("57")) {
            return Status.UNAVAILABLE;
        }
        if (c.startsWith("0A")) {
            return Status.UNIMPLEMENTED;
        }
        if (c.startsWith("53")) {
            return Status.RESOURCE_EXHAUSTED;
        }
        if (c.startsWith("55") || c.startsWith("25")) {
            return Status.FAILED_PRECONDITION;
        }
        return Status.INTERNAL;
    }

    /**
     * The TesseraException a failed call to node {@code nodeName} stands for: the server's original error when
     * the trailers carry one; otherwise 08T01 for an unreachable node, 57014 for a cancelled call, XX000 else.
     */
    public static TesseraException fromStatus(Throwable t, String nodeName) {
        if (t instanceof TesseraException) {
            return (TesseraException) t;
        }
        Metadata md = Status.trailersFromThrowable(t);
        if (md != null && md.containsKey(SQLSTATE)) {
            SqlState state = SqlState.of(md.get(SQLSTATE));
            String message = str(md.get(MESSAGE));
            String detail = str(md.get(DETAIL));
            String hint = str(md.get(HINT));
            int position = 0;
            String pos = md.get(POSITION);
            if (pos != null) {
                try {
                    position = Integer.parseInt(pos);
                } catch (NumberFormatException ignored) {
                    // a malformed position is dropped, the error itself still matters
                }
            }
            return new TesseraException(state, message, detail, hint, position, t);
        }
        Status s = Status.fromThrowable(t);
        String desc = s.getDescription() != null ? s.getDescription()
                : s.getCause() != null && s.getCause().getMessage() != null ? s.getCause().getMessage()
                : s.getCode().toString();
        switch (s.getCode()) {
            case UNAVAILABLE:
            case DEADLINE_EXCEEDED:
                return new TesseraException(SqlState.DATANODE_UNAVAILABLE,
                        "datanode \"" + nodeName + "\" is unavailable: " + desc, t);
            case CANCELLED:
                return new TesseraException(SqlState.QUERY_CANCELED, "canceling statement due to user request", t);
            default:
                if (isConnectionFailure(t)) {
                    return new TesseraException(SqlState.DATANODE_UNAVAILABLE,
                            "datanode \"" + nodeName + "\" is unavailable: " + desc, t);
                }
                return new TesseraException(SqlState.INTERNAL_ERROR,
                        "datanode \"" + nodeName + "\" failed: " + desc, t);
        }
    }

    private static boolean isConnectionFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof ClosedChannelException
                    || c instanceof java.net.SocketException) {
                return true;
            }
        }
        return false;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String str(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /**
     * A server interceptor that reports every failure of a call through {@link #toStatus}: exceptions thrown by
     * the handler (which gRPC would otherwise turn into a bare UNKNOWN) and exceptions the handler passes to
     * {@code onError} without converting them.
     */
    public static ServerInterceptor interceptor() {
        return ErrorInterceptor.INSTANCE;
    }

    private static final class ErrorInterceptor implements ServerInterceptor {
        static final ErrorInterceptor INSTANCE = new ErrorInterceptor();

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                          ServerCallHandler<Q, R> next) {
            ConvertingCall<Q, R> converting = new ConvertingCall<>(call);
            ServerCall.Listener<Q> delegate;
            try {
                delegate = next.startCall(converting, headers);
            } catch (RuntimeException e) {
                converting.fail(e);
                return new ServerCall.Listener<>() { };
            }
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
                @Override
                public void onMessage(Q message) {
                    try {
                        super.onMessage(message);
                    } catch (RuntimeException e) {
                        converting.fail(e);
                    }
                }

                @Override
                public void onHalfClose() {
                    try {
                        super.onHalfClose();
                    } catch (RuntimeException e) {
                        converting.fail(e);
                    }
                }

                @Override
                public void onReady() {
                    try {
                        super.onReady();
                    } catch (RuntimeException e) {
                        converting.fail(e);
                    }
                }
            };
        }
    }

    private static final class ConvertingCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
        private volatile boolean closed;

        ConvertingCall(ServerCall<Q, R> delegate) {
            super(delegate);
        }

        void fail(Throwable t) {
            if (closed) {
                LOG.warn("error after the call was closed", t);
                return;
            }
            StatusRuntimeException sre = toStatus(t);
            close(sre.getStatus(), sre.getTrailers());
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (closed) {
                return;
            }
            closed = true;
            if (!status.isOk() && (trailers == null || !trailers.containsKey(SQLSTATE))) {
                Throwable cause = status.getCause();
                StatusRuntimeException sre = toStatus(cause != null ? cause : status.asRuntimeException());
                Metadata merged = trailers != null ? trailers : new Metadata();
                merged.merge(sre.getTrailers());
                super.close(sre.getStatus(), merged);
                return;
            }
            super.close(status, trailers);
        }
    }
}
