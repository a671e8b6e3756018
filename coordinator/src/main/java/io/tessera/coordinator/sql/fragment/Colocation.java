package io.tessera.coordinator.sql.fragment;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.sql.exec.Router;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;

/**
 * Where a fragment's rows live, and whether a join of two fragments can run on the datanodes without moving rows
 * (Postgres-XL's "co-located" join, its {@code pgxc_is_join_shippable}):
 * <ul>
 *   <li>both sides <em>partitioned</em> by the same function (HASH and SHARD share one: the type-aware hash, then
 *       the equal-range shard math; MODULO its own) over the same shard map (shard i on the same datanode on both
 *       sides), and an equi-join key pair that is each side's distribution column, of the same type — so equal
 *       values were placed in the same shard, on the same datanode;</li>
 *   <li>or one side <em>replicated</em> on every datanode of the other: each datanode joins its part of the other
 *       side with the whole replicated table. The replicated side must not be one whose unmatched rows the join
 *       returns (every datanode would return them): it may be the right side of LEFT, SEMI and ANTI, the left of
 *       RIGHT, either of INNER, neither of FULL;</li>
 *   <li>or both replicated, with a datanode holding both: the join runs there alone.</li>
 * </ul>
 * A ROUNDROBIN table is partitioned without a key: it joins locally only with a replicated table.
 *
 * <p>An {@link FragmentPlan.Exchange} re-partitions its input by the executor's hash of one column over every
 * datanode of the fragment (a layout of family null): two exchanges on keys of one type are co-located on those keys,
 * which is what a redistributed join is.
 */
public final class Colocation {
    private Colocation() {
    }

    /**
     * A fragment output's placement.
     *
     * @param replicated every datanode of {@code nodes} holds all the rows
     * @param family for partitioned rows, the placement function (HASH for HASH and SHARD, MODULO, ROUNDROBIN)
     * @param shardNodes for partitioned rows, the datanode of each shard
     * @param keys output columns whose value decided the row's shard (equal to each other on every row that
     *     matters: a NULL key joins nothing)
     * @param keyType the type of those columns
     */
    public record Layout(boolean replicated, Distribution.Kind family, List<String> shardNodes, Set<String> nodes,
            Set<Integer> keys, PgType keyType) {
        static Layout replicatedOn(Set<String> nodes) {
            return new Layout(true, null, List.of(), Set.copyOf(nodes), Set.of(), null);
        }

        Layout withKeys(Set<Integer> keys) {
            return new Layout(replicated, family, shardNodes, nodes, Set.copyOf(keys), keyType);
        }
    }

    private static final IdentityMemo<FragmentPlan, Layout> LAYOUTS = new IdentityMemo<>(Colocation::derive);
    private static final IdentityMemo<FragmentPlan, List<String>> NODES = new IdentityMemo<>(Colocation::deriveNodes);

    /** The placement of a fragment's output, or null when some join in it is not co-located. */
    public static Layout layout(FragmentPlan plan) {
        return LAYOUTS.get(plan);
    }

    private static Layout derive(FragmentPlan plan) {
        if (plan instanceof FragmentPlan.Scan s) {
            return scanLayout(s);
        }
        if (plan instanceof FragmentPlan.Filter f) {
            return layout(f.input());
        }
        if (plan instanceof FragmentPlan.Window w) { // the input's columns stay where they were, rows too
            return layout(w.input());
        }
        if (plan instanceof FragmentPlan.Exchange x) {
            Layout in = layout(x.input());
            if (in == null) {
                return null;
            }
            return switch (x.mode()) {
                case BROADCAST -> BROADCAST;
                case SHARD_MAP -> new Layout(false, x.family(), x.shardNodes(), new LinkedHashSet<>(x.shardNodes()),
                        Set.of(x.key()), x.types().get(x.key()));
                default -> exchanged(x.key(), x.types().get(x.key()));
            };
        }
        if (plan instanceof FragmentPlan.Project p) {
            Layout in = layout(p.input());
            if (in == null || in.replicated()) {
                return in;
            }
            Set<Integer> keys = new HashSet<>();
            for (int i = 0; i < p.exprs().size(); i++) {
                RexNode e = p.exprs().get(i);
                if (e instanceof RexInputRef r && in.keys().contains(r.getIndex())) {
                    keys.add(i);
                }
            }
            return in.withKeys(keys);
        }
        FragmentPlan.Join j = (FragmentPlan.Join) plan;
        return join(layout(j.left()), layout(j.right()), j.left().types().size(), j.type(), j.leftKeys(),
                j.rightKeys());
    }

