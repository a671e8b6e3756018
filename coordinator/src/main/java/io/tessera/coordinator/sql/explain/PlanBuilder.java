package io.tessera.coordinator.sql.explain;

import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.sql.fragment.Colocation;
import io.tessera.coordinator.sql.fragment.FragmentPlan;
import io.tessera.coordinator.sql.functions.JsonFunctions;
import io.tessera.coordinator.sql.functions.PgRexRewriter;
import io.tessera.coordinator.sql.rel.TesseraColocatedJoin;
import io.tessera.coordinator.sql.rel.TesseraFinalAggregate;
import io.tessera.coordinator.sql.rel.TesseraPartialAggregate;
import io.tessera.coordinator.sql.rel.TesseraTopN;
import io.tessera.coordinator.sql.schema.TesseraTable;
import io.tessera.protocol.expr.Op;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableInterpreter;
import org.apache.calcite.adapter.enumerable.EnumerableLimit;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Intersect;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Minus;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Turns the coordinator's physical plan (Calcite enumerable rels and Tessera's distributed ones) into PostgreSQL /
 * Postgres-XL EXPLAIN nodes. What runs on the datanodes sits under a {@code Remote Subquery Scan on all (dn1,dn2)}
 * (every datanode holding a shard) or {@code on any (dn1)} (one copy of a replicated table), as Postgres-XL prints
 * it:
 * <pre>
 *   Limit                                      TesseraTopN
 *     -&gt;  Remote Subquery Scan on all (dn1,dn2)
 *           -&gt;  Limit
 *                 -&gt;  Sort   Sort Key: pad DESC
 *                       -&gt;  Seq Scan on t   Filter: (k &gt; 3)
 * </pre>
 * Projections (Calc without a condition) print no node of their own, as in PostgreSQL; a Calc with a condition is a
 * {@code Result} with its {@code Filter}.
 */
final class PlanBuilder {
    private final RelMetadataQuery mq;

    PlanBuilder(RelMetadataQuery mq) {
        this.mq = mq;
    }

    PlanNode build(RelNode rel) {
        if (rel instanceof EnumerableInterpreter) {
            return build(rel.getInput(0));
        }
        if (rel instanceof Calc calc && calc.getProgram().getCondition() == null) {
            PlanNode child = build(calc.getInput());
            child.output = names(calc.getRowType());
            return child;
        }
        if (rel instanceof Project p) {
            PlanNode child = build(p.getInput());
            child.output = names(p.getRowType());
            return child;
        }
        PlanNode n = node(rel);
        estimate(n, rel);
        for (PlanNode c : n.children) {
            if (c.rows == 0 && c.totalCost == 0) {
                c.estimatesOf(n);
            }
        }
        return n;
    }

