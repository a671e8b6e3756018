package io.tessera.coordinator.sql.rule;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexFieldCollation;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexWindow;
import org.apache.calcite.rex.RexWindowBound;
import org.apache.calcite.rex.RexWindowBounds;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * PostgreSQL's NULL rules for a RANGE frame with an offset ({@code RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING}) over
 * a nullable ORDER BY key. Calcite's window adds the offset to every row's key and failed with a
 * NullPointerException at the first NULL. In PostgreSQL (nodeWindowAgg.c) the NULL rows are peers of each other and
 * of nothing else: for a NULL current row an offset bound is its peer group's edge (as CURRENT ROW), and a non-NULL
 * row's offset bound never reaches a NULL row. So each such window function is computed twice:
 * <pre>
 *   f(x) OVER (PARTITION BY p ORDER BY k RANGE BETWEEN a PRECEDING AND b FOLLOWING)
 *   ==&gt;
 *   CASE WHEN k IS NULL
 *     THEN f(x) OVER (PARTITION BY p ORDER BY k RANGE BETWEEN CURRENT ROW AND CURRENT ROW)
 *     ELSE f(x) OVER (PARTITION BY p, k IS NULL ORDER BY COALESCE(k, 0) RANGE BETWEEN a PRECEDING AND b FOLLOWING)
 *   END
 * </pre>
 * The second window keeps the NULL rows in a partition of their own, whose results the CASE discards. A descending
 * key is ordered as its negation ascending (Calcite's offsets counted the wrong way over a descending key and gave
 * empty frames), also when it is not nullable. A real or double precision key and its offsets are computed in double
 * precision (PostgreSQL's {@code in_range_float8_float8}), a smallint or integer key as a bigint (no overflow of
 * {@code k + offset}). An UNBOUNDED
 * bound on the side where the NULLs sort (UNBOUNDED PRECEDING with NULLS FIRST, UNBOUNDED FOLLOWING with NULLS
 * LAST) takes them into a non-NULL row's frame: over a smallint or integer key the NULLs become a bigint sentinel
 * beyond every value on their side; over other keys such a window is refused (0A000), as are offsets over a numeric key (Calcite's code cannot subtract them) and a non-integer offset over an integer
 * key (PostgreSQL's error).
 *
 * <p>A window function the executor's window computes ({@link #executorComputes}: count, sum, avg, min, max,
 * first_value, last_value, nth_value, array_agg and so string_agg) is left alone: {@code WindowConverterRule} runs it in {@code WindowNode},
 * which follows PostgreSQL's {@code in_range} rules itself (NULL and NaN keys, either direction, numeric keys, bounds
 * past bigint's limits) and also takes EXCLUDE.
 */
public final class RangeOffsetFrames {
    private RangeOffsetFrames() {
    }

    /**
     * {@code rel} with every RANGE window with an offset over a nullable or descending numeric key rewritten as
     * above.
     */
    public static RelNode rewrite(RelNode rel) {
        return WindowFunctionRewrites.rewriteWindowProjects(rel,
                project -> project.accept(new Rewriter(project.getCluster().getRexBuilder())));
    }

    private static final class Rewriter extends RexShuttle {
        private final RexBuilder rex;

        Rewriter(RexBuilder rex) {
            this.rex = rex;
        }

        @Override
        public RexNode visitOver(RexOver over) {
            RexWindow w = over.getWindow();
            if (w.isRows() || w.orderKeys.size() != 1 || !isOffset(w.getLowerBound()) && !isOffset(w.getUpperBound())) {
                return super.visitOver(over);
            }
            RexFieldCollation order = w.orderKeys.get(0);
            RexNode key = order.left;
            SqlTypeName keyType = key.getType().getSqlTypeName();
            if (!SqlTypeName.NUMERIC_TYPES.contains(keyType)) {
                return super.visitOver(over);
            }
            checkOffsetType(keyType, w.getLowerBound());
            checkOffsetType(keyType, w.getUpperBound());
            if (executorComputes(over)) {
                return super.visitOver(over);
            }
            if (keyType == SqlTypeName.DECIMAL) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "RANGE with offset PRECEDING/FOLLOWING over a numeric column is not supported with "
                        + over.getAggOperator().getName().toLowerCase(java.util.Locale.ROOT));
            }
            boolean nullable = key.getType().isNullable();
            boolean desc = order.getDirection() == RelFieldCollation.Direction.DESCENDING;
            // a float key and its offsets in double precision, as PostgreSQL's in_range_float4_float8 and
            // in_range_float8_float8 compute (Calcite's code subtracted a BigDecimal offset from a double: no compile)
            boolean floating = SqlTypeName.APPROX_TYPES.contains(keyType);
            RexWindowBound lower = floating ? asDouble(w.getLowerBound()) : w.getLowerBound();
            RexWindowBound upper = floating ? asDouble(w.getUpperBound()) : w.getUpperBound();
            boolean narrowInteger = SqlTypeName.INT_TYPES.contains(keyType) && keyType != SqlTypeName.BIGINT;
            if (!nullable && !desc && !floating && !narrowInteger) {
                return super.visitOver(over);
            }
            boolean nullsFirst = order.right.contains(SqlKind.NULLS_FIRST) || !order.right.contains(SqlKind.NULLS_LAST)
                    && desc;
            boolean unboundedOverNulls = nullable && (w.getLowerBound().isUnbounded()
                    && w.getLowerBound().isPreceding() && nullsFirst
                    || w.getUpperBound().isUnbounded() && w.getUpperBound().isFollowing() && !nullsFirst);
            if (unboundedOverNulls && !narrowInteger) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "RANGE with an offset and UNBOUNDED "
                        + (nullsFirst ? "PRECEDING" : "FOLLOWING") + " on the side where a nullable ORDER BY key's "
                        + "NULLs sort is not supported for type " + pgName(keyType));
            }
            // ORDER BY k DESC as ORDER BY -k: the same order and frames, where Calcite's offsets work
            // a smallint or integer key as a bigint: k + offset overflowed in int (RANGE 2147483647 FOLLOWING gave
            // empty frames), PostgreSQL's in_range_int4_int4 does not
            RexNode ordered = floating || narrowInteger ? rex.makeCast(rex.getTypeFactory().createTypeWithNullability(
                    rex.getTypeFactory().createSqlType(floating ? SqlTypeName.DOUBLE : SqlTypeName.BIGINT), nullable),
                    key) : key;
            RexNode ascending = desc ? negated(ordered) : ordered;
            if (unboundedOverNulls) {
                return unboundedOverNulls(over, key, ascending, nullsFirst, lower, upper);
            }
            java.util.Set<SqlKind> flags = java.util.Set.of(nullsFirst ? SqlKind.NULLS_FIRST : SqlKind.NULLS_LAST);
            if (!nullable) {
                return rex.makeOver(over.getType(), over.getAggOperator(), over.getOperands(), w.partitionKeys,
                        ImmutableList.of(new RexFieldCollation(ascending, flags)), lower, upper, w.getExclude(),
                        false, true, false, over.isDistinct(), over.ignoreNulls());
            }
            RexNode isNull = rex.makeCall(SqlStdOperatorTable.IS_NULL, key);
            RexNode nullRows = rex.makeOver(over.getType(), over.getAggOperator(), over.getOperands(),
                    w.partitionKeys, w.orderKeys, peerEdge(w.getLowerBound()), peerEdge(w.getUpperBound()),
                    w.getExclude(), false, true, false, over.isDistinct(), over.ignoreNulls());
            List<RexNode> partition = new ArrayList<>(w.partitionKeys);
            partition.add(isNull);
            RexNode nonNullKey = rex.makeCall(SqlStdOperatorTable.COALESCE, ascending,
                    rex.makeZeroLiteral(ascending.getType()));
            nonNullKey = rex.makeCast(rex.getTypeFactory().createTypeWithNullability(ascending.getType(), false),
                    nonNullKey, true, false);
            RexNode otherRows = rex.makeOver(over.getType(), over.getAggOperator(), over.getOperands(), partition,
                    ImmutableList.of(new RexFieldCollation(nonNullKey, flags)), lower, upper, w.getExclude(), false,
                    true, false, over.isDistinct(), over.ignoreNulls());
            return rex.makeCall(over.getType(), SqlStdOperatorTable.CASE, List.of(isNull, nullRows, otherRows));
        }

        /**
         * A window over a nullable smallint or integer key whose UNBOUNDED bound lies on the NULLs' side: a non-NULL
         * row's frame runs from the partition's edge over all NULL rows to its offset bound, so the NULL keys become
         * the bigint beyond every integer on their side ({@code Long.MIN_VALUE} when they sort first), in one
         * window over the whole partition; a NULL row's frame is computed as before (its peer group's edge).
         * {@code ascending} is the key ordered ascending (negated when descending), a bigint when negated.
         */
        private RexNode unboundedOverNulls(RexOver over, RexNode key, RexNode ascending, boolean nullsFirst,
                                           RexWindowBound lower, RexWindowBound upper) {
            RexWindow w = over.getWindow();
            org.apache.calcite.rel.type.RelDataType bigint = rex.getTypeFactory().createSqlType(SqlTypeName.BIGINT);
            RexNode wide = rex.makeCast(rex.getTypeFactory().createTypeWithNullability(bigint, true), ascending);
            RexNode sentinel = rex.makeExactLiteral(java.math.BigDecimal.valueOf(nullsFirst ? Long.MIN_VALUE
                    : Long.MAX_VALUE), bigint);
            RexNode nonNullKey = rex.makeCast(bigint, rex.makeCall(SqlStdOperatorTable.COALESCE, wide, sentinel),
                    true, false);
            RexNode isNull = rex.makeCall(SqlStdOperatorTable.IS_NULL, key);
            RexNode nullRows = rex.makeOver(over.getType(), over.getAggOperator(), over.getOperands(),
                    w.partitionKeys, w.orderKeys, peerEdge(w.getLowerBound()), peerEdge(w.getUpperBound()),
                    w.getExclude(), false, true, false, over.isDistinct(), over.ignoreNulls());
            RexNode otherRows = rex.makeOver(over.getType(), over.getAggOperator(), over.getOperands(),
                    w.partitionKeys, ImmutableList.of(new RexFieldCollation(nonNullKey, java.util.Set.of())), lower,
                    upper, w.getExclude(), false, true, false, over.isDistinct(), over.ignoreNulls());
            return rex.makeCall(over.getType(), SqlStdOperatorTable.CASE, List.of(isNull, nullRows, otherRows));
        }

        /**
         * Fails as PostgreSQL for an offset of a type its {@code in_range} functions do not pair with the key's (an
         * integer key takes integer offsets only), and for a numeric key, whose offsets Calcite cannot compute.
         *
         * @throws TesseraException 0A000
         */
        private static void checkOffsetType(SqlTypeName keyType, RexWindowBound bound) {
            if (!isOffset(bound)) {
                return;
            }
            SqlTypeName offsetType = bound.getOffset().getType().getSqlTypeName();
            if (SqlTypeName.INT_TYPES.contains(keyType) && !SqlTypeName.INT_TYPES.contains(offsetType)) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "RANGE with offset PRECEDING/FOLLOWING is "
                        + "not supported for column type " + pgName(keyType) + " and offset type "
                        + pgName(offsetType));
            }
        }

        private static String pgName(SqlTypeName type) {
            return switch (type) {
                case TINYINT, SMALLINT -> "smallint";
                case INTEGER -> "integer";
                case BIGINT -> "bigint";
                case DECIMAL -> "numeric";
                case REAL -> "real";
                case FLOAT, DOUBLE -> "double precision";
                default -> type.getName().toLowerCase(java.util.Locale.ROOT);
            };
        }

        /** {@code b} with its offset cast to double precision. */
        private RexWindowBound asDouble(RexWindowBound b) {
            if (!isOffset(b)) {
                return b;
            }
            RexNode offset = rex.makeCast(rex.getTypeFactory().createTypeWithNullability(rex.getTypeFactory()
                    .createSqlType(SqlTypeName.DOUBLE), b.getOffset().getType().isNullable()), b.getOffset());
            return b.isPreceding() ? RexWindowBounds.preceding(offset) : RexWindowBounds.following(offset);
        }

        /** {@code -key}, an integer key as a bigint first so that the least int has a negation. */
        private RexNode negated(RexNode key) {
            RexNode k = key;
            if (SqlTypeName.INT_TYPES.contains(key.getType().getSqlTypeName())
                    && key.getType().getSqlTypeName() != SqlTypeName.BIGINT) {
                k = rex.makeCast(rex.getTypeFactory().createTypeWithNullability(
                        rex.getTypeFactory().createSqlType(SqlTypeName.BIGINT), key.getType().isNullable()), key);
            }
            return rex.makeCall(SqlStdOperatorTable.UNARY_MINUS, k);
        }

        private static boolean isOffset(RexWindowBound b) {
            return !b.isUnbounded() && !b.isCurrentRow();
        }

        private static RexWindowBound peerEdge(RexWindowBound b) {
            return isOffset(b) ? RexWindowBounds.CURRENT_ROW : b;
        }
    }

    private static final java.util.Set<SqlKind> EXECUTOR_FUNCTIONS = java.util.EnumSet.of(SqlKind.COUNT, SqlKind.SUM,
            SqlKind.SUM0, SqlKind.AVG, SqlKind.MIN, SqlKind.MAX, SqlKind.FIRST_VALUE, SqlKind.LAST_VALUE,
            SqlKind.NTH_VALUE);
    private static final java.util.Set<SqlTypeName> EXECUTOR_ARGUMENTS = java.util.EnumSet.of(SqlTypeName.TINYINT,
            SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT, SqlTypeName.DECIMAL, SqlTypeName.REAL,
            SqlTypeName.FLOAT, SqlTypeName.DOUBLE, SqlTypeName.CHAR, SqlTypeName.VARCHAR, SqlTypeName.BOOLEAN,
            SqlTypeName.DATE, SqlTypeName.TIMESTAMP);

    /**
     * Whether the executor's window computes {@code over} with its RANGE offsets (as {@code WindowPushdownRule}
     * translates a window): one of its aggregates or value functions (or {@code ArrayAgg.WINDOW}, which the
     * frame's {@code string_agg} reads too) over columns and constants of its types,
     * without DISTINCT or IGNORE NULLS, and constant offsets.
     */
    static boolean executorComputes(RexOver over) {
        RexWindow w = over.getWindow();
        boolean arrayAgg = over.getAggOperator() == io.tessera.coordinator.sql.functions.ArrayAgg.WINDOW;
        if (!EXECUTOR_FUNCTIONS.contains(over.getAggOperator().getKind()) && !arrayAgg || over.isDistinct()
                || over.ignoreNulls() || w.orderKeys.size() != 1
                || !EXECUTOR_ARGUMENTS.contains(over.getType().getSqlTypeName())
                && over.getAggOperator().getKind() != SqlKind.COUNT && !arrayAgg) {
            return false;
        }
        for (RexWindowBound b : List.of(w.getLowerBound(), w.getUpperBound())) {
            RexNode offset = b.isUnbounded() || b.isCurrentRow() ? null : b.getOffset();
            if (offset instanceof RexCall c && c.getKind() == SqlKind.CAST) { // 1e3 as the key's double precision
                offset = c.getOperands().get(0);
            }
            if (offset != null && !(offset instanceof org.apache.calcite.rex.RexLiteral)) {
                return false;
            }
        }
        for (RexNode op : over.getOperands()) {
            if (!(op instanceof org.apache.calcite.rex.RexInputRef || op instanceof org.apache.calcite.rex.RexLiteral)
                    || !EXECUTOR_ARGUMENTS.contains(op.getType().getSqlTypeName())) {
                return false;
            }
        }
        return true;
    }
}
