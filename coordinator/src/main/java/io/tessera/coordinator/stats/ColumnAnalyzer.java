package io.tessera.coordinator.stats;

import io.tessera.common.types.PgType;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Computes one column's {@link ColumnStatistics} from a row sample, as PostgreSQL 15's {@code compute_scalar_stats}
 * (src/backend/commands/analyze.c) does for types with an ordering, and {@code compute_trivial_stats} for
 * {@code json} (no equality): the NULL fraction and average width over the sample; the distinct count — all distinct
 * when no value repeats, exactly the values seen when every one repeats, else the Haas-Stokes "Duj1" estimator
 * {@code n*d / (n - f1 + f1*n/N)} — stored as minus its fraction of the rows when above 10% of them; and the most
 * common values: every repeated value when they are all the values there are, else those {@code analyze_mcv_list}
 * finds significantly more common than the rest. Values wider than 1,024 bytes ({@code WIDTH_THRESHOLD}) count for
 * width and NULL fraction only.
 */
public final class ColumnAnalyzer {
    /** PostgreSQL's {@code default_statistics_target}: the MCV list's length limit. */
    public static final int STATISTICS_TARGET = 100;
    /** PostgreSQL's {@code WIDTH_THRESHOLD}: wider values are not compared. */
    static final int WIDTH_THRESHOLD = 1024;

    private ColumnAnalyzer() {
    }

    /**
     * @param name the column's name
     * @param type its type
     * @param values the column's value in each sampled row (NULL as null)
     * @param totalRows the table's row count (at least the sample's size)
     * @param text a value's text output (for the most common values)
     * @return the statistics, or null when the sample has no rows (PostgreSQL then stores none)
     */
    public static ColumnStatistics analyze(String name, PgType type, List<Object> values, double totalRows,
            Function<Object, String> text) {
        int sampleRows = values.size();
        if (sampleRows == 0) {
            return null;
        }
        boolean varWidth = type.typlen() <= 0;
        int nullCount = 0;
        int tooWide = 0;
        double totalWidth = 0;
        Map<Object, int[]> counts = new HashMap<>();
        Map<Object, Object> firstValue = new HashMap<>();
        for (Object v : values) {
            if (v == null) {
                nullCount++;
                continue;
            }
            int w = width(type, v);
            totalWidth += w;
            if (varWidth && w > WIDTH_THRESHOLD) {
                tooWide++;
                continue;
            }
            Object key = key(type, v);
            counts.computeIfAbsent(key, k -> new int[1])[0]++;
            firstValue.putIfAbsent(key, v);
        }
        int nonNull = sampleRows - nullCount;
        if (nonNull == 0) { // only NULLs: assume the column is entirely NULL
            return new ColumnStatistics(name, 1.0, varWidth ? 0 : type.typlen(), 0, List.of(), List.of());
        }
        double nullFrac = (double) nullCount / sampleRows;
        int avgWidth = varWidth ? (int) (totalWidth / nonNull) : type.typlen();
        if (type == PgType.JSON) { // compute_trivial_stats: no equality operator
            return new ColumnStatistics(name, nullFrac, avgWidth, 0, List.of(), List.of());
        }
        int nDistinctSeen = counts.size();
        int nMultiple = 0;
        List<Object> repeated = new ArrayList<>();
        for (Map.Entry<Object, int[]> e : counts.entrySet()) {
            if (e.getValue()[0] > 1) {
                nMultiple++;
                repeated.add(e.getKey());
            }
        }
        double stadistinct = nDistinct(nullFrac, nDistinctSeen, nMultiple, tooWide, sampleRows, nullCount,
                totalRows);

        // the most common values: the repeated ones, most frequent first, equal counts in the type's order
        repeated.sort(Comparator.<Object>comparingInt(k -> -counts.get(k)[0]).thenComparing(ColumnAnalyzer::order));
        int numMcv = STATISTICS_TARGET;
        int trackCount = Math.min(repeated.size(), numMcv);
        if (trackCount == nDistinctSeen && tooWide == 0 && stadistinct > 0 && trackCount <= numMcv) {
            numMcv = trackCount; // every value seen, all fit
        } else {
            numMcv = Math.min(numMcv, trackCount);
            if (numMcv > 0) {
                int[] mcvCounts = new int[numMcv];
                for (int i = 0; i < numMcv; i++) {
                    mcvCounts[i] = counts.get(repeated.get(i))[0];
                }
                numMcv = keptMostCommon(mcvCounts, numMcv, stadistinct, nullFrac, sampleRows, totalRows);
            }
        }
        List<String> mcv = new ArrayList<>(numMcv);
        List<Double> freqs = new ArrayList<>(numMcv);
        for (int i = 0; i < numMcv; i++) {
            Object k = repeated.get(i);
            mcv.add(text.apply(firstValue.get(k)));
            freqs.add((double) counts.get(k)[0] / sampleRows);
        }
        return new ColumnStatistics(name, nullFrac, avgWidth, stadistinct, mcv, freqs,
                histogram(counts, firstValue, repeated.subList(0, numMcv), text));
    }