    private PlanNode node(RelNode rel) {
        if (rel instanceof TesseraColocatedJoin join) {
            return measured(remote(join.nodes(), join.onOneCopy()), join.plan(), PlanNode.GATHER)
                    .child(fragment(join.plan(), join.nodes()));
        }
        if (rel instanceof io.tessera.coordinator.sql.rel.TesseraMergeWindow merge) {
            FragmentPlan.Window sorted = merge.spec().sorted();
            List<String> in = sortKeyNames(sorted.input());
            List<String> keys = new ArrayList<>();
            for (io.tessera.executor.exec.SortKey k : sorted.orderKeys()) {
                keys.add(in.get(k.column()) + (k.descending() ? " DESC" : "")
                        + (k.nullsFirst() != k.descending() ? (k.nullsFirst() ? " NULLS FIRST" : " NULLS LAST") : ""));
            }
            PlanNode remote = measured(remote(merge.nodes(), false), sorted, PlanNode.GATHER)
                    .child(fragment(sorted, merge.nodes()));
            if (!keys.isEmpty()) {
                remote.detail("Merge Key", keys);
            }
            return new PlanNode("WindowAgg", null).child(remote);
        }
        if (rel instanceof TesseraTopN topN && topN.source() != null) {
            List<String> cols = sortKeyNames(topN.source());
            PlanNode below = fragment(topN.source(), nodesOf(topN.source()));
            if (!topN.collation().getFieldCollations().isEmpty()) {
                below = new PlanNode("Sort", null).detail("Sort Key", sortKeys(topN.collation(), cols)).child(below);
            }
            PlanNode remote = measured(remote(Colocation.nodes(topN.source()),
                    onOneCopy(topN.source())), topN.source(), PlanNode.GATHER)
                    .child(measured(new PlanNode("Limit", null), topN.source(), PlanNode.OUTPUT).child(below));
            if (!topN.collation().getFieldCollations().isEmpty()) {
                remote.detail("Merge Key", sortKeys(topN.collation(), cols));
            }
            return new PlanNode("Limit", null).child(remote);
        }
        if (rel instanceof TesseraPartialAggregate agg && agg.source() != null) {
            List<String> keys = new ArrayList<>();
            for (int k : agg.groupSet()) {
                keys.add(agg.columnName(k));
            }
            String type = agg.groupSet().isEmpty() ? "Aggregate" : "HashAggregate";
            PlanNode a = measured(new PlanNode("Partial " + type, null), agg.source(), PlanNode.OUTPUT)
                    .detail("Group Key", keys).child(fragment(agg.source(), nodesOf(agg.source())));
            return measured(remote(Colocation.nodes(agg.source()),
                    onOneCopy(agg.source())), agg.source(), PlanNode.GATHER).child(a);
        }
        if (rel instanceof TesseraTopN topN) {
            List<String> cols = names(topN.getRowType());
            PlanNode scan = seqScan(topN.tesseraTable(), topN.filters());
            PlanNode below = scan;
            if (!topN.collation().getFieldCollations().isEmpty()) {
                below = new PlanNode("Sort", null).detail("Sort Key", sortKeys(topN.collation(), cols)).child(scan);
            }
            PlanNode datanodeLimit = new PlanNode("Limit", null).child(below);
            PlanNode remote = remote(topN.tesseraTable()).child(datanodeLimit);
            if (!topN.collation().getFieldCollations().isEmpty()) {
                remote.detail("Merge Key", sortKeys(topN.collation(), cols));
            }
            return new PlanNode("Limit", null).child(remote);
        }
        if (rel instanceof TesseraPartialAggregate agg) {
            PlanNode scan = seqScan(agg.tesseraTable(), agg.filters());
            List<String> keys = new ArrayList<>();
            for (int k : agg.groupSet()) {
                keys.add(agg.columnName(k));
            }
            String type = (agg.groupSet().isEmpty() ? "Aggregate" : "HashAggregate");
            PlanNode a = new PlanNode(agg.complete() ? type : "Partial " + type, null).detail("Group Key", keys)
                    .child(scan);
            return remote(agg.tesseraTable()).child(a);
        }
        if (rel instanceof TesseraFinalAggregate fin) {
            TesseraPartialAggregate partial = partialBelow(fin.getInput());
            List<String> keys = new ArrayList<>();
            if (partial != null) {
                for (int k : partial.groupSet()) {
                    keys.add(partial.columnName(k));
                }
            }
            return new PlanNode(keys.isEmpty() ? "Finalize Aggregate" : "Finalize HashAggregate", null)
                    .detail("Group Key", keys).child(build(fin.getInput()));
        }
        if (rel instanceof TableScan scan) {
            TesseraTable t = scan.getTable().unwrap(TesseraTable.class);
            List<RexNode> filters = scan instanceof Bindables.BindableTableScan b ? b.filters : List.of();
            if (t != null) {
                return remote(t).child(seqScan(t, filters));
            }
            List<String> name = scan.getTable().getQualifiedName();
            return new PlanNode("Seq Scan", name.get(name.size() - 1))
                    .detail("Filter", RexFormat.conjunction(filters, names(scan.getTable().getRowType())));
        }
        if (rel instanceof EnumerableLimit limit) {
            return new PlanNode("Limit", null).child(build(limit.getInput()));
        }
        if (rel instanceof Sort sort) {
            PlanNode s = new PlanNode("Sort", null)
                    .detail("Sort Key", sortKeys(sort.getCollation(), names(sort.getInput().getRowType())))
                    .child(build(sort.getInput()));
            if (sort.fetch != null || sort.offset != null) {
                return new PlanNode("Limit", null).child(s);
            }
            return s;
        }
        if (rel instanceof Calc calc) {
            RexProgram prog = calc.getProgram();
            return new PlanNode("Result", null)
                    .detail("Filter", RexFormat.format(prog.expandLocalRef(prog.getCondition()),
                            names(calc.getInput().getRowType())))
                    .child(build(calc.getInput()));
        }
        if (rel instanceof Filter f) {
            return new PlanNode("Result", null)
                    .detail("Filter", RexFormat.format(f.getCondition(), names(f.getInput().getRowType())))
                    .child(build(f.getInput()));
        }
        if (rel instanceof Join join) {
            String kind = join.getJoinType().name().charAt(0) + join.getJoinType().name().substring(1).toLowerCase();
            String simple = rel.getClass().getSimpleName();
            String type = simple.contains("HashJoin") ? "Hash Join" : simple.contains("MergeJoin") ? "Merge Join"
                    : "Nested Loop";
            List<String> both = new ArrayList<>(names(join.getLeft().getRowType()));
            both.addAll(names(join.getRight().getRowType()));
            PlanNode j = new PlanNode(join.getJoinType() == org.apache.calcite.rel.core.JoinRelType.INNER ? type
                    : type + " " + kind, null);
            String cond = RexFormat.format(join.getCondition(), both);
            j.detail(type.equals("Hash Join") ? "Hash Cond" : type.equals("Merge Join") ? "Merge Cond" : "Join Filter",
                    cond);
            j.child(build(join.getLeft()));
            PlanNode right = build(join.getRight());
            if (type.equals("Hash Join")) {
                PlanNode hash = new PlanNode("Hash", null).child(right).estimatesOf(right);
                j.child(hash);
            } else {
                j.child(right);
            }
            return j;
        }
        if (rel instanceof io.tessera.coordinator.sql.rel.TesseraMaterialize m) {
            return new PlanNode("Materialize", null).child(build(m.getInput()));
        }
        if (rel instanceof Correlate c) {
            return new PlanNode("Nested Loop", null).child(build(c.getLeft())).child(build(c.getRight()));
        }
        if (rel instanceof Aggregate agg) {
            List<String> in = names(agg.getInput().getRowType());
            List<String> keys = new ArrayList<>();
            for (int k : agg.getGroupSet()) {
                keys.add(in.get(k));
            }
            boolean sorted = rel.getClass().getSimpleName().contains("Sorted");
            String type = keys.isEmpty() ? "Aggregate" : sorted ? "GroupAggregate" : "HashAggregate";
            return new PlanNode(type, null).detail("Group Key", keys).child(build(agg.getInput()));
        }
        if (rel instanceof SetOp op) {
            String all = op.all ? " All" : ""; // PostgreSQL: HashSetOp Intersect All
            String type = op instanceof Intersect ? "HashSetOp Intersect" + all
                    : op instanceof Minus ? "HashSetOp Except" + all : "Append";
            PlanNode n = new PlanNode(type, null);
            for (RelNode in : op.getInputs()) {
                n.child(build(in));
            }
            if (!op.all && !(op instanceof Intersect) && !(op instanceof Minus)) {
                return new PlanNode("HashAggregate", null).detail("Group Key", names(op.getRowType())).child(n);
            }
            return n;
        }
        if (rel instanceof Window || rel instanceof io.tessera.coordinator.sql.rel.TesseraWindow) {
            return new PlanNode("WindowAgg", null).child(build(rel.getInput(0)));
        }
        if (rel instanceof Values) {
            return new PlanNode(((Values) rel).getTuples().size() == 1 ? "Result" : "Values Scan", null);
        }
        if (rel instanceof TableFunctionScan) {
            return new PlanNode("Function Scan", null);
        }
        String name = rel.getClass().getSimpleName().replaceFirst("^Enumerable", "");
        PlanNode n = new PlanNode(name, null);
        for (RelNode in : rel.getInputs()) {
            n.child(build(in));
        }
        return n;
    }

