package io.tessera.datanode.index;

import io.tessera.common.codec.ByteSink;
import io.tessera.common.codec.KeyCodec;
import io.tessera.common.types.PgType;
import io.tessera.datanode.storage.SecondaryIndex;
import io.tessera.executor.expr.CompiledExpr;
import io.tessera.executor.expr.KeyPins;
import io.tessera.protocol.expr.Call;
import io.tessera.protocol.expr.Expr;
import io.tessera.protocol.expr.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * The key ranges of a secondary index that can hold the rows passing a scan's filter, derived from the conjuncts at
 * the top of its AND tree: the leading key columns pinned by {@code column = constant} ({@link KeyPins}) form a
 * prefix; the next key column then narrows it with an IN list ({@code col IN (...)}, or an OR of equalities), or with
 * {@code <, <=, >, >=} bounds. Ranges are a superset: the filter is still evaluated on every row read, so a condition
 * that is not understood only widens what is read.
 *
 * <p>Comparisons narrow only columns of integer, date, timestamp and bool type with a constant of the same
 * representation: for those the key encoding's order is the comparison's order (text depends on the collation,
 * numeric and floating-point values may compare equal with different encodings).
 *
 * <p>Ranges are returned as {@code {from, to}} byte strings after the index prefix ({@code to} null: the index's
 * end), sorted and disjoint.
 */
public final class IndexRanges {
    private IndexRanges() {
    }

    /**
     * @param index the index
     * @param filter the scan's WHERE over the table's columns (null: none)
     * @param types the table's column types
     */
    public static List<byte[][]> of(SecondaryIndex index, Expr filter, List<PgType> types) {
        Object[] pins = KeyPins.of(filter, types);
        ByteSink prefix = new ByteSink(32);
        int[] columns = index.columns();
        int k = 0;
        for (; k < columns.length; k++) {
            Object v = pins == null ? KeyPins.UNPINNED : pins[columns[k]];
            if (v == KeyPins.UNPINNED || v == null) {
                break;
            }
            index.writeColumn(prefix, k, v);
        }
        byte[] p = prefix.toByteArray();
        if (k == columns.length || filter == null) {
            return List.<byte[][]>of(prefixRange(p));
        }
        int column = columns[k];
        List<Object> in = inList(filter, column, types);
        if (in != null) {
            TreeMap<byte[], byte[][]> sorted = new TreeMap<>(Arrays::compareUnsigned);
            for (Object v : in) {
                ByteSink s = new ByteSink(p.length + 16);
                s.write(p);
                index.writeColumn(s, k, v);
                byte[] from = s.toByteArray();
                sorted.put(from, prefixRange(from));
            }
            return new ArrayList<>(sorted.values());
        }
        Bound lower = null;
        Bound upper = null;
        if (ordered(types.get(column))) {
            for (Expr conjunct : conjuncts(filter)) {
                Bound b = bound(conjunct, column, types);
                if (b == null) {
                    continue;
                }
                if (b.lower) {
                    lower = lower == null || tighterLower(b, lower) ? b : lower;
                } else {
                    upper = upper == null || tighterUpper(b, upper) ? b : upper;
                }
            }
        }
        if (lower == null && upper == null) {
            return List.<byte[][]>of(prefixRange(p));
        }
        // in key order: ASC puts the lower value first, DESC the upper one
        boolean desc = index.descending(k);
        Bound first = desc ? upper : lower;
        Bound last = desc ? lower : upper;
        byte[] valuesStart = concat(p, new byte[] {1});
        byte[] from = first == null ? valuesStart : first.inclusive ? concat(valuesStart, index.valueBytes(k, first.value))
                : KeyCodec.prefixUpperBound(concat(valuesStart, index.valueBytes(k, first.value)));
        byte[] to = last == null ? KeyCodec.prefixUpperBound(valuesStart) : last.inclusive
                ? KeyCodec.prefixUpperBound(concat(valuesStart, index.valueBytes(k, last.value)))
                : concat(valuesStart, index.valueBytes(k, last.value));
        if (from == null || (to != null && Arrays.compareUnsigned(from, to) >= 0)) {
            return List.of(); // contradictory bounds: no key can match
        }
        return List.<byte[][]>of(new byte[][] {from, to});
    }

    private record Bound(boolean lower, boolean inclusive, long value, Object boxed) {
    }

    private static boolean tighterLower(Bound a, Bound b) {
        return a.value > b.value || (a.value == b.value && !a.inclusive);
    }

    private static boolean tighterUpper(Bound a, Bound b) {
        return a.value < b.value || (a.value == b.value && !a.inclusive);
    }

