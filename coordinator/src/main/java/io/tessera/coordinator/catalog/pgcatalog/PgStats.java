package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.stats.ColumnStatistics;
import io.tessera.coordinator.stats.TableStatistics;
import java.util.ArrayList;
import java.util.List;

/**
 * The view {@code pg_stats}: one row per analyzed column of the connected database's tables, from their ANALYZE
 * statistics ({@link TableStatistics}), with PostgreSQL 15's columns. Filled: {@code null_frac}, {@code avg_width},
 * {@code n_distinct}, {@code most_common_vals} (the values' text output, as {@code text[]}: PostgreSQL's is
 * {@code anyarray}) and {@code most_common_freqs} (sent as {@code float8[]}, PostgreSQL's is {@code real[]}).
 * Tessera computes no histogram, correlation or element statistics: those columns are NULL.
 */
public final class PgStats extends CatalogTable {
    private static final List<Col> COLUMNS = cols("schemaname", NAME, "tablename", NAME, "attname", NAME,
            "inherited", BOOL, "null_frac", FLOAT4, "avg_width", INT4, "n_distinct", FLOAT4,
            "most_common_vals", TEXT_ARRAY, "most_common_freqs", FLOAT4_ARRAY, "histogram_bounds", TEXT_ARRAY,
            "correlation", FLOAT4, "most_common_elems", TEXT_ARRAY, "most_common_elem_freqs", FLOAT4_ARRAY,
            "elem_count_histogram", FLOAT4_ARRAY);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef t : ctx.tables()) {
            TableStatistics s = ctx.statistics().get(t.id());
            if (s == null) {
                continue;
            }
            for (var c : t.columns()) {
                ColumnStatistics cs = s.column(c.name());
                if (cs == null) {
                    continue;
                }
                List<Double> freqs = cs.mostCommonFreqs().stream().map(PgStats::real).toList();
                rows.add(new Object[] {t.schema(), t.name(), c.name(), false, (float) cs.nullFrac(), cs.avgWidth(),
                    (float) cs.nDistinct(), cs.mostCommonValues().isEmpty() ? null : cs.mostCommonValues(),
                    freqs.isEmpty() ? null : freqs, cs.histogramBounds().isEmpty() ? null : cs.histogramBounds(),
                    null, null, null, null});
            }
        }
        return rows;
    }

    /** A frequency rounded to float4 precision (PostgreSQL stores {@code real}), as the double it prints as. */
    private static Double real(Double f) {
        return Double.valueOf(Float.toString(f.floatValue()));
    }
}
