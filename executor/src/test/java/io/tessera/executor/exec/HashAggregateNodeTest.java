package io.tessera.executor.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Partial aggregation on "datanodes" and the merge on the "coordinator" agree with aggregating all rows at once. */
class HashAggregateNodeTest {
    private static final List<AggregateCall> CALLS = List.of(
            new AggregateCall(AggregateFunction.COUNT, -1, PgType.INT8),
            new AggregateCall(AggregateFunction.COUNT, 1, PgType.INT8),
            new AggregateCall(AggregateFunction.SUM, 1, PgType.INT8),
            new AggregateCall(AggregateFunction.MIN, 1, PgType.INT4),
            new AggregateCall(AggregateFunction.MAX, 2, PgType.TEXT));

    @Test
    void scalarAggregateOfNoRowsIsOneRowWithZeroCountAndNulls() {
        HashAggregateNode partial = new HashAggregateNode(new int[0], CALLS, HashAggregateNode.Mode.PARTIAL);
        List<Object[]> out = partial.finish();
        assertEquals(1, out.size());
        assertArrayEquals(new Object[] {0L, 0L, null, null, null}, out.get(0));
        HashAggregateNode merge = new HashAggregateNode(new int[0], CALLS, HashAggregateNode.Mode.MERGE);
        merge.add(out.get(0));
        merge.add(out.get(0));
        assertArrayEquals(new Object[] {0L, 0L, null, null, null}, merge.finish().get(0));
    }

    @Test
    void partialsMergeToTheWholeResultAndNullsAreSkipped() {
        HashAggregateNode dn1 = new HashAggregateNode(new int[] {0}, CALLS, HashAggregateNode.Mode.PARTIAL);
        HashAggregateNode dn2 = new HashAggregateNode(new int[] {0}, CALLS, HashAggregateNode.Mode.PARTIAL);
        dn1.add(new Object[] {"a", 1, "x"});
        dn1.add(new Object[] {"a", null, null});
        dn1.add(new Object[] {null, 5, "z"});
        dn2.add(new Object[] {"a", -3, "y"});
        dn2.add(new Object[] {null, null, null});
        HashAggregateNode merge = new HashAggregateNode(new int[] {0}, CALLS, HashAggregateNode.Mode.MERGE);
        dn1.finish().forEach(merge::add);
        dn2.finish().forEach(merge::add);
        List<Object[]> out = merge.finish();
        assertEquals(2, out.size());
        assertArrayEquals(new Object[] {"a", 3L, 2L, -2L, -3, "y"}, out.get(0));
        assertArrayEquals(new Object[] {null, 2L, 1L, 5L, 5, "z"}, out.get(1));
    }

    @Test
    void orderedAggregatesMergeTheDatanodesSortedRunsInKeyOrder() {
        // array_agg(x ORDER BY k DESC NULLS LAST), string_agg(s, d ORDER BY k), array_agg(DISTINCT x ORDER BY x)
        List<AggregateCall> calls = List.of(
                new AggregateCall(AggregateFunction.ARRAY_AGG, 1, PgType.INT4, -1,
                        List.of(new SortKey(2, true, false)), List.of(PgType.INT4), false),
                new AggregateCall(AggregateFunction.STRING_AGG, 3, PgType.TEXT, 4,
                        List.of(SortKey.of(2, false)), List.of(PgType.INT4), false),
                new AggregateCall(AggregateFunction.ARRAY_AGG, 1, PgType.INT4, -1,
                        List.of(SortKey.of(1, false)), List.of(PgType.INT4), true));
        HashAggregateNode dn1 = new HashAggregateNode(new int[0], calls, HashAggregateNode.Mode.PARTIAL);
        HashAggregateNode dn2 = new HashAggregateNode(new int[0], calls, HashAggregateNode.Mode.PARTIAL);
        dn1.add(new Object[] {"g", 10, 3, "c", ","});
        dn1.add(new Object[] {"g", null, 1, null, ","});
        dn1.add(new Object[] {"g", 10, null, "n", ","});
        dn2.add(new Object[] {"g", 20, 2, "b", ";"});
        dn2.add(new Object[] {"g", null, 4, "d", ","});
        dn2.add(new Object[] {"g", 5, 0, "a", "-"});
        HashAggregateNode merge = new HashAggregateNode(new int[0], calls, HashAggregateNode.Mode.MERGE);
        dn1.finish().forEach(merge::add);
        dn2.finish().forEach(merge::add);
        Object[] out = merge.finish().get(0);
        assertEquals(java.util.Arrays.asList(null, 10, 20, null, 5, 10), out[0]); // k 4, 3, 2, 1, 0, NULL
        assertEquals("a;b,c,d,n", out[1]); // NULL s skipped; the first value's delimiter dropped
        assertEquals(java.util.Arrays.asList(5, 10, 20, null), out[2]);
    }

