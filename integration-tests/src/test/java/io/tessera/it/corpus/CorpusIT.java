package io.tessera.it.corpus;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tessera.it.ProcessCluster;
import io.tessera.it.ReferencePostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The differential corpus ({@code src/test/resources/corpus/*.sql}, format in the README.md there): every statement
 * runs on a Tessera cluster of one coordinator and three datanodes and on the reference PostgreSQL 15, each in a
 * fresh database {@code corpus}, files in name order ({@code 00_setup.sql} first, so its tables serve every later
 * file), and the outcomes must be equal — the same columns (name and type) and rows (in order only where the query
 * has a top-level ORDER BY), the same update count, or the same SQLSTATE and message. One dynamic test per file;
 * a failing file's report lists every mismatching statement with its invariant comment, its line, and both
 * outcomes, and is also written to {@code target/corpus/NAME.report}.
 *
 * <p>{@code corpus/deviations.txt} lists the known differences that lie outside what the corpus' owners can fix
 * (each with its reason): a listed statement may mismatch; a listed statement that matches fails the file, so the
 * list shrinks as Tessera improves. {@code -Dtessera.corpus.file=a,b} runs only the named files (and the setup).
 */
class CorpusIT {
    private static final String RESOURCES = "/corpus";
    private static final String SETUP = "00_setup.sql";
    private static final String DATABASE = "corpus";
    private static final Path OUT = Path.of(System.getProperty("tessera.corpus.out", "target/corpus"));

    private static ReferencePostgres postgres;
    private static ProcessCluster cluster;
    private static Connection tessera;
    private static Connection reference;

    @BeforeAll
    static void start() throws SQLException {
        start(config -> { });
    }

    /**
     * Starts the reference PostgreSQL and a cluster whose cluster file {@code configure} changes (other corpus runs
     * may share this runner, e.g. with other cluster settings; one run at a time).
     */
    static void start(java.util.function.Consumer<io.tessera.common.config.ClusterConfig> configure)
            throws SQLException {
        postgres = ReferencePostgres.start();
        cluster = ProcessCluster.start(1, 3, configure);
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("create database " + DATABASE);
        }
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s = c.createStatement()) {
            s.execute("create database " + DATABASE);
        }
        reference = DriverManager.getConnection(postgres.jdbcUrl().replace("/postgres?", "/" + DATABASE + "?"));
        tessera = DriverManager.getConnection(cluster.jdbcUrl(1, DATABASE));
    }

    /** The connection to the running cluster's coordinator, database {@code corpus} (for other runs' own checks). */
    static Connection tessera() {
        return tessera;
    }

    @AfterAll
    static void stop() throws SQLException {
        try {
            for (Connection c : new Connection[] {tessera, reference}) {
                if (c != null) {
                    c.close();
                }
            }
        } finally {
            try {
                if (cluster != null) {
                    cluster.close();
                }
            } finally {
                if (postgres != null) {
                    postgres.close();
                }
            }
        }
    }

    /**
     * The cluster computes in microseconds ({@code engine.microseconds}, the default): {@code now()} is the
     * transaction's start with digits below the millisecond in some of 20 transactions (all 20 on whole
     * milliseconds: probability 10^-60).
     */
    @Test
    void nowHasMicroseconds() throws SQLException {
        int belowMillisecond = 0;
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s = c.createStatement()) {
            for (int i = 0; i < 20; i++) {
                try (ResultSet r = s.executeQuery("select extract(microseconds from now())::bigint % 1000")) {
                    assertTrue(r.next());
                    belowMillisecond += r.getLong(1) != 0 ? 1 : 0;
                }
            }
        }
        assertTrue(belowMillisecond > 0, "now() had whole milliseconds in 20 transactions");
    }

    @TestFactory
    Stream<DynamicTest> corpus() throws IOException {
        String only = System.getProperty("tessera.corpus.file");
        return files(only == null ? null : new HashSet<>(Arrays.asList(only.split(","))), "deviations.txt");
    }

    /**
     * One dynamic test per corpus file named in {@code selected} (with or without {@code .sql}, or by its number
     * prefix; null: every file), the setup file first, compared under the deviations listed in the resource
     * {@code deviationsFile}.
     *
     * @throws IllegalArgumentException when a name in {@code selected} names no file
     */
    static Stream<DynamicTest> files(Set<String> selected, String deviationsFile) throws IOException {
        Path dir = resources();
        Map<String, Map<String, String>> deviations = Deviations.read(dir.resolve(deviationsFile));
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".sql"))
                    .filter(p -> selected == null || p.getFileName().toString().equals(SETUP)
                            || selected.stream().anyMatch(name -> names(p, name)))
                    .sorted().toList();
        }
        if (selected != null) {
            for (String name : selected) {
                if (files.stream().noneMatch(p -> names(p, name))) {
                    throw new IllegalArgumentException("no corpus file is named " + name + " in " + dir);
                }
            }
        }
        Files.createDirectories(OUT);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), f.toUri(),
                () -> runFile(f, deviations.getOrDefault(f.getFileName().toString(), Map.of()))));
    }

    /** Whether {@code name} names corpus file {@code file}: its name, without {@code .sql}, or its number. */
    private static boolean names(Path file, String name) {
        String f = file.getFileName().toString();
        return f.equals(name) || f.equals(name + ".sql") || f.startsWith(name + "_") && name.chars().allMatch(
                Character::isDigit);
    }

    private static void runFile(Path file, Map<String, String> deviations) throws IOException, SQLException {
        CorpusScript script = CorpusScript.parse(file.getFileName().toString(),
                Files.readString(file, StandardCharsets.UTF_8));
        StringBuilder report = new StringBuilder();
        int mismatches = 0;
        int deviating = 0;
        Set<String> unused = new HashSet<>(deviations.keySet());
        for (CorpusScript.Case c : script.cases()) {
            Outcome expected = run(reference, c.postgresSql());
            Outcome actual = run(tessera, c.sql());
            boolean same = actual.matches(expected, c.ordered());
            String reason = deviations.get(c.oneLine());
            unused.remove(c.oneLine());
            if (same && reason == null) {
                continue;
            }
            String where = script.name() + ":" + c.line();
            if (same) {
                mismatches++;
                report.append("\n").append(where).append(": listed in deviations.txt but now matches PostgreSQL;")
                        .append(" remove it from the list\n  ").append(c.sql().replace("\n", "\n  ")).append('\n');
                continue;
            }
            if (reason != null) {
                deviating++;
                continue;
            }
            mismatches++;
            report.append("\n").append(where).append(c.comment().isEmpty() ? "" : "  -- " + c.comment()
                    .replace("\n", " ")).append("\n  ").append(c.sql().replace("\n", "\n  ")).append('\n')
                    .append("  as a deviation: ").append(script.name()).append(" | ").append(c.oneLine())
                    .append(" | REASON\n")
                    .append("  tessera:\n").append(actual.render("    "))
                    .append("  postgres:\n").append(expected.render("    "));
        }
        for (String stale : unused) {
            mismatches++;
            report.append("\n").append(script.name()).append(": deviations.txt lists a statement the file no longer has: ")
                    .append(stale).append('\n');
        }
        String summary = script.name() + ": " + script.cases().size() + " statements, " + mismatches + " mismatches, "
                + deviating + " listed deviations";
        Files.writeString(OUT.resolve(script.name().replaceFirst("\\.sql$", "") + ".report"),
                summary + "\n" + report);
        if (mismatches > 0) {
            fail(summary + "\n" + report);
        }
    }

    /** Runs one statement, reconnecting first should an earlier failure have closed the connection. */
    private static Outcome run(Connection connection, String sql) throws SQLException {
        Connection c = connection;
        if (c.isClosed()) {
            if (c == tessera) {
                tessera = c = DriverManager.getConnection(cluster.jdbcUrl(1, DATABASE));
            } else {
                reference = c = DriverManager.getConnection(postgres.jdbcUrl().replace("/postgres?", "/" + DATABASE + "?"));
            }
        }
        try (Statement s = c.createStatement()) {
            return Outcome.of(s, sql);
        }
    }

    private static Path resources() {
        try {
            URL url = CorpusIT.class.getResource(RESOURCES);
            if (url == null) {
                throw new IllegalStateException("no " + RESOURCES + " on the test classpath");
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code deviations.txt}: {@code file | statement on one line | reason}, {@code #} comments. */
    static final class Deviations {
        private Deviations() {
        }

        /** file name → (statement on one line → reason). */
        static Map<String, Map<String, String>> read(Path path) {
            Map<String, Map<String, String>> out = new HashMap<>();
            if (!Files.exists(path)) {
                return out;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int n = 0;
            for (String line : lines) {
                n++;
                if (line.isBlank() || line.stripLeading().startsWith("#")) {
                    continue;
                }
                int first = line.indexOf(" | ");
                int last = line.lastIndexOf(" | ");
                if (first < 0 || last == first || line.substring(last + 3).isBlank()) {
                    throw new IllegalArgumentException("deviations.txt:" + n
                            + ": expected 'file | statement | reason', got: " + line);
                }
                out.computeIfAbsent(line.substring(0, first).strip(), k -> new HashMap<>())
                        .put(line.substring(first + 3, last).strip(), line.substring(last + 3).strip());
            }
            return out;
        }
    }
}
