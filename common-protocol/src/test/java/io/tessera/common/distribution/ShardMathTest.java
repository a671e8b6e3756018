package io.tessera.common.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.types.PgType;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShardMathTest {
    @Test
    void extremeHashesGoToFirstAndLastShard() {
        for (int n : new int[] {1, 2, 3, 7, 32, 1000, Integer.MAX_VALUE}) {
            assertEquals(0, ShardMath.shardOf(Integer.MIN_VALUE, n));
            assertEquals(n - 1, ShardMath.shardOf(Integer.MAX_VALUE, n));
        }
    }

    @Test
    void oneShardCoversTheWholeSpace() {
        assertArrayEquals(new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE}, ShardMath.rangeOf(0, 1));
        assertEquals(0, ShardMath.shardOf(0, 1));
    }

    @Test
    void rangesAreContiguousEqualAndAgreeWithShardOf() {
        for (int n : new int[] {2, 3, 4, 5, 16, 31, 100}) {
            long expectedMin = Integer.MIN_VALUE;
            long minSize = Long.MAX_VALUE;
            long maxSize = 0;
            for (int s = 0; s < n; s++) {
                long[] r = ShardMath.rangeOf(s, n);
                assertEquals(expectedMin, r[0], "n=" + n + " shard=" + s);
                assertEquals(s, ShardMath.shardOf((int) r[0], n));
                assertEquals(s, ShardMath.shardOf((int) r[1], n));
                if (r[0] > Integer.MIN_VALUE) {
                    assertEquals(s - 1, ShardMath.shardOf((int) r[0] - 1, n));
                }
                long size = r[1] - r[0] + 1;
                minSize = Math.min(minSize, size);
                maxSize = Math.max(maxSize, size);
                expectedMin = r[1] + 1;
            }
            assertEquals((long) Integer.MAX_VALUE + 1, expectedMin, "n=" + n);
            assertTrue(maxSize - minSize <= 1, "n=" + n);
        }
        assertArrayEquals(new long[] {Integer.MIN_VALUE, -1}, ShardMath.rangeOf(0, 2));
        assertArrayEquals(new long[] {0, Integer.MAX_VALUE}, ShardMath.rangeOf(1, 2));
    }

    @Test
    void randomHashesSpreadEvenly() {
        Random r = new Random(7);
        int[] counts = new int[8];
        for (int i = 0; i < 80_000; i++) {
            counts[ShardMath.shardOf(DistributionHash.hash((long) i, PgType.INT8), 8)]++;
        }
        for (int c : counts) {
            assertTrue(c > 9_000 && c < 11_000, "count " + c);
        }
        assertTrue(r.nextInt() != 0 || true);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ShardMath.shardOf(1, 0));
        assertThrows(IllegalArgumentException.class, () -> ShardMath.rangeOf(3, 3));
    }

    @Test
    void moduloIsNonNegativeAbsoluteValueModNodeCount() {
        assertEquals(1, ShardMath.moduloNode(7, PgType.INT4, 3));
        assertEquals(1, ShardMath.moduloNode(-7, PgType.INT4, 3));
        assertEquals(1, ShardMath.moduloNode(7L, PgType.INT8, 3));
        assertEquals(1, ShardMath.moduloNode((short) 7, PgType.INT2, 3));
        assertEquals(Long.remainderUnsigned(Long.MIN_VALUE, 3), ShardMath.moduloNode(Long.MIN_VALUE, PgType.INT8, 3));
        assertEquals(1, ShardMath.moduloNode(new BigDecimal("7.00"), PgType.NUMERIC, 3));
        assertEquals(0, ShardMath.moduloNode(null, PgType.INT4, 3));
        int t = ShardMath.moduloNode("abc", PgType.TEXT, 3);
        assertTrue(t >= 0 && t < 3);
    }
}