    private static TesseraPartialAggregate partialBelow(RelNode rel) {
        RelNode r = rel instanceof org.apache.calcite.plan.volcano.RelSubset s ? s.getBest() : rel;
        return r instanceof TesseraPartialAggregate p ? p : null;
    }

    /**
     * What each datanode runs of a co-located fragment, in PostgreSQL's words: {@code Hash Join} (or {@code Hash Left
     * Join}, ... {@code Hash Anti Join}) with its {@code Hash Cond} and {@code Join Filter}, the probe side first and
     * the build side under a {@code Hash}; scans as {@code Seq Scan} with their {@code Filter}; an exchange as
     * Postgres-XL prints a redistribution: {@code Remote Subquery Scan on all (dn1,dn2)} with
     * {@code Distribute results by H: column} above what is sent (by M: for a MODULO table's shard map), or
     * {@code Broadcast results to: all (dn1,dn2)} above a broadcast side.
     */
    private static List<String> nodesOf(FragmentPlan plan) {
        return Colocation.nodes(plan);
    }

    /** Marks {@code n} as showing {@code op} of {@code plan} (EXPLAIN ANALYZE's key, {@link PlanNode#op}). */
    private static PlanNode measured(PlanNode n, FragmentPlan plan, int op) {
        n.fragment = io.tessera.coordinator.sql.exec.FragmentStats.key(plan);
        n.op = op;
        return n;
    }

