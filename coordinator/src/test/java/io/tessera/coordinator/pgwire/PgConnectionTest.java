package io.tessera.coordinator.pgwire;

import static io.tessera.coordinator.pgwire.Wire.bind;
import static io.tessera.coordinator.pgwire.Wire.close;
import static io.tessera.coordinator.pgwire.Wire.describe;
import static io.tessera.coordinator.pgwire.Wire.execute;
import static io.tessera.coordinator.pgwire.Wire.parse;
import static io.tessera.coordinator.pgwire.Wire.query;
import static io.tessera.coordinator.pgwire.Wire.startup;
import static io.tessera.coordinator.pgwire.Wire.sync;
import static io.tessera.coordinator.pgwire.Wire.untyped;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Message flows of {@link PgConnection}, one EmbeddedChannel per client, SQL run synchronously. */
class PgConnectionTest {
    private final TestEngine engine = new TestEngine();
    private final BackendKeys keys = new BackendKeys();

    private static final List<String> STARTUP_REPLIES = List.of("R 0", "S server_version=15.0",
            "S server_encoding=UTF8", "S client_encoding=UTF8", "S DateStyle=ISO, MDY", "S TimeZone=UTC",
            "S integer_datetimes=on", "S standard_conforming_strings=on", "S application_name=test", "K", "Z I");

    private final List<EmbeddedChannel> channels = new java.util.ArrayList<>();

    @AfterEach
    void noResultLeftOpen() {
        channels.forEach(EmbeddedChannel::close);
        // every QueryResult the tests opened was closed by the frontend (at CommandComplete, Close or disconnect)
        assertEquals(0, engine.openResults.get(), "open QueryResults");
        engine.sessions.forEach(s -> assertTrue(s.closed, "session closed with its connection"));
    }

    private EmbeddedChannel newChannel() {
        EmbeddedChannel ch = new EmbeddedChannel(new PgFrameDecoder(), new PgConnection(engine, Runnable::run, keys));
        channels.add(ch);
        return ch;
    }

    private Wire connected() {
        Wire w = new Wire(newChannel());
        assertEquals(STARTUP_REPLIES, w.send(startup(Map.of("user", "alice", "database", "db",
                "application_name", "test"))));
        return w;
    }

    @Test
    void startupSendsAuthenticationOkParameterStatusKeyDataAndReadyForQuery() {
        Wire w = connected();
        TestEngine.TestSession s = engine.sessions.get(0);
        assertEquals("alice", s.user);
        assertEquals("db", s.database);
        w.channel().close();
        assertTrue(s.closed, "session closed with the connection");
    }

    @Test
    void databaseDefaultsToUserName() {
        Wire w = new Wire(newChannel());
        List<String> replies = w.send(startup(Map.of("user", "bob")));
        assertEquals("Z I", replies.get(replies.size() - 1));
        assertEquals("bob", engine.sessions.get(0).database);
    }

    @Test
    void sslAndGssencRequestsAreAnsweredNThenStartupProceeds() {
        Wire w = new Wire(newChannel());
        assertEquals(List.of(), w.send(untyped(PgFrameDecoder.SSL_REQUEST_CODE)));
        assertEquals('N', w.rawByte());
        assertEquals(List.of(), w.send(untyped(PgFrameDecoder.GSSENC_REQUEST_CODE)));
        assertEquals('N', w.rawByte());
        assertEquals(STARTUP_REPLIES, w.send(startup(Map.of("user", "alice", "application_name", "test"))));
    }

    @Test
    void missingUserIsRefusedWith28000() {
        Wire w = new Wire(newChannel());
        assertEquals(List.of("E FATAL 28000 no PostgreSQL user name specified in startup packet"),
                w.send(startup(Map.of("database", "db"))));
        assertFalse(w.channel().isOpen());
    }

    @Test
    void engineRefusalIsFatal() {
        Wire w = new Wire(newChannel());
        assertEquals(List.of("E FATAL 3D000 database \"nodb\" does not exist"),
                w.send(startup(Map.of("user", "alice", "database", "nodb"))));
        assertFalse(w.channel().isOpen());
    }

