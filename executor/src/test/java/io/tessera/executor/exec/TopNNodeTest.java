package io.tessera.executor.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopNNodeTest {
    private static final Object[][] NULL_ROWS = {{3, "b"}, {null, "a"}, {1, null}, {2, "c"}};

    private static List<Object[]> sorted(List<SortKey> keys, Object[]... rows) {
        List<Object[]> out = new ArrayList<>(List.of(rows));
        out.sort(new RowComparator(keys));
        return out;
    }

    @Test
    void ascendingPutsNullsLastAndDescendingFirstAsPostgresByDefault() {
        List<Object[]> asc = sorted(List.of(SortKey.of(0, false)), NULL_ROWS);
        assertEquals(List.of(1, 2, 3), asc.subList(0, 3).stream().map(r -> r[0]).toList());
        assertEquals(null, asc.get(3)[0]);
        List<Object[]> desc = sorted(List.of(SortKey.of(0, true)), NULL_ROWS);
        assertEquals(null, desc.get(0)[0]);
        assertEquals(List.of(3, 2, 1), desc.subList(1, 4).stream().map(r -> r[0]).toList());
    }

    @Test
    void explicitNullPlacementOverridesTheDirectionsDefault() {
        List<Object[]> ascNullsFirst = sorted(List.of(new SortKey(1, false, true)), NULL_ROWS);
        assertArrayEquals(new Object[] {null, "a", "b", "c"}, ascNullsFirst.stream().map(r -> r[1]).toArray());
        List<Object[]> descNullsLast = sorted(List.of(new SortKey(1, true, false)), NULL_ROWS);
        assertArrayEquals(new Object[] {"c", "b", "a", null}, descNullsLast.stream().map(r -> r[1]).toArray());
    }

    @Test
    void textComparesByCodePointAsTheCCollation() {
        // U+FF21 (fullwidth A) is one UTF-16 unit; U+1F600 is a surrogate pair, which String.compareTo puts first
        List<Object[]> rows = sorted(List.of(SortKey.of(0, false)), new Object[] {"\uD83D\uDE00"},
                new Object[] {"\uFF21"}, new Object[] {"Z"}, new Object[] {"a"});
        assertArrayEquals(new Object[] {"Z", "a", "\uFF21", "\uD83D\uDE00"}, rows.stream().map(r -> r[0]).toArray());
    }

    @Test
    void keepsTheSameRowsAsAFullSortOnLaterKeysToo() {
        Random r = new Random(7);
        List<SortKey> keys = List.of(new SortKey(0, true, false), SortKey.of(1, false));
        for (int limit : new int[] {0, 1, 5, 100, 2000}) {
            TopNNode node = new TopNNode(keys, limit);
            List<Object[]> all = new ArrayList<>();
            Object[] reused = new Object[2];
            for (int i = 0; i < 1000; i++) {
                reused[0] = r.nextInt(10) == 0 ? null : (long) r.nextInt(50);
                reused[1] = i; // unique: the order is total, so the kept rows are determined
                all.add(reused.clone());
                node.add(reused);
            }
            all.sort(new RowComparator(keys));
            List<Object[]> top = node.finish();
            assertEquals(Math.min(limit, 1000), top.size());
            for (int i = 0; i < top.size(); i++) {
                assertArrayEquals(all.get(i), top.get(i), "row " + i + " of limit " + limit);
            }
        }
    }

    @Test
    void numbersCompareAcrossTheirJavaForms() {
        List<Object[]> rows = sorted(List.of(SortKey.of(0, false)), new Object[] {new java.math.BigDecimal("2.5")},
                new Object[] {2L}, new Object[] {3}, new Object[] {Double.NaN});
        assertTrue(Double.isNaN((Double) rows.get(3)[0]), "NaN sorts above every number in float8's order");
        assertEquals(2L, rows.get(0)[0]);
    }
}
