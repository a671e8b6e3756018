package io.tessera.coordinator.sql.rule;

import io.tessera.coordinator.sql.fragment.FragmentPlan;
import io.tessera.coordinator.sql.rel.TesseraColocatedJoin;
import io.tessera.coordinator.sql.schema.TesseraTable;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableInterpreter;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;

/**
 * Reads a join input as a plan fragment the datanodes can run: a co-located join already found, or a scan of a
 * distributed table with column projections and filters a datanode evaluates, in any of the forms Volcano holds it
 * in (logical scan, project and filter; the bindable scan with pushed filters and projects).
 */
final class FragmentInputs {
    /**
     * How deep the search goes, counting each set and each operator (Volcano's sets may hold cycles): 10 reaches a
     * scan under five operators — a sub-query's projection over its filter over the trimmed columns of a scan needs
     * four.
     */
    private static final int MAX_DEPTH = 10;

    private FragmentInputs() {
    }

    /** The fragment {@code rel} (a subset or a rel) computes, or null when none is known. */
    static FragmentPlan of(RelNode rel) {
        return of(rel, 0);
    }

    /**
     * As {@link #of}, for a join's input, computed projections included: a join on a computed key
     * ({@code a.x + 1 = b.y}, {@code lower(a.s) = b.s}, {@code a.ts::date = b.d}; Calcite's
     * {@code JoinPushExpressionsRule} moves such a key into a projection below the join) computes the key on the
     * datanodes, and the join is redistributed by it. It is co-located only when the key is the distribution column
     * itself: {@link io.tessera.coordinator.sql.fragment.Colocation} follows plain columns through a projection, and
     * a side moved by the other's shard map hashes the computed value as the column's type (the join's keys have
     * one type).
     */
    static FragmentPlan joinInput(RelNode rel) {
        return of(rel, 0);
    }

