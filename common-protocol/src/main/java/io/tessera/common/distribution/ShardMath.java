package io.tessera.common.distribution;

import io.tessera.common.types.PgType;
import java.math.BigDecimal;

/**
 * Maps distribution hashes to shards and values to MODULO nodes.
 *
 * <p>Shards split the 32-bit hash space into {@code N} equal contiguous ranges, Citus-style. The signed hash is
 * read as the unsigned offset {@code u = hash - Integer.MIN_VALUE} (in {@code [0, 2^32)}), and
 * {@code shard = floor(u * N / 2^32)}. So shard 0 starts at {@code -2147483648}, the last shard ends at
 * {@code 2147483647}, ranges are contiguous in signed order as {@code pg_shard_map.shardminvalue/shardmaxvalue}
 * show them, and their sizes differ by at most one hash value. The arithmetic is exact (no floating point).
 */
public final class ShardMath {
    private static final long SPACE = 1L << 32;

    private ShardMath() {
    }

    /** The shard in {@code [0, shardCount)} whose range holds {@code hash}. */
    public static int shardOf(int hash, int shardCount) {
        checkCount(shardCount);
        long u = (long) hash - Integer.MIN_VALUE;
        return (int) ((u * shardCount) >>> 32);
    }

    /**
     * The inclusive hash range of a shard as signed int32 values: {@code {min, max}}.
     *
     * @throws IllegalArgumentException when {@code shard} is outside {@code [0, shardCount)}
     */
    public static long[] rangeOf(int shard, int shardCount) {
        checkCount(shardCount);
        if (shard < 0 || shard >= shardCount) {
            throw new IllegalArgumentException("shard " + shard + " is not in [0, " + shardCount + ")");
        }
        long lo = ceilDiv(shard * SPACE, shardCount);
        long hi = ceilDiv((shard + 1) * SPACE, shardCount) - 1;
        return new long[] {lo + Integer.MIN_VALUE, hi + Integer.MIN_VALUE};
    }

    /**
     * The node index in {@code [0, nodeCount)} for MODULO distribution, as Postgres-XL computes it: for integer
     * types (int2, int4, int8, oid, date) the absolute value modulo the node count, so it is never negative; other
     * types use the distribution hash read as unsigned. NULL goes to node 0.
     */
    public static int moduloNode(Object value, PgType type, int nodeCount) {
        if (nodeCount <= 0) {
            throw new IllegalArgumentException("node count must be positive: " + nodeCount);
        }
        if (value == null) {
            return 0;
        }
        switch (type) {
            case INT2: case INT4: case INT8: case OID: case DATE: {
                long v = ((Number) value).longValue();
                // |Long.MIN_VALUE| overflows; its unsigned reading is exactly 2^63
                return (int) Long.remainderUnsigned(v == Long.MIN_VALUE ? v : Math.abs(v), nodeCount);
            }
            case NUMERIC: {
                BigDecimal d = (BigDecimal) value;
                BigDecimal s = d.stripTrailingZeros();
                if (s.scale() <= 0) {
                    return s.toBigIntegerExact().abs().mod(java.math.BigInteger.valueOf(nodeCount)).intValue();
                }
                break;
            }
            default:
                break;
        }
        return (int) Long.remainderUnsigned(Integer.toUnsignedLong(DistributionHash.hash(value, type)), nodeCount);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static void checkCount(int shardCount) {
        if (shardCount <= 0) {
            throw new IllegalArgumentException("shard count must be positive: " + shardCount);
        }
    }
}
