package io.tessera.datanode.txn;

import io.tessera.common.codec.KeyCodec;
import io.tessera.common.codec.ByteSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one table that transactions on this datanode may have changed since the tracker opened: the
 * primary-index intent keys of every transaction that prepared here since then (or was still running when it
 * opened), each with its transaction. A redistribution's catch-up round reads these keys instead of scanning the
 * whole table for versions newer than its previous round ({@code RedistributionService}), so the round costs what
 * changed, not what the table holds — the write pause at the switch is one such round.
 *
 * <p>Why a key is never missed: a transaction's commit timestamp is taken after it is marked prepared (the commit
 * invariant of {@link CommitParticipant#commitOnePhase} and of the GTM's decision after Prepare), and the marking
 * records its keys here first. A round that takes its snapshot {@code S} from the GTM after the tracker opened
 * therefore finds, in {@link #take}, every key whose version committed at or below {@code S} after the tracker
 * opened — and the transactions already running or prepared when it opened are recorded by
 * {@link CommitParticipant#trackChanges} itself. A key stays until its transaction is decided aborted or committed
 * at or below the snapshot of a round that read it.
 *
 * <p>Memory is bounded: past {@code limit} keys the tracker gives up ({@link #overflowed()}, its keys dropped) and
 * the caller goes back to a scan, opening a new tracker first.
 */
public final class ChangeTracker implements AutoCloseable {
    private final int tableId;
    private final int limit;
    private final Runnable onClose;
    /** Key → the transaction that wrote it last; guarded by {@code this}. */
    private final Map<ByteKey, Transaction> keys = new HashMap<>();
    private boolean overflowed;
    private boolean closed;

    ChangeTracker(int tableId, int limit, Runnable onClose) {
        this.tableId = tableId;
        this.limit = limit;
        this.onClose = onClose;
    }

    /** The table whose keys are tracked. */
    public int tableId() {
        return tableId;
    }

    /**
     * Records one intent key of {@code t} (the caller reads t's intents of this table from storage, under t's
     * monitor, so they are stable); keys of other tables or indexes are ignored.
     *
     * @return false once the tracker overflowed or closed: the caller may stop giving it keys
     */
    synchronized boolean add(byte[] key, Transaction t) {
        if (overflowed || closed) {
            return false;
        }
        if (key.length > KeyCodec.INDEX_PREFIX_LENGTH && KeyCodec.tableIdOf(key) == tableId
                && ByteSink.getInt(key, 8) == KeyCodec.PRIMARY_INDEX) {
            keys.put(new ByteKey(key), t);
        }
        if (keys.size() > limit) {
            overflowed = true;
            keys.clear();
            return false;
        }
        return true;
    }

    /** Whether more keys changed than the tracker keeps: it no longer knows them all. */
    public synchronized boolean overflowed() {
        return overflowed;
    }

    /**
     * The intent keys ({@code [table][shard][index 0][row key]}) to read for a round at snapshot {@code snapshotTs},
     * in key order, or null when the tracker overflowed (scan instead). Keys whose transaction is decided — aborted,
     * or committed at or below the snapshot, which the round reads — are forgotten; the others stay for the next
     * round (their commit, if any, comes after this snapshot).
     */
    public synchronized List<byte[]> take(long snapshotTs) {
        if (overflowed) {
            return null;
        }
        List<byte[]> out = new ArrayList<>(keys.size());
        keys.entrySet().removeIf(e -> {
            out.add(e.getKey().bytes());
            Transaction.Outcome o = e.getValue().decided.getNow(null);
            return o != null && (!o.committed() || o.commitTs() <= snapshotTs);
        });
        out.sort(Arrays::compareUnsigned);
        return out;
    }

    /** Stops tracking and forgets the keys. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            keys.clear();
        }
        onClose.run();
    }
}
