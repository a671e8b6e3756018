package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * Columns of the types added for issue 11 (uuid, time) through pgjdbc on Tessera and on a reference PostgreSQL 15 given the
 * same statements: parameters bound with {@code setObject} and results read with {@code getObject} in the binary
 * format (prepareThreshold=-1 and binaryTransfer make pgjdbc use it from the first execution), COPY in and out, and
 * {@code DatabaseMetaData.getColumns}. The outcomes, including each value's Java class, must be the same.
 */
class TypesIT {
    private static final String BINARY = "&prepareThreshold=-1&binaryTransfer=true";
    private static ProcessCluster cluster;
    private static ReferencePostgres reference;

    @BeforeAll
    static void start() {
        cluster = ProcessCluster.start(1, 2);
        reference = ReferencePostgres.start();
    }

    @AfterAll
    static void stop() {
        if (reference != null) {
            reference.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String describe(ResultSet rs) throws SQLException {
        StringBuilder b = new StringBuilder();
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            b.append(md.getColumnName(i)).append(':').append(md.getColumnTypeName(i)).append(' ');
        }
        b.append('\n');
        while (rs.next()) {
            for (int i = 1; i <= md.getColumnCount(); i++) {
                Object v = rs.getObject(i);
                b.append(v == null ? "null" : v.getClass().getSimpleName() + "(" + v + ")").append(' ');
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String uuidSession(Connection c) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.execute("create table types_uuid (id uuid primary key, n int, other uuid)");
        }
        UUID[] ids = {
            UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), UUID.fromString("00000000-0000-0000-0000-000000000001"),
            UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"), UUID.fromString("80000000-0000-0000-0000-000000000000"),
        };
        try (PreparedStatement ps = c.prepareStatement("insert into types_uuid values (?, ?, ?)")) {
            for (int i = 0; i < ids.length; i++) {
                ps.setObject(1, ids[i]);
                ps.setInt(2, i);
                ps.setObject(3, i % 2 == 0 ? ids[(i + 1) % ids.length] : null);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("select id, n, other from types_uuid order by id")) {
            out.add(describe(ps.executeQuery()));
        }
        try (PreparedStatement ps = c.prepareStatement("select n, other from types_uuid where id = ?")) {
            ps.setObject(1, ids[2]);
            out.add(describe(ps.executeQuery()));
        }
        try (PreparedStatement ps = c.prepareStatement("select n from types_uuid where id > ? order by n")) {
            ps.setObject(1, UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff"));
            out.add(describe(ps.executeQuery()));
        }
        // COPY in (text form in any accepted spelling) and out (lowercase hyphenated)
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        copy.copyIn("copy types_uuid from stdin",
                new StringReader("{0A0EEBC9-99C0-B4EF-8BB6-D6BB9BD380A1}\t7\t\\N\n12345678123456781234567812345678\t8\t"
                        + "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\n"));
        ByteArrayOutputStream copied = new ByteArrayOutputStream();
        copy.copyOut("copy (select * from types_uuid order by id) to stdout", copied);
        out.add(copied.toString(StandardCharsets.UTF_8));
        try {
            copy.copyIn("copy types_uuid from stdin", new StringReader("not-a-uuid\t9\t\\N\n"));
        } catch (SQLException e) {
            out.add(e.getSQLState() + " " + e.getMessage().lines().findFirst().orElse(""));
        }
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getColumns(null, "public", "types_uuid", null)) {
            while (rs.next()) {
                out.add(rs.getString("COLUMN_NAME") + " " + rs.getInt("DATA_TYPE") + " " + rs.getString("TYPE_NAME")
                        + " " + rs.getInt("COLUMN_SIZE"));
            }
        }
        return String.join("\n", out);
    }

    private static String intervalSession(Connection c) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.execute("create table types_interval (id int primary key, d interval)");
        }
        org.postgresql.util.PGInterval[] values = {new org.postgresql.util.PGInterval("1 year 2 mons 3 days 04:05:06.5"),
            new org.postgresql.util.PGInterval("-1 days +02:00:00"), new org.postgresql.util.PGInterval("24 hours")};
        try (PreparedStatement ps = c.prepareStatement("insert into types_interval values (?, ?)")) {
            for (int i = 0; i < values.length; i++) {
                ps.setInt(1, i);
                ps.setObject(2, values[i]);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("select id, d from types_interval order by d, id")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // getObject: pgjdbc looks the type up (typinput = 'pg_catalog.array_in'::regproc) and builds a PGInterval
                    Object value = rs.getObject(2);
                    out.add(rs.getInt(1) + " " + rs.getString(2) + " " + (value == null ? "null"
                            : value.getClass().getSimpleName() + " " + ((org.postgresql.util.PGInterval) value).getValue()));
                }
            }
        }
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        copy.copyIn("copy types_interval from stdin", new StringReader("7\t1 mon\n8\t\\N\n"));
        ByteArrayOutputStream copied = new ByteArrayOutputStream();
        copy.copyOut("copy (select * from types_interval order by id) to stdout", copied);
        out.add(copied.toString(StandardCharsets.UTF_8));
        return String.join("\n", out);
    }

    private static String timeSession(Connection c) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.execute("create table types_time (t time primary key, n int)");
        }
        java.time.LocalTime[] times = {java.time.LocalTime.of(8, 0), java.time.LocalTime.of(12, 30, 15, 250_000_000),
            java.time.LocalTime.MIDNIGHT, java.time.LocalTime.of(23, 59, 59, 999_000_000)};
        try (PreparedStatement ps = c.prepareStatement("insert into types_time values (?, ?)")) {
            for (int i = 0; i < times.length; i++) {
                ps.setObject(1, times[i]);
                ps.setInt(2, i);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("select t, n from types_time where t > ? order by t")) {
            ps.setObject(1, java.time.LocalTime.of(0, 0, 0, 1_000_000));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, java.time.LocalTime.class) + " " + rs.getString(1) + " " + rs.getInt(2));
                }
            }
        }
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        copy.copyIn("copy types_time from stdin", new StringReader("1:02:03 pm\t7\n24:00\t8\n"));
        ByteArrayOutputStream copied = new ByteArrayOutputStream();
        copy.copyOut("copy (select * from types_time order by t) to stdout", copied);
        out.add(copied.toString(StandardCharsets.UTF_8));
        try (ResultSet rs = c.getMetaData().getColumns(null, "public", "types_time", "t")) {
            while (rs.next()) {
                out.add(rs.getInt("DATA_TYPE") + " " + rs.getString("TYPE_NAME"));
            }
        }
        return String.join("\n", out);
    }

    @Test
    void timeColumnsThroughPgjdbcInBinaryAndCopyAreThoseOfPostgres() throws Exception {
        String expected;
        try (Connection pg = DriverManager.getConnection(reference.jdbcUrl() + BINARY)) {
            expected = timeSession(pg);
        }
        try (Connection tessera = DriverManager.getConnection(cluster.jdbcUrl(1) + BINARY)) {
            assertEquals(expected, timeSession(tessera));
        }
    }

    /**
     * Casts of parameters to the time types, unbound (ParameterDescription and RowDescription only, as pgjdbc's
     * {@code getParameterMetaData} asks) and bound with {@code setTime}, {@code setString}, {@code setTimestamp};
     * an INSERT of {@code setTime} into a time column and a CREATE TABLE AS keeping time(p) and timestamp(p).
     */
    private static String timeParameterSession(Connection c) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.execute("create table types_time_params (k int, t time(2), ts timestamp(3))");
        }
        String[] queries = {"select ?::time", "select ?::time(2)", "select ?::timestamp", "select ?::timestamptz",
            "select ?::interval", "insert into types_time_params (t) values (?)",
            "insert into types_time_params (ts) values (?)", "select t, ts from types_time_params where t = ?"};
        for (String q : queries) {
            try (PreparedStatement ps = c.prepareStatement(q)) {
                StringBuilder b = new StringBuilder(q).append(" ->");
                java.sql.ParameterMetaData pm = ps.getParameterMetaData();
                for (int i = 1; i <= pm.getParameterCount(); i++) {
                    b.append(' ').append(pm.getParameterTypeName(i));
                }
                ResultSetMetaData md = ps.getMetaData();
                for (int i = 1; md != null && i <= md.getColumnCount(); i++) {
                    b.append(" | ").append(md.getColumnTypeName(i));
                }
                out.add(b.toString());
            }
        }
        try (PreparedStatement ps = c.prepareStatement("insert into types_time_params values (?, ?, ?)")) {
            ps.setInt(1, 1);
            ps.setTime(2, java.sql.Time.valueOf("10:11:12"));
            ps.setTimestamp(3, java.sql.Timestamp.valueOf("2024-01-02 03:04:05.123456"));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("select ?::time, ?::time(0), ?::timestamp, ?::interval")) {
            ps.setTime(1, java.sql.Time.valueOf("23:59:58"));
            ps.setString(2, "12:00:00.5");
            ps.setTimestamp(3, java.sql.Timestamp.valueOf("2024-01-02 03:04:05.5"));
            ps.setString(4, "1 day 02:00");
            try (ResultSet rs = ps.executeQuery()) {
                out.add(describe(rs));
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("create table types_time_ctas as select * from types_time_params");
            try (ResultSet rs = s.executeQuery("select attname, format_type(atttypid, atttypmod) from pg_attribute"
                    + " where attrelid = 'types_time_ctas'::regclass and attnum > 0 order by attnum")) {
                out.add(describe(rs));
            }
            try (ResultSet rs = s.executeQuery("select * from types_time_ctas")) {
                out.add(describe(rs));
            }
        }
        return String.join("\n", out);
    }

    @Test
    void timeParametersAreTypedAsPostgresTypesThem() throws Exception {
        String expected;
        try (Connection pg = DriverManager.getConnection(reference.jdbcUrl())) {
            expected = timeParameterSession(pg);
        }
        try (Connection tessera = DriverManager.getConnection(cluster.jdbcUrl(1))) {
            assertEquals(expected, timeParameterSession(tessera));
        }
    }

    @Test
    void intervalColumnsThroughPgjdbcInTextBinaryAndCopyAreThoseOfPostgres() throws Exception {
        for (String mode : new String[] {"", BINARY}) {
            String expected;
            try (Connection pg = DriverManager.getConnection(reference.jdbcUrl() + mode)) {
                expected = intervalSession(pg);
                pg.createStatement().execute("drop table types_interval");
            }
            try (Connection tessera = DriverManager.getConnection(cluster.jdbcUrl(1) + mode)) {
                assertEquals(expected, intervalSession(tessera));
                tessera.createStatement().execute("drop table types_interval");
            }
        }
    }

    @Test
    void uuidColumnsThroughPgjdbcInBinaryAndCopyAreThoseOfPostgres() throws Exception {
        String expected;
        try (Connection pg = DriverManager.getConnection(reference.jdbcUrl() + BINARY)) {
            expected = uuidSession(pg);
        }
        try (Connection tessera = DriverManager.getConnection(cluster.jdbcUrl(1) + BINARY)) {
            assertEquals(expected, uuidSession(tessera));
        }
    }

    /**
     * Prepared INSERTs binding values whose parameter types differ from their columns': pgjdbc's {@code setTimestamp}
     * (sent untyped) into a date column, {@code setInt} (int4) into a bigint column, {@code setLong} (int8) too large
     * for an int column (22003), {@code setInt} into a timestamp column (42804 at Parse), {@code setString} into an
     * int column (varchar: 42804; untyped with {@code stringtype=unspecified}: read by int's input).
     */
    private static String assignmentSession(Connection c, boolean unspecifiedStrings) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.execute("create table types_assign (id int primary key, d date, b bigint, i int, ts timestamp)");
        }
        String[] sql = {
            "insert into types_assign (id, d) values (?, ?)",
            "insert into types_assign (id, b) values (?, ?)",
            "insert into types_assign (id, i) values (?, ?)",
            "insert into types_assign (id, ts) values (?, ?)",
            "insert into types_assign (id, i) values (?, ?)",
            "insert into types_assign (id, d) values (?, ?)",
        };
        for (int k = 0; k < sql.length; k++) {
            try (PreparedStatement ps = c.prepareStatement(sql[k])) {
                ps.setInt(1, k + 1);
                switch (k) {
                    case 0 -> ps.setTimestamp(2, java.sql.Timestamp.valueOf("2024-02-29 23:30:00"));
                    case 1 -> ps.setInt(2, 2_000_000_000);
                    case 2 -> ps.setLong(2, 5_000_000_000L);
                    case 3 -> ps.setInt(2, 42);
                    case 4 -> ps.setString(2, " 17 ");
                    default -> ps.setObject(2, java.time.LocalDate.of(2023, 3, 4));
                }
                out.add(k + ": " + ps.executeUpdate());
            } catch (SQLException e) {
                out.add(k + ": " + e.getSQLState()); // the SQLSTATE; messages may name varchar as text here
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from types_assign order by id")) {
            out.add(describe(rs));
            s.execute("drop table types_assign");
        }
        return (unspecifiedStrings ? "unspecified " : "varchar ") + String.join("\n", out);
    }

    @Test
    void preparedInsertsAssignParametersAsPostgresDoes() throws Exception {
        for (String mode : new String[] {"", "&stringtype=unspecified"}) {
            String expected;
            try (Connection pg = DriverManager.getConnection(reference.jdbcUrl() + mode)) {
                expected = assignmentSession(pg, !mode.isEmpty());
            }
            try (Connection tessera = DriverManager.getConnection(cluster.jdbcUrl(1) + mode)) {
                assertEquals(expected, assignmentSession(tessera, !mode.isEmpty()));
            }
        }
    }

    /**
     * jsonb's {@code ?} operators beside pgjdbc's {@code ?} placeholders: pgjdbc sends a prepared statement's {@code ??}
     * as {@code ?} and its placeholders as {@code $n}; a plain statement's {@code ?} goes as it is.
     */
    @Test
    void jsonbExistenceOperatorsBesidePgjdbcPlaceholdersAreThoseOfPostgres() throws Exception {
        String expected;
        try (Connection pg = DriverManager.getConnection(reference.jdbcUrl())) {
            expected = jsonbExistenceSession(pg);
        }
        try (Connection tessera = DriverManager.getConnection(cluster.jdbcUrl(1))) {
            assertEquals(expected, jsonbExistenceSession(tessera));
        }
    }

    private static String jsonbExistenceSession(Connection c) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Statement s = c.createStatement()) {
            s.execute("create table types_jsonb (id int primary key, j jsonb)");
        }
        try (PreparedStatement ins = c.prepareStatement("insert into types_jsonb values (?, ?::jsonb)")) {
            String[] values = {"{\"a\": 1}", "{\"b\": [\"a\"]}", "[\"a\", \"c\"]", "\"c\"", null};
            for (int i = 0; i < values.length; i++) {
                ins.setInt(1, i + 1);
                ins.setString(2, values[i]);
                ins.executeUpdate();
            }
        }
        try (PreparedStatement q = c.prepareStatement("select id, j ?? ?, j ??| ?::text[], j ??& ?::text[], ? || 'x'"
                + " from types_jsonb where id >= ? order by id")) {
            q.setString(1, "a");
            q.setString(2, "{c,b}");
            q.setString(3, "{a,c}");
            q.setString(4, "p");
            q.setInt(5, 1);
            rows(q.executeQuery(), out);
        }
        try (Statement s = c.createStatement()) {
            rows(s.executeQuery("select id from types_jsonb where j ? 'c' or j -> 'b' ? 'a' order by id"), out);
            s.execute("drop table types_jsonb");
        }
        return out.toString();
    }

    private static void rows(ResultSet rs, StringBuilder out) throws SQLException {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            for (int i = 1; i <= n; i++) {
                out.append(i > 1 ? "|" : "").append(rs.getString(i));
            }
            out.append('\n');
        }
        rs.close();
    }
}