    /**
     * The placement of an exchange's output: partitioned by the executor's key hash over all of the fragment's
     * datanodes (family null, no shard map of its own), on output column {@code key}.
     */
    public static Layout exchanged(int key, PgType keyType) {
        return new Layout(false, null, List.of(), Set.of(), Set.of(key), keyType);
    }

    /**
     * A broadcast exchange's placement: all the rows on every datanode of the fragment, whichever they turn out to be
     * (told apart from a replicated table's by its empty node set).
     */
    static final Layout BROADCAST = new Layout(true, null, List.of(), Set.of(), Set.of(), null);

    /** Whether {@code l} is a broadcast exchange's placement ({@link #BROADCAST}). */
    public static boolean isBroadcast(Layout l) {
        return l != null && l.replicated() && l.nodes().isEmpty();
    }

    /** Whether {@code l} is an exchange's placement (rows hashed over all the fragment's datanodes). */
    public static boolean isExchanged(Layout l) {
        return l != null && !l.replicated() && l.family() == null;
    }

    private static Layout scanLayout(FragmentPlan.Scan s) {
        Distribution d = s.table().def().distribution();
        if (d.replicated()) {
            return Layout.replicatedOn(new LinkedHashSet<>(d.nodes()));
        }
        Distribution.Kind family = d.kind() == Distribution.Kind.SHARD ? Distribution.Kind.HASH : d.kind();
        Set<Integer> keys = new HashSet<>();
        PgType keyType = null;
        int dist = new Router(s.table().def()).distributionColumn();
        if (family != Distribution.Kind.ROUNDROBIN && dist >= 0) {
            keyType = s.table().def().columns().get(dist).type();
            for (int i = 0; i < s.projects().length; i++) {
                if (s.projects()[i] == dist) {
                    keys.add(i);
                }
            }
        }
        return new Layout(false, family, d.shardNodes(), new LinkedHashSet<>(d.shardNodes()), keys, keyType);
    }

    /**
     * The placement of a join's output when the join is co-located, else null.
     *
     * @param leftWidth the number of the left side's output columns (the right's follow them)
     */
    public static Layout join(Layout left, Layout right, int leftWidth, JoinRelType type, int[] leftKeys,
            int[] rightKeys) {
        if (left == null || right == null) {
            return null;
        }
        if (isBroadcast(left) || isBroadcast(right)) {
            // every datanode of the fragment has the whole broadcast side and its part of the other: the join may
            // not return the broadcast side's unmatched rows (each node would), as for a replicated table
            if (isBroadcast(right) && !left.replicated()) {
                boolean allowed = type == JoinRelType.INNER || type == JoinRelType.LEFT || type == JoinRelType.SEMI
                        || type == JoinRelType.ANTI;
                return allowed ? left : null;
            }
            if (isBroadcast(left) && !right.replicated()) {
                boolean allowed = type == JoinRelType.INNER || type == JoinRelType.RIGHT;
                return allowed ? shifted(right, leftWidth) : null;
            }
            return null;
        }
        if ((left.replicated() && isExchanged(right)) || (right.replicated() && isExchanged(left))) {
            return null; // the fragment's datanodes are known only once it is whole: the copy may be missing on one
        }
        if (left.replicated() && right.replicated()) {
            Set<String> common = new LinkedHashSet<>(left.nodes());
            common.retainAll(right.nodes());
            return common.isEmpty() ? null : Layout.replicatedOn(common);
        }
        if (right.replicated()) {
            boolean allowed = type == JoinRelType.INNER || type == JoinRelType.LEFT || type == JoinRelType.SEMI
                    || type == JoinRelType.ANTI;
            return allowed && right.nodes().containsAll(left.nodes()) ? left : null;
        }
        if (left.replicated()) {
            boolean allowed = type == JoinRelType.INNER || type == JoinRelType.RIGHT;
            return allowed && left.nodes().containsAll(right.nodes()) ? shifted(right, leftWidth) : null;
        }
        if (left.family() != right.family() || left.family() == Distribution.Kind.ROUNDROBIN
                || !left.shardNodes().equals(right.shardNodes()) || left.keyType() != right.keyType()) {
            return null;
        }
        boolean onKeys = false;
        for (int i = 0; i < leftKeys.length; i++) {
            if (left.keys().contains(leftKeys[i]) && right.keys().contains(rightKeys[i])) {
                onKeys = true;
                break;
            }
        }
        if (!onKeys) {
            return null;
        }
        Set<Integer> keys = new HashSet<>();
        if (type != JoinRelType.RIGHT && type != JoinRelType.FULL) {
            keys.addAll(left.keys());
        }
        if (type == JoinRelType.INNER || type == JoinRelType.RIGHT) {
            keys.addAll(shifted(right, leftWidth).keys());
        }
        return left.withKeys(keys);
    }

