package io.tessera.coordinator.sql.fragment;

import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rex.RexNode;

/**
 * Redistributed joins: a join of two fragments that are not co-located ({@link Colocation}) still runs on the
 * datanodes when each side is hash-redistributed on a join key ({@link FragmentPlan.Exchange}) — Postgres-XL's
 * "Distribute results by H: key" below a {@code Hash Join} — so that equal keys meet on one datanode:
 * <pre>
 *   Join(a.k = b.k)                   Join(a.k = b.k)                     on every datanode of the fragment
 *     Scan(a) hashed on a.id   ==&gt;     Exchange(Scan(a), key a.k)         its shards of a, rows sent by hash(k)
 *     Scan(b) hashed on b.id             Exchange(Scan(b), key b.k)         its shards of b, rows sent by hash(k)
 * </pre>
 * A side already redistributed on its key by an exchange below (the output of a redistributed join on the same
 * key) is not moved again. Every join type is correct so: each row of each side reaches exactly one datanode, and
 * all rows of one key value reach the same one (a NULL key, which matches nothing, stays where it was read).
 * Sides holding a replicated table's rows alone are not redistributed (each copy would be sent); such joins are
 * co-located or run on the coordinator.
 */
public final class JoinExchanges {
    private JoinExchanges() {
    }

    /**
     * The join with exchanges below it, or null when one side is not a fragment the datanodes can run or is
     * replicated.
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

    /** Whether {@code side} of a join {@link #plan} built is moved by an exchange of its own. */
    public static boolean moved(FragmentPlan side) {
        return side instanceof FragmentPlan.Exchange;
    }
}
