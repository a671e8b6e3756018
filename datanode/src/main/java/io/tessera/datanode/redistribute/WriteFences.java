package io.tessera.datanode.redistribute;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * Tables whose writes this datanode refuses while a redistribution job copies them (the job's write pause).
 * A write {@link #enter enters} its table before touching it and leaves when done; {@link #fence} marks the table
 * and then waits for the writes already inside, so once it returns no write to the table is in progress and every
 * new one is refused with 55006.
 */
public final class WriteFences {
    /** A write in progress; close it when the write is done. */
    public interface Pass extends AutoCloseable {
        @Override
        void close();
    }

    private static final Pass NONE = () -> { };

    /** table id → the job fencing it. */
    private final Map<Integer, String> fenced = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> writing = new ConcurrentHashMap<>();

    /**
     * Enters a write to table {@code tableId}.
     *
     * @throws TesseraException 55006 when a redistribution job has fenced the table
     */
    public Pass enter(int tableId, String tableName) {
        AtomicInteger n = writing.computeIfAbsent(tableId, k -> new AtomicInteger());
        n.incrementAndGet();
        if (fenced.containsKey(tableId)) {
            n.decrementAndGet();
            throw new TesseraException(SqlState.OBJECT_IN_USE, "relation \"" + tableName
                    + "\" is being redistributed; writes to it pause until ALTER TABLE ... DISTRIBUTE BY ends",
                    null, "Retry the statement when the ALTER TABLE has finished.", 0, null);
        }
        return n::decrementAndGet;
    }

    /**
     * Fences {@code tableId} for {@code jobId} and waits (at most {@code timeoutMs}) until no write to it is in
     * progress and {@code intentsGone} says none of its intents remain.
     *
     * @throws TesseraException 55P03 when writes or intents remain after the timeout (the fence is lifted then),
     *     55006 when another job fences the table
     */
    public void fence(int tableId, String tableName, String jobId, long timeoutMs, IntPredicate intentsGone,
            java.util.function.BooleanSupplier cancelled) {
        String other = fenced.putIfAbsent(tableId, jobId);
        if (other != null && !other.equals(jobId)) {
            throw new TesseraException(SqlState.OBJECT_IN_USE, "relation \"" + tableName
                    + "\" is already being redistributed");
        }
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        AtomicInteger n = writing.computeIfAbsent(tableId, k -> new AtomicInteger());
        try {
            while (n.get() > 0 || !intentsGone.test(tableId)) {
                if (System.nanoTime() > deadline || cancelled.getAsBoolean()) {
                    throw new TesseraException(SqlState.LOCK_NOT_AVAILABLE, "could not pause the writes to relation \""
                            + tableName + "\": transactions that wrote it are still open", null,
                            "End the open transactions that wrote the table, then retry the ALTER TABLE.", 0, null);
                }
                Thread.sleep(20);
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

    /** Lifts {@code jobId}'s fence of {@code tableId}, if it holds one. */
    public void lift(int tableId, String jobId) {
        fenced.remove(tableId, jobId);
    }

    /** Lifts every fence of {@code jobId}. */
    public void liftJob(String jobId) {
        fenced.values().removeIf(jobId::equals);
    }

    /** Whether {@code jobId} fences some table here. */
    public boolean holds(String jobId) {
        return fenced.containsValue(jobId);
    }

    /** No fences: every write passes. */
    public static Pass none() {
        return NONE;
    }
}
