package io.tessera.coordinator.sql;

import io.tessera.coordinator.sql.schema.TesseraTable;
import io.tessera.coordinator.stats.TableStatistics;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;

/**
 * The ANALYZE statistics a query plan was estimated with: for each distributed table the plan reads, the
 * {@link TableStatistics} it had when planning began (null: never analyzed). A plan is {@link #current()} while every
 * one of those tables still has the same statistics object; a new ANALYZE of one of them (on any coordinator: the
 * statistics store replaces the object) makes the plan stale, so cached and shared plans are planned again with the
 * new estimates, as PostgreSQL's plan cache is invalidated by the relcache invalidation an ANALYZE sends. An ANALYZE of
 * another table leaves the plan alone: a background auto-analyze of pgbench_history does not replan the point
 * selects on pgbench_accounts.
 *
 * <p>Taken from the logical plan before the cost-based search (so statistics stored while it runs make the plan stale
 * rather than being taken for the ones it used). Immutable; {@link #current()} is a few map reads, cheap enough for
 * every execution.
 */
record StatisticsStamp(List<TesseraTable> tables, List<TableStatistics> seen) {
    /** The stamp of a plan that reads no distributed table: always current. */
    static final StatisticsStamp NONE = new StatisticsStamp(List.of(), List.of());

    /** The tables {@code logical} scans (its sub-queries' included) with the statistics they have now. */
    static StatisticsStamp of(RelNode logical) {
        Map<TesseraTable, Boolean> tables = new IdentityHashMap<>();
        collect(logical, tables);
        if (tables.isEmpty()) {
            return NONE;
        }
        List<TesseraTable> read = new ArrayList<>(tables.keySet());
        List<TableStatistics> seen = new ArrayList<>(read.size());
        for (TesseraTable t : read) {
            seen.add(t.statistics()); // may be null: a list that allows it
        }
        return new StatisticsStamp(List.copyOf(read), java.util.Collections.unmodifiableList(seen));
    }

    /** Whether each table still has the statistics the plan was made with (compared by identity). */
    boolean current() {
        for (int i = 0; i < tables.size(); i++) {
            if (tables.get(i).statistics() != seen.get(i)) {
                return false;
            }
        }
        return true;
    }

    private static void collect(RelNode rel, Map<TesseraTable, Boolean> out) {
        new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                if (other instanceof TableScan scan) {
                    TesseraTable t = scan.getTable().unwrap(TesseraTable.class);
                    if (t != null) {
                        out.put(t, Boolean.TRUE);
                    }
                }
                other.accept(new RexShuttle() {
                    @Override
                    public org.apache.calcite.rex.RexNode visitSubQuery(RexSubQuery subQuery) {
                        collect(subQuery.rel, out);
                        return subQuery;
                    }
                });
                return super.visit(other);
            }
        }.visit(rel);
    }
}
