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
 * @param histogramBounds the bounds of an equi-depth histogram of the non-NULL values outside the most common ones,
 *     as their text output in ascending order: each of the {@code size - 1} buckets holds about the same number of
 *     rows ({@code histogram_bounds}); empty when there are fewer than two such distinct values
 */
public record ColumnStatistics(String name, double nullFrac, int avgWidth, double nDistinct,
        List<String> mostCommonValues, List<Double> mostCommonFreqs, List<String> histogramBounds) {

    public ColumnStatistics {
        mostCommonValues = mostCommonValues == null ? List.of() : List.copyOf(mostCommonValues);
        mostCommonFreqs = mostCommonFreqs == null ? List.of() : List.copyOf(mostCommonFreqs);
        histogramBounds = histogramBounds == null ? List.of() : List.copyOf(histogramBounds);
        if (mostCommonValues.size() != mostCommonFreqs.size()) {
            throw new IllegalArgumentException("one frequency per most common value");
        }
    }

    /** Statistics without a histogram. */
    public ColumnStatistics(String name, double nullFrac, int avgWidth, double nDistinct,
            List<String> mostCommonValues, List<Double> mostCommonFreqs) {
        this(name, nullFrac, avgWidth, nDistinct, mostCommonValues, mostCommonFreqs, List.of());
    }

    /**
     * The estimated fraction of all rows whose value is below {@code value} (or at most {@code value} when
     * {@code inclusive}), as PostgreSQL's {@code scalarineqsel} estimates it: the frequencies of the most common
     * values on that side, plus the position of {@code value} in the histogram (linear interpolation inside its
     * bucket) times the rows the histogram describes. Values are compared as the numbers {@code scalar} maps their text
     * output to (numbers, days, microseconds).
     *
     * @param scalar a value's text output as a number in the column's order, or null when it has none
     * @return the fraction 0..1, or null when the histogram cannot place {@code value} (no histogram while the
     *     most common values leave rows out, or a bound without a number)
     */
    public Double belowFraction(double value, boolean inclusive, java.util.function.Function<String, Double> scalar) {
        double mcvBelow = 0;
        double sumMcv = 0;
        for (int i = 0; i < mostCommonValues.size(); i++) {
            Double v = scalar.apply(mostCommonValues.get(i));
            if (v == null) {
                return null;
            }
            sumMcv += mostCommonFreqs.get(i);
            if (v < value || inclusive && v == value) {
                mcvBelow += mostCommonFreqs.get(i);
            }
        }
        double histRows = Math.max(0, 1 - nullFrac - sumMcv);
        if (histogramBounds.size() < 2) {
            return histRows < 1e-9 ? clamp(mcvBelow) : null;
        }
        double[] bounds = new double[histogramBounds.size()];
        for (int i = 0; i < bounds.length; i++) {
            Double b = scalar.apply(histogramBounds.get(i));
            if (b == null) {
                return null;
            }
            bounds[i] = b;
        }
        return clamp(mcvBelow + histRows * histogramFraction(bounds, value));
    }

    /**
     * As {@link #belowFraction(double, boolean, java.util.function.Function)} for a text column (text, varchar,
     * char(n), name) in the "C" collation Tessera sorts text in: the MCVs below {@code value} by string comparison,
     * plus its place in the histogram, found by binary search and interpolated inside its bucket as PostgreSQL's
     * {@code convert_string_to_scalar} does — the common prefix of the value and the bucket's bounds dropped, the
     * next 12 characters read as digits of a number in the base of the character range the bounds use (widened to
     * all letters or digits when it includes some, and to printable ASCII when narrower than 10).
     *
     * @param value the constant (char(n) values and statistics without their padding when {@code bpchar})
     * @return the fraction 0..1, or null when there is no histogram while the MCVs leave rows out
     */
    public Double belowFractionText(String value, boolean inclusive, boolean bpchar) {
        double mcvBelow = 0;
        double sumMcv = 0;
        for (int i = 0; i < mostCommonValues.size(); i++) {
            int cmp = compareText(text(mostCommonValues.get(i), bpchar), value);
            sumMcv += mostCommonFreqs.get(i);
            if (cmp < 0 || inclusive && cmp == 0) {
                mcvBelow += mostCommonFreqs.get(i);
            }
        }
        double histRows = Math.max(0, 1 - nullFrac - sumMcv);
        if (histogramBounds.size() < 2) {
            return histRows < 1e-9 ? clamp(mcvBelow) : null;
        }
        int last = histogramBounds.size() - 1;
        double inHistogram;
        if (compareText(value, text(histogramBounds.get(0), bpchar)) < 0) {
            inHistogram = 0;
        } else if (compareText(value, text(histogramBounds.get(last), bpchar)) >= 0) {
            inHistogram = 1;
        } else {
            int lo = 0;
            int hi = last;
            while (hi - lo > 1) { // bounds[lo] <= value < bounds[hi]
                int mid = (lo + hi) >>> 1;
                if (compareText(text(histogramBounds.get(mid), bpchar), value) <= 0) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            inHistogram = (lo + stringPosition(value, text(histogramBounds.get(lo), bpchar),
                    text(histogramBounds.get(hi), bpchar))) / last;
        }
        return clamp(mcvBelow + histRows * inHistogram);
    }

    private static String text(String output, boolean bpchar) {
        if (!bpchar) {
            return output;
        }
        int n = output.length();
        while (n > 0 && output.charAt(n - 1) == ' ') {
            n--;
        }
        return output.substring(0, n);
    }

    /** Strings in the "C" collation: by code point. */
    private static int compareText(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * Where {@code value} lies between the bounds {@code lo <= value < hi}, 0..1: PostgreSQL's
     * {@code convert_string_to_scalar} of the three strings, then linear interpolation; 0.5 when the bounds
     * convert to the same number.
     */
    static double stringPosition(String value, String lo, String hi) {
        int rangeLo = hi.isEmpty() ? 127 : hi.codePointAt(0);
        int rangeHi = rangeLo;
        for (String s : List.of(lo, hi)) {
            for (int ch : s.codePoints().toArray()) {
                rangeLo = Math.min(rangeLo, ch);
                rangeHi = Math.max(rangeHi, ch);
            }
        }
        if (rangeLo <= 'Z' && rangeHi >= 'A') {
            rangeLo = Math.min(rangeLo, 'A');
            rangeHi = Math.max(rangeHi, 'Z');
        }
        if (rangeLo <= 'z' && rangeHi >= 'a') {
            rangeLo = Math.min(rangeLo, 'a');
            rangeHi = Math.max(rangeHi, 'z');
        }
        if (rangeLo <= '9' && rangeHi >= '0') {
            rangeLo = Math.min(rangeLo, '0');
            rangeHi = Math.max(rangeHi, '9');
        }
        if (rangeHi - rangeLo < 9) {
            rangeLo = ' ';
            rangeHi = 127;
        }
        int[] v = value.codePoints().toArray();
        int[] l = lo.codePoints().toArray();
        int[] h = hi.codePoints().toArray();
        int prefix = 0;
        while (prefix < l.length && prefix < h.length && prefix < v.length && l[prefix] == h[prefix]
                && l[prefix] == v[prefix]) {
            prefix++;
        }
        double sv = scalar(v, prefix, rangeLo, rangeHi);
        double sl = scalar(l, prefix, rangeLo, rangeHi);
        double sh = scalar(h, prefix, rangeLo, rangeHi);
        if (sh <= sl) {
            return 0.5;
        }
        return Math.max(0, Math.min(1, (sv - sl) / (sh - sl)));
    }

    /** {@code convert_one_string_to_scalar}: up to 12 characters from {@code from} as base-(range) digits. */
    private static double scalar(int[] s, int from, int rangeLo, int rangeHi) {
        double base = rangeHi - rangeLo + 1;
        double num = 0;
        double denom = base;
        for (int i = from; i < Math.min(s.length, from + 12); i++) {
            int ch = Math.max(rangeLo - 1, Math.min(rangeHi + 1, s[i]));
            num += (ch - rangeLo) / denom;
            denom *= base;
        }
        return num;
    }

    /**
     * The fraction of a histogram's rows below {@code value}: {@code (i + (value - b[i]) / (b[i+1] - b[i])) / (n - 1)}
     * for the bucket {@code [b[i], b[i+1])} holding it, 0 below the first bound, 1 above the last
     * ({@code ineq_histogram_selectivity}).
     */
    static double histogramFraction(double[] bounds, double value) {
        int last = bounds.length - 1;
        if (value < bounds[0]) {
            return 0;
        }
        if (value >= bounds[last]) {
            return 1;
        }
        int lo = 0;
        int hi = last;
        while (hi - lo > 1) { // bounds[lo] <= value < bounds[hi]
            int mid = (lo + hi) >>> 1;
            if (bounds[mid] <= value) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double width = bounds[hi] - bounds[lo];
        double inBucket = width <= 0 ? 0.5 : (value - bounds[lo]) / width;
        return (lo + inBucket) / last;
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
