package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.util.PSQLException;

/**
 * A Tessera cluster and a reference PostgreSQL 15 for one test class, started before its first test and stopped
 * after its last, and the comparison most differential tests make: run one scenario on each and require the same
 * outcome. Register it as {@code @RegisterExtension static final Differential db = new Differential(1, 2);}.
 *
 * <p>The static helpers ({@link #outcome}, {@link #rows}) describe what a statement did as text, so that the two
 * systems' answers compare with one {@code assertEquals} and a failure shows both.
 */
public final class Differential implements BeforeAllCallback, AfterAllCallback {
    /** A scenario run once on each system; it returns what it observed (rows, update counts, SQLSTATEs) as text. */
    @FunctionalInterface
    public interface Scenario {
        String run(Connection c) throws Exception;
    }

    private final int coordinators;
    private final int datanodes;
    private ProcessCluster cluster;
    private ReferencePostgres reference;

    /** A cluster of {@code coordinators} coordinators and {@code datanodes} datanodes, plus the reference. */
    public Differential(int coordinators, int datanodes) {
        this.coordinators = coordinators;
        this.datanodes = datanodes;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        reference = ReferencePostgres.start();
        cluster = ProcessCluster.start(coordinators, datanodes);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (reference != null) {
                reference.close();
            }
        }
    }

    /** The Tessera cluster (started). */
    public ProcessCluster cluster() {
        return cluster;
    }

    /** The reference PostgreSQL (started). */
    public ReferencePostgres reference() {
        return reference;
    }

    /**
     * Runs {@code scenario} on the reference PostgreSQL, then on Tessera through its first coordinator, each on a
     * fresh connection, and asserts that both observed the same.
     *
     * @return what both observed
     */
    public String same(Scenario scenario) throws Exception {
        String expected;
        try (Connection pg = DriverManager.getConnection(reference.jdbcUrl())) {
            expected = scenario.run(pg);
        }
        try (Connection tessera = DriverManager.getConnection(cluster.jdbcUrl(1))) {
            assertEquals(expected, scenario.run(tessera));
        }
        return expected;
    }

    /**
     * Runs {@code statements} in order on one connection to each system (the reference first, statement by
     * statement) and asserts that each has the same {@link #outcome}.
     */
    public void sameOutcomes(String... statements) throws SQLException {
        compare(false, statements);
    }

    /** As {@link #sameOutcomes}, and errors must also carry the same message and DETAIL. */
    public void sameOutcomesAndMessages(String... statements) throws SQLException {
        compare(true, statements);
    }

    private void compare(boolean messages, String... statements) throws SQLException {
        try (Connection t = DriverManager.getConnection(cluster.jdbcUrl(1));
                Connection p = DriverManager.getConnection(reference.jdbcUrl());
                Statement ts = t.createStatement(); Statement ps = p.createStatement()) {
            for (String sql : statements) {
                String expected = messages ? outcomeWithMessage(ps, sql) : outcome(ps, sql);
                String actual = messages ? outcomeWithMessage(ts, sql) : outcome(ts, sql);
                assertEquals(expected, actual, sql);
            }
        }
    }

    /**
     * Runs {@code sql} on the reference, then {@code sql + tesseraSuffix} on Tessera (the suffix carries Postgres-XL
     * clauses PostgreSQL lacks, such as {@code DISTRIBUTE BY}); either failing fails the test.
     */
    public void both(String sql, String tesseraSuffix) throws SQLException {
        try (Connection p = DriverManager.getConnection(reference.jdbcUrl()); Statement s = p.createStatement()) {
            s.execute(sql);
        }
        try (Connection t = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s = t.createStatement()) {
            s.execute(sql + tesseraSuffix);
        }
    }

    /**
     * What one statement did, as text: its rows in the order returned (columns joined by {@code |}, one line per
     * row), {@code ok N} for a command whose update count is N, or {@code ERROR <SQLSTATE>}.
     */
    public static String outcome(Statement s, String sql) {
        try {
            return resultOf(s, sql);
        } catch (SQLException e) {
            return "ERROR " + e.getSQLState();
        }
    }

    /** As {@link #outcome}, with an error's message and DETAIL after its SQLSTATE. */
    public static String outcomeWithMessage(Statement s, String sql) {
        try {
            return resultOf(s, sql);
        } catch (SQLException e) {
            if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
                return "ERROR " + e.getSQLState() + " " + p.getServerErrorMessage().getMessage() + " / "
                        + p.getServerErrorMessage().getDetail();
            }
            return "ERROR " + e.getSQLState() + " " + e.getMessage();
        }
    }

    private static String resultOf(Statement s, String sql) throws SQLException {
        if (!s.execute(sql)) {
            return "ok " + s.getUpdateCount();
        }
        try (ResultSet rs = s.getResultSet()) {
            ResultSetMetaData md = rs.getMetaData();
            StringBuilder out = new StringBuilder();
            while (rs.next()) {
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    out.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.append('\n');
            }
            return out.toString();
        }
    }

    /**
     * The rows of query {@code sql}, each as its columns joined by {@code |}, sorted unless the query says
     * {@code order by} (so that two systems' answers compare whatever order an unordered query returns); with
     * {@code header}, one {@code label:type} entry per column comes first.
     */
    public static List<String> rows(Connection c, String sql, boolean header) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            if (header) {
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    out.add(md.getColumnLabel(i) + ":" + md.getColumnTypeName(i));
                }
            }
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
            if (!sql.toLowerCase(java.util.Locale.ROOT).contains("order by")) {
                rows.sort(null);
            }
            out.addAll(rows);
        }
        return out;
    }
}
