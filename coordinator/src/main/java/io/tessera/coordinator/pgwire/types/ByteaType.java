package io.tessera.coordinator.pgwire.types;

import io.tessera.common.types.PgType;

/**
 * {@code bytea}: Java byte[]. Text output is the hex format ({@code \x0a0b}, {@code bytea_output = hex});
 * input accepts hex (whitespace allowed between digit pairs) and the escape format ({@code \\}, {@code \ooo});
 * binary is the raw bytes.
 */
public final class ByteaType extends PgWireType {
    public static final ByteaType INSTANCE = new ByteaType();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ByteaType() {
    }

    @Override
    public int oid() {
        return PgType.BYTEA.oid();
    }

    @Override
    public String typeName() {
        return "bytea";
    }

    @Override
    public int typlen() {
        return -1;
    }

    @Override
    public String encodeText(Object value) {
        byte[] b = (byte[]) value;
        char[] out = new char[2 + 2 * b.length];
        out[0] = '\\';
        out[1] = 'x';
        for (int i = 0; i < b.length; i++) {
            out[2 + 2 * i] = HEX[(b[i] >> 4) & 0xF];
            out[3 + 2 * i] = HEX[b[i] & 0xF];
        }
        return new String(out);
    }

    @Override
    public Object decodeText(String text) {
        if (text.startsWith("\\x") || text.startsWith("\\X")) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length() / 2);
            int i = 2;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                int hi = Character.digit(c, 16);
                int lo = i + 1 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw invalidText(text);
                }
                out.write((hi << 4) | lo);
                i += 2;
            }
            return out.toByteArray();
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c != '\\') {
                // non-ASCII characters contribute their UTF-8 bytes, as the server's encoding would
                int cp = text.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp);
            } else if (i + 1 < text.length() && text.charAt(i + 1) == '\\') {
                out.write('\\');
                i += 2;
            } else if (isOctal(text, i + 1) && text.charAt(i + 1) <= '3') {
                out.write(((text.charAt(i + 1) - '0') << 6) | ((text.charAt(i + 2) - '0') << 3) | (text.charAt(i + 3) - '0'));
                i += 4;
            } else {
                throw invalidText(text);
            }
        }
        return out.toByteArray();
    }

    private static boolean isOctal(String s, int from) {
        for (int i = from; i < from + 3; i++) {
            if (i >= s.length() || s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    @Override
    public byte[] encodeBinary(Object value) {
        return (byte[]) value;
    }

    @Override
    public Object decodeBinary(byte[] bytes) {
        return bytes;
    }
}
