package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;

/**
 * COPY FROM STDIN / TO STDOUT and TRUNCATE through real clients (psql, pgjdbc's CopyManager, pgbench) on a
 * one-coordinator, two-datanode cluster, compared with a reference PostgreSQL 15 where output is compared.
 */
class CopyIT {
    private static ProcessCluster cluster;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startCluster() {
        cluster = ProcessCluster.start(1, 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(cluster.jdbcUrl(1));
    }

    private static CopyManager copyManager(Connection c) throws SQLException {
        return c.unwrap(PGConnection.class).getCopyAPI();
    }

    private static long scalar(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getLong(1);
        }
    }

    private static String copyOut(Connection c, String sql) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copyManager(c).copyOut(sql, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static long copyIn(Connection c, String sql, String data) throws Exception {
        return copyManager(c).copyIn(sql, new ByteArrayInputStream(data.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void psqlCopyFromStdinAndBackslashCopyInTextAndCsv() throws Exception {
        Path csv = tmp.resolve("rows.csv");
        Files.writeString(csv, "a,b\n10,\"x, \"\"quoted\"\"\"\n11,\n12,\"\"\n");
        Path script = tmp.resolve("copy.sql");
        Files.writeString(script, "create table t_psql(a int, b text);\n"
                + "copy t_psql from stdin;\n1\tone\n2\t\\N\n3\ttab\\there\n\\.\n"
                + "\\copy t_psql from '" + csv + "' with (format csv, header)\n"
                + "copy t_psql to stdout with (format csv);\n");
        Psql.Result r = Psql.file(cluster.port(1), "postgres", script);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("COPY 3\nCOPY 3\n"), r.toString());
        List<String> lines = r.out().lines().filter(l -> l.matches("^\\d+,.*")).sorted().toList();
        assertEquals(List.of("1,one", "10,\"x, \"\"quoted\"\"\"", "11,", "12,\"\"", "2,", "3,tab\there"), lines,
                r.toString());
    }

    @Test
    void copyManagerInAndOutKeepEscapesNullsAndColumnLists() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table t_jdbc(id int, name varchar(20), note text, code char(3))");
            long n = copyIn(c, "COPY t_jdbc (id, note, name, code) FROM STDIN",
                    "1\tback\\\\slash\talice\tab\n2\t\\N\tbob\t\\N\n3\tline\\nbreak\t\\x41\\101\tz\n");
            assertEquals(3, n);
            assertEquals("1\talice\tback\\\\slash\tab \n2\tbob\t\\N\t\\N\n3\tAA\tline\\nbreak\tz  \n",
                    copyOut(c, "COPY (select id, name, note, code from t_jdbc order by id) TO STDOUT"));
            assertEquals("id|note\n2|\n", copyOut(c,
                    "copy (select id, note from t_jdbc where id = 2) to stdout with (format csv, header, delimiter '|')"));
            assertEquals(3, copyIn(c, "copy t_jdbc from stdin with (format csv, force_not_null (note))",
                    "4,\"a,b\",,x\n5,\"multi\nline\",\"\",y\n6,plain,,\n"));
            try (ResultSet rs = s.executeQuery("select id, name, note, code from t_jdbc where id >= 4 order by id")) {
                assertTrue(rs.next());
                assertEquals("a,b", rs.getString(2));
                assertEquals("", rs.getString(3), "FORCE_NOT_NULL: an unquoted empty field is an empty string");
                assertTrue(rs.next());
                assertEquals("multi\nline", rs.getString(2));
                assertTrue(rs.next());
                assertEquals(null, rs.getString(4), "an unquoted empty CSV field is NULL");
            }
        }
    }

    @Test
    void copyInsideRolledBackBlockLeavesNothingAndCommittedBlockKeepsAll() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table t_txn(a int)");
            s.execute("begin");
            assertEquals(3, copyIn(c, "copy t_txn from stdin", "1\n2\n3\n"));
            assertEquals(3, scalar(s, "select count(*) from t_txn"), "the block sees its own COPY");
            s.execute("rollback");
            assertEquals(0, scalar(s, "select count(*) from t_txn"));
            s.execute("begin");
            copyIn(c, "copy t_txn from stdin", "4\n5\n");
            try (Connection other = connect(); Statement o = other.createStatement()) {
                assertEquals(0, scalar(o, "select count(*) from t_txn"), "not visible before COMMIT");
                s.execute("commit");
                assertEquals(2, scalar(o, "select count(*) from t_txn"));
            }
        }
    }

    @Test
    void badLineMidStreamFailsWith22P04AndLosesOnlyThatCopy() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table t_bad(a int, b text)");
            copyIn(c, "copy t_bad from stdin", "1\tkept\n");
            StringBuilder data = new StringBuilder();
            for (int i = 0; i < 5000; i++) {
                data.append(i + 100).append("\tok\n");
            }
            data.append("7\ttoo\tmany\n");
            for (int i = 0; i < 100; i++) {
                data.append(i + 9000).append("\tafter\n");
            }
            PSQLException e = assertThrows(PSQLException.class, () -> copyIn(c, "copy t_bad from stdin",
                    data.toString()));
            assertEquals("22P04", e.getSQLState());
            assertEquals("extra data after last expected column", e.getServerErrorMessage().getMessage());
            assertEquals("COPY t_bad, line 5001: \"7\ttoo\tmany\"", e.getServerErrorMessage().getWhere());
            assertEquals(1, scalar(s, "select count(*) from t_bad"), "only the earlier COPY's row remains");

            PSQLException typed = assertThrows(PSQLException.class, () -> copyIn(c, "copy t_bad from stdin",
                    "2\tx\nq\ty\n"));
            assertEquals("22P02", typed.getSQLState());
            assertEquals("COPY t_bad, line 2, column a: \"q\"", typed.getServerErrorMessage().getWhere());

            PSQLException missing = assertThrows(PSQLException.class, () -> copyIn(c, "copy t_bad from stdin", "3\n"));
            assertEquals("22P04", missing.getSQLState());
            assertEquals("missing data for column \"b\"", missing.getServerErrorMessage().getMessage());
            assertEquals(1, scalar(s, "select count(*) from t_bad"));
        }
        Psql.Result r = Psql.run(cluster.port(1), "postgres", List.of("-c", "copy t_bad from stdin with (bogus 1)"),
                Duration.ofSeconds(60));
        assertTrue(r.err().contains("option \"bogus\" not recognized"), r.toString());
    }

    @Test
    void copyToStdoutPrintsWhatPostgresPrints() throws Exception {
        String ddl = "create table t_ref(id int, n numeric(10,2), t text, c char(4), d date, ts timestamp, b boolean,"
                + " f float8)";
        // loaded with COPY FROM STDIN on both sides, then printed back with COPY TO STDOUT
        String rows = "1\t1.5\tplain\tab\t2024-02-29\t2024-01-02 03:04:05.5\ttrue\t0.1\n"
                + "2\t-3\ttab\\there\\nnew \\\\ back\t\\N\t\\N\t\\N\tf\t1e20\n"
                + "3\t\\N\tcomma, \"quote\"\tx\t1999-12-31\t2000-01-01 00:00:00\t\\N\t-0.5\n"
                + "4\t0\t\t\t2000-01-01\t1970-01-01\tt\t3\n";
        List<String> copies = List.of("copy (select * from t_ref order by id) to stdout",
                "copy (select * from t_ref order by id) to stdout with (format csv, header)",
                "copy (select id, t from t_ref order by id) to stdout with (format csv, force_quote *, null 'NULL')",
                "copy (select id, t, c from t_ref order by id) to stdout with (delimiter ',', null '')");
        try (ReferencePostgres pg = ReferencePostgres.start(); Connection ref = DriverManager.getConnection(pg.jdbcUrl());
                Statement rs = ref.createStatement(); Connection c = connect(); Statement s = c.createStatement()) {
            rs.execute(ddl);
            assertEquals(4, copyIn(ref, "copy t_ref from stdin", rows));
            s.execute(ddl);
            assertEquals(4, copyIn(c, "copy t_ref from stdin", rows));
            for (String copy : copies) {
                assertEquals(copyOut(ref, copy), copyOut(c, copy), copy);
            }
        }
    }

    @Test
    void copyFromFillsTheDefaultsOfColumnsItLeavesOutAsPostgresDoes() throws Exception {
        String ddl = "create table t_dflt(id serial primary key, name text not null, qty int default 2 * 21,"
                + " tag varchar(8) default 'new' || '!', note text, added date default current_date,"
                + " u uuid default gen_random_uuid())";
        String select = "select id, name, qty, tag, note, added = current_date, u is not null from t_dflt order by id";
        try (ReferencePostgres pg = ReferencePostgres.start(); Connection ref = DriverManager.getConnection(pg.jdbcUrl());
                Statement rs = ref.createStatement(); Connection c = connect(); Statement s = c.createStatement()) {
            rs.execute(ddl);
            s.execute(ddl);
            for (Connection conn : List.of(ref, c)) {
                assertEquals(3, copyIn(conn, "copy t_dflt (name) from stdin", "a\nb\nc\n"));
                assertEquals(2, copyIn(conn, "copy t_dflt (name, qty, tag) from stdin with (format csv)",
                        "d,7,x\ne,,\n"));
                assertEquals(1, copyIn(conn, "copy t_dflt (id, name, note) from stdin", "100\tf\tgiven\n"));
            }
            assertEquals(Differential.rows(ref, select, false), Differential.rows(c, select, false));
            assertEquals(6, scalar(s, "select count(distinct u) from t_dflt"), "a new uuid for every row");
            // the sequence went on past the rows COPY drew: the next INSERT takes 6, as on PostgreSQL
            s.execute("insert into t_dflt (name) values ('g')");
            assertEquals(6, scalar(s, "select id from t_dflt where name = 'g'"));
            // a leftover NOT NULL column without a default is 23502; a volatile default other than nextval and
            // gen_random_uuid is refused, and neither leaves a row behind
            PSQLException e = assertThrows(PSQLException.class, () -> copyIn(c, "copy t_dflt (qty) from stdin", "1\n"));
            assertEquals("23502", e.getSQLState(), e.getMessage());
            s.execute("create table t_dflt_rand(a int, r float8 default random())");
            e = assertThrows(PSQLException.class, () -> copyIn(c, "copy t_dflt_rand (a) from stdin", "1\n"));
            assertEquals("0A000", e.getSQLState(), e.getMessage());
            assertEquals(0, scalar(s, "select count(*) from t_dflt_rand"));
            assertEquals(7, scalar(s, "select count(*) from t_dflt"));
        }
    }

    @Test
    void truncateInBlockRollsBackAndCommits() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table t_tr1(a int)");
            s.execute("create table t_tr2(a int)");
            s.execute("insert into t_tr1 select g from generate_series(1, 100) g");
            s.execute("insert into t_tr2 values (1), (2)");
            s.execute("begin");
            s.execute("truncate table t_tr1, t_tr2");
            assertEquals(0, scalar(s, "select count(*) from t_tr1"));
            s.execute("rollback");
            assertEquals(100, scalar(s, "select count(*) from t_tr1"));
            assertEquals(2, scalar(s, "select count(*) from t_tr2"));
            s.execute("begin");
            s.execute("truncate t_tr1 restart identity cascade");
            copyIn(c, "copy t_tr1 from stdin with (freeze on)", "7\n");
            s.execute("commit");
            assertEquals(1, scalar(s, "select count(*) from t_tr1"));
            SQLException e = assertThrows(SQLException.class, () -> s.execute("truncate t_tr1, t_missing"));
            assertEquals("42P01", e.getSQLState());
            assertEquals(1, scalar(s, "select count(*) from t_tr1"), "nothing truncated when a table is unknown");
        }
        Psql.Result r = Psql.command(cluster.port(1), "postgres", "truncate t_tr2");
        assertEquals("TRUNCATE TABLE\n", r.out(), r.toString());
    }

    @Test
    void largeCopyStreamsThroughTheCoordinatorsSmallHeap() throws Exception {
        int rows = 200_000;
        String filler = " ".repeat(84);
        InputStream data = new InputStream() {
            private byte[] line = new byte[0];
            private int pos;
            private int next = 1;

            @Override
            public int read() {
                if (pos == line.length) {
                    if (next > rows) {
                        return -1;
                    }
                    line = (next + "\t" + (next % 10 + 1) + "\t0\t" + filler + "\n").getBytes(StandardCharsets.UTF_8);
                    next++;
                    pos = 0;
                }
                return line[pos++];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = 0;
                while (n < len) {
                    int c = read();
                    if (c < 0) {
                        return n == 0 ? -1 : n;
                    }
                    b[off + n++] = (byte) c;
                }
                return n;
            }
        };
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table t_big(aid int not null, bid int, abalance int, filler char(84))"
                    + " with (fillfactor=100)");
            assertEquals(rows, copyManager(c).copyIn("copy t_big from stdin with (freeze on)", data));
            assertEquals(rows, scalar(s, "select count(*) from t_big"));
            assertEquals((long) rows * (rows + 1) / 2, scalar(s, "select sum(aid) from t_big"));
        }
    }

    @Test
    void storageParametersAreCheckedAsPostgresDoes() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            SQLException unknown = assertThrows(SQLException.class, () -> s.execute("create table t_sp(a int) with (foo=1)"));
            assertEquals("22023", unknown.getSQLState());
            assertTrue(unknown.getMessage().contains("unrecognized parameter \"foo\""), unknown.getMessage());
            SQLException bounds = assertThrows(SQLException.class,
                    () -> s.execute("create table t_sp(a int) with (fillfactor=5)"));
            assertEquals("22023", bounds.getSQLState());
        }
    }

    /**
     * pgbench -i's steps without vacuum and primary keys ({@code -I dtg}): drop tables, create them with
     * fillfactor, then BEGIN; TRUNCATE; INSERTs; COPY pgbench_accounts FROM STDIN WITH (FREEZE ON); COMMIT.
     */
    @Test
    void pgbenchInitWithoutVacuumAndPrimaryKeys() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("pgbench", "-i", "-s", "1", "-I", "dtg", "-h", "127.0.0.1", "-p",
                Integer.toString(cluster.port(1)), "-U", "tessera", "postgres").redirectErrorStream(true);
        Process p = pb.start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertEquals(100_000, scalar(s, "select count(*) from pgbench_accounts"));
            assertEquals(10, scalar(s, "select count(*) from pgbench_tellers"));
            assertEquals(1, scalar(s, "select count(*) from pgbench_branches"));
        }
    }

}
