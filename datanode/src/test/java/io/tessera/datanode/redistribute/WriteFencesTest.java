package io.tessera.datanode.redistribute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The write pause of a redistribution: writes wait at a fence, go on when it lifts, re-plan once the table moved. */
class WriteFencesTest {
    private static final int T = 7;
    private static final CompletableFuture<Void> NEVER = new CompletableFuture<>();
    private static final BooleanSupplier NOT_CANCELLED = () -> false;

    private final WriteFences fences = new WriteFences();
    /** Threads of their own: the common pool may have a single thread on a 2-core machine. */
    private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();

    @org.junit.jupiter.api.AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    /** A write of a transaction begun at {@code startTs}, run on another thread: done when it entered and left. */
    private CompletableFuture<Void> write(long startTs, long lockTimeoutMs, CompletableFuture<?> cancel) {
        return CompletableFuture.runAsync(() -> {
            try (WriteFences.Pass p = fences.enter(T, "t", startTs, lockTimeoutMs, cancel)) {
                // the write
            }
        }, threads);
    }

    /** Waits (without sleeping a fixed time) until {@code n} writes wait at the table's fence. */
    private void awaitWaiting(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (fences.waiting(T) != n) {
            assertTrue(System.nanoTime() < deadline, "writes waiting: " + fences.waiting(T) + ", expected " + n);
            Thread.sleep(1);
        }
    }

