package io.tessera.coordinator.sql.functions;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.pgcatalog.PgCatalogFunctions;
import io.tessera.coordinator.catalog.pgcatalog.Relations;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;
import org.apache.calcite.sql2rel.SqlRexContext;

/**
 * PostgreSQL's {@code format(formatstr text [, formatarg "any" [, ...]])}: the format string with each
 * {@code %[position][flags][width]type} specifier replaced by an argument's text — {@code %s} as is (NULL as the
 * empty string), {@code %I} as an identifier ({@code quote_ident}; NULL is 22004), {@code %L} as a literal
 * ({@code quote_literal}; NULL as {@code NULL}) — and {@code %%} by a {@code %}. Position {@code n$} picks the
 * n-th argument (later specifiers without one continue after it); flag {@code -} pads on the right; width
 * {@code n}, {@code *} or {@code *n$} pads to that many characters (a negative width from an argument pads on the
 * right). A bad specifier, or one past the last argument, is 22023. A NULL format string gives NULL.
 *
 * <p>The call {@code format(f, a, b)} converts to {@code pg_format(f, ARRAY[a::text, b::text])}
 * ({@link #convert}): each argument becomes its PostgreSQL text form (PostgreSQL formats every argument by its
 * type's output function) before {@link #format} runs on the coordinator.
 * https://www.postgresql.org/docs/15/functions-string.html#FUNCTIONS-STRING-FORMAT
 */
