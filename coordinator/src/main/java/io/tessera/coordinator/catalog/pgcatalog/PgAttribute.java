package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pg_attribute}: the user columns of every table (attnum: the column's stable id, {@link TableDef#attnum}),
 * its dropped columns ({@code attisdropped}), and the key columns of every primary-key index. An identity column has
 * {@code attidentity} 'a' (ALWAYS) or 'd' (BY DEFAULT) and, as in PostgreSQL, no default ({@code atthasdef} false). System columns (PostgreSQL's negative attnums, Tessera's {@code xc_node_id}) are not listed.
 */
public final class PgAttribute extends CatalogTable {
    private static final List<Col> COLUMNS = cols("attrelid", OID, "attname", NAME, "atttypid", OID,
            "attstattarget", INT4, "attlen", INT2, "attnum", INT2, "attndims", INT4, "attcacheoff", INT4,
            "atttypmod", INT4, "attbyval", BOOL, "attalign", CHAR, "attstorage", CHAR, "attcompression", CHAR,
            "attnotnull", BOOL, "atthasdef", BOOL, "atthasmissing", BOOL, "attidentity", CHAR, "attgenerated", CHAR,
            "attisdropped", BOOL, "attislocal", BOOL, "attinhcount", INT4, "attcollation", OID, "attacl", TEXT_ARRAY,
            "attoptions", TEXT_ARRAY, "attfdwoptions", TEXT_ARRAY, "attmissingval", TEXT_ARRAY);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef t : ctx.tables()) {
            for (ColumnDef c : t.columns()) {
                rows.add(row(t.oid(), c, c.id(), -1, true));
            }
            for (int attnum : t.droppedAttnums()) {
                rows.add(dropped(t.oid(), attnum));
            }
        }
        for (io.tessera.coordinator.catalog.ViewDef v : ctx.views()) {
            for (ColumnDef c : CatalogContext.shape(v).columns()) {
                rows.add(row(v.oid(), c, c.id(), -1, true));
            }
        }
        for (TableDef t : ctx.tables()) {
            for (int k = 0; k < t.primaryKey().size(); k++) {
                ColumnDef c = t.columns().get(t.columnIndex(t.primaryKey().get(k)));
                rows.add(row(CatalogOids.primaryKeyIndex(t), c, k + 1, 0, false));
            }
        }
        return rows;
    }

    /**
     * A dropped column as PostgreSQL keeps it: {@code ........pg.dropped.N........}, type 0, {@code attisdropped}
     * (its type is forgotten, so length and alignment are placeholders).
     */
    private static Object[] dropped(int relid, int attnum) {
        return new Object[] {relid, "........pg.dropped." + attnum + "........", 0, 0, (short) -1, (short) attnum, 0,
            -1, -1, false, "i", "x", "", false, false, false, "", "", true, true, 0, 0, null, null, null, null};
    }

    private static Object[] row(int relid, ColumnDef c, int attnum, int statTarget, boolean ofTable) {
        PgTypeCatalog.TypeRow type = PgTypeCatalog.byOid(c.type().oid());
        boolean notNull = ofTable && c.notNull();
        if (c.enumTypeOid() != 0) { // an enum column, as PostgreSQL's pg_type row of an enum (4 bytes, by value)
            return new Object[] {relid, c.name(), c.enumTypeOid(), statTarget, (short) 4, (short) attnum, 0, -1, -1,
                true, "i", "p", "", notNull, ofTable && c.defaultExpr() != null, ofTable && c.missing() != null, "", "",
                false, true, 0, 0, null, null, null, null};
        }
        return new Object[] {relid, c.name(), c.type().oid(), statTarget, (short) type.len(), (short) attnum,
            c.type().isArray() ? 1 : 0 /* attndims: 1 whatever was declared (int[][] is 2 in PostgreSQL) */, -1,
            c.typmod(), type.byVal(), String.valueOf(type.align()), String.valueOf(type.storage()), "", notNull,
            ofTable && PgAttrdef.hasDefault(c), ofTable && c.missing() != null,
            ofTable && c.identity() != null ? c.identity() : "", "", false, true, 0,
            type.collatable() ? CatalogOids.DEFAULT_COLLATION : 0, null, null, null, null};
    }
}
