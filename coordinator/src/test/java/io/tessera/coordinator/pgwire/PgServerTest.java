package io.tessera.coordinator.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real PgServer on a free loopback port, driven by pgjdbc 42.7.4 and by a raw socket client. */
class PgServerTest {
    private final TestEngine engine = new TestEngine();
    private PgServer server;

    @BeforeEach
    void start() throws IOException {
        server = new PgServer(engine, "127.0.0.1", 0);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "tester");
        p.setProperty("ApplicationName", "pgwire-test");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/db", p);
    }

    @Test
    void pgjdbcRunsSimpleAndPreparedStatements() throws Exception {
        try (Connection c = connect()) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select 42")) {
                assertTrue(rs.next());
                assertEquals(42, rs.getInt(1));
                assertFalse(rs.next());
            }
            assertEquals("pgwire-test", engine.sessions.get(0).settings.get("application_name"));
            int preparesBefore = engine.prepares.get();
            // pgjdbc uses the unnamed statement for the first executions, then (prepareThreshold = 5) a named
            // server-side statement with binary results; both must give the same answers
            try (java.sql.PreparedStatement ps = c.prepareStatement("select ?::int4, ?::text, ?::int8")) {
                for (int i = 0; i < 12; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "v" + i);
                    ps.setLong(3, 10_000_000_000L + i);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(i, rs.getInt(1));
                        assertEquals("v" + i, rs.getString(2));
                        assertEquals(10_000_000_000L + i, rs.getLong(3));
                        assertFalse(rs.next());
                    }
                }
            }
            int prepares = engine.prepares.get() - preparesBefore;
            assertTrue(prepares < 12, "named statement reused after the threshold, prepares=" + prepares);
            try (java.sql.PreparedStatement ps = c.prepareStatement("select ?::int4")) {
                ps.setNull(1, java.sql.Types.INTEGER);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(0, rs.getInt(1));
                    assertTrue(rs.wasNull());
                }
            }
        }
    }

    @Test
    void pgjdbcFetchSizeUsesPortalRowLimits() throws Exception {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.setFetchSize(10);
                long before = engine.rowsPulled.get();
                try (ResultSet rs = st.executeQuery("select * from series(1000)")) {
                    assertTrue(rs.next());
                    assertEquals(1, rs.getLong(1));
                    long pulled = engine.rowsPulled.get() - before;
                    assertTrue(pulled <= 11, "first fetch pulled only about fetchSize rows, pulled=" + pulled);
                    long n = 1;
                    while (rs.next()) {
                        n++;
                        assertEquals(n, rs.getLong(1));
                    }
                    assertEquals(1000, n);
                }
            }
            c.commit();
        }
    }

    @Test
    void pgjdbcErrorKeepsTheConnectionUsable() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("bogus stuff"));
            assertEquals("42601", e.getSQLState());
            assertTrue(e.getMessage().contains("syntax error at or near \"bogus\""), e.getMessage());
            try (java.sql.PreparedStatement ps = c.prepareStatement("select ?::int4")) {
                ps.setString(1, "abc");
                SQLException bad = assertThrows(SQLException.class, ps::executeQuery);
                assertEquals("22P02", bad.getSQLState());
            }
            try (ResultSet rs = st.executeQuery("select 7")) {
                assertTrue(rs.next());
                assertEquals(7, rs.getInt(1));
            }
        }
    }

    @Test
    void pgjdbcCancelStopsARunningStatement() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            CompletableFuture<SQLException> running = CompletableFuture.supplyAsync(() -> {
                try {
                    st.executeQuery("select sleep");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            Thread.sleep(200);
            st.cancel();
            SQLException e = running.get(10, TimeUnit.SECONDS);
            assertEquals("57014", e.getSQLState());
            try (ResultSet rs = st.executeQuery("select 1")) {
                assertTrue(rs.next());
            }
        }
    }

    @Test
    void secondServerOnTheSamePortFailsWithBindException() {
        PgServer second = new PgServer(engine, "127.0.0.1", server.port());
        BindException e = assertThrows(BindException.class, second::start);
        assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
        second.close();
    }

    /**
     * The real psql reaches the server over its Unix-domain socket ({@code -h DIR} names a socket directory). A
     * socket file left by a dead server is replaced; one that a live server answers on is not, and close()
     * removes the file it created.
     */
    @Test
    void unixSocketServesPsqlAndReplacesOnlyAStaleSocketFile(@TempDir Path dir) throws Exception {
        Path socketFile = dir.resolve(".s.PGSQL." + server.port());
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(socketFile));
            BindException e = assertThrows(BindException.class, () -> server.listenUnix(dir));
            assertTrue(e.getMessage().contains(socketFile.toString()), e.getMessage());
        }
        assertTrue(Files.exists(socketFile), "a closed Java server socket leaves its file behind, as a crash would");

        assertEquals(socketFile.toAbsolutePath(), server.listenUnix(dir));
        Process psql = new ProcessBuilder("psql", "-X", "-A", "-t", "-h", dir.toString(), "-p",
                Integer.toString(server.port()), "-U", "tester", "-d", "db", "-c", "select 42")
                .redirectErrorStream(true).start();
        String out = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(psql.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, psql.exitValue(), out);
        assertEquals("42", out.strip());

        server.close();
        assertFalse(Files.exists(socketFile), "close() deletes the socket file");
    }

    /**
     * A client that stops reading makes the server stop pulling rows (bounded memory); once it reads again every
     * row arrives. Three million rows are ~54 MB on the wire; the server must hold only its write-buffer share.
     */
    @Test
    void largeResultStreamsUnderBackpressure() throws Exception {
        long rows = 3_000_000;
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setReceiveBufferSize(64 * 1024);
            OutputStream out = s.getOutputStream();
            out.write(bytes(Wire.startup(Map.of("user", "tester"))));
            out.write(bytes(Wire.query("select * from series(" + rows + ")")));
            out.flush();
            Thread.sleep(1000);
            long pulledWhileStalled = engine.rowsPulled.get();
            assertTrue(pulledWhileStalled < 500_000, "server kept pulling for a stalled client: " + pulledWhileStalled);

            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
            long dataRows = 0;
            String tag = null;
            byte[] buf = new byte[1 << 16];
            while (true) {
                char type = (char) in.readByte();
                int length = in.readInt() - 4;
                if (length > buf.length) {
                    buf = new byte[length];
                }
                in.readFully(buf, 0, length);
                if (type == 'D') {
                    dataRows++;
                } else if (type == 'C') {
                    tag = new String(buf, 0, length - 1, StandardCharsets.UTF_8);
                } else if (type == 'Z' && tag != null) {
                    break;
                }
            }
            assertEquals(rows, dataRows);
            assertEquals("SELECT " + rows, tag);
        }
        // the connection closed: its session is closed too
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!engine.sessions.get(0).closed && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(engine.sessions.get(0).closed);
    }

    @Test
    void disconnectMidStreamClosesResultAndSession() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(bytes(Wire.startup(Map.of("user", "tester"))));
            out.write(bytes(Wire.query("select * from series(100000000)")));
            out.flush();
            Thread.sleep(300);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((engine.openResults.get() != 0 || engine.sessions.isEmpty() || !engine.sessions.get(0).closed)
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, engine.openResults.get());
        assertTrue(engine.sessions.get(0).closed);
    }

    private static byte[] bytes(io.netty.buffer.ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        return out;
    }
}
