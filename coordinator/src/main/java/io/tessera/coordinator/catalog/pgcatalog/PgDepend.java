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
        return rows;
    }
}
