package io.tessera.executor.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class ExprCompilerTest {
    // row: 0 int4, 1 int8, 2 numeric, 3 float8, 4 text, 5 bpchar, 6 date, 7 timestamp, 8 bool, 9 int2
    static final List<PgType> TYPES = List.of(PgType.INT4, PgType.INT8, PgType.NUMERIC, PgType.FLOAT8, PgType.TEXT,
            PgType.BPCHAR, PgType.DATE, PgType.TIMESTAMP, PgType.BOOL, PgType.INT2);
    static final Object[] ROW = {5, 5L, new BigDecimal("5.00"), 5.0, "hello", "ab  ", 19000, 19000L * 86_400_000_000L,
            true, (short) 7};
    static final Object[] NULLS = new Object[TYPES.size()];

    static Expr col(int i) {
        return Expr.newBuilder().setColumn(i).build();
    }

    static Expr lit(long v, PgType t) {
        return Expr.newBuilder().setTypeOid(t.oid()).setLiteral(Literal.newBuilder().setIntValue(v)).build();
    }

    static Expr lit(String v) {
        return Expr.newBuilder().setTypeOid(PgType.TEXT.oid()).setLiteral(Literal.newBuilder().setStringValue(v)).build();
    }

    static Expr lit(String v, PgType t) {
        return Expr.newBuilder().setTypeOid(t.oid()).setLiteral(Literal.newBuilder().setStringValue(v)).build();
    }

    static Expr lit(double v) {
        return Expr.newBuilder().setTypeOid(PgType.FLOAT8.oid()).setLiteral(Literal.newBuilder().setDoubleValue(v)).build();
    }

    static Expr nul(PgType t) {
        return Expr.newBuilder().setTypeOid(t.oid()).setLiteral(Literal.newBuilder().setIsNull(true)).build();
    }

    static Expr bool(boolean b) {
        return Expr.newBuilder().setTypeOid(PgType.BOOL.oid()).setLiteral(Literal.newBuilder().setBoolValue(b)).build();
    }

    static Expr call(Op op, PgType type, Expr... operands) {
        return Expr.newBuilder().setTypeOid(type == null ? 0 : type.oid())
                .setCall(Call.newBuilder().setOp(op).addAllOperands(List.of(operands))).build();
    }

    static Expr call(Op op, Expr... operands) {
        return call(op, null, operands);
    }

    static Object eval(Expr e, Object[] row) {
        return CompiledExpr.compile(e, TYPES).eval(row);
    }

    static Object eval(Expr e) {
        return eval(e, ROW);
    }

    static SqlState error(Expr e) {
        return assertThrows(TesseraException.class, () -> eval(e)).sqlState();
    }

    @Test
    void jsonOperatorsEvaluateAsTheCoordinatorsDo() {
        Expr j = lit("{\"a\": [1, \"x\"], \"b\": null}", PgType.JSONB);
        assertEquals("[1, \"x\"]", eval(call(Op.JSON_FIELD, PgType.TEXT, j, lit("a"))));
        assertEquals("x", eval(call(Op.JSON_AS_TEXT, PgType.TEXT, call(Op.JSON_ELEMENT, PgType.TEXT,
                call(Op.JSON_FIELD, PgType.TEXT, j, lit("a")), lit(1, PgType.INT4)))));
        assertEquals("7", eval(call(Op.JSONB_ELEMENT, PgType.TEXT, lit("7", PgType.JSONB), lit(-1, PgType.INT4))));
        assertEquals(true, eval(call(Op.JSONB_CONTAINS, PgType.BOOL, j, lit("{\"a\": [1]}"))));
        assertEquals(true, eval(call(Op.JSONB_EXISTS, PgType.BOOL, j, lit("b")))); // a key whose value is null
        assertEquals(false, eval(call(Op.JSONB_EXISTS, PgType.BOOL, j, lit("x")))); // not a nested element
        assertEquals("{\"a\": 2, \"b\": null}", eval(call(Op.JSONB_CONCAT, PgType.TEXT, j, lit("{\"a\": 2}"))));
        assertEquals("{\"a\": [1, \"x\"]}", eval(call(Op.JSONB_DELETE_KEY, PgType.TEXT, j, lit("b"))));
        assertEquals("[2]", eval(call(Op.JSONB_DELETE_INDEX, PgType.TEXT, lit("[1, 2]", PgType.JSONB),
                lit(0, PgType.INT4))));
        assertNull(eval(call(Op.JSONB_CONCAT, PgType.TEXT, j, nul(PgType.JSONB))));
        assertEquals(SqlState.INVALID_PARAMETER_VALUE, error(call(Op.JSONB_DELETE_KEY, PgType.TEXT,
                lit("1", PgType.JSONB), lit("a")))); // cannot delete from scalar
    }

    @Test
    void comparisonsWorkAcrossNumericTypes() {
        assertEquals(true, eval(call(Op.EQ, col(0), col(1))));
        assertEquals(true, eval(call(Op.EQ, col(0), col(2)))); // 5 = 5.00
        assertEquals(true, eval(call(Op.EQ, col(2), col(3)))); // numeric = float8
        assertEquals(true, eval(call(Op.LT, col(0), lit(5.5))));
        assertEquals(true, eval(call(Op.GT, col(9), col(1))));
        assertEquals(false, eval(call(Op.NE, col(1), lit(5, PgType.INT8))));
        assertEquals(true, eval(call(Op.GE, col(2), lit("4.99", PgType.NUMERIC))));
    }

    @Test
    void comparisonWithNullIsNullAndDistinctFromIsNot() {
        assertNull(eval(call(Op.EQ, col(0), nul(PgType.INT4))));
        assertNull(eval(call(Op.LT, col(0), col(1)), NULLS));
        assertEquals(true, eval(call(Op.IS_DISTINCT_FROM, col(0), nul(PgType.INT4))));
        assertEquals(true, eval(call(Op.IS_NOT_DISTINCT_FROM, col(0), col(1)), NULLS));
        assertEquals(false, eval(call(Op.IS_DISTINCT_FROM, col(0), col(1))));
    }

    @Test
    void threeValuedLogic() {
        Expr n = nul(PgType.BOOL);
        assertEquals(false, eval(call(Op.AND, n, bool(false))));
        assertNull(eval(call(Op.AND, n, bool(true))));
        assertEquals(true, eval(call(Op.OR, n, bool(true))));
        assertNull(eval(call(Op.OR, n, bool(false))));
        assertNull(eval(call(Op.NOT, n)));
        assertEquals(false, eval(call(Op.NOT, col(8))));
        assertEquals(true, eval(call(Op.IS_NOT_TRUE, n)));
        assertEquals(false, eval(call(Op.IS_FALSE, n)));
        assertEquals(true, eval(call(Op.IS_NULL, col(4)), NULLS));
        assertEquals(true, eval(call(Op.IS_NOT_NULL, col(4))));
        assertFalse(CompiledExpr.compile(call(Op.AND, n, bool(true)), TYPES).test(ROW));
    }

    @Test
    void stringsCompareByCodePointAndBpcharIgnoresTrailingSpaces() {
        assertEquals(true, eval(call(Op.LT, lit("B"), lit("a")))); // "C" collation: upper case first
        assertEquals(true, eval(call(Op.LT, lit("\uFFFD"), lit("😀"))));
        assertEquals(true, eval(call(Op.EQ, col(5), lit("ab"))));
        assertEquals(true, eval(call(Op.EQ, col(4), lit("hello"))));
    }

    @Test
    void dateComparesWithTimestamp() {
        assertEquals(true, eval(call(Op.EQ, col(6), col(7))));
        assertEquals(true, eval(call(Op.GT, col(6), lit("2022-01-01", PgType.DATE))));
        assertEquals(true, eval(call(Op.LT, col(6), lit("2022-01-08 00:00:01", PgType.TIMESTAMP))));
    }

    @Test
    void likeOnBpcharSeesThePaddingAsBpcharlikeDoes() {
        assertEquals(false, eval(call(Op.LIKE, col(5), lit("ab"))));
        assertEquals(true, eval(call(Op.LIKE, col(5), lit("ab  "))));
        assertEquals(true, eval(call(Op.LIKE, col(5), lit("ab %"))));
        assertEquals(true, eval(call(Op.LIKE, call(Op.CAST, PgType.TEXT, col(5)), lit("ab"))));
    }

    @Test
    void likeWithWildcardsAndEscapes() {
        assertEquals(true, eval(call(Op.LIKE, col(4), lit("he%"))));
        assertEquals(true, eval(call(Op.LIKE, col(4), lit("%llo"))));
        assertEquals(true, eval(call(Op.LIKE, col(4), lit("%ll%"))));
        assertEquals(true, eval(call(Op.LIKE, col(4), lit("h_l%o"))));
        assertEquals(false, eval(call(Op.LIKE, col(4), lit("h_lo"))));
        assertEquals(true, eval(call(Op.NOT_LIKE, col(4), lit("x%"))));
        assertEquals(true, eval(call(Op.LIKE, lit("50%"), lit("50\\%"))));
        assertEquals(false, eval(call(Op.LIKE, lit("50x"), lit("50\\%"))));
        assertEquals(true, eval(call(Op.LIKE, lit("a_b"), lit("a#_b"), lit("#"))));
        assertEquals(true, eval(call(Op.LIKE, lit("a.*b"), lit("a.*b"))));
        assertEquals(true, eval(call(Op.LIKE, lit("line1\nline2"), lit("line1%"))));
        assertNull(eval(call(Op.LIKE, col(4), lit("%")), NULLS));
        assertEquals(true, eval(call(Op.LIKE, col(4), col(4))));
    }

    @Test
    void inListUsesSqlSemantics() {
        assertEquals(true, eval(call(Op.IN, col(0), lit(1, PgType.INT4), lit(5, PgType.INT4))));
        assertEquals(false, eval(call(Op.IN, col(0), lit(1, PgType.INT4), lit(2, PgType.INT4))));
        assertNull(eval(call(Op.IN, col(0), lit(1, PgType.INT4), nul(PgType.INT4))));
        assertEquals(true, eval(call(Op.IN, col(4), lit("a"), lit("hello"))));
        assertEquals(true, eval(call(Op.IN, col(2), lit(5, PgType.INT4)))); // numeric IN int
        assertNull(eval(call(Op.IN, col(0), lit(1, PgType.INT4)), NULLS));
    }

    @Test
    void arithmeticChecksOverflowAndDivisionByZero() {
        assertEquals(10, eval(call(Op.PLUS, PgType.INT4, col(0), col(0))));
        assertEquals(10L, eval(call(Op.PLUS, PgType.INT8, col(0), col(1))));
        assertEquals(new BigDecimal("10.00"), eval(call(Op.PLUS, PgType.NUMERIC, col(0), col(2))));
        assertEquals(2, eval(call(Op.DIVIDE, PgType.INT4, col(0), lit(2, PgType.INT4))));
        assertEquals(-1, eval(call(Op.MOD, PgType.INT4, lit(-7, PgType.INT4), lit(3, PgType.INT4))));
        assertEquals(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                error(call(Op.TIMES, PgType.INT4, lit(Integer.MAX_VALUE, PgType.INT4), lit(2, PgType.INT4))));
        assertEquals(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                error(call(Op.PLUS, PgType.INT8, lit(Long.MAX_VALUE, PgType.INT8), lit(1, PgType.INT8))));
        assertEquals(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                error(call(Op.NEGATE, PgType.INT2, lit(Short.MIN_VALUE, PgType.INT2))));
        assertEquals(SqlState.DIVISION_BY_ZERO, error(call(Op.DIVIDE, PgType.INT4, col(0), lit(0, PgType.INT4))));
        assertEquals(SqlState.DIVISION_BY_ZERO, error(call(Op.DIVIDE, PgType.FLOAT8, col(3), lit(0.0))));
        assertEquals(SqlState.DIVISION_BY_ZERO,
                error(call(Op.DIVIDE, PgType.NUMERIC, col(2), lit("0", PgType.NUMERIC))));
        assertEquals(SqlState.DIVISION_BY_ZERO, error(call(Op.MOD, PgType.INT8, col(1), lit(0, PgType.INT8))));
        assertEquals(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                error(call(Op.TIMES, PgType.FLOAT8, lit(1e300), lit(1e300))));
        assertEquals(new BigDecimal("0.33333333333333333333"), // PostgreSQL's select_div_scale
                eval(call(Op.DIVIDE, PgType.NUMERIC, lit("1", PgType.NUMERIC), lit("3", PgType.NUMERIC))));
        assertNull(eval(call(Op.PLUS, PgType.INT4, col(0), col(0)), NULLS));
        assertEquals(19001, eval(call(Op.PLUS, PgType.DATE, col(6), lit(1, PgType.INT4))));
        assertEquals(2.5, eval(call(Op.DIVIDE, col(3), lit(2.0))));
    }

    static Expr withTypmod(Expr e, int typmod) {
        return e.toBuilder().setTypmod(typmod).build();
    }

    /** x::varchar(3) and x::char(2) cut without an error (char pads), x::numeric(p,s) rounds or is 22003. */
    @Test
    void explicitCastsApplyTheirTypmod() {
        assertEquals("hel", eval(withTypmod(call(Op.CAST, PgType.VARCHAR, col(4)), 3 + 4)));
        assertEquals("he", eval(withTypmod(call(Op.CAST, PgType.BPCHAR, col(4)), 2 + 4)));
        assertEquals("hello  ", eval(withTypmod(call(Op.CAST, PgType.BPCHAR, col(4)), 7 + 4)));
        assertEquals("abc", eval(withTypmod(call(Op.CAST, PgType.VARCHAR, lit("abcdef")), 3 + 4)));
        assertEquals(new BigDecimal("12.4"),
                eval(withTypmod(call(Op.CAST, PgType.NUMERIC, lit("12.35", PgType.NUMERIC)), ((4 << 16) | 1) + 4)));
        assertEquals(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                error(withTypmod(call(Op.CAST, PgType.NUMERIC, col(2)), ((1 << 16) | 1) + 4)));
        assertNull(eval(withTypmod(call(Op.CAST, PgType.VARCHAR, col(4)), 3 + 4), NULLS));
        // no typmod: as it is
        assertEquals("hello", eval(call(Op.CAST, PgType.VARCHAR, col(4))));
    }

    @Test
    void castsBetweenTypes() {
        assertEquals(42, eval(call(Op.CAST, PgType.INT4, lit(" 42 "))));
        assertEquals(SqlState.INVALID_TEXT_REPRESENTATION, error(call(Op.CAST, PgType.INT4, lit("4x2"))));
        assertEquals(SqlState.INVALID_TEXT_REPRESENTATION, error(call(Op.CAST, PgType.INT8, lit("1.5"))));
        assertEquals(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, error(call(Op.CAST, PgType.INT2, lit("40000"))));
        assertEquals(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                error(call(Op.CAST, PgType.INT4, lit(Long.MAX_VALUE, PgType.INT8))));
        assertEquals(new BigDecimal("1.50"), eval(call(Op.CAST, PgType.NUMERIC, lit("1.50"))));
        assertEquals(SqlState.INVALID_TEXT_REPRESENTATION, error(call(Op.CAST, PgType.NUMERIC, lit("abc"))));
        assertEquals(3, eval(call(Op.CAST, PgType.INT4, lit("2.5", PgType.NUMERIC)))); // half away from zero
        assertEquals(2, eval(call(Op.CAST, PgType.INT4, lit(2.5)))); // rint: half to even
        assertEquals("5.00", eval(call(Op.CAST, PgType.TEXT, col(2))));
        assertEquals("5", eval(call(Op.CAST, PgType.TEXT, col(3))));
        assertEquals("1e+20", eval(call(Op.CAST, PgType.TEXT, lit(1e20))));
        assertEquals("0.0001", eval(call(Op.CAST, PgType.TEXT, lit(1e-4))));
        assertEquals("1e-05", eval(call(Op.CAST, PgType.TEXT, lit(1e-5))));
        assertEquals("true", eval(call(Op.CAST, PgType.TEXT, col(8))));
        assertEquals(true, eval(call(Op.CAST, PgType.BOOL, lit("yes"))));
        assertEquals(SqlState.INVALID_TEXT_REPRESENTATION, error(call(Op.CAST, PgType.BOOL, lit("maybe"))));
        assertEquals("2022-01-08", eval(call(Op.CAST, PgType.TEXT, col(6))));
        assertEquals(19000, eval(call(Op.CAST, PgType.DATE, lit("2022-01-08"))));
        assertEquals(SqlState.DATETIME_FIELD_OVERFLOW, error(call(Op.CAST, PgType.DATE, lit("2022-13-45"))));
        assertEquals(SqlState.INVALID_DATETIME_FORMAT, error(call(Op.CAST, PgType.DATE, lit("not a date"))));
        assertEquals(19000L * 86_400_000_000L + 3_723_500_001L,
                eval(call(Op.CAST, PgType.TIMESTAMP, lit("2022-01-08 01:02:03.500001"))));
        assertEquals("2022-01-08 01:02:03.500001", eval(call(Op.CAST, PgType.TEXT,
                lit(19000L * 86_400_000_000L + 3_723_500_001L, PgType.TIMESTAMP))));
        assertEquals(19000L * 86_400_000_000L, eval(call(Op.CAST, PgType.TIMESTAMP, col(6))));
        assertEquals(19000, eval(call(Op.CAST, PgType.DATE, col(7))));
        assertEquals(5.0, eval(call(Op.CAST, PgType.FLOAT8, col(2))));
        assertEquals("ab", eval(call(Op.CAST, PgType.TEXT, col(5))));
        assertNull(eval(call(Op.CAST, PgType.INT4, col(4)), NULLS));
    }

    @Test
    void coalesceAndConcat() {
        assertEquals(5L, eval(call(Op.COALESCE, PgType.INT8, nul(PgType.INT8), col(0))));
        assertEquals("x", eval(call(Op.COALESCE, PgType.TEXT, col(4), lit("x")), NULLS));
        assertEquals("hello5", eval(call(Op.CONCAT, PgType.TEXT, col(4), col(0))));
        assertNull(eval(call(Op.CONCAT, PgType.TEXT, col(4), nul(PgType.TEXT))));
    }

    @Test
    void caseTakesTheFirstTrueConditionsValueAndEvaluatesNoOther() {
        // CASE WHEN c0 > 3 THEN 'big' WHEN c0 > 0 THEN c4 ELSE 'none' END; a NULL condition is not taken
        Expr big = call(Op.GT, PgType.BOOL, col(0), lit(3, PgType.INT4));
        Expr positive = call(Op.GT, PgType.BOOL, col(0), lit(0, PgType.INT4));
        Expr expr = call(Op.CASE, PgType.TEXT, big, lit("big"), positive, col(4), lit("none"));
        assertEquals("big", eval(expr));
        assertEquals("none", eval(expr, NULLS));
        // CASE WHEN c0 = 0 THEN NULL ELSE 10 / c0 END: the division by zero of the branch not taken is never raised
        Expr zero = call(Op.EQ, PgType.BOOL, col(0), lit(0, PgType.INT4));
        Expr safe = call(Op.CASE, PgType.INT4, zero, nul(PgType.INT4),
                call(Op.DIVIDE, PgType.INT4, lit(10, PgType.INT4), col(0)));
        Object[] zeroRow = ROW.clone();
        zeroRow[0] = 0;
        assertNull(eval(safe, zeroRow));
        assertEquals(2, eval(safe));
        // values are cast to the CASE's type: an int4 branch of a bigint CASE
        assertEquals(5L, eval(call(Op.CASE, PgType.INT8, positive, col(0), col(1))));
    }

    @Test
    void callsReadingNoColumnAreComputedOnceAtCompileTime() {
        // Q1's date '1998-12-01' - interval '90' day: a timestamp, the same for every row
        long day = 86_400_000_000L;
        Expr q1 = call(Op.MINUS, PgType.TIMESTAMP, lit(java.time.LocalDate.of(1998, 12, 1).toEpochDay(), PgType.DATE),
                lit("90 days", PgType.INTERVAL));
        CompiledExpr bound = CompiledExpr.compile(q1, TYPES);
        assertTrue(bound.constant());
        assertEquals(java.time.LocalDate.of(1998, 9, 2).toEpochDay() * day, bound.eval(NULLS));
        CompiledExpr three = CompiledExpr.compile(call(Op.PLUS, PgType.INT4, lit(1, PgType.INT4), lit(2, PgType.INT4)),
                TYPES);
        assertTrue(three.constant());
        assertEquals(3, three.eval(NULLS));
        assertTrue(CompiledExpr.compile(call(Op.PLUS, PgType.INT8, nul(PgType.INT8), lit(1, PgType.INT8)), TYPES)
                .constant());
        // inside an expression that reads a column, the constant part is folded and the whole still reads the row
        CompiledExpr filter = CompiledExpr.compile(call(Op.LE, col(7), q1), TYPES);
        assertFalse(filter.constant());
        assertEquals(false, filter.eval(ROW)); // 2022-01-08 is after 1998-09-02
        assertNull(filter.eval(NULLS));
        assertEquals(11L, eval(call(Op.PLUS, PgType.INT8, col(1), call(Op.TIMES, PgType.INT8, lit(2, PgType.INT8),
                lit(3, PgType.INT8)))));
        assertEquals(true, eval(call(Op.LIKE, col(4), call(Op.CONCAT, PgType.TEXT, lit("he"), lit("%")))));
    }

    @Test
    void aConstantCallThatFailsStillFailsOnlyWhenARowEvaluatesIt() {
        // 1 / 0 is not raised at compile time: a scan of no rows, or a row the AND has decided, never evaluates it
        Expr byZero = call(Op.DIVIDE, PgType.INT4, lit(1, PgType.INT4), lit(0, PgType.INT4));
        CompiledExpr compiled = CompiledExpr.compile(call(Op.AND, call(Op.EQ, col(0), byZero), col(8)), TYPES);
        assertFalse(compiled.constant());
        assertNull(compiled.eval(NULLS));
        assertEquals(SqlState.DIVISION_BY_ZERO, error(call(Op.EQ, col(0), byZero)));
    }

    @Test
    void badExpressionsAreRejectedAtCompileTime() {
        assertThrows(TesseraException.class, () -> CompiledExpr.compile(col(99), TYPES));
        assertThrows(TesseraException.class, () -> CompiledExpr.compile(call(Op.SEARCH_RANGE, col(0)), TYPES));
        assertTrue(CompiledExpr.compile(call(Op.EQ, col(0), col(1)), TYPES).type() == PgType.BOOL);
    }

    @Test
    void bitwiseOperatorsKeepTheResultTypeAndShiftInItsWidth() {
        // row: 0 int4 5, 1 int8 5, 9 int2 7
        assertEquals(5 & 6, eval(call(Op.BIT_AND, PgType.INT4, col(0), lit(6, PgType.INT4))));
        assertEquals(5L | 8L, eval(call(Op.BIT_OR, PgType.INT8, col(1), lit(8, PgType.INT4))));
        assertEquals((short) (7 ^ 3), eval(call(Op.BIT_XOR, PgType.INT2, col(9), lit(3, PgType.INT2))));
        assertEquals(~5, eval(call(Op.BIT_NOT, PgType.INT4, col(0))));
        // 1 << 40 in integer is 256 (count modulo 32), in bigint 2^40; a smallint shift is truncated to 16 bits
        assertEquals(256, eval(call(Op.SHIFT_LEFT, PgType.INT4, lit(1, PgType.INT4), lit(40, PgType.INT4))));
        assertEquals(1L << 40, eval(call(Op.SHIFT_LEFT, PgType.INT8, lit(1, PgType.INT8), lit(40, PgType.INT4))));
        assertEquals((short) 0, eval(call(Op.SHIFT_LEFT, PgType.INT2, col(9), lit(16, PgType.INT4))));
        assertEquals((short) -32768, eval(call(Op.SHIFT_LEFT, PgType.INT2, lit(1, PgType.INT2), lit(15, PgType.INT4))));
        assertEquals(-4, eval(call(Op.SHIFT_RIGHT, PgType.INT4, lit(-8, PgType.INT4), lit(1, PgType.INT4))));
        assertNull(eval(call(Op.BIT_AND, PgType.INT4, col(0), lit(1, PgType.INT4)), NULLS));
        assertNull(eval(call(Op.SHIFT_LEFT, PgType.INT4, lit(1, PgType.INT4), col(0)), NULLS));
        assertNull(eval(call(Op.BIT_NOT, PgType.INT8, col(1)), NULLS));
    }

    @Test
    void upperAndLowerMapEachCharacterOnItsOwn() {
        assertEquals("STRAßE", eval(call(Op.UPPER, PgType.TEXT, lit("Straße"))));
        assertEquals("i", eval(call(Op.LOWER, PgType.TEXT, lit("\u0130")))); // İ, as towlower under C.UTF-8
        assertEquals("\u01c6", eval(call(Op.LOWER, PgType.TEXT, lit("\u01c5")))); // ǅ
        assertNull(eval(call(Op.UPPER, PgType.TEXT, nul(PgType.TEXT))));
    }
}