    private static TesseraException failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        return (TesseraException) e.getCause();
    }

    @Test
    void writeWaitsWhileFencedAndGoesOnWhenTheFenceLifts() throws Exception {
        fences.fence(T, "t", "job", 100, 1_000, id -> true, NOT_CANCELLED);
        CompletableFuture<Void> w = write(500, 0, NEVER);
        awaitWaiting(1);
        assertFalse(w.isDone(), "the write waits while the table is fenced");
        fences.lift(T, "job");
        w.get(30, TimeUnit.SECONDS);
        assertEquals(0, fences.waiting(T));
    }

    @Test
    void restoredFenceStopsEveryWriteUntilItsJobEnds() throws Exception {
        fences.restore(T, "job");
        assertTrue(fences.holds("job"));
        assertEquals(T, fences.fencedTable("job"));
        CompletableFuture<Void> old = write(1, 0, NEVER); // even a transaction begun long before: nothing drains
        awaitWaiting(1);
        fences.fence(T, "t", "job", 100, 1_000, id -> false, NOT_CANCELLED); // the job's own Fence: at once
        assertFalse(old.isDone());
        fences.retire(T);
        fences.liftJob("job");
        assertEquals(SqlState.STALE_SCHEMA_VERSION, failure(old).sqlState());
    }

    /** Waits until {@code n} writes wait for the node to learn the running jobs' fences. */
    private void awaitWaitingUntilKnown(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (fences.waitingUntilKnown() != n) {
            assertTrue(System.nanoTime() < deadline, "writes waiting: " + fences.waitingUntilKnown() + ", expected " + n);
            Thread.sleep(1);
        }
    }

    @Test
    void untilTheRunningJobsAreReadEveryWriteWaitsThenMeetsTheRestoredFences() throws Exception {
        fences.unknownUntilRead(); // ZooKeeper did not answer at start-up
        CompletableFuture<Void> fencedTable = write(1, 0, NEVER);
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
            try (WriteFences.Pass p = fences.enter(T + 1, "u", 1, 0, NEVER)) {
                // a table no job fences
            }
        }, threads);
        awaitWaitingUntilKnown(2);
        assertFalse(fencedTable.isDone() || other.isDone(), "no write passes while the fences are unknown");
        TesseraException timedOut = assertThrows(TesseraException.class, () -> fences.enter(T, "t", 1, 50, NEVER));
        assertEquals(SqlState.LOCK_NOT_AVAILABLE, timedOut.sqlState(), "lock_timeout applies to the wait");

        fences.restore(T, "job"); // a retry read the jobs: T's job pauses its writes
        fences.known();
        other.get(30, TimeUnit.SECONDS);
        awaitWaiting(1);
        assertFalse(fencedTable.isDone(), "the fenced table's write now waits at its job's fence");
        fences.liftJob("job");
        fencedTable.get(30, TimeUnit.SECONDS);
        assertEquals(0, fences.waitingUntilKnown());
    }

    @Test
    void writeThatWaitedIsRefusedAsStaleOnceTheTableMoved() throws Exception {
        fences.fence(T, "t", "job", 100, 1_000, id -> true, NOT_CANCELLED);
        CompletableFuture<Void> w = write(500, 0, NEVER);
        awaitWaiting(1);
        fences.retire(T);
        fences.liftJob("job");
        TesseraException e = failure(w);
        assertEquals(SqlState.STALE_SCHEMA_VERSION, e.sqlState(), "the coordinator re-plans it: " + e.getMessage());
        // one planned with the old layout that arrives later: the same
        TesseraException late = assertThrows(TesseraException.class, () -> fences.enter(T, "t", 600, 0, NEVER));
        assertEquals(SqlState.STALE_SCHEMA_VERSION, late.sqlState());
    }

    @Test
    void lockTimeoutEndsTheWaitAsPostgresDoes() throws Exception {
        fences.fence(T, "t", "job", 100, 1_000, id -> true, NOT_CANCELLED);
        TesseraException e = failure(write(500, 50, NEVER));
        assertEquals(SqlState.LOCK_NOT_AVAILABLE, e.sqlState());
        assertEquals("canceling statement due to lock timeout", e.getMessage());
        assertEquals(0, fences.waiting(T));
    }

    @Test
    void cancellingTheStatementEndsTheWait() throws Exception {
        fences.fence(T, "t", "job", 100, 1_000, id -> true, NOT_CANCELLED);
        CompletableFuture<Void> cancel = new CompletableFuture<>();
        CompletableFuture<Void> w = write(500, 0, cancel);
        awaitWaiting(1);
        cancel.complete(null);
        assertEquals(SqlState.QUERY_CANCELED, failure(w).sqlState());
    }

    @Test
    void whileDrainingOlderTransactionsWriteAndNewerOnesWait() throws Exception {
        AtomicBoolean intents = new AtomicBoolean(true); // an older transaction holds intents of the table
        CompletableFuture<Void> fenced = CompletableFuture.runAsync(() ->
                fences.fence(T, "t", "job", 100, 30_000, id -> !intents.get(), NOT_CANCELLED), threads);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!fences.holds("job")) {
            assertTrue(System.nanoTime() < deadline);
            Thread.sleep(1);
        }
        // begun before the fence (start 50 < 100): passes, the drain waits for it
        try (WriteFences.Pass p = fences.enter(T, "t", 50, 0, NEVER)) {
            assertFalse(fenced.isDone());
        }
        CompletableFuture<Void> newer = write(150, 0, NEVER);
        awaitWaiting(1);
        intents.set(false); // the older transaction committed
        fenced.get(30, TimeUnit.SECONDS);
        // drained: now the older transaction waits too
        CompletableFuture<Void> older = write(50, 0, NEVER);
        awaitWaiting(2);
        fences.lift(T, "job");
        newer.get(30, TimeUnit.SECONDS);
        older.get(30, TimeUnit.SECONDS);
    }

    @Test
    void fenceThatCannotDrainGivesUpAndLetsTheWaitingWritesGo() throws Exception {
        WriteFences.Pass inProgress = fences.enter(T, "t", 50, 0, NEVER);
        CompletableFuture<Void> fenced = CompletableFuture.runAsync(() ->
                fences.fence(T, "t", "job", 100, 200, id -> true, NOT_CANCELLED), threads);
        TesseraException e = failure(fenced);
        assertEquals(SqlState.LOCK_NOT_AVAILABLE, e.sqlState());
        assertFalse(fences.holds("job"), "the fence lifted");
        write(150, 0, NEVER).get(30, TimeUnit.SECONDS);
        inProgress.close();
    }

    @Test
    void anotherJobCannotFenceTheSameTable() {
        fences.fence(T, "t", "job", 100, 1_000, id -> true, NOT_CANCELLED);
        TesseraException e = assertThrows(TesseraException.class,
                () -> fences.fence(T, "t", "other", 100, 1_000, id -> true, NOT_CANCELLED));
        assertEquals(SqlState.OBJECT_IN_USE, e.sqlState());
        fences.fence(T, "t", "job", 100, 1_000, id -> true, NOT_CANCELLED); // the same job again: at once
    }
}
