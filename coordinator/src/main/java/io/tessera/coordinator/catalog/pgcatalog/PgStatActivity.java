package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.DatabaseDef;
import io.tessera.coordinator.catalog.RoleDef;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pg_stat_activity}: the session running the query (Tessera does not yet share the list of a coordinator's
 * sessions with its views, so other sessions do not appear).
 */
public final class PgStatActivity extends CatalogTable {
    private static final List<Col> COLUMNS = cols("datid", OID, "datname", NAME, "pid", INT4, "leader_pid", INT4,
            "usesysid", OID, "usename", NAME, "application_name", TEXT, "client_addr", TEXT, "client_hostname", TEXT,
            "client_port", INT4, "backend_start", TIMESTAMPTZ, "xact_start", TIMESTAMPTZ, "query_start", TIMESTAMPTZ,
            "state_change", TIMESTAMPTZ, "wait_event_type", TEXT, "wait_event", TEXT, "state", TEXT,
            "backend_xid", INT4, "backend_xmin", INT4, "query_id", INT8, "query", TEXT, "backend_type", TEXT);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        SessionInfo s = ctx.session();
        if (s != null) {
            DatabaseDef db = ctx.snapshot().databases().get(s.database());
            RoleDef role = ctx.snapshot().roles().get(s.user());
            rows.add(new Object[] {db == null ? null : db.oid(), s.database(), s.backendPid(), null,
                role == null ? null : role.oid(), s.user(), s.settings().getOrDefault("application_name", ""), null,
                null, null, null, null, null, null, null, null, "active", null, null, null, null, "client backend"});
        }
        return rows;
    }
}
