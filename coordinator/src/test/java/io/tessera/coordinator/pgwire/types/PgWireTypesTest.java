package io.tessera.coordinator.pgwire.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Text forms exactly as PostgreSQL 15 prints them; binary forms as its send/recv functions. */
class PgWireTypesTest {
    private static int day(String iso) {
        return (int) LocalDate.parse(iso).toEpochDay();
    }

    /** Microseconds since 1970-01-01 00:00 UTC, the engine's timestamp value. */
    private static long micros(String isoLocal) {
        return java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH,
                LocalDateTime.parse(isoLocal).toInstant(ZoneOffset.UTC));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static void roundTrip(PgWireType type, Object value) {
        Object text = type.decodeText(type.encodeText(value));
        Object back = type.decodeBinary(type.encodeBinary(value));
        if (value instanceof byte[] b) {
            assertArrayEquals(b, (byte[]) text);
            assertArrayEquals(b, (byte[]) back);
        } else {
            assertEquals(value, text, type + " text round trip of " + value);
            assertEquals(value, back, type + " binary round trip of " + value);
        }
    }

    @Test
    void boolPrintsTAndFAndAcceptsBoolinSpellings() {
        assertEquals("t", BoolType.INSTANCE.encodeText(true));
        assertEquals("f", BoolType.INSTANCE.encodeText(false));
        for (String s : List.of("t", "TRUE", " yes ", "on", "1", "tr", "y")) {
            assertEquals(true, BoolType.INSTANCE.decodeText(s), s);
        }
        for (String s : List.of("f", "false", "no", "off", "0", "of", "n")) {
            assertEquals(false, BoolType.INSTANCE.decodeText(s), s);
        }
        TesseraException e = assertThrows(TesseraException.class, () -> BoolType.INSTANCE.decodeText("o"));
        assertEquals("invalid input syntax for type boolean: \"o\"", e.getMessage());
        assertArrayEquals(new byte[] {1}, BoolType.INSTANCE.encodeBinary(true));
        roundTrip(BoolType.INSTANCE, false);
    }

    @Test
    void integersParseLikePgStrtoint() {
        assertEquals(-42, Int4Type.INSTANCE.decodeText(" -42 "));
        assertEquals(42, Int4Type.INSTANCE.decodeText("+42"));
        assertEquals(Integer.MIN_VALUE, Int4Type.INSTANCE.decodeText("-2147483648"));
        assertEquals(Long.MIN_VALUE, Int8Type.INSTANCE.decodeText("-9223372036854775808"));
        assertEquals((short) 32767, Int2Type.INSTANCE.decodeText("32767"));

        TesseraException bad = assertThrows(TesseraException.class, () -> Int4Type.INSTANCE.decodeText("abc"));
        assertEquals(SqlState.INVALID_TEXT_REPRESENTATION, bad.sqlState());
        assertEquals("invalid input syntax for type integer: \"abc\"", bad.getMessage());
        assertEquals("invalid input syntax for type bigint: \"1.5\"",
                assertThrows(TesseraException.class, () -> Int8Type.INSTANCE.decodeText("1.5")).getMessage());
        assertEquals("invalid input syntax for type smallint: \"\"",
                assertThrows(TesseraException.class, () -> Int2Type.INSTANCE.decodeText("")).getMessage());

        TesseraException range = assertThrows(TesseraException.class, () -> Int4Type.INSTANCE.decodeText("2147483648"));
        assertEquals(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, range.sqlState());
        assertEquals("value \"2147483648\" is out of range for type integer", range.getMessage());
        assertThrows(TesseraException.class, () -> Int2Type.INSTANCE.decodeText("-32769"));
        assertThrows(TesseraException.class, () -> Int8Type.INSTANCE.decodeText("9223372036854775808"));

        assertEquals("0000002a", hex(Int4Type.INSTANCE.encodeBinary(42)));
        assertEquals("fffffffffffffffe", hex(Int8Type.INSTANCE.encodeBinary(-2L)));
        assertEquals("0007", hex(Int2Type.INSTANCE.encodeBinary((short) 7)));
        roundTrip(Int2Type.INSTANCE, (short) -3);
        roundTrip(Int4Type.INSTANCE, Integer.MAX_VALUE);
        roundTrip(Int8Type.INSTANCE, Long.MIN_VALUE);
        // a column the SQL layer produced as Integer may be sent as int8
        assertEquals("5", Int8Type.INSTANCE.encodeText(5));
    }

