package io.tessera.common.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** A missing value survives the catalog's text form, and a stored row that lacks the column reads it. */
class MissingValueTest {
    @Test
    void valuesRoundTripThroughTheirText() {
        assertEquals(42, MissingValue.decode(MissingValue.encode(42, PgType.INT4), PgType.INT4));
        assertEquals("dflt", MissingValue.decode(MissingValue.encode("dflt", PgType.TEXT), PgType.TEXT));
        assertEquals(new BigDecimal("3.14"), MissingValue.decode(MissingValue.encode(new BigDecimal("3.14"),
                PgType.NUMERIC), PgType.NUMERIC));
        assertEquals(1_600_000_000_000L, MissingValue.decode(MissingValue.encode(1_600_000_000_000L,
                PgType.TIMESTAMPTZ), PgType.TIMESTAMPTZ));
        assertNull(MissingValue.encode(null, PgType.INT4));
        assertNull(MissingValue.decode(null, PgType.INT4));
    }

    @Test
    void garbageIsCorruption() {
        assertThrows(TesseraException.class, () -> MissingValue.decode("not base64!", PgType.INT4));
    }

    @Test
    void anOldRowReadsTheAddedColumnsMissingValue() {
        StoredRowCodec before = new StoredRowCodec(new int[] {1}, java.util.List.of(PgType.INT4));
        ByteSink sink = new ByteSink();
        before.encode(new Object[] {7}, sink);
        Object missing = MissingValue.decode(MissingValue.encode("x", PgType.TEXT), PgType.TEXT);
        StoredRowCodec after = new StoredRowCodec(new int[] {1, 2}, java.util.List.of(PgType.INT4, PgType.TEXT),
                new Object[] {null, missing});
        Object[] row = new Object[2];
        byte[] b = sink.toByteArray();
        after.decode(b, 0, b.length, row);
        assertArrayEquals(new Object[] {7, "x"}, row);
    }
}
