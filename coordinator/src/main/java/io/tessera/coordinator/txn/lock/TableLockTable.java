package io.tessera.coordinator.txn.lock;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One coordinator's table locks: per table, the modes each {@link LockOwner} holds and a FIFO queue of waiting
 * requests, granted as PostgreSQL's lock manager grants them ({@code LockAcquire}/{@code ProcSleep}): a request is
 * granted when it conflicts neither with a mode another owner holds nor with a request queued before it (unless its
 * owner already holds a lock on the table, which lets an upgrade pass the queue); a release grants the queue in
 * order. A coordinator's sessions' weak locks live only here; every coordinator's table also carries the stronger
 * locks of the whole cluster ({@link ClusterTableLocks}), so every conflict is found on the coordinator of the weak
 * side.
 *
 * <p>Thread-safe: each table's state is guarded by its own monitor; waiting happens outside it on the request's
 * future.
 */
public final class TableLockTable {
    private final ConcurrentHashMap<LockTag, Entry> entries = new ConcurrentHashMap<>();

    /** One table's locks. Guarded by itself. */
    private static final class Entry {
        final LockTag tag;
        /** Owner → bit set of the modes it holds (bit i: ordinal i), in grant order. */
        final Map<LockOwner, Integer> granted = new LinkedHashMap<>();
        final List<Request> queue = new ArrayList<>();

        Entry(LockTag tag) {
            this.tag = tag;
        }

        boolean grantable(LockOwner o, TableLockMode m, int queuePos) {
            for (Map.Entry<LockOwner, Integer> g : granted.entrySet()) {
                if (!LockOwner.sameGroup(g.getKey(), o) && m.conflictsWithAny(g.getValue())) {
                    return false;
                }
            }
            if (!granted.containsKey(o)) {
                for (int i = 0; i < queuePos; i++) {
                    Request r = queue.get(i);
                    if (!LockOwner.sameGroup(r.owner, o) && m.conflictsWith(r.mode)) {
                        return false;
                    }
                }
            }
            return true;
        }

        void grant(LockOwner o, TableLockMode m) {
            granted.merge(o, m.bit(), (a, b) -> a | b);
        }

        /** Grants the waiting requests that have become grantable, in queue order; returns them. */
        List<Request> regrant() {
            List<Request> done = new ArrayList<>();
            for (int i = 0; i < queue.size(); ) {
                Request r = queue.get(i);
                if (grantable(r.owner, r.mode, i)) {
                    grant(r.owner, r.mode);
                    queue.remove(i);
                    done.add(r);
                } else {
                    i++;
                }
            }
            return done;
        }
    }

    /** One request for a table lock; {@link #granted} completes when it is granted. */
    public static final class Request {
        final LockOwner owner;
        final LockTag tag;
        final TableLockMode mode;
        final CompletableFuture<Void> granted = new CompletableFuture<>();
        final long sinceMillis = System.currentTimeMillis();

        Request(LockOwner owner, LockTag tag, TableLockMode mode) {
            this.owner = owner;
            this.tag = tag;
            this.mode = mode;
        }

        public CompletableFuture<Void> granted() {
            return granted;
        }

        public boolean isGranted() {
            return granted.isDone();
        }
    }

    /**
     * Asks for {@code mode} on table {@code tableId} for {@code owner} without waiting: the request returned is
     * granted already, or queued (its future completes when granted; {@link #withdraw} takes it back).
     */
    public Request request(LockOwner owner, int tableId, TableLockMode mode) {
        return request(owner, LockTag.relation(tableId), mode);
    }

    /** As {@link #request(LockOwner, int, TableLockMode)}, for any lock tag. */
    public Request request(LockOwner owner, LockTag tag, TableLockMode mode) {
        Request r = new Request(owner, tag, mode);
        owner.tables.add(tag);
        Entry e = entries.computeIfAbsent(tag, Entry::new);
        synchronized (e) {
            Integer held = e.granted.get(owner);
            if ((held != null && (held & mode.bit()) != 0) || e.grantable(owner, mode, e.queue.size())) {
                e.grant(owner, mode);
                r.granted.complete(null);
            } else {
                e.queue.add(r);
            }
        }
        return r;
    }

    /** Whether {@code owner} holds {@code mode} on the table. */
    public boolean holds(LockOwner owner, int tableId, TableLockMode mode) {
        return holds(owner, LockTag.relation(tableId), mode);
    }

    /** Whether {@code owner} holds {@code mode} on {@code tag}. */
    public boolean holds(LockOwner owner, LockTag tag, TableLockMode mode) {
        Entry e = entries.get(tag);
        if (e == null) {
            return false;
        }
        synchronized (e) {
            Integer held = e.granted.get(owner);
            return held != null && (held & mode.bit()) != 0;
        }
    }

