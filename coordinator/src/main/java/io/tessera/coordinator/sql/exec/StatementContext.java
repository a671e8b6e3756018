package io.tessera.coordinator.sql.exec;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.gtm.GtmClient;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.cluster.DatanodeClients;
import io.tessera.coordinator.txn.Transaction;
import io.tessera.protocol.datanode.TxnContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one execution of one statement carries to the operators that touch datanodes: the catalog snapshot it was
 * planned against, bound parameter values, the snapshot timestamp (taken from the GTM on first use, once per
 * statement — READ COMMITTED's per-statement snapshot), and the cancel flag a CancelRequest sets.
 */
public final class StatementContext {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StatementContext.class);
    private final CatalogSnapshot catalog;
    private final DatanodeClients datanodes;
    private final GtmClient gtm;
    private final List<Object> params;
    private final Cancellation cancellation;
    private final Transaction txn;
    private final long lockTimeoutMs;
    private long snapshotTs = -1;
    /** The GXID {@link #gxid} took from the GTM for a statement without a transaction; 0 until then. */
    private long ownGxid;
    private volatile boolean lockedRowsOnly;
    private boolean datanodeSnapshot;
    private volatile boolean withoutWaits;
    private io.tessera.coordinator.catalog.pgcatalog.SessionInfo session;
    private io.tessera.coordinator.sql.functions.SequenceFunctions.Access sequences;
    private io.tessera.coordinator.txn.lock.SessionAdvisoryLocks advisoryLocks;
    private io.tessera.coordinator.session.SessionRandom random;

    /** A statement outside any transaction (an autocommit read). */
    public StatementContext(CatalogSnapshot catalog, DatanodeClients datanodes, GtmClient gtm, List<Object> params,
            Cancellation cancellation) {
        this(catalog, datanodes, gtm, params, cancellation, null, -1, 0);
    }

    /**
     * A statement of a transaction.
     *
     * @param txn the transaction, or null for an autocommit read
     * @param snapshotTs the statement's snapshot, or -1 to take one from the GTM on first use (READ COMMITTED)
     * @param lockTimeoutMs the session's lock_timeout in milliseconds (0: none)
     */
    public StatementContext(CatalogSnapshot catalog, DatanodeClients datanodes, GtmClient gtm, List<Object> params,
            Cancellation cancellation, Transaction txn, long snapshotTs, long lockTimeoutMs) {
        this.catalog = catalog;
        this.datanodes = datanodes;
        this.gtm = gtm;
        this.params = params;
        this.cancellation = cancellation;
        this.txn = txn;
        this.snapshotTs = snapshotTs;
        this.lockTimeoutMs = lockTimeoutMs;
    }

    /** The session running this statement (for catalog views and functions), or null outside a session. */
    public io.tessera.coordinator.catalog.pgcatalog.SessionInfo session() {
        return session;
    }

    /** Attaches the session running this statement; returns this. */
    public StatementContext withSession(io.tessera.coordinator.catalog.pgcatalog.SessionInfo session) {
        this.session = session;
        return this;
    }

    /** The transaction this statement runs in, or null. */
    public Transaction txn() {
        return txn;
    }

    /** The datanodes' view of the transaction's current statement, or null outside a transaction. */
    public TxnContext txnContext() {
        return txn == null ? null : txn.context(lockTimeoutMs);
    }

    public CatalogSnapshot catalog() {
        return catalog;
    }

    public DatanodeClients datanodes() {
        return datanodes;
    }

    public GtmClient gtm() {
        return gtm;
    }

    /** The bound value of parameter {@code index} (0-based), in PgType's representation. */
    public Object param(int index) {
        return index < params.size() ? params.get(index) : null;
    }

    public List<Object> params() {
        return params;
    }

    public AtomicBoolean cancelFlag() {
        return cancellation.flag();
    }

    public Cancellation cancellation() {
        return cancellation;
    }

    /**
     * The statement's snapshot timestamp; the first call asks the GTM.
     *
     * @throws WouldWait when the statement runs {@link #withoutWaits} and has none yet
     */
    public synchronized long snapshotTs() {
        if (snapshotTs < 0) {
            refuseWait();
            snapshotTs = gtm.timestamp();
        }
        return snapshotTs;
    }

    /**
     * The statement's GXID, assigning one if it has none ({@code txid_current()}): its transaction's, or — for a read
     * outside a transaction block, which runs without a transaction — one taken from the GTM at the first call and
     * kept for the rest of the statement, as PostgreSQL assigns an xid to the one-statement transaction. Such a GXID
     * marks no write: nothing is ever decided for it.
     *
     * @throws TesseraException {@link SqlState#GTM_UNAVAILABLE} when the GTM does not answer
     */
    public synchronized long gxid() {
        if (txn != null) {
            txn.showGxid();
            return txn.gxid();
        }
        if (ownGxid == 0) {
            refuseWait();
            ownGxid = gtm.gxid();
        }
        return ownGxid;
    }

    /**
     * The statement's GXID if it has one in PostgreSQL's sense ({@code txid_current_if_assigned()}): its
     * transaction's once it wrote or showed it ({@link Transaction#gxidAssigned}), or the one {@link #gxid}
     * assigned earlier in the statement; null otherwise (a transaction that has only read).
     */
    public synchronized Long gxidIfAssigned() {
        if (txn != null) {
            return txn.gxidAssigned() ? Long.valueOf(txn.gxid()) : null;
        }
        return ownGxid != 0 ? Long.valueOf(ownGxid) : null;
    }

    /**
     * Marks a statement being started on a thread that must not block (the pgwire event loop), or ({@code false})
     * no longer: while marked, where it would wait — a GTM snapshot, a stream of rows — it throws {@link WouldWait}
     * instead, before sending anything. Returns this.
     */
    public StatementContext withoutWaits(boolean on) {
        withoutWaits = on;
        return this;
    }

    /**
     * Throws {@link WouldWait} when the statement runs {@link #withoutWaits}: the caller is about to wait, and has
     * sent nothing yet.
     */
    public void refuseWait() {
        if (withoutWaits) {
            throw WouldWait.INSTANCE;
        }
    }

    /**
     * Lets the statement's one datanode access (a table scan, an UPDATE's, DELETE's or INSERT's Modify), when it
     * reaches one datanode, have that datanode choose the snapshot ({@code datanode_snapshot} in ScanRequest and
     * ModifyRequest) instead of taking one from the GTM first. Only for a statement with a snapshot of its own to
     * take (outside a transaction, or READ COMMITTED's per-statement snapshot; never REPEATABLE READ's) whose plan
     * reaches datanodes once (a second access would not share the snapshot); ignored otherwise. Returns this.
     */
    public StatementContext allowDatanodeSnapshot() {
        datanodeSnapshot = snapshotTs < 0;
        return this;
    }

    /**
     * Whether a scan reading one datanode may let it choose the snapshot ({@link #allowDatanodeSnapshot}); true at
     * most once per statement, and never once the statement has a snapshot of its own.
     */
    public synchronized boolean takeDatanodeSnapshot() {
        boolean may = datanodeSnapshot && snapshotTs < 0;
        datanodeSnapshot = false;
        return may;
    }

    /**
     * Makes this statement's table scans return only rows its transaction holds a row lock (or an intent) on: the
     * read of {@code SELECT ... SKIP LOCKED}, after its locking step left out the rows others hold.
     *
     * @throws IllegalStateException outside a transaction
     */
    public void readLockedRowsOnly() {
        if (txn == null) {
            throw new IllegalStateException("a read of locked rows needs a transaction");
        }
        lockedRowsOnly = true;
    }

    /**
     * A context for an access that follows this statement's own in the same transaction (a foreign key's check or
     * referential action): the same catalog, session, cancellation and lock_timeout, its own parameters, and a
     * snapshot of its own taken at first use, so it sees what committed while the statement waited for row locks
     * (PostgreSQL's RI checks read at a fresh snapshot too).
     */
    public StatementContext followUp(List<Object> newParams) {
        StatementContext c = new StatementContext(catalog, datanodes, gtm, newParams, cancellation, txn, -1,
                lockTimeoutMs);
        c.session = session;
        c.sequences = sequences;
        c.advisoryLocks = advisoryLocks;
        c.random = random;
        return c;
    }

    /**
     * A context for a further step of this same statement (the writes of an UPDATE whose rows a query chose): its
     * own parameters, everything else — the snapshot too, taken now if not yet — this statement's.
     */
    public StatementContext withParams(List<Object> newParams) {
        StatementContext c = new StatementContext(catalog, datanodes, gtm, newParams, cancellation, txn, snapshotTs(),
                lockTimeoutMs);
        c.session = session;
        c.sequences = sequences;
        c.advisoryLocks = advisoryLocks;
        c.random = random;
        return c;
    }

    /**
     * Counts rows this statement inserted, updated or deleted in {@code tableId} for auto-analyze; they count once
     * its transaction commits ({@code io.tessera.coordinator.stats.StatisticsService}).
     */
    public void rowsChanged(int tableId, long rows) {
        if (txn != null) {
            txn.rowsChanged(tableId, rows);
        }
    }

    /** Whether scans return only the rows the transaction holds locked ({@link #readLockedRowsOnly}). */
    public boolean lockedRowsOnly() {
        return lockedRowsOnly;
    }

    /** The session's sequence functions (nextval, currval, setval, lastval), or null where there are none. */
    public io.tessera.coordinator.sql.functions.SequenceFunctions.Access sequences() {
        return sequences;
    }

    /** Sets what {@link #sequences()} returns; the session does so before the statement runs. */
    public StatementContext withSequences(io.tessera.coordinator.sql.functions.SequenceFunctions.Access access) {
        this.sequences = access;
        return this;
    }

    /** The session's advisory locks (pg_advisory_lock and the rest), or null where there are none. */
    public io.tessera.coordinator.txn.lock.SessionAdvisoryLocks advisoryLocks() {
        return advisoryLocks;
    }

    /** The session's {@code random()} sequence ({@code setseed}); null outside a session. */
    public io.tessera.coordinator.session.SessionRandom random() {
        return random;
    }

    /** Sets what {@link #random()} returns; the session does so before the statement runs. */
    public StatementContext withRandom(io.tessera.coordinator.session.SessionRandom random) {
        this.random = random;
        return this;
    }

    /** Sets what {@link #advisoryLocks()} returns; the session does so before the statement runs. */
    public StatementContext withAdvisoryLocks(io.tessera.coordinator.txn.lock.SessionAdvisoryLocks locks) {
        this.advisoryLocks = locks;
        return this;
    }

    /** The session's lock_timeout in milliseconds (0: none), for waits the statement's functions make. */
    public long lockTimeoutMs() {
        return lockTimeoutMs;
    }

    /**
     * The session's {@code work_mem} in kB ({@link io.tessera.executor.spill.WorkMem#DEFAULT_KB} outside a session
     * or before a SET): what each sort, hash join and hash aggregate of the statement may hold in memory, on the
     * coordinator and, through {@code ScanRequest.work_mem_kb}, on the datanodes.
     */
    public int workMemKb() {
        String v = session == null ? null : session.settings().get("work_mem");
        return v == null ? io.tessera.executor.spill.WorkMem.DEFAULT_KB
                : io.tessera.executor.spill.WorkMem.parseKb("work_mem", v);
    }

    /** work_mem and the coordinator's temporary directory, for the statement's operators that run here. */
    public io.tessera.executor.spill.SpillContext spill() {
        return io.tessera.executor.spill.SpillContext.ofKb(workMemKb());
    }

    /**
     * Logs what one of the statement's coordinator operators spilled, when it wrote temporary files
     * ({@link io.tessera.executor.spill.SpillContext#summary}, as a datanode logs its requests').
     *
     * @param operator the operator's EXPLAIN name ("HashSetOp Intersect", "Limit", ...)
     */
    public static void logTempFiles(io.tessera.executor.spill.SpillContext spill, String operator) {
        if (spill != null && spill.tempFiles() > 0) {
            LOG.info("{} ({})", spill.summary(), operator);
        }
    }

    /** Throws 57014 (with the reason: user request or statement timeout) when the statement was cancelled. */
    public void checkCancelled() {
        cancellation.check();
    }
}
