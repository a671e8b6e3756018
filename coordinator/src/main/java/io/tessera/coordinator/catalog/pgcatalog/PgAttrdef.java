package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pg_attrdef}: one row per column DEFAULT of the connected database's tables (a serial column's
 * {@code nextval(...)} included; an identity column has none, as in PostgreSQL). {@code adbin} holds the
 * expression as PostgreSQL's {@code pg_get_expr(adbin, adrelid)} prints it ({@link DefaultDeparser}), so
 * pg_get_expr returns it unchanged. OIDs: 2^28 + table id × 1600 + attnum (1600 is PostgreSQL's column limit),
 * stable for the default's life.
 */
public final class PgAttrdef extends CatalogTable {
    private static final List<Col> COLUMNS = cols("oid", OID, "adrelid", OID, "adnum", INT2, "adbin", TEXT);
    private static final int OID_BASE = 1 << 28;

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    /** Whether the column has a pg_attrdef row ({@code atthasdef}): a DEFAULT that is not an identity's. */
    public static boolean hasDefault(ColumnDef c) {
        return c.defaultExpr() != null && c.identity() == null;
    }

    /** The OID of the default of column {@code attnum} of {@code t}. */
    public static int oid(TableDef t, int attnum) {
        return OID_BASE + t.id() * 1600 + attnum;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef t : ctx.tables()) {
            for (ColumnDef c : t.columns()) {
                if (hasDefault(c)) {
                    rows.add(new Object[] {oid(t, c.id()), t.oid(), (short) c.id(), DefaultDeparser.deparse(c)});
                }
            }
        }
        return rows;
    }
}
