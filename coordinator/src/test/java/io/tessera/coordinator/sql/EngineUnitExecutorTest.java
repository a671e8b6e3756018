package io.tessera.coordinator.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.junit.jupiter.api.Test;

class EngineUnitExecutorTest {
    private final PgJavaTypeFactory f = new PgJavaTypeFactory(PgTypeSystem.INSTANCE);
    private final RexBuilder rex = new RexBuilder(f);
    private final EngineUnitExecutor executor = new EngineUnitExecutor(RexUtil.EXECUTOR);

    /**
     * {@code CAST(DATE '2020-01-01' AS TIMESTAMP)} stays a cast (Calcite's code made 1577836800000, milliseconds,
     * which the engine read as microseconds), while an integer expression beside it in the same batch is folded.
     */
    @Test
    void leavesTimestampCastsAndFoldsTheRest() {
        RelDataType timestamp = f.createSqlType(SqlTypeName.TIMESTAMP, PgTypeSystem.timestampPrecision());
        RexNode cast = rex.makeAbstractCast(timestamp, rex.makeDateLiteral(new DateString("2020-01-01")), false);
        RexNode sum = rex.makeCall(SqlStdOperatorTable.PLUS, rex.makeExactLiteral(BigDecimal.ONE),
                rex.makeExactLiteral(BigDecimal.valueOf(2)));
        List<RexNode> reduced = new ArrayList<>();
        executor.reduce(rex, List.of(sum, cast, sum), reduced);
        assertEquals(3, reduced.size());
        assertSame(cast, reduced.get(1));
        for (int i : new int[] {0, 2}) {
            assertTrue(reduced.get(i) instanceof RexLiteral, reduced.get(i).toString());
            assertEquals(3, ((RexLiteral) reduced.get(i)).getValueAs(Integer.class));
        }
    }

    /** A comparison over a timestamp computes on one too (its operand's type), a date expression does not. */
    @Test
    void timestampsAnywhereInTheTreeCount() {
        RelDataType timestamp = f.createSqlType(SqlTypeName.TIMESTAMP, PgTypeSystem.timestampPrecision());
        RexNode date = rex.makeDateLiteral(new DateString("2020-01-01"));
        RexNode cast = rex.makeAbstractCast(timestamp, date, false);
        assertTrue(EngineUnitExecutor.computesOnUnit(rex.makeCall(SqlStdOperatorTable.IS_NULL,
                rex.makeCall(SqlStdOperatorTable.EQUALS, cast, cast))));
        assertEquals(false, EngineUnitExecutor.computesOnUnit(rex.makeCall(SqlStdOperatorTable.EQUALS, date, date)));
    }
}
