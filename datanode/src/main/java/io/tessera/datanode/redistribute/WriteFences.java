package io.tessera.datanode.redistribute;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;

/**
 * The write pause of a redistribution job on this datanode: writes to a fenced table wait until the fence lifts,
 * as writers in PostgreSQL queue behind an ALTER TABLE's lock, and then go on against whichever layout the table
 * has by then.
 *
 * <p>A table's fence, per job:
 * <pre>
 *   (none) ──fence()──▶ DRAINING ──no write in progress, no intent of the table──▶ CLOSED ──lift()──▶ (none)
 *                         │  a write of a transaction begun before drainStartTs        │  every write waits
 *                         │  passes (it may hold intents here or elsewhere that the    │
 *                         │  drain waits for); a later one waits                       │
 *                         └──timeout: 55P03, lift()────────────────────────────────────┘
 * </pre>
 * A write {@link #enter enters} its table before touching it and leaves when done. Entering increments the table's
 * writer count before reading the fence, and fencing publishes the fence before reading the count, so either the
 * write sees the fence or the fence sees the write.
 *
 * <p>Once a job has switched the catalog, the table's old id is {@link #retire retired} before the fence lifts:
 * a write that waited, or one planned with the old layout that arrives later, is refused with 40T01 and the
 * coordinator re-plans it against the new layout (StaleSchemaRetry). Table ids are never reused, so the set of
 * retired ids only grows (a few bytes per redistribution; a restart empties it, and then the datanode's catalog copy
 * refuses the old id instead).
 *
 * <p>Fail closed at start-up: a datanode that restarts while a job pauses a table's writes must fence the table again
 * before it accepts a write to it, and learns which tables from ZooKeeper. Until it has ({@link #known}), after
 * {@link #unknownUntilRead}, every write waits as at a fence (the session's lock_timeout and cancellation apply).
 */
public final class WriteFences {
    /** A write in progress; close it when the write is done. */
    public interface Pass extends AutoCloseable {
        @Override
        void close();
    }

    private static final Pass NONE = () -> { };

    /** One job's fence of one table. */
    private static final class Fence {
        final String jobId;
        /** GTM timestamp (µs) when the fence began: transactions that started earlier may write while it drains. */
        final long drainStartTs;
        /** Every write waits (the table is drained). */
        volatile boolean closed;
        final CompletableFuture<Void> lifted = new CompletableFuture<>();
        /** Writes waiting for the fence to lift. */
        final AtomicInteger waiters = new AtomicInteger();

        Fence(String jobId, long drainStartTs) {
            this.jobId = jobId;
            this.drainStartTs = drainStartTs;
        }
    }

    /** table id → its fence. */
    private final Map<Integer, Fence> fenced = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> writing = new ConcurrentHashMap<>();
    /** Ids of tables a redistribution replaced by a new id. */
    private final Set<Integer> retired = ConcurrentHashMap.newKeySet();
    /** Done once this node knows the fences of the running jobs; until then every write waits. */
    private volatile CompletableFuture<Void> fencesKnown = CompletableFuture.completedFuture(null);
    /** Writes waiting for {@link #fencesKnown}. */
    private final AtomicInteger waitingUntilKnown = new AtomicInteger();

