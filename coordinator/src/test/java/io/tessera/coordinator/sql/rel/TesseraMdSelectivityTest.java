package io.tessera.coordinator.sql.rel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.stats.ColumnStatistics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PostgreSQL's eqjoinsel_inner with most common values (src/backend/utils/adt/selfuncs.c). */
class TesseraMdSelectivityTest {
    private static TesseraMdSelectivity.Side side(double nullFrac, double distinct, List<String> mcv,
            List<Double> freqs) {
        return new TesseraMdSelectivity.Side(new ColumnStatistics("c", nullFrac, 4, distinct, mcv, freqs),
                PgType.INT4, nullFrac, distinct);
    }

    @Test
    void matchingMostCommonValuesCountExactly() {
        // both columns hold only the values 1 and 2, skewed the same way: 0.9 * 0.9 + 0.1 * 0.1 (the plain
        // estimate, 1 / nd, would say 0.5)
        TesseraMdSelectivity.Side a = side(0, 2, List.of("1", "2"), List.of(0.9, 0.1));
        TesseraMdSelectivity.Side b = side(0, 2, List.of("1", "2"), List.of(0.9, 0.1));
        assertEquals(0.82, TesseraMdSelectivity.mcvSelectivity(a, b), 1e-12);
    }

    @Test
    void unmatchedValuesAndTheRestAreSpreadOverTheOtherDistinctValues() {
        // a: 1 at 0.5, the other 0.5 over 9 values; b: 2 at 0.2 (no match), the other 0.8 over 99 values
        TesseraMdSelectivity.Side a = side(0, 10, List.of("1"), List.of(0.5));
        TesseraMdSelectivity.Side b = side(0, 100, List.of("2.00"), List.of(0.2));
        // selfuncs.c: totalsel1 = unmatch1 * other2 / (nd2 - mcvs2) + other1 * (other2 + unmatch2) / (nd2 - 0),
        // totalsel2 alike with the sides swapped; the smaller one
        double total1 = 0.5 * 0.8 / 99 + 0.5 * (0.8 + 0.2) / 100;
        double total2 = 0.2 * 0.5 / 9 + 0.8 * (0.5 + 0.5) / 10;
        assertEquals(Math.min(total1, total2), TesseraMdSelectivity.mcvSelectivity(a, b), 1e-12);
    }

    @Test
    void numbersMatchByValueAndNullsNever() {
        TesseraMdSelectivity.Side a = side(0.5, 1, List.of("1.50"), List.of(0.5));
        TesseraMdSelectivity.Side b = side(0, 1, List.of("1.5"), List.of(1.0));
        assertEquals(0.5, TesseraMdSelectivity.mcvSelectivity(a, b), 1e-12);
    }

    @Test
    void withoutMostCommonValuesOnOneSideThePlainEstimateApplies() {
        TesseraMdSelectivity.Side a = side(0, 10, List.of(), List.of());
        TesseraMdSelectivity.Side b = side(0, 2, List.of("1", "2"), List.of(0.9, 0.1));
        assertNull(TesseraMdSelectivity.mcvSelectivity(a, b));
    }
}
