package io.tessera.coordinator.sql.rule;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.sql.exec.Router;
import io.tessera.coordinator.sql.rel.TesseraMdSelectivity;
import io.tessera.coordinator.sql.schema.TesseraTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableInterpreter;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepRelVertex;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.MultiJoin;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Orders the inner joins of a {@code MultiJoin} (the joins of three and more tables, gathered by
 * {@code JoinToMultiJoinRule}) by dynamic programming over its factors, as PostgreSQL's standard join search: for
 * every connected set of factors, the cheapest way to join two connected subsets of it, bushy trees included. A cross
 * product is considered only for a set that no condition connects.
 *
 * <p>The cost of a plan is the rows each of its joins produces plus the rows it moves between datanodes. Row counts
 * come from the statistics (each factor's estimated rows; an equality {@code a.x = b.y} keeps
 * {@link TesseraMdSelectivity#equalitySelectivity}, another condition Calcite's guess). Rows moved come from where
 * each side's rows live, as {@link io.tessera.coordinator.sql.fragment.Colocation} decides it: a join of two tables
 * hashed on the join key over one shard map, or with a replicated side, moves nothing; otherwise the cheapest of
 * sending one side by the other's shard map, hashing both on the key, or broadcasting the smaller side is counted.
 * So Q5's {@code customer} and {@code supplier}, both linked to {@code nation} by {@code nationkey} (25 values), are
 * no longer joined first, and {@code orders} joins {@code lineitem} on the key both are hashed by.
 *
 * <p>The result is a tree of logical joins under a projection restoring the {@code MultiJoin}'s columns; Volcano
 * then chooses each join's implementation (co-located, redistributed, on the coordinator) without reordering it.
 * Planning time is bounded: at most {@link #MAX_FACTORS} factors (3^10 = 59,049 splits); a larger or non-inner
 * {@code MultiJoin} keeps Calcite's greedy {@code LoptOptimizeJoinRule}.
 */
public final class JoinOrderRule extends RelOptRule {
    public static final JoinOrderRule INSTANCE = new JoinOrderRule();

    /** The most factors searched exhaustively (PostgreSQL's {@code join_collapse_limit} is 8, GEQO starts at 12). */
    static final int MAX_FACTORS = 10;

    /** How many datanodes a broadcast is counted as reaching, when a side's table does not say. */
    private static final int BROADCAST_FANOUT = 2;

    private JoinOrderRule() {
        super(operand(MultiJoin.class, any()), "JoinOrderRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        MultiJoin multi = call.rel(0);
        RelNode ordered = searchable(multi) ? new Search(multi, call.getMetadataQuery()).best(call.builder()) : null;
        if (ordered == null) {
            CoreRules.MULTI_JOIN_OPTIMIZE.onMatch(call);
            return;
        }
        call.transformTo(ordered);
    }

    /** Whether the search handles {@code multi}: inner joins only, every input column kept, few enough factors. */
    private static boolean searchable(MultiJoin multi) {
        int n = multi.getInputs().size();
        if (n < 2 || n > MAX_FACTORS || multi.isFullOuterJoin()) {
            return false;
        }
        int width = 0;
        for (int i = 0; i < n; i++) {
            if (multi.getJoinTypes().get(i) != JoinRelType.INNER || multi.getOuterJoinConditions().get(i) != null) {
                return false;
            }
            width += multi.getInputs().get(i).getRowType().getFieldCount();
        }
        return width == multi.getRowType().getFieldCount();
    }

    /**
     * Where a (partial) join's rows live, for counting the rows a join moves.
     *
     * @param replicated every datanode holds all the rows
     * @param placement for partitioned rows, what places them (two sides with equal placements are co-located on
     *     their keys); null when unknown (the rows are on the coordinator, or partitioned without a key)
     * @param keys the MultiJoin's columns (bits) whose value decided a row's place
     * @param fanout how many datanodes a broadcast reaches
     */
    private record Where(boolean replicated, Object placement, ImmutableBitSet keys, int fanout) {
        static final Where UNKNOWN = new Where(false, null, ImmutableBitSet.of(), BROADCAST_FANOUT);
    }

    /** A placement function: the shard family and map of a table, or a hash exchange on keys of one type. */
    private record Placement(Distribution.Kind family, List<String> shardNodes, PgType keyType) {
    }

    /** The best plan found for a set of factors: its split (null for one factor), cost, rows and placement. */
    private record Best(int left, int right, double cost, double rows, Where where) {
    }

    /** A condition of the MultiJoin: the factors it references and the fraction of rows it keeps. */
    private record Conjunct(RexNode condition, int factors, double selectivity, int leftField, int rightField) {
        boolean equality() {
            return leftField >= 0;
        }
    }

    private static final class Search {
        private final MultiJoin multi;
        private final List<RelNode> inputs;
        private final int[] offsets;
        private final int[] factorOf;
        private final double[] factorRows;
        private final List<Conjunct> conjuncts = new ArrayList<>();
        private final Best[] best;

        Search(MultiJoin multi, RelMetadataQuery mq) {
            this.multi = multi;
            this.inputs = multi.getInputs();
            int n = inputs.size();
            offsets = new int[n + 1];
            for (int i = 0; i < n; i++) {
                offsets[i + 1] = offsets[i] + inputs.get(i).getRowType().getFieldCount();
            }
            factorOf = new int[offsets[n]];
            for (int i = 0; i < n; i++) {
                for (int f = offsets[i]; f < offsets[i + 1]; f++) {
                    factorOf[f] = i;
                }
            }
            factorRows = new double[n];
            for (int i = 0; i < n; i++) {
                Double rows = mq.getRowCount(inputs.get(i));
                factorRows[i] = rows == null ? 1 : Math.max(1, rows);
            }
            for (RexNode c : RelOptUtil.conjunctions(multi.getJoinFilter())) {
                conjuncts.add(conjunct(c, mq));
            }
            best = new Best[1 << n];
            for (int i = 0; i < n; i++) {
                best[1 << i] = new Best(-1, -1, 0, rowsOf(1 << i), where(i));
            }
        }

        private Conjunct conjunct(RexNode c, RelMetadataQuery mq) {
            int factors = 0;
            for (int field : RelOptUtil.InputFinder.bits(c)) {
                factors |= 1 << factorOf[field];
            }
            if (c instanceof RexCall call && call.getKind() == SqlKind.EQUALS
                    && call.getOperands().get(0) instanceof RexInputRef a
                    && call.getOperands().get(1) instanceof RexInputRef b
                    && factorOf[a.getIndex()] != factorOf[b.getIndex()]) {
                int fa = factorOf[a.getIndex()];
                int fb = factorOf[b.getIndex()];
                Double s = TesseraMdSelectivity.equalitySelectivity(inputs.get(fa), a.getIndex() - offsets[fa],
                        inputs.get(fb), b.getIndex() - offsets[fb], mq);
                return new Conjunct(c, factors, s != null ? s : RelMdUtil.guessSelectivity(c), a.getIndex(),
                        b.getIndex());
            }
            return new Conjunct(c, factors, RelMdUtil.guessSelectivity(c), -1, -1);
        }

        /** The estimated rows of the join of the factors in {@code set}: their product, each condition applied. */
        private double rowsOf(int set) {
            double rows = 1;
            for (int i = 0; i < inputs.size(); i++) {
                if ((set & (1 << i)) != 0) {
                    rows *= factorRows[i];
                }
            }
            for (Conjunct c : conjuncts) {
                if (c.factors() != 0 && (c.factors() & ~set) == 0 && Integer.bitCount(c.factors()) > 1) {
                    rows *= c.selectivity();
                }
            }
            return Math.max(1, rows);
        }

        /** Where factor {@code i}'s rows live: a scan of a table (under filters and projections) is placed by it. */
        private Where where(int i) {
            RelNode rel = inputs.get(i);
            for (int depth = 0; depth < 20 && rel != null; depth++) {
                if (rel instanceof RelSubset subset) {
                    rel = subset.getOriginal();
                } else if (rel instanceof HepRelVertex vertex) {
                    rel = vertex.getCurrentRel();
                } else if (rel instanceof Filter || rel instanceof Project || rel instanceof EnumerableInterpreter) {
                    rel = rel.getInput(0);
                } else {
                    break;
                }
            }
            TesseraTable table = rel instanceof TableScan scan ? scan.getTable().unwrap(TesseraTable.class) : null;
            if (table == null) {
                return Where.UNKNOWN;
            }
            TableDef def = table.def();
            Distribution d = def.distribution();
            if (d.replicated()) {
                return new Where(true, null, ImmutableBitSet.of(), d.nodes().size());
            }
            int column = new Router(def).distributionColumn();
            if (d.kind() == Distribution.Kind.ROUNDROBIN || column < 0) {
                return new Where(false, null, ImmutableBitSet.of(), d.nodes().size());
            }
            ImmutableBitSet.Builder keys = ImmutableBitSet.builder();
            RelNode input = inputs.get(i);
            for (int c = 0; c < input.getRowType().getFieldCount(); c++) {
                TesseraMdSelectivity.Origin origin = TesseraMdSelectivity.origin(input, c);
                if (origin != null && origin.table() == table && origin.ordinal() == column) {
                    keys.set(offsets[i] + c);
                }
            }
            Distribution.Kind family = d.kind() == Distribution.Kind.SHARD ? Distribution.Kind.HASH : d.kind();
            return new Where(false, new Placement(family, d.shardNodes(), def.columns().get(column).type()),
                    keys.build(), d.nodes().size());
        }

        /** The cheapest join order, as logical joins under a projection of the MultiJoin's columns. */
        RelNode best(RelBuilder builder) {
            int all = (1 << inputs.size()) - 1;
            for (int set = 1; set <= all; set++) {
                if (Integer.bitCount(set) < 2) {
                    continue;
                }
                search(set, true);
                if (best[set] == null) {
                    search(set, false); // nothing connects these factors: a cross product it is
                }
            }
            if (best[all] == null) {
                return null;
            }
            List<Integer> fields = new ArrayList<>();
            build(all, builder, fields);
            RexBuilder rex = multi.getCluster().getRexBuilder();
            List<RexNode> top = new ArrayList<>();
            for (Conjunct c : conjuncts) {
                if (c.factors() == 0) {
                    top.add(c.condition()); // no column: a constant condition
                }
            }
            if (multi.getPostJoinFilter() != null) {
                top.add(multi.getPostJoinFilter());
            }
            if (!top.isEmpty()) {
                builder.filter(remap(RexUtil.composeConjunction(rex, top), fields));
            }
            List<RexNode> projects = new ArrayList<>();
            for (int f = 0; f < factorOf.length; f++) {
                projects.add(builder.field(fields.indexOf(f)));
            }
            builder.project(projects, multi.getRowType().getFieldNames(), true);
            return builder.build();
        }

        /** The cheapest split of {@code set} into two subsets, connected by a condition when {@code connected}. */
        private void search(int set, boolean connected) {
            int lowest = Integer.lowestOneBit(set);
            for (int left = (set - 1) & set; left > 0; left = (left - 1) & set) {
                int right = set & ~left;
                if ((left & lowest) == 0 || best[left] == null || best[right] == null) {
                    continue; // each unordered pair once
                }
                List<Conjunct> joining = joining(left, right);
                if (connected && joining.isEmpty()) {
                    continue;
                }
                Best l = best[left];
                Best r = best[right];
                double rows = rowsOf(set);
                double[] moved = {0};
                Where where = place(l, r, joining, moved);
                double cost = l.cost() + r.cost() + rows + moved[0];
                if (best[set] == null || cost < best[set].cost()) {
                    best[set] = new Best(left, right, cost, rows, where);
                }
            }
        }

        /** The conditions that join {@code left} to {@code right}: referencing both, and nothing outside them. */
        private List<Conjunct> joining(int left, int right) {
            List<Conjunct> out = new ArrayList<>();
            for (Conjunct c : conjuncts) {
                int f = c.factors();
                if ((f & left) != 0 && (f & right) != 0 && (f & ~(left | right)) == 0) {
                    out.add(c);
                }
            }
            return out;
        }

        /**
         * Where the join of {@code l} and {@code r} on {@code joining} leaves its rows, with the rows it moves to get
         * there added to {@code moved[0]}: none when co-located or one side is replicated, else the cheapest of one
         * side sent by the other's placement, both hashed on a key, or the smaller side broadcast.
         */
        private Where place(Best l, Best r, List<Conjunct> joining, double[] moved) {
            Where a = l.where();
            Where b = r.where();
            if (a.replicated() && b.replicated()) {
                return a;
            }
            if (a.replicated()) {
                return b;
            }
            if (b.replicated()) {
                return a;
            }
            double bestMoved = Double.MAX_VALUE;
            Where result = Where.UNKNOWN;
            for (Conjunct c : joining) {
                if (!c.equality()) {
                    continue;
                }
                int x = c.leftField();
                int y = c.rightField();
                boolean xOnB = b.keys().get(x) || a.keys().get(y);
                int onA = xOnB ? y : x; // the key's column on a's side
                int onB = xOnB ? x : y;
                ImmutableBitSet both = a.keys().union(b.keys()).union(ImmutableBitSet.of(onA, onB));
                if (a.placement() != null && a.placement().equals(b.placement()) && a.keys().get(onA)
                        && b.keys().get(onB)) {
                    return new Where(false, a.placement(), both, a.fanout());
                }
                if (b.placement() != null && b.keys().get(onB) && l.rows() < bestMoved) {
                    bestMoved = l.rows();
                    result = new Where(false, b.placement(), b.keys().union(ImmutableBitSet.of(onA)), b.fanout());
                }
                if (a.placement() != null && a.keys().get(onA) && r.rows() < bestMoved) {
                    bestMoved = r.rows();
                    result = new Where(false, a.placement(), a.keys().union(ImmutableBitSet.of(onB)), a.fanout());
                }
                if (l.rows() + r.rows() < bestMoved) {
                    bestMoved = l.rows() + r.rows();
                    result = new Where(false, new Placement(null, List.of(), null), ImmutableBitSet.of(onA, onB),
                            Math.max(a.fanout(), b.fanout()));
                }
            }
            double broadcast = Math.min(l.rows(), r.rows()) * Math.max(a.fanout(), b.fanout());
            if (broadcast < bestMoved) {
                bestMoved = broadcast;
                result = l.rows() < r.rows() ? b : a;
            }
            moved[0] += bestMoved;
            return result;
        }

        /**
         * Pushes the plan of {@code set} on {@code builder}, appending the MultiJoin columns it outputs, in order, to
         * {@code fields}.
         */
        private void build(int set, RelBuilder builder, List<Integer> fields) {
            Best b = best[set];
            if (b.left() < 0) {
                int i = Integer.numberOfTrailingZeros(set);
                builder.push(inputs.get(i));
                int start = fields.size();
                for (int f = offsets[i]; f < offsets[i + 1]; f++) {
                    fields.add(f);
                }
                List<RexNode> own = new ArrayList<>();
                for (Conjunct c : conjuncts) {
                    if (c.factors() == set) {
                        own.add(c.condition());
                    }
                }
                if (!own.isEmpty()) {
                    builder.filter(remap(RexUtil.composeConjunction(builder.getRexBuilder(), own), fields.subList(start,
                            fields.size())));
                }
                return;
            }
            int start = fields.size();
            build(b.left(), builder, fields);
            build(b.right(), builder, fields);
            List<RexNode> on = new ArrayList<>();
            for (Conjunct c : joining(b.left(), b.right())) {
                on.add(c.condition());
            }
            RexNode condition = on.isEmpty() ? builder.literal(true)
                    : remap(RexUtil.composeConjunction(builder.getRexBuilder(), on), fields.subList(start, fields.size()));
            builder.join(JoinRelType.INNER, condition);
        }

        /** {@code condition} over the MultiJoin's columns, rewritten over {@code fields} (a plan's columns). */
        private static RexNode remap(RexNode condition, List<Integer> fields) {
            return condition.accept(new RexShuttle() {
                @Override
                public RexNode visitInputRef(RexInputRef ref) {
                    return new RexInputRef(fields.indexOf(ref.getIndex()), ref.getType());
                }
            });
        }
    }
}
