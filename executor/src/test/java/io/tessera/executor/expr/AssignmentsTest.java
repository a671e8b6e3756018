package io.tessera.executor.expr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.protocol.expr.Call;
import io.tessera.protocol.expr.Expr;
import io.tessera.protocol.expr.Literal;
import io.tessera.protocol.expr.Op;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssignmentsTest {
    static final List<PgType> TYPES = List.of(PgType.INT4, PgType.INT4, PgType.NUMERIC);

    static Expr col(int i) {
        return Expr.newBuilder().setColumn(i).build();
    }

    static Expr lit(long v) {
        return Expr.newBuilder().setTypeOid(PgType.INT4.oid()).setLiteral(Literal.newBuilder().setIntValue(v)).build();
    }

    @Test
    void everyValueSeesTheOldRowAndIsCastToItsColumn() {
        // set a = b, b = a, n = a + 1   (a swap; n gets an int4 assigned to numeric)
        Expr aPlus1 = Expr.newBuilder().setTypeOid(PgType.INT4.oid())
                .setCall(Call.newBuilder().setOp(Op.PLUS).addOperands(col(0)).addOperands(lit(1))).build();
        Assignments a = Assignments.compile(new int[] {0, 1, 2}, List.of(col(1), col(0), aPlus1), TYPES);
        Object[] old = {1, 2, null};
        assertArrayEquals(new Object[] {2, 1, BigDecimal.valueOf(2)}, a.apply(old));
        assertArrayEquals(new Object[] {1, 2, null}, old, "the old row is not modified");
    }

    @Test
    void assigningTheSameColumnTwiceIsRefused() {
        TesseraException e = assertThrows(TesseraException.class,
                () -> Assignments.compile(new int[] {1, 1}, List.of(lit(1), lit(2)), TYPES));
        assertEquals(SqlState.SYNTAX_ERROR, e.sqlState());
    }

    @Test
    void valuesAreFittedToTheColumnsTypmods() {
        // set n = a, v = s   (n numeric(6,2): int4 7 becomes 7.00; v varchar(3): 22001 for 'abcd', blanks cut)
        List<PgType> types = List.of(PgType.INT4, PgType.NUMERIC, PgType.TEXT, PgType.VARCHAR);
        int[] typmods = {-1, ((6 << 16) | 2) + 4, -1, 3 + 4};
        Assignments a = Assignments.compile(new int[] {1, 3}, List.of(col(0), col(2)), types, typmods);
        assertArrayEquals(new Object[] {7, new BigDecimal("7.00"), "ab   ", "ab "},
                a.apply(new Object[] {7, null, "ab   ", null}));
        TesseraException e = assertThrows(TesseraException.class,
                () -> a.apply(new Object[] {7, null, "abcd", null}));
        assertEquals(SqlState.STRING_DATA_RIGHT_TRUNCATION, e.sqlState());
        e = assertThrows(TesseraException.class, () -> a.apply(new Object[] {12345, null, "a", null}));
        assertEquals(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, e.sqlState());
    }
}
