package io.tessera.executor.spill;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the spilling operators of one request share: their memory limit, where their temporary files go, and how
 * many files and bytes they wrote (PostgreSQL's {@code temp_files} / {@code temp_bytes} of
 * {@code pg_stat_database}, per request here). Each operator has its own work_mem, as in PostgreSQL: a plan with
 * two hash joins may hold twice work_mem. The counters are thread-safe (an exchange's sender runs on a thread of
 * its own).
 */
public final class SpillContext {
    private final long workMemBytes;
    private final TempDirectory temp;
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    /**
     * @param workMemBytes the memory one operator's rows may take before it spills ({@link WorkMem}, in bytes)
     * @param temp the node's temporary directory
     */
    public SpillContext(long workMemBytes, TempDirectory temp) {
        if (workMemBytes <= 0) {
            throw new IllegalArgumentException("work_mem " + workMemBytes + " bytes");
        }
        this.workMemBytes = workMemBytes;
        this.temp = temp;
    }

    /** {@code work_mem} of {@code kb} kilobytes (0: PostgreSQL's default) in this process's temporary directory. */
    public static SpillContext ofKb(int kb) {
        return new SpillContext(WorkMem.bytes(kb <= 0 ? WorkMem.DEFAULT_KB : kb), TempDirectory.process());
    }

    public long workMemBytes() {
        return workMemBytes;
    }

    public TempDirectory temp() {
        return temp;
    }

    /** Temporary files created so far by the operators of this context. */
    public long tempFiles() {
        return files.get();
    }

    /** Bytes written to temporary files so far. */
    public long tempBytes() {
        return bytes.get();
    }

    /**
     * What the operators spilled, as a node logs it once per request or statement (PostgreSQL's
     * {@code log_temp_files = 0} logs each file): {@code temporary files: N files, B bytes, work_mem K kB}.
     */
    public String summary() {
        return "temporary files: " + tempFiles() + " files, " + tempBytes() + " bytes, work_mem " + workMemBytes / 1024
                + " kB";
    }

    void fileCreated() {
        files.incrementAndGet();
    }

    void written(long n) {
        bytes.addAndGet(n);
        temp.written(n);
    }
}
