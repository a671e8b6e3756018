package io.tessera.coordinator.sql.rule;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;
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
 * empty frames), also when it is not nullable. An UNBOUNDED
 * bound on the side where the NULLs sort (UNBOUNDED PRECEDING with NULLS FIRST, UNBOUNDED FOLLOWING with NULLS
 * LAST) takes them into a non-NULL row's frame, which two windows cannot express: such a window is left as it is.
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
            boolean nullable = key.getType().isNullable();
            boolean desc = order.getDirection() == RelFieldCollation.Direction.DESCENDING;
            if (!SqlTypeName.NUMERIC_TYPES.contains(key.getType().getSqlTypeName()) || !nullable && !desc) {
                return super.visitOver(over);
            }
            boolean nullsFirst = order.right.contains(SqlKind.NULLS_FIRST) || !order.right.contains(SqlKind.NULLS_LAST)
                    && desc;
            if (nullable && (w.getLowerBound().isUnbounded() && w.getLowerBound().isPreceding() && nullsFirst
                    || w.getUpperBound().isUnbounded() && w.getUpperBound().isFollowing() && !nullsFirst)) {
                return super.visitOver(over);
            }
            // ORDER BY k DESC as ORDER BY -k: the same order and frames, where Calcite's offsets work
            RexNode ascending = desc ? negated(key) : key;
            java.util.Set<SqlKind> flags = java.util.Set.of(nullsFirst ? SqlKind.NULLS_FIRST : SqlKind.NULLS_LAST);
            if (!nullable) {
                return rex.makeOver(over.getType(), over.getAggOperator(), over.getOperands(), w.partitionKeys,
                        ImmutableList.of(new RexFieldCollation(ascending, flags)), w.getLowerBound(),
                        w.getUpperBound(), w.getExclude(), false, true, false, over.isDistinct(), over.ignoreNulls());
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
                    ImmutableList.of(new RexFieldCollation(nonNullKey, flags)), w.getLowerBound(),
                    w.getUpperBound(), w.getExclude(), false, true, false, over.isDistinct(), over.ignoreNulls());
            return rex.makeCall(over.getType(), SqlStdOperatorTable.CASE, List.of(isNull, nullRows, otherRows));
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
}
