package io.tessera.it.corpus;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tessera.it.ProcessCluster;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The differential corpus ({@code src/test/resources/corpus/*.sql}) with pushdown on and off
 * ({@code SET tessera.enable_pushdown}): on one Tessera cluster (one coordinator, three datanodes), every query of
 * every file (SELECT, WITH, VALUES, TABLE) runs twice in the same session — first with joins, aggregates and
 * top-Ns kept on the coordinator, then with them pushed to the datanodes (co-located or redistributed joins,
 * partial aggregates, top-N) — and both outcomes must be equal (rows in order where the query has a top-level
 * ORDER BY, as a multiset otherwise, or the same error). Other statements, and queries that take sequence values
 * or advisory locks, run once, in file order, so the tables
 * are the ones the queries expect. This is the check that the distributed plans compute what the coordinator's do,
 * independently of the comparison with PostgreSQL that {@code CorpusIT} makes.
 */
class PushdownCorpusIT {
    private static final String DATABASE = "corpus";
    private static ProcessCluster cluster;
    private static Connection tessera;

    @BeforeAll
    static void start() throws SQLException {
        cluster = ProcessCluster.start(1, 3);
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s = c.createStatement()) {
            s.execute("create database " + DATABASE);
        }
        tessera = DriverManager.getConnection(cluster.jdbcUrl(1, DATABASE));
    }

    @AfterAll
    static void stop() throws SQLException {
        try {
            if (tessera != null) {
                tessera.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /**
     * Whether {@code sql} is a query to run both ways: a SELECT, WITH, VALUES or TABLE that takes no sequence value
     * and no advisory lock (a second nextval, setval or pg_advisory_unlock would answer differently by design; such
     * a query runs once, as other statements)
     * and holds no INSERT, UPDATE or DELETE in its WITH (which would change the tables the second run reads) nor an
     * INTO (SELECT ... INTO creates a table).
     */
    private static boolean isQuery(String sql) {
        String s = sql.stripLeading().toLowerCase(Locale.ROOT);
        return (s.startsWith("select") || s.startsWith("with") || s.startsWith("values") || s.startsWith("table")
                || s.startsWith("(")) && !s.contains("nextval(") && !s.contains("setval(")
                && !s.contains("advisory_") && !modifies(sql);
    }

    private static boolean modifies(String sql) {
        try {
            if (io.tessera.sql.parser.ModifyingWith.split(sql) != null) {
                return true;
            }
        } catch (RuntimeException e) {
            return false; // PostgreSQL's error for a data-modifying WITH where none may be: the same both ways
        }
        try {
            return io.tessera.sql.parser.TesseraSqlParser.parse(
                    io.tessera.sql.parser.TesseraSqlParser.rewriteParameters(sql))
                    instanceof io.tessera.sql.parser.ddl.SqlCreateTableAs;
        } catch (RuntimeException e) {
            return false; // not parsed here: compared both ways, as before
        }
    }

    private static void set(String value) {
        try (Statement s = tessera.createStatement()) {
            s.execute("set tessera.enable_pushdown = " + value);
        } catch (SQLException inAFailedBlock) {
            // the block's next statement fails as well, on both runs
        }
    }

    @Test
    void everyQueryOfTheCorpusReturnsTheSameWithPushdownOnAndOff() throws IOException, SQLException {
        Path dir;
        try {
            dir = Path.of(PushdownCorpusIT.class.getResource("/corpus").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList();
        }
        StringBuilder report = new StringBuilder();
        int compared = 0;
        int pushedJoins = 0;
        for (Path file : files) {
            CorpusScript script = CorpusScript.parse(file.getFileName().toString(),
                    Files.readString(file, StandardCharsets.UTF_8));
            for (CorpusScript.Case c : script.cases()) {
                if (tessera.isClosed()) {
                    tessera = DriverManager.getConnection(cluster.jdbcUrl(1, DATABASE));
                }
                if (!isQuery(c.sql())) {
                    try (Statement s = tessera.createStatement()) {
                        Outcome.of(s, c.sql());
                    }
                    continue;
                }
                set("off");
                Outcome off;
                try (Statement s = tessera.createStatement()) {
                    off = Outcome.of(s, c.sql());
                }
                set("on");
                Outcome on;
                try (Statement s = tessera.createStatement()) {
                    on = Outcome.of(s, c.sql());
                }
                if (off.error() != null && on.error() != null && on.error().startsWith("25P02")) {
                    continue; // the first run failed inside a transaction block: nothing left to compare
                }
                compared++;
                if (!on.matches(off, c.ordered())) {
                    report.append('\n').append(script.name()).append(':').append(c.line()).append("\n  ")
                            .append(c.sql().replace("\n", "\n  ")).append("\n  pushdown on:\n")
                            .append(on.render("    ")).append("  pushdown off:\n").append(off.render("    "));
                }
                if (script.name().equals("53_joins.sql") && on.error() == null && explainPushesAJoin(c.sql())) {
                    pushedJoins++;
                }
            }
        }
        if (report.length() > 0) {
            fail(compared + " queries compared; these differ:" + report);
        }
        assertTrue(pushedJoins >= 10, "only " + pushedJoins + " joins of 53_joins.sql ran on the datanodes");
    }

    /** Whether EXPLAIN shows a join below a Remote Subquery Scan (run on the datanodes). */
    private static boolean explainPushesAJoin(String sql) throws SQLException {
        try (Statement s = tessera.createStatement();
                java.sql.ResultSet rs = s.executeQuery("explain (costs off) " + sql)) {
            boolean remote = false;
            while (rs.next()) {
                String line = rs.getString(1);
                remote |= line.contains("Remote Subquery Scan");
                if (remote && line.contains("Join")) {
                    return true;
                }
            }
            return false;
        } catch (SQLException notExplainable) {
            return false;
        }
    }
}
