package io.tessera.common.types;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.tessera.common.config.ClusterConfig;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.grpc.GrpcErrors;
import java.time.Instant;

/**
 * The engine's unit of {@code timestamp}, {@code timestamptz} and {@code time}: microseconds, PostgreSQL's unit, in
 * the engine, in stored rows, on the wire and in the distribution hash (docs/storage-format.md).
 *
 * <p>Until this release a cluster could run a millisecond engine ({@code engine: {microseconds: false}} in its
 * cluster file). Its stored bytes were the same microseconds, but its nodes computed in milliseconds; that mode is
 * gone. A node whose cluster file still asks for it refuses to start ({@link #init}) rather than run with a setting
 * it ignores, and every call between nodes carries the caller's unit in a header ({@link #clientInterceptor}), so a
 * datanode refuses a call from a node of an older build that still computes in milliseconds
 * ({@link #serverInterceptor}: 55000). Calls without the header (tools, tests) are not checked.
 */
public final class EngineUnit {
    /** The header naming the caller's unit: {@code us} (an older build's millisecond engine sent {@code ms}). */
    public static final Metadata.Key<String> HEADER =
            Metadata.Key.of("tessera-engine-unit", Metadata.ASCII_STRING_MARSHALLER);

    private static final String MICROS = "us";

    private EngineUnit() {
    }

    /**
     * Checks the cluster file's {@code engine} settings at a node's start.
     *
     * @throws IllegalStateException when the file asks for the millisecond engine ({@code engine.microseconds:
     *     false}), which no longer exists; the message says how to start the cluster (the stored format is the same)
     */
    public static void init(ClusterConfig config) {
        if (config.engine != null && !config.engine.microseconds) {
            throw new IllegalStateException("the cluster file sets engine.microseconds: false, the millisecond engine,"
                    + " which this version no longer has: timestamp, timestamptz and time are microseconds"
                    + " (storage format: microseconds since 1970-01-01, the same bytes the millisecond engine stored,"
                    + " docs/storage-format.md); remove the engine setting from "
                    + ClusterConfig.FILE_NAME + " on every node and start again");
        }
    }

    /** The current time in microseconds since 1970-01-01 UTC ({@link Instant#now()}). */
    public static long now() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    /** A wall-clock time of {@code millis} milliseconds since 1970 in microseconds. */
    public static long fromMillis(long millis) {
        return millis * 1000L;
    }

    /** A client interceptor that sends this process's unit with every call. */
    public static ClientInterceptor clientInterceptor() {
        return new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
                                                         Channel next) {
                return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void start(Listener<R> listener, Metadata headers) {
                        headers.put(HEADER, MICROS);
                        super.start(listener, headers);
                    }
                };
            }
        };
    }

    /**
     * A server interceptor that refuses a call from a node that computes in milliseconds (an older build's
     * {@code engine.microseconds: false}), with 55000 ("engine.microseconds differs between nodes") before the
     * handler sees it.
     */
    public static ServerInterceptor serverInterceptor() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                              ServerCallHandler<Q, R> next) {
                String theirs = headers.get(HEADER);
                if (theirs != null && !theirs.equals(MICROS)) {
                    StatusRuntimeException refused = GrpcErrors.toStatus(new TesseraException(
                            SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE,
                            "engine.microseconds differs between nodes: the caller computes in milliseconds, this"
                                    + " datanode in microseconds; run every node on this version, without the engine"
                                    + " setting in its cluster file"));
                    call.close(refused.getStatus(), refused.getTrailers() == null ? new Metadata()
                            : refused.getTrailers());
                    return new ServerCall.Listener<>() { };
                }
                return next.startCall(call, headers);
            }
        };
    }
}
