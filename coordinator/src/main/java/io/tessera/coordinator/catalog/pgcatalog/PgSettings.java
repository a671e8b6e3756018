package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code pg_settings}: the session's run-time parameters (what {@code SHOW} and {@code current_setting} read),
 * sorted by name. Only name, setting, context ({@code user}), vartype ({@code string}) and source
 * ({@code session}) are filled; descriptions and bounds are NULL.
 */
public final class PgSettings extends CatalogTable {
    private static final List<Col> COLUMNS = cols("name", TEXT, "setting", TEXT, "unit", TEXT, "category", TEXT,
            "short_desc", TEXT, "extra_desc", TEXT, "context", TEXT, "vartype", TEXT, "source", TEXT,
            "min_val", TEXT, "max_val", TEXT, "enumvals", TEXT_ARRAY, "boot_val", TEXT, "reset_val", TEXT,
            "sourcefile", TEXT, "sourceline", INT4, "pending_restart", BOOL);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        Map<String, String> settings = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (ctx.session() != null) {
            settings.putAll(ctx.session().settings());
        }
        settings.putIfAbsent("search_path", "\"$user\", public");
        settings.putIfAbsent("max_index_keys", "32"); // read-only, PostgreSQL's INDEX_MAX_KEYS (pgjdbc's getImportedKeys)
        List<Object[]> rows = new ArrayList<>();
        settings.forEach((name, value) -> rows.add(new Object[] {name, value, null, null, null, null, "user",
            "string", "session", null, null, null, null, value, null, null, false}));
        return rows;
    }
}
