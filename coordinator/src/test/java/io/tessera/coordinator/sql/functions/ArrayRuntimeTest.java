package io.tessera.coordinator.sql.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.TesseraException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runtime of array slices, array text, multi-dimensional arrays and LIKE ANY/ALL. */
class ArrayRuntimeTest {
    private static final List<Integer> A = List.of(1, 2, 3, 4);

    @Test
    void slicesClipToTheArrayAndAreEmptyWhenNothingIsLeft() {
        assertEquals(List.of(2, 3), PgRuntime.arraySlice(A, 2, 3, true, true));
        assertEquals(List.of(1, 2), PgRuntime.arraySlice(A, 0, 2, false, true));
        assertEquals(List.of(3, 4), PgRuntime.arraySlice(A, 3, 0, true, false));
        assertEquals(A, PgRuntime.arraySlice(A, 0, 0, false, false));
        assertEquals(List.of(1, 2), PgRuntime.arraySlice(A, -5, 2, true, true));
        assertEquals(List.of(), PgRuntime.arraySlice(A, 5, 6, true, true));
        assertEquals(List.of(), PgRuntime.arraySlice(A, 3, 2, true, true));
        assertNull(PgRuntime.arraySlice(A, null, 2, true, true));
        assertNull(PgRuntime.arraySlice(null, 1, 2, true, true));
    }

    @Test
    void arrayTextQuotesAsArrayOutDoes() {
        assertEquals("{1,2}", PgRuntime.arrayText(A.subList(0, 2), "INTEGER"));
        assertEquals("{\"a b\",NULL,\"\",\"x,y\",\"null\",\"q\\\"\"}",
                PgRuntime.arrayText(Arrays.asList("a b", null, "", "x,y", "null", "q\""), "VARCHAR"));
        assertEquals("{t,f}", PgRuntime.arrayText(List.of(true, false), "BOOLEAN"));
        assertEquals("{{1,2},{3,4}}", PgRuntime.arrayText(List.of(List.of(1, 2), List.of(3, 4)), "INTEGER"));
        assertEquals("{}", PgRuntime.arrayText(List.of(), "INTEGER"));
    }

    @Test
    void arrayTextInputTakesBackslashEscapesOutsideQuotes() {
        assertEquals(List.of("a\\_c", "NULL"), io.tessera.common.types.ArrayText.parse("{a\\\\_c,\\NULL}"));
        assertEquals(Arrays.asList("a b", null, "x"), io.tessera.common.types.ArrayText.parse("{\"a b\", NULL , x}"));
    }

    @Test
    void multiDimensionalTextInputIsNestedListsOfMatchingDimensions() {
        assertEquals(List.of(List.of(1, 2), List.of(3, 4)), PgRuntime.arrayFromText(" { {1, 2} ,{3,4}} ", "INTEGER"));
        assertEquals(List.of(List.of(Arrays.asList("a b", null)), List.of(List.of("NULL", "}"))),
                PgRuntime.arrayFromText("{{{\"a b\",NULL}},{{\"NULL\",\\}}}}", "VARCHAR"));
        for (String[] bad : new String[][] {{"{{1,2},{3}}", "Multidimensional arrays must have sub-arrays with matching dimensions."},
                {"{{1,2},3}", "Unexpected array element."}, {"{1,{2}}", "Unexpected \"{\" character."},
                {"{{}}", "Unexpected \"}\" character."}, {"{1,2", "Unexpected end of input."},
                {"{1} x", "Junk after closing right brace."}, {"1,2", "Array value must start with \"{\" or dimension information."},
                {"{1,,2}", "Unexpected \",\" character."}}) {
            TesseraException e = assertThrows(TesseraException.class, () -> PgRuntime.arrayFromText(bad[0], "INTEGER"));
            assertEquals("malformed array literal: \"" + bad[0] + "\"", e.getMessage());
            assertEquals(bad[1], e.detail(), bad[0]);
        }
    }

    @Test
    void multiDimensionalArraysHaveMatchingDimensions() {
        List<List<Integer>> square = List.of(List.of(1, 2), List.of(3, 4));
        assertArrayEquals(new int[] {2, 2}, PgRuntime.arrayDimensions(square));
        assertEquals(4, PgRuntime.arrayCardinality(square));
        assertEquals(0, PgRuntime.arrayCardinality(List.of()));
        assertEquals(square, PgRuntime.arrayMatchingDims(square));
        TesseraException e = assertThrows(TesseraException.class,
                () -> PgRuntime.arrayMatchingDims(List.of(List.of(1, 2), List.of(3))));
        assertEquals("multidimensional arrays must have array expressions with matching dimensions", e.getMessage());
        assertThrows(TesseraException.class, () -> PgRuntime.arrayMatchingDims(Arrays.asList(List.of(1), null)));
        assertEquals("[1:2][1:2]", ArrayFunctions.dims(square));
        assertEquals(2, ArrayFunctions.ndims(square));
        assertNull(ArrayFunctions.ndims(List.of()));
    }

    @Test
    void quantifiedLikeHasThreeValuedLogic() {
        assertEquals(true, QuantifiedArrays.quantifiedLike("abc", List.of("x%", "a%"), false, false, false));
        assertNull(QuantifiedArrays.quantifiedLike("abc", Arrays.asList("x%", null), false, false, false));
        assertEquals(true, QuantifiedArrays.quantifiedLike("abc", Arrays.asList("a%", null), false, false, false));
        assertEquals(false, QuantifiedArrays.quantifiedLike("abc", Arrays.asList("x%", null), false, false, true));
        assertNull(QuantifiedArrays.quantifiedLike(null, List.of("a%"), false, false, false));
        assertEquals(false, QuantifiedArrays.quantifiedLike(null, List.of(), false, false, false));
        assertEquals(true, QuantifiedArrays.quantifiedLike(null, List.of(), false, false, true));
        // NOT LIKE ANY: unlike some element
        assertEquals(true, QuantifiedArrays.quantifiedLike("abc", List.of("a%", "x%"), false, true, false));
        assertEquals(true, QuantifiedArrays.quantifiedLike("ABC", List.of("a%", "%c"), true, false, true));
        assertNull(QuantifiedArrays.quantifiedLike("abc", null, false, false, false));
    }
}
