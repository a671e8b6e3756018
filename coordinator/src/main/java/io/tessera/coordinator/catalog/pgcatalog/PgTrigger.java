package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.ForeignKeyDef;
import io.tessera.coordinator.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;

/**
 * {@code pg_trigger}: the internal triggers PostgreSQL 15 creates for every foreign key (tablecmds.c,
 * createForeignKeyActionTriggers and createForeignKeyCheckTriggers), in its order and with its names, so that clients
 * reading the catalog see what they see on PostgreSQL. Tessera has no user triggers; its foreign keys are enforced by
 * the coordinator ({@code sql.constraint.ForeignKeys}), not by these rows. Per foreign key of OID {@code f}:
 * <pre>
 *   f+1  RI_ConstraintTrigger_a_&lt;f+1&gt;  on the referenced table, AFTER DELETE, RI_FKey_&lt;on delete&gt;_del
 *   f+2  RI_ConstraintTrigger_a_&lt;f+2&gt;  on the referenced table, AFTER UPDATE, RI_FKey_&lt;on update&gt;_upd
 *   f+3  RI_ConstraintTrigger_c_&lt;f+3&gt;  on the referencing table, AFTER INSERT, RI_FKey_check_ins
 *   f+4  RI_ConstraintTrigger_c_&lt;f+4&gt;  on the referencing table, AFTER UPDATE, RI_FKey_check_upd
 * </pre>
 * (ADD CONSTRAINT and CREATE TABLE reserve the four OIDs after the constraint's: {@link #OIDS_PER_FOREIGN_KEY}.)
 * All are {@code tgisinternal}, enabled ({@code tgenabled 'O'}), row-level; {@code tgfoid} is PostgreSQL's fixed
 * OID of the RI function (pg_proc.dat).
 */
public final class PgTrigger extends CatalogTable {
    /** OIDs a foreign key takes from the catalog's counter: its own and its four triggers'. */
    public static final int OIDS_PER_FOREIGN_KEY = 5;

    private static final List<Col> COLUMNS = cols("oid", OID, "tgrelid", OID, "tgparentid", OID, "tgname", NAME,
            "tgfoid", OID, "tgtype", INT2, "tgenabled", CHAR, "tgisinternal", BOOL, "tgconstrrelid", OID,
            "tgconstrindid", OID, "tgconstraint", OID, "tgdeferrable", BOOL, "tginitdeferred", BOOL, "tgnargs", INT2,
            "tgattr", INT2_ARRAY, "tgargs", TEXT, "tgqual", TEXT, "tgoldtable", NAME, "tgnewtable", NAME);

    /** TRIGGER_TYPE_ROW, _INSERT, _DELETE, _UPDATE (pg_trigger.h). */
    private static final int ROW = 1;
    private static final int INSERT = 4;
    private static final int DELETE = 8;
    private static final int UPDATE = 16;

