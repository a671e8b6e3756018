package io.tessera.coordinator.sql.fragment;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.stats.ColumnStatistics;
import io.tessera.coordinator.stats.TableStatistics;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;

/**
 * Which input of a datanode hash join is built into the hash table: the smaller by estimated bytes (rows x row
 * width), whatever the query's textual order — PostgreSQL's planner does the same by costing both orders. The
 * executor ({@code HashJoinNode}) always builds its right input, so a join whose left input is the smaller is
 * swapped — left and right exchanged, LEFT and RIGHT exchanged, keys and residual remapped — under a projection
 * that restores the column order:
 * <pre>
 *   Join(INNER, tiny, big, tiny.k = big.k)     ==&gt;    Project(tiny.*, big.*)
 *                                                       Join(INNER, big, tiny, big.k = tiny.k)   builds tiny
 * </pre>
 * The size of a side is its rows x (row width + the 64 bytes a built row costs in the hash table), and the left side
 * must be smaller by half again to swap. EXPLAIN then prints the built side under {@code Hash}, as PostgreSQL does.
 * Semi and anti joins are not swapped (their output is the left row; PostgreSQL 15 has no right semi or anti hash
 * join either).
 *
 * <p>Widths are ANALYZE's average column widths ({@code stawidth}) where the column comes from an analyzed table,
 * else the type's length (32 bytes for variable-length types, as {@code PlanBuilder} estimates).
 */
public final class BuildSide {
    /**
     * The left side builds only when its hash table is estimated smaller by this factor: near-equal sides keep the
     * query's order (swapping them gains little, and plans stay as written).
     */
    private static final double MARGIN = 1.5;
    /** Bytes a built row costs beyond its columns (the executor's per-row estimate, {@code HashJoinNode}). */
    private static final double ROW_OVERHEAD = 64;

    private BuildSide() {
    }

    /**
     * {@code join}, or its swapped form under a projection when its left input is estimated smaller in bytes.
     *
     * @param leftRows, rightRows the inputs' estimated rows (the planner's row counts, from ANALYZE when it ran)
     * @param fieldTypes the join's output column types, left's then right's (the Calcite join's row type)
     */
    public static FragmentPlan choose(FragmentPlan.Join join, double leftRows, double rightRows,
            List<RelDataType> fieldTypes) {
        JoinRelType type = join.type();
        if (type == JoinRelType.SEMI || type == JoinRelType.ANTI) {
            return join;
        }
        double leftBytes = leftRows * (rowWidth(join.left()) + ROW_OVERHEAD);
        double rightBytes = rightRows * (rowWidth(join.right()) + ROW_OVERHEAD);
        if (!(leftBytes * MARGIN < rightBytes)) {
            return join;
        }
        int lw = join.left().types().size();
        int rw = join.right().types().size();
        RexNode residual = join.residual() == null ? null : join.residual().accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                int i = ref.getIndex();
                return new RexInputRef(i < lw ? i + rw : i - lw, ref.getType());
            }
        });
        JoinRelType swappedType = switch (type) {
            case LEFT -> JoinRelType.RIGHT;
            case RIGHT -> JoinRelType.LEFT;
            default -> type;
        };
        FragmentPlan.Join swapped = new FragmentPlan.Join(join.right(), join.left(), swappedType, join.rightKeys(),
                join.leftKeys(), residual);
        if (Colocation.layout(swapped) == null) {
            return join;
        }
        if (fieldTypes.size() != lw + rw) {
            return join;
        }
        List<RexNode> order = new ArrayList<>(); // swapped row: right's columns, then left's
        for (int i = 0; i < lw; i++) {
            order.add(new RexInputRef(rw + i, fieldTypes.get(i)));
        }
        for (int i = 0; i < rw; i++) {
            order.add(new RexInputRef(i, fieldTypes.get(lw + i)));
        }
        return new FragmentPlan.Project(swapped, order);
    }

    /** The estimated bytes of one output row of {@code plan}. */
    static double rowWidth(FragmentPlan plan) {
        double w = 0;
        List<PgType> types = plan.types();
        List<Integer> widths = columnWidths(plan);
        for (int i = 0; i < types.size(); i++) {
            Integer stat = widths == null ? null : widths.get(i);
            w += stat != null ? stat : typeWidth(types.get(i));
        }
        return Math.max(1, w);
    }

    /** ANALYZE's width of each output column that is a column of an analyzed table, else null entries. */
    private static List<Integer> columnWidths(FragmentPlan plan) {
        if (plan instanceof FragmentPlan.Scan s) {
            TableStatistics stats = s.table().statistics();
            List<Integer> out = new ArrayList<>();
            for (int p : s.projects()) {
                ColumnStatistics c = stats == null || p >= s.table().def().columns().size() ? null
                        : stats.column(s.table().def().columns().get(p).name());
                out.add(c == null ? null : Math.max(1, c.avgWidth()));
            }
            return out;
        }
        if (plan instanceof FragmentPlan.Filter f) {
            return columnWidths(f.input());
        }
        if (plan instanceof FragmentPlan.Exchange x) {
            return columnWidths(x.input());
        }
        if (plan instanceof FragmentPlan.Project p) {
            List<Integer> in = columnWidths(p.input());
            List<Integer> out = new ArrayList<>();
            for (RexNode e : p.exprs()) {
                out.add(in != null && e instanceof RexInputRef r ? in.get(r.getIndex()) : null);
            }
            return out;
        }
        if (plan instanceof FragmentPlan.Window w) {
            List<Integer> out = new ArrayList<>(columnWidths(w.input()));
            w.calls().forEach(c -> out.add(typeWidth(c.resultType())));
            return out;
        }
        FragmentPlan.Join j = (FragmentPlan.Join) plan;
        List<Integer> l = columnWidths(j.left());
        List<Integer> out = new ArrayList<>(l);
        if (j.type().projectsRight()) {
            out.addAll(columnWidths(j.right()));
        }
        return out;
    }

    private static int typeWidth(PgType t) {
        return switch (t) {
            case BOOL -> 1;
            case INT2 -> 2;
            case INT4, DATE, FLOAT4 -> 4;
            case INT8, FLOAT8, TIMESTAMP, TIMESTAMPTZ -> 8;
            default -> 32;
        };
    }
}
