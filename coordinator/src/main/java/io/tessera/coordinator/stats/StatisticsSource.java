package io.tessera.coordinator.stats;

/** Where the planner and the catalog views find a table's statistics ({@link StatisticsStore}). */
@FunctionalInterface
public interface StatisticsSource {
    /** No statistics for any table: the planner's defaults apply. */
    StatisticsSource NONE = tableId -> null;

    /** The statistics of the table with this id, or null when it was never analyzed. */
    TableStatistics get(int tableId);
}
