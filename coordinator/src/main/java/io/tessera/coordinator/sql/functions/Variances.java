package io.tessera.coordinator.sql.functions;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.executor.expr.PgMath;
import io.tessera.executor.expr.PgNumerics;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code var_pop}, {@code var_samp} ({@code variance}), {@code stddev_pop} and {@code stddev_samp} ({@code stddev})
 * computed as PostgreSQL 15 computes them, in place of Calcite's reduction ({@code AggregateReduceFunctionsRule}),
 * which divides {@code sum(x) * sum(x) / count(x)} first and so rounds twice: {@code variance} of 40, 58, 23 was
 * {@code 306.3333333333333334} (PostgreSQL {@code ...333}), of smallints went through a double, and of floats lost
 * every digit to cancellation ({@code variance} of 1e10, 1e10+1, 1e10+2 was 32768, not 1).
 *
 * <p>{@link #rewrite} turns each such aggregate into sums the datanodes compute partially: {@code sum(x * x)},
 * {@code sum(x)} and {@code count(x)} of the exact value (numeric; a float's exact binary value, {@link
 * #float8Exact}), and for floats also {@code sum(x)} as float8, which carries PostgreSQL's overflow error and tells
 * whether an input was infinite or NaN. A projection above finishes with {@link #numericVariance} or {@link
 * #float8Variance}. DISTINCT aggregates keep Calcite's reduction.
 *
 * <p>Source: {@code numeric_stddev_internal} (numeric.c) for integers and numerics — exact sums, {@code N * sumX2 -
 * sumX * sumX} over {@code N * (N - 1)} (or {@code N * N}) at {@code select_div_scale}'s scale, the square root at
 * the same scale, 0 when the numerator is not positive; {@code float8_accum}/{@code float8_var_samp} (float.c) for
 * floats, whose Youngs-Cramer sums this replaces with exact ones: the result is the exactly rounded variance, which
 * can differ from PostgreSQL's in the last binary digit where PostgreSQL's own sums round.
 */
public final class Variances {
    /** {@code kind} of the runtime functions: population or sample, variance or standard deviation. */
    static final int VAR_POP = 0;
    static final int VAR_SAMP = 1;
    static final int STDDEV_POP = 2;
    static final int STDDEV_SAMP = 3;

    private Variances() {
    }

    /** {@code rel} with the variance and standard deviation aggregates of every aggregate rewritten as above. */
    public static RelNode rewrite(RelNode rel) {
        return rel.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                return visited instanceof LogicalAggregate agg ? rewrite(agg) : visited;
            }
        });
    }

    /**
     * A call of the new aggregate: {@code original} itself when {@code function} is null, else {@code function} of
     * input column {@code argument} with {@code original}'s FILTER.
     */
    private record Sum(AggregateCall original, SqlAggFunction function, int argument) {
    }

    private static int kind(AggregateCall call) {
        return switch (call.getAggregation().getKind()) {
            case VAR_POP -> VAR_POP;
            case VAR_SAMP -> VAR_SAMP;
            case STDDEV_POP -> STDDEV_POP;
            case STDDEV_SAMP -> STDDEV_SAMP;
            default -> -1;
        };
    }

    private static boolean rewritten(AggregateCall call, RelNode input) {
        if (kind(call) < 0 || call.isDistinct() || call.getArgList().size() != 1) {
            return false;
        }
        SqlTypeName t = input.getRowType().getFieldList().get(call.getArgList().get(0)).getType().getSqlTypeName();
        return SqlTypeName.INT_TYPES.contains(t) || t == SqlTypeName.DECIMAL || SqlTypeName.APPROX_TYPES.contains(t);
    }

    private static RelNode rewrite(LogicalAggregate agg) {
        RelNode input = agg.getInput();
        if (agg.getAggCallList().stream().noneMatch(c -> rewritten(c, input))) {
            return agg;
        }
        RexBuilder rb = agg.getCluster().getRexBuilder();
        RelDataTypeFactory tf = rb.getTypeFactory();
        RelDataType numeric = tf.createSqlType(SqlTypeName.DECIMAL, PgRexRewriter.UNCONSTRAINED, 0);
        List<RexNode> projects = new ArrayList<>(rb.identityProjects(input.getRowType()));
        // the new aggregate's calls: the original ones kept (function null), the sums of a rewritten one
        List<Sum> specs = new ArrayList<>();
        // per original call: the new aggregate's fields it reads (one, or the sums of a rewritten call)
        List<int[]> reads = new ArrayList<>();
        int groups = agg.getGroupCount();
        for (AggregateCall call : agg.getAggCallList()) {
            if (!rewritten(call, input)) {
                reads.add(new int[] {groups + specs.size()});
                specs.add(new Sum(call, null, -1));
                continue;
            }
            int arg = call.getArgList().get(0);
            RexNode x = rb.makeInputRef(input, arg);
            boolean floats = SqlTypeName.APPROX_TYPES.contains(x.getType().getSqlTypeName());
            RelDataType exactType = tf.createTypeWithNullability(numeric, x.getType().isNullable());
            // an unconstrained numeric (a cast to it never rescales), whose products and sums keep every digit
            RexNode exact = floats
                    ? rb.makeCall(exactType, PgRexRewriter.function("float8Exact", 1), List.of(x))
                    : rb.makeCast(exactType, x);
            int first = groups + specs.size();
            specs.add(new Sum(call, SqlStdOperatorTable.SUM, projects.size() + 1));
            specs.add(new Sum(call, SqlStdOperatorTable.SUM, projects.size()));
            specs.add(new Sum(call, SqlStdOperatorTable.COUNT, arg));
            projects.add(exact);
            projects.add(rb.makeCall(exactType, SqlStdOperatorTable.MULTIPLY, List.of(exact, exact)));
            if (floats) {
                specs.add(new Sum(call, SqlStdOperatorTable.SUM, projects.size()));
                projects.add(rb.makeCast(tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.DOUBLE),
                        x.getType().isNullable()), x));
                reads.add(new int[] {first, first + 1, first + 2, first + 3});
            } else {
                reads.add(new int[] {first, first + 1, first + 2});
            }
        }
        RelNode newInput = LogicalProject.create(input, List.of(), projects, (List<String>) null, Set.of());
        List<AggregateCall> calls = new ArrayList<>();
        for (Sum spec : specs) {
            AggregateCall call = spec.original();
            calls.add(spec.function() == null ? call : AggregateCall.create(call.getParserPosition(),
                    spec.function(), false, false, false, List.of(), List.of(spec.argument()), call.filterArg,
                    null, RelCollations.EMPTY, groups, newInput, null, null));
        }
        LogicalAggregate sums = LogicalAggregate.create(newInput, agg.getHints(), agg.getGroupSet(),
                agg.getGroupSets(), calls);
        List<RexNode> top = new ArrayList<>();
        for (int i = 0; i < groups; i++) {
            top.add(rb.makeInputRef(sums, i));
        }
        for (int i = 0; i < agg.getAggCallList().size(); i++) {
            AggregateCall call = agg.getAggCallList().get(i);
            int[] r = reads.get(i);
            if (r.length == 1) {
                top.add(rb.makeInputRef(sums, r[0]));
                continue;
            }
            List<RexNode> args = new ArrayList<>();
            for (int f : r) {
                args.add(rb.makeInputRef(sums, f));
            }
            args.add(rb.makeExactLiteral(BigDecimal.valueOf(kind(call))));
            String method = r.length == 4 ? "float8Variance" : "numericVariance";
            RelDataType type = tf.createTypeWithNullability(call.getType(), true);
            top.add(rb.makeCall(type, PgRexRewriter.function(method, args.size()), args));
        }
        return LogicalProject.create(sums, List.of(), top, agg.getRowType().getFieldNames(), Set.of());
    }

    /**
     * A float's exact binary value as a numeric, for exact sums; an infinity or NaN is 0 here (the float8 sum beside
     * it carries them).
     */
    public static BigDecimal float8Exact(Number x) {
        if (x == null) {
            return null;
        }
        double d = x.doubleValue();
        return Double.isFinite(d) ? new BigDecimal(d) : BigDecimal.ZERO;
    }

    /**
     * The end of {@code var_pop}/{@code var_samp}/{@code stddev_pop}/{@code stddev_samp} of integers and numerics,
     * as {@code numeric_stddev_internal}: NULL over no values, or over one for the sample forms; 0 (scale 0) when
     * {@code N * sumX2 - sumX * sumX} is not positive; else that over {@code N * (N - 1)} (sample) or {@code N * N}
     * at {@code select_div_scale}'s scale, and the square root at the same scale for the standard deviations.
     *
     * @param sumSquares the exact sum of the squares, null over no values
     * @param sum the exact sum
     * @param count the number of values
     * @param kind {@link #VAR_POP}, {@link #VAR_SAMP}, {@link #STDDEV_POP} or {@link #STDDEV_SAMP}
     */
    public static BigDecimal numericVariance(Number sumSquares, Number sum, Number count, int kind) {
        long n = count == null ? 0 : count.longValue();
        boolean sample = kind == VAR_SAMP || kind == STDDEV_SAMP;
        if (n == 0 || sample && n == 1) {
            return null;
        }
        BigDecimal sx = PgRuntime.numeric(sum);
        BigDecimal sxx = PgRuntime.numeric(sumSquares);
        BigDecimal bn = BigDecimal.valueOf(n);
        BigDecimal numerator = bn.multiply(sxx).subtract(sx.multiply(sx));
        numerator = numerator.setScale(Math.max(numerator.scale(), sx.scale() * 2)); // dscale: sumX's twice
        if (numerator.signum() <= 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal denominator = bn.multiply(sample ? BigDecimal.valueOf(n - 1) : bn);
        BigDecimal variance = PgNumerics.divide(numerator, denominator);
        return kind == STDDEV_POP || kind == STDDEV_SAMP ? PgMath.sqrt(variance, variance.scale()) : variance;
    }

    /**
     * The end of the four aggregates over {@code float4}/{@code float8}, as {@code float8_var_samp} & co.: NULL over
     * no values (or one, sample); NaN when an input was infinite or NaN ({@code sumFloat8} is then not finite); 0
     * when the exact numerator is not positive; else the exactly rounded variance, and {@code sqrt} of that double for
     * the standard deviations.
     *
     * @throws TesseraException 22003 when the variance of finite inputs overflows float8
     */
    public static Double float8Variance(Number sumSquares, Number sum, Number count, Number sumFloat8, int kind) {
        long n = count == null ? 0 : count.longValue();
        boolean sample = kind == VAR_SAMP || kind == STDDEV_SAMP;
        if (n == 0 || sample && n == 1) {
            return null;
        }
        if (!Double.isFinite(sumFloat8.doubleValue())) {
            return Double.NaN;
        }
        BigDecimal sx = PgRuntime.numeric(sum);
        BigDecimal bn = BigDecimal.valueOf(n);
        BigDecimal numerator = bn.multiply(PgRuntime.numeric(sumSquares)).subtract(sx.multiply(sx));
        if (numerator.signum() <= 0) {
            return 0.0;
        }
        BigDecimal denominator = bn.multiply(sample ? BigDecimal.valueOf(n - 1) : bn);
        double variance = numerator.divide(denominator, MathContext.DECIMAL128).doubleValue();
        if (Double.isInfinite(variance)) {
            throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow");
        }
        return kind == STDDEV_POP || kind == STDDEV_SAMP ? Math.sqrt(variance) : variance;
    }
}
