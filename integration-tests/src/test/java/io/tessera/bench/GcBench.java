package io.tessera.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The GC benchmark of issue 4: one JDBC client updates the same rows over and over ({@code update bench_gc set
 * v = v + 1}, every row per statement, autocommit) for a while, and every few seconds prints the disk use of the
 * datanodes' data directories (the sum of the sizes of their files: RocksDB's SST files, WAL and metadata; SST
 * and WAL also apart). With
 * garbage collection on the figure levels off; with it off it grows with every update.
 *
 * <p>Run by {@code bench/gc.sh}. Arguments: JDBC URL, rows, seconds, print interval in seconds, then the datanodes'
 * data directories.
 */
public final class GcBench {
    private GcBench() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int rows = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        long interval = Long.parseLong(args[3]);
        List<Path> dirs = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            dirs.add(Path.of(args[i]));
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("create table bench_gc(id int primary key, v int, pad text)");
            s.execute("insert into bench_gc select g, 0, md5(g::text) from generate_series(1, " + rows + ") g");
            System.out.printf("%8s %10s %12s %10s %10s %10s%n", "time_s", "updates", "rows_upd", "disk_MB", "sst_MB",
                    "wal_MB");
            long start = System.nanoTime();
            long next = 0;
            long updates = 0;
            try (PreparedStatement up = c.prepareStatement("update bench_gc set v = v + 1")) {
                while (true) {
                    long elapsed = (System.nanoTime() - start) / 1_000_000_000L;
                    if (elapsed >= next) {
                        long[] du = du(dirs);
                        System.out.printf("%8d %10d %12d %10.1f %10.1f %10.1f%n", elapsed, updates, updates * rows,
                                du[0] / 1e6, du[1] / 1e6, du[2] / 1e6);
                        next += interval;
                    }
                    if (elapsed >= seconds) {
                        break;
                    }
                    int n = up.executeUpdate();
                    if (n != rows) {
                        throw new IllegalStateException("updated " + n + " rows, expected " + rows);
                    }
                    updates++;
                }
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf("updates/s %.2f (rows/s %.0f); sum(v) = %d%n", updates / secs, updates * rows / secs,
                    scalar(s, "select sum(v) from bench_gc"));
        }
    }

    private static long scalar(Statement s, String sql) throws Exception {
        try (var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Bytes of the regular files under {@code dirs}: all, SST files, WAL files (files RocksDB deletes meanwhile
     * count as gone).
     */
    static long[] du(List<Path> dirs) {
        long total = 0;
        long sst = 0;
        long wal = 0;
        for (Path d : dirs) {
            try (Stream<Path> files = Files.walk(d)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    try {
                        if (Files.isRegularFile(p)) {
                            long size = Files.size(p);
                            String name = p.getFileName().toString();
                            total += size;
                            sst += name.endsWith(".sst") ? size : 0;
                            wal += name.endsWith(".log") && !name.startsWith("LOG") ? size : 0;
                        }
                    } catch (NoSuchFileException gone) {
                        // deleted by a compaction meanwhile
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // a file vanished during the walk: count what was seen
            }
        }
        return new long[] {total, sst, wal};
    }
}