    private static PlanNode fragment(FragmentPlan plan, List<String> nodes) {
        return fragment(plan, io.tessera.coordinator.sql.exec.FragmentStats.key(plan), nodes, new int[] {0});
    }

    /**
     * As {@link #fragment(FragmentPlan, List)}, numbering the operators in pre-order from {@code next[0]} as the
     * datanodes do ({@code FragmentPlan.toProto}); a filter or projection shows on its input's node, which then
     * carries the outermost operator's number (its rows are the filter's).
     */
    private static PlanNode fragment(FragmentPlan plan, String digest, List<String> nodes, int[] next) {
        int me = next[0]++;
        PlanNode n = fragmentNode(plan, digest, nodes, next);
        n.fragment = digest;
        n.op = me;
        return n;
    }

    private static PlanNode fragmentNode(FragmentPlan plan, String digest, List<String> nodes, int[] next) {
        if (plan instanceof FragmentPlan.Exchange x) {
            if (x.mode() == FragmentPlan.Exchange.Mode.BROADCAST) {
                return remote(nodes, false).detail("Broadcast results to", "all (" + String.join(",", nodes) + ")")
                        .child(fragment(x.input(), digest, nodes, next));
            }
            String key = x.names().get(x.key());
            String by = x.family() == io.tessera.coordinator.catalog.Distribution.Kind.MODULO ? "M" : "H";
            return remote(nodes, false).detail("Distribute results by " + by,
                    key.startsWith("(") ? key : key.substring(key.lastIndexOf('.') + 1))
                    .child(fragment(x.input(), digest, nodes, next));
        }
        if (plan instanceof FragmentPlan.Scan s) {
            return new PlanNode("Seq Scan", s.table().def().name())
                    .detail("Filter", RexFormat.conjunction(s.filters(), s.tableColumnNames()));
        }
        if (plan instanceof FragmentPlan.Project p) {
            PlanNode n = fragment(p.input(), digest, nodes, next);
            n.output = p.names();
            return n;
        }
        if (plan instanceof FragmentPlan.Filter f) {
            return fragment(f.input(), digest, nodes, next)
                    .detail("Filter", RexFormat.format(f.condition(), f.input().names()));
        }
        if (plan instanceof FragmentPlan.Window w) { // PostgreSQL's WindowAgg over the Sort that feeds it
            List<String> in = sortKeyNames(w.input());
            List<String> keys = new ArrayList<>();
            for (int k : w.partitionKeys()) {
                keys.add(in.get(k));
            }
            for (io.tessera.executor.exec.SortKey k : w.orderKeys()) {
                keys.add(in.get(k.column()) + (k.descending() ? " DESC" : "")
                        + (k.nullsFirst() != k.descending() ? (k.nullsFirst() ? " NULLS FIRST" : " NULLS LAST") : ""));
            }
            PlanNode input = fragment(w.input(), digest, nodes, next);
            PlanNode below = keys.isEmpty() ? input
                    : new PlanNode("Sort", null).detail("Sort Key", String.join(", ", keys)).child(input);
            if (w.sortOnly()) { // the datanodes' half of a merged window (TesseraMergeWindow)
                below.output = w.names();
                return below;
            }
            PlanNode n = new PlanNode("WindowAgg", null).child(below);
            n.output = w.names();
            return n;
        }
        FragmentPlan.Join j = (FragmentPlan.Join) plan;
        List<String> left = j.left().names();
        List<String> right = j.right().names();
        List<String> both = new ArrayList<>(left);
        both.addAll(right);
        List<String> conds = new ArrayList<>();
        for (int i = 0; i < j.leftKeys().length; i++) {
            conds.add("(" + left.get(j.leftKeys()[i]) + " = " + right.get(j.rightKeys()[i]) + ")");
        }
        String kind = switch (j.type()) {
            case LEFT -> "Hash Left Join";
            case RIGHT -> "Hash Right Join";
            case FULL -> "Hash Full Join";
            case SEMI -> "Hash Semi Join";
            case ANTI -> "Hash Anti Join";
            default -> "Hash Join";
        };
        PlanNode probe = fragment(j.left(), digest, nodes, next);
        int buildOp = next[0];
        PlanNode build = fragment(j.right(), digest, nodes, next);
        PlanNode hash = new PlanNode("Hash", null).child(build);
        hash.fragment = digest;
        hash.op = buildOp; // the hash table holds what its input returned
        return new PlanNode(kind, null)
                .detail("Hash Cond", conds.size() == 1 ? conds.get(0) : "(" + String.join(" AND ", conds) + ")")
                .detail("Join Filter", j.residual() == null ? null : RexFormat.format(j.residual(), both))
                .child(probe)
                .child(hash);
    }

