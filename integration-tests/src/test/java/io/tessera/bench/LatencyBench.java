package io.tessera.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * Single-statement latency of the simplest statements, printed as a table next to the same statements on a
 * reference PostgreSQL: {@code select 1} (no datanode), a point select by primary key on one datanode, an
 * autocommit single-row UPDATE and INSERT (one-phase commit), and the point select through the simple query
 * protocol (planned from SQL text each time unless the plan cache holds it). pgjdbc, one connection, p50 and p99
 * of {@code n} executions after a warm-up.
 *
 * <p>Run by {@code bench/latency.sh}. Arguments: a Tessera JDBC URL, a PostgreSQL JDBC URL, optionally n.
 */
public final class LatencyBench {
    private LatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        String tessera = args[0];
        String postgres = args[1];
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        for (String url : new String[] {tessera, postgres}) {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("drop table if exists bench_lat");
                s.execute("create table bench_lat(k int primary key, v int)"
                        + (url == tessera ? " distribute by modulo(k)" : ""));
                s.execute("insert into bench_lat select g, 0 from generate_series(1, 10000) g");
            }
        }
        System.out.printf("%-44s %9s %9s %9s %9s %7s%n", "statement (ms)", "tess p50", "tess p99", "pg p50",
                "pg p99", "ratio");
        String[][] cases = {
            {"select 1", "select 1"},
            {"point select by pk (prepared)", "select v from bench_lat where k = ?"},
            {"point select by pk (simple protocol)", "SIMPLE select v from bench_lat where k = %d"},
            {"autocommit update by pk", "update bench_lat set v = v + 1 where k = ?"},
            {"autocommit insert", "insert into bench_lat values (?, 0)"},
        };
        for (String[] c : cases) {
            double[] t = measure(tessera, c[1], n);
            double[] p = measure(postgres, c[1], n);
            System.out.printf("%-44s %9.3f %9.3f %9.3f %9.3f %7.1f%n", c[0], t[0], t[1], p[0], p[1], t[0] / p[0]);
        }
    }

    /** p50 and p99 in ms of {@code n} executions of {@code sql} after a warm-up of 300. */
    static double[] measure(String url, String sql, int n) throws SQLException {
        boolean insert = sql.startsWith("insert");
        boolean simple = sql.startsWith("SIMPLE ");
        long[] nanos = new long[n];
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                PreparedStatement ps = simple ? null : c.prepareStatement(sql)) {
            int next = 100_000;
            for (int i = -300; i < n; i++) {
                int key = insert ? next++ : 1 + Math.floorMod(i * 7919, 10_000);
                long t0 = System.nanoTime();
                if (simple) {
                    try (ResultSet rs = s.executeQuery(String.format(sql.substring(7), key))) {
                        while (rs.next()) {
                            rs.getInt(1);
                        }
                    }
                } else {
                    if (sql.indexOf('?') >= 0) {
                        ps.setInt(1, key);
                    }
                    if (ps.execute()) {
                        try (ResultSet rs = ps.getResultSet()) {
                            while (rs.next()) {
                                rs.getInt(1);
                            }
                        }
                    }
                }
                if (i >= 0) {
                    nanos[i] = System.nanoTime() - t0;
                }
            }
        }
        Arrays.sort(nanos);
        return new double[] {nanos[n / 2] / 1e6, nanos[(int) (n * 0.99)] / 1e6};
    }
}
