package io.tessera.gtm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Hands out global timestamps (GTS) and global transaction ids (GXID), never the same value twice — across
 * calls, threads and restarts, SIGKILL included.
 *
 * <p>Timestamps are microseconds since the epoch: a batch of {@code n} starts at
 * {@code max(last + 1, now)}, so they follow the wall clock while it moves forward and keep counting when it
 * stalls or steps back. GXIDs count up from 1.
 *
 * <p>Invariant: every value handed out is at most the durable high-water mark in {@link HighWaterMarks}.
 * Before a value would cross the mark, a new mark ({@link #TIMESTAMP_RESERVE_MICROS} or
 * {@link #GXID_RESERVE} ahead) is fsync'd first; the timestamp mark is renewed once it is less than half the
 * reserve ahead, so the fsync happens about every 5 s. After a restart the oracle starts above the old marks,
 * so a value the crashed GTM may have issued is never issued again (the gap is harmless: timestamps and GXIDs
 * only need to be unique and increasing, not dense).
 *
 * <p>Thread-safe: every method is serialized on the instance; a batch costs a few nanoseconds except when it
 * renews a mark (one fsync).
 */
public final class TimestampOracle {
    /** How far ahead of the timestamps in use the durable mark is placed: 10 s in microseconds. */
    public static final long TIMESTAMP_RESERVE_MICROS = 10_000_000L;
    /** How many GXIDs ahead of use the durable GXID mark is placed. */
    public static final long GXID_RESERVE = 100_000L;

    private final Path dir;
    private final LongSupplier clockMicros;
    private long lastTimestamp;
    private long lastGxid;
    private long reservedTimestamp;
    private long reservedGxid;

    /**
     * Opens (or creates) the oracle's state in {@code dir} and reserves fresh marks above the recorded ones.
     *
     * @param clockMicros the wall clock in microseconds since the epoch (injectable for tests)
     * @throws IOException when the state file is damaged or cannot be written
     */
    public TimestampOracle(Path dir, LongSupplier clockMicros) throws IOException {
        this.dir = dir;
        this.clockMicros = clockMicros;
        Files.createDirectories(dir);
        HighWaterMarks marks = HighWaterMarks.read(dir);
        // Everything up to the old marks may have been issued before a crash: start above them.
        this.lastTimestamp = marks.timestamp;
        this.lastGxid = marks.gxid;
        this.reservedTimestamp = marks.timestamp;
        this.reservedGxid = marks.gxid;
        synchronized (this) {
            reserve(Math.max(lastTimestamp + 1, clockMicros.getAsLong()), lastGxid + 1);
        }
    }

    /** Opens the oracle with the system clock. */
    public TimestampOracle(Path dir) throws IOException {
        this(dir, TimestampOracle::systemMicros);
    }

    static long systemMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /**
     * Hands out {@code count} consecutive timestamps and returns the first; the batch is
     * {@code first .. first + count - 1}, every one greater than any timestamp returned before.
     *
     * @throws IllegalArgumentException when {@code count < 1}
     * @throws UncheckedIOException when the high-water mark cannot be made durable (nothing is handed out)
     */
    public synchronized long nextTimestamps(int count) {
        checkCount(count);
        long first = Math.max(lastTimestamp + 1, clockMicros.getAsLong());
        long last = first + count - 1;
        if (last > reservedTimestamp - TIMESTAMP_RESERVE_MICROS / 2) {
            reserve(last, lastGxid);
        }
        lastTimestamp = last;
        return first;
    }

    /**
     * Hands out {@code count} consecutive GXIDs and returns the first ({@code first .. first + count - 1}).
     *
     * @throws IllegalArgumentException when {@code count < 1}
     * @throws UncheckedIOException when the high-water mark cannot be made durable (nothing is handed out)
     */
    public synchronized long nextGxids(int count) {
        checkCount(count);
        long first = lastGxid + 1;
        long last = first + count - 1;
        if (last > reservedGxid) {
            reserve(lastTimestamp, last);
        }
        lastGxid = last;
        return first;
    }

    /** The highest timestamp handed out so far (or the restart floor). */
    public synchronized long lastTimestamp() {
        return lastTimestamp;
    }

    private static void checkCount(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
    }

    /** Makes marks ahead of {@code timestampInUse} and {@code gxidInUse} durable before they are used. */
    private void reserve(long timestampInUse, long gxidInUse) {
        long ts = Math.max(reservedTimestamp, timestampInUse + TIMESTAMP_RESERVE_MICROS);
        long gxid = Math.max(reservedGxid, gxidInUse + GXID_RESERVE);
        try {
            new HighWaterMarks(ts, gxid).write(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the GTM high-water mark durable in " + dir, e);
        }
        reservedTimestamp = ts;
        reservedGxid = gxid;
    }
}
