package io.tessera.executor.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.protocol.datanode.CheckConstraint;
import io.tessera.protocol.expr.Call;
import io.tessera.protocol.expr.Expr;
import io.tessera.protocol.expr.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckConstraintsTest {
    static final List<PgType> TYPES = List.of(PgType.INT4, PgType.TEXT);

    /** {@code a > 0}. */
    static Expr positive() {
        return Expr.newBuilder().setTypeOid(PgType.BOOL.oid()).setCall(Call.newBuilder().setOp(Op.GT)
                .addOperands(AssignmentsTest.col(0)).addOperands(AssignmentsTest.lit(0))).build();
    }

    static CheckConstraint check(String name, Expr expr) {
        return CheckConstraint.newBuilder().setName(name).setExpr(expr).build();
    }

    @Test
    void onlyAFalseConstraintFailsTheRowAndTheDetailShowsTheRow() {
        CheckConstraints checks = CheckConstraints.compile(List.of(check("t_a_check", positive())), TYPES);
        checks.verify(new Object[] {1, "x"}, "t");
        checks.verify(new Object[] {null, "x"}, "t"); // NULL passes, as in PostgreSQL
        TesseraException e = assertThrows(TesseraException.class, () -> checks.verify(new Object[] {0, null}, "t"));
        assertEquals(SqlState.CHECK_VIOLATION, e.sqlState());
        assertEquals("new row for relation \"t\" violates check constraint \"t_a_check\"", e.getMessage());
        assertEquals("Failing row contains (0, null).", e.detail());
    }

    @Test
    void aFailingNotNullTestIsANotNullViolationReportedBeforeTheChecks() {
        CheckConstraints checks = CheckConstraints.compile(List.of(
                check("a", positive()).toBuilder().setNotNull(true).build(), check("t_a_check", positive())), TYPES);
        TesseraException e = assertThrows(TesseraException.class, () -> checks.verify(new Object[] {0, "x"}, "t"));
        assertEquals(SqlState.NOT_NULL_VIOLATION, e.sqlState());
        assertEquals("null value in column \"a\" of relation \"t\" violates not-null constraint", e.getMessage());
        assertEquals("Failing row contains (0, x).", e.detail());
    }

    @Test
    void aConstraintThatIsNotBooleanIsRefused() {
        TesseraException e = assertThrows(TesseraException.class,
                () -> CheckConstraints.compile(List.of(check("c", AssignmentsTest.col(0))), TYPES));
        assertEquals(SqlState.DATATYPE_MISMATCH, e.sqlState());
    }
}
