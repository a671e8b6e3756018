package io.tessera.executor.exec;

/**
 * The hash that spilling operators partition rows by: a key's grouping hash ({@link GroupKey}) remixed with a seed
 * per recursion level. It must not be {@link KeyHash}'s: after a redistribution every row on a datanode has the same
 * {@code KeyHash} target, so its low bits would put all rows into one partition; and a partition that is split
 * again needs other bits than the split that made it (PostgreSQL's {@code hash_agg_spill} takes fresh bits per
 * level for the same reason).
 */
final class SpillHash {
    private SpillHash() {
    }

    /** A well-mixed hash of {@code keyHash} for recursion {@code level} (MurmurHash3's fmix64 of a seeded value). */
    static int of(int keyHash, int level) {
        long h = keyHash + 0x9E3779B97F4A7C15L * (level + 1);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h;
    }
}
