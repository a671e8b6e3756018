package io.tessera.bench;

import io.tessera.common.gtm.GtmClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The transaction benchmarks of issue 3, printed as a table: GTM timestamps per second served to 64 concurrent
 * requesters through {@link GtmClient}'s request combining (the coordinators' GTM batching), single-row autocommit
 * insert latency (one datanode: one-phase commit), two-row transactions spanning two datanodes (two-phase commit),
 * and bank-transfer throughput — each next to the same workload on a reference PostgreSQL where it applies.
 *
 * <p>Run by {@code bench/transactions.sh}, which starts both systems. Arguments: GTM host:port, a Tessera JDBC URL
 * per coordinator (comma-separated), a PostgreSQL JDBC URL.
 */
public final class TransactionBench {
    private TransactionBench() {
    }

    public static void main(String[] args) throws Exception {
        String[] gtm = args[0].split(":");
        String[] tessera = args[1].split(",");
        String postgres = args[2];
        System.out.printf("%-44s %14s %14s %8s%n", "measure", "tessera", "postgres", "ratio");

        double ts = gtmThroughput(gtm[0], Integer.parseInt(gtm[1]), 64, 5_000);
        System.out.printf("%-44s %14.0f %14s %8s%n", "GTM timestamps/s, 64 requesters", ts, "-", "-");

        for (String[] target : List.of(tessera, new String[] {postgres})) {
            try (Connection c = DriverManager.getConnection(target[0]); Statement s = c.createStatement()) {
                s.execute("drop table if exists bench_kv");
                s.execute("drop table if exists bench_bank");
                // on Tessera, keys 1 and 2 land on different datanodes (k mod 2)
                s.execute("create table bench_kv(k int, v int)" + (target == tessera ? " distribute by modulo(k)" : ""));
                s.execute("create table bench_bank(id int primary key, balance bigint)"); // the same on both systems
                s.execute("insert into bench_bank select g, 1000 from generate_series(1, 1000) g");
            }
        }
        double[] t1 = insertLatency(tessera[0], 2000);
        double[] p1 = insertLatency(postgres, 2000);
        row("single-row autocommit insert p50 ms", t1[0], p1[0]);
        row("single-row autocommit insert p99 ms", t1[1], p1[1]);
        double[] t2 = twoRowTransactionLatency(tessera[0], 1000);
        double[] p2 = twoRowTransactionLatency(postgres, 1000);
        row("2 rows on 2 datanodes, BEGIN..COMMIT p50 ms", t2[0], p2[0]);
        row("2 rows on 2 datanodes, BEGIN..COMMIT p99 ms", t2[1], p2[1]);
        double tb = bankThroughput(tessera, 8, 10_000);
        double pb = bankThroughput(new String[] {postgres}, 8, 10_000);
        System.out.printf("%-44s %14.0f %14.0f %8.2f%n", "bank transfers committed/s, 8 clients", tb, pb, pb / tb);
    }

    private static void row(String name, double tessera, double postgres) {
        System.out.printf("%-44s %14.2f %14.2f %8.2f%n", name, tessera, postgres, tessera / postgres);
    }

    static double gtmThroughput(String host, int port, int threads, long millis) throws Exception {
        try (GtmClient client = new GtmClient(host, port)) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong count = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                fs.add(pool.submit(() -> {
                    while (!stop.get()) {
                        client.timestamp();
                        count.incrementAndGet();
                    }
                }));
            }
            Thread.sleep(1000); // warm-up
            long start = count.get();
            long t0 = System.nanoTime();
            Thread.sleep(millis);
            long n = count.get() - start;
            double seconds = (System.nanoTime() - t0) / 1e9;
            stop.set(true);
            for (Future<?> f : fs) {
                f.get();
            }
            pool.shutdown();
            return n / seconds;
        }
    }

    /** p50 and p99 in milliseconds of single-row autocommit inserts (after a warm-up). */
    static double[] insertLatency(String url, int n) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement ps = c.prepareStatement("insert into bench_kv values (?, ?)")) {
            long[] nanos = new long[n];
            for (int i = -200; i < n; i++) {
                ps.setInt(1, i);
                ps.setInt(2, i);
                long t0 = System.nanoTime();
                ps.executeUpdate();
                if (i >= 0) {
                    nanos[i] = System.nanoTime() - t0;
                }
            }
            return percentiles(nanos);
        }
    }

    /** p50 and p99 in ms of BEGIN; insert key 1; insert key 2; COMMIT (keys 1 and 2 hash to different datanodes). */
    static double[] twoRowTransactionLatency(String url, int n) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement ps = c.prepareStatement("insert into bench_kv values (?, 0)")) {
            c.setAutoCommit(false);
            long[] nanos = new long[n];
            for (int i = -100; i < n; i++) {
                long t0 = System.nanoTime();
                ps.setInt(1, 1);
                ps.executeUpdate();
                ps.setInt(1, 2);
                ps.executeUpdate();
                c.commit();
                if (i >= 0) {
                    nanos[i] = System.nanoTime() - t0;
                }
            }
            return percentiles(nanos);
        }
    }

    /** Committed transfers per second with {@code clients} clients spread over the given URLs. */
    static double bankThroughput(String[] urls, int clients, long millis) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong committed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String url = urls[i % urls.length];
            long seed = i;
            fs.add(pool.submit(() -> {
                Random r = new Random(seed);
                try (Connection c = DriverManager.getConnection(url);
                        PreparedStatement debit = c.prepareStatement("update bench_bank set balance = balance - ? where id = ?");
                        PreparedStatement credit = c.prepareStatement("update bench_bank set balance = balance + ? where id = ?")) {
                    c.setAutoCommit(false);
                    while (!stop.get()) {
                        int a = 1 + r.nextInt(1000);
                        int b = 1 + r.nextInt(1000);
                        if (a == b) {
                            continue;
                        }
                        try {
                            // lock in key order, as careful applications do, so transfers do not deadlock
                            debit.setInt(1, 1);
                            debit.setInt(2, Math.min(a, b));
                            debit.executeUpdate();
                            credit.setInt(1, 1);
                            credit.setInt(2, Math.max(a, b));
                            credit.executeUpdate();
                            c.commit();
                            committed.incrementAndGet();
                        } catch (SQLException e) {
                            c.rollback();
                        }
                    }
                }
                return null;
            }));
        }
        Thread.sleep(millis);
        stop.set(true);
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        return committed.get() / (millis / 1000.0);
    }

    private static double[] percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new double[] {sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6};
    }
}