    private static boolean onOneCopy(FragmentPlan plan) {
        return plan.scans().stream().allMatch(s -> s.table().def().distribution().replicated());
    }

    /** Postgres-XL's node for a fragment on {@code nodes}: all of them, or any one copy of replicated tables. */
    private static PlanNode remote(List<String> nodes, boolean any) {
        return new PlanNode("Remote Subquery Scan", (any ? "any" : "all") + " (" + String.join(",", nodes) + ")");
    }

    /** Postgres-XL's node for a fragment run on the datanodes: all of them, or any one copy of a replicated table. */
    private static PlanNode remote(TesseraTable t) {
        Distribution d = t.def().distribution();
        List<String> nodes = d.replicated() ? List.of(d.nodes().get(0)) : distinctShardNodes(d);
        return new PlanNode("Remote Subquery Scan", (d.replicated() ? "any" : "all") + " (" + String.join(",", nodes)
                + ")");
    }

    private static List<String> distinctShardNodes(Distribution d) {
        List<String> out = new ArrayList<>();
        for (String n : d.shardNodes()) {
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        out.sort(null);
        return out;
    }

    private static PlanNode seqScan(TesseraTable t, List<RexNode> filters) {
        List<String> cols = new ArrayList<>();
        t.def().columns().forEach(c -> cols.add(c.name()));
        cols.add(TesseraTable.XC_NODE_ID);
        io.tessera.coordinator.catalog.IndexDef index = indexFor(t, filters);
        if (index != null) {
            return new PlanNode("Index Scan using " + index.name(), t.def().name())
                    .detail("Index Cond", RexFormat.conjunction(filters, cols));
        }
        return new PlanNode("Seq Scan", t.def().name()).detail("Filter", RexFormat.conjunction(filters, cols));
    }

    /** The index the scan will read through ({@code IndexChoice}, over the filters the datanodes evaluate). */
    private static io.tessera.coordinator.catalog.IndexDef indexFor(TesseraTable t, List<RexNode> filters) {
        if (t.def().indexes().isEmpty() || filters.isEmpty()) {
            return null;
        }
        org.apache.calcite.rex.RexBuilder rex = new org.apache.calcite.rex.RexBuilder(
                new org.apache.calcite.sql.type.SqlTypeFactoryImpl(org.apache.calcite.rel.type.RelDataTypeSystem.DEFAULT));
        io.tessera.coordinator.sql.exec.RexToExpr translator =
                new io.tessera.coordinator.sql.exec.RexToExpr(t.def().columns().size(), p -> null);
        List<io.tessera.protocol.expr.Expr> pushed = new ArrayList<>();
        for (RexNode f : filters) {
            try {
                io.tessera.protocol.expr.Expr e = translator.translate(
                        org.apache.calcite.rex.RexUtil.expandSearch(rex, null, f));
                if (e != null) {
                    pushed.add(e);
                }
            } catch (RuntimeException notTranslatable) {
                // stays on the coordinator
            }
        }
        if (pushed.isEmpty()) {
            return null;
        }
        io.tessera.protocol.expr.Expr filter = pushed.size() == 1 ? pushed.get(0)
                : io.tessera.protocol.expr.Expr.newBuilder().setCall(io.tessera.protocol.expr.Call.newBuilder()
                        .setOp(io.tessera.protocol.expr.Op.AND).addAllOperands(pushed)).build();
        return io.tessera.coordinator.sql.exec.IndexChoice.choose(t.def(), filter);
    }

    /**
     * The output columns of {@code plan} as a Sort Key names them: a computed one in parentheses, as PostgreSQL
     * prints a sort on an expression ({@code Sort Key: ((a + b)), id}); a float or jsonb column's sort key as the
     * column.
     */
    private static List<String> sortKeyNames(FragmentPlan plan) {
        List<String> names = new ArrayList<>(plan.names());
        while (plan instanceof FragmentPlan.Exchange || plan instanceof FragmentPlan.Filter) { // the same columns
            plan = plan instanceof FragmentPlan.Exchange x ? x.input() : ((FragmentPlan.Filter) plan).input();
        }
        if (plan instanceof FragmentPlan.Project p) {
            for (int i = 0; i < names.size(); i++) {
                RexNode e = p.exprs().get(i);
                boolean keyOfColumn = e instanceof RexCall c && c.getOperands().size() == 1
                        && c.getOperands().get(0) instanceof RexInputRef
                        && (PgRexRewriter.isFloat8SortKey(c) || JsonFunctions.pushableOp(c) == Op.JSONB_SORT_KEY);
                if (e instanceof RexCall && !keyOfColumn) {
                    names.set(i, "(" + names.get(i) + ")");
                }
            }
        }
        return names;
    }

    private static List<String> sortKeys(RelCollation collation, List<String> cols) {
        List<String> out = new ArrayList<>();
        for (RelFieldCollation c : collation.getFieldCollations()) {
            boolean desc = c.getDirection().isDescending();
            String key = cols.get(c.getFieldIndex()) + (desc ? " DESC" : "");
            boolean nullsFirst = c.nullDirection == RelFieldCollation.NullDirection.FIRST
                    || (c.nullDirection == RelFieldCollation.NullDirection.UNSPECIFIED && desc);
            if (nullsFirst != desc) {
                key += nullsFirst ? " NULLS FIRST" : " NULLS LAST";
            }
            out.add(key);
        }
        return out;
    }

    private void estimate(PlanNode n, RelNode rel) {
        Double rows = mq.getRowCount(rel);
        RelOptCost cost = mq.getCumulativeCost(rel);
        n.rows = rows == null ? 0 : rows;
        n.totalCost = cost == null || cost.isInfinite() ? 0 : cost.getRows() + cost.getCpu() / 1000;
        n.width = width(rel.getRowType());
        n.output = names(rel.getRowType());
    }

    private static int width(RelDataType type) {
        int w = 0;
        for (RelDataTypeField f : type.getFieldList()) {
            w += switch (f.getType().getSqlTypeName()) {
                case BOOLEAN -> 1;
                case SMALLINT -> 2;
                case INTEGER, DATE, REAL -> 4;
                case BIGINT, DOUBLE, TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> 8;
                default -> 32;
            };
        }
        return w;
    }

    static List<String> names(RelDataType type) {
        return type.getFieldNames();
    }

    static List<String> keys(ImmutableBitSet set, List<String> names) {
        List<String> out = new ArrayList<>();
        for (int k : set) {
            out.add(names.get(k));
        }
        return out;
    }

    static String aggName(AggregateCall c) {
        return c.getAggregation().getName().toLowerCase();
    }
}