    /** One internal trigger of a foreign key. */
    record Trigger(int oid, TableDef table, TableDef other, ForeignKeyDef fk, int indexOid, int type,
            String function, int functionOid) {
        String name() {
            return "RI_ConstraintTrigger_" + (function.startsWith("RI_FKey_check") ? "c_" : "a_") + oid;
        }
    }

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (Trigger t : triggers(ctx)) {
            rows.add(new Object[] {t.oid(), t.table().oid(), 0, t.name(), t.functionOid(), (short) t.type(), "O",
                true, t.other().oid(), t.indexOid(), t.fk().oid(), t.fk().deferrable(), t.fk().initiallyDeferred(),
                (short) 0, List.of(), "\\x", null,
                null, null});
        }
        return rows;
    }

    /** The internal triggers of the connected database's foreign keys, by OID. */
    static List<Trigger> triggers(CatalogContext ctx) {
        List<Trigger> out = new ArrayList<>();
        for (TableDef child : ctx.tables()) {
            for (ForeignKeyDef fk : child.foreignKeys()) {
                TableDef parent = PgConstraint.parent(ctx, child, fk);
                if (parent == null) {
                    continue;
                }
                int index = PgConstraint.referencedIndex(parent, fk);
                int f = fk.oid();
                out.add(new Trigger(f + 1, parent, child, fk, index, ROW | DELETE, action(fk.onDelete()) + "_del",
                        actionOid(fk.onDelete(), true)));
                out.add(new Trigger(f + 2, parent, child, fk, index, ROW | UPDATE, action(fk.onUpdate()) + "_upd",
                        actionOid(fk.onUpdate(), false)));
                out.add(new Trigger(f + 3, child, parent, fk, index, ROW | INSERT, "RI_FKey_check_ins", 1644));
                out.add(new Trigger(f + 4, child, parent, fk, index, ROW | UPDATE, "RI_FKey_check_upd", 1645));
            }
        }
        out.sort(java.util.Comparator.comparingInt(Trigger::oid));
        return out;
    }

    /** Whether a table has internal triggers: it references another table or is referenced (relhastriggers). */
    static boolean hasTriggers(CatalogContext ctx, TableDef table) {
        if (!table.foreignKeys().isEmpty()) {
            return true;
        }
        for (TableDef t : ctx.tables()) {
            for (ForeignKeyDef fk : t.foreignKeys()) {
                if (fk.refTableId() == table.id()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String action(char a) {
        return switch (a) {
            case 'r' -> "RI_FKey_restrict";
            case 'c' -> "RI_FKey_cascade";
            case 'n' -> "RI_FKey_setnull";
            case 'd' -> "RI_FKey_setdefault";
            default -> "RI_FKey_noaction";
        };
    }

    /**
     * pg_proc OIDs: RI_FKey_cascade_del 1646 (_upd 1647), restrict 1648/1649, setnull 1650/1651, setdefault
     * 1652/1653, noaction 1654/1655.
     */
    private static int actionOid(char a, boolean delete) {
        int base = switch (a) {
            case 'c' -> 1646;
            case 'r' -> 1648;
            case 'n' -> 1650;
            case 'd' -> 1652;
            default -> 1654;
        };
        return delete ? base : base + 1;
    }

    /**
     * pg_get_triggerdef(oid [, pretty]) of an internal foreign-key trigger, as ruleutils.c prints it:
     * {@code CREATE CONSTRAINT TRIGGER "RI_ConstraintTrigger_a_16397" AFTER DELETE ON public.p FROM c NOT DEFERRABLE
     * INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION "RI_FKey_cascade_del"()} (pretty: the table unqualified when
     * visible); null for another OID.
     */
    public static String triggerdef(DataContext root, Integer oid) {
        return definition(PgCatalogFunctions.context(root), oid, false);
    }

    /** pg_get_triggerdef(oid, pretty). */
    public static String triggerdefPretty(DataContext root, Integer oid, Boolean pretty) {
        return definition(PgCatalogFunctions.context(root), oid, Boolean.TRUE.equals(pretty));
    }

    private static String definition(CatalogContext ctx, int oid, boolean pretty) {
        for (Trigger t : triggers(ctx)) {
            if (t.oid() == oid) {
                String event = (t.type() & INSERT) != 0 ? "INSERT" : (t.type() & DELETE) != 0 ? "DELETE" : "UPDATE";
                String on = pretty && t.table().schema().equals("public") ? Relations.quote(t.table().name())
                        : Relations.quote(t.table().schema()) + "." + Relations.quote(t.table().name());
                String from = t.other().schema().equals("public") ? Relations.quote(t.other().name())
                        : Relations.quote(t.other().schema()) + "." + Relations.quote(t.other().name());
                return "CREATE CONSTRAINT TRIGGER \"" + t.name() + "\" AFTER " + event + " ON " + on + " FROM " + from
                        + (t.fk().deferrable() ? " DEFERRABLE" : " NOT DEFERRABLE") + " INITIALLY "
                        + (t.fk().initiallyDeferred() ? "DEFERRED" : "IMMEDIATE")
                        + " FOR EACH ROW EXECUTE FUNCTION \"" + t.function()
                        + "\"()";
            }
        }
        return null;
    }
}
