package io.tessera.coordinator.txn.lock;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The holder of table locks: one transaction (a transaction block, or one statement outside a block), here or on
 * another coordinator. Its {@link #id} is the transaction's GXID, unique in the cluster, so that wait-for edges of
 * table locks join the datanodes' row-lock edges in the deadlock detector's graph; {@link #startTs} (its GTM start
 * timestamp) chooses the victim, the youngest of a cycle.
 */
public final class LockOwner {
    final long id;
    final long startTs;
    /** The coordinator the transaction runs on. */
    final String coordinator;
    /** The session's backend pid on that coordinator, 0 when it runs elsewhere. */
    final int pid;
    /**
     * The session whose owners never conflict with each other (PostgreSQL's locks of one backend: a session's
     * advisory locks and its transaction's), or null when it is alone: {@code coordinator-owner/pid}.
     */
    final String group;
    /** Tags it holds or waits for a lock on (the lock table's index for releasing). */
    final Set<LockTag> tables = ConcurrentHashMap.newKeySet();
    /** Its strong requests' znode names ({@link ClusterTableLocks}), with the lock each asks for. */
    final Map<String, Held> requests = new ConcurrentHashMap<>();
    /** Whether its session's thread waits for one of its requests now ({@link ClusterTableLocks#alias}). */
    volatile boolean waiting;
    /** Completed with the deadlock detector's detail when it chose this transaction as a victim. */
    private volatile CompletableFuture<String> victim = new CompletableFuture<>();

    /** A lock a strong request asks for. */
    record Held(LockTag tag, TableLockMode mode) {
    }

    public LockOwner(long id, long startTs, String coordinator, int pid) {
        this(id, startTs, coordinator, pid, null);
    }

    /** @param group the session's owners share it ({@link #group}); null for none */
    public LockOwner(long id, long startTs, String coordinator, int pid, String group) {
        this.id = id;
        this.startTs = startTs;
        this.coordinator = coordinator;
        this.pid = pid;
        this.group = group;
    }

    /** Whether {@code a} and {@code b} never conflict: the same owner, or two owners of one session. */
    static boolean sameGroup(LockOwner a, LockOwner b) {
        return a == b || (a != null && b != null && a.group != null && a.group.equals(b.group));
    }

    public long id() {
        return id;
    }

    /** The event that ends this owner's current wait as a deadlock victim (a fresh one per wait). */
    CompletableFuture<String> victimEvent() {
        return victim;
    }

    /** Starts a wait: a victim choice made before it does not apply to it. */
    void newWait() {
        if (victim.isDone()) {
            victim = new CompletableFuture<>();
        }
    }

    /** Ends the current wait with 40P01. */
    void chooseAsVictim(String detail) {
        victim.complete(detail);
    }

    @Override
    public String toString() {
        return "transaction " + id + (coordinator == null ? "" : " on " + coordinator);
    }
}
