package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Aggregates pushed to the datanodes (partial there, merged on the coordinator; complete there when grouped by the
 * distribution column) return what PostgreSQL 15 returns, over the same rows in tables of every distribution, with
 * NULLs, duplicates, an empty table, filters that match nothing, and a transaction's own uncommitted rows.
 *
 * <p>Left out, a difference of the coordinator's own path that pushdown keeps: {@code sum(bigint)} is bigint (see
 * PgTypeSystem).
 */
class DistributedAggregateIT {
    private static final List<String> DISTRIBUTIONS = List.of("hash(id)", "modulo(id)", "roundrobin", "replication");
    private static final String COLUMNS = "(id int, k int, g smallint, big bigint, n numeric(12,3), f float8, "
            + "s text, b boolean, d date)";

    @RegisterExtension
    static final Differential DB = new Differential(1, 2);
    private static Connection tessera;
    private static Connection reference;

    @BeforeAll
    static void start() throws SQLException {
        tessera = DriverManager.getConnection(DB.cluster().jdbcUrl(1));
        reference = DriverManager.getConnection(DB.reference().jdbcUrl());
        List<String> rows = rows(3000);
        for (int i = 0; i < DISTRIBUTIONS.size(); i++) {
            both("create table t" + i + COLUMNS, " distribute by " + DISTRIBUTIONS.get(i));
            for (int from = 0; from < rows.size(); from += 100) {
                both("insert into t" + i + " values " + String.join(",", rows.subList(from, from + 100)), "");
            }
        }
        both("create table empty_t" + COLUMNS, " distribute by hash(id)");
    }

    @AfterAll
    static void stop() throws SQLException {
        if (tessera != null) {
            tessera.close();
        }
        if (reference != null) {
            reference.close();
        }
    }

    /** The same statement on both systems; {@code tesseraSuffix} carries Tessera's DISTRIBUTE BY clause. */
    private static void both(String sql, String tesseraSuffix) throws SQLException {
        try (Statement s = reference.createStatement()) {
            s.execute(sql);
        }
        try (Statement s = tessera.createStatement()) {
            s.execute(sql + tesseraSuffix);
        }
    }

    /**
     * Deterministic rows: NULLs in every nullable column, many duplicate keys, values whose sums are exact in binary
     * floating point (so the order of addition cannot change a float sum).
     */
    private static List<String> rows(int n) {
        Random r = new Random(42);
        List<String> out = new ArrayList<>();
        for (int id = 1; id <= n; id++) {
            StringBuilder sb = new StringBuilder();
            sb.append('(').append(id).append(',')
                    .append(id % 11 == 0 ? "null" : String.valueOf(r.nextInt(40) - 10)).append(',')
                    .append(id % 13 == 0 ? "null" : String.valueOf(r.nextInt(200))).append(',')
                    .append(id % 17 == 0 ? "null" : String.valueOf(r.nextLong() >> 12)).append(',')
                    .append(id % 19 == 0 ? "null" : (r.nextInt(2_000_000) - 1_000_000) / 1000.0).append(',')
                    .append(id % 23 == 0 ? "null" : String.valueOf(r.nextInt(4000) / 4.0)).append(',')
                    .append(id % 29 == 0 ? "null" : "'v" + r.nextInt(60) + "'").append(',')
                    .append(id % 31 == 0 ? "null" : String.valueOf(r.nextInt(50) != 0)).append(',')
                    .append(id % 37 == 0 ? "null" : "date '" + java.time.LocalDate.of(2020, 1, 1).plusDays(r.nextInt(1000)) + "'")
                    .append(')');
            out.add(sb.toString());
        }
        return out;
    }

    private static void assertSameAsPostgres(String sql) throws SQLException {
        assertEquals(Differential.rows(reference, sql, true), Differential.rows(tessera, sql, true), sql);
    }

    private static final List<String> QUERIES = List.of(
            "select count(*), count(k), sum(k), min(k), max(k), avg(k) from %s",
            "select count(*), sum(k), avg(k), min(big), max(big) from %s where k > 5",
            "select sum(g), avg(g), min(g), max(g), sum(n), avg(n), min(n), max(n) from %s",
            "select sum(f), min(f), max(f), avg(f) from %s",
            "select min(s), max(s), min(d), max(d), bool_and(b), bool_or(b) from %s",
            "select k, count(*), count(s), min(s), max(s), avg(n), sum(f) from %s group by k",
            "select k, g, count(*), sum(n) from %s where g < 100 group by k, g",
            "select id, count(*), sum(k), max(s) from %s group by id",
            "select s, bool_and(b), bool_or(b), min(d) from %s group by s",
            "select count(*), sum(k), avg(k), min(s), max(d) from %s where id < 0",
            "select k, count(*) from %s where id < 0 group by k",
            "select count(distinct k), count(distinct s) from %s",
            "select k, count(*) from %s group by k having count(*) > 60 order by k",
            "select k, sum(g) as total from %s group by k order by total desc nulls last, k limit 5");

    @Test
    void aggregatesMatchPostgresOnEveryDistribution() throws SQLException {
        for (int i = 0; i < DISTRIBUTIONS.size(); i++) {
            for (String q : QUERIES) {
                assertSameAsPostgres(String.format(q, "t" + i));
            }
        }
    }

    @Test
    void emptyTableCountsZeroAndSumsNull() throws SQLException {
        for (String q : QUERIES) {
            assertSameAsPostgres(String.format(q, "empty_t"));
        }
    }

    /** The datanodes aggregate with the transaction's visibility: its own uncommitted rows count. */
    @Test
    void aggregateSeesTheTransactionsOwnWrites() throws SQLException {
        String q = "select count(*), sum(k), max(s) from t0";
        tessera.setAutoCommit(false);
        reference.setAutoCommit(false);
        try {
            both("insert into t0 values (100001, 7, 1, 1, 1, 1, 'zz', true, date '2021-01-01'), "
                    + "(100002, null, 1, 1, 1, 1, 'zzz', true, null)", "");
            both("delete from t0 where id between 1 and 10", "");
            assertSameAsPostgres(q);
            assertSameAsPostgres("select k, count(*) from t0 group by k");
        } finally {
            tessera.rollback();
            reference.rollback();
            tessera.setAutoCommit(true);
            reference.setAutoCommit(true);
        }
        assertSameAsPostgres(q);
    }
}
