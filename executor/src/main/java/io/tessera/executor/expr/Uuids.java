package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.UUID;

/**
 * PostgreSQL's {@code uuid} input and output ({@code uuid_in}/{@code uuid_out} in src/backend/utils/adt/uuid.c).
 *
 * <p>Input is 32 hex digits in either case, optionally inside one pair of braces, with an optional hyphen after any
 * group of four digits ({@code a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}, {@code {A0EEBC99...}},
 * {@code a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11}, {@code a0eebc999c0b4ef8bb6d6bb9bd380a11}); no blanks are allowed.
 * Anything else is 22P02 {@code invalid input syntax for type uuid: "..."}. Output is the lowercase 8-4-4-4-12
 * form, which {@link UUID#toString} prints.
 */
public final class Uuids {
    private Uuids() {
    }

    /** Parses PostgreSQL's accepted text forms; 22P02 otherwise. */
    public static UUID parse(String s) {
        int p = 0;
        int n = s.length();
        boolean braces = n > 0 && s.charAt(0) == '{';
        if (braces) {
            p++;
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 16; i++) {
            if (p + 1 >= n) {
                throw invalid(s);
            }
            int a = hex(s.charAt(p));
            int b = hex(s.charAt(p + 1));
            if (a < 0 || b < 0) {
                throw invalid(s);
            }
            int v = a << 4 | b;
            if (i < 8) {
                hi = hi << 8 | v;
            } else {
                lo = lo << 8 | v;
            }
            p += 2;
            if (p < n && s.charAt(p) == '-' && (i % 2) == 1 && i < 15) {
                p++;
            }
        }
        if (braces) {
            if (p >= n || s.charAt(p) != '}') {
                throw invalid(s);
            }
            p++;
        }
        if (p != n) {
            throw invalid(s);
        }
        return new UUID(hi, lo);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The binary form (uuid_send): the 16 bytes in order. */
    public static byte[] toBytes(UUID u) {
        return java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array();
    }

    /** Reads the binary form; 22P03 unless exactly 16 bytes. */
    public static UUID fromBytes(byte[] b) {
        if (b.length != 16) {
            throw new TesseraException(SqlState.INVALID_BINARY_REPRESENTATION, "invalid uuid length");
        }
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b);
        return new UUID(buf.getLong(), buf.getLong());
    }

    /** A version 4 (random) uuid, as {@code gen_random_uuid()}. */
    public static UUID random() {
        return UUID.randomUUID();
    }

    private static TesseraException invalid(String s) {
        return new TesseraException(SqlState.INVALID_TEXT_REPRESENTATION,
                "invalid input syntax for type uuid: \"" + s + "\"");
    }
}
