package io.tessera.datanode.txn;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.datanode.storage.DatanodeStorage;
import io.tessera.datanode.storage.Intent;
import io.tessera.protocol.datanode.RowLockWaitPolicy;
import io.tessera.protocol.datanode.WaitEdge;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.tessera.datanode.txn.TxnErrors.cancelled;
import static io.tessera.datanode.txn.TxnErrors.notActive;

/**
 * The datanode's row lock table: who holds which row in which of PostgreSQL's four modes ({@link RowLockMode}),
 * who waits for whom, and how a wait ends (lock_timeout, cancellation, a local cycle or the global detector's
 * choice of a victim).
 *
 * <p><b>An intent in storage is its writer's lock</b>, in FOR UPDATE (DELETE, INSERT, ON CONFLICT DO UPDATE) or
 * FOR NO KEY UPDATE (UPDATE) mode, recorded in the intent ({@link Intent#noKeyUpdate()}), as CockroachDB's write
 * intents are; nothing in memory backs it. {@link #locks} (key → holds: a transaction, a mode and the command that
 * took it, and the key's waiters, a future completed when a hold goes) holds only what storage does not: a locking
 * SELECT's holds ({@code SELECT ... FOR SHARE}, ...; several transactions share FOR SHARE and FOR KEY SHARE, a
 * transaction's stronger request waits only for the other holders, NOWAIT / SKIP LOCKED fail or skip instead of
 * waiting), ON CONFLICT's holds on rows it leaves without an intent, and, only while a statement checks a key and
 * writes its intent, that statement's hold on the key ({@link #lock}, {@link #settle}), so two writers never race
 * for one key. A writer that meets another transaction's conflicting intent waits for that transaction's end or
 * ROLLBACK TO SAVEPOINT ({@code Transaction.intentReleased}).
 *
 * <p>Every wait of a transaction (a writer's for a lock, a reader's for a prepared intent, {@link #await}) is
 * registered in {@link #waits} while it lasts: {@link #waitsFor} lists them as wait-for edges for the global
 * detector, {@link #abortWaiter} ends those of a victim with 40P01. A long wait asks the GTM about each prepared
 * holder every poll interval (the {@code gtmPoll} callback, {@link TransactionRecovery#pollGtm}).
 *
 * <p>Thread-safe and lock-free: {@link #locks} maps each key to an immutable {@link Lock} replaced by
 * compare-and-set; the only monitor taken is a transaction's, briefly, to record a key in
 * {@code Transaction.lockOnly}.
 */
final class RowLockTable {
    private static final Logger LOG = LoggerFactory.getLogger(RowLockTable.class);
    private static final int MAX_WAIT_CHAIN = 10_000;

    private final DatanodeStorage storage;
    private final ConcurrentHashMap<Long, Transaction> txns;
    private final long gtmPollNanos;
    private final Consumer<Transaction> gtmPoll;
    private final ConcurrentHashMap<ByteKey, Lock> locks = new ConcurrentHashMap<>();
    /** Waits in progress of transactions (gxid != 0): the wait-for edges {@link #waitsFor} reports. */
    private final Set<Wait> waits = ConcurrentHashMap.newKeySet();

    /**
     * A lock table over {@code storage}'s intents and the transactions of {@code table}; a wait asks about each
     * prepared holder with {@code gtmPoll} every {@code gtmPollNanos} nanoseconds.
     */
    RowLockTable(DatanodeStorage storage, TransactionTable table, long gtmPollNanos, Consumer<Transaction> gtmPoll) {
        this.storage = storage;
        this.txns = table.txns;
        this.gtmPollNanos = gtmPollNanos;
        this.gtmPoll = gtmPoll;
    }

    /**
     * One transaction's hold of a row lock: its mode, the command that took it (ROLLBACK TO SAVEPOINT), and whether
     * a write follows: such a hold lasts only until the statement's intents are in storage, where each intent is
     * its own lock ({@link #settle}); the others (a locking SELECT's) last until the transaction ends.
     */
    record Hold(Transaction txn, RowLockMode mode, int commandId, boolean writes) {
    }

    /** {@link #lock}'s answer for a row SKIP LOCKED leaves out. */
    static final Hold SKIPPED = new Hold(null, null, -1, false);