    @Test
    void float8PrintsShortestRoundTripDigitsLikePostgres12() {
        Float8Type t = Float8Type.INSTANCE;
        assertEquals("1.5", t.encodeText(1.5));
        assertEquals("0.1", t.encodeText(0.1));
        assertEquals("0.30000000000000004", t.encodeText(0.1 + 0.2));
        assertEquals("1", t.encodeText(1.0));
        assertEquals("-0", t.encodeText(-0.0));
        assertEquals("0", t.encodeText(0.0));
        assertEquals("100", t.encodeText(100.0));
        assertEquals("123456789012345", t.encodeText(123456789012345.0));
        assertEquals("1e+15", t.encodeText(1e15));
        assertEquals("1e+20", t.encodeText(1e20));
        assertEquals("1.5e+300", t.encodeText(1.5e300));
        assertEquals("0.0001", t.encodeText(0.0001));
        assertEquals("1e-05", t.encodeText(0.00001));
        assertEquals("1.2345e-05", t.encodeText(0.000012345));
        assertEquals("5e-324", t.encodeText(Double.MIN_VALUE));
        assertEquals("1.7976931348623157e+308", t.encodeText(Double.MAX_VALUE));
        assertEquals("3.141592653589793", t.encodeText(Math.PI));
        assertEquals("Infinity", t.encodeText(Double.POSITIVE_INFINITY));
        assertEquals("-Infinity", t.encodeText(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", t.encodeText(Double.NaN));
        // Java 17's Double.toString is one digit too long for this one; PostgreSQL's Ryu is not
        assertEquals("2e+23", t.encodeText(2e23));
        assertEquals("2.82879384806159e+17", t.encodeText(2.82879384806159E17));

        assertEquals(Double.NEGATIVE_INFINITY, t.decodeText("-Infinity"));
        assertEquals(Double.POSITIVE_INFINITY, t.decodeText("inf"));
        assertEquals(1e-5, t.decodeText(" 1e-05 "));
        assertEquals("invalid input syntax for type double precision: \"1.0d\"",
                assertThrows(TesseraException.class, () -> t.decodeText("1.0d")).getMessage());
        assertEquals("\"1e400\" is out of range for type double precision",
                assertThrows(TesseraException.class, () -> t.decodeText("1e400")).getMessage());
        assertEquals("3ff8000000000000", hex(t.encodeBinary(1.5)));

        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (!Double.isNaN(d)) {
                roundTrip(t, d);
                String text = t.encodeText(d);
                // no shorter correctly rounded form reads back as d
                String digits = text.replaceFirst("^-", "").replaceFirst("e.*", "").replace(".", "").replaceFirst("^0+", "");
                if (digits.length() > 1) {
                    BigDecimal shorter = new BigDecimal(d).round(new java.math.MathContext(digits.length() - 1));
                    assertEquals(false, Double.parseDouble(shorter.toString()) == d, "shorter form exists for " + text);
                }
            }
        }
    }

    @Test
    void float4UsesItsOwnExponentThreshold() {
        Float4Type t = Float4Type.INSTANCE;
        assertEquals("100000", t.encodeText(100000f));
        assertEquals("1e+06", t.encodeText(1000000f));
        assertEquals("0.1", t.encodeText(0.1f));
        assertEquals("1.5", t.encodeText(1.5f));
        assertEquals("3.4028235e+38", t.encodeText(Float.MAX_VALUE));
        assertEquals("NaN", t.encodeText(Float.NaN));
        assertEquals(0.1f, t.decodeText("0.1"));
        assertThrows(TesseraException.class, () -> t.decodeText("1e39"));
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (!Float.isNaN(f)) {
                roundTrip(t, f);
            }
        }
    }

