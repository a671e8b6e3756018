package io.tessera.gtm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimestampOracleTest {
    @TempDir
    Path dir;

    @Test
    void timestampsStrictlyIncreaseAndAreDistinctUnderConcurrency() throws Exception {
        TimestampOracle oracle = new TimestampOracle(dir);
        int threads = 16;
        int perThread = 20_000;
        ConcurrentHashMap<Long, Boolean> seen = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int batch = 1 + t % 3;
            futures.add(pool.submit(() -> {
                long previous = Long.MIN_VALUE;
                for (int i = 0; i < perThread; i++) {
                    long first = oracle.nextTimestamps(batch);
                    assertTrue(first > previous, "thread saw " + first + " after " + previous);
                    for (int k = 0; k < batch; k++) {
                        assertTrue(seen.put(first + k, Boolean.TRUE) == null, "reissued " + (first + k));
                    }
                    previous = first + batch - 1;
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        int expected = 0;
        for (int t = 0; t < threads; t++) {
            expected += perThread * (1 + t % 3);
        }
        assertEquals(expected, seen.size());
    }

    @Test
    void gxidsAreConsecutiveAndDistinctUnderConcurrency() throws Exception {
        TimestampOracle oracle = new TimestampOracle(dir);
        ConcurrentHashMap<Long, Boolean> seen = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 50_000; i++) { // crosses several GXID reservations
                    assertTrue(seen.put(oracle.nextGxids(1), Boolean.TRUE) == null);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertEquals(400_000, seen.size());
        assertEquals(1L, seen.keySet().stream().mapToLong(Long::longValue).min().getAsLong());
        assertEquals(400_000L, seen.keySet().stream().mapToLong(Long::longValue).max().getAsLong());
    }

    @Test
    void timestampsFollowTheClockAndKeepCountingWhenItStepsBack() throws IOException {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        TimestampOracle oracle = new TimestampOracle(dir, clock::get);
        long a = oracle.nextTimestamps(1);
        assertEquals(1_000_000_000L, a);
        clock.set(2_000_000_000L);
        long b = oracle.nextTimestamps(5);
        assertEquals(2_000_000_000L, b);
        clock.set(1_500_000_000L); // clock stepped back
        assertEquals(b + 5, oracle.nextTimestamps(1));
    }

    @Test
    void nothingIsReissuedAfterACrashEvenWhenTheClockStepsBack() throws IOException {
        AtomicLong clock = new AtomicLong(5_000_000_000L);
        TimestampOracle before = new TimestampOracle(dir, clock::get);
        long lastTs = 0;
        long lastGxid = 0;
        for (int i = 0; i < 1000; i++) {
            clock.addAndGet(20_000); // 20 ms per step: crosses several timestamp reservations
            lastTs = before.nextTimestamps(3) + 2;
            lastGxid = before.nextGxids(7) + 6;
        }
        // "Crash": abandon the oracle without any orderly shutdown; only what is on disk survives.
        clock.set(1_000L); // and the clock came back much earlier
        TimestampOracle after = new TimestampOracle(dir, clock::get);
        assertTrue(after.nextTimestamps(1) > lastTs, "timestamp reissued after restart");
        assertTrue(after.nextGxids(1) > lastGxid, "GXID reissued after restart");
    }

    @Test
    void aDamagedStateFileIsRefusedRatherThanReadAsZero() throws IOException {
        new TimestampOracle(dir).nextTimestamps(1);
        Path file = dir.resolve(HighWaterMarks.FILE_NAME);
        Files.writeString(file, Files.readString(file).replace("timestamp 1", "timestamp 2"));
        IOException e = assertThrows(IOException.class, () -> new TimestampOracle(dir));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void countBelowOneIsRejected() throws IOException {
        TimestampOracle oracle = new TimestampOracle(dir);
        assertThrows(IllegalArgumentException.class, () -> oracle.nextTimestamps(0));
        assertThrows(IllegalArgumentException.class, () -> oracle.nextGxids(-1));
    }
}
