package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Temporary tables across sessions and coordinators: two sessions' temporary tables of one name do not conflict and
 * each sees only its own rows; a session's temporary schema (with its tables) is dropped when it disconnects, and
 * when its coordinator is SIGKILLed another coordinator drops it. Also CREATE TABLE AS with pgjdbc parameters, as
 * PostgreSQL 15 runs it. Single-session behaviour is in corpus 188.
 */
class TempTableIT {
    private static ProcessCluster cluster;

    @BeforeAll
    static void start() {
        cluster = ProcessCluster.start(2, 2);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    private static String tempSchema(Connection c, String table) throws SQLException {
        return rows(c, "select n.nspname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                + " where c.relname = '" + table + "' and c.relpersistence = 't' and pg_table_is_visible(c.oid)")
                .get(0);
    }

    private static long count(Connection c, String sql) throws SQLException {
        return Long.parseLong(rows(c, sql).get(0));
    }

    @Test
    void twoSessionsKeepTheirOwnTables() throws Exception {
        try (Connection a = DriverManager.getConnection(cluster.jdbcUrl(1));
                Connection b = DriverManager.getConnection(cluster.jdbcUrl(2));
                Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            sa.execute("create table shared_tt (id int primary key, who text)");
            sa.execute("insert into shared_tt values (0, 'permanent')");
            sa.execute("create temp table shared_tt (id int primary key, who text)");
            sb.execute("create temp table shared_tt (id int primary key, who text) distribute by replication");
            sa.execute("insert into shared_tt select g, 'a' from generate_series(1, 20) g");
            sb.execute("insert into shared_tt values (1, 'b')");
            assertEquals(List.of("20"), rows(a, "select count(*) from shared_tt where who = 'a'"));
            assertEquals(List.of("b"), rows(b, "select who from shared_tt"));
            assertEquals(List.of("permanent"), rows(b, "select who from public.shared_tt"));
            String schemaA = tempSchema(a, "shared_tt");
            String schemaB = tempSchema(b, "shared_tt");
            assertEquals(false, schemaA.equals(schemaB), schemaA);
            // the other session's temporary schema is not planned for this one
            try {
                rows(b, "select count(*) from " + schemaA + ".shared_tt");
                throw new AssertionError("read another session's temporary table");
            } catch (SQLException e) {
                assertEquals("42P01", e.getSQLState());
            }
        }
    }

    @Test
    void disconnectDropsTheTemporarySchema() throws Exception {
        String schema;
        try (Connection a = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s = a.createStatement()) {
            s.execute("create temp table gone_tt (id int primary key)");
            s.execute("insert into gone_tt select generate_series(1, 100)");
            schema = tempSchema(a, "gone_tt");
        }
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(2))) {
            Awaits.until(Duration.ofSeconds(30), () -> {
                try {
                    return count(c, "select count(*) from pg_namespace where nspname = '" + schema + "'") == 0;
                } catch (SQLException e) {
                    throw new AssertionError(e);
                }
            }, () -> schema + " still exists after its session ended");
            assertEquals(0, count(c, "select count(*) from pg_class where relname = 'gone_tt'"));
        }
    }

    @Test
    void aKilledCoordinatorsTemporaryTablesAreDropped() throws Exception {
        Connection a = DriverManager.getConnection(cluster.jdbcUrl(2));
        Statement s = a.createStatement();
        s.execute("create temp table orphan_tt (id int primary key, v text)");
        s.execute("insert into orphan_tt select g, 'x' from generate_series(1, 100) g");
        String schema = tempSchema(a, "orphan_tt");
        cluster.kill("coord2");
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1))) {
            Awaits.until(Duration.ofSeconds(60), () -> {
                try {
                    return count(c, "select count(*) from pg_namespace where nspname = '" + schema + "'") == 0;
                } catch (SQLException e) {
                    throw new AssertionError(e);
                }
            }, () -> schema + " of the killed coordinator still exists");
            assertEquals(0, count(c, "select count(*) from pg_class where relname = 'orphan_tt'"));
        } finally {
            cluster.start();
        }
    }

    @Test
    void createTableAsWithParameters() throws Exception {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1))) {
            try (PreparedStatement p = c.prepareStatement("create table ctas_param as select ?::int as x, ? as y")) {
                p.setInt(1, 42);
                p.setInt(2, 7);
                assertEquals(1, p.executeUpdate());
            }
            assertEquals(List.of("42 7 integer integer"), rows(c,
                    "select x || ' ' || y || ' ' || pg_typeof(x) || ' ' || pg_typeof(y) from ctas_param"));
            try (PreparedStatement p = c.prepareStatement(
                    "select g as x into temp ctas_param_temp from generate_series(1, 10) g where g > ?")) {
                p.setInt(1, 7);
                assertEquals(3, p.executeUpdate());
            }
            assertEquals(List.of("27"), rows(c, "select sum(x) from ctas_param_temp"));
        }
    }
}
