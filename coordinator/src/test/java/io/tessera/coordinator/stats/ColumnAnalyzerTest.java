package io.tessera.coordinator.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tessera.common.types.PgType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PostgreSQL 15's compute_scalar_stats and analyze_mcv_list arithmetic (src/backend/commands/analyze.c). */
class ColumnAnalyzerTest {

    private static ColumnStatistics analyze(PgType type, List<Object> values, double totalRows) {
        return ColumnAnalyzer.analyze("c", type, values, totalRows, String::valueOf);
    }

    private static List<Object> ints(int n, java.util.function.IntFunction<Integer> f) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(f.apply(i));
        }
        return out;
    }

    @Test
    void aUniqueColumnScalesWithTheTable() {
        ColumnStatistics s = analyze(PgType.INT4, ints(1000, i -> i), 1000);
        assertEquals(0.0, s.nullFrac());
        assertEquals(4, s.avgWidth());
        assertEquals(-1.0, s.nDistinct());
        assertEquals(List.of(), s.mostCommonValues());
    }

    @Test
    void nullsAreDiscountedFromAUniqueColumn() {
        ColumnStatistics s = analyze(PgType.INT4, ints(1000, i -> i % 10 == 0 ? null : i), 1000);
        assertEquals(0.1, s.nullFrac(), 1e-12);
        assertEquals(-0.9, s.nDistinct(), 1e-12);
    }

    @Test
    void aFewRepeatedValuesAreAllTheValuesAndAllMostCommon() {
        // 0..4, counts 300, 250, 200, 150, 100
        List<Object> v = new ArrayList<>();
        int[] counts = {300, 250, 200, 150, 100};
        for (int k = 0; k < counts.length; k++) {
            for (int i = 0; i < counts[k]; i++) {
                v.add(k);
            }
        }
        ColumnStatistics s = analyze(PgType.INT4, v, 1000);
        assertEquals(5.0, s.nDistinct());
        assertEquals(List.of("0", "1", "2", "3", "4"), s.mostCommonValues());
        assertEquals(List.of(0.3, 0.25, 0.2, 0.15, 0.1), s.mostCommonFreqs());
        assertEquals(0.25, s.equalitySelectivity("1", 1000), 1e-12);
        assertEquals(0.2, s.equalitySelectivity(1000), 1e-12); // (1 - 0) / 5
    }

    @Test
    void equalCountsListInTheTypesOrder() {
        ColumnStatistics s = analyze(PgType.INT4, ints(100, i -> 4 - i % 5), 100);
        assertEquals(List.of("0", "1", "2", "3", "4"), s.mostCommonValues());
    }

    @Test
    void manyRepeatedValuesBecomeAFractionOfTheRows() {
        // 200 values, each 5 times: every value repeats (d = 200), more than 10% of 1,000 rows
        ColumnStatistics s = analyze(PgType.INT4, ints(1000, i -> i % 200), 1000);
        assertEquals(-0.2, s.nDistinct(), 1e-12);
        assertEquals(ColumnAnalyzer.STATISTICS_TARGET, s.mostCommonValues().size()); // whole table: kept
    }

    @Test
    void haasStokesEstimatesFromAPartialSample() {
        // 100 sampled rows of 10,000: 50 values seen once, 25 seen twice: n*d / (n - f1 + f1*n/N)
        List<Object> v = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            v.add(1000 + i);
        }
        for (int i = 0; i < 25; i++) {
            v.add(i);
            v.add(i);
        }
        ColumnStatistics s = analyze(PgType.INT4, v, 10_000);
        assertEquals(Math.floor(100.0 * 75 / (50 + 50 * 100.0 / 10_000) + 0.5), s.nDistinct());
        assertEquals(149.0, s.nDistinct());
        // twice in 100 rows is not significantly more than the 1/149 of the rest: no MCV survives
        assertEquals(List.of(), s.mostCommonValues());
    }

    @Test
    void onlyNullsMeansEntirelyNull() {
        List<Object> v = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            v.add(null);
        }
        ColumnStatistics text = analyze(PgType.TEXT, v, 10);
        assertEquals(1.0, text.nullFrac());
        assertEquals(0, text.avgWidth());
        assertEquals(0.0, text.nDistinct());
        assertEquals(4, analyze(PgType.INT4, v, 10).avgWidth());
        assertNull(analyze(PgType.INT4, List.of(), 0));
    }

    @Test
    void widthsCountVarlenaHeaders() {
        assertEquals(4, ColumnAnalyzer.width(PgType.TEXT, "abc"));
        assertEquals(127, ColumnAnalyzer.width(PgType.TEXT, "x".repeat(126)));
        assertEquals(131, ColumnAnalyzer.width(PgType.TEXT, "x".repeat(127)));
        assertEquals(8, ColumnAnalyzer.width(PgType.INT8, 5L));
        // numeric: varlena header + 2-byte header + 2 bytes per base-10000 digit
        assertEquals(3, ColumnAnalyzer.width(PgType.NUMERIC, BigDecimal.ZERO));
        assertEquals(7, ColumnAnalyzer.width(PgType.NUMERIC, new BigDecimal("123.45")));
        assertEquals(5, ColumnAnalyzer.width(PgType.NUMERIC, new BigDecimal("10000")));
        assertEquals(5, ColumnAnalyzer.width(PgType.NUMERIC, new BigDecimal("0.0001")));
        assertEquals(9, ColumnAnalyzer.width(PgType.NUMERIC, new BigDecimal("10000.0001")));
        assertEquals(ColumnAnalyzer.width(PgType.TEXT, "ab"), analyze(PgType.TEXT, List.of("ab", "ab"), 2)
                .avgWidth());
    }

    @Test
    void numericEqualityIgnoresScale() {
        ColumnStatistics s = analyze(PgType.NUMERIC, List.of(new BigDecimal("1.0"), new BigDecimal("1.00"),
                new BigDecimal("2")), 3);
        assertEquals(-0.6666666666666666, s.nDistinct(), 1e-12); // 2 distinct of 3 rows (> 10%)
    }

    @Test
    void aConstantOutsideTheMostCommonValuesSharesTheRest() {
        // eqsel: MCVs 0.5 and 0.2, 10% NULL, 12 distinct values: the other 10 share 1 - 0.7 - 0.1
        ColumnStatistics s = new ColumnStatistics("c", 0.1, 4, 12, List.of("1", "2"), List.of(0.5, 0.2));
        assertEquals(0.5, s.equalitySelectivity("1", 1000), 1e-12);
        assertEquals(0.02, s.equalitySelectivity("7", 1000), 1e-12);
        assertEquals(0.075, s.equalitySelectivity(1000), 1e-12); // (1 - 0.1) / 12
        // n_distinct -0.5 of 1,000 rows: 500 values, no MCVs
        assertEquals(0.002, new ColumnStatistics("c", 0, 4, -0.5, List.of(), List.of())
                .equalitySelectivity("7", 1000), 1e-12);
    }

    @Test
    void theHistogramSplitsTheOtherValuesIntoEqualDepthBuckets() {
        // 1..1000, all distinct: 101 bounds at positions i * 999 / 100 (9 steps of 9.99, the remainder carried)
        List<String> bounds = analyze(PgType.INT4, ints(1000, i -> i + 1), 1000).histogramBounds();
        assertEquals(101, bounds.size());
        assertEquals(List.of("1", "10", "20", "30"), bounds.subList(0, 4));
        assertEquals("1000", bounds.get(100));
        // every value repeated: all most common, no histogram; a most common value stays out of the histogram
        assertEquals(List.of(), analyze(PgType.INT4, ints(100, i -> i % 5), 100).histogramBounds());
        List<String> skewed = analyze(PgType.INT4, ints(20, i -> i < 10 ? 0 : i), 20).histogramBounds();
        assertEquals(List.of("10", "11", "12", "13", "14", "15", "16", "17", "18", "19"), skewed);
    }

    @Test
    void rangesAreEstimatedFromTheMostCommonValuesAndTheHistogram() {
        // 10% NULL, MCV 5 at 0.3, the other 60% spread evenly over [0, 100]
        ColumnStatistics s = new ColumnStatistics("c", 0.1, 4, 50, List.of("5"), List.of(0.3),
                List.of("0", "25", "50", "75", "100"));
        assertEquals(0.3 + 0.6 * 0.3, s.belowFraction(30, false, Double::valueOf), 1e-12);
        assertEquals(0.6 * 0.04, s.belowFraction(4, true, Double::valueOf), 1e-12);
        assertEquals(0.9, s.belowFraction(1000, false, Double::valueOf), 1e-12);
        assertEquals(0.5, ColumnStatistics.histogramFraction(new double[] {0, 10, 20}, 10), 1e-12);
        // no histogram while rows lie outside the most common values: unknown
        assertNull(new ColumnStatistics("c", 0, 4, 50, List.of("5"), List.of(0.3))
                .belowFraction(30, false, Double::valueOf));
    }

    @Test
    void textRangesComeFromTheHistogramAsConvertStringToScalar() {
        // no MCVs, no NULLs: four equal buckets between "a", "c", "e", "g", "i"
        ColumnStatistics s = new ColumnStatistics("c", 0, 4, 100, List.of(), List.of(),
                List.of("a", "c", "e", "g", "i"));
        assertEquals(0.0, s.belowFractionText("0", false, false), 1e-12);
        assertEquals(1.0, s.belowFractionText("z", false, false), 1e-12);
        assertEquals(0.5, s.belowFractionText("e", false, false), 1e-12);
        // "d" is half-way through the second bucket [c, e) in a base-26 range of letters
        assertEquals((1 + 0.5) / 4, s.belowFractionText("d", false, false), 1e-12);
        // the common prefix "ab" is dropped before the conversion: "ab5" lies 5/9 of the way from "ab0" to "ab9"
        assertEquals(5.0 / 9, ColumnStatistics.stringPosition("ab5", "ab0", "ab9"), 1e-12);
        // char(n): the padding of the bounds and of the constant is no data
        ColumnStatistics padded = new ColumnStatistics("c", 0, 4, 100, List.of("b  "), List.of(0.5),
                List.of("a  ", "c  "));
        assertEquals(0.5 + 0.5 * 0.5, padded.belowFractionText("b", true, true), 1e-12);
    }

    @Test
    void aWholeTableSampleKeepsEveryCandidate() {
        assertEquals(3, ColumnAnalyzer.keptMostCommon(new int[] {5, 3, 2}, 3, -0.5, 0, 100, 100));
    }

    @Test
    void aPartialSampleDropsCandidatesNotSignificantlyMoreCommon() {
        // 30,000 of 1,000,000 rows: 3,000 of value 1 is clearly common; 3 of value 2 is not
        assertEquals(1, ColumnAnalyzer.keptMostCommon(new int[] {3000, 3}, 2, -0.5, 0, 30_000, 1_000_000));
    }
}
