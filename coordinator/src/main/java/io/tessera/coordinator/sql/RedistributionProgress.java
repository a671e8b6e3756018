package io.tessera.coordinator.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The redistribution jobs this coordinator runs and how far each is: what {@code pg_stat_progress_redistribute}
 * shows (as PostgreSQL's {@code pg_stat_progress_*} views show the server's own backends).
 */
public final class RedistributionProgress {
    private static final Map<String, RedistributionProgress> RUNNING = new ConcurrentHashMap<>();

    final String jobId;
    final String database;
    final String table;
    private final long startedNanos = System.nanoTime();
    volatile String phase = "starting";
    /**
     * Rows and changes sent so far (the copy, then each catch-up round), counted while a round streams (the sources
     * are asked every {@value RedistributeTable#PROGRESS_POLL_MS} ms).
     */
    volatile long rowsCopied;
    /** The bytes (keys and stored values) of {@link #rowsCopied}. */
    volatile long bytesCopied;
    /** The rows of the copy, known once it is done; -1 before. */
    volatile long rowsTotal = -1;
    /** The changes the last catch-up round moved (what the next round is likely to move); -1 before the first. */
    volatile long lag = -1;
    /**
     * Set before the first fence attempt and never cleared: from then on a source datanode that restarts fences the
     * table again at its start-up until the job ends (the job znode's {@code writesPaused}).
     */
    volatile boolean writesPaused;
    /** Wall-clock start, milliseconds since the epoch (for the job znode). */
    final long startedAtMs = System.currentTimeMillis();
    private final Consumer<String> notices;

    private RedistributionProgress(String jobId, String database, String table, Consumer<String> notices) {
        this.jobId = jobId;
        this.database = database;
        this.table = table;
        this.notices = notices;
    }

    /**
     * Registers a job that starts now.
     *
     * @param notices receives the progress messages for the client (NOTICEs while the statement runs); called on
     *     the thread running the job
     */
    static RedistributionProgress start(String jobId, String database, String table, Consumer<String> notices) {
        RedistributionProgress p = new RedistributionProgress(jobId, database, table, notices);
        RUNNING.put(jobId, p);
        return p;
    }

    /** Enters {@code phase}; {@code notice}, when not null, goes to the client at once. */
    void phase(String phase, String notice) {
        this.phase = phase;
        if (notice != null) {
            notices.accept(notice);
        }
    }

    /** Unregisters the job. */
    void end() {
        RUNNING.remove(jobId);
    }

    long elapsedMs() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** The view's column names, in order. */
    public static final List<String> COLUMNS = List.of("datname", "relname", "job_id", "phase", "rows_copied",
            "rows_total", "elapsed_ms", "bytes_copied", "current_lag");

    /**
     * The running jobs on tables of {@code database}, one row each in {@link #COLUMNS} order: database, table, job
     * id, phase (copying, catching up (round n), pausing writes, final catch-up, switching), rows copied (rows and
     * then changes streamed so far, moving while a round streams), rows total (the copy's rows; NULL until the copy
     * is done), elapsed milliseconds, bytes copied (of the rows copied), current lag (the changes the last catch-up round
     * moved, what the next is likely to move; NULL before the copy is done).
     */
    public static List<Object[]> rows(String database) {
        List<Object[]> out = new ArrayList<>();
        for (RedistributionProgress p : RUNNING.values()) {
            if (p.database.equals(database)) {
                out.add(new Object[] {p.database, p.table, p.jobId, p.phase, p.rowsCopied,
                    p.rowsTotal < 0 ? null : p.rowsTotal, p.elapsedMs(), p.bytesCopied, p.lag < 0 ? null : p.lag});
            }
        }
        return out;
    }
}