    @Test
    void numericIsPlainDecimalAndBinaryIsBase10000() {
        NumericType t = NumericType.INSTANCE;
        assertEquals("1.50", t.encodeText(new BigDecimal("1.50")));
        assertEquals("1000", t.encodeText(new BigDecimal("1E+3")));
        assertEquals("0.000001", t.encodeText(new BigDecimal("1E-6")));
        assertEquals(new BigDecimal("100000"), t.decodeText("1e5"));
        assertEquals("invalid input syntax for type numeric: \"1,5\"",
                assertThrows(TesseraException.class, () -> t.decodeText("1,5")).getMessage());
        // numeric_send of 12345.678: ndigits 3, weight 1, sign +, dscale 3, digits 1 2345 6780
        assertEquals("0003" + "0001" + "0000" + "0003" + "0001" + "0929" + "1a7c",
                hex(t.encodeBinary(new BigDecimal("12345.678"))));
        // -0.0001: ndigits 1, weight -1, sign -, dscale 4, digits 1
        assertEquals("0001ffff400000040001", hex(t.encodeBinary(new BigDecimal("-0.0001"))));
        // zero with scale 2: no digits
        assertEquals("0000000000000002", hex(t.encodeBinary(new BigDecimal("0.00"))));
        // 1000000: one digit 100 at weight 1
        assertEquals("0001000100000000" + "0064", hex(t.encodeBinary(new BigDecimal("1000000"))));
        for (String s : List.of("0", "1", "-1", "12345.678", "0.0001", "-98765432109876543210.0123456789", "10000",
                "1.50", "0.00", "99999999", "123456789.000000001")) {
            roundTrip(t, new BigDecimal(s));
        }
    }

    @Test
    void dateAndTimestampTextFormsMatchIsoDateStyle() {
        assertEquals("2024-01-02", DateType.INSTANCE.encodeText(day("2024-01-02")));
        assertEquals("1970-01-01", DateType.INSTANCE.encodeText(0));
        assertEquals("0044-03-15 BC", DateType.INSTANCE.encodeText((int) LocalDate.of(-43, 3, 15).toEpochDay()));
        assertEquals("infinity", DateType.INSTANCE.encodeText(Integer.MAX_VALUE));
        assertEquals(day("2024-02-29"), DateType.INSTANCE.decodeText("2024-02-29"));
        TesseraException e = assertThrows(TesseraException.class, () -> DateType.INSTANCE.decodeText("2023-02-29"));
        assertEquals(SqlState.DATETIME_FIELD_OVERFLOW, e.sqlState());
        assertEquals("date/time field value out of range: \"2023-02-29\"", e.getMessage());
        assertEquals("invalid input syntax for type date: \"tomorrow-ish\"",
                assertThrows(TesseraException.class, () -> DateType.INSTANCE.decodeText("tomorrow-ish")).getMessage());
        // date_send: days since 2000-01-01
        assertEquals("00000000", hex(DateType.INSTANCE.encodeBinary(day("2000-01-01"))));
        assertEquals("ffffffff", hex(DateType.INSTANCE.encodeBinary(day("1999-12-31"))));
        roundTrip(DateType.INSTANCE, day("2024-01-02"));

        TimestampType ts = TimestampType.WITHOUT_ZONE;
        assertEquals("2024-01-02 03:04:05.123", ts.encodeText(micros("2024-01-02T03:04:05.123")));
        assertEquals("2024-01-02 03:04:05.1", ts.encodeText(micros("2024-01-02T03:04:05.100")));
        assertEquals("2024-01-02 03:04:05.12", ts.encodeText(micros("2024-01-02T03:04:05.120")));
        assertEquals("2024-01-02 03:04:05", ts.encodeText(micros("2024-01-02T03:04:05")));
        assertEquals("1969-12-31 23:59:59.999999", ts.encodeText(-1L));
        assertEquals(micros("2024-01-02T03:04:05.123"), ts.decodeText("2024-01-02 03:04:05.123"));
        assertEquals(micros("2024-01-02T03:04:05.123510"), ts.decodeText("2024-01-02T03:04:05.12351"));
        // a seventh digit rounds as PostgreSQL's rint: half to even
        assertEquals(micros("2024-01-02T03:04:05.123456"), ts.decodeText("2024-01-02T03:04:05.1234565"));
        assertEquals(micros("2024-01-02T03:04:05.123458"), ts.decodeText("2024-01-02T03:04:05.1234575"));
        assertEquals(micros("2024-01-02T00:00"), ts.decodeText("2024-01-02"));
        assertEquals(micros("2024-01-02T03:04:05"), ts.decodeText("2024-01-02 03:04:05+05"), "zone ignored for timestamp");
        assertEquals("invalid input syntax for type timestamp: \"noon\"",
                assertThrows(TesseraException.class, () -> ts.decodeText("noon")).getMessage());
        // timestamp_send: microseconds since 2000-01-01
        assertEquals("0000000000000000", hex(ts.encodeBinary(micros("2000-01-01T00:00"))));
        assertEquals("00000000000f4240", hex(ts.encodeBinary(micros("2000-01-01T00:00:01"))));
        roundTrip(ts, micros("2024-01-02T03:04:05.123"));
        roundTrip(ts, micros("1900-06-30T23:59:59.999"));

        TimestampType tz = TimestampType.WITH_ZONE;
        assertEquals("2024-01-02 03:04:05.5+00", tz.encodeText(micros("2024-01-02T03:04:05.500")));
        assertEquals("2024-01-02 03:04:05+00", tz.encodeText(micros("2024-01-02T03:04:05")));
        assertEquals(micros("2024-01-02T01:34:05"), tz.decodeText("2024-01-02 03:04:05+01:30"));
        assertEquals(micros("2024-01-02T11:04:05"), tz.decodeText("2024-01-02 03:04:05-08"));
        assertEquals(micros("2024-01-02T03:04:05"), tz.decodeText("2024-01-02 03:04:05"));
        roundTrip(tz, micros("2024-01-02T03:04:05.007"));
    }

