package io.tessera.reduce;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.tessera.common.grpc.Reconnect;
import io.tessera.common.types.EngineUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Channels from this node to its peers' reduce endpoints, one per {@code host:port}, created on first use and
 * kept (gRPC channels reconnect by themselves). Keepalives notice a peer that vanished mid-stream.
 */
public final class ReduceChannels implements AutoCloseable {
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    /** The channel to {@code host:port}, out of its reconnect backoff if it was failing ({@link Reconnect#ifFailing}). */
    public ManagedChannel channel(String host, int port) {
        ManagedChannel ch = channels.computeIfAbsent(host + ":" + port, a -> NettyChannelBuilder.forAddress(host, port)
                .usePlaintext()
                .keepAliveTime(10, TimeUnit.SECONDS)
                .keepAliveTimeout(5, TimeUnit.SECONDS)
                .maxInboundMessageSize(64 << 20)
                .intercept(EngineUnit.clientInterceptor()) // peers of another engine.microseconds refuse the stream
                .build());
        Reconnect.ifFailing(ch); // a peer that restarted is reached now, not after gRPC's backoff (up to 2 minutes)
        return ch;
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        channels.clear();
    }
}
