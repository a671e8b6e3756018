package io.tessera.coordinator.sql.constraint;

import io.tessera.common.grpc.GrpcErrors;
import io.tessera.coordinator.catalog.IndexDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.cluster.DatanodeClients;
import io.tessera.coordinator.sql.exec.StatementContext;
import io.tessera.coordinator.sql.exec.TableScans;
import io.tessera.protocol.datanode.ConstraintModes;
import io.tessera.protocol.datanode.InsertOp;
import io.tessera.protocol.datanode.ModifyRequest;
import io.tessera.protocol.datanode.TxnContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * DEFERRABLE UNIQUE constraints, the coordinator's part. The datanodes check such a constraint's keys themselves
 * (its index holds one entry per row, so duplicates may stand for a while): each Modify records the keys it writes
 * in the transaction and, at its end, checks those of the indexes that are not deferred ({@code
 * TxnContext.constraint_modes}); Prepare and one-phase commit check the rest (COMMIT). What is left here is
 * {@code SET CONSTRAINTS ... IMMEDIATE}, which must check the keys queued so far at once: an empty INSERT (a Modify
 * that writes nothing) under the new modes goes to each datanode the transaction wrote to, whose end-of-Modify
 * check then runs.
 */
final class UniqueChecks {
    private static final long TIMEOUT_SECONDS = 600;

    private UniqueChecks() {
    }

    /**
     * Checks, on every datanode the statement's transaction wrote to that holds a table with a DEFERRABLE UNIQUE
     * constraint, the queued keys of the constraints immediate under {@code modes}; those that pass are forgotten.
     *
     * @throws io.tessera.common.error.TesseraException 23505 for a key two rows have, and the errors of a lock wait
     */
    static void checkPending(StatementContext ctx, String database, ConstraintModes modes) {
        Set<String> participants = ctx.txn().participants();
        if (participants.isEmpty()) {
            return;
        }
        Map<String, TableDef> byNode = new LinkedHashMap<>();
        for (TableDef t : ctx.catalog().tables(database).values()) {
            if (t.indexes().stream().anyMatch(IndexDef::deferrable)) {
                for (String n : t.distribution().nodes()) {
                    if (participants.contains(n)) {
                        byNode.putIfAbsent(n, t);
                    }
                }
            }
        }
        if (byNode.isEmpty()) {
            return;
        }
        TxnContext txn = ctx.txnContext().toBuilder().setConstraintModes(modes).build();
        long snapshot = ctx.snapshotTs();
        for (Map.Entry<String, TableDef> e : byNode.entrySet()) {
            ModifyRequest req = ModifyRequest.newBuilder().setTable(TableScans.descriptor(e.getValue())).setTxn(txn)
                    .setSnapshotTs(snapshot).setInsert(InsertOp.getDefaultInstance()).build();
            try {
                ctx.datanodes().blocking(DatanodeClients.require(ctx.catalog().nodes(), e.getKey()))
                        .withDeadlineAfter(TIMEOUT_SECONDS, TimeUnit.SECONDS).modify(req);
            } catch (RuntimeException failure) {
                throw GrpcErrors.fromStatus(failure, e.getKey());
            }
        }
    }
}
