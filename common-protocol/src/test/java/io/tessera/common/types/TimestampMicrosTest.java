package io.tessera.common.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.codec.ByteSink;
import io.tessera.common.codec.KeyCodec;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.distribution.DistributionHash;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Timestamps are stored, keyed and hashed in microseconds (PostgreSQL's unit) while the engine holds millis. */
class TimestampMicrosTest {
    /** Instants around and before the epoch, PostgreSQL's far ends, and odd milliseconds; ascending. */
    private static final long[] MILLIS = {Long.MIN_VALUE / 1000, -210_866_803_200_000L /* 4713-11-24 BC */,
            -62_135_596_800_000L /* 0001-01-01 */, -86_400_001L, -1001, -1000, -999, -1, 0, 1, 999, 1000,
            946_684_800_000L /* 2000-01-01 */, 1_764_900_000_123L, 9_214_646_400_000_000L /* 293978 AD */,
            Long.MAX_VALUE / 1000};

    @Test
    void rowCodecStoresMicrosecondsAndRoundTrips() {
        for (PgType t : new PgType[] {PgType.TIMESTAMP, PgType.TIMESTAMPTZ}) {
            RowCodec codec = new RowCodec(List.of(t));
            List<Object[]> rows = new ArrayList<>();
            for (long ms : MILLIS) {
                rows.add(new Object[] {ms});
            }
            byte[] data = codec.encodeBatch(rows);
            for (int i = 0; i < MILLIS.length; i++) {
                // each row: 1 bitmap byte, then the 8-byte value
                assertEquals(MILLIS[i] * 1000, ByteSink.getLong(data, i * 9 + 1), t + " stored as micros");
            }
            List<Object[]> back = codec.decodeBatch(data, rows.size());
            for (int i = 0; i < MILLIS.length; i++) {
                assertEquals(MILLIS[i], back.get(i)[0], t + " round trip");
            }
        }
    }

    @Test
    void keyOrderIsPreservedAcrossTheEpoch() {
        byte[][] keys = new byte[MILLIS.length][];
        for (int i = 0; i < MILLIS.length; i++) {
            ByteSink s = new ByteSink();
            KeyCodec.writeValue(s, MILLIS[i], PgType.TIMESTAMPTZ);
            keys[i] = s.toByteArray();
            assertEquals(MILLIS[i] * 1000, KeyCodec.readLong(keys[i], 0), "key holds micros");
        }
        for (int i = 1; i < keys.length; i++) {
            assertTrue(Arrays.compareUnsigned(keys[i - 1], keys[i]) < 0,
                    MILLIS[i - 1] + " must sort before " + MILLIS[i]);
        }
    }

    @Test
    void hashIsOfTheMicrosecondValueAndSurvivesTheCodec() {
        RowCodec codec = new RowCodec(List.of(PgType.TIMESTAMP, PgType.TIMESTAMPTZ));
        for (long ms : MILLIS) {
            assertEquals(DistributionHash.hashLong(ms * 1000), DistributionHash.hash(ms, PgType.TIMESTAMP));
            assertEquals(DistributionHash.hashLong(ms * 1000), DistributionHash.hash(ms, PgType.TIMESTAMPTZ));
            Object[] back = codec.decodeBatch(codec.encodeBatch(List.<Object[]>of(new Object[] {ms, ms})), 1).get(0);
            assertEquals(DistributionHash.hash(ms, PgType.TIMESTAMP), DistributionHash.hash(back[0], PgType.TIMESTAMP));
            assertEquals(DistributionHash.hash(ms, PgType.TIMESTAMPTZ),
                    DistributionHash.hash(back[1], PgType.TIMESTAMPTZ));
        }
    }

    @Test
    void readingFloorsSubMillisecondValues() {
        assertEquals(-1, TimestampMicros.fromMicros(-1));
        assertEquals(-1, TimestampMicros.fromMicros(-999));
        assertEquals(-1, TimestampMicros.fromMicros(-1000));
        assertEquals(-2, TimestampMicros.fromMicros(-1001));
        assertEquals(0, TimestampMicros.fromMicros(999));
    }

    @Test
    void anInstantBeyondMicrosecondRangeIsTimestampOutOfRange() {
        TesseraException e = assertThrows(TesseraException.class, () -> new RowCodec(List.of(PgType.TIMESTAMP))
                .encodeBatch(List.<Object[]>of(new Object[] {Long.MAX_VALUE - 1})));
        assertEquals(SqlState.DATETIME_FIELD_OVERFLOW, e.sqlState());
        assertThrows(TesseraException.class, () -> DistributionHash.hash(Long.MIN_VALUE + 1, PgType.TIMESTAMPTZ));
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
        for (long ms : MILLIS) {
            ByteSink s = new ByteSink();
            KeyCodec.writeValue(s, ms, PgType.TIMESTAMP);
            assertTrue(Arrays.compareUnsigned(lowest.toByteArray(), s.toByteArray()) < 0, "-infinity before " + ms);
            assertTrue(Arrays.compareUnsigned(s.toByteArray(), highest.toByteArray()) < 0, ms + " before infinity");
        }
    }
}
