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
 * The engine's unit of {@code timestamp}, {@code timestamptz} and {@code time}, one per process: microseconds (the
 * cluster's default) or milliseconds, the cluster setting {@code engine.microseconds}
 * ({@link ClusterConfig.EngineConfig}), which each coordinator and datanode reads from the cluster file at start
 * ({@link #init}). A process that never calls {@link #init} (unit tests) computes in milliseconds unless it
 * {@link #set}s the unit. Every conversion between
 * the engine's values and the stored, shipped and hashed microseconds ({@link TimestampMicros}, {@code RowCodec}'s
 * {@code time}) reads it, so both units give the same bytes.
 *
 * <p>A coordinator and a datanode that disagree would read each other's rows a thousand times off, silently, so
 * every call between nodes carries the caller's unit in a header ({@link #clientInterceptor}) and the datanode
 * refuses a call whose unit is not its own ({@link #serverInterceptor}: 55000 with both units named). Calls without
 * the header (tools, tests) are not checked.
 */
public final class EngineUnit {
    /** The header naming the caller's unit: {@code us} or {@code ms}. */
    public static final Metadata.Key<String> HEADER =
            Metadata.Key.of("tessera-engine-unit", Metadata.ASCII_STRING_MARSHALLER);

    private static volatile boolean microseconds;

    private EngineUnit() {
    }

    /** Sets this process's unit from the cluster file's {@code engine.microseconds}; called once at start. */
    public static void init(ClusterConfig config) {
        set(config.engine == null || config.engine.microseconds);
    }

    /** Sets this process's unit (tests of the codecs; nodes call {@link #init}). */
    public static void set(boolean micros) {
        microseconds = micros;
    }

    /** Whether the engine computes in microseconds ({@code engine.microseconds = true}). */
    public static boolean microseconds() {
        return microseconds;
    }

    /** The current time in the engine's unit since 1970-01-01 UTC (microseconds from {@link Instant#now()}). */
    public static long now() {
        if (!microseconds) {
            return System.currentTimeMillis();
        }
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    /** A wall-clock time of {@code millis} milliseconds since 1970 in the engine's unit. */
    public static long fromMillis(long millis) {
        return microseconds ? millis * 1000L : millis;
    }

    private static String name(boolean micros) {
        return micros ? "us" : "ms";
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
                        headers.put(HEADER, name(microseconds));
                        super.start(listener, headers);
                    }
                };
            }
        };
    }

    /**
     * A server interceptor that refuses a call whose caller computes in the other unit, with 55000
     * ("engine.microseconds differs between nodes") before the handler sees it.
     */
    public static ServerInterceptor serverInterceptor() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                              ServerCallHandler<Q, R> next) {
                String theirs = headers.get(HEADER);
                String ours = name(microseconds);
                if (theirs != null && !theirs.equals(ours)) {
                    StatusRuntimeException refused = GrpcErrors.toStatus(new TesseraException(
                            SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE,
                            "engine.microseconds differs between nodes: the caller computes in "
                                    + ("us".equals(theirs) ? "microseconds" : "milliseconds") + ", this datanode in "
                                    + (microseconds ? "microseconds" : "milliseconds")
                                    + "; set it alike in every node's cluster file and restart"));
                    call.close(refused.getStatus(), refused.getTrailers() == null ? new Metadata()
                            : refused.getTrailers());
                    return new ServerCall.Listener<>() { };
                }
                return next.startCall(call, headers);
            }
        };
    }
}