    /**
     * A key's row lock: its holds and the event its waiters wait for (they then compete for the key afresh).
     * Immutable: a change replaces the map entry by compare-and-set. A change that drops a hold completes
     * {@code released} and gives the replacement a fresh future; one that adds a hold hands {@code released} on,
     * so a waiter keeps waiting on the right event while sharers come and go.
     */
    private static final class Lock {
        final List<Hold> holds;
        final CompletableFuture<Void> released;

        /** Held by {@code owner}'s intent (a recovered prepared intent: the strongest mode, FOR UPDATE). */
        Lock(Transaction owner) {
            this(List.of(new Hold(owner, RowLockMode.UPDATE, 0, false)), new CompletableFuture<>());
        }

        Lock(List<Hold> holds, CompletableFuture<Void> released) {
            this.holds = holds;
            this.released = released;
        }

        /** The strongest mode {@code t} holds, or null. */
        RowLockMode heldBy(Transaction t) {
            RowLockMode m = null;
            for (Hold h : holds) {
                if (h.txn == t && (m == null || h.mode.compareTo(m) > 0)) {
                    m = h.mode;
                }
            }
            return m;
        }

        @Override
        public String toString() {
            return holds.toString();
        }
    }

    /**
     * One wait in progress: transaction {@code waiter} (a writer waiting for a key's lock, or a reader waiting
     * for a prepared intent's outcome) waits until {@code event} happens — the release of a lock the
     * {@code holders} hold (all of them, one edge each, when they share it), or the end of the single holder.
     * {@link #abortWaiter} completes {@code victim} with the error's detail, which ends the wait with 40P01.
     */
    private static final class Wait {
        final long waiter;
        final long waiterStartTs;
        final List<Transaction> holders;
        final CompletableFuture<?> event;
        final CompletableFuture<String> victim = new CompletableFuture<>();

        Wait(long waiter, long waiterStartTs, List<Transaction> holders, CompletableFuture<?> event) {
            this.waiter = waiter;
            this.waiterStartTs = waiterStartTs;
            this.holders = holders;
            this.event = event;
        }
    }

    /**
     * Keys locked now: by an intent of a transaction with state here, or by a hold in the in-memory lock table. Reads
     * every such intent's registry entry: for tests and diagnostics ({@code Ping}), not for hot paths.
     */
    int lockedKeys() {
        Set<ByteKey> keys = new HashSet<>(locks.keySet());
        for (Transaction t : txns.values()) {
            storage.intentsOf(t.gxid, TransactionTable.ALL_KEYS, (k, i) -> keys.add(new ByteKey(k)) || true);
        }
        return keys.size();
    }

    /** Entries of the in-memory lock table: keys someone holds without an intent, or holds while writing one. */
    int lockTableEntries() {
        return locks.size();
    }

    /**
     * A hold taken by the statement in progress: released again if the statement fails; if it succeeds, a write's
     * hold goes unless {@code keep} (the row was left without an intent and stays locked, {@link #settle}).
     */
    static final class Taken {
        final ByteKey key;
        final Hold hold;
        boolean keep;

        Taken(ByteKey key, Hold hold) {
            this.key = key;
            this.hold = hold;
        }
    }

