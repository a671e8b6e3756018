package io.tessera.coordinator.txn;

import io.tessera.protocol.datanode.Isolation;
import io.tessera.protocol.datanode.TxnContext;
import java.util.LinkedHashSet;
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
    private final String coordinator;
    private final Set<String> participants = new LinkedHashSet<>();
    private int commandId;

    public Transaction(long gxid, long startTs, Isolation isolation, String coordinator) {
        this.gxid = gxid;
        this.startTs = startTs;
        this.isolation = isolation;
        this.coordinator = coordinator;
    }

    public long gxid() {
        return gxid;
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

    /** Records that a datanode holds intents of this transaction. */
    public void addParticipant(String datanode) {
        participants.add(datanode);
    }

    /** The datanodes holding intents, in the order they were first written. */
    public Set<String> participants() {
        return participants;
    }

    /** The context datanodes need for this transaction's current statement. */
    public TxnContext context(long lockTimeoutMs) {
        return TxnContext.newBuilder().setGxid(gxid).setStartTs(startTs).setCommandId(commandId)
                .setIsolation(isolation).setLockTimeoutMs(lockTimeoutMs).setCoordinator(coordinator).build();
    }
}
