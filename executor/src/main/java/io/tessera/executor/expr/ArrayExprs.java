package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.ArrayText;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's array operations over the engine's arrays (a {@code List} per dimension, lower bounds 1), shared by
 * the coordinator's functions ({@code ArrayFunctions}) and the fragment operators {@code ARRAY_SUBSCRIPT},
 * {@code ARRAY_APPEND}, {@code ARRAY_PREPEND}, {@code ARRAY_CAT} and {@code ARRAY_SET} that a datanode evaluates
 * in an UPDATE's SET and a pushed-down WHERE. https://www.postgresql.org/docs/15/arrays.html
 */
public final class ArrayExprs {
    private ArrayExprs() {
    }

    /** The evaluator of one of the array operators over its operands' evaluators. */
    static CompiledExpr.Node node(io.tessera.protocol.expr.Op op, CompiledExpr.Node[] o) {
        return switch (op) {
            case ARRAY_SUBSCRIPT -> row -> {
                Object a = o[0].eval(row);
                Object i = a == null ? null : o[1].eval(row);
                return i == null ? null : subscript((List<?>) a, ((Number) i).intValue());
            };
            case ARRAY_APPEND -> row -> append((List<?>) o[0].eval(row), o[1].eval(row));
            case ARRAY_PREPEND -> row -> prepend(o[0].eval(row), (List<?>) o[1].eval(row));
            case ARRAY_CAT -> row -> cat((List<?>) o[0].eval(row), (List<?>) o[1].eval(row));
            case ARRAY_SET -> row -> {
                Object i = o[1].eval(row);
                return set((List<?>) o[0].eval(row), i == null ? null : ((Number) i).intValue(), o[2].eval(row));
            };
            default -> throw new IllegalArgumentException(op.toString());
        };
    }

    /** An array literal of {@code type} as {@link #encodeLiteral} wrote it. */
    public static Object decodeLiteral(byte[] bytes, io.tessera.common.types.PgType type) {
        return new io.tessera.common.codec.RowCodec(List.of(type)).decodeBatch(bytes, 1).get(0)[0];
    }

    /** The bytes of an array literal of {@code type}: one {@code RowCodec} row of that type. */
    public static byte[] encodeLiteral(List<?> value, io.tessera.common.types.PgType type) {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {value});
        return new io.tessera.common.codec.RowCodec(List.of(type)).encodeBatch(rows);
    }

    /**
     * {@code a[i]} with one subscript: the element, NULL past either end and for an array of more than one
     * dimension (PostgreSQL's answer to too few subscripts).
     */
    public static Object subscript(List<?> a, int i) {
        if (i < 1 || i > a.size()) {
            return null;
        }
        Object e = a.get(i - 1);
        return e instanceof List<?> ? null : e;
    }

    /** {@code array_append(a, e)} and {@code a || e}: a NULL array is empty. */
    public static List<Object> append(List<?> a, Object e) {
        List<Object> out = a == null ? new ArrayList<>() : new ArrayList<>(a);
        out.add(e);
        return out;
    }

    /** {@code array_prepend(e, a)} and {@code e || a}: a NULL array is empty. */
    public static List<Object> prepend(Object e, List<?> a) {
        List<Object> out = new ArrayList<>();
        out.add(e);
        if (a != null) {
            out.addAll(a);
        }
        return out;
    }

    /**
     * {@code array_cat(a, b)} and {@code a || b} of two arrays (array_cat in arrayfuncs.c): a NULL one counts as
     * empty; of equal dimensions the first dimensions join, an array of one dimension fewer is one more element of
     * the other's first dimension.
     *
     * @throws TesseraException 2202E {@code cannot concatenate incompatible arrays} otherwise
     */
    public static List<Object> cat(List<?> a, List<?> b) {
        if (a == null || b == null) {
            return a == null && b == null ? null : new ArrayList<>(a == null ? b : a);
        }
        int[] da = ArrayText.dimensions(a);
        int[] db = ArrayText.dimensions(b);
        List<Object> out = new ArrayList<>(a);
        if (da.length == 0 || db.length == 0 || da.length == db.length
                && java.util.Arrays.equals(da, 1, da.length, db, 1, db.length)) {
            out.addAll(b);
        } else if (da.length == db.length + 1 && java.util.Arrays.equals(da, 1, da.length, db, 0, db.length)) {
            out.add(b);
        } else if (db.length == da.length + 1 && java.util.Arrays.equals(db, 1, db.length, da, 0, da.length)) {
            out = new ArrayList<>();
            out.add(a);
            out.addAll(b);
        } else {
            throw new TesseraException(SqlState.ARRAY_SUBSCRIPT_ERROR, "cannot concatenate incompatible arrays",
                    da.length == db.length ? "Arrays with differing element dimensions are not compatible for "
                    + "concatenation." : "Arrays with differing dimensions are not compatible for concatenation.",
                    null, 0, null);
        }
        return out;
    }

    /**
     * {@code a} with element {@code index} (1-based) set to {@code value}, as PostgreSQL's assignment to
     * {@code a[index]} of a one-dimensional array: past the end the array grows, the gap filled with NULLs.
     *
     * @throws TesseraException 22004 for a NULL subscript; 2202E for one subscript of a multi-dimensional array;
     *     0A000 where PostgreSQL's answer would not start at 1 (a subscript below 1, or other than 1 on a NULL or
     *     empty array), which Tessera's arrays cannot hold
     */
    public static List<Object> set(List<?> a, Integer index, Object value) {
        if (index == null) {
            throw new TesseraException(SqlState.NULL_VALUE_NOT_ALLOWED, "array subscript in assignment must not be null");
        }
        if (a != null && ArrayText.dimensions(a).length > 1) {
            throw new TesseraException(SqlState.ARRAY_SUBSCRIPT_ERROR, "wrong number of array subscripts");
        }
        int size = a == null ? 0 : a.size();
        if (index < 1 || size == 0 && index != 1) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "assigning to element " + index + " of "
                    + (a == null ? "a NULL" : "an empty") + " array is not supported: Tessera's arrays start at 1");
        }
        List<Object> out = a == null ? new ArrayList<>() : new ArrayList<>(a);
        while (out.size() < index) {
            out.add(null);
        }
        out.set(index - 1, value);
        return out;
    }
}
