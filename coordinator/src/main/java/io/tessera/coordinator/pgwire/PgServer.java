package io.tessera.coordinator.pgwire;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.tessera.coordinator.session.SqlEngine;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The coordinator's PostgreSQL listener: accepts v3-protocol clients on one TCP address, and on PostgreSQL's
 * Unix-domain sockets ({@link #listenUnix}), and serves each with a {@link PgConnection} backed by a session of
 * the given {@link SqlEngine}.
 *
 * <p>Threads: one Netty acceptor thread, Netty I/O threads (twice the cores) that only frame bytes and move
 * buffers, and a cached pool of SQL worker threads ({@code pgwire-sql-N}) on which each connection runs its
 * statements one at a time. Lifecycle: construct, {@link #start()} (returns once bound), {@link #close()}
 * (stops accepting, closes every connection and its session, stops the threads).
 */
public final class PgServer implements AutoCloseable {
    /** Outbound bytes above which a connection stops pulling rows until the client catches up. */
    private static final int HIGH_WATER_MARK = 512 * 1024;
    private static final int LOW_WATER_MARK = 128 * 1024;

    private final SqlEngine engine;
    private final String host;
    private final int port;
    private final BackendKeys keys = new BackendKeys();
    private final ChannelGroup connections = new DefaultChannelGroup("pgwire", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup acceptor;
    private EventLoopGroup io;
    private ExecutorService workers;
    private Channel listener;
    private final List<UnixListener> unixListeners = new ArrayList<>();

    /** A bound Unix-domain socket and the file it created. */
    private record UnixListener(Channel channel, Path socketFile) {
    }

    /**
     * @param engine the SQL layer every connection opens its session with
     * @param host the address to bind ({@code 0.0.0.0} for all, {@code 127.0.0.1} for loopback only)
     * @param port the TCP port; 0 picks a free one (see {@link #port()})
     */
    public PgServer(SqlEngine engine, String host, int port) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
    }

    /**
     * Binds and starts accepting; returns once the port is bound.
     *
     * @throws BindException when the address is in use or cannot be bound (the message names host and port)
     * @throws IllegalStateException when already started
     */
    public synchronized void start() throws IOException {
        if (listener != null) {
            throw new IllegalStateException("PgServer already started on " + localAddress());
        }
        acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("pgwire-accept"),
                NioIoHandler.newFactory());
        io = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("pgwire-io"), NioIoHandler.newFactory());
        AtomicInteger workerIds = new AtomicInteger();
        workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "pgwire-sql-" + workerIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ExecutorService sqlWorkers = workers;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, io)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(LOW_WATER_MARK, HIGH_WATER_MARK))
                .childHandler(connectionInitializer(sqlWorkers));
        ChannelFuture bound = bootstrap.bind(host, port).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            shutdownThreads();
            BindException e = new BindException("could not listen on " + host + ":" + port + ": "
                    + (cause instanceof BindException ? "address already in use" : String.valueOf(cause)));
            e.initCause(cause);
            throw e;
        }
        listener = bound.channel();
    }

    private ChannelInitializer<Channel> connectionInitializer(ExecutorService sqlWorkers) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                connections.add(ch);
                ch.pipeline().addLast("frames", new PgFrameDecoder());
                ch.pipeline().addLast("protocol", new PgConnection(engine, sqlWorkers, keys));
            }
        };
    }

    /**
     * Also accepts clients on the Unix-domain socket {@code directory/.s.PGSQL.<port>}, PostgreSQL's socket name
     * for this server's TCP port (libpq's default when no host is given, e.g. {@code psql -p 5432}; Debian's libpq
     * looks in {@code /var/run/postgresql}). Connections over it are PostgreSQL's "local" connections, trusted as
     * loopback ones are. The socket file is made accessible to every user (PostgreSQL's default
     * {@code unix_socket_permissions} 0777) and deleted by {@link #close()}.
     *
     * <p>A socket file left by a server that died is replaced. PostgreSQL guards it with a lock file holding the
     * postmaster's pid; here the test is whether anything still answers on it.
     *
     * @param directory an existing directory the process may create files in
     * @return the socket file
     * @throws BindException when another server answers on that socket, or it cannot be created (the message
     *     names the file)
     * @throws IllegalStateException before {@link #start()}
     */
    public synchronized Path listenUnix(Path directory) throws IOException {
        if (listener == null) {
            throw new IllegalStateException("PgServer not started");
        }
        Path socketFile = directory.resolve(".s.PGSQL." + port()).toAbsolutePath();
        if (Files.exists(socketFile)) {
            if (answers(socketFile)) {
                throw new BindException("could not listen on Unix socket " + socketFile
                        + ": another server is listening on it");
            }
            Files.deleteIfExists(socketFile); // left by a server that died without closing it
        }
        ChannelFuture bound = new ServerBootstrap()
                .group(acceptor, io)
                .channel(NioServerDomainSocketChannel.class)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(LOW_WATER_MARK, HIGH_WATER_MARK))
                .childHandler(connectionInitializer(workers))
                .bind(UnixDomainSocketAddress.of(socketFile))
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            BindException e = new BindException("could not listen on Unix socket " + socketFile + ": "
                    + bound.cause());
            e.initCause(bound.cause());
            throw e;
        }
        try {
            Files.setPosixFilePermissions(socketFile, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException | UnsupportedOperationException e) {
            // the socket works with the process's umask; other users may just not reach it
        }
        unixListeners.add(new UnixListener(bound.channel(), socketFile));
        return socketFile;
    }

    private static boolean answers(Path socketFile) {
        try (java.nio.channels.SocketChannel probe = java.nio.channels.SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socketFile));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The bound address; null before {@link #start()}. */
    public synchronized InetSocketAddress localAddress() {
        return listener == null ? null : (InetSocketAddress) listener.localAddress();
    }

    /** The bound port (useful with port 0); -1 before {@link #start()}. */
    public synchronized int port() {
        return listener == null ? -1 : localAddress().getPort();
    }

    /** Stops accepting, closes all connections (their sessions close with them) and stops the threads. Idempotent. */
    @Override
    public synchronized void close() {
        if (listener != null) {
            listener.close().awaitUninterruptibly();
            listener = null;
        }
        for (UnixListener u : unixListeners) {
            u.channel().close().awaitUninterruptibly();
            try {
                Files.deleteIfExists(u.socketFile());
            } catch (IOException e) {
                // a stale file is replaced by the next server on this port
            }
        }
        unixListeners.clear();
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdownThreads();
    }

    private void shutdownThreads() {
        if (acceptor != null) {
            acceptor.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
            acceptor = null;
        }
        if (io != null) {
            io.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
            io = null;
        }
        if (workers != null) {
            // connections close their sessions on these threads; give them a moment, then let them go (daemons)
            workers.shutdown();
            try {
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            workers = null;
        }
    }
}
