package io.tessera.coordinator.txn;

import io.tessera.protocol.datanode.Isolation;
import io.tessera.protocol.datanode.TxnContext;
import java.util.Set;

/**
 * One global transaction as its coordinator sees it: GXID and start timestamp from the GTM, isolation level, the
 * command id of the running statement, and the datanodes that hold its intents (the 2PC participants).
 *
 * <p>Snapshots (DESIGN.md "Transactions"): REPEATABLE READ reads every statement at the start timestamp; READ
 * COMMITTED takes a fresh timestamp per statement. Command ids let a statement see the transaction's earlier
 * writes but not its own. Used by one session thread at a time.
 */
public final class Transaction {
    private final long gxid;
    private final long startTs;
    private final Isolation isolation;
    private final String owner;
    /**
     * When the transaction began on this coordinator, since the epoch in the engine's unit (milliseconds, or
     * microseconds under {@code engine.microseconds}): {@code now()}.
     */
    private final long startTime = io.tessera.common.types.EngineUnit.now();
    /** Participants, each with the command id of its first write (savepoints drop those written only later). */
    private final java.util.Map<String, Integer> participants = new java.util.LinkedHashMap<>();
    /** Savepoints, oldest first: name and the first command id after it. */
    private final java.util.List<java.util.Map.Entry<String, Integer>> savepoints = new java.util.ArrayList<>();
    private int commandId;
    /** Whether {@code txid_current()} has shown the GXID to the client ({@link #gxidAssigned}). */
    private boolean gxidShown;

    public Transaction(long gxid, long startTs, Isolation isolation, String owner) {
        this.gxid = gxid;
        this.startTs = startTs;
        this.isolation = isolation;
        this.owner = owner;
    }

    public long gxid() {
        return gxid;
    }

    /**
     * When the transaction began on this coordinator, since 1970-01-01 UTC in the engine's unit
     * ({@link io.tessera.common.types.EngineUnit#now()}: microseconds under {@code engine.microseconds}):
     * {@code now()}.
     */
    public long startTime() {
        return startTime;
    }

    public long startTs() {
        return startTs;
    }

    public Isolation isolation() {
        return isolation;
    }

    /** Starts the next statement: its command id is one higher than the previous statement's. */
    public int nextCommand() {
        return ++commandId;
    }

    public int commandId() {
        return commandId;
    }

    /** Records that {@code txid_current()} returned this transaction's GXID ({@link #gxidAssigned}). */
    public void showGxid() {
        gxidShown = true;
    }

    /**
     * Whether the transaction has an id in PostgreSQL's sense ({@code txid_current_if_assigned()} is not NULL): it
     * wrote (a datanode holds its intents) or {@code txid_current()} showed its GXID. Tessera takes the GXID from the
     * GTM when the transaction begins; PostgreSQL assigns an xid at the first write, and a transaction that only
     * read has none.
     */
    public boolean gxidAssigned() {
        return gxidShown || !participants.isEmpty();
    }

    /** Records that a datanode holds intents of this transaction. */
    public void addParticipant(String datanode) {
        participants.putIfAbsent(datanode, commandId);
    }

    /** The datanodes holding intents, in the order they were first written. */
    public Set<String> participants() {
        return participants.keySet();
    }

    /** SAVEPOINT name: marks the point after the statements so far (a later savepoint of the same name hides it). */
    public void savepoint(String name) {
        savepoints.add(java.util.Map.entry(name, commandId + 1));
    }

    /** The first command id after the newest savepoint, or 0 when there is none (the whole transaction). */
    public int innermostBoundary() {
        return savepoints.isEmpty() ? 0 : savepoints.get(savepoints.size() - 1).getValue();
    }

    /**
     * The first command id after savepoint {@code name} (the newest of that name), or -1 when there is none.
     */
    public int savepointBoundary(String name) {
        for (int i = savepoints.size() - 1; i >= 0; i--) {
            if (savepoints.get(i).getKey().equals(name)) {
                return savepoints.get(i).getValue();
            }
        }
        return -1;
    }

    /**
     * RELEASE SAVEPOINT name (keep = false) or ROLLBACK TO SAVEPOINT name (keep = true): forgets the savepoints
     * established after it — and it too unless kept.
     *
     * @return false when there is no such savepoint
     */
    public boolean popSavepoints(String name, boolean keep) {
        for (int i = savepoints.size() - 1; i >= 0; i--) {
            if (savepoints.get(i).getKey().equals(name)) {
                savepoints.subList(keep ? i + 1 : i, savepoints.size()).clear();
                return true;
            }
        }
        return false;
    }

    /** After ROLLBACK TO: datanodes first written at or after {@code boundary} hold no intents any more. */
    public void forgetParticipantsFrom(int boundary) {
        participants.values().removeIf(first -> first >= boundary);
    }

    /** Rows inserted, updated or deleted per table id, for auto-analyze once the transaction commits. */
    private final java.util.Map<Integer, Long> rowsChanged = new java.util.concurrent.ConcurrentHashMap<>();

    /** Counts {@code rows} written to table {@code tableId} by this transaction. */
    public void rowsChanged(int tableId, long rows) {
        if (rows > 0) {
            rowsChanged.merge(tableId, rows, Long::sum);
        }
    }

    /** Rows written per table id so far (a live view). */
    public java.util.Map<Integer, Long> rowsChanged() {
        return rowsChanged;
    }

    /** SET CONSTRAINTS as the datanodes' DEFERRABLE unique indexes see it; null until a statement sets one. */
    private volatile io.tessera.protocol.datanode.ConstraintModes constraintModes;

    /** Sets what {@link #context} tells the datanodes of SET CONSTRAINTS (null: nothing was set). */
    public void constraintModes(io.tessera.protocol.datanode.ConstraintModes modes) {
        this.constraintModes = modes;
    }

    /** The context datanodes need for this transaction's current statement. */
    public TxnContext context(long lockTimeoutMs) {
        TxnContext.Builder b = TxnContext.newBuilder().setGxid(gxid).setStartTs(startTs).setCommandId(commandId)
                .setIsolation(isolation).setLockTimeoutMs(lockTimeoutMs).setCoordinator(owner);
        io.tessera.protocol.datanode.ConstraintModes modes = constraintModes;
        if (modes != null) {
            b.setConstraintModes(modes);
        }
        return b.build();
    }
}
