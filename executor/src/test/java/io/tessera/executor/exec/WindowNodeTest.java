package io.tessera.executor.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The window operator's results for PostgreSQL 15's definitions (each expected list is what PostgreSQL returns for
 * the same rows; the query is in each test's comment).
 */
class WindowNodeTest {
    private static final List<PgType> TYPES = List.of(PgType.INT4, PgType.INT4, PgType.NUMERIC);

    /** A source over rows, reusing its output array as scans do; sorted as a SortNode would leave them. */
    private static RowSource sorted(List<SortKey> keys, Object[]... rows) {
        List<Object[]> list = new ArrayList<>(Arrays.asList(rows));
        list.sort(new RowComparator(keys));
        return new RowSource() {
            private final Object[] out = new Object[TYPES.size()];
            private int pos;

            @Override
            public Object[] next() {
                if (pos >= list.size()) {
                    return null;
                }
                System.arraycopy(list.get(pos++), 0, out, 0, out.length);
                return out;
            }

            @Override
            public List<PgType> types() {
                return TYPES;
            }

            @Override
            public void close() {
            }
        };
    }

    private static final Object[][] ROWS = {
        {1, 10, new BigDecimal("1.5")}, {1, 20, null}, {1, 20, new BigDecimal("2")}, {1, 30, new BigDecimal("1")},
        {2, null, new BigDecimal("4")}, {2, 5, new BigDecimal("3")}, {null, 7, null}, {null, 8, new BigDecimal("1")},
    };

    /** Column {@code col} of the output rows, partition by partition in sorted order. */
    private static List<Object> run(WindowFrame frame, List<WindowCall> calls, int col) {
        List<SortKey> order = List.of(new SortKey(1, false, false));
        List<SortKey> sortKeys = new ArrayList<>(List.of(SortKey.of(0, false)));
        sortKeys.addAll(order);
        List<PgType> types = calls.stream().map(WindowCall::resultType).toList();
        WindowNode w = new WindowNode(sorted(sortKeys, ROWS), new int[] {0}, order, frame, calls, types);
        List<Object> out = new ArrayList<>();
        for (Object[] r = w.next(); r != null; r = w.next()) {
            out.add(r[col]);
        }
        w.close();
        return out;
    }

    @Test
    void rankingFunctionsCountPeers() {
        // row_number() / rank() / dense_rank() OVER (PARTITION BY a ORDER BY b): the NULL partition last, NULL b last
        List<WindowCall> calls = List.of(new WindowCall(WindowFunction.ROW_NUMBER, -1, PgType.INT8),
                new WindowCall(WindowFunction.RANK, -1, PgType.INT8),
                new WindowCall(WindowFunction.DENSE_RANK, -1, PgType.INT8));
        assertEquals(List.of(1L, 2L, 3L, 4L, 1L, 2L, 1L, 2L), run(WindowFrame.DEFAULT, calls, 3));
        assertEquals(List.of(1L, 2L, 2L, 4L, 1L, 2L, 1L, 2L), run(WindowFrame.DEFAULT, calls, 4));
        assertEquals(List.of(1L, 2L, 2L, 3L, 1L, 2L, 1L, 2L), run(WindowFrame.DEFAULT, calls, 5));
    }

    @Test
    void defaultFrameIncludesPeersAndRowsFrameDoesNot() {
        // sum(c) OVER (PARTITION BY a ORDER BY b): 1.5, 3.5, 3.5, 4.5 | 3, 7 | NULL, 1 (peers 20 and 20 share)
        WindowCall sum = new WindowCall(WindowFunction.SUM, 2, PgType.NUMERIC);
        List<Object> got = run(WindowFrame.DEFAULT, List.of(sum), 3);
        assertEquals(Arrays.asList(new BigDecimal("1.5"), new BigDecimal("3.5"), new BigDecimal("3.5"),
                new BigDecimal("4.5"), new BigDecimal("3"), new BigDecimal("7"), null, new BigDecimal("1")), got);
        // count(*) OVER (... ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING)
        WindowFrame rows = new WindowFrame(true, new WindowFrame.Bound(WindowFrame.Kind.PRECEDING, 1),
                new WindowFrame.Bound(WindowFrame.Kind.FOLLOWING, 1));
        assertEquals(List.of(2L, 3L, 3L, 2L, 2L, 2L, 2L, 2L),
                run(rows, List.of(new WindowCall(WindowFunction.COUNT, -1, PgType.INT8)), 3));
    }

    @Test
    void valueFunctionsReadTheFrameOrTheOffsetRow() {
        // lag(b, 1, -1), lead(b, 2), last_value(b) over the default frame, nth_value(b, 2) over the whole partition
        WindowFrame whole = new WindowFrame(false, WindowFrame.Bound.of(WindowFrame.Kind.UNBOUNDED_PRECEDING),
                WindowFrame.Bound.of(WindowFrame.Kind.UNBOUNDED_FOLLOWING));
        assertEquals(Arrays.asList(-1, 10, 20, 20, -1, 5, -1, 7), run(WindowFrame.DEFAULT,
                List.of(new WindowCall(WindowFunction.LAG, 1, PgType.INT4, 1, -1)), 3));
        assertEquals(Arrays.asList(20, 30, null, null, null, null, null, null), run(WindowFrame.DEFAULT,
                List.of(new WindowCall(WindowFunction.LEAD, 1, PgType.INT4, 2, null)), 3));
        assertEquals(Arrays.asList(10, 20, 20, 30, 5, null, 7, 8), run(WindowFrame.DEFAULT,
                List.of(new WindowCall(WindowFunction.LAST_VALUE, 1, PgType.INT4)), 3));
        assertEquals(Arrays.asList(20, 20, 20, 20, null, null, 8, 8), run(whole,
                List.of(new WindowCall(WindowFunction.NTH_VALUE, 1, PgType.INT4, 2, null)), 3));
    }

    @Test
    void ntileMakesTheFirstBucketsLarger() {
        // ntile(3) over partitions of 4, 2 and 2 rows
        assertEquals(List.of(1, 1, 2, 3, 1, 2, 1, 2), run(WindowFrame.DEFAULT,
                List.of(new WindowCall(WindowFunction.NTILE, -1, PgType.INT4, 3, null)), 3));
        TesseraException e = assertThrows(TesseraException.class, () -> run(WindowFrame.DEFAULT,
                List.of(new WindowCall(WindowFunction.NTILE, -1, PgType.INT4, 0, null)), 3));
        assertEquals("22014", e.sqlState().code());
    }

    @Test
    void emptyInputGivesNoRows() {
        WindowNode w = new WindowNode(sorted(List.of()), new int[] {0}, List.of(), WindowFrame.DEFAULT,
                List.of(new WindowCall(WindowFunction.COUNT, -1, PgType.INT8)), List.of(PgType.INT8));
        assertEquals(null, w.next());
    }
}
