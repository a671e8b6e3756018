package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgInterval;
import io.tessera.common.types.PgTime;
import io.tessera.common.types.PgType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Casts between the types of {@link PgType} with PostgreSQL's rules and errors: text input is trimmed and parsed
 * strictly (22P02 "invalid input syntax for type integer: ..."), out-of-range values raise 22003, numeric → integer
 * rounds half away from zero and float → integer rounds half to even (as PostgreSQL's {@code rint}), and text output
 * follows PostgreSQL's output functions (float8 switches to exponent form from 1e15 and below 1e-4, dates ISO,
 * timestamps {@code YYYY-MM-DD HH:MM:SS[.fff]}). The session time zone is taken to be UTC.
 */
public final class Casts {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    /** A compiled cast of a non-null value. */
    @FunctionalInterface
    public interface Caster {
        Object cast(Object v);
    }

    private Casts() {
    }

    /** The cast from {@code from} to {@code to}, chosen once (at expression compile time). */
    public static Caster caster(PgType from, PgType to) {
        if (from == to) {
            return v -> v;
        }
        if ((to == PgType.JSON || to == PgType.JSONB) && Values.isString(from)) {
            return v -> fromText((String) v, to); // json input checks the text, jsonb normalises it
        }
        if (Values.isString(to)) {
            if (from == PgType.BPCHAR) {
                return v -> rtrim((String) v);
            }
            return v -> toText(v, from);
        }
        if (Values.isString(from)) {
            return v -> fromText((String) v, to);
        }
        switch (to) {
            case INT2: case INT4: case INT8: case OID:
                if (Values.isInteger(from)) {
                    return v -> Values.boxInteger(((Number) v).longValue(), to);
                }
                if (from == PgType.NUMERIC) {
                    return v -> numericToInteger((BigDecimal) v, to);
                }
                if (Values.isFloat(from)) {
                    return v -> floatToInteger(((Number) v).doubleValue(), to);
                }
                if (from == PgType.BOOL) {
                    return v -> Values.boxInteger(((Boolean) v) ? 1 : 0, to);
                }
                break;
            case FLOAT8:
                if (Values.isNumeric(from)) {
                    return v -> ((Number) v).doubleValue();
                }
                break;
            case FLOAT4:
                if (from == PgType.NUMERIC) {
                    return v -> numericToFloat4((BigDecimal) v);
                }
                if (Values.isFloat(from)) {
                    return v -> float8ToFloat4(((Number) v).doubleValue());
                }
                if (Values.isNumeric(from)) {
                    return v -> ((Number) v).floatValue(); // an integer: rounded, never out of range
                }
                break;
            case NUMERIC:
                if (Values.isFloat(from)) { // float4_numeric, float8_numeric: 6 and 15 significant digits
                    return v -> v instanceof Float f ? PgNumerics.fromFloat(f)
                            : PgNumerics.fromDouble(((Number) v).doubleValue());
                }
                if (Values.isNumeric(from)) {
                    return Values::toBigDecimal;
                }
                break;
            case BOOL:
                if (Values.isInteger(from)) {
                    return v -> ((Number) v).longValue() != 0;
                }
                break;
            case DATE:
                if (Values.isTimestamp(from)) {
                    return v -> Values.boxInteger(timestampToDate((Long) v), PgType.DATE);
                }
                break;
            case TIMESTAMP: case TIMESTAMPTZ:
                if (from == PgType.DATE) {
                    return v -> dateToTimestamp(((Number) v).intValue());
                }
                if (Values.isTimestamp(from)) {
                    return v -> v;
                }
                break;
            case TIME:
                if (Values.isTimestamp(from)) {
                    // a time is a PgTime of microseconds (docs/architecture.md)
                    return v -> new PgTime(Math.floorMod((Long) v, Times.MICROS_PER_DAY));
                }
                if (from == PgType.INTERVAL) { // interval_time: the time field modulo a day, months and days dropped
                    return v -> new PgTime(Math.floorMod(((PgInterval) v).micros(), Times.MICROS_PER_DAY));
                }
                if (from == PgType.TIME) {
                    return v -> v;
                }
                break;
            case INTERVAL:
                if (from == PgType.TIME) { // time_interval
                    return v -> new PgInterval(0, 0, PgTime.toMicros(v));
                }
                break;
            case BYTEA:
                break;
            default:
                break;
        }
        throw new TesseraException(SqlState.CANNOT_COERCE,
                "cannot cast type " + from.sqlName() + " to " + to.sqlName());
    }

