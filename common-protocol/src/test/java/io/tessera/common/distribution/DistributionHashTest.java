package io.tessera.common.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tessera.common.types.PgType;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DistributionHashTest {
    @Test
    void textHashIsMurmur3OfUtf8WithKnownValues() {
        // reference values of MurmurHash3_x86_32 with seed 0 (smhasher)
        assertEquals(0, DistributionHash.hash("", PgType.TEXT));
        assertEquals(0x248bfa47, DistributionHash.hash("hello", PgType.TEXT));
        assertEquals(0x2e4ff723, DistributionHash.hash("The quick brown fox jumps over the lazy dog", PgType.VARCHAR));
    }

    @Test
    void integerHashesArePinned() {
        // pinned: changing them would move every stored row to another shard
        assertEquals(Murmur3.hashLong(1, 0), DistributionHash.hash(1, PgType.INT4));
        assertEquals(PINNED_1, DistributionHash.hash(1L, PgType.INT8));
        assertEquals(PINNED_42, DistributionHash.hash(42, PgType.INT4));
        assertEquals(PINNED_MINUS_1, DistributionHash.hash((short) -1, PgType.INT2));
    }

    static final int PINNED_1 = Murmur3.hashLong(1, 0);
    static final int PINNED_42 = Murmur3.hashLong(42, 0);
    static final int PINNED_MINUS_1 = Murmur3.hashLong(-1, 0);

    @Test
    void equalIntegersOfEveryWidthHashEqually() {
        for (long v : new long[] {0, 1, -1, 12345, -32768, 32767}) {
            int h = DistributionHash.hash(v, PgType.INT8);
            assertEquals(h, DistributionHash.hash((int) v, PgType.INT4));
            assertEquals(h, DistributionHash.hash((short) v, PgType.INT2));
            assertEquals(h, DistributionHash.hash(BigDecimal.valueOf(v).setScale(2), PgType.NUMERIC));
        }
    }

    @Test
    void numericIgnoresTrailingZeros() {
        assertEquals(DistributionHash.hash(new BigDecimal("1.0"), PgType.NUMERIC),
                DistributionHash.hash(new BigDecimal("1.00"), PgType.NUMERIC));
        assertEquals(DistributionHash.hash(new BigDecimal("2.50"), PgType.NUMERIC),
                DistributionHash.hash(new BigDecimal("2.5"), PgType.NUMERIC));
        assertNotEquals(DistributionHash.hash(new BigDecimal("2.5"), PgType.NUMERIC),
                DistributionHash.hash(new BigDecimal("25"), PgType.NUMERIC));
        assertEquals(DistributionHash.hash(new BigDecimal("0.000"), PgType.NUMERIC),
                DistributionHash.hash(0, PgType.INT4));
    }

    @Test
    void bpcharIgnoresTrailingSpacesAndNullHashesToZero() {
        assertEquals(DistributionHash.hash("ab", PgType.TEXT), DistributionHash.hash("ab   ", PgType.BPCHAR));
        assertNotEquals(DistributionHash.hash("ab", PgType.TEXT), DistributionHash.hash("ab ", PgType.TEXT));
        assertEquals(0, DistributionHash.hash(null, PgType.INT4));
        assertEquals(DistributionHash.hash(0.0, PgType.FLOAT8), DistributionHash.hash(-0.0, PgType.FLOAT8));
        assertEquals(DistributionHash.hash(1.5f, PgType.FLOAT4), DistributionHash.hash(1.5, PgType.FLOAT8));
        assertEquals(DistributionHash.hash(19000, PgType.DATE), DistributionHash.hash(19000L, PgType.INT8));
        assertNotEquals(DistributionHash.hash(true, PgType.BOOL), DistributionHash.hash(false, PgType.BOOL));
    }

    @Test
    void uuidHashesAsItsSixteenBytesAndTimeAsItsMicroseconds() {
        java.util.UUID u = java.util.UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        byte[] b = java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array();
        assertEquals(Murmur3.hash32(b, 0, 16, 0), DistributionHash.hash(u, PgType.UUID));
        assertEquals(DistributionHash.hash(b, PgType.BYTEA), DistributionHash.hash(u, PgType.UUID));
        assertEquals(Murmur3.hashLong(45_296_789_000L, 0), DistributionHash.hash(
                new io.tessera.common.types.PgTime(45_296_789_000L), PgType.TIME)); // 12:34:56.789
    }
}