public final class FormatFunction {
    /** {@code format(text, any...)}: a text, NULL only for a NULL format string. */
    public static final SqlFunction FORMAT = new SqlFunction("FORMAT", SqlKind.OTHER_FUNCTION,
            ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.TO_NULLABLE), InferTypes.VARCHAR_1024,
            OperandTypes.ONE_OR_MORE, SqlFunctionCategory.STRING);

    private static final SqlUserDefinedFunction PG_FORMAT = runtime("format", 2);
    private static final SqlUserDefinedFunction PG_FORMAT_NO_ARGS = runtime("formatNoArguments", 1);
    /** A numeric's text as PostgreSQL prints it ({@code 0.00}, {@code -0.01}; Calcite's cast gives {@code .00}). */
    private static final SqlUserDefinedFunction NUMERIC_TEXT = new SqlUserDefinedFunction(
            new SqlIdentifier("pg_numeric_text", SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
            ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.TO_NULLABLE), null,
            OperandTypes.operandMetadata(List.of(SqlTypeFamily.NUMERIC),
                    f -> List.of(f.createSqlType(SqlTypeName.DECIMAL)), i -> "arg" + i, i -> false),
            ScalarFunctionImpl.create(method("numericText")));

    private FormatFunction() {
    }

    private static Method method(String name) {
        for (Method candidate : FormatFunction.class.getMethods()) {
            if (candidate.getName().equals(name)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no method " + name);
    }

    private static SqlUserDefinedFunction runtime(String method, int arity) {
        Method m = method(method);
        return new SqlUserDefinedFunction(new SqlIdentifier("pg_" + method, SqlParserPos.ZERO),
                SqlKind.OTHER_FUNCTION, ReturnTypes.explicit(SqlTypeName.VARCHAR), null,
                OperandTypes.operandMetadata(List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.ARRAY).subList(0, arity),
                        f -> List.of(f.createSqlType(SqlTypeName.VARCHAR),
                                f.createArrayType(f.createSqlType(SqlTypeName.VARCHAR), -1)).subList(0, arity),
                        i -> "arg" + i, i -> false),
                ScalarFunctionImpl.create(m));
    }

    /** {@code format(f, a, ...)} as {@code pg_format(f, ARRAY[CAST(a AS VARCHAR), ...])}. */
    static RexNode convert(SqlRexContext cx, SqlCall call) {
        RexBuilder rex = cx.getRexBuilder();
        RelDataType type = cx.getValidator().getValidatedNodeType(call);
        RelDataType text = cx.getTypeFactory().createTypeWithNullability(
                cx.getTypeFactory().createSqlType(SqlTypeName.VARCHAR), true);
        RexNode format = rex.makeCast(text, cx.convertExpression(call.operand(0)), true, false);
        List<RexNode> args = new ArrayList<>();
        for (int i = 1; i < call.operandCount(); i++) {
            RexNode arg = cx.convertExpression(call.operand(i));
            SqlTypeName argType = arg.getType().getSqlTypeName();
            args.add(argType == SqlTypeName.NULL ? rex.makeNullLiteral(text)
                    : argType == SqlTypeName.DECIMAL ? rex.makeCall(text, NUMERIC_TEXT, List.of(arg))
                    : rex.makeCast(text, arg, true, false));
        }
        if (args.isEmpty()) {
            return rex.makeCall(type, PG_FORMAT_NO_ARGS, List.of(format));
        }
        RexNode array = rex.makeCall(cx.getTypeFactory().createArrayType(text, -1),
                SqlStdOperatorTable.ARRAY_VALUE_CONSTRUCTOR, args);
        return rex.makeCall(type, PG_FORMAT, List.of(format, array));
    }

    public static String numericText(java.math.BigDecimal n) {
        return n == null ? null : n.toPlainString();
    }

    public static String formatNoArguments(String format) {
        return format(format, List.of());
    }

    /**
     * The formatted text.
     *
     * @param args the arguments' text forms, NULL where an argument is NULL
     * @throws TesseraException 22023 for a malformed specifier or too few arguments, 22004 for a NULL {@code %I}
     */
    public static String format(String format, List<?> args) {
        if (format == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        int next = 0; // the argument a specifier without a position takes (0-based)
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (at(format, i) == '%') {
                out.append('%');
                i++;
                continue;
            }
            // position
            int[] n = number(format, i);
            int position = -1;
            if (n != null && at(format, n[1]) == '$') {
                position = argumentNumber(n[0]);
                i = n[1] + 1;
            }
            boolean left = false;
            while (at(format, i) == '-') {
                left = true;
                i++;
            }
            int width = 0;
            if (at(format, i) == '*') {
                i++;
                int[] w = number(format, i);
                int widthArg;
                if (w != null && at(format, w[1]) == '$') {
                    widthArg = argumentNumber(w[0]);
                    i = w[1] + 1;
                } else {
                    widthArg = next;
                }
                next = widthArg + 1;
                Object value = argument(args, widthArg);
                width = value == null ? 0 : Integer.parseInt(value.toString().strip());
                if (width < 0) {
                    left = true;
                    width = -width;
                }
            } else {
                int[] w = number(format, i);
                if (w != null) {
                    width = w[0];
                    i = w[1];
                }
            }
            if (i >= format.length()) {
                throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                        "unterminated format() type specifier", null, "For a single \"%\" use \"%%\".", 0, null);
            }
            char type = format.charAt(i++);
            if (type != 's' && type != 'I' && type != 'L') {
                throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "unrecognized format() type specifier \""
                        + type + "\"", null, "For a single \"%\" use \"%%\".", 0, null);
            }
            int arg = position >= 0 ? position : next;
            next = arg + 1;
            Object value = argument(args, arg);
            String s = switch (type) {
                case 'I' -> {
                    if (value == null) {
                        throw new TesseraException(SqlState.NULL_VALUE_NOT_ALLOWED,
                                "null values cannot be formatted as an SQL identifier");
                    }
                    yield Relations.quote(value.toString());
                }
                case 'L' -> value == null ? "NULL" : PgCatalogFunctions.quoteLiteral(null, value.toString());
                default -> value == null ? "" : value.toString();
            };
            String pad = " ".repeat(Math.max(0, width - s.codePointCount(0, s.length())));
            out.append(left ? s + pad : pad + s);
        }
        return out.toString();
    }

    private static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    /** The decimal number at {@code i} and the offset after it, or null when no digit is there. */
    private static int[] number(String s, int i) {
        int j = i;
        long v = 0;
        while (j < s.length() && Character.isDigit(s.charAt(j))) {
            v = Math.min(Integer.MAX_VALUE, v * 10 + (s.charAt(j) - '0'));
            j++;
        }
        return j == i ? null : new int[] {(int) v, j};
    }

    /** A 1-based argument number of a {@code n$} as a 0-based index. */
    private static int argumentNumber(int n) {
        if (n == 0) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                    "format specifies argument 0, but arguments are numbered from 1");
        }
        return n - 1;
    }

    private static Object argument(List<?> args, int index) {
        if (index >= args.size()) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "too few arguments for format()");
        }
        return args.get(index);
    }
}
