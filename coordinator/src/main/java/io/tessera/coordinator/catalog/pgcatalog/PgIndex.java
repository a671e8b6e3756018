package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.IndexDef;
import io.tessera.coordinator.catalog.TableDef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** {@code pg_index}: one unique, valid btree index per primary key ({@code <table>_pkey}), then the secondary indexes. */
public final class PgIndex extends CatalogTable {
    private static final List<Col> COLUMNS = cols("indexrelid", OID, "indrelid", OID, "indnatts", INT2,
            "indnkeyatts", INT2, "indisunique", BOOL, "indnullsnotdistinct", BOOL, "indisprimary", BOOL,
            "indisexclusion", BOOL, "indimmediate", BOOL, "indisclustered", BOOL, "indisvalid", BOOL,
            "indcheckxmin", BOOL, "indisready", BOOL, "indislive", BOOL, "indisreplident", BOOL,
            "indkey", INT2_ARRAY, "indcollation", OID_ARRAY, "indclass", OID_ARRAY, "indoption", INT2_ARRAY,
            "indexprs", TEXT, "indpred", TEXT);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef t : ctx.tables()) {
            if (t.primaryKey().isEmpty()) {
                continue;
            }
            short n = (short) t.primaryKey().size();
            rows.add(new Object[] {CatalogOids.primaryKeyIndex(t), t.oid(), n, n, true, false, true, false, true,
                false, true, false, true, true, false, keyAttnums(t), collations(t),
                Collections.nCopies(n, 0), Collections.nCopies(n, (short) 0), null, null});
        }
        for (Relations.Relation r : Relations.all(ctx)) {
            IndexDef i = r.index();
            if (i == null) {
                continue;
            }
            TableDef t = r.table();
            short keys = (short) i.columns().size();
            short all = (short) (keys + i.include().size());
            List<Short> attnums = new ArrayList<>();
            List<Integer> collations = new ArrayList<>();
            List<Integer> classes = new ArrayList<>();
            List<Short> options = new ArrayList<>();
            for (IndexDef.Column c : i.columns()) {
                attnums.add((short) t.attnum(c.name()));
                PgTypeCatalog.TypeRow type = PgTypeCatalog.byOid(t.columns().get(t.columnIndex(c.name())).type().oid());
                collations.add(type.collatable() ? CatalogOids.DEFAULT_COLLATION : 0);
                classes.add(0);
                options.add((short) ((c.descending() ? 1 : 0) | (c.nullsFirst() ? 2 : 0)));
            }
            for (String c : i.include()) {
                attnums.add((short) t.attnum(c));
            }
            rows.add(new Object[] {i.oid(), t.oid(), all, keys, i.unique(), false, false, false, !i.deferrable(),
                false, true, false, true, true, false, attnums, collations, classes, options, null, null});
        }
        return rows;
    }

    /** The key columns' attnums (PostgreSQL's indkey / conkey). */
    static List<Short> keyAttnums(TableDef t) {
        List<Short> out = new ArrayList<>();
        for (String c : t.primaryKey()) {
            out.add((short) t.attnum(c));
        }
        return out;
    }

    private static List<Integer> collations(TableDef t) {
        List<Integer> out = new ArrayList<>();
        for (String c : t.primaryKey()) {
            PgTypeCatalog.TypeRow type = PgTypeCatalog.byOid(t.columns().get(t.columnIndex(c)).type().oid());
            out.add(type.collatable() ? CatalogOids.DEFAULT_COLLATION : 0);
        }
        return out;
    }
}