    @Test
    void nonLoopbackClientIsRefusedLikePgHba() {
        EmbeddedChannel remote = new EmbeddedChannel(new PgFrameDecoder(), new PgConnection(engine, Runnable::run, keys)) {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress("10.1.2.3", 40000);
            }
        };
        channels.add(remote);
        Wire w = new Wire(remote);
        assertEquals(List.of("E FATAL 28000 no pg_hba.conf entry for host \"10.1.2.3\", user \"bob\", "
                + "database \"db\", no encryption"), w.send(startup(Map.of("user", "bob", "database", "db"))));
        assertFalse(remote.isOpen());
        assertTrue(engine.sessions.isEmpty(), "no session opened for a refused client");
    }

    @Test
    void unsupportedProtocolVersionIsRefused() {
        Wire w = new Wire(newChannel());
        ByteBuf b = Unpooled.buffer();
        b.writeInt(0).writeInt(2 << 16);
        Wire.cstring(b, "user");
        Wire.cstring(b, "alice");
        b.writeByte(0);
        b.setInt(0, b.readableBytes());
        assertEquals(List.of("E FATAL 0A000 unsupported frontend protocol 2.0: server supports 3.0 to 3.0"), w.send(b));
    }

    /** An executor that runs each task at once and counts them: the connection's turns on its executor. */
    private static final class CountingExecutor implements java.util.concurrent.Executor {
        final java.util.concurrent.atomic.AtomicInteger tasks = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void execute(Runnable task) {
            tasks.incrementAndGet();
            task.run();
        }
    }

    private Wire connected(CountingExecutor executor) {
        EmbeddedChannel ch = new EmbeddedChannel(new PgFrameDecoder(), new PgConnection(engine, executor, keys));
        channels.add(ch);
        Wire w = new Wire(ch);
        assertEquals(STARTUP_REPLIES, w.send(startup(Map.of("user", "alice", "database", "db",
                "application_name", "test"))));
        return w;
    }

    @Test
    void aPointReadsAnswerFinishesTheStatementAndItsSyncOnTheAnsweringThread() {
        CountingExecutor executor = new CountingExecutor();
        Wire w = connected(executor);
        // the task stops at the row and gives its thread back; the replies so far wait for ReadyForQuery's flush
        assertEquals(List.of(), w.send(parse("s", "select answer"), bind("", "s", 0), execute("", 0), sync()));
        int before = executor.tasks.get();
        engine.answers.get(0).answer();
        w.channel().runPendingTasks();
        assertEquals(List.of("1", "2", "D 42", "C SELECT 1", "Z I"), w.replies());
        assertEquals(before, executor.tasks.get(), "the row, CommandComplete and Sync ran on the answering thread");
        // the simple protocol: the query's end and ReadyForQuery there too
        assertEquals(List.of(), w.send(query("select answer")));
        before = executor.tasks.get();
        engine.answers.get(1).answer();
        w.channel().runPendingTasks();
        assertEquals(List.of("T a:23", "D 42", "C SELECT 1", "Z I"), w.replies());
        assertEquals(before, executor.tasks.get());
    }

    @Test
    void theFramesOfOneReadAreOneTaskOfTheExecutor() {
        CountingExecutor executor = new CountingExecutor();
        Wire w = connected(executor);
        assertEquals(List.of("1", "Z I"), w.send(parse("s", "select 1"), sync()));
        // pgbench -M prepared: Bind, Describe, Execute and Sync in one write; each frame its own task before
        int before = executor.tasks.get();
        assertEquals(List.of("2", "T ?column?:23", "D 1", "C SELECT 1", "Z I"),
                w.send(bind("", "s", 0), describe('P', ""), execute("", 0), sync()));
        assertEquals(before + 1, executor.tasks.get(), "one task for the four frames of one read");
    }

    @Test
    void aPreparedPointSelectRunsOnTheEventLoopAndItsAnswersThreadWithoutTheExecutor() {
        CountingExecutor executor = new CountingExecutor();
        Wire w = connected(executor);
        assertEquals(List.of("1", "Z I"), w.send(parse("s", "select answer"), sync()));
        // pgbench -S -M prepared: Bind, Describe, Execute, Sync in one read; the task stops at the row's wait
        int before = executor.tasks.get();
        assertEquals(List.of(), w.send(bind("", "s", 0), describe('P', ""), execute("", 0), sync()));
        assertEquals(1, engine.withoutWaits.get(), "started without waiting");
        engine.answers.get(0).answer();
        w.channel().runPendingTasks();
        assertEquals(List.of("2", "T a:23", "D 42", "C SELECT 1", "Z I"), w.replies());
        assertEquals(before, executor.tasks.get(), "no executor task for the whole execution");
        // the next one the same
        assertEquals(List.of(), w.send(bind("", "s", 0), execute("", 0), sync()));
        engine.answers.get(1).answer();
        w.channel().runPendingTasks();
        assertEquals(List.of("2", "D 42", "C SELECT 1", "Z I"), w.replies());
        assertEquals(before, executor.tasks.get());
        assertEquals(2, engine.withoutWaits.get());
    }

    @Test
    void anExecuteTheSessionRefusesToStartWithoutWaitingRunsOnTheExecutorFromItsStart() {
        CountingExecutor executor = new CountingExecutor();
        Wire w = connected(executor);
        assertEquals(List.of("1", "Z I"), w.send(parse("s", "select answer"), sync()));
        engine.refuseWithoutWaiting = true;
        int before = executor.tasks.get();
        assertEquals(List.of(), w.send(bind("", "s", 0), describe('P', ""), execute("", 0), sync()));
        assertEquals(before + 1, executor.tasks.get(), "the refused Execute and the rest went to the executor");
        assertEquals(1, engine.answers.size(), "executed once, on the executor");
        engine.answers.get(0).answer();
        w.channel().runPendingTasks();
        assertEquals(List.of("2", "T a:23", "D 42", "C SELECT 1", "Z I"), w.replies());
        assertEquals(0, engine.withoutWaits.get());
        // inside a block the session refuses too
        engine.refuseWithoutWaiting = false;
        assertEquals(List.of("C BEGIN", "Z T"), w.send(query("begin")));
        before = executor.tasks.get();
        assertEquals(List.of(), w.send(bind("", "s", 0), execute("", 0), sync()));
        engine.answers.get(1).answer();
        w.channel().runPendingTasks();
        assertEquals(List.of("2", "D 42", "C SELECT 1", "Z T"), w.replies());
        assertEquals(before + 2, executor.tasks.get(), "the Execute, then the Sync inside the block");
        assertEquals(List.of("C COMMIT", "Z I"), w.send(query("commit")));
        assertEquals(0, engine.withoutWaits.get());
    }

    @Test
    void aFailedAnswerOrASyncInsideABlockGoesBackToTheExecutor() {
        CountingExecutor executor = new CountingExecutor();
        Wire w = connected(executor);
        assertEquals(List.of(), w.send(parse("s", "select answer"), bind("", "s", 0), execute("", 0), sync()));
        int before = executor.tasks.get();
        engine.answers.get(0).fail();
        w.channel().runPendingTasks();
        assertEquals(List.of("1", "2", "E ERROR 08T01 datanode dn1 went away", "Z I"), w.replies());
        assertEquals(before + 1, executor.tasks.get(), "a failed read is finished by the executor");
        assertEquals(List.of("C BEGIN", "Z T"), w.send(query("begin")));
        assertEquals(List.of(), w.send(bind("", "s", 0), execute("", 0), sync()));
        before = executor.tasks.get();
        engine.answers.get(1).answer();
        w.channel().runPendingTasks();
        assertEquals(List.of("2", "D 42", "C SELECT 1", "Z T"), w.replies());
        assertEquals(before + 1, executor.tasks.get(), "a Sync inside a block is the executor's");
        assertEquals(List.of("C COMMIT", "Z I"), w.send(query("commit")));
    }

    @Test
    void simpleQueryRunsEveryStatementInTurn() {
        Wire w = connected();
        assertEquals(List.of("T ?column?:23", "D 1", "C SELECT 1", "T g:20", "D 1", "D 2", "C SELECT 2",
                "C INSERT 0 1", "Z I"), w.send(query("select 1; select * from series(2);insert into t values (';')")));
    }

    @Test
    void simpleQueryErrorSkipsTheRestAndReportsPositionInTheWholeString() {
        Wire w = connected();
        assertEquals(List.of("T ?column?:23", "D 1", "C SELECT 1",
                        "E ERROR 42601 syntax error at or near \"bogus\" P=11", "Z I"),
                w.send(query("select 1; bogus; select 2")));
        // the connection stays usable
        assertEquals(List.of("T ?column?:23", "D 2", "C SELECT 1", "Z I"), w.send(query("select 2")));
    }

    @Test
    void executionErrorAfterSomeRowsKeepsThoseRows() {
        Wire w = connected();
        assertEquals(List.of("T g:20", "D 1", "D 2", "E ERROR 08T01 datanode dn1 went away", "Z I"),
                w.send(query("select fail_after(2)")));
    }

    @Test
    void emptyQueryStringGivesEmptyQueryResponse() {
        Wire w = connected();
        assertEquals(List.of("I", "Z I"), w.send(query("")));
        assertEquals(List.of("I", "Z I"), w.send(query("  ; -- nothing\n /* nor /* this */ */ ;")));
    }

    @Test
    void transactionStatusAndChangedSettingsAreReported() {
        Wire w = connected();
        assertEquals(List.of("C BEGIN", "Z T"), w.send(query("begin")));
        assertEquals(List.of("E ERROR 42601 syntax error at or near \"oops\" P=1", "Z E"), w.send(query("oops")));
        assertEquals(List.of("C ROLLBACK", "Z I"), w.send(query("rollback")));
        assertEquals(List.of("C SET", "S application_name=psql", "Z I"), w.send(query("set application_name = 'psql'")));
    }

    @Test
    void noticesPrecedeCommandComplete() {
        Wire w = connected();
        assertEquals(List.of("T n:23", "D 1", "N NOTICE 00000 hello", "C SELECT 1", "Z I"), w.send(query("select notice")));
    }

    @Test
    void extendedProtocolWithNamedAndUnnamedStatementsAndPortals() {
        Wire w = connected();
        assertEquals(List.of("1", "t 23,25", "T int4:23,text:25", "2", "D 42|hi", "C SELECT 1", "Z I"),
                w.send(parse("s1", "select $1::int4, $2::text", 23, 25), describe('S', "s1"),
                        bind("p1", "s1", -1, "42", "hi"), execute("p1", 0), sync()));
        // the named statement can be bound again; unnamed statement and portal are replaced by each Parse/Bind
        assertEquals(List.of("2", "D 7|x", "C SELECT 1", "1", "2", "T ?column?:23", "D 5", "C SELECT 1",
                        "1", "2", "D 6", "C SELECT 1", "Z I"),
                w.send(bind("p2", "s1", -1, "7", "x"), execute("p2", 0),
                        parse("", "select 5"), bind("", "", -1), describe('P', ""), execute("", 0),
                        parse("", "select 6;"), bind("", "", -1), execute("", 0), sync()));
        // duplicate named statement
        assertEquals(List.of("E ERROR 42P05 prepared statement \"s1\" already exists", "Z I"),
                w.send(parse("s1", "select 1"), sync()));
        // Close, then the statement is gone
        assertEquals(List.of("3", "3", "E ERROR 26000 prepared statement \"s1\" does not exist", "Z I"),
                w.send(close('S', "s1"), close('P', "p1"), bind("p3", "s1", -1, "1", "a"), sync()));
        assertEquals(List.of("3", "3", "Z I"), w.send(close('P', "p2"), close('P', "never-existed"), sync()));
    }

    @Test
    void describeOfStatementWithoutRowsSaysNoData() {
        Wire w = connected();
        assertEquals(List.of("1", "t", "n", "2", "n", "C BEGIN", "Z T"),
                w.send(parse("b", "BEGIN;"), describe('S', "b"), bind("", "b", -1), describe('P', ""),
                        execute("", 0), sync()));
    }

    @Test
    void emptyPreparedStatementExecutesAsEmptyQuery() {
        Wire w = connected();
        assertEquals(List.of("1", "2", "I", "Z I"), w.send(parse("", " "), bind("", "", -1), execute("", 0), sync()));
    }

    @Test
    void executeWithRowLimitSuspendsThePortalAndContinues() {
        Wire w = connected();
        assertEquals(List.of("C BEGIN", "Z T"), w.send(query("begin")));
        assertEquals(List.of("1", "2", "D 1", "D 2", "s", "Z T"),
                w.send(parse("", "select * from series(5)"), bind("c1", "", -1), execute("c1", 2), sync()));
        assertEquals(List.of("D 3", "D 4", "s", "D 5", "C SELECT 5", "Z T"),
                w.send(execute("c1", 2), execute("c1", 2), sync()));
        // a portal whose rows end exactly at the limit completes rather than suspends
        assertEquals(List.of("1", "2", "D 1", "D 2", "s", "D 3", "D 4", "C SELECT 4", "Z T"),
                w.send(parse("four", "select * from series(4)"), bind("c2", "four", -1), execute("c2", 2),
                        execute("c2", 2), sync()));
        assertEquals(List.of("3", "3", "C COMMIT", "Z I"), w.send(close('P', "c1"), close('P', "c2"), query("commit")));
        assertTrue(engine.rowsPulled.get() <= 9, "rows are pulled only as Execute asks for them");
    }

    @Test
    void errorDiscardsMessagesUntilSync() {
        Wire w = connected();
        assertEquals(List.of("E ERROR 42601 syntax error at or near \"bogus\" P=1", "Z I"),
                w.send(parse("", "bogus"), bind("", "", -1), describe('P', ""), execute("", 0), sync()));
        // an execution error also discards up to Sync, and the next batch works
        assertEquals(List.of("1", "2", "E ERROR 22012 division by zero", "Z I"),
                w.send(parse("", "select 1/0"), bind("", "", -1), execute("", 0), parse("x", "select 1"), sync()));
        assertEquals(List.of("1", "2", "D 3", "C SELECT 1", "Z I"),
                w.send(parse("x", "select 3"), bind("", "x", -1), execute("", 0), sync()));
    }

    @Test
    void bindChecksParameterCountAndDecodesTextInput() {
        Wire w = connected();
        assertEquals(List.of("1", "E ERROR 08P01 bind message supplies 1 parameters, but prepared statement \"s\" requires 2",
                        "Z I"),
                w.send(parse("s", "select $1::int4, $2::text"), bind("", "s", -1, "1"), sync()));
        assertEquals(List.of("E ERROR 22P02 invalid input syntax for type integer: \"abc\"", "Z I"),
                w.send(bind("", "s", -1, "abc", "x"), sync()));
        assertEquals(List.of("2", "D NULL|x", "C SELECT 1", "Z I"),
                w.send(bind("", "s", -1, null, "x"), execute("", 0), sync()));
    }

    @Test
    void binaryParametersAndResults() {
        Wire w = connected();
        w.send(parse("s", "select $1::int4, $2::int8, $3::text"));
        byte[][] params = {ByteBuffer.allocate(4).putInt(-7).array(), ByteBuffer.allocate(8).putLong(1L << 40).array(),
            "ü".getBytes(java.nio.charset.StandardCharsets.UTF_8)};
        w.channel().writeInbound(Wire.all(bind("", "s", new short[] {1}, params, new short[] {1, 1, 0}),
                execute("", 0), sync()));
        List<byte[][]> rows = w.dataRows();
        assertEquals(1, rows.size());
        assertArrayEquals(params[0], rows.get(0)[0]);
        assertArrayEquals(params[1], rows.get(0)[1]);
        assertArrayEquals(params[2], rows.get(0)[2]);
        // a wrongly sized binary value is a 22P03 naming the parameter
        assertEquals(List.of("E ERROR 22P03 incorrect binary data format in bind parameter 1", "Z I"),
                w.send(bind("", "s", new short[] {1}, new byte[][] {{1, 2}, params[1], params[2]}, new short[0]), sync()));
    }

    @Test
    void malformedLengthIsFatal08P01AndClosesOnlyThatConnection() {
        Wire bad = connected();
        Wire good = connected();
        ByteBuf b = Unpooled.buffer().writeByte('Q').writeInt(2);
        assertEquals(List.of("E FATAL 08P01 invalid message length"), bad.send(b));
        assertFalse(bad.channel().isOpen());
        assertEquals(List.of("T ?column?:23", "D 1", "C SELECT 1", "Z I"), good.send(query("select 1")));
    }

    @Test
    void messageOverOneGibibyteIsRefusedBeforeBuffering() {
        Wire w = connected();
        ByteBuf b = Unpooled.buffer().writeByte('Q').writeInt((1 << 30) + 1).writeBytes(new byte[100]);
        assertEquals(List.of("E FATAL 08P01 invalid message length"), w.send(b));
        assertFalse(w.channel().isOpen());
    }

    @Test
    void unknownMessageTypeIsFatal() {
        Wire w = connected();
        assertEquals(List.of("E FATAL 08P01 invalid frontend message type 121"), w.send(Wire.typed('y', x -> { })));
        assertFalse(w.channel().isOpen());
    }

    @Test
    void truncatedFieldsAreFatal() {
        Wire w = connected();
        // Parse whose query string lacks its terminator
        ByteBuf b = Wire.typed('P', x -> {
            Wire.cstring(x, "s");
            x.writeBytes("select 1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });
        assertEquals(List.of("E FATAL 08P01 invalid string in message"), w.send(b));
        assertFalse(w.channel().isOpen());

        Wire w2 = connected();
        // Bind announcing 3 parameters but carrying one
        ByteBuf b2 = Wire.typed('B', x -> {
            Wire.cstring(x, "");
            Wire.cstring(x, "");
            x.writeShort(0).writeShort(3).writeInt(1).writeByte('1');
        });
        assertEquals(List.of("E FATAL 08P01 insufficient data left in message"), w2.send(b2));
        assertFalse(w2.channel().isOpen());
    }

    @Test
    void malformedStartupPacketIsFatal() {
        Wire w = new Wire(newChannel());
        assertEquals(List.of("E FATAL 08P01 invalid length of startup packet"), w.send(untyped().writeInt(0).setInt(0, 3)));
        assertFalse(w.channel().isOpen());
    }

    @Test
    void cancelRequestCancelsTheMatchingSessionOnly() {
        Wire target = new Wire(newChannel());
        target.channel().writeInbound(startup(Map.of("user", "alice")));
        // read BackendKeyData by hand
        int[] key = backendKey(target);
        TestEngine.TestSession session = engine.sessions.get(0);

        Wire wrongSecret = new Wire(newChannel());
        assertEquals(List.of(), wrongSecret.send(untyped(PgFrameDecoder.CANCEL_REQUEST_CODE, key[0], key[1] + 1)));
        assertFalse(session.cancelled);
        assertFalse(wrongSecret.channel().isOpen());

        Wire canceller = new Wire(newChannel());
        assertEquals(List.of(), canceller.send(untyped(PgFrameDecoder.CANCEL_REQUEST_CODE, key[0], key[1])));
        assertTrue(session.cancelled);
        assertFalse(canceller.channel().isOpen());
        assertTrue(target.channel().isOpen());
    }

    @Test
    void terminateClosesConnectionAndSession() {
        Wire w = connected();
        w.send(parse("", "select * from series(10)"), bind("c", "", -1), execute("c", 1), sync());
        w.send(Wire.terminate());
        assertFalse(w.channel().isOpen());
        assertTrue(engine.sessions.get(0).closed);
    }

    private static int[] backendKey(Wire w) {
        ByteBuf all = Unpooled.buffer();
        Object o;
        while ((o = w.channel().readOutbound()) != null) {
            all.writeBytes((ByteBuf) o);
            ((ByteBuf) o).release();
        }
        while (all.isReadable()) {
            char type = (char) all.readByte();
            int length = all.readInt();
            if (type == 'K') {
                return new int[] {all.readInt(), all.readInt()};
            }
            all.skipBytes(length - 4);
        }
        throw new AssertionError("no BackendKeyData");
    }
}
