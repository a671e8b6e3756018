package io.tessera.executor.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** A hash aggregate past work_mem spills partitions to disk and returns exactly the in-memory result. */
class HashAggregateNodeSpillTest {
    /** Input rows: (text key, int4 key, int4 value, numeric value). */
    private static final List<PgType> INPUT = List.of(PgType.TEXT, PgType.INT4, PgType.INT4, PgType.NUMERIC);
    private static final List<AggregateCall> CALLS = List.of(
            new AggregateCall(AggregateFunction.COUNT, -1, PgType.INT8),
            new AggregateCall(AggregateFunction.COUNT, 2, PgType.INT8),
            new AggregateCall(AggregateFunction.SUM, 2, PgType.INT8),
            new AggregateCall(AggregateFunction.AVG, 3, PgType.NUMERIC),
            new AggregateCall(AggregateFunction.MIN, 0, PgType.TEXT),
            new AggregateCall(AggregateFunction.MAX, 2, PgType.INT4));
    /** Partial rows: the two keys, count, count, sum, avg's sum and count, min, max. */
    private static final List<PgType> PARTIAL = List.of(PgType.TEXT, PgType.INT4, PgType.INT8, PgType.INT8,
            PgType.INT8, PgType.NUMERIC, PgType.INT8, PgType.TEXT, PgType.INT4);

    @TempDir
    Path tmp;

    private static List<Object[]> rows(Random rnd, int n, int groups) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int g = rnd.nextInt(groups);
            rows.add(new Object[] {g % 7 == 0 ? null : "k" + (g % 50), g % 11 == 0 ? null : g,
                    rnd.nextInt(10) == 0 ? null : rnd.nextInt(1000), BigDecimal.valueOf(rnd.nextInt(10_000), 2)});
        }
        return rows;
    }

    private static List<String> sorted(List<Object[]> rows) {
        List<String> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(Arrays.toString(r));
        }
        out.sort(null);
        return out;
    }

    private static List<Object[]> drain(HashAggregateNode n) {
        List<Object[]> out = new ArrayList<>();
        for (Object[] r = n.next(); r != null; r = n.next()) {
            out.add(r);
        }
        return out;
    }

    @Test
    void partialAndMergeSpillPastWorkMemAndAgreeWithTheInMemoryResult() {
        Random rnd = new Random(5);
        List<Object[]> dn1 = rows(rnd, 4000, 1500);
        List<Object[]> dn2 = rows(rnd, 4000, 1500);
        int[] keys = {0, 1};

        HashAggregateNode memory = new HashAggregateNode(keys, CALLS, HashAggregateNode.Mode.MERGE);
        for (List<Object[]> dn : List.of(dn1, dn2)) {
            HashAggregateNode p = new HashAggregateNode(keys, CALLS, HashAggregateNode.Mode.PARTIAL);
            dn.forEach(p::add);
            p.finish().forEach(memory::add);
        }
        List<String> expected = sorted(memory.finish());

        TempDirectory dir = TempDirectory.open(tmp.resolve("pgsql_tmp"));
        SpillContext small = new SpillContext(8 * 1024, dir);
        HashAggregateNode merge = new HashAggregateNode(keys, CALLS, HashAggregateNode.Mode.MERGE, PARTIAL, small);
        for (List<Object[]> dn : List.of(dn1, dn2)) {
            try (HashAggregateNode p = new HashAggregateNode(keys, CALLS, HashAggregateNode.Mode.PARTIAL, INPUT,
                    small)) {
                dn.forEach(p::add);
                assertTrue(p.spilled(), "1,500 groups do not fit 8 kB");
                drain(p).forEach(merge::add);
            }
        }
        assertTrue(merge.spilled());
        List<String> actual;
        try (merge) {
            actual = sorted(drain(merge));
        }
        assertEquals(expected, actual);
        assertEquals(0, dir.fileCount(), "partition files left after close");
    }

    @Test
    void scalarAndEmptyAndFittingAggregatesDoNotSpill() {
        TempDirectory dir = TempDirectory.open(tmp.resolve("none"));
        SpillContext small = new SpillContext(1024, dir);
        try (HashAggregateNode scalar = new HashAggregateNode(new int[0], CALLS, HashAggregateNode.Mode.PARTIAL,
                INPUT, small)) {
            rows(new Random(1), 3000, 3000).forEach(scalar::add);
            assertFalse(scalar.spilled());
            assertEquals(3000L, scalar.next()[0]);
            assertEquals(null, scalar.next());
        }
        try (HashAggregateNode empty = new HashAggregateNode(new int[] {1}, CALLS, HashAggregateNode.Mode.PARTIAL,
                INPUT, small)) {
            assertEquals(null, empty.next());
        }
        assertEquals(0, dir.fileCount());
    }

    @Test
    void closingBeforeTheEndDeletesThePartitions() {
        TempDirectory dir = TempDirectory.open(tmp.resolve("early"));
        HashAggregateNode n = new HashAggregateNode(new int[] {1}, CALLS, HashAggregateNode.Mode.PARTIAL, INPUT,
                new SpillContext(2048, dir));
        rows(new Random(2), 2000, 2000).forEach(n::add);
        assertTrue(n.next() != null);
        assertTrue(dir.fileCount() > 0);
        n.close();
        assertEquals(0, dir.fileCount());
    }
}