    /**
     * Takes a hold of {@code mode} on {@code k} for {@code t} as command {@code commandId}, waiting for every
     * other transaction whose hold conflicts with it (all sharers, for an exclusive mode; a holder of one's own
     * weaker mode is no obstacle, so a sharer upgrades by waiting for the others only), and for the writer of a
     * conflicting intent on the key. The intent in storage is its writer's lock, in FOR UPDATE or FOR NO KEY UPDATE
     * mode ({@link Intent#noKeyUpdate()}); nothing in memory backs it. Intents are written only under a hold of
     * the key (this method's, kept until the statement's batch is in storage), so once the hold is taken the
     * intent found in storage cannot change under it but by its own writer's end or ROLLBACK TO SAVEPOINT; while
     * waiting for that writer the hold is given back (the writer may need the key again).
     *
     * @param relation the table's name, for NOWAIT's error
     * @param writes whether an intent of {@code t} follows: the hold then lasts only until the statement's intents
     *     are in storage ({@link #settle}), else until the transaction ends
     * @return the new hold; null when {@code t} already holds {@code mode} or a stronger one; {@link #SKIPPED} when
     *     the key is held incompatibly and {@code policy} is SKIP LOCKED
     * @throws TesseraException 55P03 "could not obtain lock on row in relation ..." under NOWAIT, and the errors of
     *     a wait ({@link #await}): 55P03 past lock_timeout, 40P01 for a local cycle of waits or a detector's
     *     choice, 57014 when cancelled
     */
    Hold lock(Transaction t, ByteKey k, RowLockMode mode, int commandId, RowLockWaitPolicy policy,
                      String relation, long lockTimeoutMs, CompletableFuture<?> cancel, boolean writes) {
        Hold mine = new Hold(t, mode, commandId, writes);
        boolean hasDeadline = lockTimeoutMs > 0;
        long deadline = hasDeadline ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lockTimeoutMs) : 0;
        while (true) {
            Lock l = locks.get(k);
            List<Hold> holds = l == null ? List.of() : l.holds;
            RowLockMode held = null;
            boolean stale = false;
            List<Transaction> blockers = new ArrayList<>();
            for (Hold h : holds) {
                if (h.txn == t) {
                    held = held == null || h.mode.compareTo(held) > 0 ? h.mode : held;
                } else if (h.txn.finished()) {
                    stale = true;
                } else if (h.mode.conflicts(mode) && !blockers.contains(h.txn)) {
                    blockers.add(h.txn);
                }
            }
            if (held != null && held.covers(mode)) {
                return null; // no other transaction's conflicting intent can have been written since we took it
            }
            if (stale) { // left behind by a statement racing its transaction's end
                dropHolds(k, h -> h.txn.finished());
                continue;
            }
            if (blockers.isEmpty()) {
                List<Hold> next = new ArrayList<>(holds.size() + 1);
                next.addAll(holds);
                next.add(mine);
                Lock n = new Lock(List.copyOf(next), l == null ? new CompletableFuture<>() : l.released);
                if (!(l == null ? locks.putIfAbsent(k, n) == null : locks.replace(k, l, n))) {
                    continue;
                }
                Transaction writer = conflictingIntent(t, k, mode);
                if (writer == null) {
                    if (!writes) {
                        synchronized (t) {
                            t.lockOnly.add(k);
                        }
                    }
                    return mine;
                }
                dropHolds(k, h -> h == mine);
                if (policy == RowLockWaitPolicy.LOCK_NOWAIT) {
                    throw new TesseraException(SqlState.LOCK_NOT_AVAILABLE, "could not obtain lock on row in "
                            + "relation \"" + relation + "\"");
                }
                if (policy == RowLockWaitPolicy.LOCK_SKIP_LOCKED) {
                    return SKIPPED;
                }
                CompletableFuture<Object> released = writer.intentReleased();
                if (conflictingIntent(t, k, mode) == writer) { // still there after we took the event to wait for
                    waitFor(t, List.of(writer), released, hasDeadline, deadline, cancel);
                }
                continue;
            }
            if (policy == RowLockWaitPolicy.LOCK_NOWAIT) {
                throw new TesseraException(SqlState.LOCK_NOT_AVAILABLE, "could not obtain lock on row in relation \""
                        + relation + "\"");
            }
            if (policy == RowLockWaitPolicy.LOCK_SKIP_LOCKED) {
                return SKIPPED;
            }
            waitFor(t, blockers, l.released, hasDeadline, deadline, cancel);
        }
    }

    /**
     * Waits, as {@code t}, for {@code event} that {@code blockers} bring about, after checking that no transaction of
     * this datanode's chain of waits from them waits for {@code t} (a local deadlock, 40P01 at once).
     */
    private void waitFor(Transaction t, List<Transaction> blockers, CompletableFuture<?> event, boolean hasDeadline,
                         long deadline, CompletableFuture<?> cancel) {
        t.waitingFor = blockers.get(0);
        try {
            for (Transaction holder : blockers) {
                int steps = 0;
                for (Transaction x = holder; x != null && steps < MAX_WAIT_CHAIN; x = x.waitingFor, steps++) {
                    if (x == t) {
                        throw new TesseraException(SqlState.DEADLOCK_DETECTED, "deadlock detected",
                                "Transaction " + t.gxid + " waits for transaction " + holder.gxid
                                        + ", which waits for transaction " + t.gxid + ".", null, 0, null);
                    }
                }
            }
            await(blockers, event, t, t.gxid, t.startTs, hasDeadline, deadline, cancel);
        } finally {
            t.waitingFor = null;
        }
    }

    /** The row-lock mode an intent holds its key in. */
    static RowLockMode modeOf(Intent i) {
        return i.noKeyUpdate() ? RowLockMode.NO_KEY_UPDATE : RowLockMode.UPDATE;
    }

    /**
     * The unfinished transaction other than {@code t} whose intent on {@code k} conflicts with {@code mode}, or
     * null: read from storage.
     *
     * @throws TesseraException XX000 for an intent of a transaction this datanode does not know (never written so)
     */
    private Transaction conflictingIntent(Transaction t, ByteKey k, RowLockMode mode) {
        for (int attempt = 0; ; attempt++) {
            Intent i = storage.intent(k.bytes());
            if (i == null || i.gxid() == t.gxid || !modeOf(i).conflicts(mode)) {
                return null;
            }
            Transaction w = txns.get(i.gxid());
            if (w != null && !w.finished()) {
                return w;
            }
            // it ended after the read: its end removes it from txns only after its intents are resolved
            if (attempt > 0) {
                throw new TesseraException(SqlState.INTERNAL_ERROR, "key " + k + " holds an intent of transaction "
                        + i.gxid() + ", which has no state on this datanode");
            }
        }
    }

    /** Releases the holds the statement took. */
    void release(Transaction t, List<Taken> acquired) {
        for (Taken a : acquired) {
            dropHolds(a.key, h -> h == a.hold);
        }
    }

    /**
     * After the statement's intents are in storage: the holds it took for writing go, as each intent is its own
     * lock now (so a transaction's lock table footprint does not grow with the rows it writes); those it
     * {@code keep}s (a row left without an intent) become locks of the transaction, released at its end.
     */
    void settle(Transaction t, List<Taken> acquired) {
        for (Taken a : acquired) {
            if (!a.hold.writes) {
                continue; // a locking SELECT's: held to the end
            }
            if (a.keep) {
                synchronized (t) {
                    if (!t.finished()) {
                        t.lockOnly.add(a.key);
                        continue;
                    }
                }
            }
            dropHolds(a.key, h -> h == a.hold);
        }
    }

    /** Releases every hold of {@code t} on {@code k} (its transaction ended, or its intent was rolled back). */
    void unlock(Transaction t, ByteKey k) {
        dropHolds(k, h -> h.txn == t);
    }

    /** Whether {@code t} holds a row lock on {@code k} in the lock table (not counting its intent). */
    boolean holds(Transaction t, ByteKey k) {
        Lock l = locks.get(k);
        return l != null && l.heldBy(t) != null;
    }

    /** Removes the holds of {@code k} that {@code which} selects and, if any went, wakes the key's waiters. */
    void dropHolds(ByteKey k, java.util.function.Predicate<Hold> which) {
        while (true) {
            Lock l = locks.get(k);
            if (l == null) {
                return;
            }
            List<Hold> rest = new ArrayList<>(l.holds.size());
            for (Hold h : l.holds) {
                if (!which.test(h)) {
                    rest.add(h);
                }
            }
            if (rest.size() == l.holds.size()) {
                return;
            }
            if (rest.isEmpty() ? locks.remove(k, l)
                    : locks.replace(k, l, new Lock(List.copyOf(rest), new CompletableFuture<>()))) {
                l.released.complete(null);
                return;
            }
        }
    }

    /**
     * The row locks of this datanode right now, for tests and diagnostics: per key (in {@link ByteKey}'s text),
     * each holder as {@code gxid:MODE}, e.g. {@code 1001:SHARE} — holds of the lock table and intents (reads each
     * transaction's intents from storage).
     */
    Map<String, List<String>> rowLocks() {
        Map<String, List<String>> out = new TreeMap<>();
        locks.forEach((k, l) -> {
            List<String> hs = new ArrayList<>();
            for (Hold h : l.holds) {
                hs.add(h.txn.gxid + ":" + h.mode);
            }
            out.put(k.toString(), hs);
        });
        for (Transaction t : txns.values()) {
            storage.intentsOf(t.gxid, TransactionTable.ALL_KEYS, (key, i) -> {
                ByteKey k = new ByteKey(key);
                Lock l = locks.get(k);
                RowLockMode held = l == null ? null : l.heldBy(t);
                if (held == null || !held.covers(modeOf(i))) {
                    out.computeIfAbsent(k.toString(), x -> new ArrayList<>()).add(t.gxid + ":" + modeOf(i));
                }
                return true;
            });
        }
        return out;
    }

    /**
     * Whether transaction {@code gxid} holds a row lock or an intent on {@code intentKey} here: the filter of a
     * {@code locked_only} scan (SELECT ... SKIP LOCKED reads only the rows its locking step locked).
     */
    boolean holdsRow(long gxid, byte[] intentKey) {
        Transaction t = txns.get(gxid);
        if (t == null) {
            return false;
        }
        if (holds(t, new ByteKey(intentKey))) {
            return true;
        }
        Intent i = storage.intent(intentKey);
        return i != null && i.gxid() == gxid;
    }

    /** The strongest mode {@code t} holds on {@code k} in the lock table (not counting its intent), or null. */
    RowLockMode heldBy(Transaction t, ByteKey k) {
        Lock l = locks.get(k);
        return l == null ? null : l.heldBy(t);
    }

    /** Start-up: gives {@code t} back its hold of {@code mode} on {@code k}, beside the holds the key has. */
    void restore(Transaction t, ByteKey k, RowLockMode mode) {
        Hold h = new Hold(t, mode, 0, false);
        locks.merge(k, new Lock(List.of(h), new CompletableFuture<>()), (a, b) -> {
            List<Hold> both = new ArrayList<>(a.holds);
            both.addAll(b.holds);
            return new Lock(List.copyOf(both), a.released);
        });
    }

    /**
     * Waits until {@code event} (the end of the holder, or a change of a lock the {@code holders} hold) happens.
     * Asks the GTM every poll interval about each holder that is prepared and applies a decision found there.
     *
     * <p>A wait of a transaction ({@code waiterGxid} != 0) is registered in {@link #waits} meanwhile: it is a
     * wait-for edge {@link #waitsFor} reports, and {@link #abortWaiter} ends it.
     *
     * @param waiter the waiting transaction (its own end stops the wait), or null for a reader
     * @param waiterGxid the waiting transaction's gxid (a reader's too, if it has one), 0 for none
     * @throws TesseraException 55P03 past the deadline, 57014 when cancelled, 25000 when the waiter itself ended,
     *     40P01 when the deadlock detector chose the waiter as a victim ({@link #abortWaiter})
     */
    void await(List<Transaction> holders, CompletableFuture<?> event, Transaction waiter, long waiterGxid,
                       long waiterStartTs, boolean hasDeadline, long deadline, CompletableFuture<?> cancel) {
        if (event.isDone()) {
            return;
        }
        Wait w = null;
        if (waiterGxid != 0) {
            w = new Wait(waiterGxid, waiterStartTs, holders, event);
            waits.add(w);
        }
        try {
            await(holders, event, waiter, w, hasDeadline, deadline, cancel);
        } finally {
            if (w != null) {
                waits.remove(w);
            }
        }
    }

    private void await(List<Transaction> holders, CompletableFuture<?> event, Transaction waiter, Wait w,
                       boolean hasDeadline, long deadline, CompletableFuture<?> cancel) {
        List<CompletableFuture<?>> ends = new ArrayList<>(List.of(event, cancel));
        if (waiter != null) {
            ends.add(waiter.done);
        }
        if (w != null) {
            ends.add(w.victim);
        }
        CompletableFuture<Object> any = CompletableFuture.anyOf(ends.toArray(new CompletableFuture<?>[0]));
        long nextPoll = System.nanoTime() + gtmPollNanos;
        while (true) {
            if (w != null && w.victim.isDone()) {
                throw new TesseraException(SqlState.DEADLOCK_DETECTED, "deadlock detected", w.victim.join(), null, 0,
                        null);
            }
            if (event.isDone()) {
                return;
            }
            if (cancel.isDone()) {
                throw cancelled();
            }
            if (waiter != null && waiter.finished()) {
                throw notActive(waiter.gxid, waiter.state());
            }
            long now = System.nanoTime();
            if (hasDeadline && now - deadline >= 0) {
                throw new TesseraException(SqlState.LOCK_NOT_AVAILABLE, "canceling statement due to lock timeout",
                        "Waiting for " + gxids(holders) + ".", null, 0, null);
            }
            if (now - nextPoll >= 0) {
                nextPoll = now + gtmPollNanos;
                for (Transaction t : holders) {
                    gtmPoll.accept(t);
                }
                continue;
            }
            long wait = nextPoll - now;
            if (hasDeadline) {
                wait = Math.min(wait, deadline - now);
            }
            try {
                any.get(Math.max(wait, 1), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // loop: re-check what happened
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw cancelled();
            }
        }
    }

    /** {@code transaction 7} or {@code transactions 7, 9}. */
    private static String gxids(List<Transaction> ts) {
        StringBuilder b = new StringBuilder(ts.size() == 1 ? "transaction " : "transactions ");
        for (int i = 0; i < ts.size(); i++) {
            b.append(i > 0 ? ", " : "").append(ts.get(i).gxid);
        }
        return b.toString();
    }

    // ---- global deadlock detection ---------------------------------------------------------------------------

    /**
     * This datanode's wait-for edges right now ({@code datanode.proto} WaitsFor): one per transaction waiting for
     * another — a writer or locker for a key's row lock (Modify's update, delete, keyed insert and locking
     * SELECT; a wait for a lock several transactions share is one edge to each of them), a reader of a
     * transaction for a prepared intent's outcome. Waits whose event has already happened are left out. A wait of the
     * non-transactional keyed Write (no gxid) is not an edge of its own: a transaction waiting for such a write
     * is reported as waiting for the transaction that write waits for, if any (the write's waits and the keys it
     * holds are all on this datanode, so the edge stays local). Cheap: a pass over the waits in progress, no
     * storage access. Not an atomic snapshot — a detector must confirm a cycle over more than one poll or accept
     * an occasional victim of a wait that had just ended, which is what PostgreSQL's detector risks too.
     */
    List<WaitEdge> waitsFor() {
        Map<List<Long>, WaitEdge> edges = new LinkedHashMap<>();
        for (Wait w : waits) {
            if (w.event.isDone() || w.victim.isDone()) {
                continue;
            }
            for (Transaction holder : w.holders) {
                Transaction h = holder;
                for (int steps = 0; h != null && h.gxid == 0 && steps < MAX_WAIT_CHAIN; steps++) {
                    h = h.waitingFor; // a non-transactional write: the transaction it waits for, if any
                }
                if (h == null || h.gxid == 0 || h.gxid == w.waiter || h.finished()) {
                    continue;
                }
                edges.putIfAbsent(List.of(w.waiter, h.gxid), WaitEdge.newBuilder().setWaiter(w.waiter)
                        .setHolder(h.gxid).setWaiterStartTs(w.waiterStartTs).build());
            }
        }
        return new ArrayList<>(edges.values());
    }

    /**
     * Ends every wait of transaction {@code gxid} in progress on this datanode with 40P01 "deadlock detected"
     * ({@code datanode.proto} AbortWaiter: the detector chose it as a victim). The statement that waited fails and
     * releases the locks it took; the transaction's earlier intents stay until the coordinator rolls it back.
     * Later waits of the transaction are not affected. Idempotent; an unknown gxid, or one not waiting, is a
     * no-op.
     *
     * @return the number of waits ended
     */
    int abortWaiter(long gxid) {
        int n = 0;
        for (Wait w : waits) {
            if (w.waiter == gxid && w.victim.complete("Transaction " + gxid + " waits for " + gxids(w.holders)
                    + " on datanode " + storage.nodeId() + " and was chosen as the victim of a deadlock.")) {
                n++;
            }
        }
        if (n > 0) {
            LOG.info("ended {} wait(s) of transaction {}: chosen as a deadlock victim", n, gxid);
        }
        return n;
    }
}
