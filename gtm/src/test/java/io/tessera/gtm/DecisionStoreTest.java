package io.tessera.gtm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.protocol.gtm.Decision;
import io.tessera.protocol.gtm.Outcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision store in process: compare-and-set, commit timestamps from the oracle, durability, presumed abort. */
class DecisionStoreTest {
    @TempDir
    Path dir;

    private static Decision get(CompletableFuture<Decision> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    @Test
    void concurrentCommitAndAbortOfOneGxidAllSeeTheFirstDecision() throws Exception {
        TimestampOracle oracle = new TimestampOracle(dir);
        try (DecisionStore store = new DecisionStore(dir, oracle)) {
            int threads = 32;
            int gxids = 300;
            CyclicBarrier go = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Decision[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    Decision[] seen = new Decision[gxids + 1];
                    for (int g = 1; g <= gxids; g++) { // every thread walks the same GXIDs: they collide
                        seen[g] = get(store.decide(g, ThreadLocalRandom.current().nextBoolean()));
                    }
                    return seen;
                }));
            }
            List<Decision[]> all = new ArrayList<>();
            for (Future<Decision[]> f : futures) {
                all.add(f.get());
            }
            pool.shutdown();
            int commits = 0;
            Set<Long> commitTimestamps = new HashSet<>();
            for (int g = 1; g <= gxids; g++) {
                Decision first = all.get(0)[g];
                for (Decision[] seen : all) {
                    assertEquals(first, seen[g], "callers of gxid " + g + " saw different decisions");
                }
                assertEquals(first, get(store.decision(g, false)));
                if (first.getOutcome() == Outcome.COMMITTED) {
                    commits++;
                    assertTrue(commitTimestamps.add(first.getCommitTs()), "commit ts reused: " + first);
                }
            }
            assertTrue(commits > 0 && commits < gxids, "one-sided outcomes, commits=" + commits);
        }
    }

    @Test
    void aCommitTimestampIsGreaterThanEveryTimestampIssuedBeforeTheDecision() throws Exception {
        TimestampOracle oracle = new TimestampOracle(dir);
        try (DecisionStore store = new DecisionStore(dir, oracle)) {
            long before = oracle.nextTimestamps(1);
            Decision d = get(store.decide(1, true));
            assertTrue(d.getCommitTs() > before, d + " not above " + before);
            assertTrue(oracle.nextTimestamps(1) > d.getCommitTs(), "the commit ts was not issued by the oracle");

            // Concurrently: readers take snapshots while deciders commit; each commit is later than every
            // snapshot returned before its Decide began.
            AtomicLong highestIssued = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                tasks.add(pool.submit(() -> {
                    while (!stop.get()) {
                        long ts = oracle.nextTimestamps(1 + ThreadLocalRandom.current().nextInt(3));
                        highestIssued.accumulateAndGet(ts, Math::max);
                    }
                    return null;
                }));
            }
            AtomicLong nextGxid = new AtomicLong(100);
            List<Future<Integer>> deciders = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                deciders.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        long issuedBefore = highestIssued.get();
                        Decision c = get(store.decide(nextGxid.incrementAndGet(), true));
                        assertEquals(Outcome.COMMITTED, c.getOutcome());
                        assertTrue(c.getCommitTs() > issuedBefore, c + " not above " + issuedBefore);
                    }
                    return 500;
                }));
            }
            for (Future<Integer> f : deciders) {
                f.get();
            }
            stop.set(true);
            for (Future<?> f : tasks) {
                f.get();
            }
            pool.shutdown();
        }
    }

    @Test
    void decisionsSurviveARestartAndNeverChange() throws Exception {
        Map<Long, Decision> decided = new HashMap<>();
        long highestCommit = 0;
        try (DecisionStore store = new DecisionStore(dir, new TimestampOracle(dir))) {
            for (long g = 1; g <= 1_000; g++) {
                Decision d = get(store.decide(g, g % 3 != 0));
                decided.put(g, d);
                highestCommit = Math.max(highestCommit, d.getCommitTs());
            }
        }
        TimestampOracle oracle = new TimestampOracle(dir);
        try (DecisionStore store = new DecisionStore(dir, oracle)) {
            for (Map.Entry<Long, Decision> e : decided.entrySet()) {
                long g = e.getKey();
                Decision before = e.getValue();
                assertEquals(before, get(store.decision(g, false)));
                assertEquals(before, get(store.decision(g, true)));
                assertEquals(before, get(store.decide(g, before.getOutcome() != Outcome.COMMITTED)));
            }
            assertEquals(Outcome.UNDECIDED, get(store.decision(1_001, false)).getOutcome());
            Decision later = get(store.decide(1_001, true));
            assertTrue(later.getCommitTs() > highestCommit, later + " not above " + highestCommit);
        }
    }

    @Test
    void askingWithAbortIfUndecidedRecordsAnAbortThatALateCommitCannotOverturn() throws Exception {
        try (DecisionStore store = new DecisionStore(dir, new TimestampOracle(dir))) {
            Decision undecided = get(store.decision(7, false));
            assertEquals(Decision.newBuilder().setGxid(7).setOutcome(Outcome.UNDECIDED).build(), undecided);
            assertEquals(undecided, get(store.decision(7, false)), "a plain lookup must record nothing");

            Decision aborted = Decision.newBuilder().setGxid(7).setOutcome(Outcome.ABORTED).build();
            assertEquals(aborted, get(store.decision(7, true)));
            assertEquals(aborted, get(store.decide(7, true)), "a late commit overturned a presumed abort");
            assertEquals(aborted, get(store.decision(7, false)));
        }
        try (DecisionStore store = new DecisionStore(dir, new TimestampOracle(dir))) {
            assertEquals(Outcome.ABORTED, get(store.decision(7, false)).getOutcome());
        }
    }

    @Test
    void decidingAgainReturnsTheSameDecision() throws Exception {
        try (DecisionStore store = new DecisionStore(dir, new TimestampOracle(dir))) {
            Decision commit = get(store.decide(5, true));
            assertEquals(Outcome.COMMITTED, commit.getOutcome());
            assertEquals(5, commit.getGxid());
            assertEquals(commit, get(store.decide(5, true)), "a retried commit got a new timestamp");
            assertEquals(commit, get(store.decide(5, false)));
            assertEquals(commit, get(store.decision(5, true)));

            Decision abort = get(store.decide(6, false));
            assertEquals(Decision.newBuilder().setGxid(6).setOutcome(Outcome.ABORTED).build(), abort);
            assertEquals(abort, get(store.decide(6, false)));
            assertEquals(abort, get(store.decide(6, true)));
        }
    }

    @Test
    void concurrentDecisionsShareAnFsync() throws Exception {
        try (DecisionStore store = new DecisionStore(dir, new TimestampOracle(dir))) {
            int serial = 200;
            long began = System.nanoTime();
            for (long g = 1_000_001; g <= 1_000_000 + serial; g++) {
                get(store.decide(g, true));
            }
            double serialMicros = (System.nanoTime() - began) / 1e3 / serial;
            long serialSyncs = store.syncCount();
            int threads = 64;
            int perThread = 100;
            CyclicBarrier go = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long base = 1 + (long) t * perThread;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (long g = base; g < base + perThread; g++) {
                        assertEquals(Outcome.COMMITTED, get(store.decide(g, true)).getOutcome());
                    }
                    return null;
                }));
            }
            long started = System.nanoTime();
            for (Future<?> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            pool.shutdown();
            int total = threads * perThread;
            long syncs = store.syncCount() - serialSyncs;
            assertTrue(syncs < total, "no group commit: " + syncs + " fsyncs for " + total);
            System.out.printf("DecisionStore: one caller %.0f us/decision; %d threads, %d decisions in %.2f s = "
                    + "%.0f/s with %d fsyncs%n", serialMicros, threads, total, seconds, total / seconds, syncs);
        }
    }

    @Test
    void aClosedStoreFailsCallsAndABadGxidIsRefused() throws Exception {
        DecisionStore store = new DecisionStore(dir, new TimestampOracle(dir));
        assertThrows(IllegalArgumentException.class, () -> store.decide(0, true));
        assertThrows(IllegalArgumentException.class, () -> store.decision(-1, false));
        store.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> get(store.decide(1, true)));
        assertTrue(e.getCause() instanceof IOException, e.toString());
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefused() throws Exception {
        TimestampOracle oracle = new TimestampOracle(dir);
        try (DecisionStore store = new DecisionStore(dir, oracle)) {
            assertThrows(IOException.class, () -> new DecisionStore(dir, oracle));
            assertEquals(Outcome.COMMITTED, get(store.decide(1, true)).getOutcome());
        }
    }
}