    /**
     * The equi-depth histogram of the sampled values left out of the most common ones, as
     * {@code compute_scalar_stats} builds it: sorted with their duplicates, {@code min(distinct, target + 1)} bounds
     * picked at the evenly spaced positions {@code i * (n - 1) / (bounds - 1)} (integer steps, the remainder carried),
     * so the first and last bounds are the smallest and the largest value. None when fewer than two distinct values
     * are left.
     *
     * @param counts each distinct value's key with its count in the sample
     * @param mcvKeys the keys kept as most common values
     */
    static List<String> histogram(Map<Object, int[]> counts, Map<Object, Object> firstValue, List<Object> mcvKeys,
            Function<Object, String> text) {
        java.util.Set<Object> mcv = new java.util.HashSet<>(mcvKeys);
        List<Object> keys = new ArrayList<>();
        long values = 0;
        for (Map.Entry<Object, int[]> e : counts.entrySet()) {
            if (!mcv.contains(e.getKey())) {
                keys.add(e.getKey());
                values += e.getValue()[0];
            }
        }
        int numHist = Math.min(keys.size(), STATISTICS_TARGET + 1);
        if (numHist < 2) {
            return List.of();
        }
        keys.sort(ColumnAnalyzer::order);
        long delta = (values - 1) / (numHist - 1);
        long deltaFrac = (values - 1) % (numHist - 1);
        long pos = 0;
        long posFrac = 0;
        List<String> bounds = new ArrayList<>(numHist);
        int key = 0;
        long endOfKey = counts.get(keys.get(0))[0]; // positions [endOfKey - count, endOfKey) hold keys[key]
        for (int i = 0; i < numHist; i++) {
            while (pos >= endOfKey) {
                key++;
                endOfKey += counts.get(keys.get(key))[0];
            }
            bounds.add(text.apply(firstValue.get(keys.get(key))));
            pos += delta;
            posFrac += deltaFrac;
            if (posFrac >= numHist - 1) {
                pos++;
                posFrac -= numHist - 1;
            }
        }
        return bounds;
    }

    /**
     * PostgreSQL's {@code stadistinct} from a sample (compute_scalar_stats).
     *
     * @param nullFrac the sample's NULL fraction
     * @param distinct distinct non-NULL values seen (too-wide ones left out)
     * @param multiple how many of them occur more than once
     * @param tooWide values too wide to compare
     * @param sampleRows the sample's size
     * @param nullCount NULLs in the sample
     * @param totalRows the table's rows
     */
    static double nDistinct(double nullFrac, int distinct, int multiple, int tooWide, int sampleRows, int nullCount,
            double totalRows) {
        double stadistinct;
        if (multiple == 0) {
            stadistinct = -1.0 * (1.0 - nullFrac); // no repeated value: assume unique
        } else if (tooWide == 0 && multiple == distinct) {
            stadistinct = distinct; // every value repeats: assume these are all there are
        } else {
            int f1 = distinct - multiple + tooWide;
            int d = f1 + multiple;
            double n = sampleRows - nullCount;
            double bigN = totalRows * (1.0 - nullFrac);
            double est = bigN > 0 ? (n * d) / ((n - f1) + f1 * n / bigN) : 0;
            if (est < d) {
                est = d;
            }
            if (est > bigN) {
                est = bigN;
            }
            stadistinct = Math.floor(est + 0.5);
        }
        if (stadistinct > 0.1 * totalRows) {
            stadistinct = -(stadistinct / totalRows);
        }
        return stadistinct;
    }