    /** {prefix, the end of the keys starting with it}; the whole index for an empty prefix. */
    private static byte[][] prefixRange(byte[] prefix) {
        return new byte[][] {prefix, prefix.length == 0 ? null : KeyCodec.prefixUpperBound(prefix)};
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static List<Expr> conjuncts(Expr e) {
        List<Expr> out = new ArrayList<>();
        if (e.getKindCase() == Expr.KindCase.CALL && e.getCall().getOp() == Op.AND) {
            for (Expr operand : e.getCall().getOperandsList()) {
                out.addAll(conjuncts(operand));
            }
        } else {
            out.add(e);
        }
        return out;
    }

    /** The values of {@code column IN (...)} or an OR of {@code column = constant} among the conjuncts, or null. */
    private static List<Object> inList(Expr filter, int column, List<PgType> types) {
        for (Expr c : conjuncts(filter)) {
            if (c.getKindCase() != Expr.KindCase.CALL) {
                continue;
            }
            Call call = c.getCall();
            List<Object> values = new ArrayList<>();
            boolean ok;
            if (call.getOp() == Op.IN && call.getOperandsCount() >= 2 && isColumn(call.getOperands(0), column)) {
                ok = true;
                for (int i = 1; i < call.getOperandsCount() && ok; i++) {
                    Object v = value(call.getOperands(i), types.get(column), types);
                    ok = v != null;
                    values.add(v);
                }
            } else if (call.getOp() == Op.OR) {
                ok = true;
                for (Expr d : call.getOperandsList()) {
                    Object v = equalityValue(d, column, types);
                    if (v == null) {
                        ok = false;
                        break;
                    }
                    values.add(v);
                }
            } else {
                ok = false;
            }
            if (ok && !values.isEmpty()) {
                return values;
            }
        }
        return null;
    }

    private static Object equalityValue(Expr e, int column, List<PgType> types) {
        Object[] pins = KeyPins.of(e, types);
        if (pins == null || e.getKindCase() != Expr.KindCase.CALL || e.getCall().getOp() != Op.EQ) {
            return null;
        }
        Object v = pins[column];
        return v == KeyPins.UNPINNED ? null : v;
    }

    private static Bound bound(Expr e, int column, List<PgType> types) {
        if (e.getKindCase() != Expr.KindCase.CALL || e.getCall().getOperandsCount() != 2) {
            return null;
        }
        Call c = e.getCall();
        Op op = c.getOp();
        if (op != Op.LT && op != Op.LE && op != Op.GT && op != Op.GE) {
            return null;
        }
        Expr constant;
        if (isColumn(c.getOperands(0), column)) {
            constant = c.getOperands(1);
        } else if (isColumn(c.getOperands(1), column)) {
            constant = c.getOperands(0);
            op = op == Op.LT ? Op.GT : op == Op.LE ? Op.GE : op == Op.GT ? Op.LT : Op.LE; // 5 < c is c > 5
        } else {
            return null;
        }
        PgType type = types.get(column);
        Object v = value(constant, type, types);
        if (v == null) {
            return null;
        }
        long n = v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).longValue();
        boolean lower = op == Op.GT || op == Op.GE;
        return new Bound(lower, op == Op.GE || op == Op.LE, n, v);
    }

    private static boolean isColumn(Expr e, int column) {
        return e.getKindCase() == Expr.KindCase.COLUMN && e.getColumn() == column;
    }

    /** Types whose key encoding orders as their comparison and whose values are longs (or bool). */
    private static boolean ordered(PgType t) {
        switch (t) {
            case INT2: case INT4: case INT8: case DATE: case TIMESTAMP: case TIMESTAMPTZ:
                return true;
            default:
                return false;
        }
    }

    /**
     * The value of a constant expression in {@code column}'s representation, or null when it reads a column, cannot
     * be evaluated, is NULL, has another representation, or does not fit the column's type.
     */
    private static Object value(Expr e, PgType column, List<PgType> types) {
        Object v;
        PgType t;
        try {
            CompiledExpr compiled = CompiledExpr.compile(e, types);
            if (readsColumn(e)) {
                return null;
            }
            v = compiled.eval(new Object[types.size()]);
            t = compiled.type();
        } catch (RuntimeException notEvaluable) {
            return null;
        }
        if (v == null) {
            return null;
        }
        boolean intColumn = column == PgType.INT2 || column == PgType.INT4 || column == PgType.INT8;
        boolean intValue = t == PgType.INT2 || t == PgType.INT4 || t == PgType.INT8;
        if (intColumn && intValue) {
            long n = ((Number) v).longValue();
            long min = column == PgType.INT2 ? Short.MIN_VALUE : column == PgType.INT4 ? Integer.MIN_VALUE : Long.MIN_VALUE;
            long max = column == PgType.INT2 ? Short.MAX_VALUE : column == PgType.INT4 ? Integer.MAX_VALUE : Long.MAX_VALUE;
            if (n < min || n > max) {
                return null;
            }
            return column == PgType.INT2 ? (Object) (short) n : column == PgType.INT4 ? (Object) (int) n : (Object) n;
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

    private static boolean readsColumn(Expr e) {
        switch (e.getKindCase()) {
            case COLUMN:
                return true;
            case CALL:
                for (Expr operand : e.getCall().getOperandsList()) {
                    if (readsColumn(operand)) {
                        return true;
                    }
                }
                return false;
            default:
                return false;
        }
    }
}
