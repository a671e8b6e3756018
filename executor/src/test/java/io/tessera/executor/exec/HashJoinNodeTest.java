package io.tessera.executor.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.executor.expr.CompiledExpr;
import io.tessera.protocol.expr.Call;
import io.tessera.protocol.expr.Expr;
import io.tessera.protocol.expr.Op;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import io.tessera.executor.spill.SpillContext;
import io.tessera.executor.spill.TempDirectory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashJoinNodeTest {
    /** A row source over a list, reusing one output array as real operators do. */
    private static final class ListSource implements RowSource {
        private final List<Object[]> rows;
        private final List<PgType> types;
        private final Object[] out;
        private int pos;
        boolean closed;

        ListSource(List<PgType> types, List<Object[]> rows) {
            this.types = types;
            this.rows = rows;
            this.out = new Object[types.size()];
        }

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
            return types;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static final List<PgType> TYPES = List.of(PgType.INT4, PgType.INT4);

    private static List<String> run(JoinType type, List<Object[]> l, List<Object[]> r, CompiledExpr residual) {
        HashJoinNode join = new HashJoinNode(new ListSource(TYPES, l), new ListSource(TYPES, r), type,
                new int[] {0}, new int[] {0}, residual);
        List<String> out = new ArrayList<>();
        for (Object[] row = join.next(); row != null; row = join.next()) {
            out.add(Arrays.toString(row));
        }
        out.sort(null);
        return out;
    }

    /** The definition of each join type as a nested loop with SQL equality (NULL matches nothing). */
    private static List<String> nestedLoop(JoinType type, List<Object[]> l, List<Object[]> r, CompiledExpr residual) {
        List<String> out = new ArrayList<>();
        boolean[] rightMatched = new boolean[r.size()];
        for (Object[] a : l) {
            boolean matched = false;
            for (int j = 0; j < r.size(); j++) {
                Object[] b = r.get(j);
                Object[] pair = {a[0], a[1], b[0], b[1]};
                if (a[0] != null && a[0].equals(b[0]) && (residual == null || residual.test(pair))) {
                    matched = true;
                    rightMatched[j] = true;
                    if (!type.leftOnly()) {
                        out.add(Arrays.toString(pair));
                    }
                }
            }
            if ((type == JoinType.SEMI && matched) || (type == JoinType.ANTI && !matched)) {
                out.add(Arrays.toString(a));
            }
            if (!matched && (type == JoinType.LEFT || type == JoinType.FULL)) {
                out.add(Arrays.toString(new Object[] {a[0], a[1], null, null}));
            }
        }
        if (type == JoinType.RIGHT || type == JoinType.FULL) {
            for (int j = 0; j < r.size(); j++) {
                if (!rightMatched[j]) {
                    out.add(Arrays.toString(new Object[] {null, null, r.get(j)[0], r.get(j)[1]}));
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static List<Object[]> randomRows(Random rnd, int n) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Object[] {rnd.nextInt(8) == 0 ? null : rnd.nextInt(6), rnd.nextInt(10)});
        }
        return rows;
    }

    /** left.v < right.v, over the left row followed by the right row. */
    private static CompiledExpr lessThan() {
        Expr l = Expr.newBuilder().setTypeOid(PgType.INT4.oid()).setColumn(1).build();
        Expr r = Expr.newBuilder().setTypeOid(PgType.INT4.oid()).setColumn(3).build();
        return CompiledExpr.compile(Expr.newBuilder().setTypeOid(PgType.BOOL.oid())
                .setCall(Call.newBuilder().setOp(Op.LT).addOperands(l).addOperands(r)).build(),
                List.of(PgType.INT4, PgType.INT4, PgType.INT4, PgType.INT4));
    }

    @TempDir
    Path tmp;

    /** The join with a work_mem of {@code workMemBytes}; asserts that closing it leaves no file behind. */
    private List<String> runSpilling(JoinType type, List<Object[]> l, List<Object[]> r, CompiledExpr residual,
            long workMemBytes, int[] batches) {
        TempDirectory dir = TempDirectory.open(tmp.resolve("pgsql_tmp"));
        HashJoinNode join = new HashJoinNode(new ListSource(TYPES, l), new ListSource(TYPES, r), type,
                new int[] {0}, new int[] {0}, residual, new SpillContext(workMemBytes, dir));
        List<String> out = new ArrayList<>();
        try (join) {
            for (Object[] row = join.next(); row != null; row = join.next()) {
                out.add(Arrays.toString(row));
            }
        }
        batches[0] = join.batches();
        assertEquals(0, dir.fileCount(), "batch files left after close");
        out.sort(null);
        return out;
    }

    private static List<Object[]> randomRows(Random rnd, int n, int keys) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Object[] {rnd.nextInt(20) == 0 ? null : rnd.nextInt(keys), rnd.nextInt(100)});
        }
        return rows;
    }

    @Test
    void aJoinPastWorkMemSpillsToBatchesAndMatchesTheNestedLoopForEveryJoinType() {
        Random rnd = new Random(7);
        List<Object[]> l = randomRows(rnd, 1500, 400);
        List<Object[]> r = randomRows(rnd, 1200, 400);
        int[] batches = new int[1];
        for (JoinType type : JoinType.values()) {
            for (CompiledExpr residual : new CompiledExpr[] {null, lessThan()}) {
                assertEquals(nestedLoop(type, l, r, residual), runSpilling(type, l, r, residual, 8 * 1024, batches),
                        type + " residual=" + (residual != null));
                assertTrue(batches[0] >= 8, type + ": " + batches[0] + " batches for ~100 kB in 8 kB");
            }
        }
    }

    @Test
    void spillingJoinsOfEmptySidesAndOfOneSkewedKeyAreStillExact() {
        Random rnd = new Random(11);
        List<Object[]> some = randomRows(rnd, 500, 50);
        List<Object[]> skewed = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            skewed.add(new Object[] {i % 10 == 0 ? i : 3, i}); // nine in ten rows share the key 3
        }
        int[] batches = new int[1];
        for (JoinType type : JoinType.values()) {
            assertEquals(nestedLoop(type, some, List.of(), null),
                    runSpilling(type, some, List.of(), null, 1024, batches), type + " empty right");
            assertEquals(nestedLoop(type, List.of(), some, null),
                    runSpilling(type, List.of(), some, null, 1024, batches), type + " empty left");
            assertEquals(nestedLoop(type, some, skewed, null), runSpilling(type, some, skewed, null, 2048, batches),
                    type + " skewed right");
        }
    }

    @Test
    void closingASpilledJoinBeforeItsEndDeletesItsFiles() {
        Random rnd = new Random(3);
        TempDirectory dir = TempDirectory.open(tmp.resolve("early"));
        HashJoinNode join = new HashJoinNode(new ListSource(TYPES, randomRows(rnd, 1000, 300)),
                new ListSource(TYPES, randomRows(rnd, 1000, 300)), JoinType.FULL, new int[] {0}, new int[] {0}, null,
                new SpillContext(4096, dir));
        assertTrue(join.next() != null);
        assertTrue(dir.fileCount() > 0, "the join should have spilled");
        join.close();
        assertEquals(0, dir.fileCount());
    }

    @Test
    void everyJoinTypeMatchesTheNestedLoopDefinitionWithDuplicatesNullsAndEmptySides() {
        Random rnd = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<Object[]> l = randomRows(rnd, rnd.nextInt(12));
            List<Object[]> r = randomRows(rnd, rnd.nextInt(12));
            for (JoinType type : JoinType.values()) {
                for (CompiledExpr residual : new CompiledExpr[] {null, lessThan()}) {
                    assertEquals(nestedLoop(type, l, r, residual), run(type, l, r, residual),
                            type + " residual=" + (residual != null) + " round " + round);
                }
            }
        }
    }

    @Test
    void numericKeysMatchByValueWhateverTheirScale() {
        List<PgType> types = List.of(PgType.NUMERIC);
        HashJoinNode join = new HashJoinNode(
                new ListSource(types, List.<Object[]>of(new Object[] {new BigDecimal("1.0")})),
                new ListSource(types, List.<Object[]>of(new Object[] {new BigDecimal("1.00")})),
                JoinType.INNER, new int[] {0}, new int[] {0}, null);
        Object[] row = join.next();
        assertEquals(2, row.length);
        assertEquals(null, join.next());
    }

    @Test
    void keysOfDifferentTypesAreRefused() {
        assertThrows(TesseraException.class, () -> new HashJoinNode(
                new ListSource(List.of(PgType.INT4), List.of()), new ListSource(List.of(PgType.INT8), List.of()),
                JoinType.INNER, new int[] {0}, new int[] {0}, null));
    }

    @Test
    void closeClosesBothInputs() {
        ListSource l = new ListSource(TYPES, List.of());
        ListSource r = new ListSource(TYPES, List.of());
        new HashJoinNode(l, r, JoinType.INNER, new int[] {0}, new int[] {0}, null).close();
        assertEquals(true, l.closed && r.closed);
    }
}
