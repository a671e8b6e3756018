package io.tessera.common.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stored rows name their columns by id: ADD and DROP COLUMN read old rows without a rewrite. */
class StoredRowCodecTest {
    /** CREATE TABLE t (a int4, b text, c numeric, d timestamp): ids 1..4. */
    private static final StoredRowCodec V1 = StoredRowCodec.positional(
            List.of(PgType.INT4, PgType.TEXT, PgType.NUMERIC, PgType.TIMESTAMP));

    private static byte[] store(StoredRowCodec codec, Object... row) {
        ByteSink s = new ByteSink();
        codec.encode(row, s);
        return s.toByteArray();
    }

    private static Object[] read(StoredRowCodec codec, byte[] stored) {
        Object[] into = new Object[codec.columnCount()];
        java.util.Arrays.fill(into, "garbage");
        assertEquals(stored.length, codec.decode(stored, 0, stored.length, into), "decode consumes the whole row");
        return into;
    }

    @Test
    void sameLayoutRoundTripsWithNulls() {
        Object[] row = {7, "seven", new BigDecimal("7.70"), 1_700_000_000_123L};
        assertArrayEquals(row, read(V1, store(V1, row)));
        Object[] nulls = {null, "x", null, null};
        assertArrayEquals(nulls, read(V1, store(V1, nulls)));
    }

    @Test
    void headerNamesIdsAndStorageClassesCompactly() {
        byte[] b = store(V1, 1, "a", BigDecimal.ONE, 0L);
        assertEquals(4, b[0], "column count");
        assertEquals(5, V1.headerLength(), "one byte per column with an id below 8");
        assertEquals((1 << 4) | V1.rowCodec().kind(0), b[1]);
        assertEquals((2 << 4) | V1.rowCodec().kind(1), b[2]);
    }

    @Test
    void addColumnReadsOldRowsWithTheMissingValue() {
        byte[] old = store(V1, 1, "one", BigDecimal.TEN, 86_400_000L);
        // ALTER TABLE t ADD COLUMN e int8: id 5
        StoredRowCodec v2 = new StoredRowCodec(new int[] {1, 2, 3, 4, 5},
                List.of(PgType.INT4, PgType.TEXT, PgType.NUMERIC, PgType.TIMESTAMP, PgType.INT8));
        assertArrayEquals(new Object[] {1, "one", BigDecimal.TEN, 86_400_000L, null}, read(v2, old));
        // ... ADD COLUMN e int8 DEFAULT 42: the hook for attmissingval
        StoredRowCodec v2d = new StoredRowCodec(new int[] {1, 2, 3, 4, 5},
                List.of(PgType.INT4, PgType.TEXT, PgType.NUMERIC, PgType.TIMESTAMP, PgType.INT8),
                new Object[] {null, null, null, null, 42L});
        assertArrayEquals(new Object[] {1, "one", BigDecimal.TEN, 86_400_000L, 42L}, read(v2d, old));
        // a row written after the ADD keeps its own value, NULL included
        assertArrayEquals(new Object[] {2, "two", null, null, null},
                read(v2d, store(v2d, 2, "two", null, null, null)));
    }

    @Test
    void dropColumnSkipsTheStoredValueWhateverItsWidth() {
        // ALTER TABLE t DROP COLUMN b, DROP COLUMN c: ids 1 and 4 remain
        StoredRowCodec v2 = new StoredRowCodec(new int[] {1, 4}, List.of(PgType.INT4, PgType.TIMESTAMP));
        assertArrayEquals(new Object[] {3, -5L},
                read(v2, store(V1, 3, "a rather long text ".repeat(20), new BigDecimal("123456789012345678901234567890.5"), -5L)));
        assertArrayEquals(new Object[] {null, -5L}, read(v2, store(V1, null, null, null, -5L)));
    }

    @Test
    void dropThenAddNeverConfusesTheNewColumnWithTheOld() {
        byte[] old = store(V1, 1, "b was text", BigDecimal.ONE, 0L);
        // DROP COLUMN b; ADD COLUMN b int4 → id 5, not 2
        StoredRowCodec v3 = new StoredRowCodec(new int[] {1, 3, 4, 5},
                List.of(PgType.INT4, PgType.NUMERIC, PgType.TIMESTAMP, PgType.INT4));
        assertArrayEquals(new Object[] {1, BigDecimal.ONE, 0L, null}, read(v3, old));
    }

    @Test
    void rowsOfSeveralLayoutsInterleaveCorrectly() {
        StoredRowCodec v2 = new StoredRowCodec(new int[] {4, 1, 5}, List.of(PgType.TIMESTAMP, PgType.INT4, PgType.TEXT));
        byte[] a = store(V1, 1, "x", null, 10L);
        byte[] b = store(new StoredRowCodec(new int[] {1, 5}, List.of(PgType.INT4, PgType.TEXT)), 2, "five");
        byte[] c = store(v2, 30L, 3, "own");
        for (int round = 0; round < 3; round++) { // the mapping cache switches between headers
            assertArrayEquals(new Object[] {10L, 1, null}, read(v2, a));
            assertArrayEquals(new Object[] {null, 2, "five"}, read(v2, b));
            assertArrayEquals(new Object[] {30L, 3, "own"}, read(v2, c));
        }
    }

    @Test
    void anIdStoredWithAnotherStorageClassIsCorruptionNotAWrongValue() {
        StoredRowCodec wrong = new StoredRowCodec(new int[] {1, 2}, List.of(PgType.INT4, PgType.INT8));
        byte[] stored = store(V1, 1, "text", null, null);
        TesseraException e = assertThrows(TesseraException.class,
                () -> wrong.decode(stored, 0, stored.length, new Object[2]));
        assertEquals(SqlState.DATA_CORRUPTED, e.sqlState());
    }

    @Test
    void aTruncatedRowIsCorruption() {
        StoredRowCodec v2 = new StoredRowCodec(new int[] {1}, List.of(PgType.INT4));
        byte[] stored = store(V1, 1, "text", null, 5L);
        for (int len = 1; len < stored.length; len++) {
            int l = len;
            TesseraException e = assertThrows(TesseraException.class, () -> v2.decode(stored, 0, l, new Object[1]),
                    "length " + len);
            assertEquals(SqlState.DATA_CORRUPTED, e.sqlState());
        }
    }

    @Test
    void idsMustBeUniqueAndPositive() {
        assertThrows(IllegalArgumentException.class,
                () -> new StoredRowCodec(new int[] {1, 1}, List.of(PgType.INT4, PgType.INT4)));
        assertThrows(IllegalArgumentException.class, () -> new StoredRowCodec(new int[] {0}, List.of(PgType.INT4)));
        assertThrows(IllegalArgumentException.class,
                () -> new StoredRowCodec(new int[] {StoredRowCodec.MAX_COLUMN_ID + 1}, List.of(PgType.INT4)));
    }
}
