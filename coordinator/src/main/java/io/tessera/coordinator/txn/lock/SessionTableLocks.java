package io.tessera.coordinator.txn.lock;

import io.tessera.common.error.TesseraException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A session's table locks: the {@link LockOwner} of its current transaction, created at the first lock it takes
 * and released when the transaction ends (COMMIT, ROLLBACK, the end of a statement outside a block). Statements the
 * session runs inside another (ALTER TABLE's checks of existing rows) share the outer statement's owner: a release
 * asked for while one is nested ({@link #enter}) waits for the outermost statement's end. Used by the session's
 * thread only.
 */
public final class SessionTableLocks {
    /** The GXID and start timestamp that identify a new owner (the session's transaction's, if it has one). */
    public record Identity(long gxid, long startTs) {
    }

    /** One lock a statement needs: table id, its name for errors, the mode. */
    public record Need(int tableId, String relation, TableLockMode mode) {
    }

    private final ClusterTableLocks locks;
    private final String coordinator;
    private final int pid;
    private final Supplier<Identity> identity;
    private final String group;
    /** Read by the deadlock edges' publisher ({@link ClusterTableLocks#alias}) too. */
    private volatile LockOwner owner;
    private int depth;
    private List<Need> pending;
    /** The transaction's advisory locks, with the command id that took each ({@link #rollbackTo}). */
    private final List<Map.Entry<LockOwner.Held, Integer>> advisory = new ArrayList<>();

    /**
     * @param identity asked once per transaction, at its first lock
     */
    public SessionTableLocks(ClusterTableLocks locks, String coordinator, int pid, Supplier<Identity> identity) {
        this(locks, coordinator, pid, identity, null);
    }

    /**
     * @param group the session's lock group, unique in the cluster without spaces ({@link LockOwner#group}): its
     *     transactions' locks never conflict with its session-level advisory locks; null for none
     */
    public SessionTableLocks(ClusterTableLocks locks, String coordinator, int pid, Supplier<Identity> identity,
            String group) {
        this.locks = locks;
        this.coordinator = coordinator;
        this.pid = pid;
        this.identity = identity;
        this.group = group;
    }

    /** The session's lock group, or null. */
    String group() {
        return group;
    }

    /** The GXID of the transaction holding the session's table locks, 0 while it holds none. */
    public long ownerId() {
        LockOwner o = owner;
        return o == null ? 0 : o.id;
    }

    /**
     * Takes {@code mode} on {@code tag} (a transaction-level advisory lock) for the session's transaction, held to
     * its end.
     *
     * @param commandId the command of the transaction taking it ({@link #rollbackTo})
     * @return false when {@code nowait} and another session holds a conflicting lock; true when held
     * @throws TesseraException as {@link TableLockTable#acquire}, but for NOWAIT's 55P03
     */
    public boolean acquireTag(LockTag tag, TableLockMode mode, boolean nowait, long lockTimeoutMs,
            Supplier<CompletableFuture<TesseraException>> interrupt, int commandId) {
        LockOwner o = owner();
        if (locks.table().holds(o, tag, mode)) {
            return true;
        }
        if (!locks.acquireAdvisory(o, tag, mode, nowait, lockTimeoutMs, interrupt)) {
            return false;
        }
        advisory.add(Map.entry(new LockOwner.Held(tag, mode), commandId));
        return true;
    }

    /**
     * ROLLBACK TO SAVEPOINT: releases the advisory locks the transaction took at or after command
     * {@code boundary}, as PostgreSQL releases a rolled-back subtransaction's locks (those taken before stay).
     */
    public void rollbackTo(int boundary) {
        for (Iterator<Map.Entry<LockOwner.Held, Integer>> it = advisory.iterator(); it.hasNext(); ) {
            Map.Entry<LockOwner.Held, Integer> a = it.next();
            if (a.getValue() >= boundary && owner != null) {
                locks.release(owner, a.getKey().tag(), a.getKey().mode());
                it.remove();
            }
        }
    }

    /**
     * Takes {@code needs} for the session's transaction, waiting as {@link TableLockTable#acquire} does.
     *
     * @param interrupt supplies the statement's cancellation, asked only when some lock must be waited for
     */
    public void acquire(List<Need> needs, boolean nowait, long lockTimeoutMs,
            Supplier<CompletableFuture<TesseraException>> interrupt) {
        CompletableFuture<TesseraException> stop = null;
        for (Need n : needs) {
            LockOwner o = owner();
            if (locks.table().holds(o, n.tableId(), n.mode())) {
                continue;
            }
            // a strong mode may wait for another coordinator's lock, which this one's table does not show
            if (stop == null && !nowait && (!n.mode().isWeak() || !locks.table().free(n.tableId(), n.mode()))) {
                stop = interrupt.get();
            }
            locks.acquire(o, n.tableId(), n.relation(), n.mode(), nowait, lockTimeoutMs,
                    stop == null ? new CompletableFuture<>() : stop);
        }
    }

    /**
     * A read outside a transaction: waits until each lock could be granted (no conflicting lock held or queued),
     * holding nothing, as a statement that locks and unlocks at once. Only ACCESS EXCLUSIVE conflicts with a read.
     */
    public void await(List<Need> needs, long lockTimeoutMs, Supplier<CompletableFuture<TesseraException>> interrupt) {
        for (Need n : needs) {
            if (locks.table().free(n.tableId(), n.mode())) {
                continue;
            }
            LockOwner passing = new LockOwner(0, Long.MAX_VALUE, coordinator, pid);
            try {
                locks.table().acquire(passing, n.tableId(), n.relation(), n.mode(), false, lockTimeoutMs,
                        interrupt.get());
            } finally {
                locks.table().releaseAll(passing);
            }
        }
    }

    private LockOwner owner() {
        if (owner == null) {
            Identity id = identity.get();
            owner = new LockOwner(id.gxid(), id.startTs(), coordinator, pid, group);
        }
        return owner;
    }

    /** Whether the session's transaction holds some table lock. */
    public boolean holdsAny() {
        return owner != null;
    }

    /** A statement starts (nested in another one when one is running). */
    public void enter() {
        depth++;
    }

    /** The statement {@link #enter} began is over. */
    public void exit() {
        depth--;
    }

    /** Whether no statement is running: a release now is the transaction's end. */
    public boolean outermost() {
        return depth <= 0;
    }

    /** Locks a statement will take when it starts (in the session's transaction), set just before it runs. */
    public void pending(List<Need> needs) {
        pending = needs;
    }

    /**
     * Whether {@link #await} of the pending locks would return at once: no conflicting lock held or queued on this
     * coordinator (what {@code await} itself checks first).
     */
    public boolean pendingFree() {
        if (pending != null) {
            for (Need n : pending) {
                if (!locks.table().free(n.tableId(), n.mode())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Takes and clears the pending locks (the statement has started); null when there are none. */
    public List<Need> takePending() {
        List<Need> p = pending;
        pending = null;
        return p;
    }

    /** The transaction ended: releases its locks, unless a statement is still running (it releases them). */
    public void transactionEnded() {
        if (depth > 0 || owner == null) {
            return;
        }
        LockOwner o = owner;
        owner = null;
        advisory.clear();
        locks.releaseAll(o);
    }
}
