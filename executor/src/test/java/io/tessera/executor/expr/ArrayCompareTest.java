package io.tessera.executor.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Arrays in PostgreSQL's {@code array_cmp} order. */
class ArrayCompareTest {
    @Test
    void arraysCompareElementByElementNullsLastShorterPrefixFirst() {
        assertTrue(Values.compare(List.of(1, 2), List.of(2, 1)) < 0);
        assertTrue(Values.compare(List.of(1), List.of(1, 2)) < 0);
        assertTrue(Values.compare(List.of(1, 2), Arrays.asList(1, null)) < 0);
        assertEquals(0, Values.compare(Arrays.asList(1, null), Arrays.asList(1L, null)));
        assertTrue(Values.compare(Arrays.asList(null, 0), List.of(2, 1)) > 0);
        assertTrue(Values.compare(List.of("b"), List.of("ab", "c")) > 0);
    }

    @Test
    void multiDimensionalArraysCompareTheirElementsThenTheirDimensions() {
        assertTrue(Values.compare(List.of(List.of(1, 2), List.of(3, 4)), List.of(List.of(1, 2), List.of(3, 5))) < 0);
        // the same elements: fewer dimensions first, then the shorter first dimension
        assertTrue(Values.compare(List.of(1, 2, 3, 4), List.of(List.of(1, 2), List.of(3, 4))) < 0);
        assertTrue(Values.compare(List.of(List.of(1, 2), List.of(3, 4)), List.of(List.of(1), List.of(2), List.of(3),
                List.of(4))) < 0);
    }
}
