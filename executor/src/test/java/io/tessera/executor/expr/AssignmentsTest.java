package io.tessera.executor.expr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgTime;
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
    @Test
    void timesAndTimestampsAreRoundedToTheirColumnsPrecision() {
        // set t = a, ts = b, tz = c, t6 = a  (time(2), timestamp(0), timestamptz(3), time: no typmod), microseconds
        List<PgType> types = List.of(PgType.TIME, PgType.TIMESTAMP, PgType.TIMESTAMPTZ, PgType.TIME,
                PgType.TIME, PgType.TIMESTAMP, PgType.TIMESTAMPTZ);
        int[] typmods = {2, 0, 3, -1, -1, -1, -1};
        Assignments a = Assignments.compile(new int[] {0, 1, 2, 3}, List.of(col(4), col(5), col(6), col(4)),
                types, typmods);
        long noon = 12L * 3_600_000_000L;
        long ts2010 = 1_262_304_000_000_000L; // 2010-01-01 00:00:00
        long ts1990 = 631_152_000_000_000L; // 1990-01-01 00:00:00
        Object[] row = a.apply(new Object[] {null, null, null, null, new PgTime(noon + 555_555),
                ts2010 + 500_000, ts1990 + 123_456_789L});
        assertEquals(new PgTime(noon + 560_000), row[0]); // 12:00:00.555555::time(2) = 12:00:00.56
        assertEquals(ts2010 + 1_000_000, row[1]); // .5 rounds away from 2000-01-01: up after it
        assertEquals(ts1990 + 123_457_000L, row[2]);
        assertEquals(new PgTime(noon + 555_555), row[3], "no typmod: as it is");
        // before 2000-01-01 a half rounds down (AdjustTimestampForTypmod counts from PostgreSQL's epoch)
        assertEquals(ts1990, a.apply(new Object[] {null, null, null, null, null, ts1990 + 500_000, null})[1]);
        Object[] nulls = a.apply(new Object[7]);
        assertArrayEquals(new Object[7], nulls);
        assertEquals(Long.MAX_VALUE,
                a.apply(new Object[] {null, null, null, null, null, Long.MAX_VALUE, null})[1], "infinity");
    }
}
