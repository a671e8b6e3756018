package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.DatabaseDef;
import io.tessera.coordinator.catalog.RoleDef;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pg_stat_activity}: one row per client session of the coordinator the query runs on (Postgres-XL's view is
 * per node too), with its state ({@code active}, {@code idle}, {@code idle in transaction}, ...), its current or
 * last statement and their start times. Idle sessions wait on {@code Client}/{@code ClientRead}, as in PostgreSQL.
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
        if (s == null) {
            return rows;
        }
        for (Backend b : s.backends().list()) {
            DatabaseDef db = ctx.snapshot().databases().get(b.database());
            RoleDef role = ctx.snapshot().roles().get(b.user());
            String state = b.pid() == s.backendPid() ? "active" : b.state(); // the querying session is running this
            boolean idle = !state.equals("active");
            rows.add(new Object[] {db == null ? null : db.oid(), b.database(), b.pid(), null,
                role == null ? null : role.oid(), b.user(), b.applicationName(), null, null, null,
                engine(b.backendStart()), engine(b.xactStart()), engine(b.queryStart()), engine(b.stateChange()), idle ? "Client" : null, idle ? "ClientRead" : null,
                state, null, null, null, b.query(), "client backend"});
        }
        return rows;
    }

    /** A backend's wall-clock time in milliseconds as a timestamptz in the engine's unit (engine.microseconds). */
    private static Long engine(Long millis) {
        return millis == null ? null : io.tessera.common.types.EngineUnit.fromMillis(millis);
    }
}
