package io.tessera.coordinator.pgwire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.pgwire.types.PgWireType;
import io.tessera.coordinator.pgwire.types.PgWireTypes;
import io.tessera.coordinator.session.Column;
import io.tessera.coordinator.session.CopyIn;
import io.tessera.coordinator.session.CopyOut;
import io.tessera.coordinator.session.PreparedStatement;
import io.tessera.coordinator.session.QueryResult;
import io.tessera.coordinator.session.SqlEngine;
import io.tessera.coordinator.session.SqlSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: the PostgreSQL v3 protocol state machine on top of {@link PgFrameDecoder}'s frames.
 *
 * <p>Threads. Netty's event loop only queues frames ({@link #channelRead}; the task starts once a read's frames
 * are all queued, {@link #channelReadComplete}) and reacts to writability and close; everything else — startup,
 * authentication, SQL, encoding rows — runs as one task at a time on the server's executor, in message order
 * ({@link #drain}). All protocol state below is touched only by that task; hand-offs between executor threads go
 * through this object's monitor. A task that streams rows stops when the channel is not writable and leaves a
 * {@link Continuation} that {@link #channelWritabilityChanged} resumes, so a slow client holds no thread.
 *
 * <p>A point read's answer. A statement whose first row waits for one datanode's answer ({@link
 * QueryResult#whenAnswered}: a point select's unary Read) does not park its thread in the wait: the task stops
 * there, and the thread that receives the answer (the gRPC transport thread) resumes it ({@link #answered}) for
 * what cannot wait — the row, CommandComplete, and, when the session holds nothing to release elsewhere
 * ({@link SqlSession#idle}), the Sync or the simple query's end and ReadyForQuery, flushed from there
 * ({@link #finishOnIoThread}). Anything else — a failed or cancelled read, another statement, a Sync inside a
 * transaction, a closed connection — goes back to the executor as before. Before, the transport thread woke the
 * task's thread, which then wrote: one thread hand-off more per point select. {@code
 * -Dtessera.transport_answers=false} on the coordinator keeps the task's thread waiting, as before.
 *
 * <p>A prepared point select on the event loop. When a read from the socket starts with a Bind and no task runs
 * ({@link #startOnLoop}), the task runs right there on the event loop: Bind and Describe (decoding and encoding
 * only), and an Execute whose statement the session can start without waiting ({@link
 * SqlSession#executeWithoutWaiting}: a cached point select outside a transaction block, its plan current, no table
 * lock queued, its row one datanode's answer), up to that answer's wait, where the transport thread takes over as
 * above. Anything else — an Execute the session refuses (nothing was done: the frame goes back to the head of the
 * inbox), a Parse, a Sync while the session is not idle — and the rest of the read go to the executor. So
 * {@code pgbench -S -M prepared} runs without a worker thread: no hand-off from the event loop to one and back.
 * {@code -Dtessera.loop_executes=false} on the coordinator keeps every Bind and Execute on the executor.
 *
 * <p>See {@link io.tessera.coordinator.pgwire} for the message flow.
 */
final class PgConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(PgConnection.class);

    /** A piece of work that may stop when the channel is full: {@code resume} returns true once finished. */
    interface Continuation {
        boolean resume();

        /** Releases what the continuation holds when the connection closes before it finished. */
        default void abandon() {
        }
    }

    private enum Phase {
        /** Before (or during) the startup packet exchange. */
        STARTUP,
        /** Authenticated: normal message processing. */
        READY,
        /** A FATAL error was sent or the client terminated: every further frame is dropped. */
        CLOSING
    }

    /** A prepared statement as Parse created it; {@code prepared} is null for the empty query. */
    private record Statement(String name, String sql, PreparedStatement prepared, List<Integer> paramTypes,
            List<Column> columns) {
    }

    /** A portal as Bind created it; the result opens on its first Execute. */
    private static final class Portal {
        final String name;
        final Statement statement;
        final List<Object> params;
        final short[] resultFormats;
        RowPump pump;
        /** The command tag of this portal's deferred execution ({@link DeferredExecutes}), or null. */
        String deferredTag;

        Portal(String name, Statement statement, List<Object> params, short[] resultFormats) {
            this.name = name;
            this.statement = statement;
            this.params = params;
            this.resultFormats = resultFormats;
        }

        void close() {
            if (pump != null) {
                pump.close();
            }
        }
    }

    private final SqlEngine engine;
    private final Executor executor;
    private final BackendKeys keys;
    private Channel channel;
    private Output output;

    // Scheduling, guarded by this.
    private final ArrayDeque<Frame> inbox = new ArrayDeque<>();
    private boolean draining;
    private boolean paused;
    private volatile boolean closed;

    // Protocol state: only the draining task touches it.
    private Phase phase = Phase.STARTUP;
    private volatile SqlSession session;
    private BackendKeys.Key key;
    private boolean ignoreTillSync;
    /** Executes the session deferred (pipelined single-row INSERTs), created with the session. */
    private DeferredExecutes deferred;
    /** An ErrorResponse was sent since the last ReadyForQuery: the implicit transaction block rolls back. */
    private boolean implicitFailed;
    private boolean cleanedUp;
    private Continuation pending;
    private Map<String, String> reportedParameters = Map.of();
    private final Map<String, Statement> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();
    /** A COPY FROM STDIN in progress (copy-in mode), else null; see {@link #copyMessage}. */
    private CopyInFlow copyIn;
    /** The simple query the COPY FROM STDIN came in, resumed after CopyDone; null for an extended-protocol COPY. */
    private SimpleQuery copyQuery;

    /** Frames queued beyond this stop reads from the socket (a fast COPY sender waits in TCP, not in memory). */
    private static final int INBOX_HIGH = 64;
    private static final int INBOX_LOW = 16;

    /** Whether a point read's answer resumes the task on the thread that receives it (see the class comment). */
    private static final boolean TRANSPORT_ANSWERS = !"false".equals(System.getProperty("tessera.transport_answers"));

    // A point read's answer (see the class comment). Guarded by this: the task stopped for it; it came before the
    // task stopped. Task-only: the pump it waits for; the task runs on the answering thread.
    private boolean awaitingAnswer;
    private boolean answeredEarly;
    private RowPump awaited;
    private boolean onTransport;
    /** Task-only: the task runs on the event loop ({@link #startOnLoop}); an Execute that would wait refused. */
    private boolean onLoop;
    private boolean refusedOnLoop;

    /**
     * Whether a prepared statement's Bind and Execute may run on the event loop that read them (see the class
     * comment); {@code -Dtessera.loop_executes=false} on the coordinator: no, on the executor as before.
     */
    private static final boolean LOOP_EXECUTES = TRANSPORT_ANSWERS
            && !"false".equals(System.getProperty("tessera.loop_executes"));

    /**
     * @param executor runs this connection's tasks; any thread pool (tasks of one connection never overlap), or
     *     {@code Runnable::run} in tests to make every flow synchronous
     */
    PgConnection(SqlEngine engine, Executor executor, BackendKeys keys) {
        this.engine = engine;
        this.executor = executor;
        this.keys = keys;
    }

    // ---------------------------------------------------------------- event loop side

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        output = new Output(channel);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        synchronized (this) {
            if (closed) {
                frame.release();
                return;
            }
            inbox.add(frame);
            if (inbox.size() < INBOX_HIGH) {
                return; // the task starts at channelReadComplete, with every frame of this read queued
            }
            if (ctx.channel().config().isAutoRead()) {
                ctx.channel().config().setAutoRead(false);
            }
        }
        kick(false);
    }

    /**
     * The end of one read from the socket: starts the task for the frames it queued. Starting it per frame instead
     * woke the executor again for every frame the task had not yet seen when it found the inbox empty (a prepared
     * statement's Bind, Describe, Execute and Sync arrive in one read): one thread hand-off more per frame.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!startOnLoop()) {
            kick(false);
        }
        ctx.fireChannelReadComplete();
    }

    /**
     * Runs the task here on the event loop when the read's first frame is a Bind (a prepared statement's execution)
     * and no task runs: see the class comment. Returns false when it did not start it.
     */
    private boolean startOnLoop() {
        synchronized (this) {
            Frame first = inbox.peek();
            if (!LOOP_EXECUTES || draining || awaitingAnswer || paused || closed || first == null
                    || first.type() != 'B' || phase != Phase.READY || copyIn != null || pending != null) {
                return false;
            }
            draining = true;
        }
        if (!finishOnIoThread(true)) {
            executeDrain();
        }
        return true;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            kick(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        SqlSession s = session;
        if (s != null) {
            try {
                s.cancel(); // stop a statement still running for a client that is gone
            } catch (RuntimeException e) {
                LOG.debug("cancel on disconnect failed", e);
            }
        }
        kick(true);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // I/O errors (connection reset) end this connection only; never let them reach Netty's tail handler.
        LOG.debug("connection {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    /** Makes sure a task runs if there is work: queued frames, a paused continuation to retry, or cleanup. */
    private void kick(boolean unpause) {
        synchronized (this) {
            if (draining || awaitingAnswer || (paused && !unpause) || (!paused && inbox.isEmpty() && !closed)) {
                return;
            }
            paused = false;
            draining = true;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // the server is shutting down
            synchronized (this) {
                draining = false;
            }
            channel.close();
        }
    }

    // ---------------------------------------------------------------- task side

    private void drain() {
        try {
            while (true) {
                if (closed) {
                    cleanup();
                    return;
                }
                if (pending != null) {
                    if (!resumeBound(pending)) {
                        if (awaited != null) {
                            synchronized (this) {
                                if (!answeredEarly) {
                                    draining = false;
                                    awaitingAnswer = true; // answered() resumes the task
                                    return;
                                }
                                answeredEarly = false;
                            }
                            awaited = null;
                            continue; // the answer came in meanwhile: go on here
                        }
                        output.flush();
                        synchronized (this) {
                            draining = false;
                            paused = true;
                        }
                        if (channel.isWritable() || closed) {
                            kick(true);
                        }
                        return;
                    }
                    pending = null;
                    continue;
                }
                Frame frame;
                synchronized (this) {
                    frame = inbox.poll();
                    if (inbox.size() <= INBOX_LOW && !channel.config().isAutoRead()) {
                        channel.config().setAutoRead(true);
                    }
                    if (frame == null && !closed) {
                        draining = false;
                        return;
                    }
                }
                if (frame == null) {
                    continue; // closed: clean up on the next turn
                }
                try {
                    handleBound(frame);
                } finally {
                    frame.release();
                }
            }
        } catch (Throwable t) {
            LOG.error("pgwire connection {} failed", channel.remoteAddress(), t);
            fatal(new TesseraException(SqlState.INTERNAL_ERROR, "internal error: " + t));
            closed = true;
            cleanup();
        }
    }

    /**
     * Stops the task until {@code pump}'s first row's answer is in, when it is not yet and the answer may resume the
     * task on its own thread (see the class comment): the continuation then returns false.
     */
    private boolean awaitAnswer(RowPump pump) {
        if (!TRANSPORT_ANSWERS || onTransport || !pump.whenAnswered(this::answered)) {
            return false;
        }
        awaited = pump;
        return true;
    }

    /**
     * The awaited answer arrived, failed or was cancelled: runs on the thread that completed the call. Resumes the
     * task here while what it does cannot wait ({@link #finishOnIoThread}), else on the executor.
     */
    private void answered() {
        synchronized (this) {
            if (!awaitingAnswer) {
                answeredEarly = true; // the task has not stopped yet; it goes on itself
                return;
            }
            awaitingAnswer = false;
            draining = true;
        }
        RowPump pump = awaited;
        awaited = null;
        if (closed || !pump.answered() || !finishOnIoThread(false)) {
            executeDrain();
        }
    }

    /** Hands the task (already {@code draining}) to the executor. */
    private void executeDrain() {
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                draining = false; // the server is shutting down
            }
            channel.close();
        }
    }

    /**
     * The task's turn on a thread that must not block: the one that received a point read's answer ({@code loop}
     * false: the stopped continuation, whose rows are in, then queued Syncs while the session is {@link
     * SqlSession#idle idle}), or the event loop that read a prepared statement's Bind ({@code loop}: Bind, Describe,
     * an Execute the session starts without waiting ({@link SqlSession#executeWithoutWaiting}), up to the first
     * row's wait, where the answer's thread takes over). Returns true when the task is done or stopped for an answer
     * ({@code draining} released), false when the rest needs the executor (still draining; a refused frame is back
     * at the head of the inbox, unread).
     */
    private boolean finishOnIoThread(boolean loop) {
        onTransport = !loop;
        onLoop = loop;
        boolean released = false;
        try {
            while (true) {
                if (closed) {
                    return false;
                }
                if (pending != null) {
                    if (!resumeBound(pending)) {
                        if (awaited != null) { // on the event loop: the answer's thread resumes the task
                            synchronized (this) {
                                if (!answeredEarly) {
                                    leaveIoThread(); // before the answer's thread may take the task
                                    released = true;
                                    draining = false;
                                    awaitingAnswer = true;
                                    return true;
                                }
                                answeredEarly = false;
                            }
                            awaited = null;
                            continue;
                        }
                        return false; // more to run than this thread may, or blocked on the channel: the executor
                    }
                    pending = null;
                    continue;
                }
                Frame frame;
                synchronized (this) {
                    if (closed) {
                        return false; // the executor's task cleans up
                    }
                    frame = inbox.peek();
                    if (frame == null) {
                        leaveIoThread(); // before a next task may start
                        released = true;
                        draining = false;
                        return true;
                    }
                    boolean here = frame.type() == 'S' ? phase == Phase.READY && copyIn == null && session.idle()
                            : loop && (frame.type() == 'B' || frame.type() == 'D' || frame.type() == 'E')
                                    && phase == Phase.READY && copyIn == null;
                    if (!here) {
                        return false;
                    }
                    inbox.poll();
                    if (inbox.size() <= INBOX_LOW && !channel.config().isAutoRead()) {
                        channel.config().setAutoRead(true);
                    }
                }
                int start = frame.body().readerIndex();
                boolean keep = false;
                try {
                    handleBound(frame);
                    if (refusedOnLoop) { // an Execute that would wait: the executor reads it again
                        refusedOnLoop = false;
                        keep = true;
                        frame.body().readerIndex(start);
                        synchronized (this) {
                            inbox.addFirst(frame);
                        }
                        return false;
                    }
                } finally {
                    if (!keep) {
                        frame.release();
                    }
                }
            }
        } catch (Throwable t) {
            LOG.error("pgwire connection {} failed", channel.remoteAddress(), t);
            fatal(new TesseraException(SqlState.INTERNAL_ERROR, "internal error: " + t));
            closed = true; // the executor's task cleans up
            return false;
        } finally {
            if (!released) { // else the task may run on another thread already
                leaveIoThread();
            }
        }
    }

    /** The task leaves the thread {@link #finishOnIoThread} ran it on. */
    private void leaveIoThread() {
        onTransport = false;
        onLoop = false;
    }

    /** {@link #handle} with the thread bound to the session ({@link SqlSession#enter}: DDL in a block). */
    private void handleBound(Frame frame) {
        SqlSession bound = session;
        Runnable exit = bound == null ? null : bound.enter();
        try {
            handle(frame);
        } finally {
            if (exit != null) {
                exit.run();
            }
        }
    }

    private boolean resumeBound(Continuation c) {
        SqlSession bound = session;
        Runnable exit = bound == null ? null : bound.enter();
        try {
            return c.resume();
        } finally {
            if (exit != null) {
                exit.run();
            }
        }
    }

    private void handle(Frame frame) {
        if (phase == Phase.CLOSING) {
            return;
        }
        try {
            if (frame.type() == Frame.MALFORMED) {
                throw new ProtocolViolation(frame.error());
            }
            if (phase == Phase.STARTUP) {
                startup(new MessageReader(frame.body()));
            } else {
                message((char) frame.type(), new MessageReader(frame.body()));
            }
        } catch (ProtocolViolation e) {
            fatal(e);
        }
    }

    // ---------------------------------------------------------------- startup

    private void startup(MessageReader r) {
        int code = r.int32();
        if (code == PgFrameDecoder.SSL_REQUEST_CODE || code == PgFrameDecoder.GSSENC_REQUEST_CODE) {
            // No TLS or GSS encryption: 'N', after which the client sends its StartupMessage in the clear.
            output.buf().writeByte('N');
            output.flush();
            return;
        }
        if (code == PgFrameDecoder.CANCEL_REQUEST_CODE) {
            int processId = r.int32();
            int secret = r.int32();
            boolean cancelled = keys.cancel(processId, secret);
            LOG.debug("CancelRequest for {}: {}", processId, cancelled ? "cancelled" : "no such backend");
            phase = Phase.CLOSING;
            channel.close(); // PostgreSQL answers a CancelRequest with nothing
            return;
        }
        int major = code >>> 16;
        int minor = code & 0xFFFF;
        if (major != 3) {
            fatal(new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "unsupported frontend protocol "
                    + major + "." + minor + ": server supports 3.0 to 3.0"));
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            String name = r.cstring();
            if (name.isEmpty()) {
                break;
            }
            params.put(name, r.cstring());
        }
        r.end();
        List<String> unrecognized = new ArrayList<>();
        params.keySet().removeIf(name -> name.startsWith("_pq_.") && unrecognized.add(name));
        String user = params.remove("user");
        String database = params.remove("database");
        if (user == null || user.isEmpty()) {
            fatal(new TesseraException(SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                    "no PostgreSQL user name specified in startup packet"));
            return;
        }
        if (database == null || database.isEmpty()) {
            database = user;
        }
        InetAddress remote = remoteInetAddress();
        if (remote != null && !remote.isLoopbackAddress()) {
            // Trust authentication is only for loopback clients (PostgreSQL's default pg_hba.conf shape).
            fatal(new TesseraException(SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                    "no pg_hba.conf entry for host \"" + remote.getHostAddress() + "\", user \"" + user
                            + "\", database \"" + database + "\", no encryption"));
            return;
        }
        SqlSession s;
        try {
            s = engine.openSession(user, database, params);
        } catch (TesseraException e) {
            fatal(e);
            return;
        } catch (RuntimeException e) {
            LOG.error("opening a session for user {} database {} failed", user, database, e);
            fatal(new TesseraException(SqlState.INTERNAL_ERROR, "could not open session: " + e));
            return;
        }
        session = s;
        deferred = new DeferredExecutes(s, output);
        if (closed) {
            return; // the client left while the session opened; cleanup closes it
        }
        key = keys.register(s.processId(), s::cancel);
        s.onTerminate(this::terminate);
        s.onNotice(this::notice);
        ByteBuf out = output.buf();
        if (minor > 0 || !unrecognized.isEmpty()) {
            BackendMessages.negotiateProtocolVersion(out, 0, unrecognized);
        }
        BackendMessages.authenticationOk(out);
        Map<String, String> status = s.parameterStatus();
        for (Map.Entry<String, String> e : status.entrySet()) {
            if (e.getValue() != null) {
                BackendMessages.parameterStatus(out, e.getKey(), e.getValue());
            }
        }
        reportedParameters = new HashMap<>(status);
        BackendMessages.backendKeyData(out, key.processId(), key.secret());
        BackendMessages.readyForQuery(out, s.transactionStatus());
        phase = Phase.READY;
        output.flush();
    }

    /**
     * The error a client gets for a statement that failed in an unexpected way: a bug, never the client's mistake,
     * so XX000, except that a statement nested too deeply for the planner's recursion is PostgreSQL's 54001. The
     * connection and its session stay usable. AssertionError is here because Calcite throws it for states it
     * does not expect.
     */
    private static TesseraException internalError(Throwable e) {
        if (e instanceof StackOverflowError) {
            return new TesseraException(SqlState.STATEMENT_TOO_COMPLEX, "stack depth limit exceeded", e);
        }
        return new TesseraException(SqlState.INTERNAL_ERROR, "internal error: " + e, e);
    }

    private InetAddress remoteInetAddress() {
        SocketAddress a = channel.remoteAddress();
        // Non-IP transports (Unix sockets, in-process channels) are PostgreSQL's "local" connections: trusted.
        return a instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    // ---------------------------------------------------------------- messages

    private void message(char type, MessageReader r) {
        if (copyIn != null) {
            copyMessage(type, r);
            return;
        }
        if (ignoreTillSync && type != 'S' && type != 'X') {
            return; // after an error in the extended protocol, skip to Sync
        }
        try {
            if (type != 'B' && type != 'E' && type != 'P' && type != 'D' && type != 'X') {
                deferred.flush(); // whatever comes next may observe the deferred rows, or end their block
            }
            switch (type) {
                case 'Q' -> query(r);
                case 'P' -> parse(r);
                case 'B' -> bind(r);
                case 'D' -> describe(r);
                case 'E' -> execute(r);
                case 'C' -> close(r);
                case 'S' -> sync(r);
                case 'H' -> {
                    r.end();
                    output.flush();
                }
                case 'X' -> {
                    phase = Phase.CLOSING;
                    output.flush();
                    channel.close();
                }
                case 'd', 'c', 'f' -> {
                    // CopyData/CopyDone/CopyFail outside COPY: PostgreSQL ignores them, per the protocol spec
                }
                case 'F' -> throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "the function call protocol is not supported");
                default -> throw new ProtocolViolation("invalid frontend message type " + (int) type);
            }
        } catch (ProtocolViolation e) {
            throw e;
        } catch (io.tessera.coordinator.session.DeferredFailure f) {
            error(f.error()); // a deferred execution's error, in its place
            if (type == 'Q') {
                readyForQuery();
            } else if (type == 'S') {
                sync(r); // the Sync that flushed them still ends the block
            } else {
                ignoreTillSync = true;
                if (type == 'H') {
                    output.flush();
                }
            }
        } catch (TesseraException e) {
            try {
                deferred.flush(); // an earlier deferred execution that fails comes first
            } catch (io.tessera.coordinator.session.DeferredFailure f) {
                e = f.error();
            }
            error(e);
            if (type == 'Q') {
                readyForQuery();
            } else {
                ignoreTillSync = true;
            }
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            LOG.error("message '{}' failed", type, e);
            error(internalError(e));
            if (type == 'Q') {
                readyForQuery();
            } else {
                ignoreTillSync = true;
            }
        }
    }

    /**
     * A message in copy-in mode (https://www.postgresql.org/docs/15/protocol-flow.html#PROTOCOL-COPY): CopyData
     * feeds rows, CopyDone ends the COPY with CommandComplete, CopyFail fails it; Flush and Sync are ignored, as
     * PostgreSQL does; anything else fails the COPY with 08P01. After a failure the rest of a simple query is
     * dropped (ReadyForQuery follows the ErrorResponse) or, after an extended-protocol COPY, messages are skipped up
     * to Sync; CopyData/CopyDone/CopyFail arriving later are ignored by {@link #message}.
     */
    private void copyMessage(char type, MessageReader r) {
        CopyInFlow flow = copyIn;
        try {
            switch (type) {
                case 'd' -> flow.data(r.bytes(r.remaining()));
                case 'c' -> {
                    r.end();
                    String tag = flow.done();
                    endCopyIn();
                    write(out -> BackendMessages.commandComplete(out, tag));
                    resumeCopyQuery();
                }
                case 'f' -> throw CopyInFlow.clientFailure(r.cstring());
                case 'H', 'S' -> {
                }
                case 'X' -> {
                    flow.fail(new TesseraException(SqlState.CONNECTION_FAILURE, "client terminated during COPY"));
                    endCopyIn();
                    phase = Phase.CLOSING;
                    channel.close();
                }
                default -> throw new TesseraException(SqlState.PROTOCOL_VIOLATION,
                        String.format("unexpected message type 0x%02X during COPY from stdin", (int) type));
            }
        } catch (TesseraException e) {
            failCopyIn(e);
        } catch (RuntimeException e) {
            LOG.error("COPY FROM STDIN failed", e);
            failCopyIn(new TesseraException(SqlState.INTERNAL_ERROR, "internal error: " + e, e));
        }
    }

    /** Enters copy-in mode: CopyInResponse, then frames go to {@link #copyMessage}. */
    private void startCopyIn(CopyIn copy, SimpleQuery query) {
        CopyInFlow flow = new CopyInFlow(copy);
        copyIn = flow;
        copyQuery = query;
        write(out -> BackendMessages.copyResponse(out, 'G', flow.columnCount()));
        output.flush();
    }

    private void endCopyIn() {
        copyIn = null;
    }

    private void failCopyIn(TesseraException e) {
        CopyInFlow flow = copyIn;
        SimpleQuery query = copyQuery;
        copyIn = null;
        copyQuery = null;
        try {
            flow.fail(e);
        } catch (RuntimeException failure) {
            LOG.warn("rolling back a failed COPY failed", failure);
        }
        error(e);
        if (query != null) {
            readyForQuery(); // the rest of the query string is dropped
        } else {
            ignoreTillSync = true;
        }
    }

    /** After CopyDone: the simple query goes on with its next statement (or ReadyForQuery). */
    private void resumeCopyQuery() {
        SimpleQuery query = copyQuery;
        copyQuery = null;
        if (query != null) {
            pending = query;
        } else {
            output.flush();
        }
    }

    /** Simple Query: each statement of the string is prepared, executed and streamed in turn. */
    private void query(MessageReader r) {
        String sql = r.cstring();
        r.end();
        statements.remove("");
        closePortal("");
        session.beginImplicitTransaction(); // the query's statements commit together, at its ReadyForQuery
        pending = new SimpleQuery(QuerySplitter.split(sql));
    }

    private final class SimpleQuery implements Continuation {
        private final List<QuerySplitter.Statement> parts;
        private int next;
        private RowPump current;
        private int currentOffset;

        SimpleQuery(List<QuerySplitter.Statement> parts) {
            this.parts = parts;
        }

        @Override
        public boolean resume() {
            try {
                while (true) {
                    if (closed) {
                        closeCurrent();
                        return true;
                    }
                    if (current == null) {
                        if (onTransport && (next < parts.size() || !session.idle())) {
                            return false; // another statement, or a transaction to end: the executor's
                        }
                        if (next == parts.size()) {
                            if (parts.isEmpty()) {
                                write(out -> BackendMessages.empty(out, 'I'));
                            }
                            readyForQuery();
                            return true;
                        }
                        QuerySplitter.Statement part = parts.get(next++);
                        currentOffset = part.offset();
                        session.executing(part.sql());
                        PreparedStatement ps = session.prepare(part.sql(), List.of());
                        QueryResult result = ps.execute(List.of());
                        if (result instanceof CopyIn copy) {
                            startCopyIn(copy, this);
                            return true; // resumed by CopyDone
                        }
                        List<Column> columns = result.columns();
                        short[] formats = new short[columns.size()];
                        current = new RowPump(output, result, columns, formats);
                        if (result.returnsRows() && !(result instanceof CopyOut)) {
                            write(out -> BackendMessages.rowDescription(out, columns, formats));
                        }
                        current.start(0);
                    }
                    if (awaitAnswer(current)) {
                        return false;
                    }
                    RowPump.Outcome outcome = current.pump();
                    if (outcome == RowPump.Outcome.BLOCKED) {
                        return false;
                    }
                    closeCurrent();
                }
            } catch (TesseraException e) {
                closeCurrent();
                error(shift(e, currentOffset));
                readyForQuery();
                return true;
            } catch (RuntimeException | AssertionError | StackOverflowError e) {
                closeCurrent();
                LOG.error("simple query failed", e);
                error(internalError(e));
                readyForQuery();
                return true;
            }
        }

        @Override
        public void abandon() {
            closeCurrent();
        }

        private void closeCurrent() {
            if (current != null) {
                RowPump c = current;
                current = null;
                c.close();
            }
        }
    }

    private void parse(MessageReader r) {
        String name = r.cstring();
        String sql = r.cstring();
        int n = r.count();
        List<Integer> oids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            oids.add(r.int32());
        }
        r.end();
        if (!name.isEmpty() && statements.containsKey(name)) {
            throw new TesseraException(SqlState.DUPLICATE_PREPARED_STATEMENT,
                    "prepared statement \"" + name + "\" already exists");
        }
        List<QuerySplitter.Statement> parts = QuerySplitter.split(sql);
        if (parts.size() > 1) {
            throw new TesseraException(SqlState.SYNTAX_ERROR,
                    "cannot insert multiple commands into a prepared statement");
        }
        Statement statement;
        if (parts.isEmpty()) {
            statement = new Statement(name, "", null, List.of(), List.of());
        } else {
            PreparedStatement ps;
            try {
                ps = session.prepare(parts.get(0).sql(), oids);
            } catch (TesseraException e) {
                throw shift(e, parts.get(0).offset());
            }
            List<Integer> inferred = ps.parameterTypes();
            List<Integer> types = new ArrayList<>(inferred.size());
            for (int i = 0; i < inferred.size(); i++) {
                int oid = inferred.get(i) == null ? 0 : inferred.get(i);
                types.add(oid == 0 && i < oids.size() ? oids.get(i) : oid);
            }
            statement = new Statement(name, parts.get(0).sql(), ps, List.copyOf(types), ps.columns());
        }
        statements.put(name, statement);
        write(out -> BackendMessages.empty(out, '1'));
    }

    private void bind(MessageReader r) {
        String portalName = r.cstring();
        String statementName = r.cstring();
        short[] paramFormats = new short[r.count()];
        for (int i = 0; i < paramFormats.length; i++) {
            paramFormats[i] = r.int16();
        }
        int n = r.count();
        byte[][] values = new byte[n][];
        for (int i = 0; i < n; i++) {
            int length = r.int32();
            values[i] = length == -1 ? null : r.bytes(length);
        }
        short[] requested = new short[r.count()];
        for (int i = 0; i < requested.length; i++) {
            requested[i] = r.int16();
        }
        r.end();

        Statement statement = statements.get(statementName);
        if (statement == null) {
            throw new TesseraException(SqlState.INVALID_SQL_STATEMENT_NAME,
                    "prepared statement \"" + statementName + "\" does not exist");
        }
        if (!portalName.isEmpty() && portals.containsKey(portalName)) {
            throw new TesseraException(SqlState.DUPLICATE_CURSOR, "cursor \"" + portalName + "\" already exists");
        }
        if (paramFormats.length > 1 && paramFormats.length != n) {
            throw new TesseraException(SqlState.PROTOCOL_VIOLATION,
                    "bind message has " + paramFormats.length + " parameter formats but " + n + " parameters");
        }
        if (n != statement.paramTypes().size()) {
            throw new TesseraException(SqlState.PROTOCOL_VIOLATION, "bind message supplies " + n
                    + " parameters, but prepared statement \"" + statementName + "\" requires "
                    + statement.paramTypes().size());
        }
        List<Object> params = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            short format = paramFormats.length == 0 ? 0 : paramFormats.length == 1 ? paramFormats[0] : paramFormats[i];
            params.add(decodeParameter(i, statement.paramTypes().get(i), format, values[i]));
        }
        int columns = statement.columns().size();
        if (requested.length > 1 && requested.length != columns) {
            throw new TesseraException(SqlState.PROTOCOL_VIOLATION, "bind message has " + requested.length
                    + " result formats but query has " + columns + " columns");
        }
        short[] formats = new short[columns];
        for (int i = 0; i < columns; i++) {
            formats[i] = requested.length == 0 ? 0 : requested.length == 1 ? requested[0] : requested[i];
            checkFormat(formats[i]);
        }
        closePortal(portalName);
        portals.put(portalName, new Portal(portalName, statement, params, formats));
        write(out -> BackendMessages.empty(out, '2'));
    }

    private static Object decodeParameter(int index, int typeOid, short format, byte[] value) {
        checkFormat(format);
        if (value == null) {
            return null;
        }
        PgWireType type = PgWireTypes.forOid(typeOid);
        if (format == 0) {
            return type.decodeText(new String(value, StandardCharsets.UTF_8));
        }
        try {
            return type.decodeBinary(value);
        } catch (TesseraException e) {
            if (e.sqlState() == SqlState.INVALID_BINARY_REPRESENTATION) {
                throw new TesseraException(SqlState.INVALID_BINARY_REPRESENTATION,
                        "incorrect binary data format in bind parameter " + (index + 1));
            }
            throw e;
        }
    }

    private static void checkFormat(short format) {
        if (format != 0 && format != 1) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "unsupported format code: " + format);
        }
    }

    private void describe(MessageReader r) {
        char kind = (char) r.int8();
        String name = r.cstring();
        r.end();
        if (kind == 'S') {
            Statement statement = statements.get(name);
            if (statement == null) {
                throw new TesseraException(SqlState.INVALID_SQL_STATEMENT_NAME,
                        "prepared statement \"" + name + "\" does not exist");
            }
            List<Column> columns = statement.columns();
            write(out -> {
                BackendMessages.parameterDescription(out, statement.paramTypes());
                if (!statement.prepared().returnsRows()) {
                    BackendMessages.empty(out, 'n');
                } else {
                    BackendMessages.rowDescription(out, columns, new short[columns.size()]);
                }
            });
        } else if (kind == 'P') {
            Portal portal = portal(name);
            List<Column> columns = portal.statement.columns();
            write(out -> {
                if (!portal.statement.prepared().returnsRows()) {
                    BackendMessages.empty(out, 'n');
                } else {
                    BackendMessages.rowDescription(out, columns, portal.resultFormats);
                }
            });
        } else {
            throw new ProtocolViolation("invalid DESCRIBE message subtype " + (int) kind);
        }
    }

    private void execute(MessageReader r) {
        String name = r.cstring();
        int maxRows = r.int32();
        r.end();
        Portal portal = portal(name);
        if (portal.statement.prepared() == null) {
            write(out -> BackendMessages.empty(out, 'I'));
            return;
        }
        if (portal.deferredTag != null) { // executed already (deferred)
            String tag = portal.deferredTag;
            write(out -> BackendMessages.commandComplete(out, tag));
            return;
        }
        if (portal.pump == null) {
            session.beginImplicitTransaction(); // Executes up to Sync commit together
            session.executing(portal.statement.sql());
            QueryResult result = null;
            if (onLoop) {
                // a statement that would wait goes back to the executor before any effect, and runs from the start
                result = session.executeWithoutWaiting(portal.statement.prepared(), portal.params);
                if (result == null) {
                    refusedOnLoop = true;
                    return;
                }
            }
            if (result == null) {
                portal.deferredTag = deferred.defer(portal.statement.prepared(), portal.params);
                if (portal.deferredTag != null) {
                    return;
                }
                deferred.flush(); // another statement: the deferred rows are written first
                result = portal.statement.prepared().execute(portal.params);
            }
            if (result instanceof CopyIn copy) {
                startCopyIn(copy, null);
                return;
            }
            portal.pump = new RowPump(output, result, portal.statement.columns(), portal.resultFormats);
        } else if (portal.pump.exhausted()) {
            String tag = portal.pump.commandTag();
            write(out -> BackendMessages.commandComplete(out, tag));
            return;
        }
        portal.pump.start(Math.max(maxRows, 0));
        pending = () -> {
            try {
                if (awaitAnswer(portal.pump)) {
                    return false;
                }
                if (onLoop && !portal.pump.answered()) {
                    return false; // a failed answer may be retried (40T01), a stream waits: the executor's
                }
                return portal.pump.pump() != RowPump.Outcome.BLOCKED;
            } catch (TesseraException e) {
                failPortal(portal, e);
                return true;
            } catch (RuntimeException | AssertionError | StackOverflowError e) {
                LOG.error("execute of portal \"{}\" failed", portal.name, e);
                failPortal(portal, internalError(e));
                return true;
            }
        };
    }

    private void failPortal(Portal portal, TesseraException e) {
        portal.close();
        portals.remove(portal.name, portal);
        error(e);
        ignoreTillSync = true;
    }

    private void close(MessageReader r) {
        char kind = (char) r.int8();
        String name = r.cstring();
        r.end();
        if (kind == 'S') {
            statements.remove(name); // closing a statement that does not exist is not an error
        } else if (kind == 'P') {
            closePortal(name);
        } else {
            throw new ProtocolViolation("invalid CLOSE message subtype " + (int) kind);
        }
        write(out -> BackendMessages.empty(out, '3'));
    }

    private void sync(MessageReader r) {
        r.end();
        ignoreTillSync = false;
        if (session.transactionStatus() == 'I') {
            // The implicit transaction ends at Sync, and with it the unnamed portal (as in PostgreSQL).
            // Named portals stay until Close or disconnect.
            closePortal("");
        }
        readyForQuery();
    }

    private Portal portal(String name) {
        Portal portal = portals.get(name);
        if (portal == null) {
            throw new TesseraException(SqlState.INVALID_CURSOR_NAME, "portal \"" + name + "\" does not exist");
        }
        return portal;
    }

    private void closePortal(String name) {
        Portal old = portals.remove(name);
        if (old != null) {
            old.close();
        }
    }

    // ---------------------------------------------------------------- output

    private interface Writer {
        void write(ByteBuf out);
    }

    private void write(Writer writer) {
        ByteBuf out = output.buf();
        int start = out.writerIndex();
        try {
            writer.write(out);
        } catch (RuntimeException e) {
            out.writerIndex(start); // no half-written message
            throw e;
        }
    }

    /** ReadyForQuery, preceded by ParameterStatus for every setting that changed since last reported; flushes. */
    private void readyForQuery() {
        endImplicitTransaction();
        SqlSession s = session;
        ByteBuf out = output.buf();
        Map<String, String> now = s.parameterStatus();
        boolean changed = false;
        for (Map.Entry<String, String> e : now.entrySet()) {
            if (!Objects.equals(reportedParameters.get(e.getKey()), e.getValue())) {
                changed = true;
                if (e.getValue() != null) {
                    BackendMessages.parameterStatus(out, e.getKey(), e.getValue());
                }
            }
        }
        if (changed || reportedParameters.size() != now.size()) { // kept as it was when nothing changed
            reportedParameters = new HashMap<>(now);
        }
        s.ready();
        BackendMessages.readyForQuery(out, s.transactionStatus());
        output.flush();
    }

    private void error(TesseraException e) {
        implicitFailed = true;
        write(out -> BackendMessages.errorOrNotice(out, 'E', "ERROR", e));
    }

    /**
     * Ends the session's implicit transaction block before ReadyForQuery: commits it unless an error was reported
     * since it opened, in which case it rolls back. A failed commit is reported as the block's error.
     */
    private void endImplicitTransaction() {
        boolean commit = !implicitFailed;
        implicitFailed = false;
        try {
            session.endImplicitTransaction(commit);
        } catch (TesseraException e) {
            error(e);
        } catch (RuntimeException e) {
            LOG.error("ending the implicit transaction failed", e);
            error(new TesseraException(SqlState.INTERNAL_ERROR, "internal error: " + e, e));
        }
        implicitFailed = false;
    }

    /**
     * pg_terminate_backend, from any thread: stops the running statement, then sends FATAL 57P01 and closes the
     * connection (from the event loop, between whole messages); the cleanup rolls the session's transaction back.
     */
    private void terminate() {
        SqlSession s = session;
        if (s != null) {
            s.cancel();
        }
        Channel ch = channel;
        ch.eventLoop().execute(() -> {
            if (!ch.isActive()) {
                return;
            }
            ByteBuf buf = ch.alloc().buffer(128);
            BackendMessages.errorOrNotice(buf, 'E', "FATAL", new TesseraException(SqlState.ADMIN_SHUTDOWN,
                    "terminating connection due to administrator command"));
            ch.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
        });
    }

    /**
     * A NoticeResponse (a NOTICE or WARNING: Warning#severity) now, from the running statement (SqlSession#onNotice;
     * on this connection's task, so in order
     * with the statement's other messages), flushed so that psql prints it while the statement goes on.
     */
    private void notice(TesseraException n) {
        if (channel.isActive()) {
            BackendMessages.errorOrNotice(output.buf(), 'N', io.tessera.coordinator.session.Warning.severity(n), n);
            output.flush();
        }
    }

    /** Sends a FATAL error and closes the connection once it is written. */
    private void fatal(TesseraException e) {
        phase = Phase.CLOSING;
        if (!channel.isActive()) {
            return;
        }
        BackendMessages.errorOrNotice(output.buf(), 'E', "FATAL", e);
        output.flush().addListener(ChannelFutureListener.CLOSE);
    }

    /** Makes a statement-relative error position relative to the whole query string. */
    private static TesseraException shift(TesseraException e, int offset) {
        if (e.position() <= 0 || offset == 0) {
            return e;
        }
        return e.withPosition(e.position() + offset);
    }

    private void cleanup() {
        if (!cleanedUp) {
            cleanedUp = true;
            phase = Phase.CLOSING;
            if (copyIn != null) {
                try {
                    copyIn.fail(new TesseraException(SqlState.CONNECTION_FAILURE, "connection lost during COPY"));
                } catch (RuntimeException e) {
                    LOG.debug("abandoning a COPY failed", e);
                }
                copyIn = null;
            }
            if (pending != null) {
                try {
                    pending.abandon();
                } catch (RuntimeException e) {
                    LOG.debug("abandoning a running statement failed", e);
                }
                pending = null;
            }
            for (Portal p : portals.values()) {
                try {
                    p.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing portal {} failed", p.name, e);
                }
            }
            portals.clear();
            statements.clear();
            output.discard();
            keys.unregister(key);
            SqlSession s = session;
            if (s != null) {
                try {
                    s.close();
                } catch (RuntimeException e) {
                    LOG.warn("closing session failed", e);
                }
            }
        }
        synchronized (this) {
            for (Frame f : inbox) {
                f.release();
            }
            inbox.clear();
            draining = false;
        }
    }
}
