package io.tessera.common.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.common.types.PgInterval;
import io.tessera.common.types.PgType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * An interval's key bytes order and equate as PostgreSQL's interval_cmp (src/backend/utils/adt/timestamp.c:
 * 30-day months, 24-hour days): memcmp of the keys agrees with {@link PgInterval#compareTo} on every pair.
 */
class IntervalKeyTest {
    private static final long DAY = PgInterval.MICROS_PER_DAY;
    private static final PgInterval[] VALUES = {
        new PgInterval(-178_000_000 * 12, 0, 0), new PgInterval(0, Integer.MIN_VALUE, 0),
        new PgInterval(0, -1, 2 * 3_600_000_000L), new PgInterval(0, 0, -1), PgInterval.ZERO,
        new PgInterval(0, 0, 1), new PgInterval(0, 1, 0), new PgInterval(0, 0, DAY), new PgInterval(1, 0, 0),
        new PgInterval(0, 30, 0), new PgInterval(0, 29, DAY + 1), new PgInterval(12, -1, 0),
        new PgInterval(0, Integer.MAX_VALUE, Long.MAX_VALUE), new PgInterval(Integer.MAX_VALUE, 0, 0)};

    private static byte[] key(PgInterval v) {
        ByteSink sink = new ByteSink();
        KeyCodec.writeValue(sink, v, PgType.INTERVAL);
        return sink.toByteArray();
    }

    @Test
    void keyOrderIsIntervalCmp() {
        for (PgInterval a : VALUES) {
            for (PgInterval b : VALUES) {
                assertEquals(Integer.signum(a.compareTo(b)), Integer.signum(Arrays.compareUnsigned(key(a), key(b))),
                        a + " vs " + b);
            }
        }
        assertArrayEquals(key(new PgInterval(0, 1, 0)), key(new PgInterval(0, 0, DAY)), "'1 day' = '24 hours'");
        byte[] k = key(new PgInterval(1, 2, 3));
        assertEquals(16, KeyCodec.skipValue(k, 0, k.length, PgType.INTERVAL));
    }
}
