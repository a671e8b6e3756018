package io.tessera.coordinator.txn.lock;

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
    /** Table ids it holds or waits for a lock on (the lock table's index for releasing). */
    final Set<Integer> tables = ConcurrentHashMap.newKeySet();
    /** Names of its strong requests' znodes ({@link ClusterTableLocks}). */
    final Set<String> requests = ConcurrentHashMap.newKeySet();
    /** Completed with the deadlock detector's detail when it chose this transaction as a victim. */
    private volatile CompletableFuture<String> victim = new CompletableFuture<>();

    public LockOwner(long id, long startTs, String coordinator, int pid) {
        this.id = id;
        this.startTs = startTs;
        this.coordinator = coordinator;
        this.pid = pid;
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
