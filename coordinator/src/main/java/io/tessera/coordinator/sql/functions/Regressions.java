package io.tessera.coordinator.sql.functions;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * PostgreSQL's two-argument statistics aggregates ({@code corr}, {@code covar_pop}, {@code covar_samp} and the nine
 * {@code regr_*}) computed with PostgreSQL's own float8 arithmetic: the Youngs-Cramer sums of {@code
 * float8_regr_accum} over the rows in the order they arrive, then the final function of each ({@code float8_corr},
 * {@code float8_regr_slope} ... in float.c). Calcite's reductions divide sums of squares instead, which differs in
 * the last digits PostgreSQL prints ({@code regr_sxx} of 2, 3.5, 7, 11 is 48.18749999999999 in PostgreSQL, 48.1875
 * exactly), and its {@code covar_pop} counted a pair with one NULL.
 *
 * <p>The parser leaves {@code corr(y, x)} an ordinary call (the names are non-reserved here, as in PostgreSQL);
 * {@link #rewriteAggregate} turns it into the collected pairs made into the result:
 * <pre>
 *   corr(y, x) FILTER (WHERE f) OVER w
 *     ==&gt; pg_regr(array_agg(ARRAY[y::float8, x::float8]) FILTER (WHERE f) OVER w, kind)
 * </pre>
 * so the pairs are collected where {@code array_agg} is (partially on the datanodes, concatenated on the
 * coordinator; over a window frame as a window function) and {@link #regression} runs {@code float8_regr_accum}
 * over them, skipping a pair with a NULL. The state is the pairs themselves: memory grows with the group's rows.
 * Rows reach the accumulation in the order they are collected; PostgreSQL's results depend on that order in the
 * last binary digit, as its own parallel plans' ({@code float8_regr_combine}) do.
 */
public final class Regressions {
    /** The aggregates, each by its final function's kind. */
    private static final Map<String, Integer> KINDS = Map.ofEntries(Map.entry("regr_count", 0),
            Map.entry("regr_sxx", 1), Map.entry("regr_syy", 2), Map.entry("regr_sxy", 3),
            Map.entry("regr_avgx", 4), Map.entry("regr_avgy", 5), Map.entry("regr_r2", 6),
            Map.entry("regr_slope", 7), Map.entry("regr_intercept", 8), Map.entry("covar_pop", 9),
            Map.entry("covar_samp", 10), Map.entry("corr", 11));

    /** The float8 result of the collected pairs: {@link #regression}. */
    private static final SqlUserDefinedFunction REGRESSION = runtime("pg_regr", "regression",
            ReturnTypes.explicit(SqlTypeName.DOUBLE).andThen(SqlTypeTransforms.FORCE_NULLABLE));
    /** regr_count's bigint of the collected pairs: {@link #regressionCount}. */
    private static final SqlUserDefinedFunction COUNT = runtime("pg_regr_count", "regressionCount",
            ReturnTypes.explicit(SqlTypeName.BIGINT));

    private Regressions() {
    }

    /** The rewrite's own functions, which the validator looks up by name. */
    static List<SqlUserDefinedFunction> functions() {
        return List.of(REGRESSION, COUNT);
    }

    private static SqlUserDefinedFunction runtime(String name, String method,
            org.apache.calcite.sql.type.SqlReturnTypeInference type) {
        Method m = null;
        for (Method candidate : Regressions.class.getMethods()) {
            if (candidate.getName().equals(method)) {
                m = candidate;
            }
        }
        if (m == null) {
            throw new IllegalStateException("Regressions has no method " + method);
        }
        List<SqlTypeFamily> families = m.getParameterCount() == 2 ? List.of(SqlTypeFamily.ANY, SqlTypeFamily.INTEGER)
                : List.of(SqlTypeFamily.ANY);
        List<SqlTypeName> types = m.getParameterCount() == 2 ? List.of(SqlTypeName.ANY, SqlTypeName.INTEGER)
                : List.of(SqlTypeName.ANY);
        return new SqlUserDefinedFunction(new SqlIdentifier(name, SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION, type,
                null, OperandTypes.operandMetadata(families, f -> types.stream().map(f::createSqlType).toList(),
                        i -> "arg" + i, i -> false), ScalarFunctionImpl.create(m));
    }

    /**
     * {@code corr(y, x)} and its kin, with their FILTER and OVER, rewritten as above; null when {@code node} is no
     * call of one of them with two arguments (other arities fail as undefined functions, 42883, as in PostgreSQL).
     */
    public static SqlNode rewriteAggregate(SqlNode node) {
        SqlNode inner = node;
        SqlCall wrapper = null;
        while (inner instanceof SqlCall c && (c.getKind() == SqlKind.FILTER || c.getKind() == SqlKind.OVER)) {
            wrapper = c;
            inner = c.operand(0);
        }
        if (!(inner instanceof SqlBasicCall agg)) {
            return null;
        }
        // corr(y, x ORDER BY z): the ORDER BY is the last operand, and orders the accumulation
        int count = agg.operandCount();
        SqlNode orderBy = count > 0 && agg.operand(count - 1) instanceof org.apache.calcite.sql.SqlNodeList l
                ? l : null;
        if (count - (orderBy == null ? 0 : 1) != 2) {
            return null;
        }
        Integer kind = KINDS.get(agg.getOperator().getName().toLowerCase(Locale.ROOT));
        if (kind == null || !(agg.getOperator() instanceof org.apache.calcite.sql.SqlUnresolvedFunction
                || agg.getOperator() instanceof org.apache.calcite.sql.SqlAggFunction)) {
            return null;
        }
        boolean window = node instanceof SqlCall top && top.getKind() == SqlKind.OVER;
        SqlParserPos pos = agg.getParserPosition();
        SqlNode pair = SqlStdOperatorTable.ARRAY_VALUE_CONSTRUCTOR.createCall(pos, float8(agg.operand(0), pos),
                float8(agg.operand(1), pos));
        // array_agg as the parser leaves a user's call, resolved by name
        org.apache.calcite.sql.SqlOperator arrayAgg = new org.apache.calcite.sql.SqlUnresolvedFunction(
                new SqlIdentifier("array_agg", pos), null, null, null, null,
                org.apache.calcite.sql.SqlFunctionCategory.USER_DEFINED_FUNCTION);
        SqlNode collected = orderBy == null ? arrayAgg.createCall(agg.getFunctionQuantifier(), pos, pair)
                : arrayAgg.createCall(agg.getFunctionQuantifier(), pos, pair, orderBy);
        if (wrapper != null) {
            wrapper.setOperand(0, collected);
            collected = window && wrapper.getKind() == SqlKind.FILTER
                    ? io.tessera.coordinator.sql.rule.WindowCalls.filteredArrayAgg((SqlCall) node) : node;
        }
        return kind == 0 ? COUNT.createCall(pos, collected)
                : REGRESSION.createCall(pos, collected, SqlLiteral.createExactNumeric(Integer.toString(kind), pos));
    }

    private static SqlNode float8(SqlNode x, SqlParserPos pos) {
        return SqlStdOperatorTable.CAST.createCall(pos, x,
                new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.DOUBLE, pos), pos));
    }

    /** {@code regr_count}: the collected pairs with neither value NULL; 0 over none. */
    public static Long regressionCount(Object pairs) {
        return (long) accumulate(pairs)[0];
    }

    /**
     * The float8 result of the aggregate {@code kind} ({@link #KINDS}) of the collected {@code [y, x]} pairs, as
     * PostgreSQL's final functions: NULL over no pairs (one, for covar_samp); NULL for corr, regr_r2, regr_slope and
     * regr_intercept when the x values are all equal (corr also when the y values are), regr_r2 1 when the y values
     * are.
     *
     * @throws TesseraException 22003 {@code value out of range: overflow} when a sum of finite inputs overflows
     */
    public static Double regression(Object pairs, Integer kind) {
        double[] t = accumulate(pairs);
        double n = t[0];
        double sx = t[1];
        double sxx = t[2];
        double sy = t[3];
        double syy = t[4];
        double sxy = t[5];
        if (n < 1.0 || kind == 10 && n < 2.0) {
            return null;
        }
        return switch (kind) {
            case 1 -> sxx;
            case 2 -> syy;
            case 3 -> sxy;
            case 4 -> sx / n;
            case 5 -> sy / n;
            case 6 -> sxx == 0 ? null : syy == 0 ? 1.0 : sxy * sxy / (sxx * syy);
            case 7 -> sxx == 0 ? null : sxy / sxx;
            case 8 -> sxx == 0 ? null : (sy - sx * sxy / sxx) / n;
            case 9 -> sxy / n;
            case 10 -> sxy / (n - 1.0);
            case 11 -> sxx == 0 || syy == 0 ? null : sxy / Math.sqrt(sxx * syy);
            default -> throw new IllegalArgumentException("regression kind " + kind);
        };
    }

    /**
     * {@code float8_regr_accum} (PostgreSQL 15, float.c) over the pairs with neither value NULL, in order: {@code
     * [N, Sx, Sxx, Sy, Syy, Sxy]}, where Sxx, Syy and Sxy are the Youngs-Cramer sums of the squared deviations and
     * their product, NaN once an input was infinite or NaN.
     */
    private static double[] accumulate(Object pairs) {
        double[] t = new double[6];
        if (pairs == null) {
            return t;
        }
        for (Object pair : (List<?>) pairs) {
            if (pair == null) {
                continue;
            }
            List<?> yx = pair instanceof List<?> l ? l : java.util.Arrays.asList((Object[]) pair);
            if (yx.get(0) == null || yx.get(1) == null) {
                continue;
            }
            accumulate(t, ((Number) yx.get(0)).doubleValue(), ((Number) yx.get(1)).doubleValue());
        }
        return t;
    }

    private static void accumulate(double[] t, double newvalY, double newvalX) {
        double n = t[0] + 1.0;
        double sx = t[1] + newvalX;
        double sxx = t[2];
        double sy = t[3] + newvalY;
        double syy = t[4];
        double sxy = t[5];
        if (t[0] > 0.0) {
            double tmpX = newvalX * n - sx;
            double tmpY = newvalY * n - sy;
            double scale = 1.0 / (n * t[0]);
            sxx += tmpX * tmpX * scale;
            syy += tmpY * tmpY * scale;
            sxy += tmpX * tmpY * scale;
            if (Double.isInfinite(sx) || Double.isInfinite(sxx) || Double.isInfinite(sy) || Double.isInfinite(syy)
                    || Double.isInfinite(sxy)) {
                if ((Double.isInfinite(sx) || Double.isInfinite(sxx)) && !Double.isInfinite(t[1])
                        && !Double.isInfinite(newvalX)
                        || (Double.isInfinite(sy) || Double.isInfinite(syy)) && !Double.isInfinite(t[3])
                        && !Double.isInfinite(newvalY)
                        || Double.isInfinite(sxy) && !Double.isInfinite(t[1]) && !Double.isInfinite(newvalX)
                        && !Double.isInfinite(t[3]) && !Double.isInfinite(newvalY)) {
                    throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow");
                }
                if (Double.isInfinite(sxx)) {
                    sxx = Double.NaN;
                }
                if (Double.isInfinite(syy)) {
                    syy = Double.NaN;
                }
                if (Double.isInfinite(sxy)) {
                    sxy = Double.NaN;
                }
            }
        } else {
            // the first input: Inf or NaN makes the dependent sums NaN, not a false variance of zero
            if (Double.isNaN(newvalX) || Double.isInfinite(newvalX)) {
                sxx = Double.NaN;
                sxy = Double.NaN;
            }
            if (Double.isNaN(newvalY) || Double.isInfinite(newvalY)) {
                syy = Double.NaN;
                sxy = Double.NaN;
            }
        }
        t[0] = n;
        t[1] = sx;
        t[2] = sxx;
        t[3] = sy;
        t[4] = syy;
        t[5] = sxy;
    }
}
