package io.tessera.coordinator.catalog.pgcatalog;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/**
 * Run-time parameters a session may SET: PostgreSQL 15's parameters that a session can change (the user- and
 * superuser-context ones of {@code src/backend/utils/misc/guc.c}, as {@code pg_settings} lists them), plus
 * Tessera's own and any two-part custom name ({@code myapp.x}), which PostgreSQL accepts too. Anything else is
 * PostgreSQL's 42704 {@code unrecognized configuration parameter}.
 */
public final class Settings {
    private static final Set<String> KNOWN = Set.of(
            // client connection defaults
            "application_name", "client_encoding", "client_min_messages", "datestyle", "intervalstyle", "timezone",
            "extra_float_digits", "search_path", "default_tablespace", "default_table_access_method", "temp_tablespaces", "check_function_bodies",
            "default_transaction_isolation", "default_transaction_read_only", "default_transaction_deferrable",
            "transaction_isolation", "transaction_read_only", "transaction_deferrable", "session_replication_role",
            "statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout", "idle_session_timeout",
            "vacuum_freeze_table_age", "vacuum_freeze_min_age", "bytea_output", "xmlbinary", "xmloption",
            "gin_pending_list_limit", "lc_messages", "lc_monetary", "lc_numeric", "lc_time", "default_text_search_config",
            "dynamic_library_path", "local_preload_libraries", "session_preload_libraries", "row_security",
            "default_toast_compression", "createrole_self_grant", "standard_conforming_strings",
            "escape_string_warning", "backslash_quote", "array_nulls", "quote_all_identifiers",
            "transform_null_equals", "synchronize_seqscans", "lo_compat_privileges", "operator_precedence_warning",
            "exit_on_error", "restart_after_crash", "role", "session_authorization", "default_with_oids",
            // resource usage and planner
            "work_mem", "maintenance_work_mem", "temp_buffers", "logical_decoding_work_mem", "hash_mem_multiplier",
            "effective_cache_size", "effective_io_concurrency", "maintenance_io_concurrency", "random_page_cost",
            "seq_page_cost", "cpu_tuple_cost", "cpu_index_tuple_cost", "cpu_operator_cost", "parallel_setup_cost",
            "parallel_tuple_cost", "min_parallel_table_scan_size", "min_parallel_index_scan_size",
            "max_parallel_workers_per_gather", "max_parallel_maintenance_workers", "parallel_leader_participation",
            "enable_seqscan", "enable_indexscan", "enable_indexonlyscan", "enable_bitmapscan", "enable_tidscan",
            "enable_sort", "enable_incremental_sort", "enable_hashagg", "enable_material", "enable_memoize",
            "enable_nestloop", "enable_mergejoin", "enable_hashjoin", "enable_gathermerge", "enable_partitionwise_join",
            "enable_partitionwise_aggregate", "enable_parallel_append", "enable_parallel_hash",
            "enable_partition_pruning", "enable_async_append", "geqo", "geqo_threshold", "from_collapse_limit",
            "join_collapse_limit", "default_statistics_target", "constraint_exclusion", "cursor_tuple_fraction",
            "plan_cache_mode", "jit", "jit_above_cost", "force_parallel_mode", "recursive_worktable_factor",
            // reporting, logging, statistics, wal
            "log_min_messages", "log_min_error_statement", "log_min_duration_statement", "log_statement",
            "log_duration", "log_error_verbosity", "log_lock_waits", "log_temp_files", "log_parameter_max_length",
            "log_parameter_max_length_on_error", "log_statement_sample_rate", "log_transaction_sample_rate",
            "debug_print_parse", "debug_print_rewritten", "debug_print_plan", "debug_pretty_print", "trace_notify",
            "trace_sort", "track_activities", "track_counts", "track_io_timing", "track_functions",
            "compute_query_id", "stats_fetch_consistency", "synchronous_commit", "commit_delay",
            "commit_siblings", "wal_compression", "wal_skip_threshold", "vacuum_cost_delay", "vacuum_cost_limit",
            "vacuum_cost_page_hit", "vacuum_cost_page_miss", "vacuum_cost_page_dirty", "old_snapshot_threshold",
            "deadlock_timeout", "zero_damaged_pages", "ignore_checksum_failure", "tcp_keepalives_idle",
            "tcp_keepalives_interval", "tcp_keepalives_count", "tcp_user_timeout", "client_connection_check_interval",
            // Tessera / Postgres-XL
            "default_table_dist_type", "enable_fast_query_shipping", "pgxc_node_name");

    private Settings() {
    }

    /** Whether {@code SET name} is accepted: a known parameter or a custom {@code a.b} one. */
    public static boolean isKnown(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return KNOWN.contains(n) || n.indexOf('.') > 0;
    }

    /**
     * The value of {@code SET search_path TO ...} as PostgreSQL stores and shows it: the schema names joined by
     * {@code ", "}, each quoted where quote_ident would quote it ({@code "$user", public}).
     */
    public static String searchPathValue(SqlNode value) {
        List<SqlNode> items = value instanceof SqlNodeList list ? list.getList() : List.of(value);
        return items.stream().map(Settings::schemaName).collect(Collectors.joining(", "));
    }

    private static String schemaName(SqlNode n) {
        if (n instanceof SqlIdentifier id) {
            return Relations.quote(id.getSimple());
        }
        if (n instanceof SqlLiteral lit) {
            String v = String.valueOf(lit.toValue());
            return Relations.quote(v);
        }
        return n.toString();
    }
}