    @Test
    void byteaIsHexOnOutputAndAcceptsHexAndEscapeInput() {
        ByteaType t = ByteaType.INSTANCE;
        assertEquals("\\x0a0b", t.encodeText(new byte[] {10, 11}));
        assertEquals("\\x", t.encodeText(new byte[0]));
        assertArrayEquals(new byte[] {10, 11, (byte) 0xff}, (byte[]) t.decodeText("\\x0A0b ff"));
        assertArrayEquals(new byte[] {'a', '\\', 1, 'b'}, (byte[]) t.decodeText("a\\\\\\001b"));
        assertThrows(TesseraException.class, () -> t.decodeText("\\x0"));
        roundTrip(t, new byte[] {0, 1, 2, (byte) 200});
    }

    @Test
    void stringTypesAreUtf8AndJsonbBinaryHasAVersionByte() {
        roundTrip(TextType.INSTANCE, "héllo ☃");
        roundTrip(VarcharType.INSTANCE, "x");
        roundTrip(BpcharType.INSTANCE, "ab  ");
        roundTrip(NameType.INSTANCE, "pg_class");
        roundTrip(JsonType.INSTANCE, "{\"a\": 1}");
        assertArrayEquals("\u0001{}".getBytes(StandardCharsets.UTF_8), JsonbType.INSTANCE.encodeBinary("{}"));
        roundTrip(JsonbType.INSTANCE, "{\"a\": [1, 2]}");
        assertEquals(64, NameType.INSTANCE.typlen());
    }

    @Test
    void oidIsUnsigned() {
        assertEquals("4294967295", OidType.INSTANCE.encodeText(-1));
        assertEquals(-1, OidType.INSTANCE.decodeText("4294967295"));
        assertThrows(TesseraException.class, () -> OidType.INSTANCE.decodeText("4294967296"));
        roundTrip(OidType.INSTANCE, 1259);
    }

    @Test
    void registryFallsBackToTextForUnknownOids() {
        assertSame(Int4Type.INSTANCE, PgWireTypes.forOid(23));
        assertSame(TimestampType.WITH_ZONE, PgWireTypes.forOid(1184));
        assertSame(UnknownType.INSTANCE, PgWireTypes.forOid(0));
        assertSame(UnknownType.INSTANCE, PgWireTypes.forOid(600)); // point: no codec, travels as text
        assertEquals("(1,2)", PgWireTypes.forOid(600).encodeText("(1,2)"));
    }
}
