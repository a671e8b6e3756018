package io.tessera.common.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RowCodecTest {
    private static final List<PgType> ALL = List.of(PgType.BOOL, PgType.INT2, PgType.INT4, PgType.INT8, PgType.FLOAT4,
            PgType.FLOAT8, PgType.NUMERIC, PgType.TEXT, PgType.VARCHAR, PgType.BPCHAR, PgType.BYTEA, PgType.DATE,
            PgType.TIMESTAMP, PgType.TIMESTAMPTZ, PgType.OID, PgType.NAME, PgType.JSONB, PgType.UUID, PgType.BIT, PgType.VARBIT);

    private static Object[] sample(int seed) {
        Random r = new Random(seed);
        return new Object[] {r.nextBoolean(), (short) r.nextInt(), r.nextInt(), r.nextLong(), r.nextFloat(),
                r.nextDouble() * 1e9, new BigDecimal(r.nextLong()).movePointLeft(r.nextInt(20)),
                "text " + seed + " ünïcødé 🚀", "v" + seed, "c  ", new byte[] {0, 1, (byte) 255, (byte) seed},
                r.nextInt(40000), r.nextLong() / 10_000, r.nextLong() / 10_000, r.nextInt(), "name", "{\"a\": " + seed + "}",
                new java.util.UUID(r.nextLong(), r.nextLong()), Long.toBinaryString(r.nextLong()),
                "0".repeat(seed % 9)};
    }

    private static void assertRowEquals(Object[] expected, Object[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] instanceof byte[]) {
                assertArrayEquals((byte[]) expected[i], (byte[]) actual[i], "column " + i);
            } else {
                assertEquals(expected[i], actual[i], "column " + i);
            }
        }
    }

    @Test
    void everyTypeRoundTripsWithAndWithoutNulls() {
        RowCodec codec = new RowCodec(ALL);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Object[] row = sample(i);
            for (int c = 0; c < row.length; c++) {
                if ((i + c) % 5 == 0) {
                    row[c] = null;
                }
            }
            rows.add(row);
        }
        rows.add(new Object[ALL.size()]); // all NULL
        byte[] data = codec.encodeBatch(rows);
        List<Object[]> back = codec.decodeBatch(data, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertRowEquals(rows.get(i), back.get(i));
        }
    }

    @Test
    void hugeAndNegativeNumericsRoundTrip() {
        RowCodec codec = new RowCodec(List.of(PgType.NUMERIC));
        List<Object[]> rows = List.of(new Object[] {new BigDecimal("123456789012345678901234567890.0001")},
                new Object[] {new BigDecimal("-1E+30")}, new Object[] {new BigDecimal("-0.000")},
                new Object[] {BigDecimal.valueOf(Long.MIN_VALUE)});
        List<Object[]> back = codec.decodeBatch(codec.encodeBatch(rows), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(rows.get(i)[0], back.get(i)[0]); // same scale too
        }
    }

    @Test
    void streamingReaderReusesArrayAndSkipFindsRowBoundaries() {
        RowCodec codec = new RowCodec(ALL);
        List<Object[]> rows = List.of(sample(1), sample(2), sample(3));
        byte[] data = codec.encodeBatch(rows);
        RowCodec.Reader reader = codec.reader(data, 0, data.length);
        Object[] into = new Object[ALL.size()];
        int n = 0;
        while (reader.next(into)) {
            assertRowEquals(rows.get(n++), into);
        }
        assertEquals(3, n);
        RowCodec.Reader skipper = codec.reader(data, 0, data.length);
        int start = skipper.skip();
        ByteSink one = new ByteSink();
        codec.encode(rows.get(0), one);
        assertEquals(0, start);
        assertEquals(one.size(), skipper.position());
        skipper.skip();
        skipper.skip();
        assertFalse(skipper.hasNext());
        assertEquals(data.length, skipper.position());
    }

    @Test
    void rowWithFewerStoredColumnsReadsMissingColumnsAsNull() {
        RowCodec old = new RowCodec(List.of(PgType.INT4, PgType.TEXT));
        RowCodec wider = new RowCodec(List.of(PgType.INT4, PgType.TEXT, PgType.INT8));
        ByteSink s = new ByteSink();
        old.encode(new Object[] {7, "x"}, s);
        Object[] into = {1, 2, 3};
        wider.decodeRow(s.array(), 0, s.size(), 2, into);
        assertEquals(7, into[0]);
        assertEquals("x", into[1]);
        assertNull(into[2]);
    }

    @Test
    void nullBitmapSpansSeveralBytes() {
        List<PgType> types = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            types.add(PgType.INT4);
        }
        RowCodec codec = new RowCodec(types);
        Object[] row = new Object[19];
        for (int i = 0; i < 19; i++) {
            row[i] = i % 3 == 0 ? null : i;
        }
        byte[] data = codec.encodeBatch(List.<Object[]>of(row));
        assertEquals(3 + 12 * 4, data.length);
        assertArrayEquals(row, codec.decodeBatch(data, 1).get(0));
    }

    @Test
    void integerColumnsAcceptAnyNumberAndWrongTypesAreRejected() {
        RowCodec codec = new RowCodec(List.of(PgType.INT8, PgType.TEXT));
        Object[] back = codec.decodeBatch(codec.encodeBatch(List.<Object[]>of(new Object[] {5, "a"})), 1).get(0);
        assertEquals(5L, back[0]);
        TesseraException e = assertThrows(TesseraException.class,
                () -> codec.encodeBatch(List.<Object[]>of(new Object[] {5L, 6})));
        assertEquals(SqlState.DATATYPE_MISMATCH, e.sqlState());
    }

    @Test
    void truncatedDataIsReportedAsCorruption() {
        RowCodec codec = new RowCodec(List.of(PgType.TEXT, PgType.INT8));
        byte[] data = codec.encodeBatch(List.<Object[]>of(new Object[] {"hello", 1L}));
        byte[] cut = Arrays.copyOf(data, data.length - 3);
        TesseraException e = assertThrows(TesseraException.class, () -> codec.decodeBatch(cut, 1));
        assertEquals(SqlState.DATA_CORRUPTED, e.sqlState());
        assertTrue(assertThrows(TesseraException.class, () -> codec.decodeBatch(data, 2)).getMessage().contains("1 of 2"));
    }

    @Test
    void arraysKeepNullsDimensionsAndEmptinessApart() {
        RowCodec codec = new RowCodec(List.of(PgType.INT4_ARRAY, PgType.TEXT_ARRAY, PgType.INT4_ARRAY,
                PgType.NUMERIC_ARRAY, PgType.INT8));
        List<Object[]> rows = List.of(
                new Object[] {Arrays.asList(1, null, 3), Arrays.asList("a", null, "", "NULL"), List.of(),
                        List.of(new BigDecimal("1.50")), 7L},
                new Object[] {null, List.of(), Arrays.asList((Object) null), null, null},
                new Object[] {List.of(List.of(1, 2), Arrays.asList(3, null)), List.of(List.of("x"), List.of("y")),
                        List.of(List.of(List.of(5))), List.of(), 8L});
        byte[] batch = codec.encodeBatch(rows);
        List<Object[]> back = codec.decodeBatch(batch, rows.size());
        for (int r = 0; r < rows.size(); r++) {
            assertRowEquals(rows.get(r), back.get(r));
        }
        RowCodec.Reader reader = codec.reader(batch, 0, batch.length);
        for (int r = 0; r < rows.size(); r++) {
            reader.skip();
        }
        assertEquals(batch.length, reader.position());
        assertFalse(reader.hasNext());
    }
}
