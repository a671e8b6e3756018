package io.tessera.common.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.codec.ByteSink;
import io.tessera.common.codec.KeyCodec;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.distribution.DistributionHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Timestamps are stored, keyed and hashed as the engine holds them: microseconds since 1970 (PostgreSQL's unit). */
class TimestampStorageTest {
    /** Instants around and before the epoch, PostgreSQL's far ends, and odd microseconds; ascending. */
    private static final long[] MICROS = {Long.MIN_VALUE + 1, -210_866_803_200_000_000L /* 4713-11-24 BC */,
            -62_135_596_800_000_000L /* 0001-01-01 */, -86_400_000_001L, -1001, -1000, -999, -1, 0, 1, 999, 1000,
            946_684_800_000_000L /* 2000-01-01 */, 1_764_900_000_123_457L,
            9_223_371_331_200_000_000L /* 294247-01-01 */, Long.MAX_VALUE - 1};

    @Test
    void rowCodecStoresMicrosecondsAndRoundTrips() {
        for (PgType t : new PgType[] {PgType.TIMESTAMP, PgType.TIMESTAMPTZ}) {
            RowCodec codec = new RowCodec(List.of(t));
            List<Object[]> rows = new ArrayList<>();
            for (long us : MICROS) {
                rows.add(new Object[] {us});
            }
            byte[] data = codec.encodeBatch(rows);
            for (int i = 0; i < MICROS.length; i++) {
                // each row: 1 bitmap byte, then the 8-byte value
                assertEquals(MICROS[i], ByteSink.getLong(data, i * 9 + 1), t + " stored as micros");
            }
            List<Object[]> back = codec.decodeBatch(data, rows.size());
            for (int i = 0; i < MICROS.length; i++) {
                assertEquals(MICROS[i], back.get(i)[0], t + " round trip");
            }
        }
    }

    @Test
    void keyOrderIsPreservedAcrossTheEpoch() {
        byte[][] keys = new byte[MICROS.length][];
        for (int i = 0; i < MICROS.length; i++) {
            ByteSink s = new ByteSink();
            KeyCodec.writeValue(s, MICROS[i], PgType.TIMESTAMPTZ);
            keys[i] = s.toByteArray();
            assertEquals(MICROS[i], KeyCodec.readLong(keys[i], 0), "key holds micros");
        }
        for (int i = 1; i < keys.length; i++) {
            assertTrue(Arrays.compareUnsigned(keys[i - 1], keys[i]) < 0,
                    MICROS[i - 1] + " must sort before " + MICROS[i]);
        }
    }

    @Test
    void hashIsOfTheMicrosecondValueAndSurvivesTheCodec() {
        RowCodec codec = new RowCodec(List.of(PgType.TIMESTAMP, PgType.TIMESTAMPTZ));
        for (long us : MICROS) {
            assertEquals(DistributionHash.hashLong(us), DistributionHash.hash(us, PgType.TIMESTAMP));
            assertEquals(DistributionHash.hashLong(us), DistributionHash.hash(us, PgType.TIMESTAMPTZ));
            Object[] back = codec.decodeBatch(codec.encodeBatch(List.<Object[]>of(new Object[] {us, us})), 1).get(0);
            assertEquals(DistributionHash.hash(us, PgType.TIMESTAMP), DistributionHash.hash(back[0], PgType.TIMESTAMP));
            assertEquals(DistributionHash.hash(us, PgType.TIMESTAMPTZ),
                    DistributionHash.hash(back[1], PgType.TIMESTAMPTZ));
        }
    }

    /** infinity and -infinity (the engine's Long.MAX_VALUE and MIN_VALUE) are PostgreSQL's int64 ends when stored. */
    @Test
    void theInfinitiesAreStoredAsInt64EndsAndSortLast() {
        RowCodec codec = new RowCodec(List.of(PgType.TIMESTAMP));
        byte[] data = codec.encodeBatch(List.<Object[]>of(new Object[] {Long.MAX_VALUE}, new Object[] {Long.MIN_VALUE}));
        assertEquals(Long.MAX_VALUE, ByteSink.getLong(data, 1));
        assertEquals(Long.MIN_VALUE, ByteSink.getLong(data, 10));
        List<Object[]> back = codec.decodeBatch(data, 2);
        assertEquals(Long.MAX_VALUE, back.get(0)[0]);
        assertEquals(Long.MIN_VALUE, back.get(1)[0]);
        assertEquals(DistributionHash.hashLong(Long.MAX_VALUE), DistributionHash.hash(Long.MAX_VALUE, PgType.TIMESTAMP));
        ByteSink lowest = new ByteSink();
        KeyCodec.writeValue(lowest, Long.MIN_VALUE, PgType.TIMESTAMP);
        ByteSink highest = new ByteSink();
        KeyCodec.writeValue(highest, Long.MAX_VALUE, PgType.TIMESTAMP);
        for (long us : MICROS) {
            ByteSink s = new ByteSink();
            KeyCodec.writeValue(s, us, PgType.TIMESTAMP);
            assertTrue(Arrays.compareUnsigned(lowest.toByteArray(), s.toByteArray()) < 0, "-infinity before " + us);
            assertTrue(Arrays.compareUnsigned(s.toByteArray(), highest.toByteArray()) < 0, us + " before infinity");
        }
    }
}
