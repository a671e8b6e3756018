package io.tessera.coordinator.stats;

import java.util.List;

/**
 * What ANALYZE learned about one column, in PostgreSQL's {@code pg_statistic} terms (as {@code pg_stats} shows them).
 *
 * @param name the column's name
 * @param nullFrac the fraction of rows whose value is NULL, 0..1 ({@code stanullfrac})
 * @param avgWidth the average stored width of the non-NULL values in bytes ({@code stawidth}): the type's length
 *     for fixed-width types, the varlena size (header included) otherwise
 * @param nDistinct the number of distinct non-NULL values when positive; when negative, minus that number divided
 *     by the row count (the distinct count scales with the table); 0 when unknown ({@code stadistinct})
 * @param mostCommonValues the most common non-NULL values as their text output, most common first (empty: none)
 * @param mostCommonFreqs the fraction of all rows holding each of {@code mostCommonValues}, same order
 */
public record ColumnStatistics(String name, double nullFrac, int avgWidth, double nDistinct,
        List<String> mostCommonValues, List<Double> mostCommonFreqs) {

    public ColumnStatistics {
        mostCommonValues = mostCommonValues == null ? List.of() : List.copyOf(mostCommonValues);
        mostCommonFreqs = mostCommonFreqs == null ? List.of() : List.copyOf(mostCommonFreqs);
        if (mostCommonValues.size() != mostCommonFreqs.size()) {
            throw new IllegalArgumentException("one frequency per most common value");
        }
    }

    /** The estimated number of distinct non-NULL values in a table of {@code rows} rows (at least 1). */
    public double distinctValues(double rows) {
        double d = nDistinct >= 0 ? nDistinct : -nDistinct * rows;
        return Math.max(1, d);
    }

    /**
     * The estimated fraction of rows equal to a constant that is not known at planning time (PostgreSQL's
     * {@code var_eq_non_const}): {@code (1 - nullFrac) / nDistinct}, capped by the largest MCV frequency.
     */
    public double equalitySelectivity(double rows) {
        double s = (1 - nullFrac) / distinctValues(rows);
        if (!mostCommonFreqs.isEmpty() && s > mostCommonFreqs.get(0)) {
            s = mostCommonFreqs.get(0);
        }
        return clamp(s);
    }

    /**
     * The estimated fraction of rows equal to {@code text} (a constant's text output), as PostgreSQL's
     * {@code var_eq_const}: the value's MCV frequency when it is one; otherwise the rows left outside the MCV list
     * and NULL, spread over the distinct values outside it (capped by the least common MCV's frequency).
     */
    public double equalitySelectivity(String text, double rows) {
        return equalitySelectivity(text::equals, rows);
    }

    /** As {@link #equalitySelectivity(String, double)}; {@code isValue} tells the constant's MCV text apart. */
    public double equalitySelectivity(java.util.function.Predicate<String> isValue, double rows) {
        double sumMcv = 0;
        for (int i = 0; i < mostCommonValues.size(); i++) {
            if (isValue.test(mostCommonValues.get(i))) {
                return clamp(mostCommonFreqs.get(i));
            }
            sumMcv += mostCommonFreqs.get(i);
        }
        double others = distinctValues(rows) - mostCommonValues.size();
        double s = 1 - sumMcv - nullFrac;
        if (others > 1) {
            s /= others;
        }
        if (!mostCommonFreqs.isEmpty() && s > mostCommonFreqs.get(mostCommonFreqs.size() - 1)) {
            s = mostCommonFreqs.get(mostCommonFreqs.size() - 1);
        }
        return clamp(s);
    }

    private static double clamp(double s) {
        return Math.max(0, Math.min(1, s));
    }
}
