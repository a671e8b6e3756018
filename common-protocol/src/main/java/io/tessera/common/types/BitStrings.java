package io.tessera.common.types;

/**
 * The packed form of PostgreSQL's bit strings ({@code bit(n)}, {@code bit varying(n)}; src/backend/utils/adt/varbit.c).
 *
 * <p>Inside the engine a bit string is a {@code String} of the characters {@code 0} and {@code 1}, its text output:
 * {@link String#compareTo} on such strings is PostgreSQL's {@code bit_cmp} (a memcmp of the zero-padded bytes over
 * the shorter length, then the shorter string first), so comparisons, sorting, grouping and the string functions
 * PostgreSQL also defines on bit strings (length, substring, position, overlay, ||) work on it as they are. Stored
 * and shipped it is packed as PostgreSQL's {@code varbit_send} packs it: the bit length, then ceil(length / 8)
 * bytes, the first bit the high bit of the first byte, the unused low bits of the last byte zero.
 */
public final class BitStrings {
    private BitStrings() {
    }

    /** The bytes of {@code bits} (a string of 0 and 1), ceil(length / 8) of them, padded with zero bits. */
    public static byte[] pack(String bits) {
        int n = bits.length();
        byte[] b = new byte[(n + 7) >>> 3];
        for (int i = 0; i < n; i++) {
            if (bits.charAt(i) == '1') {
                b[i >>> 3] |= (byte) (0x80 >>> (i & 7));
            }
        }
        return b;
    }

    /** The first {@code length} bits of {@code b[off..]} as a string of 0 and 1. */
    public static String unpack(byte[] b, int off, int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = (b[off + (i >>> 3)] & (0x80 >>> (i & 7))) != 0 ? '1' : '0';
        }
        return new String(c);
    }
}
