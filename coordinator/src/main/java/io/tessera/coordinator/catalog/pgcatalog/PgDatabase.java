package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.DatabaseDef;
import io.tessera.coordinator.catalog.RoleDef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code pg_database}: the cluster's databases. Encoding is UTF8 (6); collation and ctype are {@code C}, since
 * Tessera compares text by code point. There are no template databases.
 */
public final class PgDatabase extends CatalogTable {
    /**
     * The collation of every database, as {@code initdb --locale=C.UTF-8} sets it: text sorts by character code,
     * which glibc's C.UTF-8 does too (Java's string order on the coordinator and the datanodes; it differs from code
     * point order only between characters past U+FFFF and U+E000-U+FFFF).
     */
    public static final String LC_COLLATE = "C.UTF-8";
    /**
     * The character classification of every database: upper/lower/initcap map each character's simple Unicode case
     * ({@code io.tessera.executor.expr.TextCase}), as glibc's towupper/towlower under C.UTF-8.
     */
    public static final String LC_CTYPE = "C.UTF-8";

    /** PostgreSQL's encoding number for UTF8 (pg_wchar.h). */
    static final int UTF8 = 6;

    private static final List<Col> COLUMNS = cols("oid", OID, "datname", NAME, "datdba", OID, "encoding", INT4,
            "datlocprovider", CHAR, "datistemplate", BOOL, "datallowconn", BOOL, "datconnlimit", INT4,
            "datfrozenxid", INT4, "datminmxid", INT4, "dattablespace", OID, "datcollate", TEXT, "datctype", TEXT,
            "daticulocale", TEXT, "datcollversion", TEXT, "datacl", TEXT_ARRAY);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (DatabaseDef d : ctx.snapshot().databases().values().stream()
                .sorted(Comparator.comparingInt(DatabaseDef::oid)).toList()) {
            RoleDef owner = ctx.snapshot().roles().get(d.owner());
            rows.add(new Object[] {d.oid(), d.name(), owner == null ? ctx.bootstrapSuperuser() : owner.oid(), UTF8,
                "c", false, true, -1, 0, 0, CatalogOids.PG_DEFAULT_TABLESPACE, LC_COLLATE, LC_CTYPE, null, null, null});
        }
        return rows;
    }
}
