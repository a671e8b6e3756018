package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.Map;
import java.util.Set;

/**
 * CREATE TABLE's {@code WITH (name = value, ...)}: PolarDB's distribution options ({@code dist_type},
 * {@code dist_col}, read by {@link DdlExecutor}) and PostgreSQL 15's table storage parameters
 * (https://www.postgresql.org/docs/15/sql-createtable.html#SQL-CREATETABLE-STORAGE-PARAMETERS), which are checked
 * as PostgreSQL checks them and then ignored: RocksDB has no heap pages to leave free space in (fillfactor), and
 * vacuum and TOAST work differently here. Any other name is PostgreSQL's 22023 {@code unrecognized parameter}.
 */
final class StorageParameters {
    private static final Set<String> ACCEPTED = Set.of("dist_type", "dist_col", "fillfactor", "toast_tuple_target",
            "parallel_workers", "autovacuum_enabled", "vacuum_index_cleanup", "vacuum_truncate",
            "log_autovacuum_min_duration", "user_catalog_table");

    private StorageParameters() {
    }

    /**
     * @param options lower-cased names to values as written
     * @throws TesseraException 22023 for an unknown name or a fillfactor outside 10..100
     */
    static void check(Map<String, String> options) {
        for (Map.Entry<String, String> e : options.entrySet()) {
            String name = e.getKey();
            if (!ACCEPTED.contains(name) && !name.startsWith("autovacuum_") && !name.startsWith("toast.")) {
                throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "unrecognized parameter \"" + name + "\"");
            }
            if (name.equals("fillfactor")) {
                int v;
                try {
                    v = Integer.parseInt(e.getValue().trim());
                } catch (NumberFormatException nfe) {
                    throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "invalid value for integer option "
                            + "\"fillfactor\": " + e.getValue());
                }
                if (v < 10 || v > 100) {
                    throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "value " + e.getValue()
                            + " out of bounds for option \"fillfactor\"", "Valid values are between \"10\" and \"100\".",
                            null, 0, null);
                }
            }
        }
    }
}