    /**
     * How many of the candidate most common values (counts in the sample, most common first) to keep: PostgreSQL's
     * {@code analyze_mcv_list}. A whole-table sample keeps them all; otherwise the least common are dropped while
     * their count is not above the selectivity the rest of the values would give them plus two standard deviations
     * of the hypergeometric distribution (and 0.5 for continuity).
     */
    static int keptMostCommon(int[] mcvCounts, int numMcv, double stadistinct, double nullFrac, int sampleRows,
            double totalRows) {
        if (sampleRows == totalRows || totalRows <= 1.0) {
            return numMcv;
        }
        double ndistinctTable = stadistinct < 0 ? -stadistinct * totalRows : stadistinct;
        double sumCount = 0;
        for (int i = 0; i < numMcv - 1; i++) {
            sumCount += mcvCounts[i];
        }
        while (numMcv > 0) {
            double selec = 1.0 - sumCount / sampleRows - nullFrac;
            selec = Math.max(0, Math.min(1, selec));
            double otherDistinct = ndistinctTable - (numMcv - 1);
            if (otherDistinct > 1) {
                selec /= otherDistinct;
            }
            double bigN = totalRows;
            double n = sampleRows;
            double k = bigN * mcvCounts[numMcv - 1] / n;
            double variance = n * k * (bigN - k) * (bigN - n) / (bigN * bigN * (bigN - 1));
            double stddev = Math.sqrt(variance);
            if (mcvCounts[numMcv - 1] > selec * sampleRows + 2 * stddev + 0.5) {
                break; // significantly more common than the rest: keep it and all before it
            }
            numMcv--;
            if (numMcv == 0) {
                break;
            }
            sumCount -= mcvCounts[numMcv - 1];
        }
        return numMcv;
    }

    /**
     * A value's stored width in bytes as PostgreSQL counts it for {@code avg_width}: the type's length when fixed;
     * for text-like and bytea values their bytes plus a 1-byte varlena header (4 when the whole exceeds 126 bytes);
     * for numeric its packed base-10000 digits (2 bytes each) plus the 2-byte short-numeric header and the varlena
     * header.
     */
    static int width(PgType type, Object v) {
        if (type.typlen() > 0) {
            return type.typlen();
        }
        int n;
        if (v instanceof byte[] b) {
            n = b.length;
        } else if (type == PgType.NUMERIC && v instanceof Number num) {
            BigDecimal d = num instanceof BigDecimal bd ? bd : new BigDecimal(num.toString());
            n = 2 + 2 * numericDigits(d);
        } else {
            n = v.toString().getBytes(StandardCharsets.UTF_8).length;
        }
        return n + 1 <= 127 ? n + 1 : n + 4;
    }

    /** The number of base-10000 digits PostgreSQL stores for {@code d} (leading and trailing zero digits stripped). */
    static int numericDigits(BigDecimal d) {
        if (d.signum() == 0) {
            return 0;
        }
        BigDecimal s = d.abs().stripTrailingZeros();
        int len = s.unscaledValue().toString().length();
        int first = len - 1 - s.scale();
        int last = -s.scale();
        return Math.floorDiv(first, 4) - Math.floorDiv(last, 4) + 1;
    }

    /** The equality key of a value: equal keys for values PostgreSQL's '=' finds equal. */
    static Object key(PgType type, Object v) {
        if (v instanceof BigDecimal d) {
            return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        }
        if (v instanceof byte[] b) {
            return ByteBuffer.wrap(b);
        }
        if (v instanceof Double x) {
            return x == 0.0 ? 0.0 : x;
        }
        if (v instanceof Float x) {
            return x == 0.0f ? 0.0f : x;
        }
        if (type == PgType.BPCHAR && v instanceof String s) {
            return s.stripTrailing();
        }
        return v;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int order(Object a, Object b) {
        if (a instanceof Comparable ca && b != null && a.getClass() == b.getClass()) {
            return ca.compareTo(b);
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }
}
