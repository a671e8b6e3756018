package io.tessera.executor.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.types.PgType;
import io.tessera.executor.spill.SpillContext;
import io.tessera.executor.spill.TempDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The external merge sort returns the in-memory order of every key, spills past work_mem and cleans up. */
class SortNodeTest {
    private static final List<PgType> TYPES = List.of(PgType.INT4, PgType.TEXT, PgType.FLOAT8);

    @TempDir
    Path tmp;

    /** A source over a list that reuses its output array, as scans do. */
    private static RowSource source(List<Object[]> rows) {
        return new RowSource() {
            private final Object[] out = new Object[TYPES.size()];
            private int pos;

            @Override
            public Object[] next() {
                if (pos >= rows.size()) {
                    return null;
                }
                System.arraycopy(rows.get(pos++), 0, out, 0, out.length);
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

    private static List<Object[]> rows(int n) {
        Random rnd = new Random(n);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Object[] {rnd.nextInt(9) == 0 ? null : rnd.nextInt(300), rnd.nextInt(7) == 0 ? null
                    : "t" + rnd.nextInt(1000), rnd.nextDouble()});
        }
        return rows;
    }

    private static List<String> keysOf(List<Object[]> rows, List<SortKey> keys) {
        List<String> out = new ArrayList<>();
        for (Object[] r : rows) {
            Object[] k = new Object[keys.size()];
            for (int i = 0; i < k.length; i++) {
                k[i] = r[keys.get(i).column()];
            }
            out.add(Arrays.toString(k));
        }
        return out;
    }

    @Test
    void anExternalSortReturnsTheInMemoryOrderForAscDescAndNullPlacement() {
        List<Object[]> input = rows(20_000);
        TempDirectory dir = TempDirectory.open(tmp.resolve("pgsql_tmp"));
        for (List<SortKey> keys : List.of(List.of(SortKey.of(0, false), SortKey.of(1, true)),
                List.of(new SortKey(1, false, true), SortKey.of(2, true)), List.of(SortKey.of(2, false)))) {
            List<Object[]> expected = new ArrayList<>(input);
            expected.sort(new RowComparator(keys));
            List<Object[]> actual = new ArrayList<>();
            // 16 kB: about 100 runs, so the merge needs an intermediate pass (32 runs at a time)
            try (SortNode sort = new SortNode(source(input), keys, new SpillContext(16 * 1024, dir))) {
                for (Object[] r = sort.next(); r != null; r = sort.next()) {
                    actual.add(r);
                }
                assertTrue(sort.spilled());
            }
            assertEquals(input.size(), actual.size());
            assertEquals(keysOf(expected, keys), keysOf(actual, keys), keys.toString());
            assertEquals(0, dir.fileCount(), "runs left after close");
        }
    }

    @Test
    void aTopNWhoseRowsPassWorkMemSortsExternallyAndReturnsTheSameFirstRows() {
        List<Object[]> input = rows(10_000);
        List<SortKey> keys = List.of(SortKey.of(1, false), SortKey.of(2, false));
        TempDirectory dir = TempDirectory.open(tmp.resolve("topn"));
        List<Object[]> expected = new ArrayList<>(input);
        expected.sort(new RowComparator(keys));
        List<Object[]> actual;
        try (TopNNode top = new TopNNode(keys, 3000, TYPES, new SpillContext(16 * 1024, dir))) {
            input.forEach(top::add);
            assertTrue(top.spilled());
            actual = top.finish();
        }
        assertEquals(keysOf(expected.subList(0, 3000), keys), keysOf(actual, keys));
        assertEquals(0, dir.fileCount());
    }

    @Test
    void emptyAndSmallInputsSortInMemory() {
        TempDirectory dir = TempDirectory.open(tmp.resolve("small"));
        try (SortNode sort = new SortNode(source(List.of()), List.of(SortKey.of(0, false)),
                new SpillContext(1024 * 1024, dir))) {
            assertEquals(null, sort.next());
        }
        try (SortNode sort = new SortNode(source(rows(100)), List.of(SortKey.of(0, false)),
                new SpillContext(1024 * 1024, dir))) {
            int n = 0;
            while (sort.next() != null) {
                n++;
            }
            assertEquals(100, n);
            assertFalse(sort.spilled());
        }
        assertEquals(0, dir.fileCount());
    }

    @Test
    void closingBeforeTheEndDeletesTheRuns() {
        TempDirectory dir = TempDirectory.open(tmp.resolve("early"));
        SortNode sort = new SortNode(source(rows(5000)), List.of(SortKey.of(0, false)), new SpillContext(4096, dir));
        assertTrue(sort.next() != null);
        assertTrue(dir.fileCount() > 0);
        sort.close();
        assertEquals(0, dir.fileCount());
    }
}
