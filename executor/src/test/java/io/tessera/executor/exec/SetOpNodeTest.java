package io.tessera.executor.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UNION, INTERSECT [ALL] and EXCEPT [ALL] with PostgreSQL's counts and equality, in memory and spilled past
 * work_mem to the same rows.
 */
class SetOpNodeTest {
    private static final List<Object[]> NONE = List.of();
    private static final List<PgType> TYPES = List.of(PgType.INT4, PgType.NUMERIC, PgType.TEXT);

    @TempDir
    Path tmp;

    private static List<Object[]> drain(SetOpNode n) {
        List<Object[]> out = new ArrayList<>();
        try (n) {
            for (Object[] r = n.next(); r != null; r = n.next()) {
                out.add(r.clone());
            }
        }
        return out;
    }

    private static List<String> sorted(List<Object[]> rows) {
        List<String> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(Arrays.toString(r));
        }
        out.sort(null);
        return out;
    }

    private static SetOpNode run(SetOpNode.Kind kind, boolean all, SpillContext spill, List<List<Object[]>> inputs) {
        SetOpNode n = new SetOpNode(kind, all, inputs.size(), TYPES.size(), TYPES, spill);
        for (int i = 0; i < inputs.size(); i++) {
            for (Object[] r : inputs.get(i)) {
                n.add(i, r);
            }
        }
        return n;
    }

    private static Object[] row(Integer a, String n, String s) {
        return new Object[] {a, n == null ? null : new BigDecimal(n), s};
    }

    @Test
    void countsAreMinForIntersectAllAndDifferenceForExceptAll() {
        // (1, 1.0, x) three times on the left, twice on the right (as 1.00); (2, NULL, NULL) once left, once right
        List<Object[]> left = List.of(row(1, "1.0", "x"), row(1, "1.0", "x"), row(2, null, null), row(1, "1.0", "x"),
                row(3, "3", "y"));
        List<Object[]> right = List.of(row(1, "1.00", "x"), row(2, null, null), row(1, "1.00", "x"), row(4, "4", "z"));
        assertEquals(List.of("[1, 1.0, x]", "[1, 1.0, x]", "[2, null, null]"),
                sorted(drain(run(SetOpNode.Kind.INTERSECT, true, null, List.of(left, right)))));
        assertEquals(List.of("[1, 1.0, x]", "[2, null, null]"),
                sorted(drain(run(SetOpNode.Kind.INTERSECT, false, null, List.of(left, right)))));
        assertEquals(List.of("[1, 1.0, x]", "[3, 3, y]"),
                sorted(drain(run(SetOpNode.Kind.EXCEPT, true, null, List.of(left, right)))));
        assertEquals(List.of("[3, 3, y]"),
                sorted(drain(run(SetOpNode.Kind.EXCEPT, false, null, List.of(left, right)))));
        // UNION: one row per group, the first added (1.0 from the left)
        assertEquals(List.of("[1, 1.0, x]", "[2, null, null]", "[3, 3, y]", "[4, 4, z]"),
                sorted(drain(run(SetOpNode.Kind.UNION, false, null, List.of(left, right)))));
        // the right's value when the left has none
        assertEquals(List.of("[1, 1.00, x]"),
                sorted(drain(run(SetOpNode.Kind.UNION, false, null, List.of(NONE, right.subList(0, 1))))));
    }

    @Test
    void moreThanTwoInputsAreTheLeftDeepChain() {
        List<Object[]> a = List.of(row(1, "1", "a"), row(1, "1", "a"), row(1, "1", "a"), row(2, "2", "b"));
        List<Object[]> b = java.util.Collections.singletonList(row(1, "1", "a"));
        List<Object[]> c = List.of(row(1, "1", "a"), row(2, "2", "b"));
        // (a EXCEPT ALL b) EXCEPT ALL c: 3 - 1 - 1 = 1 copy of 1, none of 2
        assertEquals(List.of("[1, 1, a]"), sorted(drain(run(SetOpNode.Kind.EXCEPT, true, null, List.of(a, b, c)))));
        // (a INTERSECT ALL b) INTERSECT ALL c: min(3, 1, 1)
        assertEquals(List.of("[1, 1, a]"), sorted(drain(run(SetOpNode.Kind.INTERSECT, true, null, List.of(a, b, c)))));
        assertEquals(List.of(), sorted(drain(run(SetOpNode.Kind.EXCEPT, false, null, List.of(a, b, c)))));
    }

    @Test
    void emptyInputsGiveEmptyOrLeftResults() {
        List<Object[]> left = List.of(row(1, "1", "a"), row(1, "1", "a"));
        assertEquals(List.of(), drain(run(SetOpNode.Kind.INTERSECT, true, null, List.of(left, NONE))));
        assertEquals(2, drain(run(SetOpNode.Kind.EXCEPT, true, null, List.of(left, NONE))).size());
        assertEquals(List.of(), drain(run(SetOpNode.Kind.EXCEPT, true, null, List.of(NONE, left))));
        assertEquals(List.of(), drain(run(SetOpNode.Kind.UNION, false, null, List.of(NONE, NONE))));
    }

    @Test
    void spillingPastWorkMemGivesTheInMemoryRowsAndLeavesNoFile() {
        Random rnd = new Random(17);
        List<Object[]> left = new ArrayList<>();
        List<Object[]> right = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int k = rnd.nextInt(6000);
            left.add(row(k % 13 == 0 ? null : k, (k % 100) + ".0", "pad" + k));
            int j = rnd.nextInt(6000);
            right.add(row(j % 13 == 0 ? null : j, (j % 100) + ".00", "pad" + j));
        }
        TempDirectory dir = TempDirectory.open(tmp.resolve("pgsql_tmp"));
        for (SetOpNode.Kind kind : SetOpNode.Kind.values()) {
            for (boolean all : kind == SetOpNode.Kind.UNION ? new boolean[] {false} : new boolean[] {false, true}) {
                List<String> expected = sorted(drain(run(kind, all, null, List.of(left, right))));
                SpillContext small = new SpillContext(64 * 1024, dir);
                SetOpNode spilling = run(kind, all, small, List.of(left, right));
                List<Object[]> got = new ArrayList<>();
                for (Object[] r = spilling.next(); r != null; r = spilling.next()) {
                    got.add(r.clone());
                }
                assertTrue(spilling.spilled(), kind + " " + all + " did not spill");
                spilling.close();
                assertTrue(small.tempFiles() > 0, "no temporary file counted");
                assertEquals(expected, sorted(got), kind + (all ? " ALL" : ""));
                assertEquals(0, dir.fileCount(), "temporary files left");
            }
        }
    }

    @Test
    void closingBeforeTheEndDeletesThePartitions() {
        TempDirectory dir = TempDirectory.open(tmp.resolve("pgsql_tmp"));
        SetOpNode n = new SetOpNode(SetOpNode.Kind.INTERSECT, true, 2, TYPES.size(), TYPES, new SpillContext(8 * 1024, dir));
        for (int i = 0; i < 5000; i++) {
            n.add(0, row(i, "1", "x"));
        }
        assertTrue(n.spilled());
        assertTrue(dir.fileCount() > 0);
        n.close();
        assertEquals(0, dir.fileCount());
    }

    @Test
    void aRepeatedRowIsTheGroupsFirstValue() {
        Map<String, Integer> seen = new HashMap<>();
        List<Object[]> left = List.of(row(7, "2.50", "s"), row(7, "2.5", "s"));
        List<Object[]> out = drain(run(SetOpNode.Kind.EXCEPT, true, null, List.of(left, NONE)));
        assertEquals(2, out.size());
        for (Object[] r : out) {
            assertArrayEquals(row(7, "2.50", "s"), r); // both copies print the first value's scale
            seen.merge(Arrays.toString(r), 1, Integer::sum);
        }
        assertFalse(seen.containsKey("[7, 2.5, s]"));
    }
}
