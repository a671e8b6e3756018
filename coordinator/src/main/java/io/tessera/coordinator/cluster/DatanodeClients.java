package io.tessera.coordinator.cluster;

import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.grpc.Reconnect;
import io.tessera.common.types.EngineUnit;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.protocol.datanode.DatanodeGrpc;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * gRPC channels from this coordinator to every datanode, one channel per datanode, created on first use.
 *
 * <p>A channel whose datanode went away is taken out of gRPC's reconnect backoff whenever a statement needs the node
 * ({@link Reconnect#ifFailing}), so a datanode that comes back is used again within a connect attempt, and a
 * statement that needs a dead one fails at once instead of waiting. Keepalives detect a peer that vanished without
 * closing its connections.
 */
public final class DatanodeClients implements AutoCloseable {
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();

    /**
     * One datanode's channel and its stubs, built once: a stub is immutable and bound to its channel, so building
     * one per call only allocated. Per-call options ({@code withDeadlineAfter}) return a copy and leave these alone.
     */
    private record Peer(ManagedChannel channel, DatanodeGrpc.DatanodeBlockingStub blocking,
            DatanodeGrpc.DatanodeStub async, DatanodeGrpc.DatanodeStub asyncOnTransport,
            DatanodeGrpc.DatanodeFutureStub future, DatanodeGrpc.DatanodeFutureStub futureOnTransport) {
        static Peer open(NodeDef node) {
            ManagedChannel ch = NettyChannelBuilder
                    .forAddress(node.host(), node.port())
                    .usePlaintext()
                    .keepAliveTime(10, TimeUnit.SECONDS)
                    .keepAliveTimeout(5, TimeUnit.SECONDS)
                    .maxInboundMessageSize(64 << 20)
                    // No gRPC retries: a call's failure reaches the statement, whose own rules (refusal, abort,
                    // in-doubt resolution) decide what happens; retry buffering cost an allocation per message.
                    .disableRetry()
                    // the datanode refuses calls from a coordinator of the other engine.microseconds
                    .intercept(EngineUnit.clientInterceptor())
                    .build();
            return new Peer(ch, DatanodeGrpc.newBlockingStub(ch), DatanodeGrpc.newStub(ch),
                    DatanodeGrpc.newStub(ch).withExecutor(MoreExecutors.directExecutor()),
                    DatanodeGrpc.newFutureStub(ch),
                    DatanodeGrpc.newFutureStub(ch).withExecutor(MoreExecutors.directExecutor()));
        }
    }

    /** The channel to a datanode, reset out of connect backoff if it is failing. */
    public ManagedChannel channel(NodeDef node) {
        return peer(node).channel();
    }

    /** The datanode's channel and stubs, its channel reset out of connect backoff if it is failing. */
    private Peer peer(NodeDef node) {
        Peer p = peers.computeIfAbsent(node.name(), n -> Peer.open(node));
        Reconnect.ifFailing(p.channel());
        return p;
    }

    /** A blocking stub for unary calls. */
    public DatanodeGrpc.DatanodeBlockingStub blocking(NodeDef node) {
        return peer(node).blocking();
    }

    /** An async stub for streaming and pipelined calls. */
    public DatanodeGrpc.DatanodeStub async(NodeDef node) {
        return peer(node).async();
    }

    /**
     * An async stub whose calls run their callbacks on the gRPC transport thread that received the response,
     * instead of handing each one to gRPC's default executor: one thread hand-off less per call, which on a busy
     * machine is a scheduler wake-up (milliseconds) less on the statement's path. For callbacks that only hand a
     * message on (complete a future, add to a queue) and never block: a blocked transport thread stalls every call
     * on its connections.
     */
    public DatanodeGrpc.DatanodeStub asyncOnTransport(NodeDef node) {
        return peer(node).asyncOnTransport();
    }

    /** A future stub for unary calls. */
    public DatanodeGrpc.DatanodeFutureStub future(NodeDef node) {
        return peer(node).future();
    }

    /** A future stub whose futures complete on the transport thread ({@link #asyncOnTransport}). */
    public DatanodeGrpc.DatanodeFutureStub futureOnTransport(NodeDef node) {
        return peer(node).futureOnTransport();
    }

    /** The datanode definition for a name, or an error naming it when the catalog has no such node. */
    public static NodeDef require(Map<String, NodeDef> nodes, String name) {
        NodeDef n = nodes.get(name);
        if (n == null || n.type() != 'D') {
            throw new TesseraException(SqlState.UNDEFINED_OBJECT, "datanode \"" + name + "\" does not exist");
        }
        return n;
    }

    @Override
    public void close() {
        for (Peer p : peers.values()) {
            p.channel().shutdownNow();
        }
        for (Peer p : peers.values()) {
            try {
                p.channel().awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
