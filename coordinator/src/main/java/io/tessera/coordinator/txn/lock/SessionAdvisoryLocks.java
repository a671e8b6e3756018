package io.tessera.coordinator.txn.lock;

import io.tessera.common.error.TesseraException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A session's advisory locks (https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS), held in the
 * cluster's lock tables ({@link ClusterTableLocks}) under {@link LockTag advisory tags} in PostgreSQL's modes
 * (ExclusiveLock, ShareLock), so that they conflict across every coordinator:
 * <ul>
 *   <li><b>Session-level</b> locks ({@code pg_advisory_lock}) belong to a {@link LockOwner} of the session's own,
 *       created at its first such lock with an id no transaction has (a negated GXID). They are counted here per
 *       tag and mode: each lock adds one, each {@code pg_advisory_unlock} takes one away, and the lock goes when
 *       the count reaches zero, at {@code pg_advisory_unlock_all} or when the session ends (its client gone too).
 *       A coordinator that dies takes them with its ZooKeeper session.</li>
 *   <li><b>Transaction-level</b> locks ({@code pg_advisory_xact_lock}) belong to the transaction's table-lock owner
 *       ({@link SessionTableLocks}): they end with it at COMMIT or ROLLBACK, as its table locks do, and a ROLLBACK
 *       TO SAVEPOINT releases those taken after the savepoint, as PostgreSQL does.</li>
 * </ul>
 * The two owners are one lock group: a session never waits for itself (PostgreSQL's locks of one backend), so
 * {@code pg_advisory_lock(1)} then {@code pg_advisory_xact_lock(1)} in one session does not block. Waits honour
 * {@code lock_timeout} (55P03), cancellation and {@code statement_timeout} (57014), and are part of the deadlock
 * detector's graph (40P01); {@link ClusterTableLocks#alias} links the session's owner to its current transaction.
 *
 * <p>Used by the session's thread only, but for {@link #close} (also its thread).
 */
public final class SessionAdvisoryLocks {
    /** The identity of the session's own owner: a negated GXID and the GTM's start timestamp. */
    public record Identity(long id, long startTs) {
    }

    private final ClusterTableLocks locks;
    private final SessionTableLocks transactionLocks;
    private final int pid;
    private final String group;
    private final Supplier<Identity> identity;
    private final LongSupplier currentTransaction;
    private final java.util.function.Consumer<TesseraException> warnings;
    private LockOwner owner;
    /** Session-level locks held, with their counts. */
    private final Map<LockOwner.Held, Integer> held = new HashMap<>();

    /**
     * @param transactionLocks the session's transaction's table locks (transaction-level advisory locks)
     * @param identity asked once, at the first session-level lock
     * @param currentTransaction the GXID of the session's current transaction, 0 for none (deadlock edges)
     * @param warnings sends a WARNING to the session's client
     */
    public SessionAdvisoryLocks(ClusterTableLocks locks, SessionTableLocks transactionLocks, int pid,
            Supplier<Identity> identity, LongSupplier currentTransaction,
            java.util.function.Consumer<TesseraException> warnings) {
        this.warnings = warnings;
        this.locks = locks;
        this.transactionLocks = transactionLocks;
        this.pid = pid;
        this.group = transactionLocks.group();
        this.identity = identity;
        this.currentTransaction = currentTransaction;
    }

    /**
     * Takes {@code tag} in ShareLock ({@code shared}) or ExclusiveLock, for the session or ({@code xact}) for its
     * transaction.
     *
     * @param nowait the {@code pg_try_*} forms: return false instead of waiting
     * @param interrupt supplies the statement's cancellation, asked only when the lock must be waited for
     * @param commandId the transaction's current command (ROLLBACK TO SAVEPOINT releases a transaction-level lock
     *     taken after the savepoint)
     * @return whether the lock is held now (always true unless {@code nowait})
     * @throws TesseraException 55P03 after {@code lockTimeoutMs}, 57014 when cancelled, 40P01 as a deadlock's
     *     victim
     */
    public boolean lock(LockTag tag, boolean shared, boolean xact, boolean nowait, long lockTimeoutMs,
            Supplier<CompletableFuture<TesseraException>> interrupt, int commandId) {
        TableLockMode mode = mode(shared);
        if (xact) {
            return transactionLocks.acquireTag(tag, mode, nowait, lockTimeoutMs, interrupt, commandId);
        }
        LockOwner.Held h = new LockOwner.Held(tag, mode);
        Integer count = held.get(h);
        if (count != null) {
            held.put(h, count + 1);
            return true;
        }
        LockOwner o = owner();
        if (!locks.acquireAdvisory(o, tag, mode, nowait, lockTimeoutMs, interrupt)) {
            return false;
        }
        held.put(h, 1);
        return true;
    }

    /**
     * Releases one count of a session-level lock on {@code tag} ({@code pg_advisory_unlock}); transaction-level
     * locks are not released so.
     *
     * @return false when the session holds no such lock (the caller warns, as PostgreSQL)
     */
    public boolean unlock(LockTag tag, boolean shared) {
        LockOwner.Held h = new LockOwner.Held(tag, mode(shared));
        Integer count = held.get(h);
        if (count == null) {
            return false;
        }
        if (count > 1) {
            held.put(h, count - 1);
        } else {
            held.remove(h);
            locks.release(owner, tag, h.mode());
        }
        return true;
    }

    /** Sends {@code warning} to the session's client (unlocking what it does not hold). */
    public void warn(TesseraException warning) {
        warnings.accept(warning);
    }

    /** Releases every session-level lock ({@code pg_advisory_unlock_all}, the session's end). */
    public void unlockAll() {
        held.clear();
        if (owner != null) {
            locks.releaseAll(owner);
        }
    }

    /** The session ended: releases its session-level locks and leaves the deadlock graph. */
    public void close() {
        unlockAll();
        if (owner != null) {
            locks.unalias(owner);
        }
    }

    /** {@code pg_locks.mode} as PostgreSQL names the warning's lock: ShareLock or ExclusiveLock. */
    public static String modeName(boolean shared) {
        return mode(shared).pgLocksName();
    }

    private static TableLockMode mode(boolean shared) {
        return shared ? TableLockMode.SHARE : TableLockMode.EXCLUSIVE;
    }

    private LockOwner owner() {
        if (owner == null) {
            Identity id = identity.get();
            owner = new LockOwner(id.id(), id.startTs(), locks.coordinator(), pid, group);
            locks.alias(owner, currentTransaction);
        }
        return owner;
    }
}