    private static Layout shifted(Layout l, int by) {
        Set<Integer> keys = new HashSet<>();
        for (int k : l.keys()) {
            keys.add(k + by);
        }
        return l.withKeys(keys);
    }

    /**
     * Which datanodes run a co-located fragment and which local shards each of its scans reads there: every datanode
     * of the partitioned tables' shard map with the shards it holds (a replicated table's one shard, 0, alongside),
     * or, when every table is replicated, one datanode holding them all.
     *
     * @return datanode name → (scan leaf index in {@link FragmentPlan#scans()} order → shards), in node order
     */
    public static Map<String, List<TreeSet<Integer>>> placement(FragmentPlan plan) {
        List<FragmentPlan.Scan> scans = plan.scans();
        List<String> nodes = nodes(plan);
        Map<String, List<TreeSet<Integer>>> out = new LinkedHashMap<>();
        if (!partitioned(scans)) {
            List<TreeSet<Integer>> shards = new ArrayList<>();
            scans.forEach(s -> shards.add(new TreeSet<>(List.of(0))));
            out.put(nodes.get(0), shards);
            return out;
        }
        for (String node : nodes) {
            List<TreeSet<Integer>> shards = new ArrayList<>();
            for (FragmentPlan.Scan s : scans) {
                Distribution d = s.table().def().distribution();
                TreeSet<Integer> mine = new TreeSet<>();
                if (d.replicated()) {
                    if (d.nodes().contains(node)) {
                        mine.add(0);
                    }
                } else {
                    for (int i = 0; i < d.shardCount(); i++) {
                        if (d.shardNodes().get(i).equals(node)) {
                            mine.add(i);
                        }
                    }
                }
                shards.add(mine);
            }
            out.put(node, shards);
        }
        return out;
    }

    /**
     * The datanodes that run a co-located fragment, in {@link #placement}'s order, without the shards each reads: the
     * planner asks for them while it costs and names candidate plans, far more often than a fragment is sent.
     *
     * @return datanode names, sorted; one name when every table of the fragment is replicated
     * @throws IllegalStateException when the fragment's replicated tables share no datanode
     */
    public static List<String> nodes(FragmentPlan plan) {
        return NODES.get(plan);
    }

    private static List<String> deriveNodes(FragmentPlan plan) {
        List<FragmentPlan.Scan> scans = plan.scans();
        List<String> shardNodes = null;
        Set<String> common = null;
        for (FragmentPlan.Scan s : scans) {
            Distribution d = s.table().def().distribution();
            if (!d.replicated()) {
                shardNodes = d.shardNodes();
                break;
            }
            if (common == null) {
                common = new LinkedHashSet<>(d.nodes());
            } else {
                common.retainAll(d.nodes());
            }
        }
        if (shardNodes == null) {
            if (common == null || common.isEmpty()) {
                throw new IllegalStateException("replicated tables of a fragment share no datanode: " + plan);
            }
            return List.of(common.iterator().next());
        }
        TreeSet<String> nodes = new TreeSet<>(shardNodes);
        if (plan.hasExchange()) { // rows move between datanodes: every datanode holding a shard of any table joins
            for (FragmentPlan.Scan s : scans) {
                Distribution d = s.table().def().distribution();
                if (!d.replicated()) {
                    nodes.addAll(d.shardNodes());
                }
            }
        }
        return List.copyOf(nodes);
    }

    private static boolean partitioned(List<FragmentPlan.Scan> scans) {
        for (FragmentPlan.Scan s : scans) {
            if (!s.table().def().distribution().replicated()) {
                return true;
            }
        }
        return false;
    }
}
