package io.tessera.coordinator.stats;

import java.util.List;

/**
 * What ANALYZE learned about one table: its row count ({@code pg_class.reltuples}), an estimate of its size in
 * PostgreSQL's 8 kB pages ({@code relpages}), and one {@link ColumnStatistics} per analyzed column.
 *
 * @param tableId the table's id ({@code TableDef.id}): statistics of a dropped table never apply to a new one
 * @param rowCount rows counted over every datanode (one copy of a replicated table)
 * @param relPages estimated pages: the rows' average width plus PostgreSQL's per-row overhead, 8 kB pages
 * @param analyzedAtMillis when ANALYZE took its snapshot, milliseconds since the epoch
 * @param columns the columns' statistics, in the table's column order; a column without rows to learn from is left
 *     out
 */
public record TableStatistics(int tableId, double rowCount, long relPages, long analyzedAtMillis,
        List<ColumnStatistics> columns) {

    public TableStatistics {
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    /** The statistics of the column named {@code name}, or null. */
    public ColumnStatistics column(String name) {
        for (ColumnStatistics c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
