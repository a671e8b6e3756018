package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;

/**
 * PostgreSQL's bit string functions ({@code bit(n)}, {@code bit varying(n)}; src/backend/utils/adt/varbit.c) on the
 * engine's form of a bit string, a {@code String} of 0 and 1 ({@link io.tessera.common.types.BitStrings}).
 *
 * <p>Typmods are PostgreSQL's for these types: the length n itself (not n + 4), below 1 none. An assignment
 * ({@code isExplicit} false) of a bit string to bit(n) must have exactly n bits (22026), to bit varying(n) at most n
 * (22001); an explicit cast pads bit(n) with zero bits on the right and cuts both to n bits.
 */
public final class Bits {
    private Bits() {
    }

    /**
     * {@code bit_in}/{@code varbit_in} without a typmod: binary digits, or after a leading {@code x}/{@code X}
     * hexadecimal digits (4 bits each); a leading {@code b}/{@code B} is dropped.
     *
     * @throws TesseraException 22P02 {@code "2" is not a valid binary digit} / {@code ... hexadecimal digit}
     */
    public static String parse(String s) {
        boolean hex = false;
        int i = 0;
        if (!s.isEmpty() && (s.charAt(0) == 'b' || s.charAt(0) == 'B')) {
            i = 1;
        } else if (!s.isEmpty() && (s.charAt(0) == 'x' || s.charAt(0) == 'X')) {
            i = 1;
            hex = true;
        }
        StringBuilder out = new StringBuilder(hex ? (s.length() - i) * 4 : s.length() - i);
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (hex) {
                int d = Character.digit(cp, 16);
                if (d < 0 || cp > 'f') {
                    throw new TesseraException(SqlState.INVALID_TEXT_REPRESENTATION,
                            "\"" + new String(Character.toChars(cp)) + "\" is not a valid hexadecimal digit");
                }
                for (int b = 3; b >= 0; b--) {
                    out.append((d >> b & 1) != 0 ? '1' : '0');
                }
            } else if (cp == '0' || cp == '1') {
                out.append((char) cp);
            } else {
                throw new TesseraException(SqlState.INVALID_TEXT_REPRESENTATION,
                        "\"" + new String(Character.toChars(cp)) + "\" is not a valid binary digit");
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** Whether {@code type} is bit or bit varying. */
    public static boolean isBit(PgType type) {
        return type == PgType.BIT || type == PgType.VARBIT;
    }

    /**
     * {@code bits} fitted to {@code bit(n)} / {@code bit varying(n)} ({@code typmod} = n; below 1 nothing is done):
     * PostgreSQL's {@code bit(bit, int4, bool)} and {@code varbit(varbit, int4, bool)}.
     *
     * @throws TesseraException 22026 {@code bit string length 3 does not match type bit(4)} and 22001
     *     {@code bit string too long for type bit varying(3)} for an assignment
     */
    public static String applyTypmod(String bits, PgType type, int typmod, boolean explicit) {
        if (bits == null || typmod < 1 || bits.length() == typmod
                || type == PgType.VARBIT && bits.length() < typmod) {
            return bits;
        }
        if (!explicit) {
            if (type == PgType.BIT) {
                throw new TesseraException(SqlState.STRING_DATA_LENGTH_MISMATCH,
                        "bit string length " + bits.length() + " does not match type bit(" + typmod + ")");
            }
            throw new TesseraException(SqlState.STRING_DATA_RIGHT_TRUNCATION,
                    "bit string too long for type bit varying(" + typmod + ")");
        }
        return bits.length() > typmod ? bits.substring(0, typmod) : bits + "0".repeat(typmod - bits.length());
    }

    /**
     * {@code bitfromint8}/{@code bitfromint4}: the rightmost {@code n} bits of {@code v} in two's complement, the
     * sign repeated to the left when n exceeds {@code width} (32 or 64).
     */
    public static String fromLong(long v, int n, int width) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            int bit = n - 1 - i; // position from the right
            boolean one = bit >= width ? v < 0 : (v >>> bit & 1) != 0;
            c[i] = one ? '1' : '0';
        }
        return new String(c);
    }

