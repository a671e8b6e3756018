package io.tessera.coordinator.catalog.pgcatalog;

import java.util.List;
import java.util.Map;

/**
 * What the catalog functions and views need to know about the session running a statement.
 *
 * @param user the session user ({@code current_user}, {@code session_user})
 * @param database the database the session is connected to ({@code current_database()})
 * @param settings the session's run-time parameters by name, live: {@code set_config} writes into it
 * @param backendPid the number {@code pg_backend_pid()} reports (the BackendKeyData process id when known)
 * @param startMillis when the coordinator started, milliseconds since the epoch ({@code pg_postmaster_start_time()})
 * @param backends the coordinator's live sessions ({@code pg_stat_activity}, {@code pg_cancel_backend}); this
 *     session's entry among them has process id {@code backendPid}
 * @param statistics the tables' ANALYZE statistics ({@code pg_class.reltuples}, {@code pg_stats})
 */
public record SessionInfo(String user, String database, Map<String, String> settings, int backendPid,
        long startMillis, Backends backends, io.tessera.coordinator.stats.StatisticsSource statistics) {

    /** A session of a coordinator without table statistics. */
    public SessionInfo(String user, String database, Map<String, String> settings, int backendPid, long startMillis,
            Backends backends) {
        this(user, database, settings, backendPid, startMillis, backends,
                io.tessera.coordinator.stats.StatisticsSource.NONE);
    }

    /** A session outside any coordinator's session list (tests): {@code pg_stat_activity} shows no one. */
    public SessionInfo(String user, String database, Map<String, String> settings, int backendPid, long startMillis) {
        this(user, database, settings, backendPid, startMillis, new Backends());
    }

    /**
     * The schemas of {@code search_path} in order, as {@code current_schemas(false)} lists them: only schemas that
     * exist, {@code "$user"} resolved (Tessera has no per-user schemas, so it drops out).
     */
    public List<String> searchPath() {
        return io.tessera.coordinator.catalog.SearchPath.existing(
                settings.getOrDefault("search_path", io.tessera.coordinator.catalog.SearchPath.DEFAULT));
    }
}
