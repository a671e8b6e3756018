package io.tessera.coordinator.sql.rule;

import com.google.common.collect.ImmutableList;
import io.tessera.coordinator.sql.functions.PgRexRewriter;
import io.tessera.coordinator.sql.functions.TextOrder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexFieldCollation;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexWindow;
import org.apache.calcite.rex.RexWindowBound;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A window's real or double precision ORDER BY key as a bigint in the same order ({@link
 * PgRexRewriter#float8SortKey}: -0 = 0, NaN equal to NaN and above every number, as PostgreSQL's float8 order), for
 * windows whose frame bounds have no offset. Calcite's window finds a RANGE frame's peers with a comparator that
 * reads every number as a BigDecimal, which failed with "invalid input syntax: Infinite or NaN" (22P02) at the first
 * NaN or infinity in the key ({@code count(*) over (order by f)}, the default frame); the datanodes compute the same
 * key, so such windows are still pushed. Windows with an offset bound are {@link RangeOffsetFrames}'. Text ORDER BY
 * keys likewise become {@link PgRexRewriter#textSortKey} (Calcite's window compares UTF-16 units, PostgreSQL's
 * C.UTF-8 code points).
 */
public final class FloatWindowKeys {
    private FloatWindowKeys() {
    }

    /** {@code rel} with the float ORDER BY keys of its windows rewritten as above. */
    public static RelNode rewrite(RelNode rel) {
        return WindowFunctionRewrites.rewriteWindowProjects(rel,
                project -> project.accept(new Rewriter(project.getCluster().getRexBuilder())));
    }

    private static boolean hasOffset(RexWindowBound b) {
        return !b.isUnbounded() && !b.isCurrentRow();
    }

    private static boolean isFloat(RexNode key) {
        return SqlTypeName.APPROX_TYPES.contains(key.getType().getSqlTypeName());
    }

    private static final class Rewriter extends RexShuttle {
        private final RexBuilder rex;

        Rewriter(RexBuilder rex) {
            this.rex = rex;
        }

        @Override
        public RexNode visitOver(RexOver over) {
            RexNode extreme = TextOrder.windowExtreme(rex, over);
            if (extreme != null) {
                return extreme.accept(this);
            }
            RexWindow w = over.getWindow();
            boolean offset = hasOffset(w.getLowerBound()) || hasOffset(w.getUpperBound());
            boolean floats = !offset && w.orderKeys.stream().anyMatch(k -> isFloat(k.left));
            // text keys by code point (Calcite's window sorts in UTF-16 order); a ROWS frame's offset counts rows
            boolean texts = (!offset || w.isRows())
                    && w.orderKeys.stream().anyMatch(k -> TextOrder.plainText(k.left.getType()));
            if (!floats && !texts) {
                return super.visitOver(over);
            }
            ImmutableList.Builder<RexFieldCollation> keys = ImmutableList.builder();
            for (RexFieldCollation k : w.orderKeys) {
                keys.add(floats && isFloat(k.left)
                        ? new RexFieldCollation(PgRexRewriter.float8SortKey(rex, k.left), k.right)
                        : texts && TextOrder.plainText(k.left.getType())
                                ? new RexFieldCollation(PgRexRewriter.textSortKey(rex, k.left), k.right) : k);
            }
            return rex.makeOver(over.getType(), over.getAggOperator(), over.getOperands(), w.partitionKeys,
                    keys.build(), w.getLowerBound(), w.getUpperBound(), w.getExclude(), w.isRows(), true, false,
                    over.isDistinct(), over.ignoreNulls());
        }
    }
}
