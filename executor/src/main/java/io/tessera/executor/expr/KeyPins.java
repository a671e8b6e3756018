package io.tessera.executor.expr;

import io.tessera.common.types.PgType;
import io.tessera.protocol.expr.Call;
import io.tessera.protocol.expr.Expr;
import io.tessera.protocol.expr.Op;
import java.util.List;

/**
 * The columns a WHERE clause pins to one value: the conjuncts {@code column = constant} at the top of its AND tree.
 * (A constant is any expression that reads no column, such as a literal or the cast of a bound parameter.)
 * A datanode uses them to turn a scan of a shard into a seek on the primary key ({@code WHERE k = 7} reads one
 * key's versions instead of the whole shard); the filter itself is still evaluated on every row read, so a pin
 * only narrows what is read and never decides what qualifies.
 *
 * <p>Only pins whose value has exactly the column's storage representation are reported, so the key encoding of
 * the pinned value equals the stored key of every row that can pass the equality: the constant's type equals the
 * column's, or both are integer types (an integer column compared with a wider integer constant, possibly through
 * a widening cast of the column) and the value fits the column's type. Floating-point and numeric columns are never
 * pinned (0.0 = -0.0 and 1.0 = 1.00 are equal but encode differently), nor is anything under OR or NOT.
 */
public final class KeyPins {
    /** The value of {@link #of} for a column the filter does not pin. */
    public static final Object UNPINNED = new Object() {
        @Override
        public String toString() {
            return "UNPINNED";
        }
    };

    private KeyPins() {
    }

    /**
     * For each column of the input row, the value {@code filter} pins it to, or {@link #UNPINNED}; null when the
     * filter pins nothing (or is null).
     *
     * @param types the input row's column types
     */
    public static Object[] of(Expr filter, List<PgType> types) {
        if (filter == null) {
            return null;
        }
        Object[] pins = new Object[types.size()];
        java.util.Arrays.fill(pins, UNPINNED);
        return collect(filter, types, pins) ? pins : null;
    }

    /** Adds the pins of {@code e}'s conjuncts; whether any was found. */
    private static boolean collect(Expr e, List<PgType> types, Object[] pins) {
        if (e.getKindCase() != Expr.KindCase.CALL) {
            return false;
        }
        Call c = e.getCall();
        if (c.getOp() == Op.AND) {
            boolean any = false;
            for (Expr operand : c.getOperandsList()) {
                any |= collect(operand, types, pins);
            }
            return any;
        }
        if (c.getOp() != Op.EQ || c.getOperandsCount() != 2) {
            return false;
        }
        for (int side = 0; side < 2; side++) {
            int column = columnOf(c.getOperands(side), types);
            Expr other = c.getOperands(1 - side);
            if (column < 0 || !constant(other)) {
                continue;
            }
            Object value = pinnedValue(other, types.get(column), types);
            if (value == null) {
                continue;
            }
            if (pins[column] == UNPINNED) {
                pins[column] = value; // k = 1 AND k = 2: either pin is safe, the filter then matches nothing
            }
            return true;
        }
        return false;
    }

    /** Whether {@code e} reads no column (a literal, or a cast of a bound parameter's literal): one value. */
    private static boolean constant(Expr e) {
        switch (e.getKindCase()) {
            case LITERAL:
                return true;
            case CALL:
                for (Expr operand : e.getCall().getOperandsList()) {
                    if (!constant(operand)) {
                        return false;
                    }
                }
                return true;
            default:
                return false;
        }
    }

    /** The column {@code e} reads, directly or through a widening integer cast; -1 otherwise. */
    private static int columnOf(Expr e, List<PgType> types) {
        if (e.getKindCase() == Expr.KindCase.COLUMN) {
            int i = e.getColumn();
            return i >= 0 && i < types.size() ? i : -1;
        }
        if (e.getKindCase() == Expr.KindCase.CALL && e.getCall().getOp() == Op.CAST
                && e.getCall().getOperandsCount() == 1) {
            int i = columnOf(e.getCall().getOperands(0), types);
            PgType to = PgType.ofOid(e.getTypeOid());
            if (i >= 0 && to != null && isInt(types.get(i)) && isInt(to)) {
                return i;
            }
        }
        return -1;
    }

    /** The constant's value in the column's representation, or null when it cannot be pinned safely. */
    private static Object pinnedValue(Expr literal, PgType column, List<PgType> types) {
        Object v;
        PgType t;
        try {
            CompiledExpr compiled = CompiledExpr.compile(literal, types);
            v = compiled.eval(new Object[types.size()]);
            t = compiled.type();
        } catch (RuntimeException notEvaluable) {
            return null;
        }
        if (v == null) {
            return null;
        }
        if (isInt(column) && isInt(t)) {
            long n = ((Number) v).longValue();
            long min = column == PgType.INT2 ? Short.MIN_VALUE : column == PgType.INT4 ? Integer.MIN_VALUE : Long.MIN_VALUE;
            long max = column == PgType.INT2 ? Short.MAX_VALUE : column == PgType.INT4 ? Integer.MAX_VALUE : Long.MAX_VALUE;
            return n < min || n > max ? null : Values.boxInteger(n, column);
        }
        if (t != column) {
            return null;
        }
        switch (column) {
            case BOOL: case DATE: case TIMESTAMP: case TIMESTAMPTZ: case TEXT: case VARCHAR: case BPCHAR: case NAME:
            case BYTEA:
                return v;
            default:
                return null;
        }
    }

    /** int2, int4, int8 (not oid: unsigned, stored as a signed int). */
    private static boolean isInt(PgType t) {
        return t == PgType.INT2 || t == PgType.INT4 || t == PgType.INT8;
    }
}
