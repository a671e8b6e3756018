package io.tessera.datanode.txn;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intent resolution after the client has its answer, in the manner of Percolator's secondary commits and
 * CockroachDB's asynchronous intent resolution: a one-phase commit is durable once its transaction record is
 * written ({@code IntentBatch#putTxnRecord}), a two-phase one once its record (prepared at Prepare) holds the commit
 * timestamp; turning its intents into versions happens here, on one background thread, in commit order.
 *
 * <p>Bounded: at most {@link #MAX_QUEUED} transactions wait for resolution; past that a committing thread resolves
 * its own transaction before it returns (as every commit did before), so a backlog slows commits instead of growing.
 * Restart-safe: until a transaction is resolved, its record and its intents are in storage together, and start-up
 * commits the intents a record names ({@link TransactionRecovery}); work still queued at shutdown is left
 * to that.
 */
final class IntentResolution implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IntentResolution.class);
    /** Transactions queued for resolution at most. */
    static final int MAX_QUEUED = 4096;
    /** How long {@link #close} lets queued resolutions run. */
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final Semaphore queued = new Semaphore(MAX_QUEUED);
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "intent-resolution");
        t.setDaemon(true);
        return t;
    });
    /** Test seam: run by the worker before each resolution (tests hold resolution back with it). */
    volatile Runnable beforeResolve = () -> { };

    /**
     * Runs {@code resolve} on the resolution thread, or on the caller's when {@link #MAX_QUEUED} resolutions are
     * queued already. A failure is logged: the transaction's record and intents stay for a restart to resolve.
     */
    void submit(long gxid, Runnable resolve) {
        if (!queued.tryAcquire()) {
            resolve.run();
            return;
        }
        try {
            worker.execute(() -> {
                try {
                    beforeResolve.run();
                    resolve.run();
                } catch (RuntimeException e) {
                    LOG.warn("the intents of committed transaction {} were not resolved (its record keeps it "
                            + "committed; a restart resolves them): {}", gxid, e.toString());
                } finally {
                    queued.release();
                }
            });
        } catch (RejectedExecutionException e) {
            queued.release(); // shutting down: start-up resolves it from its record
        }
    }

    /** Waits until every resolution queued before this call has run (tests: the locks of a commit are released). */
    void awaitQueued() {
        java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
        worker.execute(ran::countDown);
        try {
            ran.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Transactions queued or being resolved now. */
    int backlog() {
        return MAX_QUEUED - queued.availablePermits();
    }

    /** Stops taking work and lets the queued resolutions run for up to {@value #CLOSE_WAIT_SECONDS} s. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("{} transactions' intents are left for the next start-up to resolve", backlog());
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.shutdownNow();
        }
    }
}