    /**
     * Whether a lock in {@code mode} could be granted now to a transaction holding nothing on the table: a read
     * outside a transaction block checks this (and waits only when it is false) without recording a lock.
     */
    public boolean free(int tableId, TableLockMode mode) {
        return free(LockTag.relation(tableId), mode);
    }

    /** As {@link #free(int, TableLockMode)}, for any tag. */
    public boolean free(LockTag tag, TableLockMode mode) {
        Entry e = entries.get(tag);
        if (e == null) {
            return true;
        }
        synchronized (e) {
            return e.grantable(null, mode, e.queue.size());
        }
    }

    /** Takes back a request still waiting (a granted one stays granted, until its owner's {@link #releaseAll}). */
    public void withdraw(Request r) {
        Entry e = entries.get(r.tag);
        if (e == null) {
            return;
        }
        List<Request> woken;
        synchronized (e) {
            if (!e.queue.remove(r)) {
                return;
            }
            woken = e.regrant();
        }
        woken.forEach(w -> w.granted.complete(null));
    }

    /** Releases mode {@code mode} of {@code owner} on one table (a lock of another coordinator's transaction). */
    public void release(LockOwner owner, int tableId, TableLockMode mode) {
        release(owner, LockTag.relation(tableId), mode);
    }

    /** Releases mode {@code mode} of {@code owner} on {@code tag}. */
    public void release(LockOwner owner, LockTag tag, TableLockMode mode) {
        Entry e = entries.get(tag);
        if (e == null) {
            return;
        }
        List<Request> woken;
        synchronized (e) {
            Integer held = e.granted.get(owner);
            if (held == null) {
                return;
            }
            int left = held & ~mode.bit();
            if (left == 0) {
                e.granted.remove(owner);
            } else {
                e.granted.put(owner, left);
            }
            woken = e.regrant();
        }
        woken.forEach(w -> w.granted.complete(null));
    }

    /** Releases every lock of {@code owner} and withdraws its waiting requests (its transaction ended). */
    public void releaseAll(LockOwner owner) {
        for (LockTag tag : List.copyOf(owner.tables)) {
            Entry e = entries.get(tag);
            if (e == null) {
                continue;
            }
            List<Request> woken;
            synchronized (e) {
                boolean changed = e.granted.remove(owner) != null;
                changed |= e.queue.removeIf(r -> r.owner == owner);
                woken = changed ? e.regrant() : List.of();
            }
            woken.forEach(w -> w.granted.complete(null));
        }
        owner.tables.clear();
    }

    /**
     * Takes {@code mode} on the table for {@code owner}, waiting as long as the conflicting locks are held.
     *
     * @param relation the table's name, for the errors
     * @param lockTimeoutMs the session's {@code lock_timeout}, 0 for none
     * @param interrupt completed with the error that ends the wait: the statement's cancellation
     *     (statement_timeout, CancelRequest: 57014)
     * @throws TesseraException 55P03 "could not obtain lock on relation" with {@code nowait} when it would wait,
     *     55P03 "canceling statement due to lock timeout" after {@code lockTimeoutMs}, 40P01 when the deadlock
     *     detector chose the owner as a victim ({@link #abortWaiter}), or {@code interrupt}'s error
     */
    public void acquire(LockOwner owner, int tableId, String relation, TableLockMode mode, boolean nowait,
            long lockTimeoutMs, CompletableFuture<TesseraException> interrupt) {
        acquire(owner, LockTag.relation(tableId), relation, mode, nowait, lockTimeoutMs, interrupt);
    }

    /** As {@link #acquire(LockOwner, int, String, TableLockMode, boolean, long, CompletableFuture)}, any tag. */
    public void acquire(LockOwner owner, LockTag tag, String relation, TableLockMode mode, boolean nowait,
            long lockTimeoutMs, CompletableFuture<TesseraException> interrupt) {
        Request r = request(owner, tag, mode);
        if (r.isGranted()) {
            return;
        }
        if (nowait) {
            withdraw(r);
            throw notAvailable(relation);
        }
        owner.newWait();
        awaitOrWithdraw(r, owner, lockTimeoutMs, interrupt, () -> withdraw(r));
    }

    /**
     * Waits for {@code event}, the grant of a request of {@code owner}; on any other end runs {@code giveUp} and
     * throws as {@link #acquire} does.
     */
    static void awaitOrWithdraw(Request r, LockOwner owner, long lockTimeoutMs,
            CompletableFuture<TesseraException> interrupt, Runnable giveUp) {
        await(r.granted, owner, lockTimeoutMs, interrupt, giveUp);
    }