    @Test
    void orderedAggregatesOfNoRowsAreNull() {
        List<AggregateCall> calls = List.of(new AggregateCall(AggregateFunction.STRING_AGG, 0, PgType.TEXT, 1,
                List.of(SortKey.of(2, false)), List.of(PgType.INT4), false));
        HashAggregateNode dn = new HashAggregateNode(new int[0], calls, HashAggregateNode.Mode.PARTIAL);
        dn.add(new Object[] {null, ",", 1});
        HashAggregateNode merge = new HashAggregateNode(new int[0], calls, HashAggregateNode.Mode.MERGE);
        dn.finish().forEach(merge::add);
        assertArrayEquals(new Object[] {null}, merge.finish().get(0));
    }

    @Test
    void arrayAndStringAggregatesConcatenateThePartialsKeepingNullElementsAndDroppingTheFirstDelimiter() {
        List<AggregateCall> calls = List.of(new AggregateCall(AggregateFunction.ARRAY_AGG, 1, PgType.INT4),
                new AggregateCall(AggregateFunction.STRING_AGG, 2, PgType.TEXT, 3));
        HashAggregateNode dn1 = new HashAggregateNode(new int[] {0}, calls, HashAggregateNode.Mode.PARTIAL);
        HashAggregateNode dn2 = new HashAggregateNode(new int[] {0}, calls, HashAggregateNode.Mode.PARTIAL);
        dn1.add(new Object[] {"a", 1, "x", ","});
        dn1.add(new Object[] {"a", null, null, ","});
        dn1.add(new Object[] {"b", 7, null, ","});
        dn2.add(new Object[] {"a", 3, "y", ";"});
        dn2.add(new Object[] {"a", 4, "z", null});
        HashAggregateNode merge = new HashAggregateNode(new int[] {0}, calls, HashAggregateNode.Mode.MERGE);
        dn1.finish().forEach(merge::add);
        dn2.finish().forEach(merge::add);
        List<Object[]> out = merge.finish();
        assertEquals(2, out.size());
        // PostgreSQL: a NULL element stays, a NULL value is skipped, a NULL delimiter adds nothing
        assertArrayEquals(new Object[] {"a", java.util.Arrays.asList(1, null, 3, 4), "x;yz"}, out.get(0));
        assertArrayEquals(new Object[] {"b", List.of(7), null}, out.get(1));
    }

    @Test
    void numericKeysGroupByValueNotScale() {
        HashAggregateNode n = new HashAggregateNode(new int[] {0},
                List.of(new AggregateCall(AggregateFunction.SUM, 0, PgType.NUMERIC)), HashAggregateNode.Mode.PARTIAL);
        n.add(new Object[] {new BigDecimal("1.0")});
        n.add(new Object[] {new BigDecimal("1.00")});
        n.add(new Object[] {-0.0});
        n.add(new Object[] {0.0});
        List<Object[]> out = n.finish();
        assertEquals(2, out.size());
        assertEquals(new BigDecimal("2.00"), out.get(0)[1]);
    }

    @Test
    void bigintSumOverflowIs22003() {
        HashAggregateNode n = new HashAggregateNode(new int[0],
                List.of(new AggregateCall(AggregateFunction.SUM, 0, PgType.INT8)), HashAggregateNode.Mode.PARTIAL);
        n.add(new Object[] {Long.MAX_VALUE});
        TesseraException e = assertThrows(TesseraException.class, () -> n.add(new Object[] {1L}));
        assertEquals("22003", e.sqlState().code());
    }
}
