package io.tessera.coordinator.sql.functions;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandTypeInference;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * PostgreSQL's array functions that neither Calcite nor pg_catalog's functions have: {@code array_append},
 * {@code array_prepend}, {@code array_replace}, {@code array_positions}, {@code array_dims} and {@code array_ndims},
 * over the arrays Tessera has (Calcite's lists; a multi-dimensional one nested lists). Elements compare as PostgreSQL's {@code IS NOT DISTINCT
 * FROM} here (a NULL finds NULLs), numbers by value. A NULL element argument takes the array's element type.
 * https://www.postgresql.org/docs/15/functions-array.html
 */
public final class ArrayFunctions {
    private static final SqlReturnTypeInference TEXT =
            ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.TO_NULLABLE);
    private static final SqlReturnTypeInference INTEGER_ARRAY = ReturnTypes.explicit(
            f -> f.createArrayType(f.createSqlType(SqlTypeName.INTEGER), -1)).andThen(SqlTypeTransforms.TO_NULLABLE);

    /** {@code array_append(anyarray, anyelement)}: the array with the element added at the end. */
    static final SqlUserDefinedFunction APPEND = function("array_append", "append",
            ReturnTypes.ARG0.andThen(SqlTypeTransforms.TO_NULLABLE), SqlTypeFamily.ARRAY, SqlTypeFamily.ANY);
    /** {@code array_prepend(anyelement, anyarray)}: the array with the element added at the start. */
    static final SqlUserDefinedFunction PREPEND = function("array_prepend", "prepend",
            ReturnTypes.ARG1.andThen(SqlTypeTransforms.TO_NULLABLE), SqlTypeFamily.ANY, SqlTypeFamily.ARRAY);
    /** {@code array_replace(anyarray, anyelement, anyelement)}: each element equal to the second replaced. */
    static final SqlUserDefinedFunction REPLACE = function("array_replace", "replace",
            ReturnTypes.ARG0.andThen(SqlTypeTransforms.TO_NULLABLE), SqlTypeFamily.ARRAY, SqlTypeFamily.ANY,
            SqlTypeFamily.ANY);
    /** {@code array_positions(anyarray, anyelement)}: the 1-based positions of the elements equal to the second. */
    static final SqlUserDefinedFunction POSITIONS = function("array_positions", "positions", INTEGER_ARRAY,
            SqlTypeFamily.ARRAY, SqlTypeFamily.ANY);
    /** {@code array_dims(anyarray)}: the bounds as text, {@code [1:3]}; NULL for an empty array. */
    static final SqlUserDefinedFunction DIMS = function("array_dims", "dims", TEXT, SqlTypeFamily.ARRAY);

    /** {@code array_ndims(anyarray)}: the number of dimensions; NULL for an empty array. */
    static final SqlUserDefinedFunction NDIMS = function("array_ndims", "ndims",
            ReturnTypes.explicit(SqlTypeName.INTEGER).andThen(SqlTypeTransforms.FORCE_NULLABLE), SqlTypeFamily.ARRAY);
    /** {@code array_out(a, elementType)}: an array as text ({@link PgRuntime#arrayText}), for casts to text. */
    static final SqlUserDefinedFunction TEXT_OUT = function("tessera_array_out", "text", TEXT, SqlTypeFamily.ARRAY,
            SqlTypeFamily.CHARACTER);

    /**
     * {@code tessera_array_filter(values, conditions)}: the values whose condition is true, NULL when none is; an
     * aggregate that keeps NULLs with FILTER as a window function ({@code WindowCalls.filteredArrayAgg}).
     */
    public static final SqlUserDefinedFunction FILTER = function("tessera_array_filter", "filter",
            ReturnTypes.ARG0.andThen(SqlTypeTransforms.FORCE_NULLABLE), SqlTypeFamily.ARRAY, SqlTypeFamily.ARRAY);

    /** {@code array_cat(anyarray, anyarray)} as {@code ||} of two arrays: typed as the first. */
    static final SqlUserDefinedFunction CAT = function("array_cat", "cat",
            ReturnTypes.ARG0.andThen(SqlTypeTransforms.TO_NULLABLE), SqlTypeFamily.ARRAY, SqlTypeFamily.ARRAY);

    /**
     * {@code tessera_array_set(a, i, v)}: {@code a} with element {@code i} set to {@code v}, what
     * {@code UPDATE t SET a[i] = v} assigns ({@link #set}).
     */
    static final SqlUserDefinedFunction SET = function("tessera_array_set", "set",
            ReturnTypes.ARG0.andThen(SqlTypeTransforms.TO_NULLABLE), SqlTypeFamily.ARRAY, SqlTypeFamily.INTEGER,
            SqlTypeFamily.ANY);

    /** The functions by name. */
    static final List<SqlUserDefinedFunction> ALL = List.of(APPEND, PREPEND, REPLACE, POSITIONS, DIMS, NDIMS,
            TEXT_OUT, FILTER, SET);

    /**
     * The function PostgreSQL's {@code ||} is for these operand types: {@code array_cat} of two arrays,
     * {@code array_append} of an array and an element, {@code array_prepend} of an element and an array; null when
     * neither operand is an array.
     */
    public static SqlUserDefinedFunction concatenation(RelDataType left, RelDataType right) {
        boolean a = left.getComponentType() != null;
        boolean b = right.getComponentType() != null;
        return a && b ? CAT : a ? APPEND : b ? PREPEND : null;
    }

    private ArrayFunctions() {
    }

    /** An operand of unknown type (a NULL) takes the element type of the call's first array operand. */
    private static final SqlOperandTypeInference ELEMENT_TYPE = (binding, returnType, operandTypes) -> {
        RelDataType element = null;
        for (int i = 0; i < binding.getOperandCount(); i++) {
            RelDataType t = binding.getOperandType(i);
            if (element == null && t.getComponentType() != null) {
                element = t.getComponentType();
            }
        }
        for (int i = 0; i < operandTypes.length; i++) {
            RelDataType t = binding.getOperandType(i);
            operandTypes[i] = t.getSqlTypeName() == SqlTypeName.NULL || t.getSqlTypeName() == SqlTypeName.UNKNOWN
                    ? binding.getTypeFactory().createTypeWithNullability(element != null ? element
                            : binding.getTypeFactory().createSqlType(SqlTypeName.VARCHAR), true) : t;
        }
    };

    private static SqlUserDefinedFunction function(String name, String method, SqlReturnTypeInference returnType,
            SqlTypeFamily... operands) {
        Method m = null;
        for (Method candidate : ArrayFunctions.class.getMethods()) {
            if (candidate.getName().equals(method)) {
                m = candidate;
            }
        }
        List<SqlTypeFamily> families = List.of(operands);
        return new SqlUserDefinedFunction(new SqlIdentifier(name, SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
                returnType, ELEMENT_TYPE, OperandTypes.operandMetadata(families, f -> {
                    List<RelDataType> types = new ArrayList<>();
                    for (SqlTypeFamily family : families) {
                        types.add(f.createSqlType(SqlTypeName.ANY));
                    }
                    return types;
                }, i -> "arg" + i, i -> false), ScalarFunctionImpl.create(m));
    }

    public static List<Object> append(List<?> array, Object element) {
        return io.tessera.executor.expr.ArrayExprs.append(array, element);
    }

    /**
     * The fragment operator a datanode evaluates {@code call} with: a subscript {@code a[i]} of a one-dimensional
     * array type, array_append, array_prepend, array_cat (the functions {@code ||} resolves to) and the element
     * assignment of {@code UPDATE ... SET a[i] = v}; null for anything else.
     */
    public static io.tessera.protocol.expr.Op pushableOp(org.apache.calcite.rex.RexCall call) {
        org.apache.calcite.sql.SqlOperator op = call.getOperator();
        if (call.getKind() == SqlKind.ITEM && call.getOperands().size() == 2
                && call.getOperands().get(0).getType().getComponentType() != null
                && call.getOperands().get(0).getType().getComponentType().getComponentType() == null
                && SqlTypeName.INT_TYPES.contains(call.getOperands().get(1).getType().getSqlTypeName())) {
            return io.tessera.protocol.expr.Op.ARRAY_SUBSCRIPT;
        }
        return op == APPEND ? io.tessera.protocol.expr.Op.ARRAY_APPEND
                : op == PREPEND ? io.tessera.protocol.expr.Op.ARRAY_PREPEND
                : op == CAT ? io.tessera.protocol.expr.Op.ARRAY_CAT
                : op == SET ? io.tessera.protocol.expr.Op.ARRAY_SET : null;
    }

    /** Whether {@code cast} converts to or from an array type, other than to the same array type. */
    public static boolean isArrayConversion(org.apache.calcite.rex.RexCall cast) {
        RelDataType from = cast.getOperands().get(0).getType();
        RelDataType to = cast.getType();
        if (from.getComponentType() == null && to.getComponentType() == null) {
            return false;
        }
        try {
            return io.tessera.coordinator.sql.TypeMapping.toPgType(from) != io.tessera.coordinator.sql.TypeMapping
                    .toPgType(to);
        } catch (io.tessera.common.error.TesseraException unsupported) {
            return true;
        }
    }

    public static List<Object> cat(List<?> a, List<?> b) {
        return io.tessera.executor.expr.ArrayExprs.cat(a, b);
    }

    public static List<Object> set(List<?> a, Integer index, Object value) {
        return io.tessera.executor.expr.ArrayExprs.set(a, index, value);
    }

    public static List<Object> prepend(Object element, List<?> array) {
        return io.tessera.executor.expr.ArrayExprs.prepend(element, array);
    }

    /**
     * The elements of {@code values} whose element of {@code conditions} (the same length: both one window frame's
     * {@code array_agg}) is true, in order; NULL when none is, as an aggregate whose FILTER passed no row.
     */
    public static List<Object> filter(List<?> values, List<?> conditions) {
        if (values == null || conditions == null) {
            return null;
        }
        assert values.size() == conditions.size() : values + " " + conditions;
        List<Object> out = null;
        for (int i = 0; i < values.size(); i++) {
            if (Boolean.TRUE.equals(conditions.get(i))) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.add(values.get(i));
            }
        }
        return out;
    }

    public static List<Object> replace(List<?> array, Object from, Object to) {
        if (array == null) {
            return null;
        }
        List<Object> out = new ArrayList<>(array.size());
        for (Object e : array) {
            out.add(notDistinct(e, from) ? to : e);
        }
        return out;
    }

    public static List<Integer> positions(List<?> array, Object element) {
        if (array == null) {
            return null;
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (notDistinct(array.get(i), element)) {
                out.add(i + 1);
            }
        }
        return out;
    }

    public static String dims(List<?> array) {
        if (array == null || array.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int d : PgRuntime.arrayDimensions(array)) {
            out.append("[1:").append(d).append(']');
        }
        return out.toString();
    }

    public static Integer ndims(List<?> array) {
        return array == null || array.isEmpty() ? null : PgRuntime.arrayDimensions(array).length;
    }

    public static String text(List<?> array, String elementType) {
        return PgRuntime.arrayText(array, elementType);
    }

    /**
     * Before validation of {@code call}: a cast of an array to a string type ({@code array[1,2]::text},
     * {@code text[]::varchar}), which Calcite refuses, becomes a cast of the array's text ({@code array_out}) to
     * that type, as PostgreSQL's I/O conversion cast does ({@code {1,2}}, {@code {{1,2},{3,4}}}).
     */
    public static void resolveTextCast(SqlValidator validator, SqlValidatorScope scope, SqlBasicCall call) {
        if (call.getKind() != SqlKind.CAST || call.operandCount() != 2
                || !(call.operand(1) instanceof SqlDataTypeSpec spec)) {
            return;
        }
        RelDataType target = spec.deriveType(validator);
        if (target == null || !SqlTypeName.CHAR_TYPES.contains(target.getSqlTypeName())
                || io.tessera.coordinator.sql.EnumValues.of(target) != null) {
            return;
        }
        RelDataType array = validator.deriveType(scope, call.operand(0));
        if (array.getComponentType() == null) {
            return;
        }
        RelDataType element = array;
        while (element.getComponentType() != null) {
            element = element.getComponentType();
        }
        SqlParserPos pos = call.operand(0).getParserPosition();
        call.setOperand(0, TEXT_OUT.createCall(pos, call.operand(0),
                SqlLiteral.createCharString(element.getSqlTypeName().name(), pos)));
    }

    private static boolean notDistinct(Object a, Object b) {
        return a == null ? b == null : b != null && PgRuntime.arrayElementsEqual(a, b);
    }
}