    /** Casts a value of type {@code from} to {@code to}; NULL stays NULL. */
    public static Object cast(Object v, PgType from, PgType to) {
        return v == null ? null : caster(from, to).cast(v);
    }

    static Object numericToInteger(BigDecimal d, PgType to) {
        BigDecimal r = d.setScale(0, RoundingMode.HALF_UP);
        if (r.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0 || r.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw Values.outOfRange(integerName(to));
        }
        return Values.boxInteger(r.longValueExact(), to);
    }

    static Object floatToInteger(double d, PgType to) {
        double r = Math.rint(d);
        if (Double.isNaN(r) || r < -9.223372036854775808E18 || r >= 9.223372036854775808E18) {
            throw Values.outOfRange(integerName(to));
        }
        return Values.boxInteger((long) r, to);
    }

    private static String integerName(PgType t) {
        return t == PgType.INT2 ? "smallint" : t == PgType.INT8 ? "bigint" : "integer";
    }

    static String rtrim(String s) {
        int n = s.length();
        while (n > 0 && s.charAt(n - 1) == ' ') {
            n--;
        }
        return n == s.length() ? s : s.substring(0, n);
    }

    /**
     * Throws 0A000 when {@code trimmed} is numeric's input for NaN or an infinity ({@code NaN}, {@code Infinity},
     * {@code inf}, {@code -Infinity}, any case), which PostgreSQL 15 accepts and Tessera's numeric (a
     * {@code BigDecimal}) cannot hold; returns otherwise.
     */
    public static void rejectNumericSpecial(String trimmed) {
        String u = trimmed.toLowerCase(java.util.Locale.ROOT);
        if (u.startsWith("+") || u.startsWith("-")) {
            u = u.substring(1);
        }
        if (u.equals("nan") && !trimmed.startsWith("+") && !trimmed.startsWith("-") || u.equals("infinity")
                || u.equals("inf")) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                    "numeric NaN and infinity are not supported: \"" + trimmed + "\"");
        }
    }

    private static TesseraException badInput(PgType t, String s) {
        SqlState state = t == PgType.DATE || Values.isTimestamp(t)
                ? SqlState.INVALID_DATETIME_FORMAT : SqlState.INVALID_TEXT_REPRESENTATION;
        return new TesseraException(state, "invalid input syntax for type " + t.sqlName() + ": \"" + s + "\"");
    }

    /** Parses PostgreSQL's text input form of a {@code to} value. */
    public static Object fromText(String s, PgType to) {
        String t = s.strip();
        switch (to) {
            case TEXT: case VARCHAR: case BPCHAR: case NAME:
                return s;
            case JSON:
                return Json.validate(s);
            case JSONB:
                return Json.normalize(s);
            case INT2: case INT4: case INT8: case OID:
                return Values.boxIntegerText(parseLong(t, s, to), to, s);
            case FLOAT4: case FLOAT8: {
                double d = parseDouble(t, s, to);
                if (to == PgType.FLOAT4) {
                    float f = (float) d;
                    if ((Float.isInfinite(f) && !Double.isInfinite(d)) || (f == 0.0f && d != 0.0)) { // float4in
                        throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                                "\"" + s + "\" is out of range for type real");
                    }
                    return f;
                }
                return d;
            }
            case NUMERIC:
                try {
                    if (t.isEmpty() || !isDecimalSyntax(t)) {
                        rejectNumericSpecial(t);
                        throw badInput(to, s);
                    }
                    return new BigDecimal(t);
                } catch (NumberFormatException e) {
                    throw badInput(to, s);
                }
            case BOOL:
                return parseBool(t, s);
            case DATE:
                return io.tessera.common.types.DateTimeInput.parseDate(s);
            case TIMESTAMP: case TIMESTAMPTZ:
                return io.tessera.common.types.DateTimeInput.parseTimestampMicros(s, to == PgType.TIMESTAMPTZ);
            case BYTEA:
                return parseBytea(s);
            case UUID:
                return Uuids.parse(s);
            case BIT: case VARBIT:
                return Bits.parse(s);
            case TIME:
                return new PgTime(Times.parseMicros(s));
            case INTERVAL:
                return Intervals.parse(s);
            default:
                throw new TesseraException(SqlState.CANNOT_COERCE, "cannot cast type text to " + to.sqlName());
        }
    }

    private static boolean isDecimalSyntax(String t) {
        int i = 0;
        int n = t.length();
        if (t.charAt(0) == '+' || t.charAt(0) == '-') {
            i++;
        }
        boolean digits = false;
        for (; i < n && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.'); i++) {
            digits |= t.charAt(i) != '.';
        }
        if (!digits) {
            return false;
        }
        if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
            i++;
            if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
                i++;
            }
            int start = i;
            for (; i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9'; i++) {
                // exponent digits
            }
            if (i == start) {
                return false;
            }
        }
        return i == n;
    }

    private static long parseLong(String t, String original, PgType to) {
        int n = t.length();
        if (n == 0) {
            throw badInput(to, original);
        }
        int i = 0;
        boolean neg = false;
        if (t.charAt(0) == '+' || t.charAt(0) == '-') {
            neg = t.charAt(0) == '-';
            i = 1;
        }
        if (i == n) {
            throw badInput(to, original);
        }
        long acc = 0;
        for (; i < n; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                throw badInput(to, original);
            }
            int d = c - '0';
            // accumulate negatively so Long.MIN_VALUE parses
            if (acc < (Long.MIN_VALUE + d) / 10) {
                throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                        "value \"" + original + "\" is out of range for type " + to.sqlName());
            }
            acc = acc * 10 - d;
        }
        if (!neg) {
            if (acc == Long.MIN_VALUE) {
                throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                        "value \"" + original + "\" is out of range for type " + to.sqlName());
            }
            acc = -acc;
        }
        return acc;
    }

    private static double parseDouble(String t, String original, PgType to) {
        String l = t.toLowerCase(java.util.Locale.ROOT);
        switch (l) {
            case "nan": return Double.NaN;
            case "infinity": case "+infinity": case "inf": case "+inf": return Double.POSITIVE_INFINITY;
            case "-infinity": case "-inf": return Double.NEGATIVE_INFINITY;
            default: break;
        }
        if (t.isEmpty() || !isDecimalSyntax(t)) {
            throw badInput(to, original);
        }
        double d = Double.parseDouble(t);
        if (Double.isInfinite(d)) {
            throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                    "\"" + original + "\" is out of range for type " + to.sqlName());
        }
        return d;
    }

    private static Boolean parseBool(String t, String original) {
        String l = t.toLowerCase(java.util.Locale.ROOT);
        switch (l) {
            case "t": case "tr": case "tru": case "true": case "y": case "ye": case "yes": case "on": case "1":
                return Boolean.TRUE;
            case "f": case "fa": case "fal": case "fals": case "false": case "n": case "no": case "of": case "off":
            case "0":
                return Boolean.FALSE;
            default:
                throw badInput(PgType.BOOL, original);
        }
    }

    /**
     * PostgreSQL's {@code byteain}: hex format ({@code \\x} then two hex digits per byte, blanks allowed between
     * bytes; 22023 for a bad digit or an odd count) or escape format (a backslash starts {@code \\\\} or three octal
     * digits; 22P02 otherwise).
     */
    public static byte[] parseBytea(String s) {
        if (s.startsWith("\\x")) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length() / 2);
            int i = 2;
            int n = s.length();
            while (i < n) {
                char c = s.charAt(i);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    i++;
                    continue;
                }
                int hi = Character.digit(c, 16);
                if (hi < 0) {
                    throw badHex("invalid hexadecimal digit: \"" + c + "\"");
                }
                if (i + 1 >= n) {
                    throw badHex("invalid hexadecimal data: odd number of digits");
                }
                int lo = Character.digit(s.charAt(i + 1), 16);
                if (lo < 0) {
                    throw badHex("invalid hexadecimal digit: \"" + s.charAt(i + 1) + "\"");
                }
                out.write(hi << 4 | lo);
                i += 2;
            }
            return out.toByteArray();
        }
        if (s.indexOf('\\') < 0) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b != '\\') {
                out.write(b);
            } else if (i + 1 < utf8.length && utf8[i + 1] == '\\') {
                out.write('\\');
                i++;
            } else if (i + 3 < utf8.length && isOctal(utf8[i + 1], '3') && isOctal(utf8[i + 2], '7')
                    && isOctal(utf8[i + 3], '7')) {
                out.write((utf8[i + 1] - '0') << 6 | (utf8[i + 2] - '0') << 3 | (utf8[i + 3] - '0'));
                i += 3;
            } else {
                throw new TesseraException(SqlState.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type bytea");
            }
        }
        return out.toByteArray();
    }

    private static boolean isOctal(byte b, char max) {
        return b >= '0' && b <= max;
    }

    private static TesseraException badHex(String message) {
        return new TesseraException(SqlState.INVALID_PARAMETER_VALUE, message);
    }

    /** PostgreSQL's text output of a non-null value of {@code type}. */
    public static String toText(Object v, PgType type) {
        switch (type) {
            case BOOL: return ((Boolean) v) ? "true" : "false";
            case INT2: case INT4: case INT8: case OID: return v.toString();
            case FLOAT8: return formatDouble(((Number) v).doubleValue(), 15);
            case FLOAT4: return formatFloat(((Number) v).floatValue());
            case NUMERIC: return ((BigDecimal) v).toPlainString();
            case DATE: return formatDate(((Number) v).intValue());
            case TIMESTAMP: return formatTimestamp((Long) v, false);
            case TIMESTAMPTZ: return formatTimestamp((Long) v, true);
            case UUID: return v.toString();
            case TIME: return Times.formatMicros(PgTime.toMicros(v));
            case INTERVAL: return v.toString();
            case BYTEA: {
                byte[] b = (byte[]) v;
                StringBuilder sb = new StringBuilder(2 + b.length * 2).append("\\x");
                for (byte x : b) {
                    sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
                }
                return sb.toString();
            }
            default: return v.toString();
        }
    }

    /**
     * timestamp to date ({@code timestamp_date}) of an engine value (microseconds since 1970): the day, floored;
     * the infinities stay infinite. The same as {@link #timestampMicrosToDate}.
     */
    public static int timestampToDate(long micros) {
        return timestampMicrosToDate(micros);
    }

    /**
     * date to timestamp ({@code date_timestamp}) in microseconds: the day's midnight; the infinities stay infinite.
     * The same as {@link #dateToTimestampMicros}.
     */
    public static long dateToTimestamp(int epochDay) {
        return dateToTimestampMicros(epochDay);
    }

    /** PostgreSQL's epoch, 2000-01-01, in microseconds since 1970. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    /**
     * {@code timestamp(p)} / {@code timestamptz(p)} of a value in microseconds since 1970, p = 0 to 6: the fraction
     * rounded to p digits, halves away from zero counted from PostgreSQL's epoch 2000-01-01 as its
     * {@code AdjustTimestampForTypmod} does ({@code '1990-01-01 00:00:00.5'::timestamp(0)} is {@code 00:00:00},
     * {@code '2010-01-01 00:00:00.5'::timestamp(0)} is {@code 00:00:01}); p of 6 or more leaves it as it is, below 0
     * is 0, and the infinities stay themselves.
     */
    public static long timestampRoundMicros(long micros, int precision) {
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE || precision >= 6) {
            return micros;
        }
        long unit = 1_000_000L;
        for (int i = 0; i < precision; i++) {
            unit /= 10;
        }
        long half = unit / 2;
        long pg = micros - PG_EPOCH_MICROS;
        long rounded = pg >= 0 ? (pg + half) / unit * unit : -((-pg + half) / unit * unit);
        return rounded + PG_EPOCH_MICROS;
    }

    /** {@code timestamp_date} of microseconds since 1970: the day, floored; the infinities stay infinite. */
    public static int timestampMicrosToDate(long micros) {
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
            return micros == Long.MAX_VALUE ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        }
        return (int) Math.floorDiv(micros, MILLIS_PER_DAY * 1000);
    }

    /**
     * {@code date_timestamp} in microseconds since 1970: the day's midnight; the infinities stay infinite.
     *
     * @throws TesseraException 22008 {@code date out of range for timestamp} for a date past 294247 AD, beyond 64
     *     bits of microseconds (PostgreSQL's dates reach 5874897 AD, its timestamps 294276 AD)
     */
    public static long dateToTimestampMicros(int epochDay) {
        if (epochDay == Integer.MAX_VALUE || epochDay == Integer.MIN_VALUE) {
            return epochDay == Integer.MAX_VALUE ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        try {
            return Math.multiplyExact(epochDay, MILLIS_PER_DAY * 1000);
        } catch (ArithmeticException e) {
            throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "date out of range for timestamp");
        }
    }

    /**
     * {@code date_out} in DateStyle ISO: {@code YYYY-MM-DD} (at least four year digits), {@code BC} after years
     * before 1 AD (year 0 is 1 BC), {@code infinity}/{@code -infinity} for Integer.MAX_VALUE/MIN_VALUE days.
     */
    public static String formatDate(int epochDay) {
        if (epochDay == Integer.MAX_VALUE || epochDay == Integer.MIN_VALUE) {
            return epochDay == Integer.MAX_VALUE ? "infinity" : "-infinity";
        }
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        StringBuilder sb = new StringBuilder(16);
        appendDate(sb, d);
        return d.getYear() <= 0 ? sb.append(" BC").toString() : sb.toString();
    }

    /**
     * {@code timestamp_out} ({@code withZone} false) or {@code timestamptz_out} in UTC and DateStyle ISO of a value
     * in microseconds since 1970, as {@link #formatTimestampMicros}.
     */
    public static String formatTimestamp(long micros, boolean withZone) {
        return formatTimestampMicros(micros, withZone);
    }

    /**
     * {@code timestamp_out} / {@code timestamptz_out} in UTC and DateStyle ISO of a value in microseconds since
     * 1970, PostgreSQL's unit: {@code YYYY-MM-DD HH:MM:SS}, then up to six fraction digits without trailing zeros,
     * then {@code +00} for timestamptz and {@code BC} for years before 1 AD; {@code infinity}/{@code -infinity} for
     * Long.MAX_VALUE/MIN_VALUE.
     */
    public static String formatTimestampMicros(long micros, boolean withZone) {
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
            return micros == Long.MAX_VALUE ? "infinity" : "-infinity";
        }
        return formatTimestamp(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L), withZone);
    }

    private static String formatTimestamp(long epochSecond, int micros, boolean withZone) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(32);
        appendDate(sb, t.toLocalDate());
        sb.append(' ');
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond());
        Times.appendFraction(sb, micros);
        if (withZone) {
            sb.append("+00");
        }
        return t.getYear() <= 0 ? sb.append(" BC").toString() : sb.toString();
    }

    private static void appendDate(StringBuilder sb, LocalDate d) {
        int year = d.getYear() > 0 ? d.getYear() : 1 - d.getYear(); // year 0 is 1 BC
        String y = Integer.toString(year);
        sb.append("0".repeat(Math.max(0, 4 - y.length()))).append(y).append('-');
        two(sb, d.getMonthValue()).append('-');
        two(sb, d.getDayOfMonth());
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    private static String formatFloat(float f) {
        if (Float.isNaN(f) || Float.isInfinite(f) || f == 0) {
            return formatDouble(f, 6);
        }
        return formatDigits(new BigDecimal(Float.toString(f)), 6);
    }

    /** Shortest round-trip digits, PostgreSQL's layout: exponent form when the exponent is below -4 or at least {@code digits}. */
    static String formatDouble(double d, int digits) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        return formatDigits(new BigDecimal(Double.toString(d)), digits);
    }

    private static String formatDigits(BigDecimal b, int digits) {
        b = b.stripTrailingZeros();
        int exp = b.precision() - b.scale() - 1;
        if (exp < -4 || exp >= digits) {
            String u = b.unscaledValue().abs().toString();
            StringBuilder sb = new StringBuilder();
            if (b.signum() < 0) {
                sb.append('-');
            }
            sb.append(u.charAt(0));
            if (u.length() > 1) {
                sb.append('.').append(u, 1, u.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            if (a < 10) {
                sb.append('0');
            }
            return sb.append(a).toString();
        }
        return b.toPlainString();
    }

    /**
     * float8 to float4 as PostgreSQL's {@code float84}: 22003 "value out of range: overflow" when a finite value
     * exceeds float4's range, "value out of range: underflow" when a non-zero one rounds to zero.
     */
    public static float float8ToFloat4(double d) {
        float f = (float) d;
        if (Float.isInfinite(f) && !Double.isInfinite(d)) {
            throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow");
        }
        if (f == 0.0f && d != 0.0) {
            throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: underflow");
        }
        return f;
    }

    /**
     * numeric to float4 as PostgreSQL's {@code numeric_float4}, which reads the numeric's text as float4 input:
     * 22003 {@code "<text>" is out of range for type real} past float4's range or for a non-zero value that rounds
     * to zero.
     */
    public static float numericToFloat4(BigDecimal n) {
        double d = n.doubleValue();
        float f = (float) d;
        if (Float.isInfinite(f) || (f == 0.0f && n.signum() != 0)) {
            throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                    "\"" + toText(n, PgType.NUMERIC) + "\" is out of range for type real");
        }
        return f;
    }
}
