package io.tessera.reduce;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.protocol.reduce.ReduceBatch;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The receiving end of one reduce stream: the batches its senders pushed, in arrival order, for one consumer to
 * {@link #take()}. Each batch carries the credit of the call it came on: taking it grants that call one more
 * message, so an inbox never holds more than {@code credits} batches per sender.
 *
 * <p>Thread-safe: gRPC's threads offer, one consumer thread takes. It ends when every expected sender completed
 * (take returns null), when a sender failed (take throws its error), or when {@link #abort} is called.
 */
public final class Inbox implements AutoCloseable {
    /** A batch and the call to give its credit back to. */
    private record Entry(ReduceBatch batch, Runnable credit, String sender) {
    }

    /** How long a consumer waits, after a lost peer, for a sender's own error to replace it (see abort). */
    static final long CAUSE_WAIT_MS = 500;

    private final InboxKey key;
    private final int expectedSenders;
    private final int credits;
    private final Runnable onClose;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Entry> queue = new ArrayDeque<>();
    private int sendersAttached;
    private int sendersDone;
    private TesseraException failure;
    private boolean waitedForCause;
    private boolean closed;
    private long batchesIn;
    private long rowsIn;
    private int maxBuffered;

    Inbox(InboxKey key, int expectedSenders, int credits, Runnable onClose) {
        if (expectedSenders < 0 || credits < 1) {
            throw new IllegalArgumentException("senders " + expectedSenders + ", credits " + credits);
        }
        this.key = key;
        this.expectedSenders = expectedSenders;
        this.credits = credits;
        this.onClose = onClose;
    }

    public InboxKey key() {
        return key;
    }

    /** Messages granted to each sender's call up front (the most batches a sender has queued here). */
    int credits() {
        return credits;
    }

    /** Registers a sender's call; false when all expected senders are already attached or the inbox ended. */
    boolean attach() {
        lock.lock();
        try {
            if (closed || failure != null || sendersAttached >= expectedSenders) {
                return false;
            }
            sendersAttached++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    void offer(ReduceBatch batch, Runnable credit, String sender) {
        lock.lock();
        try {
            if (closed || failure != null) {
                return;
            }
            queue.addLast(new Entry(batch, credit, sender));
            batchesIn++;
            rowsIn += batch.getRowCount();
            maxBuffered = Math.max(maxBuffered, queue.size());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void senderDone() {
        lock.lock();
        try {
            sendersDone++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the inbox with {@code error}: the consumer's next take throws it. The first error wins, except that a
     * sender's own error replaces a lost peer (class 08, or 57014 for a peer's cancelled stream): when one sender fails with,
     * say, 22012, its peers stop too, and their cancelled streams may reach this inbox before the failing sender's
     * {@code Abort} does.
     */
    public void abort(TesseraException error) {
        lock.lock();
        try {
            if (failure == null || (lostPeer(failure) && !lostPeer(error))) {
                failure = error; // a sender's own error replaces the loss of a peer it caused
            }
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next batch, waiting for one; null once every expected sender completed and all batches were taken.
     *
     * @throws TesseraException a sender's error (its SQLSTATE), or 57014 when the thread is interrupted
     */
    public ReduceBatch take() {
        Entry e;
        lock.lock();
        try {
            while (true) {
                if (failure != null) {
                    if (lostPeer(failure) && !waitedForCause) {
                        // give the sender's own error, if there is one, CAUSE_WAIT_MS to arrive (see abort)
                        waitedForCause = true;
                        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CAUSE_WAIT_MS);
                        long left;
                        while (lostPeer(failure) && (left = deadline - System.nanoTime()) > 0) {
                            try {
                                changed.awaitNanos(left);
                            } catch (InterruptedException ie) {
                                Thread.currentThread().interrupt();
                                break;
                            }
                        }
                    }
                    throw failure;
                }
                if (!queue.isEmpty()) {
                    e = queue.removeFirst();
                    break;
                }
                if (sendersDone >= expectedSenders) {
                    return null;
                }
                if (closed) {
                    throw new TesseraException(SqlState.QUERY_CANCELED, "reduce stream " + key + " was closed");
                }
                try {
                    changed.await(1, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new TesseraException(SqlState.QUERY_CANCELED, "reading reduce stream " + key
                            + " was interrupted");
                }
            }
        } finally {
            lock.unlock();
        }
        e.credit().run();
        return e.batch();
    }

    /** The error the inbox ended with, or null. */
    TesseraException failure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    private static boolean lostPeer(TesseraException e) {
        // a peer that went away (class 08), or whose stream was cancelled (57014: it stopped because of another error)
        return e.sqlState().code().startsWith("08") || e.sqlState() == SqlState.QUERY_CANCELED;
    }

    /** Batches waiting to be taken. */
    public int buffered() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** The most batches that ever waited at once. */
    public int maxBuffered() {
        lock.lock();
        try {
            return maxBuffered;
        } finally {
            lock.unlock();
        }
    }

    /** Batches received so far. */
    public long batchesReceived() {
        lock.lock();
        try {
            return batchesIn;
        } finally {
            lock.unlock();
        }
    }

    /** Rows received so far (the sum of the batches' row counts). */
    public long rowsReceived() {
        lock.lock();
        try {
            return rowsIn;
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed || failure != null;
        } finally {
            lock.unlock();
        }
    }

    /** Unregisters the inbox; senders still pushing get an error. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        onClose.run();
    }
}
