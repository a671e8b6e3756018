package io.tessera.coordinator.sql.rule;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexFieldCollation;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexWindow;
import org.apache.calcite.rex.RexWindowBound;
import org.apache.calcite.rex.RexWindowBounds;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Window functions whose Calcite implementation is missing or differs from PostgreSQL's, rewritten into ones it
 * implements, with PostgreSQL's definitions (PostgreSQL 15, {@code src/backend/utils/adt/windowfuncs.c}):
 * <ul>
 *   <li>{@code nth_value(x, n) OVER w} (NULL when {@code n} is): Calcite returns the n-th row of the partition counted from the frame's start
 *       even when that row lies past the frame's end; PostgreSQL returns NULL then. Rewritten as {@code CASE WHEN
 *       count(*) OVER w >= n THEN nth_value(x, n) OVER w END} (the frame holds at least n rows exactly when its n-th
 *       row exists).</li>
 *   <li>{@code percent_rank()}: {@code (rank - 1) / (rows in the partition - 1)} as double precision, 0 for a
 *       partition of one row.</li>
 *   <li>{@code ntile(n)}: {@code PgRuntime.ntile(n, row_number(), rows in the partition)}, {@code n} read at the
 *       partition's first row ({@code first_value(n)} unless a constant); Calcite's buckets were
 *       wrong ({@code ntile(10)} over 4 rows gave 1, 3, 6, 8) and it took no check of {@code n} (22014).</li>
 *   <li>{@code array_agg(x)}: {@code ArrayAgg.WINDOW}, NULLs kept and each row's array its own (Calcite's was the
 *       whole partition's on every row under a running frame).</li>
 *   <li>{@code cume_dist()}: {@code rows up to and including the current row's last peer / rows in the partition}
 *       as double precision, the first count a {@code RANGE UNBOUNDED PRECEDING} frame over the ORDER BY.</li>
 * </ul>
 * Calcite's enumerable windows had no implementation of the last two ("Unable to implement").
 */
public final class WindowFunctionRewrites {
    /**
     * Calcite's ProjectToWindowRule for projections over at least one column: over none it fails (an
     * ArrayIndexOutOfBoundsException in CalcRelSplitter); {@link #keepAColumnUnderWindows} gives such a projection
     * an equivalent over one column.
     */
    public static final org.apache.calcite.plan.RelOptRule PROJECT_TO_WINDOW = org.apache.calcite.rel.rules
            .ProjectToWindowRule.ProjectToLogicalProjectAndWindowRule.ProjectToLogicalProjectAndWindowRuleConfig
            .DEFAULT.withOperandSupplier(b -> b.operand(org.apache.calcite.rel.logical.LogicalProject.class)
                    .predicate(p -> p.containsOver() && p.getInput().getRowType().getFieldCount() > 0).anyInputs())
            .withDescription("ProjectToWindowRule:project-over-columns").toRule();

    private WindowFunctionRewrites() {
    }

    /** {@code rel} with the window functions above rewritten in every projection. */
    public static RelNode rewrite(RelNode rel) {
        return rewriteWindowProjects(rel,
                project -> project.accept(new Rewriter(project.getCluster().getRexBuilder())));
    }

    /**
     * {@code rel} with a constant column under each projection of window functions whose input has no columns
     * ({@code select count(*) over () from t}, after trimming): Calcite's ProjectToWindowRule fails on such an input
     * (an ArrayIndexOutOfBoundsException in CalcRelSplitter). The column is never output.
     */
    public static RelNode keepAColumnUnderWindows(RelNode rel) {
        return rewriteWindowProjects(rel, project -> {
            RelNode input = project.getInput();
            if (input.getRowType().getFieldCount() > 0) {
                return project;
            }
            RexBuilder rex = project.getCluster().getRexBuilder();
            RelNode widened = org.apache.calcite.rel.logical.LogicalProject.create(input, List.of(),
                    List.of(rex.makeExactLiteral(java.math.BigDecimal.ZERO)), List.of("window_input"),
                    com.google.common.collect.ImmutableSet.of());
            return project.copy(project.getTraitSet(), widened, project.getProjects(), project.getRowType());
        });
    }

    /** {@code rel} with each projection that computes window functions replaced by {@code rewrite}'s result. */
    static RelNode rewriteWindowProjects(RelNode rel, java.util.function.Function<Project, RelNode> rewrite) {
        return rel.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                if (visited instanceof Project project && RexOver.containsOver(project.getProjects(), null)) {
                    return rewrite.apply(project);
                }
                return visited;
            }
        });
    }

    private static final class Rewriter extends RexShuttle {
        private final RexBuilder rex;

        Rewriter(RexBuilder rex) {
            this.rex = rex;
        }

        @Override
        public RexNode visitOver(RexOver over) {
            RexWindow w = over.getWindow();
            return switch (over.getAggOperator().getKind()) {
                case NTH_VALUE -> org.apache.calcite.rex.RexUtil.isNullLiteral(over.getOperands().get(1), true)
                        ? rex.makeNullLiteral(over.getType()) // nth_value(x, NULL) is NULL, as in PostgreSQL
                        : rex.makeCall(SqlStdOperatorTable.CASE,
                        rex.makeCall(SqlStdOperatorTable.GREATER_THAN_OR_EQUAL,
                                count(w.partitionKeys, w.orderKeys, w.getLowerBound(), w.getUpperBound(), w.isRows()),
                                runtime("nthValuePosition", SqlTypeName.BIGINT, over.getOperands().get(1))),
                        over, rex.makeNullLiteral(over.getType()));
                case NTILE -> rex.makeCast(over.getType(), runtime("ntile", SqlTypeName.INTEGER,
                        atPartitionStart(over.getOperands().get(0), w),
                        over(SqlStdOperatorTable.ROW_NUMBER, w.partitionKeys, w.orderKeys,
                                RexWindowBounds.UNBOUNDED_PRECEDING, RexWindowBounds.CURRENT_ROW, true),
                        count(w.partitionKeys, ImmutableList.of(), RexWindowBounds.UNBOUNDED_PRECEDING,
                                RexWindowBounds.UNBOUNDED_FOLLOWING, true)));
                case PERCENT_RANK -> {
                    RexNode rows = count(w.partitionKeys, ImmutableList.of(), RexWindowBounds.UNBOUNDED_PRECEDING,
                            RexWindowBounds.UNBOUNDED_FOLLOWING, true);
                    RexNode rank = over(SqlStdOperatorTable.RANK, w.partitionKeys, w.orderKeys,
                            RexWindowBounds.UNBOUNDED_PRECEDING, RexWindowBounds.CURRENT_ROW, false);
                    RexNode one = rex.makeExactLiteral(java.math.BigDecimal.ONE);
                    yield rex.makeCall(SqlStdOperatorTable.CASE,
                            rex.makeCall(SqlStdOperatorTable.LESS_THAN_OR_EQUAL, rows, one),
                            rex.makeApproxLiteral(java.math.BigDecimal.ZERO, over.getType()),
                            rex.makeCall(SqlStdOperatorTable.DIVIDE,
                                    toDouble(rex.makeCall(SqlStdOperatorTable.MINUS, rank, one), over.getType()),
                                    toDouble(rex.makeCall(SqlStdOperatorTable.MINUS, rows, one), over.getType())));
                }
                case CUME_DIST -> rex.makeCall(SqlStdOperatorTable.DIVIDE,
                        toDouble(count(w.partitionKeys, w.orderKeys, RexWindowBounds.UNBOUNDED_PRECEDING,
                                RexWindowBounds.CURRENT_ROW, false), over.getType()),
                        toDouble(count(w.partitionKeys, ImmutableList.of(), RexWindowBounds.UNBOUNDED_PRECEDING,
                                RexWindowBounds.UNBOUNDED_FOLLOWING, true), over.getType()));
                case LEAD, LAG -> leadLag(over);
                case ARRAY_AGG -> over.getOperands().size() != 1 || over.ignoreNulls() ? over
                        : rex.makeOver(over.getType(), io.tessera.coordinator.sql.functions.ArrayAgg.WINDOW,
                                over.getOperands(), w.partitionKeys, w.orderKeys, w.getLowerBound(),
                                w.getUpperBound(), w.getExclude(), w.isRows(), true, false, over.isDistinct(), false);
                case STRING_AGG -> stringAgg(over);
                default -> super.visitOver(over);
            };
        }

        /**
         * {@code string_agg(s, 'd') OVER w} of text with a constant delimiter as {@code PgRuntime.windowStringAgg}
         * of the frame's values ({@code array_agg(s) OVER w}, {@code ArrayAgg.WINDOW}): Calcite could not implement
         * string_agg as a window ("Unable to implement"). A NULL delimiter is {@code ''}; any other delimiter
         * {@code PgRuntime.windowStringAggDelimited} of the frame's values and delimiters. Over bytea it is left as
         * it is.
         */
        private RexNode stringAgg(RexOver over) {
            List<RexNode> ops = over.getOperands();
            if (ops.size() != 2 || over.isDistinct() || over.ignoreNulls()
                    || !SqlTypeName.CHAR_TYPES.contains(ops.get(0).getType().getSqlTypeName())
                    || !SqlTypeName.CHAR_TYPES.contains(ops.get(1).getType().getSqlTypeName())
                    && !org.apache.calcite.rex.RexUtil.isNullLiteral(ops.get(1), true)) {
                return super.visitOver(over);
            }
            RelDataType text = rex.getTypeFactory().createTypeWithNullability(over.getType(), true);
            if (org.apache.calcite.rex.RexUtil.isNullLiteral(ops.get(1), true)) { // a NULL delimiter adds nothing
                return io.tessera.coordinator.sql.functions.PgRexRewriter.runtimeCall(rex, text, "windowStringAgg",
                        List.of(frameArray(over, ops.get(0)), rex.makeLiteral("")));
            }
            if (ops.get(1) instanceof org.apache.calcite.rex.RexLiteral) {
                return io.tessera.coordinator.sql.functions.PgRexRewriter.runtimeCall(rex, text, "windowStringAgg",
                        List.of(frameArray(over, ops.get(0)), ops.get(1)));
            }
            // each value after its own row's delimiter: the frame's delimiters beside its values
            return io.tessera.coordinator.sql.functions.PgRexRewriter.runtimeCall(rex, text,
                    "windowStringAggDelimited", List.of(frameArray(over, ops.get(0)), frameArray(over, ops.get(1))));
        }

        /** {@code array_agg(x) OVER w} ({@code ArrayAgg.WINDOW}) over {@code over}'s window. */
        private RexNode frameArray(RexOver over, RexNode x) {
            RexWindow w = over.getWindow();
            RelDataType array = rex.getTypeFactory().createTypeWithNullability(
                    rex.getTypeFactory().createArrayType(x.getType(), -1), true);
            return rex.makeOver(array, io.tessera.coordinator.sql.functions.ArrayAgg.WINDOW, List.of(x),
                    w.partitionKeys, w.orderKeys, w.getLowerBound(), w.getUpperBound(), w.getExclude(), w.isRows(),
                    true, false, false, false);
        }

        /**
         * {@code lead}/{@code lag} as PostgreSQL: NULL for a NULL offset (Calcite's code failed to unbox it), the
         * value and the default of the call's type (below), Calcite's operator.
         */
        private RexNode leadLag(RexOver over) {
            List<RexNode> operands = over.getOperands();
            if (operands.size() < 2) {
                return withCalciteOperator(over);
            }
            RexNode offset = operands.get(1);
            RelDataType nullable = rex.getTypeFactory().createTypeWithNullability(over.getType(), true);
            if (org.apache.calcite.rex.RexUtil.isNullLiteral(offset, true)) {
                return rex.makeNullLiteral(nullable);
            }
            if (!offset.getType().isNullable()) {
                return withCalciteOperator(withDefaultOfValueType(withCommonType(over)));
            }
            // lag(x, n) → CASE WHEN n IS NULL THEN NULL ELSE lag(x, COALESCE(n, 0)) END
            List<RexNode> args = new java.util.ArrayList<>(operands);
            args.set(1, rex.makeCast(rex.getTypeFactory().createTypeWithNullability(offset.getType(), false),
                    rex.makeCall(SqlStdOperatorTable.COALESCE, offset, rex.makeZeroLiteral(offset.getType())),
                    true, false));
            RexWindow w = over.getWindow();
            RexOver total = (RexOver) rex.makeOver(over.getType(), over.getAggOperator(), args, w.partitionKeys,
                    w.orderKeys, w.getLowerBound(), w.getUpperBound(), w.getExclude(), w.isRows(), true, false,
                    over.isDistinct(), over.ignoreNulls());
            return rex.makeCall(nullable, SqlStdOperatorTable.CASE, List.of(
                    rex.makeCall(SqlStdOperatorTable.IS_NULL, offset), rex.makeNullLiteral(nullable),
                    withCalciteOperator(withDefaultOfValueType(withCommonType(total)))));
        }

        /**
         * {@code lead(x, n, d)}/{@code lag(x, n, d)} with {@code x} and {@code d} cast to the call's integer or float
         * type where theirs differs (PostgreSQL's anycompatible: {@code lag(int, 1, bigint)} is bigint, {@code
         * lead(float8, 1, 0)} float8; Calcite's code read the value as the call's Java type and failed).
         */
        private RexOver withCommonType(RexOver over) {
            SqlTypeName type = over.getType().getSqlTypeName();
            if (over.getOperands().size() != 3
                    || !SqlTypeName.INT_TYPES.contains(type) && !SqlTypeName.APPROX_TYPES.contains(type)) {
                return over;
            }
            List<RexNode> args = new java.util.ArrayList<>(over.getOperands());
            boolean changed = false;
            for (int i : new int[] {0, 2}) {
                RexNode e = args.get(i);
                if (e.getType().getSqlTypeName() != type) {
                    args.set(i, rex.makeCast(rex.getTypeFactory().createTypeWithNullability(
                            rex.getTypeFactory().createSqlType(type), e.getType().isNullable()), e));
                    changed = true;
                }
            }
            if (!changed) {
                return over;
            }
            RexWindow w = over.getWindow();
            return (RexOver) rex.makeOver(over.getType(), over.getAggOperator(), args, w.partitionKeys, w.orderKeys,
                    w.getLowerBound(), w.getUpperBound(), w.getExclude(), w.isRows(), true, false, over.isDistinct(),
                    over.ignoreNulls());
        }

        /**
         * {@code lead(x, n, d)}/{@code lag(x, n, d)} with {@code d} cast to {@code x}'s type where that type holds
         * {@code d}'s value exactly (PostgreSQL's anycompatible: {@code lead(v numeric, 1, 0)}); Calcite's code for a
         * default of another Java type did not compile. Where it does not (an integer value with a numeric default, a
         * numeric of a smaller scale), PostgreSQL's result type widens; that case is left as it is (an error, never
         * a rounded value).
         */
        private RexNode withDefaultOfValueType(RexOver over) {
            if (over.getOperands().size() != 3) {
                return over;
            }
            RelDataType value = over.getOperands().get(0).getType();
            RexNode fallback = over.getOperands().get(2);
            RelDataType from = fallback.getType();
            boolean exact = SqlTypeName.EXACT_TYPES.contains(from.getSqlTypeName());
            // only casts that cannot change the default's value silently: an exact number into a numeric of at
            // least its scale (too many integer digits is 22003), a narrower integer into a wider one
            boolean lossless = value.getSqlTypeName() == SqlTypeName.DECIMAL
                    ? exact && from.getScale() <= value.getScale()
                    : SqlTypeName.INT_TYPES.contains(value.getSqlTypeName())
                            && SqlTypeName.INT_TYPES.contains(from.getSqlTypeName())
                            && value.getSqlTypeName().ordinal() >= from.getSqlTypeName().ordinal();
            if (from.getSqlTypeName() == value.getSqlTypeName() || !lossless) {
                return over;
            }
            // a numeric default keeps its own scale, as in PostgreSQL (lead(v numeric(10,2), 1, 0) gives 0): the
            // common type of numerics is the unconstrained numeric, which a cast never rescales (PgJavaTypeFactory)
            RelDataType target = value.getSqlTypeName() == SqlTypeName.DECIMAL
                    ? rex.getTypeFactory().leastRestrictive(List.of(value, from)) : value;
            if (target == null || target.getSqlTypeName() != value.getSqlTypeName()) {
                return over;
            }
            RexNode cast = rex.makeCast(rex.getTypeFactory().createTypeWithNullability(target,
                    fallback.getType().isNullable()), fallback);
            RexWindow w = over.getWindow();
            return rex.makeOver(over.getType(), over.getAggOperator(),
                    List.of(over.getOperands().get(0), over.getOperands().get(1), cast), w.partitionKeys, w.orderKeys,
                    w.getLowerBound(), w.getUpperBound(), w.getExclude(), w.isRows(), true, false, over.isDistinct(),
                    over.ignoreNulls());
        }

        /**
         * {@code e} as PostgreSQL's {@code ntile} reads its argument: once per partition, at its first row
         * ({@code first_value(e)} in the window's order; a constant as it is).
         */
        private RexNode atPartitionStart(RexNode e, RexWindow w) {
            if (e instanceof org.apache.calcite.rex.RexLiteral) {
                return e;
            }
            return rex.makeOver(e.getType(), SqlStdOperatorTable.FIRST_VALUE, List.of(e), w.partitionKeys,
                    w.orderKeys, RexWindowBounds.UNBOUNDED_PRECEDING, RexWindowBounds.CURRENT_ROW, true, true, false,
                    false, false);
        }

        /**
         * {@code over} calling Calcite's own LAG or LEAD, whose implementation its enumerable windows find by the
         * operator's identity, with the type {@code over} has ({@code WindowFunctions}' PostgreSQL typing).
         */
        private RexNode withCalciteOperator(RexNode call) {
            if (!(call instanceof RexOver over)) {
                return call;
            }
            SqlAggFunction calcite = over.getAggOperator().getKind() == org.apache.calcite.sql.SqlKind.LAG
                    ? SqlStdOperatorTable.LAG : SqlStdOperatorTable.LEAD;
            if (over.getAggOperator() == calcite) {
                return over;
            }
            RexWindow w = over.getWindow();
            return rex.makeOver(over.getType(), calcite, over.getOperands(), w.partitionKeys, w.orderKeys,
                    w.getLowerBound(), w.getUpperBound(), w.getExclude(), w.isRows(), true, false, over.isDistinct(),
                    over.ignoreNulls());
        }

        /**
         * {@code PgRuntime.method(args)}, the first argument cast to {@code firstType} (NULL in, NULL out), the
         * result of that type.
         */
        private RexNode runtime(String method, SqlTypeName firstType, RexNode... args) {
            List<RexNode> operands = new java.util.ArrayList<>(List.of(args));
            RelDataType type = rex.getTypeFactory().createTypeWithNullability(
                    rex.getTypeFactory().createSqlType(firstType), args[0].getType().isNullable());
            operands.set(0, rex.makeCast(type, args[0]));
            return io.tessera.coordinator.sql.functions.PgRexRewriter.runtimeCall(rex, type, method, operands);
        }

        private RexNode toDouble(RexNode e, RelDataType resultType) {
            return rex.makeCast(rex.getTypeFactory().createTypeWithNullability(
                    rex.getTypeFactory().createSqlType(SqlTypeName.DOUBLE), resultType.isNullable()), e);
        }

        private RexNode count(List<RexNode> partition, ImmutableList<RexFieldCollation> order, RexWindowBound lower,
                              RexWindowBound upper, boolean rows) {
            return over(SqlStdOperatorTable.COUNT, partition, order, lower, upper, rows);
        }

        private RexNode over(SqlAggFunction function, List<RexNode> partition, ImmutableList<RexFieldCollation> order,
                             RexWindowBound lower, RexWindowBound upper, boolean rows) {
            RelDataType type = rex.getTypeFactory().createSqlType(SqlTypeName.BIGINT);
            return rex.makeOver(type, function, List.of(), partition, order, lower, upper, rows, true, false, false,
                    false);
        }
    }
}
