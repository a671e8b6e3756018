package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.ForeignKeyDef;
import io.tessera.coordinator.catalog.IndexDef;
import io.tessera.coordinator.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pg_constraint}: the primary keys ({@code contype 'p'}, named {@code <table>_pkey}, backed by the index of
 * the same name), UNIQUE constraints ({@code 'u'}, backed by their index) and foreign keys ({@code 'f'}, conindid the
 * referenced key's index; the equality-operator arrays hold zeros). NOT NULL is a column property in PostgreSQL 15 (pg_attribute.attnotnull), not a constraint row.
 */
public final class PgConstraint extends CatalogTable {
    private static final List<Col> COLUMNS = cols("oid", OID, "conname", NAME, "connamespace", OID, "contype", CHAR,
            "condeferrable", BOOL, "condeferred", BOOL, "convalidated", BOOL, "conrelid", OID, "contypid", OID,
            "conindid", OID, "conparentid", OID, "confrelid", OID, "confupdtype", CHAR, "confdeltype", CHAR,
            "confmatchtype", CHAR, "conislocal", BOOL, "coninhcount", INT4, "connoinherit", BOOL,
            "conkey", INT2_ARRAY, "confkey", INT2_ARRAY, "conpfeqop", OID_ARRAY, "conppeqop", OID_ARRAY,
            "conffeqop", OID_ARRAY, "confdelsetcols", INT2_ARRAY, "conexclop", OID_ARRAY, "conbin", TEXT);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef t : ctx.tables()) {
            if (!t.primaryKey().isEmpty()) {
                rows.add(new Object[] {CatalogOids.primaryKeyConstraint(t), CatalogOids.primaryKeyName(t),
                    ctx.schemaOid(t.schema()), "p", false, false, true, t.oid(), 0,
                    CatalogOids.primaryKeyIndex(t), 0, 0, " ", " ", " ", true, 0, true, PgIndex.keyAttnums(t), null,
                    null, null, null, null, null, null});
            }
            for (IndexDef i : t.indexes()) {
                if (i.constraint() && i.state() == IndexDef.State.PUBLIC) {
                    rows.add(new Object[] {CatalogOids.uniqueConstraint(i), i.name(), ctx.schemaOid(t.schema()),
                        "u", i.deferrable(), i.initiallyDeferred(), true, t.oid(), 0, i.oid(), 0, 0, " ", " ", " ", true,
                        0, true,
                        attnums(t, i.columnNames()), null, null, null, null, null, null, null});
                }
            }
            for (int k = 0; k < t.checks().size(); k++) {
                TableDef.CheckDef c = t.checks().get(k);
                rows.add(new Object[] {checkOid(t, k), c.name(), ctx.schemaOid(t.schema()), "c", false, false,
                    c.validated(), t.oid(), 0, 0, 0, 0, " ", " ", " ", true, 0, false,
                    DefaultDeparser.checkColumns(t, c.expr()), null, null, null, null, null, null,
                    DefaultDeparser.checkExpression(c.expr())});
            }
            for (ForeignKeyDef fk : t.foreignKeys()) {
                TableDef parent = parent(ctx, t, fk);
                if (parent == null) {
                    continue;
                }
                List<Integer> eqops = java.util.Collections.nCopies(fk.columns().size(), 0);
                rows.add(new Object[] {fk.oid(), fk.name(), ctx.schemaOid(t.schema()), "f",
                    fk.deferrable(), fk.initiallyDeferred(), fk.validated(), t.oid(), 0, referencedIndex(parent, fk), 0, parent.oid(),
                    String.valueOf(fk.onUpdate()), String.valueOf(fk.onDelete()), String.valueOf(fk.matchType()),
                    true, 0, true, attnums(t, fk.columns()), attnums(parent, fk.refColumns()), eqops, eqops, eqops,
                    null, null, null});
            }
        }
        return rows;
    }

    static TableDef parent(CatalogContext ctx, TableDef child, ForeignKeyDef fk) {
        for (TableDef t : ctx.tables()) {
            if (t.id() == fk.refTableId() && t.database().equals(child.database())) {
                return t;
            }
        }
        return null;
    }

    /** The OID of the unique index a foreign key's referenced columns match (pg_constraint.conindid). */
    static int referencedIndex(TableDef parent, ForeignKeyDef fk) {
        java.util.Set<String> cols = java.util.Set.copyOf(fk.refColumns());
        if (!parent.primaryKey().isEmpty() && java.util.Set.copyOf(parent.primaryKey()).equals(cols)) {
            return CatalogOids.primaryKeyIndex(parent);
        }
        for (IndexDef i : parent.indexes()) {
            if (i.unique() && java.util.Set.copyOf(i.columnNames()).equals(cols)) {
                return i.oid();
            }
        }
        return 0;
    }

    private static List<Short> attnums(TableDef t, List<String> columns) {
        List<Short> out = new ArrayList<>();
        for (String c : columns) {
            out.add((short) t.attnum(c));
        }
        return out;
    }

    /**
     * The OID of the table's {@code k}-th CHECK constraint: the one the catalog gave it; for a constraint stored
     * before CHECKs had OIDs, one derived from the table's (above any table OID, below the primary keys').
     */
    static int checkOid(TableDef t, int k) {
        int oid = t.checks().get(k).oid();
        return oid != 0 ? oid : t.oid() + (1 << 28) + k;
    }

    /** PostgreSQL's pg_get_constraintdef(oid): {@code PRIMARY KEY (a, b)}, {@code CHECK ((a > 0))}...; null when unknown. */
    public static String definition(CatalogContext ctx, int oid) {
        return definition(ctx, oid, false);
    }

    /**
     * PostgreSQL's pg_get_constraintdef(oid, pretty): pretty printing drops the parentheses a CHECK expression's
     * operators do not need ({@code CHECK (a > 0)}, what psql's {@code \d} shows); null when unknown.
     */
    public static String definition(CatalogContext ctx, int oid, boolean pretty) {
        for (TableDef t : ctx.tables()) {
            for (int k = 0; k < t.checks().size(); k++) {
                if (checkOid(t, k) == oid) {
                    TableDef.CheckDef c = t.checks().get(k);
                    return "CHECK (" + (pretty ? DefaultDeparser.prettyCheckExpression(c.expr())
                            : DefaultDeparser.checkExpression(c.expr())) + ")"
                            + (c.validated() ? "" : " NOT VALID");
                }
            }
        }
        for (TableDef t : ctx.tables()) {
            if (!t.primaryKey().isEmpty() && CatalogOids.primaryKeyConstraint(t) == oid) {
                return "PRIMARY KEY (" + columnList(t.primaryKey()) + ")";
            }
            for (IndexDef i : t.indexes()) {
                if (i.constraint() && CatalogOids.uniqueConstraint(i) == oid) {
                    return "UNIQUE (" + columnList(i.columnNames()) + ")" + (i.deferrable() ? " DEFERRABLE" : "")
                            + (i.initiallyDeferred() ? " INITIALLY DEFERRED" : "");
                }
            }
            for (ForeignKeyDef fk : t.foreignKeys()) {
                if (fk.oid() == oid) {
                    TableDef parent = parent(ctx, t, fk);
                    // qualified when public is not on the search path, as ruleutils.c prints a relation
                    return foreignKeyDefinition(fk, parent == null ? "?"
                            : (Relations.searchPath(ctx).contains("public") ? "" : "public.")
                                    + Relations.quote(parent.name()));
                }
            }
        }
        return null;
    }

    /**
     * PostgreSQL's pg_get_constraintdef of a foreign key: {@code FOREIGN KEY (a) REFERENCES p(id) MATCH FULL ON
     * UPDATE CASCADE ON DELETE SET NULL [DEFERRABLE] [INITIALLY DEFERRED] [NOT VALID]}, defaults (MATCH SIMPLE, NO
     * ACTION, NOT DEFERRABLE, INITIALLY IMMEDIATE) left out (ruleutils.c).
     */
    static String foreignKeyDefinition(ForeignKeyDef fk, String parent) {
        StringBuilder b = new StringBuilder("FOREIGN KEY (").append(columnList(fk.columns())).append(") REFERENCES ")
                .append(parent).append("(").append(columnList(fk.refColumns())).append(")");
        if (fk.matchType() == 'f') {
            b.append(" MATCH FULL");
        }
        if (fk.onUpdate() != 'a') {
            b.append(" ON UPDATE ").append(ForeignKeyDef.actionWords(fk.onUpdate()));
        }
        if (fk.onDelete() != 'a') {
            b.append(" ON DELETE ").append(ForeignKeyDef.actionWords(fk.onDelete()));
        }
        if (fk.deferrable()) {
            b.append(" DEFERRABLE");
        }
        if (fk.initiallyDeferred()) {
            b.append(" INITIALLY DEFERRED");
        }
        if (!fk.validated()) {
            b.append(" NOT VALID");
        }
        return b.toString();
    }

    private static String columnList(List<String> columns) {
        return String.join(", ", columns.stream().map(Relations::quote).toList());
    }
}
