package io.tessera.coordinator.sql.rule;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptLattice;
import org.apache.calcite.plan.RelOptMaterialization;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

/**
 * Keeps the ORDER BY of an ordered aggregate ({@code string_agg(s, ',' ORDER BY k)}, {@code array_agg(x ORDER BY k)})
 * right through Calcite's decorrelation. {@code RelDecorrelator} rebuilds the aggregate of a correlated sub-query
 * over an input with the correlation's columns added, remapping each call's arguments but not its ordering
 * ({@code AggregateCall.adaptTo} copies the collation's field numbers unchanged): the array or string came out ordered
 * by whatever column had moved into the key's place, and the trimming after it dropped the key column itself — a
 * silent wrong answer for {@code SELECT (SELECT string_agg(b.s, ',' ORDER BY b.id) FROM b WHERE b.k = a.k) FROM a}.
 *
 * <p>{@link #decorrelate()} runs Calcite's decorrelation between two passes: {@link #hide} appends each ordered
 * call's sort keys to its arguments (which the decorrelator does remap) and records in the call's name how many
 * arguments are its own and each key's direction; {@link #restore} takes the keys back out of the remapped arguments
 * into the ordering. A {@code count} ignores its ordering (its extra arguments would make it skip rows where a key is
 * NULL), so its ordering is dropped instead.
 */
public final class OrderedAggregates {
    private static final String MARK = "tessera$ordered$";

    private OrderedAggregates() {
    }

    /** Calcite's decorrelation ({@link Programs#decorrelate()}) with every ordered aggregate's keys kept. */
    public static Program decorrelate() {
        Program calcite = Programs.decorrelate();
        return (RelOptPlanner planner, RelNode rel, RelTraitSet traits, List<RelOptMaterialization> materializations,
                List<RelOptLattice> lattices) ->
                restore(calcite.run(planner, hide(rel), traits, materializations, lattices));
    }

    /** {@code rel} with each ordered aggregate call's sort keys moved into its arguments (see the class comment). */
    static RelNode hide(RelNode rel) {
        return rewriteCalls(rel, OrderedAggregates::hide);
    }

    /** {@code rel} with the calls {@link #hide} rewrote given back their orderings, over the remapped arguments. */
    static RelNode restore(RelNode rel) {
        return rewriteCalls(rel, OrderedAggregates::restore);
    }

    private static AggregateCall hide(AggregateCall call) {
        List<RelFieldCollation> keys = call.getCollation().getFieldCollations();
        if (keys.isEmpty()) {
            return call;
        }
        if (call.getAggregation().getKind() == SqlKind.COUNT) {
            return call.withCollation(RelCollations.EMPTY);
        }
        List<Integer> args = new ArrayList<>(call.getArgList());
        StringBuilder name = new StringBuilder(MARK).append(args.size()).append('$');
        for (RelFieldCollation key : keys) {
            args.add(key.getFieldIndex());
            name.append(key.getDirection().ordinal()).append(key.nullDirection.ordinal());
        }
        name.append('$').append(call.name == null ? "0" : "1" + call.name);
        return AggregateCall.create(call.getParserPosition(), call.getAggregation(), call.isDistinct(),
                call.isApproximate(), call.ignoreNulls(), call.rexList, args, call.filterArg, call.distinctKeys,
                RelCollations.EMPTY, call.getType(), name.toString());
    }

    private static AggregateCall restore(AggregateCall call) {
        if (call.name == null || !call.name.startsWith(MARK)) {
            return call;
        }
        String[] parts = call.name.substring(MARK.length()).split("\\$", 3);
        int own = Integer.parseInt(parts[0]);
        String codes = parts[1];
        List<RelFieldCollation> keys = new ArrayList<>();
        for (int i = 0; i < codes.length() / 2; i++) {
            keys.add(new RelFieldCollation(call.getArgList().get(own + i),
                    RelFieldCollation.Direction.values()[codes.charAt(2 * i) - '0'],
                    RelFieldCollation.NullDirection.values()[codes.charAt(2 * i + 1) - '0']));
        }
        String name = parts[2].startsWith("1") ? parts[2].substring(1) : null;
        return AggregateCall.create(call.getParserPosition(), call.getAggregation(), call.isDistinct(),
                call.isApproximate(), call.ignoreNulls(), call.rexList, call.getArgList().subList(0, own),
                call.filterArg, call.distinctKeys, RelCollations.of(keys), call.getType(), name);
    }

    private static RelNode rewriteCalls(RelNode rel, java.util.function.UnaryOperator<AggregateCall> rewrite) {
        return rel.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                if (!(visited instanceof Aggregate agg)) {
                    return visited;
                }
                List<AggregateCall> calls = new ArrayList<>();
                boolean changed = false;
                for (AggregateCall call : agg.getAggCallList()) {
                    AggregateCall rewritten = rewrite.apply(call);
                    calls.add(rewritten);
                    changed |= rewritten != call;
                }
                return changed
                        ? agg.copy(agg.getTraitSet(), agg.getInput(), agg.getGroupSet(), agg.getGroupSets(), calls)
                        : agg;
            }
        });
    }
}