    /**
     * Enters a write to table {@code tableId}, waiting while a redistribution job fences it.
     *
     * @param txnStartTs the writing transaction's start timestamp (µs; 0 when unknown: treated as new)
     * @param lockTimeoutMs how long to wait for the fence (the session's lock_timeout); 0 waits until lifted or
     *     cancelled
     * @param cancel completed when the statement is cancelled (CancelRequest, statement_timeout, client gone)
     * @throws TesseraException 40T01 when the table was moved to a new id (re-plan the statement), 55P03 "canceling
     *     statement due to lock timeout" past {@code lockTimeoutMs}, 57014 when cancelled
     */
    public Pass enter(int tableId, String tableName, long txnStartTs, long lockTimeoutMs,
            CompletableFuture<?> cancel) {
        long deadline = lockTimeoutMs > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lockTimeoutMs) : 0;
        CompletableFuture<Void> known = fencesKnown;
        if (!known.isDone()) {
            waitingUntilKnown.incrementAndGet();
            try {
                await(known, deadline, cancel, "This datanode restarted and cannot read the running redistribution "
                        + "jobs from ZooKeeper yet; writes wait until it can.");
            } finally {
                waitingUntilKnown.decrementAndGet();
            }
        }
        AtomicInteger n = writing.computeIfAbsent(tableId, k -> new AtomicInteger());
        while (true) {
            n.incrementAndGet();
            Fence f = fenced.get(tableId);
            boolean passes = f == null || (!f.closed && txnStartTs != 0 && txnStartTs < f.drainStartTs);
            if (passes && !retired.contains(tableId)) { // retire() happens before the fence lifts
                return n::decrementAndGet;
            }
            n.decrementAndGet();
            if (retired.contains(tableId)) {
                throw moved(tableName);
            }
            f.waiters.incrementAndGet();
            try {
                await(f.lifted, deadline, cancel, "Waiting for a redistribution of the relation to switch to its "
                        + "new layout.");
            } finally {
                f.waiters.decrementAndGet();
            }
        }
    }

    private static void await(CompletableFuture<Void> lifted, long deadline, CompletableFuture<?> cancel,
            String detail) {
        CompletableFuture<Object> any = CompletableFuture.anyOf(lifted, cancel);
        try {
            if (deadline == 0) {
                any.get();
            } else {
                any.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            throw new TesseraException(SqlState.LOCK_NOT_AVAILABLE, "canceling statement due to lock timeout",
                    detail, null, 0, null);
        } catch (ExecutionException e) {
            // the cancel future failed: cancelled all the same
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled();
        }
        if (cancel.isDone() && !lifted.isDone()) {
            throw cancelled();
        }
    }

    private static TesseraException cancelled() {
        return new TesseraException(SqlState.QUERY_CANCELED, "canceling statement due to user request");
    }

    private static TesseraException moved(String tableName) {
        return new TesseraException(SqlState.STALE_SCHEMA_VERSION, "relation \"" + tableName
                + "\" was redistributed while the statement was planned", null, "Retry the statement.", 0, null);
    }

    /**
     * Fences {@code tableId} for {@code jobId} and waits (at most {@code timeoutMs}) until no write to it is in
     * progress and {@code intentsGone} says none of its intents remain; then every write to it waits until
     * {@link #lift}. Fencing again for the same job while fenced returns at once.
     *
     * @param drainStartTs a GTM timestamp (µs) taken now: transactions begun before it may still write while the
     *     fence drains, since the drain waits for them anyway (and they may hold the table's intents elsewhere)
     * @throws TesseraException 55P03 when writes or intents remain after the timeout (the fence is lifted then:
     *     the writes that waited go on), 55006 when another job fences the table, 57014 when cancelled
     */
    public void fence(int tableId, String tableName, String jobId, long drainStartTs, long timeoutMs,
            IntPredicate intentsGone, BooleanSupplier cancelled) {
        Fence f = new Fence(jobId, drainStartTs);
        Fence other = fenced.putIfAbsent(tableId, f);
        if (other != null) {
            if (!other.jobId.equals(jobId)) {
                throw new TesseraException(SqlState.OBJECT_IN_USE, "relation \"" + tableName
                        + "\" is already being redistributed");
            }
            if (other.closed) {
                return;
            }
            f = other;
        }
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        AtomicInteger n = writing.computeIfAbsent(tableId, k -> new AtomicInteger());
        try {
            while (true) {
                if (n.get() == 0 && intentsGone.test(tableId)) {
                    f.closed = true; // from here no write passes: n only falls
                    if (n.get() == 0 && intentsGone.test(tableId)) {
                        return;
                    }
                    f.closed = false; // a transaction begun before the fence wrote meanwhile: drain it too
                }
                if (cancelled.getAsBoolean()) {
                    throw new TesseraException(SqlState.QUERY_CANCELED, "fencing relation \"" + tableName
                            + "\" was cancelled");
                }
                if (System.nanoTime() > deadline) {
                    throw new TesseraException(SqlState.LOCK_NOT_AVAILABLE, "could not pause the writes to relation \""
                            + tableName + "\": transactions that wrote it are still open", null,
                            "End the open transactions that wrote the table, then retry the ALTER TABLE.", 0, null);
                }
                Thread.sleep(10); // intents have no notification to wait on; the drain is short
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lift(tableId, jobId);
            throw new TesseraException(SqlState.QUERY_CANCELED, "fencing relation \"" + tableName + "\" was interrupted");
        } catch (RuntimeException e) {
            lift(tableId, jobId);
            throw e;
        }
    }

    /**
     * Fences {@code tableId} for {@code jobId} at once, closed (no write passes), without a drain: for a datanode
     * starting up while the job pauses the table's writes, before it serves any request (nothing can be in progress).
     * Does nothing when a fence of the table exists.
     */
    public void restore(int tableId, String jobId) {
        Fence f = new Fence(jobId, 0);
        f.closed = true;
        fenced.putIfAbsent(tableId, f);
    }

    /**
     * Makes every write wait until {@link #known}: this node could not learn at start-up which tables running jobs
     * fence (ZooKeeper did not answer). Call before serving any request.
     */
    public void unknownUntilRead() {
        if (fencesKnown.isDone()) {
            fencesKnown = new CompletableFuture<>();
        }
    }

    /**
     * This node now knows the running jobs' fences ({@link #restore}d before this call): the writes that waited go on,
     * to the fences of their tables if any.
     */
    public void known() {
        fencesKnown.complete(null);
    }

    /** How many writes wait until this node knows the running jobs' fences (tests ask instead of sleeping). */
    public int waitingUntilKnown() {
        return waitingUntilKnown.get();
    }

    /** Lifts {@code jobId}'s fence of {@code tableId}, if it holds one: the writes waiting for it go on. */
    public void lift(int tableId, String jobId) {
        Fence f = fenced.get(tableId);
        if (f != null && f.jobId.equals(jobId) && fenced.remove(tableId, f)) {
            f.lifted.complete(null);
        }
    }

    /** Lifts every fence of {@code jobId}. */
    public void liftJob(String jobId) {
        for (Map.Entry<Integer, Fence> e : fenced.entrySet()) {
            if (e.getValue().jobId.equals(jobId)) {
                lift(e.getKey(), jobId);
            }
        }
    }

    /**
     * Marks {@code tableId} as replaced by a new id: every write to it, waiting or to come, fails with 40T01 (call
     * before lifting the fence).
     */
    public void retire(int tableId) {
        retired.add(tableId);
    }

    /** Whether {@code tableId} was {@link #retire retired}. */
    public boolean isRetired(int tableId) {
        return retired.contains(tableId);
    }

    /** Whether {@code jobId} fences some table here. */
    public boolean holds(String jobId) {
        return fenced.values().stream().anyMatch(f -> f.jobId.equals(jobId));
    }

    /** The id of the table {@code jobId} fences here, or 0. */
    public int fencedTable(String jobId) {
        for (Map.Entry<Integer, Fence> e : fenced.entrySet()) {
            if (e.getValue().jobId.equals(jobId)) {
                return e.getKey();
            }
        }
        return 0;
    }

    /** How many writes wait at a fence of {@code tableId} right now (tests ask instead of sleeping). */
    public int waiting(int tableId) {
        Fence f = fenced.get(tableId);
        return f == null ? 0 : f.waiters.get();
    }

    /** No fences: every write passes. */
    public static Pass none() {
        return NONE;
    }
}
