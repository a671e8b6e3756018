package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.IndexDef;
import io.tessera.coordinator.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pg_depend}: what PostgreSQL records for a primary key — the index depends internally ('i') on its
 * constraint, and the constraint automatically ('a') on each key column of the table; a secondary index
 * automatically on its columns; a sequence owned by a column on that column ('a' for serial, 'i' for identity).
 * Normal ('n') dependencies order pg_dump's output: a column default calling {@code nextval('s')} depends on the
 * sequence, and a view on each relation its query reads (PostgreSQL records the latter through the view's
 * {@code _RETURN} rule in pg_rewrite, which Tessera does not list; pg_dump follows either to the same order).
 */
public final class PgDepend extends CatalogTable {
    private static final List<Col> COLUMNS = cols("classid", OID, "objid", OID, "objsubid", INT4, "refclassid", OID,
            "refobjid", OID, "refobjsubid", INT4, "deptype", CHAR);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (Relations.Relation r : Relations.all(ctx)) {
            if (r.index() == null) {
                continue;
            }
            // a secondary index depends automatically on each of its columns
            for (IndexDef.Column c : r.index().columns()) {
                rows.add(new Object[] {CatalogOids.PG_CLASS, r.oid(), 0, CatalogOids.PG_CLASS, r.table().oid(),
                    r.table().attnum(c.name()), "a"});
            }
        }
        for (TableDef t : ctx.tables()) {
            if (t.primaryKey().isEmpty()) {
                continue;
            }
            int con = CatalogOids.primaryKeyConstraint(t);
            rows.add(new Object[] {CatalogOids.PG_CLASS, CatalogOids.primaryKeyIndex(t), 0, CatalogOids.PG_CONSTRAINT,
                con, 0, "i"});
            for (short attnum : PgIndex.keyAttnums(t)) {
                rows.add(new Object[] {CatalogOids.PG_CONSTRAINT, con, 0, CatalogOids.PG_CLASS, t.oid(), (int) attnum,
                    "a"});
            }
        }
        // a sequence OWNED BY a column: automatically ('a', serial) or internally ('i', identity) on it
        for (io.tessera.coordinator.catalog.SequenceDef q : ctx.sequences()) {
            TableDef t = q.ownedByTable() == null ? null : ctx.tablesByName().get(q.ownedByTable());
            if (t == null || t.columnIndex(q.ownedByColumn()) < 0) {
                continue;
            }
            io.tessera.coordinator.catalog.ColumnDef c = t.columns().get(t.columnIndex(q.ownedByColumn()));
            rows.add(new Object[] {CatalogOids.PG_CLASS, q.oid(), 0, CatalogOids.PG_CLASS, t.oid(), c.id(),
                c.identity() != null ? "i" : "a"});
        }
        for (TableDef t : ctx.tables()) {
            for (io.tessera.coordinator.catalog.ColumnDef c : t.columns()) {
                if (!PgAttrdef.hasDefault(c)) {
                    continue;
                }
                java.util.regex.Matcher m = NEXTVAL.matcher(DefaultDeparser.deparse(c));
                while (m.find()) {
                    io.tessera.coordinator.catalog.SequenceDef q = ctx.snapshot().sequences(ctx.database())
                            .get(m.group(1));
                    if (q != null) {
                        rows.add(new Object[] {PG_ATTRDEF, PgAttrdef.oid(t, c.id()), 0, CatalogOids.PG_CLASS, q.oid(),
                            0, "n"});
                    }
                }
            }
        }
        java.util.Map<String, Integer> relationOids = new java.util.HashMap<>();
        ctx.tables().forEach(t -> relationOids.put(t.key(), t.oid())); // ViewDef#relations holds catalog keys
        ctx.views().forEach(v -> relationOids.put(v.key(), v.oid()));
        for (io.tessera.coordinator.catalog.ViewDef v : ctx.views()) {
            for (String relation : new java.util.TreeSet<>(v.relations())) {
                Integer oid = relationOids.get(relation);
                if (oid != null) {
                    rows.add(new Object[] {CatalogOids.PG_CLASS, v.oid(), 0, CatalogOids.PG_CLASS, oid, 0, "n"});
                }
            }
        }
        return rows;
    }

    /** pg_attrdef's OID, the class of a column default. */
    private static final int PG_ATTRDEF = 2604;
    private static final java.util.regex.Pattern NEXTVAL = java.util.regex.Pattern.compile(
            "nextval\\('(?:public\\.)?([^'.]+)'::regclass\\)");
}
