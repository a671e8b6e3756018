package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Tessera cluster and a reference PostgreSQL 15 for one test class, started before its first test and stopped
 * after its last, and the comparison most differential tests make: run one scenario on each and require the same
 * outcome. Register it as {@code @RegisterExtension static final Differential db = new Differential(1, 2);}.
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
}