    static void await(CompletableFuture<?> event, LockOwner owner, long lockTimeoutMs,
            CompletableFuture<TesseraException> interrupt, Runnable giveUp) {
        CompletableFuture<String> victim = owner.victimEvent();
        CompletableFuture<Object> any = CompletableFuture.anyOf(event, interrupt, victim);
        owner.waiting = true;
        try {
            if (lockTimeoutMs > 0) {
                any.get(lockTimeoutMs, TimeUnit.MILLISECONDS);
            } else {
                any.get();
            }
        } catch (TimeoutException e) {
            // lock_timeout: below
        } catch (ExecutionException e) {
            // the event failed: below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            giveUp.run();
            throw new TesseraException(SqlState.QUERY_CANCELED, "canceling statement due to user request");
        } finally {
            owner.waiting = false;
        }
        if (event.isDone() && !event.isCompletedExceptionally()) {
            return;
        }
        giveUp.run();
        if (victim.isDone()) {
            throw new TesseraException(SqlState.DEADLOCK_DETECTED, "deadlock detected", victim.join(), null, 0, null);
        }
        if (interrupt.isDone()) {
            throw interrupt.join();
        }
        if (event.isCompletedExceptionally()) {
            try {
                event.join();
            } catch (java.util.concurrent.CompletionException ce) {
                if (ce.getCause() instanceof TesseraException te) {
                    throw te;
                }
                throw ce;
            }
        }
        throw new TesseraException(SqlState.LOCK_NOT_AVAILABLE, "canceling statement due to lock timeout");
    }

    /** PostgreSQL's NOWAIT error. */
    static TesseraException notAvailable(String relation) {
        return new TesseraException(SqlState.LOCK_NOT_AVAILABLE, "could not obtain lock on relation \"" + relation
                + "\"");
    }

    /** A wait-for edge: {@code waiter} waits for {@code holder} (GXIDs); {@code waiterStartTs} picks victims. */
    public record Edge(long waiter, long holder, long waiterStartTs) {
    }

    /**
     * The wait-for edges of the waiting requests: to each owner holding a conflicting mode and to each owner whose
     * conflicting request is queued before (PostgreSQL's hard and soft edges). Not an atomic snapshot of all
     * tables.
     */
    public List<Edge> waitEdges() {
        List<Edge> edges = new ArrayList<>();
        for (Entry e : entries.values()) {
            synchronized (e) {
                for (int i = 0; i < e.queue.size(); i++) {
                    Request r = e.queue.get(i);
                    for (Map.Entry<LockOwner, Integer> g : e.granted.entrySet()) {
                        if (!LockOwner.sameGroup(g.getKey(), r.owner) && r.mode.conflictsWithAny(g.getValue())) {
                            edges.add(new Edge(r.owner.id, g.getKey().id, r.owner.startTs));
                        }
                    }
                    for (int j = 0; j < i; j++) {
                        Request ahead = e.queue.get(j);
                        if (!LockOwner.sameGroup(ahead.owner, r.owner) && r.mode.conflictsWith(ahead.mode)) {
                            edges.add(new Edge(r.owner.id, ahead.owner.id, r.owner.startTs));
                        }
                    }
                }
            }
        }
        edges.removeIf(x -> x.waiter() == 0 || x.holder() == 0);
        return edges;
    }

    /** One row of {@code pg_locks}: a mode an owner holds ({@code granted}) or waits for on a table or key. */
    public record LockInfo(LockTag tag, TableLockMode mode, boolean granted, long ownerId, String coordinator,
            int pid, long waitStartMillis) {
    }

    /** Every lock held or awaited here, by table. */
    public List<LockInfo> locks() {
        List<LockInfo> rows = new ArrayList<>();
        for (Entry e : entries.values()) {
            synchronized (e) {
                for (Map.Entry<LockOwner, Integer> g : e.granted.entrySet()) {
                    for (TableLockMode m : TableLockMode.values()) {
                        if ((g.getValue() & m.bit()) != 0) {
                            LockOwner o = g.getKey();
                            rows.add(new LockInfo(e.tag, m, true, o.id, o.coordinator, o.pid, 0));
                        }
                    }
                }
                for (Request r : e.queue) {
                    rows.add(new LockInfo(e.tag, r.mode, false, r.owner.id, r.owner.coordinator, r.owner.pid,
                            r.sinceMillis));
                }
            }
        }
        return rows;
    }

    /**
     * Ends the waits of the transaction {@code ownerId} here with 40P01 (the deadlock detector chose it).
     *
     * @return whether a waiting request of it was found
     */
    public boolean abortWaiter(long ownerId, String detail) {
        boolean found = false;
        for (Entry e : entries.values()) {
            synchronized (e) {
                for (Request r : e.queue) {
                    if (r.owner.id == ownerId) {
                        r.owner.chooseAsVictim(detail);
                        found = true;
                    }
                }
            }
        }
        return found;
    }
}
