package io.tessera.it.isolation;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tessera.it.ProcessCluster;
import io.tessera.it.ReferencePostgres;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * The isolation specs of {@code src/test/resources/isolation/*.spec} (format: the README.md there), each run on
 * the reference PostgreSQL and on a two-coordinator, two-datanode Tessera cluster, with session i of a spec on
 * coordinator (i % 2) + 1 so that every interleaving crosses coordinators. A spec passes when PostgreSQL's
 * output equals {@code isolation/expected/NAME.out} (the spec and the harness are right) and Tessera's output
 * equals PostgreSQL's (Tessera behaves like PostgreSQL). Both outputs, and transcripts with error messages and
 * timings, are written to {@code target/isolation/}.
 *
 * <p>{@code -Dtessera.isolation.spec=a,b} runs only the named specs.
 */
class IsolationIT {
    private static final String RESOURCES = "/isolation";
    private static final Path OUT = Path.of(System.getProperty("tessera.isolation.out", "target/isolation"));

    private static ReferencePostgres postgres;
    private static ProcessCluster cluster;
    private static Throwable clusterFailure;

    @BeforeAll
    static void start() {
        postgres = ReferencePostgres.start();
        try {
            cluster = ProcessCluster.start(2, 2);
            warmUp();
        } catch (Throwable t) {
            // still check every spec on PostgreSQL; each Tessera comparison then reports this
            clusterFailure = t;
        }
    }

    /**
     * Runs each statement shape of the specs once through both coordinators, so that a first, cold planning
     * (seconds on a fresh JVM) is not what decides whether a blocking step "waits" (see IsolationRunner).
     */
    private static void warmUp() throws SQLException {
        for (int c = 1; c <= 2; c++) {
            try (Connection conn = DriverManager.getConnection(cluster.jdbcUrl(c));
                    java.sql.Statement st = conn.createStatement()) {
                st.execute("create table isolation_warmup_" + c + "(id int, v int)");
                st.execute("insert into isolation_warmup_" + c + " select g, 0 from generate_series(1, 10) g");
                st.execute("begin");
                st.execute("update isolation_warmup_" + c + " set v = v + 1 where id = 1");
                st.execute("delete from isolation_warmup_" + c + " where id = 2");
                st.executeQuery("select id, v from isolation_warmup_" + c + " order by id").close();
                st.executeQuery("select count(*) as n, sum(v) as total from isolation_warmup_" + c).close();
                st.execute("commit");
                st.execute("drop table isolation_warmup_" + c);
            }
        }
    }

    @AfterAll
    static void stop() {
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

    @TestFactory
    Stream<DynamicTest> specs() throws IOException, URISyntaxException {
        URL dir = IsolationIT.class.getResource(RESOURCES);
        assertTrue(dir != null, "no isolation specs on the test classpath (" + RESOURCES + ")");
        Path specDir = Path.of(dir.toURI());
        String only = System.getProperty("tessera.isolation.spec", "");
        List<String> wanted = only.isBlank() ? List.of() : Arrays.stream(only.split(",")).map(String::strip).toList();
        List<Path> files;
        try (Stream<Path> s = Files.list(specDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".spec"))
                    .filter(p -> wanted.isEmpty() || wanted.contains(specName(p)))
                    .sorted().toList();
        }
        assertFalse(files.isEmpty(), "no spec matched in " + specDir + (wanted.isEmpty() ? "" : " for " + wanted));
        return files.stream().map(f -> DynamicTest.dynamicTest(specName(f), f.toUri(), () -> check(f, specDir)));
    }

    private static void check(Path file, Path specDir) throws Exception {
        String name = specName(file);
        IsolationSpec spec = IsolationSpec.parse(file.getFileName().toString(),
                Files.readString(file, StandardCharsets.UTF_8));
        Files.createDirectories(OUT);

        IsolationRunner.Result pg = IsolationRunner.run(spec, postgresTarget());
        Files.writeString(OUT.resolve(name + ".postgres.out"), pg.output());
        Files.writeString(OUT.resolve(name + ".postgres.transcript"), pg.transcript());
        Path expectedFile = specDir.resolve("expected").resolve(name + ".out");
        String expected = Files.exists(expectedFile) ? Files.readString(expectedFile, StandardCharsets.UTF_8) : null;

        IsolationRunner.Result tessera = null;
        if (cluster != null) {
            tessera = IsolationRunner.run(spec, tesseraTarget());
            Files.writeString(OUT.resolve(name + ".tessera.out"), tessera.output());
            Files.writeString(OUT.resolve(name + ".tessera.transcript"), tessera.transcript());
        }
        IsolationRunner.Result te = tessera;
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> {
            if (expected == null) {
                fail("no expected output isolation/expected/" + name + ".out; PostgreSQL printed (also in "
                        + OUT.resolve(name + ".postgres.out") + "):\n" + pg.output());
            }
            if (!expected.equals(pg.output())) {
                fail("PostgreSQL's output differs from isolation/expected/" + name + ".out — the spec, its expected"
                        + " output or the harness is wrong:\n" + TextDiff.unified("expected", expected, "postgres",
                                pg.output()) + "\n--- postgres transcript\n" + pg.transcript());
            }
        });
        checks.add(() -> {
            if (te == null) {
                throw new AssertionError("the Tessera cluster did not start", clusterFailure);
            }
            if (!pg.output().equals(te.output())) {
                fail("Tessera's output differs from PostgreSQL's for " + name + " (" + spec.invariant().lines()
                        .findFirst().orElse("") + ")\n" + TextDiff.unified("postgres", pg.output(), "tessera",
                                te.output()) + "\n--- postgres output\n" + pg.output() + "--- tessera output\n"
                        + te.output() + "--- tessera transcript\n" + te.transcript());
            }
        });
        assertAll(name, checks.stream());
    }

    private static String specName(Path file) {
        String f = file.getFileName().toString();
        return f.substring(0, f.length() - ".spec".length());
    }

    private static IsolationRunner.Target postgresTarget() {
        return new IsolationRunner.Target() {
            @Override
            public String name() {
                return "postgres";
            }

            @Override
            public Connection connectSession(int index) throws SQLException {
                return DriverManager.getConnection(postgres.jdbcUrl());
            }

            @Override
            public Connection connectAdmin() throws SQLException {
                return DriverManager.getConnection(postgres.jdbcUrl());
            }

            @Override
            public boolean canObserveLockWaits() {
                return true;
            }
        };
    }

    private static IsolationRunner.Target tesseraTarget() {
        return new IsolationRunner.Target() {
            @Override
            public String name() {
                return "tessera";
            }

            @Override
            public Connection connectSession(int index) throws SQLException {
                return DriverManager.getConnection(cluster.jdbcUrl(index % 2 + 1));
            }

            @Override
            public Connection connectAdmin() throws SQLException {
                return DriverManager.getConnection(cluster.jdbcUrl(1));
            }

            @Override
            public boolean canObserveLockWaits() {
                return false;
            }
        };
    }
}
