package io.tessera.coordinator.stats;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.pgwire.types.PgWireTypes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Turns the datanodes' samples of one table into its {@link TableStatistics}.
 *
 * <p>Each datanode returns its row count and a uniform sample of at most {@value #SAMPLE_ROWS} of its rows
 * ({@code Datanode.Sample}). Row counts add up. The samples are combined as PostgreSQL's
 * {@code acquire_inherited_sample_rows} combines the samples of a partitioned table's children: each node's share of
 * the combined sample is proportional to its share of the rows ({@code rint(SAMPLE_ROWS * rows_i / rows)}, taken at
 * random from its sample), so the whole is again a uniform sample of the table; when the table has no more than
 * {@value #SAMPLE_ROWS} rows every row is in it and the statistics are exact.
 */
public final class TableAnalyzer {
    /** PostgreSQL's sample size: {@code std_typanalyze}'s 300 x default_statistics_target (100). */
    public static final int SAMPLE_ROWS = 300 * ColumnAnalyzer.STATISTICS_TARGET;
    /** PostgreSQL's page: 8 kB, less its 24-byte header. */
    private static final double PAGE_BYTES = 8192 - 24;
    /** A heap tuple's header (23 bytes, aligned) plus its line pointer. */
    private static final int ROW_OVERHEAD = 24 + 4;

    private TableAnalyzer() {
    }

    /** One datanode's sample: the rows it holds, and some of them (every table column, in table order). */
    public record NodeSample(long totalRows, List<Object[]> rows) {
    }

    /**
     * The combined sample of the whole table: every row when the nodes sent their every row and together they hold
     * at most {@code targetRows}; else {@code rint(targetRows * rows_i / total)} rows of node i's sample, at random.
     */
    public static List<Object[]> merge(List<NodeSample> parts, int targetRows, SplittableRandom random) {
        long total = 0;
        boolean complete = true;
        for (NodeSample p : parts) {
            total += p.totalRows();
            complete &= p.rows().size() == p.totalRows();
        }
        List<Object[]> out = new ArrayList<>();
        if (complete && total <= targetRows) {
            for (NodeSample p : parts) {
                out.addAll(p.rows());
            }
            return out;
        }
        for (NodeSample p : parts) {
            int share = (int) Math.min(p.rows().size(), Math.rint((double) targetRows * p.totalRows() / total));
            List<Object[]> rows = new ArrayList<>(p.rows());
            for (int i = 0; i < share; i++) { // a partial Fisher-Yates shuffle: share rows at random
                Collections.swap(rows, i, i + random.nextInt(rows.size() - i));
                out.add(rows.get(i));
            }
        }
        return out;
    }

    /**
     * The table's statistics from its nodes' samples.
     *
     * @param def the table as ANALYZE planned it
     * @param parts one sample per datanode read (one copy only of a replicated table)
     * @param columns the columns to analyze (empty: all); the others keep their statistics from {@code previous}
     * @param previous the table's earlier statistics, or null
     * @param analyzedAtMillis when the snapshot was taken
     */
    public static TableStatistics analyze(TableDef def, List<NodeSample> parts, Set<String> columns,
            TableStatistics previous, long analyzedAtMillis, long seed) {
        long total = 0;
        for (NodeSample p : parts) {
            total += p.totalRows();
        }
        List<Object[]> sample = merge(parts, SAMPLE_ROWS, new SplittableRandom(seed));
        List<ColumnStatistics> stats = new ArrayList<>();
        double rowWidth = ROW_OVERHEAD;
        for (int i = 0; i < def.columns().size(); i++) {
            ColumnDef c = def.columns().get(i);
            ColumnStatistics s;
            if (columns.isEmpty() || columns.contains(c.name())) {
                List<Object> values = new ArrayList<>(sample.size());
                for (Object[] row : sample) {
                    values.add(i < row.length ? row[i] : null);
                }
                PgType type = c.type();
                s = ColumnAnalyzer.analyze(c.name(), type, values, total, v -> text(type, v));
            } else {
                s = previous == null ? null : previous.column(c.name());
            }
            if (s != null) {
                stats.add(s);
                rowWidth += s.avgWidth() * (1 - s.nullFrac());
            }
        }
        long pages = total == 0 ? 0 : (long) Math.ceil(total * rowWidth / PAGE_BYTES);
        return new TableStatistics(def.id(), total, pages, analyzedAtMillis, stats);
    }

    /** A value's PostgreSQL text output (as pg_stats shows most common values). */
    static String text(PgType type, Object v) {
        try {
            return PgWireTypes.forOid(type.oid()).encodeText(v);
        } catch (RuntimeException e) {
            return String.valueOf(v);
        }
    }
}
