package io.tessera.coordinator.sql.rel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.coordinator.sql.exec.CoordinatorSetOp;
import io.tessera.executor.exec.SetOpNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.junit.jupiter.api.Test;

/** PostgreSQL's INTERSECT and EXCEPT [ALL] over numerics and floats (the coordinator's, {@link CoordinatorSetOp}). */
class GroupingEqualityTest {
    private static List<Object> setOp(List<?> left, List<?> right, boolean intersect, boolean all) {
        return run(left, right, intersect, all, 1);
    }

    /** The coordinator's set operation in memory (no types: nothing spills, no statement needed). */
    private static List<Object> run(List<?> left, List<?> right, boolean intersect, boolean all, int columns) {
        List<Object> out = new ArrayList<>();
        CoordinatorSetOp.run(null, new Enumerable<?>[] {Linq4j.asEnumerable(left), Linq4j.asEnumerable(right)},
                new CoordinatorSetOp.Spec(intersect ? SetOpNode.Kind.INTERSECT : SetOpNode.Kind.EXCEPT, all, columns,
                        null), columns == 1)
                .forEach(out::add);
        return out;
    }

    private static BigDecimal n(String s) {
        return new BigDecimal(s);
    }

    @Test
    void intersectMatchesNumericsOfAnyScaleAndOutputsTheLeftsFirstValue() {
        // select 1.00 intersect select 1.0 prints 1.00; INTERSECT ALL repeats it min(left, right) times
        assertEquals(List.of(n("1.00")), setOp(List.of(n("1.00"), n("1.0")), List.of(n("1.0")), true, false));
        assertEquals(List.of(n("1.0"), n("1.0")),
                setOp(List.of(n("1.0"), n("1.00"), n("2")), List.of(n("1.000"), n("1"), n("1")), true, true));
    }

    @Test
    void exceptAllCountsEqualValuesOnBothSides() {
        // 1.0, 1.00, 1 (three equal values) except all 1.000 leaves two copies of the first, 1.0
        assertEquals(List.of(n("1.0"), n("1.0"), n("2")),
                setOp(List.of(n("1.0"), n("1.00"), n("2"), n("1")), List.of(n("1.000")), false, true));
        assertEquals(List.of(n("2")), setOp(List.of(n("1.0"), n("2")), List.of(n("1.00")), false, false));
    }

    @Test
    void floatMinusZeroEqualsZeroAndNaNEqualsNaN() {
        assertEquals(List.of(-0.0), setOp(List.of(-0.0), List.of(0.0), true, false));
        assertEquals(List.of(Double.NaN), setOp(List.of(Double.NaN, Double.NaN), List.of(Double.NaN), true, false));
        assertEquals(List.of(), setOp(List.of(0.0f, -0.0f), List.of(-0.0f), false, false));
    }

    @Test
    void nullEqualsNullAndRowsCompareColumnByColumn() {
        List<Object> out = run(List.<Object>of(new Object[] {null, n("1.0")}, new Object[] {1, n("2")}),
                java.util.Collections.<Object>singletonList(new Object[] {null, n("1.00")}), true, false, 2);
        assertEquals(1, out.size());
        assertEquals(Arrays.asList(null, n("1.0")), Arrays.asList((Object[]) out.get(0)));
    }
}
