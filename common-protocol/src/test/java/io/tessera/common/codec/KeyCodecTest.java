package io.tessera.common.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.types.PgType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class KeyCodecTest {
    private static <T> void assertOrderPreserved(List<T> values, Comparator<T> order, BiConsumer<ByteSink, T> enc) {
        for (T a : values) {
            for (T b : values) {
                ByteSink sa = new ByteSink();
                ByteSink sb = new ByteSink();
                enc.accept(sa, a);
                enc.accept(sb, b);
                int expected = Integer.signum(order.compare(a, b));
                int actual = Integer.signum(Arrays.compareUnsigned(sa.toByteArray(), sb.toByteArray()));
                assertEquals(expected, actual, a + " vs " + b);
                if (expected != 0) {
                    // prefix-free: neither encoding is a prefix of the other
                    byte[] x = sa.toByteArray();
                    byte[] y = sb.toByteArray();
                    int n = Math.min(x.length, y.length);
                    assertTrue(!Arrays.equals(x, 0, n, y, 0, n) || x.length == y.length, a + " / " + b);
                }
            }
        }
    }

    @Test
    void encodedIntegersSortAsValues() {
        Random r = new Random(1);
        List<Long> longs = new ArrayList<>(List.of(Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE));
        List<Integer> ints = new ArrayList<>(List.of(Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE));
        for (int i = 0; i < 40; i++) {
            longs.add(r.nextLong());
            ints.add(r.nextInt());
        }
        assertOrderPreserved(longs, Long::compare, KeyCodec::writeLong);
        assertOrderPreserved(ints, Integer::compare, KeyCodec::writeInt);
        assertOrderPreserved(List.of((short) -32768, (short) -1, (short) 0, (short) 5, (short) 32767), Short::compare,
                KeyCodec::writeShort);
        ByteSink s = new ByteSink();
        KeyCodec.writeLong(s, -42L);
        KeyCodec.writeInt(s, -7);
        assertEquals(-42L, KeyCodec.readLong(s.array(), 0));
        assertEquals(-7, KeyCodec.readInt(s.array(), 8));
    }

    @Test
    void encodedDoublesSortAsPostgresFloat8() {
        List<Double> ds = List.of(Double.NEGATIVE_INFINITY, -1e300, -1.5, -Double.MIN_VALUE, 0.0, Double.MIN_VALUE, 1.0,
                2.5, 1e300, Double.POSITIVE_INFINITY, Double.NaN);
        assertOrderPreserved(ds, Double::compare, KeyCodec::writeDouble);
        ByteSink a = new ByteSink();
        ByteSink b = new ByteSink();
        KeyCodec.writeDouble(a, -0.0);
        KeyCodec.writeDouble(b, 0.0);
        assertArrayEquals(a.toByteArray(), b.toByteArray());
        assertEquals(-1.5, KeyCodec.readDouble(encode(s -> KeyCodec.writeDouble(s, -1.5)), 0));
    }

    private static byte[] encode(java.util.function.Consumer<ByteSink> c) {
        ByteSink s = new ByteSink();
        c.accept(s);
        return s.toByteArray();
    }

    @Test
    void encodedStringsSortByCodePointAndArePrefixFree() {
        List<String> ss = List.of("", "a", "a\0", "a\0b", "ab", "abc", "b", "z", "\uFFFD", "😀", "é");
        assertOrderPreserved(ss, (x, y) -> Arrays.compareUnsigned(x.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                y.getBytes(java.nio.charset.StandardCharsets.UTF_8)), KeyCodec::writeString);
        // code point order puts the emoji (U+1F600) after U+FFFD, unlike String.compareTo
        assertTrue("😀".compareTo("\uFFFD") < 0);
        byte[] enc = encode(s -> {
            KeyCodec.writeString(s, "a\0b");
            KeyCodec.writeInt(s, 5);
        });
        int[] end = new int[1];
        assertEquals("a\0b", KeyCodec.readString(enc, 0, end));
        assertEquals(5, KeyCodec.readInt(enc, end[0]));
    }

    @Test
    void encodedNumericsSortAsValuesIgnoringScale() {
        List<BigDecimal> ns = new ArrayList<>();
        for (String s : new String[] {"-1000", "-999.99", "-10", "-1.5", "-1", "-0.12", "-0.1", "-0.001", "0", "0.001",
                "0.1", "0.12", "1", "1.00", "1.5", "9.99", "10", "999.99", "1000", "123456789012345678901234567890"}) {
            ns.add(new BigDecimal(s));
        }
        assertOrderPreserved(ns, BigDecimal::compareTo, KeyCodec::writeNumeric);
        assertArrayEquals(encode(s -> KeyCodec.writeNumeric(s, new BigDecimal("1.0"))),
                encode(s -> KeyCodec.writeNumeric(s, new BigDecimal("1.000"))));
        assertArrayEquals(encode(s -> KeyCodec.writeValue(s, "ab  ", PgType.BPCHAR)),
                encode(s -> KeyCodec.writeValue(s, "ab", PgType.BPCHAR)));
    }

    @Test
    void versionsSortNewestFirstAfterTheirIntent() {
        byte[] rowId = KeyCodec.rowId(0x12345678, 42);
        byte[] intent = KeyCodec.intentKey(7, 3, 0, rowId);
        byte[] v1 = KeyCodec.versionKey(7, 3, 0, rowId, 100);
        byte[] v2 = KeyCodec.versionKey(7, 3, 0, rowId, 200);
        byte[] v0 = KeyCodec.versionKey(7, 3, 0, rowId, 0);
        byte[] next = KeyCodec.versionKey(7, 3, 0, KeyCodec.rowId(0x12345678, 43), Long.MAX_VALUE);
        List<byte[]> sorted = new ArrayList<>(List.of(next, v0, v1, intent, v2));
        sorted.sort(Arrays::compareUnsigned);
        assertEquals(List.of(intent, v2, v1, v0, next), sorted);
        assertEquals(32, v1.length);
        assertEquals(200L, KeyCodec.commitTsOf(v2, v2.length));
        assertEquals(7, KeyCodec.tableIdOf(v2));
        assertEquals(3, KeyCodec.shardOf(v2));
    }

    @Test
    void prefixesAndUpperBoundsEncloseExactlyTheirRange() {
        byte[] key = KeyCodec.versionKey(7, 3, 0, KeyCodec.rowId(-1, -1), 0);
        assertTrue(Arrays.compareUnsigned(KeyCodec.shardPrefix(7, 3), key) < 0);
        assertTrue(Arrays.compareUnsigned(key, KeyCodec.shardUpperBound(7, 3)) < 0);
        assertTrue(Arrays.compareUnsigned(key, KeyCodec.tableUpperBound(7)) < 0);
        assertTrue(Arrays.compareUnsigned(KeyCodec.versionKey(7, 4, 0, new byte[12], 5), KeyCodec.shardUpperBound(7, 3)) >= 0);
        assertArrayEquals(new byte[] {0, 0, 0, 8}, KeyCodec.tableUpperBound(7));
        assertArrayEquals(new byte[] {0, 0, 1}, KeyCodec.tableUpperBound(0xFF));
        assertArrayEquals(new byte[] {0, 0, 0, 7, 0, 0, 0, 4}, KeyCodec.shardUpperBound(7, 3));
        // the last shard of a table: the bound carries into the table id
        assertArrayEquals(new byte[] {0, 0, 0, 8}, KeyCodec.shardUpperBound(7, -1));
        assertNull(KeyCodec.tableUpperBound(-1));
        assertArrayEquals(new byte[] {0, 0, 0, 7, 0, 0, 0, 3, 0, 0, 0, 1}, KeyCodec.indexUpperBound(7, 3, 0));
    }

    @Test
    void encodedUuidsSortBytewiseUnsignedAsPostgres() {
        List<java.util.UUID> values = new ArrayList<>();
        for (String u : new String[] {"00000000-0000-0000-0000-000000000000", "00000000-0000-0000-7fff-ffffffffffff",
            "00000000-0000-0000-8000-000000000000", "7fffffff-ffff-ffff-ffff-ffffffffffff",
            "80000000-0000-0000-0000-000000000000", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
            "ffffffff-ffff-ffff-ffff-ffffffffffff"}) {
            values.add(java.util.UUID.fromString(u));
        }
        assertOrderPreserved(values, PgType::compareUuid, (sink, v) -> KeyCodec.writeValue(sink, v, PgType.UUID));
        ByteSink s = new ByteSink();
        KeyCodec.writeValue(s, values.get(5), PgType.UUID);
        assertEquals(16, KeyCodec.skipValue(s.toByteArray(), 0, 16, PgType.UUID));
    }

    @Test
    void encodedBitStringsSortAsPostgresBitCmp() {
        // bit_cmp (varbit.c): memcmp of the zero-padded bytes over the shorter length, then the shorter first; the
        // engine's strings of 0 and 1 order the same way, and the keys must too
        List<String> values = List.of("", "0", "00", "00000000", "000000000", "0000000001", "01", "1", "10",
                "100", "10000000", "100000000", "100000001", "11", "11111111", "111111111");
        assertOrderPreserved(values, String::compareTo, (sink, v) -> KeyCodec.writeValue(sink, v, PgType.VARBIT));
        for (String v : values) {
            ByteSink s = new ByteSink();
            KeyCodec.writeValue(s, v, PgType.BIT);
            byte[] b = s.toByteArray();
            assertEquals(b.length, KeyCodec.skipValue(b, 0, b.length, PgType.BIT), v);
        }
    }

    @Test
    void skipValueFindsTheEndOfEveryEncoding() {
        Object[] values = {true, (short) -3, -7, 1L << 40, 1.5f, -2.25, new BigDecimal("-12.340"), BigDecimal.ZERO,
                new BigDecimal("987.65"), "a\0b", "x  ", new byte[] {0, 1, 0, (byte) 0xFF}, 19000, 1700000000000L};
        PgType[] types = {PgType.BOOL, PgType.INT2, PgType.INT4, PgType.INT8, PgType.FLOAT4, PgType.FLOAT8,
                PgType.NUMERIC, PgType.NUMERIC, PgType.NUMERIC, PgType.TEXT, PgType.BPCHAR, PgType.BYTEA, PgType.DATE,
                PgType.TIMESTAMPTZ};
        ByteSink s = new ByteSink();
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            KeyCodec.writeValue(s, values[i], types[i]);
            ends.add(s.size());
        }
        byte[] b = s.toByteArray();
        int p = 0;
        for (int i = 0; i < values.length; i++) {
            p = KeyCodec.skipValue(b, p, b.length, types[i]);
            assertEquals(ends.get(i), p, types[i].name());
        }
        int last = ends.get(ends.size() - 2);
        org.junit.jupiter.api.Assertions.assertThrows(io.tessera.common.error.TesseraException.class,
                () -> KeyCodec.skipValue(b, last, b.length - 1, PgType.TIMESTAMPTZ));
        org.junit.jupiter.api.Assertions.assertThrows(io.tessera.common.error.TesseraException.class,
                () -> KeyCodec.skipValue(b, ends.get(8), ends.get(9) - 1, PgType.TEXT));
    }
}
