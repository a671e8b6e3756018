package io.tessera.coordinator.sql.fragment;

import java.util.Arrays;

/** {@link FragmentPlan#digest()}, derived once per fragment node (see {@link IdentityMemo}). */
final class FragmentDigests {
    private static final IdentityMemo<FragmentPlan, String> MEMO = new IdentityMemo<>(FragmentDigests::describe);

    private FragmentDigests() {
    }

    static String of(FragmentPlan plan) {
        return MEMO.get(plan);
    }

    private static String describe(FragmentPlan plan) {
        if (plan instanceof FragmentPlan.Scan s) {
            return "Scan(" + s.table().def().name() + "#" + s.table().def().id() + ", " + s.filters() + ", "
                    + Arrays.toString(s.projects()) + ")";
        }
        if (plan instanceof FragmentPlan.Filter f) {
            return "Filter(" + f.input().digest() + ", " + f.condition() + ")";
        }
        if (plan instanceof FragmentPlan.Project p) {
            return "Project(" + p.input().digest() + ", " + p.exprs() + ")";
        }
        if (plan instanceof FragmentPlan.Exchange x) {
            return "Exchange(" + x.input().digest() + ", " + x.key() + (x.mode() == FragmentPlan.Exchange.Mode.HASH ? ""
                    : ", " + x.mode() + " " + x.family() + " " + x.shardNodes()) + ")";
        }
        if (plan instanceof FragmentPlan.Window w) {
            return "Window(" + w.input().digest() + ", partition " + Arrays.toString(w.partitionKeys())
                    + ", order " + w.orderKeys() + ", " + w.frame() + ", " + w.calls() + ")";
        }
        FragmentPlan.Join j = (FragmentPlan.Join) plan;
        return "Join(" + j.type() + ", " + j.left().digest() + ", " + j.right().digest() + ", "
                + Arrays.toString(j.leftKeys()) + "=" + Arrays.toString(j.rightKeys()) + ", "
                + j.residual() + ")";
    }
}
