package io.tessera.executor.exec;

/**
 * The hash an exchange partitions rows by: equal under SQL equality means equal hash — the grouping equality of
 * {@link HashJoinNode} and {@link HashAggregateNode} (numerics by value whatever their scale, float {@code -0 = 0},
 * bytea by content) — and the same in every JVM (it is built from the values' specified {@code hashCode}s), so two
 * datanodes hashing equal keys of one type choose the same target.
 */
public final class KeyHash {
    private KeyHash() {
    }

    /**
     * The target in {@code [0, targets)} of a non-NULL key value.
     *
     * @throws IllegalArgumentException when {@code targets < 1}
     */
    public static int target(Object value, int targets) {
        if (targets < 1) {
            throw new IllegalArgumentException("targets " + targets);
        }
        int h = GroupKey.hash(value);
        // MurmurHash3's fmix32: consecutive integers (whose hashCode is themselves) spread over the targets
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, targets);
    }
}
