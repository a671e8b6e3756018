package io.tessera.gtm;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A running GTM: the {@link TimestampOracle} and the {@link DecisionStore} on its data directory served by
 * {@link GtmService} over gRPC. Membership registration is the caller's business ({@link GtmMain}), so tests can
 * run a bare server.
 *
 * <p>The service runs on gRPC's direct executor: a call takes microseconds (the oracle fsyncs every few
 * seconds; decisions are fsync'd on the store's own thread, which sends their replies), so a thread hop would
 * cost more than the work.
 */
public final class GtmServer implements AutoCloseable {
    private final TimestampOracle oracle;
    private final DecisionStore decisions;
    private final Server server;

    private GtmServer(TimestampOracle oracle, DecisionStore decisions, Server server) {
        this.oracle = oracle;
        this.decisions = decisions;
        this.server = server;
    }

    /**
     * Opens the oracle and the decision store in {@code dataDir} and serves them on {@code host:port} (port 0:
     * any free port).
     *
     * @throws PortInUseException when the port is taken
     * @throws IOException when the state cannot be read or written (the decision store is held by another
     *     process, for one), or the server cannot start
     */
    public static GtmServer start(Path dataDir, String host, int port) throws IOException {
        TimestampOracle oracle = new TimestampOracle(dataDir);
        DecisionStore decisions = new DecisionStore(dataDir, oracle);
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .directExecutor()
                .addService(new GtmService(oracle, decisions))
                .build();
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            decisions.close();
            if (e instanceof IOException io && causedByBind(io)) {
                throw new PortInUseException(host, port, io);
            }
            throw e;
        }
        return new GtmServer(oracle, decisions, server);
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // grpc-netty reports "Failed to bind to address"; the cause is a BindException (NIO) or Netty's
            // native "Address already in use" (epoll)
            String m = String.valueOf(t.getMessage());
            if (t instanceof BindException || m.contains("Failed to bind") || m.contains("already in use")) {
                return true;
            }
        }
        return false;
    }

    /** The port the server listens on. */
    public int port() {
        return server.getPort();
    }

    public TimestampOracle oracle() {
        return oracle;
    }

    public DecisionStore decisions() {
        return decisions;
    }

    /** Blocks until the server has terminated. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /**
     * Stops accepting calls, waits up to 5 s for calls in flight, then cancels the rest and closes the decision
     * store (decisions already queued are still written).
     */
    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            decisions.close();
        }
    }

    /** The GTM's port is already bound by another process. */
    public static final class PortInUseException extends IOException {
        public PortInUseException(String host, int port, Throwable cause) {
            super("port " + port + " on " + host + " is already in use", cause);
        }
    }
}
