package io.tessera.coordinator.catalog.pgcatalog;

import static org.apache.calcite.sql.type.SqlTypeName.BIGINT;

import com.google.common.collect.ImmutableMultimap;
import io.tessera.coordinator.sql.exec.TesseraDataContext;
import org.apache.calcite.DataContext;
import org.apache.calcite.schema.Function;

/**
 * PostgreSQL's transaction id functions (https://www.postgresql.org/docs/15/functions-info.html, "Transaction ID and
 * Snapshot Information Functions") on Tessera's GXID, the cluster-wide transaction id the GTM hands out:
 * <ul>
 *   <li>{@code txid_current()}, {@code pg_current_xact_id()}: the current transaction's GXID, assigning one if it
 *       has none. A transaction block has its GXID from its first statement; a read outside a block runs without a
 *       transaction and gets a fresh GXID from the GTM, the same for every call in the statement. Two statements of
 *       one transaction see the same id, a later transaction a larger one (GXIDs only grow).</li>
 *   <li>{@code txid_current_if_assigned()}, {@code pg_current_xact_id_if_assigned()}: the GXID, or NULL while the
 *       transaction has none in PostgreSQL's sense: it has written nothing and no {@code txid_current()} showed
 *       its id (a read outside a block; a block that has only read).</li>
 * </ul>
 * All four return bigint: PostgreSQL's {@code pg_current_xact_id} returns {@code xid8}, which Tessera does not
 * have; its text form is the same number. {@code txid_status} and {@code pg_xact_status} are not there: a
 * transaction that wrote on one datanode commits there in one phase and leaves no decision at the GTM to look up.
 */
public final class TransactionIdFunctions {
    private TransactionIdFunctions() {
    }

    static void register(ImmutableMultimap.Builder<String, Function> b) {
        for (String name : new String[] {"txid_current", "pg_current_xact_id"}) {
            PgCatalogFunctions.fn(b, TransactionIdFunctions.class, name, "current", false, BIGINT);
        }
        for (String name : new String[] {"txid_current_if_assigned", "pg_current_xact_id_if_assigned"}) {
            PgCatalogFunctions.fn(b, TransactionIdFunctions.class, name, "currentIfAssigned", false, BIGINT);
        }
    }

    /** {@code txid_current()}: the statement's GXID, assigned now if it had none. */
    public static Long current(DataContext root) {
        return TesseraDataContext.statement(root).gxid();
    }

    /** {@code txid_current_if_assigned()}: the statement's GXID, or null while its transaction has none. */
    public static Long currentIfAssigned(DataContext root) {
        return TesseraDataContext.statement(root).gxidIfAssigned();
    }
}
