package io.tessera.coordinator.sql.fragment;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.Distribution;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rex.RexNode;

/**
 * Redistributed joins: a join of two fragments that are not co-located ({@link Colocation}) still runs on the
 * datanodes when rows are moved so that every pair that may match meets on one datanode. Three shapes, each a
 * {@link FragmentPlan.Exchange} below the join, offered side by side and chosen by the rows they move
 * ({@link #movedRows}):
 * <pre>
 *   both sides (Postgres-XL's "Distribute results by H: key" on each side)
 *     Join(a.k = b.k)
 *       Exchange(Scan(a), key a.k)            its shards of a, rows sent by hash(k)
 *       Exchange(Scan(b), key b.k)            its shards of b, rows sent by hash(k)
 *   one side: b is hashed on its join key b.id, so only a moves, by b's shard map
 *     Join(a.k = b.id)
 *       Exchange(Scan(a), key a.k, SHARD_MAP b's function and shard map)   to the datanode of b's shard of k
 *       Scan(b)                                                            read where it lives
 *   broadcast: the small side s, whole, to every datanode of the fragment; the big side does not move
 *     Join(a.k = s.k)
 *       Scan(a)
 *       Exchange(Scan(s), BROADCAST)
 * </pre>
 * A side already redistributed on its key by an exchange below (the output of a redistributed join on the same key)
 * is not moved again. Every join type is correct with the first two shapes: each row of each side reaches exactly one
 * datanode, and all rows of one key value the same one (a NULL key, which matches nothing, stays where it was read).
 * A broadcast side's rows reach every datanode, so it must be a side whose unmatched rows the join does not return
 * (the right of INNER, LEFT, SEMI, ANTI; the left of INNER, RIGHT; never FULL) — Postgres-XL's rule for replicated
 * tables. Sides holding a replicated table's rows alone are not moved (each copy would be sent); such joins are
 * co-located or run on the coordinator.
 */
public final class JoinExchanges {
    /**
     * Hashing a broadcast side's rows into a table is repeated on every datanode: this share of its rows per extra
     * datanode is added to what it moves, so that at equal rows moved the shape that builds once wins.
     */
    private static final double BROADCAST_BUILD_SHARE = 0.1;

    private JoinExchanges() {
    }

    /**
     * The join with exchanges below both sides (or one, when the other is hashed on its key by an exchange already),
     * or null when one side is not a fragment the datanodes can run or is replicated.
     *
     * @param leftKeys, rightKeys the equi-join key pairs, of the same type pairwise
     */
    public static FragmentPlan.Join plan(FragmentPlan left, FragmentPlan right, JoinRelType type, int[] leftKeys,
            int[] rightKeys, RexNode residual) {
        Colocation.Layout l = Colocation.layout(left);
        Colocation.Layout r = Colocation.layout(right);
        if (l == null || r == null || l.replicated() || r.replicated()) {
            return null;
        }
        int pick = 0;
        for (int i = 0; i < leftKeys.length; i++) {
            if ((Colocation.isExchanged(l) && l.keys().contains(leftKeys[i]))
                    || (Colocation.isExchanged(r) && r.keys().contains(rightKeys[i]))) {
                pick = i;
                break;
            }
        }
        boolean leftInPlace = Colocation.isExchanged(l) && l.keys().contains(leftKeys[pick]);
        boolean rightInPlace = Colocation.isExchanged(r) && r.keys().contains(rightKeys[pick]);
        FragmentPlan.Join j = new FragmentPlan.Join(
                leftInPlace ? left : new FragmentPlan.Exchange(left, leftKeys[pick]),
                rightInPlace ? right : new FragmentPlan.Exchange(right, rightKeys[pick]),
                type, leftKeys, rightKeys, residual);
        return Colocation.layout(j) == null ? null : j;
    }

    /**
     * Every way to run the join on the datanodes by moving rows: {@link #plan both sides hashed}, one side moved by
     * the other's shard map (when the other is a table partitioned by HASH, SHARD or MODULO on that join key, or a
     * fragment placed like one), and either side broadcast where the join type allows it. Empty when none applies.
     */
    public static List<FragmentPlan.Join> plans(FragmentPlan left, FragmentPlan right, JoinRelType type,
            int[] leftKeys, int[] rightKeys, RexNode residual) {
        List<FragmentPlan.Join> out = new ArrayList<>();
        FragmentPlan.Join both = plan(left, right, type, leftKeys, rightKeys, residual);
        if (both != null) {
            out.add(both);
        }
        Colocation.Layout l = Colocation.layout(left);
        Colocation.Layout r = Colocation.layout(right);
        if (l == null || r == null || l.replicated() || r.replicated()) {
            return out;
        }
        List<PgType> lt = left.types();
        for (int i = 0; i < leftKeys.length; i++) { // move the right side to the left's shards
            if (placedByKey(l, leftKeys[i], lt.get(leftKeys[i]))) {
                add(out, new FragmentPlan.Join(left, FragmentPlan.Exchange.shardMap(right, rightKeys[i], l), type,
                        leftKeys, rightKeys, residual));
                break;
            }
        }
        List<PgType> rt = right.types();
        for (int i = 0; i < rightKeys.length; i++) { // move the left side to the right's shards
            if (placedByKey(r, rightKeys[i], rt.get(rightKeys[i]))) {
                add(out, new FragmentPlan.Join(FragmentPlan.Exchange.shardMap(left, leftKeys[i], r), right, type,
                        leftKeys, rightKeys, residual));
                break;
            }
        }
        add(out, new FragmentPlan.Join(left, FragmentPlan.Exchange.broadcast(right), type, leftKeys, rightKeys,
                residual));
        add(out, new FragmentPlan.Join(FragmentPlan.Exchange.broadcast(left), right, type, leftKeys, rightKeys,
                residual));
        return out;
    }

    /** Whether rows placed as {@code l} are partitioned by a table's function over its shard map on {@code key}. */
    private static boolean placedByKey(Colocation.Layout l, int key, PgType keyType) {
        return !l.replicated() && l.family() != null && l.family() != Distribution.Kind.ROUNDROBIN
                && !l.shardNodes().isEmpty() && l.keys().contains(key) && l.keyType() == keyType;
    }

    private static void add(List<FragmentPlan.Join> out, FragmentPlan.Join j) {
        if (Colocation.layout(j) != null) {
            out.add(j);
        }
    }

    /** Whether {@code side} of a join {@link #plan} built is moved by an exchange of its own. */
    public static boolean moved(FragmentPlan side) {
        return side instanceof FragmentPlan.Exchange;
    }

    /**
     * The rows a join's exchanges move, from its sides' estimated rows: a side hashed or sent by a shard map moves
     * each row once; a broadcast side moves each row to each of the fragment's {@code datanodes}, plus
     * {@value #BROADCAST_BUILD_SHARE} of its rows per extra datanode for the hash table every one of them builds.
     * This is Postgres-XL's and Greenplum's trade: broadcasting {@code s} beats redistributing when
     * {@code rows(s) x datanodes} is below the rows the other shapes move.
     */
    public static double movedRows(FragmentPlan.Join j, double leftRows, double rightRows, int datanodes) {
        return moved(j.left(), leftRows, datanodes) + moved(j.right(), rightRows, datanodes);
    }

    private static double moved(FragmentPlan side, double rows, int datanodes) {
        if (!(side instanceof FragmentPlan.Exchange x)) {
            return 0;
        }
        if (x.mode() == FragmentPlan.Exchange.Mode.BROADCAST) {
            return rows * datanodes + rows * BROADCAST_BUILD_SHARE * Math.max(0, datanodes - 1);
        }
        return rows;
    }
}
