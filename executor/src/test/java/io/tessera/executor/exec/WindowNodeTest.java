package io.tessera.executor.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.executor.spill.SpillContext;
import io.tessera.executor.spill.TempDirectory;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /** Column 3 (the call) of a window over {@code rows} in one partition ordered by column 1 by {@code key}. */
    private static List<Object> rangeWindow(SortKey key, WindowFrame frame, WindowCall call, Object[]... rows) {
        WindowNode w = new WindowNode(sorted(List.of(key), rows), new int[0], List.of(key), frame, List.of(call),
                List.of(call.resultType()));
        List<Object> out = new ArrayList<>();
        for (Object[] r = w.next(); r != null; r = w.next()) {
            out.add(r[3]);
        }
        w.close();
        return out;
    }

    @Test
    void rangeOffsetsFollowInRange() {
        WindowCall sum = new WindowCall(WindowFunction.SUM, 2, PgType.NUMERIC);
        WindowFrame tens = new WindowFrame(false, new WindowFrame.Bound(WindowFrame.Kind.PRECEDING, 0,
                BigDecimal.TEN), new WindowFrame.Bound(WindowFrame.Kind.FOLLOWING, 0, BigDecimal.TEN));
        // sum(c) OVER (ORDER BY b RANGE BETWEEN 10 PRECEDING AND 10 FOLLOWING) over bigint keys at the limits:
        // b + 10 past the largest bigint takes every larger value; the NULL row's frame is its peers
        assertEquals(Arrays.asList(new BigDecimal("4"), new BigDecimal("3"), new BigDecimal("3"), new BigDecimal("8")),
                rangeWindow(new SortKey(1, false, false), tens, sum,
                        new Object[] {1, Long.MAX_VALUE, BigDecimal.ONE}, new Object[] {1, null, new BigDecimal("8")},
                        new Object[] {1, Long.MAX_VALUE - 1, new BigDecimal("2")},
                        new Object[] {1, Long.MIN_VALUE, new BigDecimal("4")}));
        // ORDER BY f DESC (NULLS FIRST) RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING over double precision: NaN first,
        // a peer of NaN only; 2 and 1.5 within 1 of each other
        WindowFrame ones = new WindowFrame(false, new WindowFrame.Bound(WindowFrame.Kind.PRECEDING, 0, 1.0),
                new WindowFrame.Bound(WindowFrame.Kind.FOLLOWING, 0, 1.0));
        assertEquals(Arrays.asList(new BigDecimal("16"), new BigDecimal("10"), new BigDecimal("10"),
                new BigDecimal("5"), new BigDecimal("5")), rangeWindow(new SortKey(1, true, true), ones, sum,
                        new Object[] {1, 1.5, BigDecimal.ONE}, new Object[] {1, Double.NaN, new BigDecimal("2")},
                        new Object[] {1, 2.0, new BigDecimal("4")}, new Object[] {1, Double.NaN, new BigDecimal("8")},
                        new Object[] {1, null, new BigDecimal("16")}));
        // EXCLUDE CURRENT ROW with RANGE BETWEEN CURRENT ROW AND 0.5 FOLLOWING over numeric keys
        WindowFrame half = new WindowFrame(false, WindowFrame.Bound.of(WindowFrame.Kind.CURRENT_ROW),
                new WindowFrame.Bound(WindowFrame.Kind.FOLLOWING, 0, new BigDecimal("0.5")),
                WindowFrame.Exclusion.CURRENT_ROW);
        assertEquals(List.of(new BigDecimal("6"), new BigDecimal("4"), new BigDecimal("2")), rangeWindow(
                new SortKey(1, false, false), half, sum, new Object[] {1, new BigDecimal("1"), new BigDecimal("1")},
                new Object[] {1, new BigDecimal("1.5"), new BigDecimal("2")},
                new Object[] {1, new BigDecimal("1.50"), new BigDecimal("4")}));
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
    void arrayAggKeepsNullsAndGivesEachRowItsOwnArray() {
        WindowFrame.Bound unboundedPreceding = WindowFrame.Bound.of(WindowFrame.Kind.UNBOUNDED_PRECEDING);
        WindowFrame.Bound current = WindowFrame.Bound.of(WindowFrame.Kind.CURRENT_ROW);
        WindowFrame.Bound unboundedFollowing = WindowFrame.Bound.of(WindowFrame.Kind.UNBOUNDED_FOLLOWING);
        WindowCall agg = new WindowCall(WindowFunction.ARRAY_AGG, 2, PgType.NUMERIC);
        BigDecimal a = new BigDecimal("1.5");
        BigDecimal b = new BigDecimal("2");
        BigDecimal c = new BigDecimal("1");
        BigDecimal d = new BigDecimal("3");
        BigDecimal e = new BigDecimal("4");
        // array_agg(c) OVER (PARTITION BY a ORDER BY b): a running frame, peers alike; an earlier row's array does
        // not grow with the later rows'
        assertEquals(Arrays.asList(List.of(a), Arrays.asList(a, null, b), Arrays.asList(a, null, b),
                Arrays.asList(a, null, b, c), List.of(d), List.of(d, e), Arrays.asList((Object) null),
                Arrays.asList(null, c)),
                run(new WindowFrame(false, unboundedPreceding, current, WindowFrame.Exclusion.NO_OTHERS),
                        List.of(agg), 3));
        // ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE CURRENT ROW
        assertEquals(Arrays.asList(Arrays.asList(null, b, c), List.of(a, b, c), Arrays.asList(a, null, c),
                Arrays.asList(a, null, b), List.of(e), List.of(d), List.of(c), Arrays.asList((Object) null)),
                run(new WindowFrame(true, unboundedPreceding, unboundedFollowing, WindowFrame.Exclusion.CURRENT_ROW),
                        List.of(agg), 3));
        // ROWS BETWEEN 1 FOLLOWING AND 1 FOLLOWING: NULL for the empty frame of each partition's last row
        WindowFrame.Bound next = new WindowFrame.Bound(WindowFrame.Kind.FOLLOWING, 1);
        assertEquals(Arrays.asList(Arrays.asList((Object) null), List.of(b), List.of(c), null, List.of(e), null,
                List.of(c), null),
                run(new WindowFrame(true, next, next, WindowFrame.Exclusion.NO_OTHERS), List.of(agg), 3));
    }

    @Test
    void frameExclusionTakesRowsOutOfAggregatesAndValueFunctions() {
        WindowFrame.Bound unboundedPreceding = WindowFrame.Bound.of(WindowFrame.Kind.UNBOUNDED_PRECEDING);
        WindowFrame.Bound current = WindowFrame.Bound.of(WindowFrame.Kind.CURRENT_ROW);
        WindowFrame.Bound unboundedFollowing = WindowFrame.Bound.of(WindowFrame.Kind.UNBOUNDED_FOLLOWING);
        WindowCall sum = new WindowCall(WindowFunction.SUM, 2, PgType.NUMERIC);
        // sum(c) OVER (PARTITION BY a ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        // EXCLUDE CURRENT ROW), then EXCLUDE GROUP (both peers at b = 20 leave both frames)
        assertEquals(Arrays.asList(new BigDecimal("3"), new BigDecimal("4.5"), new BigDecimal("2.5"),
                new BigDecimal("3.5"), new BigDecimal("4"), new BigDecimal("3"), new BigDecimal("1"), null),
                run(new WindowFrame(true, unboundedPreceding, unboundedFollowing,
                        WindowFrame.Exclusion.CURRENT_ROW), List.of(sum), 3));
        assertEquals(Arrays.asList(new BigDecimal("3"), new BigDecimal("2.5"), new BigDecimal("2.5"),
                new BigDecimal("3.5"), new BigDecimal("4"), new BigDecimal("3"), new BigDecimal("1"), null),
                run(new WindowFrame(true, unboundedPreceding, unboundedFollowing, WindowFrame.Exclusion.GROUP),
                        List.of(sum), 3));
        // the default RANGE frame EXCLUDE TIES: a row keeps itself, not its peers
        assertEquals(Arrays.asList(new BigDecimal("1.5"), new BigDecimal("1.5"), new BigDecimal("3.5"),
                new BigDecimal("4.5"), new BigDecimal("3"), new BigDecimal("7"), null, new BigDecimal("1")),
                run(new WindowFrame(false, unboundedPreceding, current, WindowFrame.Exclusion.TIES), List.of(sum),
                        3));
        // first_value(b) ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING EXCLUDE GROUP
        assertEquals(Arrays.asList(20, 30, 30, null, null, null, 8, null),
                run(new WindowFrame(true, current, unboundedFollowing, WindowFrame.Exclusion.GROUP),
                        List.of(new WindowCall(WindowFunction.FIRST_VALUE, 1, PgType.INT4)), 3));
        // nth_value(b, 2) over the whole partition EXCLUDE TIES
        assertEquals(Arrays.asList(20, 20, 20, 20, null, null, 8, 8),
                run(new WindowFrame(true, unboundedPreceding, unboundedFollowing, WindowFrame.Exclusion.TIES),
                        List.of(new WindowCall(WindowFunction.NTH_VALUE, 1, PgType.INT4, 2, null)), 3));
        // last_value(b) ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW
        assertEquals(Arrays.asList(20, 20, 30, 20, null, 5, 8, 7),
                run(new WindowFrame(true, new WindowFrame.Bound(WindowFrame.Kind.PRECEDING, 1),
                        new WindowFrame.Bound(WindowFrame.Kind.FOLLOWING, 1), WindowFrame.Exclusion.CURRENT_ROW),
                        List.of(new WindowCall(WindowFunction.LAST_VALUE, 1, PgType.INT4)), 3));
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

    @TempDir
    Path tmp;

    /** Rows (p, b, c): three partitions and a NULL one, b with duplicates (peers) and NULLs, c numeric or NULL. */
    private static List<Object[]> manyRows(int n) {
        Random random = new Random(17);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int p = random.nextInt(4);
            rows.add(new Object[] {p == 3 ? null : p, random.nextInt(10) == 0 ? null : random.nextInt(n / 8),
                    random.nextInt(10) == 0 ? null : BigDecimal.valueOf(random.nextInt(100_000), 2)});
        }
        rows.sort(new RowComparator(List.of(SortKey.of(0, false), SortKey.of(1, false))));
        return rows;
    }

    private static List<List<Object>> window(List<Object[]> rows, WindowFrame frame, SpillContext spill,
            boolean[] spilled) {
        List<WindowCall> calls = List.of(new WindowCall(WindowFunction.ROW_NUMBER, -1, PgType.INT8),
                new WindowCall(WindowFunction.RANK, -1, PgType.INT8),
                new WindowCall(WindowFunction.DENSE_RANK, -1, PgType.INT8),
                new WindowCall(WindowFunction.NTILE, -1, PgType.INT4, 7, null),
                new WindowCall(WindowFunction.LAG, 1, PgType.INT4, 3, -1),
                new WindowCall(WindowFunction.LEAD, 2, PgType.NUMERIC, 2, null),
                new WindowCall(WindowFunction.FIRST_VALUE, 2, PgType.NUMERIC),
                new WindowCall(WindowFunction.LAST_VALUE, 1, PgType.INT4),
                new WindowCall(WindowFunction.NTH_VALUE, 2, PgType.NUMERIC, 3, null),
                new WindowCall(WindowFunction.COUNT, -1, PgType.INT8),
                new WindowCall(WindowFunction.SUM, 2, PgType.NUMERIC),
                new WindowCall(WindowFunction.MIN, 1, PgType.INT4),
                new WindowCall(WindowFunction.MAX, 2, PgType.NUMERIC),
                new WindowCall(WindowFunction.AVG, 1, PgType.INT8));
        List<PgType> resultTypes = new ArrayList<>(calls.stream().map(WindowCall::resultType).toList());
        resultTypes.set(13, PgType.NUMERIC);
        RowSource source = new RowSource() {
            private final Object[] out = new Object[3];
            private int pos;

            @Override
            public Object[] next() {
                if (pos >= rows.size()) {
                    return null;
                }
                System.arraycopy(rows.get(pos++), 0, out, 0, 3);
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
        List<List<Object>> out = new ArrayList<>();
        try (WindowNode w = new WindowNode(source, new int[] {0}, List.of(SortKey.of(1, false)), frame, calls,
                resultTypes, spill)) {
            for (Object[] r = w.next(); r != null; r = w.next()) {
                out.add(Arrays.asList(r));
            }
            spilled[0] = w.spilled();
        }
        return out;
    }

    @Test
    void aPartitionPastWorkMemSpillsAndGivesTheInMemoryResultsForEveryFrame() {
        List<Object[]> rows = manyRows(6_000);
        TempDirectory dir = TempDirectory.open(tmp.resolve("pgsql_tmp"));
        WindowFrame.Bound unboundedPreceding = WindowFrame.Bound.of(WindowFrame.Kind.UNBOUNDED_PRECEDING);
        WindowFrame.Bound current = WindowFrame.Bound.of(WindowFrame.Kind.CURRENT_ROW);
        WindowFrame.Bound unboundedFollowing = WindowFrame.Bound.of(WindowFrame.Kind.UNBOUNDED_FOLLOWING);
        WindowFrame.Bound preceding = new WindowFrame.Bound(WindowFrame.Kind.PRECEDING, 70);
        WindowFrame.Bound following = new WindowFrame.Bound(WindowFrame.Kind.FOLLOWING, 3);
        for (WindowFrame frame : List.of(WindowFrame.DEFAULT, new WindowFrame(true, unboundedPreceding, current),
                new WindowFrame(false, current, unboundedFollowing), new WindowFrame(true, preceding, following),
                new WindowFrame(true, unboundedPreceding, following), new WindowFrame(false, unboundedPreceding,
                        unboundedFollowing), new WindowFrame(true, following, new WindowFrame.Bound(WindowFrame.Kind.FOLLOWING, 40)),
                new WindowFrame(true, preceding, following, WindowFrame.Exclusion.TIES),
                new WindowFrame(false, unboundedPreceding, current, WindowFrame.Exclusion.GROUP))) {
            boolean[] spilled = new boolean[1];
            List<List<Object>> expected = window(rows, frame, null, spilled);
            assertEquals(rows.size(), expected.size());
            long filesBefore = dir.filesCreated();
            // 16 kB: each partition of about 1,500 rows (about 150 kB) goes to a file
            List<List<Object>> actual = window(rows, frame, new SpillContext(16 * 1024, dir), spilled);
            assertTrue(spilled[0], frame.toString());
            assertEquals(4, dir.filesCreated() - filesBefore, "one file per partition: " + frame);
            assertEquals(expected, actual, frame.toString());
            assertEquals(0, dir.fileCount(), "files left after close");
        }
    }

    @Test
    void aPartitionWithinWorkMemStaysInMemoryAndClosingMidPartitionDeletesTheFile() {
        List<Object[]> rows = manyRows(2_000);
        TempDirectory dir = TempDirectory.open(tmp.resolve("small"));
        boolean[] spilled = new boolean[1];
        window(rows, WindowFrame.DEFAULT, new SpillContext(4 * 1024 * 1024, dir), spilled);
        assertEquals(false, spilled[0]);
        assertEquals(0, dir.filesCreated());
        RowSource source = sorted(List.of(SortKey.of(0, false)), ROWS);
        List<Object[]> big = manyRows(5_000);
        WindowNode w = new WindowNode(new RowSource() {
            private int pos;

            @Override
            public Object[] next() {
                return pos < big.size() ? big.get(pos++) : null;
            }

            @Override
            public List<PgType> types() {
                return source.types();
            }

            @Override
            public void close() {
            }
        }, new int[0], List.of(SortKey.of(1, false)), WindowFrame.DEFAULT,
                List.of(new WindowCall(WindowFunction.COUNT, -1, PgType.INT8)), List.of(PgType.INT8),
                new SpillContext(16 * 1024, dir));
        Object[] first = w.next();
        assertEquals(1, dir.fileCount());
        assertTrue(w.spilled());
        w.close();
        assertEquals(0, dir.fileCount(), "the partition's file is deleted by close before the end");
        assertTrue(first.length == 4);
    }
}