    /**
     * {@code bittoint4}/{@code bittoint8}: the bits as an unsigned number in {@code width} (32 or 64) bits, read as
     * two's complement.
     *
     * @throws TesseraException 22003 {@code integer out of range} / {@code bigint out of range} for more bits
     */
    public static long toLong(String bits, int width) {
        if (bits.length() > width) {
            throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                    (width == 32 ? "integer" : "bigint") + " out of range");
        }
        long v = 0;
        for (int i = 0; i < bits.length(); i++) {
            v = v << 1 | (bits.charAt(i) == '1' ? 1 : 0);
        }
        return width == 32 ? (int) v : v;
    }

    /** {@code a & b}, {@code a | b}, {@code a # b} for {@code op} '&', '|', '#'; 22026 for different lengths. */
    public static String bitwise(String a, String b, char op) {
        if (a.length() != b.length()) {
            String verb = op == '&' ? "AND" : op == '|' ? "OR" : "XOR";
            throw new TesseraException(SqlState.STRING_DATA_LENGTH_MISMATCH,
                    "cannot " + verb + " bit strings of different sizes");
        }
        char[] c = new char[a.length()];
        for (int i = 0; i < c.length; i++) {
            boolean x = a.charAt(i) == '1';
            boolean y = b.charAt(i) == '1';
            c[i] = (op == '&' ? x & y : op == '|' ? x | y : x ^ y) ? '1' : '0';
        }
        return new String(c);
    }

    /** {@code ~a}. */
    public static String not(String a) {
        char[] c = new char[a.length()];
        for (int i = 0; i < c.length; i++) {
            c[i] = a.charAt(i) == '1' ? '0' : '1';
        }
        return new String(c);
    }

    /** {@code a << n} ({@code a >> -n} for negative n): the length kept, zero bits shifted in. */
    public static String shiftLeft(String a, int n) {
        if (n < 0) {
            return shiftRight(a, n == Integer.MIN_VALUE ? Integer.MAX_VALUE : -n);
        }
        int len = a.length();
        if (n >= len) {
            return "0".repeat(len);
        }
        return a.substring(n) + "0".repeat(n);
    }

    /** {@code a >> n} ({@code a << -n} for negative n). */
    public static String shiftRight(String a, int n) {
        if (n < 0) {
            return shiftLeft(a, n == Integer.MIN_VALUE ? Integer.MAX_VALUE : -n);
        }
        int len = a.length();
        if (n >= len) {
            return "0".repeat(len);
        }
        return "0".repeat(n) + a.substring(0, len - n);
    }

    /** {@code get_bit(a, n)}: bit n, counting from 0 at the left; 2202E outside 0..length-1. */
    public static int getBit(String a, int n) {
        checkIndex(a, n);
        return a.charAt(n) == '1' ? 1 : 0;
    }

    /** {@code set_bit(a, n, v)}; 2202E outside 0..length-1, 22023 unless v is 0 or 1. */
    public static String setBit(String a, int n, int v) {
        checkIndex(a, n);
        if (v != 0 && v != 1) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "new bit must be 0 or 1");
        }
        return a.substring(0, n) + (v == 1 ? '1' : '0') + a.substring(n + 1);
    }

    private static void checkIndex(String a, int n) {
        if (n < 0 || n >= a.length()) {
            throw new TesseraException(SqlState.ARRAY_SUBSCRIPT_ERROR,
                    "bit index " + n + " out of valid range (0.." + (a.length() - 1) + ")");
        }
    }

    /** {@code octet_length(a)}: the bytes of the packed form, ceil(length / 8). */
    public static int octetLength(String a) {
        return (a.length() + 7) / 8;
    }
}