    private static FragmentPlan of(RelNode rel, int depth) {
        if (depth > MAX_DEPTH) {
            return null;
        }
        if (rel instanceof RelSubset subset) {
            List<RelNode> rels = relsOfSet(subset);
            TesseraColocatedJoin cheapest = null; // of the shapes offered for one join, the one moving fewest rows
            for (RelNode r : rels) {
                if (r instanceof TesseraColocatedJoin j && (cheapest == null || j.movedRows() < cheapest.movedRows())) {
                    cheapest = j;
                }
            }
            if (cheapest != null) {
                return cheapest.plan();
            }
            for (RelNode r : rels) {
                if (r instanceof RelSubset) {
                    continue;
                }
                FragmentPlan p = of(r, depth + 1);
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        RexBuilder rexBuilder = rel.getCluster().getRexBuilder();
        if (rel instanceof TesseraColocatedJoin j) {
            return j.plan();
        }
        if (rel instanceof EnumerableInterpreter interp) {
            return of(interp.getInput(), depth + 1);
        }
        if (rel instanceof Bindables.BindableTableScan b) {
            TesseraTable t = b.getTable().unwrap(TesseraTable.class);
            if (t == null || !shippable(b.filters, t.def().columns().size(), rexBuilder)) {
                return null;
            }
            return new FragmentPlan.Scan(t, b.filters, b.projects.toIntArray());
        }
        if (rel.getClass().equals(LogicalTableScan.class)) {
            TesseraTable t = rel.getTable().unwrap(TesseraTable.class);
            if (t == null) {
                return null;
            }
            int[] all = new int[rel.getRowType().getFieldCount()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return new FragmentPlan.Scan(t, List.of(), all);
        }
        if (rel instanceof LogicalFilter f) {
            FragmentPlan in = of(f.getInput(), depth + 1);
            if (in instanceof FragmentPlan.Scan s) {
                int[] projects = s.projects();
                RexNode onTable = f.getCondition().accept(new RexShuttle() {
                    @Override
                    public RexNode visitInputRef(RexInputRef ref) {
                        return new RexInputRef(projects[ref.getIndex()], ref.getType());
                    }
                });
                List<RexNode> conjuncts = RelOptUtil.conjunctions(onTable);
                if (!shippable(conjuncts, s.table().def().columns().size(), rexBuilder)) {
                    return null;
                }
                List<RexNode> filters = new java.util.ArrayList<>(s.filters());
                filters.addAll(conjuncts);
                return new FragmentPlan.Scan(s.table(), filters, projects);
            }
            if (in == null || !FragmentPlan.shippable(f.getCondition(), in.types().size(), rexBuilder)) {
                return null;
            }
            return new FragmentPlan.Filter(in, f.getCondition());
        }
        if (rel instanceof LogicalProject p) {
            int[] refs = columns(p.getProjects());
            if (refs == null) {
                // computed columns (sum(a * b), ORDER BY a + b LIMIT n, a window's float8 sort keys, a join's
                // computed keys): shipped when a datanode evaluates every one the same way
                FragmentPlan in = of(p.getInput(), depth + 1);
                return in == null ? null : computed(in, p.getProjects(), rexBuilder);
            }
            FragmentPlan in = of(p.getInput(), depth + 1);
            if (in instanceof FragmentPlan.Scan s) {
                int[] composed = new int[refs.length];
                for (int i = 0; i < refs.length; i++) {
                    composed[i] = s.projects()[refs[i]];
                }
                return new FragmentPlan.Scan(s.table(), s.filters(), composed);
            }
            return in == null ? null : new FragmentPlan.Project(in, p.getProjects());
        }
        return null;
    }

    /**
     * Of the shapes offered for the join {@code join} computes (its set's pushed joins: redistributed both sides, one
     * side, broadcast), the one whose exchanges move the fewest rows: what an aggregate or a top-N above it pushes
     * down with it (their own cost does not see the rows moved below them).
     */
    static TesseraColocatedJoin cheapest(TesseraColocatedJoin join) {
        TesseraColocatedJoin best = join;
        if (join.getCluster().getPlanner() instanceof VolcanoPlanner planner) {
            RelSubset subset = planner.getSubset(join);
            if (subset != null) {
                for (RelNode r : relsOfSet(subset)) {
                    if (r instanceof TesseraColocatedJoin j && j.movedRows() < best.movedRows()) {
                        best = j;
                    }
                }
            }
        }
        return best;
    }

    /**
     * The rels of the subset's set in the logical and the enumerable convention (a subset lists only the rels of its
     * own convention, and a pushed join is enumerable while the join above may still be logical).
     */
    private static List<RelNode> relsOfSet(RelSubset subset) {
        List<RelNode> rels = new java.util.ArrayList<>();
        if (subset.getCluster().getPlanner() instanceof VolcanoPlanner planner) {
            for (Convention c : List.of(EnumerableConvention.INSTANCE, Convention.NONE)) {
                RelSubset s = planner.getSubset(subset, subset.getTraitSet().replace(c));
                if (s != null) {
                    rels.addAll(s.getRelList());
                }
            }
        } else {
            rels.addAll(subset.getRelList());
        }
        return rels;
    }

    /**
     * {@code exprs} computed over {@code in}'s rows on the datanodes, or null when one of them is not an expression a
     * datanode evaluates as the coordinator would ({@link FragmentPlan#shippable}) or has a type the fragment's rows
     * do not carry.
     */
    static FragmentPlan computed(FragmentPlan in, List<RexNode> exprs, RexBuilder rexBuilder) {
        int width = in.types().size();
        for (RexNode e : exprs) {
            if (!FragmentPlan.shippable(e, width, rexBuilder)) {
                return null;
            }
        }
        FragmentPlan plan = new FragmentPlan.Project(in, exprs);
        try {
            plan.types();
        } catch (RuntimeException unsupportedType) {
            return null;
        }
        return plan;
    }

    /** The input columns a projection keeps, or null when it computes anything. */
    static int[] columns(List<RexNode> exprs) {
        int[] out = new int[exprs.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(exprs.get(i) instanceof RexInputRef ref)) {
                return null;
            }
            out[i] = ref.getIndex();
        }
        return out;
    }

    private static boolean shippable(List<RexNode> filters, int stored, RexBuilder rexBuilder) {
        for (RexNode f : filters) {
            if (!FragmentPlan.shippable(f, stored, rexBuilder)) {
                return false;
            }
        }
        return true;
    }
}
