package io.tessera.coordinator.sql.functions;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.executor.expr.Casts;
import io.tessera.executor.expr.Like;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.calcite.avatica.util.ByteString;

/**
 * PostgreSQL's string functions (its manual's "String Functions and Operators" and "Binary String Functions"
 * pages) where Calcite's library lacks them or differs: text arrives as {@code String}, bytea as Avatica's
 * {@link ByteString}, integers as any {@code Number}. Characters are code points, as PostgreSQL's in UTF-8.
 * Each returns null for a null argument (PostgreSQL's functions are strict) unless its Javadoc says otherwise.
 * {@link PgFunctionTable} declares them to the validator; {@link PgRexRewriter} swaps LIKE and OVERLAY for them.
 */
public final class StringRuntime {
    /** PostgreSQL's largest value ({@code MaxAllocSize} less the varlena header), in bytes. */
    private static final long MAX_VALUE_BYTES = 0x3FFF_FFFFL - 4;
    /** The longest UTF-8 character, which PostgreSQL multiplies lpad's length by before it allocates. */
    private static final int MAX_CHAR_BYTES = 4;

    private StringRuntime() {
    }

    /** {@code greatest(a, b)} of text in code point order; NULL only when both are. */
    public static String textGreatest(String a, String b) {
        return a == null ? b : b == null ? a : io.tessera.executor.expr.Values.compareStrings(a, b) >= 0 ? a : b;
    }

    /** {@code least(a, b)} of text in code point order; NULL only when both are. */
    public static String textLeast(String a, String b) {
        return a == null ? b : b == null ? a : io.tessera.executor.expr.Values.compareStrings(a, b) <= 0 ? a : b;
    }

    /** {@code s LIKE pattern ESCAPE escape}: {@link Like}; backslash is the default escape ({@link PgRexRewriter}). */
    public static Boolean like(String s, String pattern, String escape) {
        if (s == null || pattern == null || escape == null) {
            return null;
        }
        return Like.compile(pattern, Like.escapeChar(escape)).matches(s);
    }

    /** {@code s ILIKE pattern ESCAPE escape}: LIKE of both sides in lower case, as PostgreSQL's multibyte ILIKE. */
    public static Boolean ilike(String s, String pattern, String escape) {
        if (s == null || pattern == null || escape == null) {
            return null;
        }
        // lower() per character (TextCase, PostgreSQL's towlower under C.UTF-8): 'İ' is 'i', not Java's "i̇"
        return Like.compile(io.tessera.executor.expr.TextCase.lower(pattern), Like.escapeChar(escape))
                .matches(io.tessera.executor.expr.TextCase.lower(s));
    }

    /** {@code translate(s, from, to)}: each character of {@code from} becomes the one at its place in {@code to}, or
     *  is deleted when {@code to} is shorter. */
    public static String translate(String s, String from, String to) {
        if (s == null || from == null || to == null) {
            return null;
        }
        int[] f = from.codePoints().toArray();
        int[] t = to.codePoints().toArray();
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            int i = indexOf(f, c);
            if (i < 0) {
                out.appendCodePoint(c);
            } else if (i < t.length) {
                out.appendCodePoint(t[i]);
            }
        });
        return out.toString();
    }

    private static int indexOf(int[] chars, int c) {
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@code split_part(s, delimiter, n)}: the n-th field, counting from the end when n is negative; '' past the
     * last field; 22023 for n = 0. An empty delimiter makes the whole string the only field.
     */
    public static String splitPart(String s, String delimiter, Number field) {
        if (s == null || delimiter == null || field == null) {
            return null;
        }
        int n = field.intValue();
        if (n == 0) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "field position must not be zero");
        }
        if (s.isEmpty()) {
            return "";
        }
        if (delimiter.isEmpty()) {
            return n == 1 || n == -1 ? s : "";
        }
        String[] fields = s.split(Pattern.quote(delimiter), -1);
        int i = n > 0 ? n - 1 : fields.length + n;
        return i >= 0 && i < fields.length ? fields[i] : "";
    }

    /**
     * {@code chr(n)}: the character with code point n; 22023 for a negative n; 54000 for 0 (text cannot hold NUL),
     * past U+10FFFF and for a surrogate, with PostgreSQL's messages.
     */
    public static String chr(Number code) {
        if (code == null) {
            return null;
        }
        int c = code.intValue();
        if (c < 0) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "character number must be positive");
        }
        if (c == 0) {
            throw limit("null character not permitted");
        }
        if (c > Character.MAX_CODE_POINT) {
            throw limit("requested character too large for encoding: " + c);
        }
        if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
            throw limit("requested character not valid for encoding: " + c);
        }
        return new String(Character.toChars(c));
    }

    /** {@code repeat(s, n)}: '' for n &lt;= 0; 54000 when the result would pass PostgreSQL's 1 GB. */
    public static String repeat(String s, Number count) {
        if (s == null || count == null) {
            return null;
        }
        int n = Math.max(count.intValue(), 0);
        if ((long) utf8Length(s) * n > MAX_VALUE_BYTES) {
            throw limit("requested length too large");
        }
        return s.repeat(n);
    }

    /** {@code lpad(s, n)}: blank-padded on the left to n characters, or cut to n. */
    public static String lpad(String s, Number length) {
        return pad(s, length, " ", true);
    }

    /** {@code lpad(s, n, fill)}: padded on the left with repeats of fill; not padded when fill is empty. */
    public static String lpad(String s, Number length, String fill) {
        return pad(s, length, fill, true);
    }

    /** {@code rpad(s, n)}. */
    public static String rpad(String s, Number length) {
        return pad(s, length, " ", false);
    }

    /** {@code rpad(s, n, fill)}. */
    public static String rpad(String s, Number length, String fill) {
        return pad(s, length, fill, false);
    }

    private static String pad(String s, Number length, String fill, boolean left) {
        if (s == null || length == null || fill == null) {
            return null;
        }
        int n = Math.max(length.intValue(), 0);
        if ((long) n * MAX_CHAR_BYTES > MAX_VALUE_BYTES) {
            throw limit("requested length too large");
        }
        int len = s.codePointCount(0, s.length());
        if (len >= n) {
            return s.substring(0, s.offsetByCodePoints(0, n));
        }
        if (fill.isEmpty()) {
            return s;
        }
        int[] f = fill.codePoints().toArray();
        StringBuilder padding = new StringBuilder();
        for (int i = 0; i < n - len; i++) {
            padding.appendCodePoint(f[i % f.length]);
        }
        return left ? padding + s : s + padding;
    }

    /** {@code overlay(s placing r from start)}: replaces as many characters as r has. */
    public static String overlay(String s, String r, Number start) {
        if (s == null || r == null || start == null) {
            return null;
        }
        return overlay(s, r, start, r.codePointCount(0, r.length()));
    }

    /**
     * {@code overlay(s placing r from start for count)}: {@code substring(s, 1, start - 1) || r ||
     * substring(s, start + count)}, so 22011 for a start below 1 and a negative count re-reads characters.
     */
    public static String overlay(String s, String r, Number start, Number count) {
        if (s == null || r == null || start == null || count == null) {
            return null;
        }
        long from = start.longValue();
        long after = from + count.longValue();
        if (from - 1 < 0) {
            throw new TesseraException(SqlState.SUBSTRING_ERROR, "negative substring length not allowed");
        }
        return substring(s, 1, from - 1) + r + substring(s, after, Long.MAX_VALUE / 4);
    }

    /**
     * {@code substring(s from start for count)}, {@code substr(s, start, count)}: characters (code points, so a
     * character past U+FFFF is one) from {@code start}, counted from 1, clipped to s.
     *
     * @throws TesseraException 22011 for a negative count
     */
    public static String substring(String s, Number start, Number count) {
        if (s == null || start == null || count == null) {
            return null;
        }
        if (count.longValue() < 0) {
            throw new TesseraException(SqlState.SUBSTRING_ERROR, "negative substring length not allowed");
        }
        return substring(s, start.longValue(), Math.min(count.longValue(), Long.MAX_VALUE / 4));
    }

    /** {@code substring(s from start)}, {@code substr(s, start)}: the characters from {@code start} on. */
    public static String substring(String s, Number start) {
        if (s == null || start == null) {
            return null;
        }
        return substring(s, start.longValue(), Long.MAX_VALUE / 4);
    }

    /**
     * The method of this class that computes {@code c} in characters rather than Java's UTF-16 units, where Calcite's
     * own would count a character past U+FFFF as two ({@code length('😀')} was 2): {@code charLength} for
     * {@code length}/{@code char_length}/{@code character_length} of text, {@code position}/{@code strpos} of text,
     * {@code substring} for {@code substring(s from i [for n])}/{@code substr} of text with integer positions; null
     * for any other call
     * (bytea, bit strings, the regular-expression forms).
     */
    static String codePointMethod(org.apache.calcite.rex.RexCall c) {
        List<org.apache.calcite.rex.RexNode> operands = c.getOperands();
        if (operands.isEmpty() || !org.apache.calcite.sql.type.SqlTypeUtil.inCharFamily(operands.get(0).getType())
                || io.tessera.sql.parser.ddl.BitStringType.is(operands.get(0).getType())) {
            return null;
        }
        String name = c.getOperator().getName().toUpperCase(java.util.Locale.ROOT);
        if (operands.size() == 1 && (name.equals("LENGTH") || name.equals("CHAR_LENGTH")
                || name.equals("CHARACTER_LENGTH"))) {
            return "charLength";
        }
        if ((name.equals("POSITION") || name.equals("STRPOS")) && operands.size() == 2
                && org.apache.calcite.sql.type.SqlTypeUtil.inCharFamily(operands.get(1).getType())) {
            return name.equals("POSITION") ? "position" : "strpos";
        }
        if ((name.equals("SUBSTRING") || name.equals("SUBSTR")) && (operands.size() == 2 || operands.size() == 3)
                && operands.subList(1, operands.size()).stream().allMatch(o ->
                        org.apache.calcite.sql.type.SqlTypeUtil.isIntType(o.getType()))) {
            return "substring";
        }
        return null;
    }

    /** {@code position(sub in s)}: where {@code sub} first starts in {@code s}, in characters from 1; 0 if nowhere. */
    public static Integer position(String sub, String s) {
        if (sub == null || s == null) {
            return null;
        }
        int at = s.indexOf(sub);
        return at < 0 ? 0 : s.codePointCount(0, at) + 1;
    }

    /** {@code strpos(s, sub)}: {@link #position} with the arguments the other way round. */
    public static Integer strpos(String s, String sub) {
        return position(sub, s);
    }

    /** {@code length(s)}, {@code char_length(s)}: the number of characters (code points, as in UTF-8). */
    public static Integer charLength(String s) {
        return s == null ? null : s.codePointCount(0, s.length());
    }

    /** PostgreSQL's {@code text_substring}: characters [start, start + length) counted from 1, clipped to s. */
    private static String substring(String s, long start, long length) {
        int len = s.codePointCount(0, s.length());
        long from = Math.max(start, 1);
        long end = Math.min(start + length, len + 1L);
        if (end <= from) {
            return "";
        }
        return s.substring(s.offsetByCodePoints(0, (int) from - 1), s.offsetByCodePoints(0, (int) end - 1));
    }

    /** {@code ltrim(s, chars)}: drops the leading characters found in chars. */
    public static String ltrim(String s, String chars) {
        return trim(s, chars, true, false);
    }

    /** {@code rtrim(s, chars)}: drops the trailing characters found in chars. */
    public static String rtrim(String s, String chars) {
        return trim(s, chars, false, true);
    }

    /** {@code btrim(s, chars)}: drops the characters found in chars from both ends. */
    public static String btrim(String s, String chars) {
        return trim(s, chars, true, true);
    }

    /** {@code ltrim(s)}: drops leading blanks. */
    public static String ltrim(String s) {
        return trim(s, " ", true, false);
    }

    /** {@code rtrim(s)}: drops trailing blanks. */
    public static String rtrim(String s) {
        return trim(s, " ", false, true);
    }

    /** {@code btrim(s)}: drops blanks from both ends. */
    public static String btrim(String s) {
        return trim(s, " ", true, true);
    }

    private static String trim(String s, String chars, boolean leading, boolean trailing) {
        if (s == null || chars == null) {
            return null;
        }
        int[] set = chars.codePoints().toArray();
        int begin = 0;
        int end = s.length();
        while (leading && begin < end && indexOf(set, s.codePointAt(begin)) >= 0) {
            begin += Character.charCount(s.codePointAt(begin));
        }
        while (trailing && end > begin && indexOf(set, s.codePointBefore(end)) >= 0) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(begin, end);
    }

    /**
     * {@code upper(s)}: each character's upper case on its own, as PostgreSQL's {@code towupper} per character
     * ({@code upper('straße')} keeps its ß, where Java's {@code toUpperCase} makes it SS).
     */
    public static String upper(String s) {
        return io.tessera.executor.expr.TextCase.upper(s); // the datanodes' UPPER too
    }

    /** {@code lower(s)}: each character's lower case on its own. */
    public static String lower(String s) {
        return io.tessera.executor.expr.TextCase.lower(s); // the datanodes' LOWER too
    }

    /** {@code initcap(s)}: {@link io.tessera.executor.expr.TextCase#initcap}. */
    public static String initcap(String s) {
        return io.tessera.executor.expr.TextCase.initcap(s);
    }

    /** {@code reverse(s)}: the characters in reverse order. */
    public static String reverse(String s) {
        return s == null ? null : new StringBuilder(s).reverse().toString();
    }

    /** {@code to_hex(int4 | int8)}: lower-case hex of the two's complement (an int4 -1 is ffffffff). */
    public static String toHex(Number n) {
        if (n == null) {
            return null;
        }
        return n instanceof Long ? Long.toHexString(n.longValue()) : Integer.toHexString(n.intValue());
    }

    /** {@code quote_nullable(s)}: {@code NULL} for null (not strict), else {@code quote_literal(s)}. */
    public static String quoteNullable(String s) {
        if (s == null) {
            return "NULL";
        }
        boolean backslash = s.indexOf('\\') >= 0;
        String quoted = "'" + s.replace("'", "''").replace("\\", "\\\\") + "'";
        return backslash ? "E" + quoted : quoted;
    }

    /**
     * {@code get_byte(bytea, int)}: the byte at zero-based {@code n}, 0 to 255.
     *
     * @throws TesseraException 2202E {@code index n out of valid range, 0..len-1}
     */
    public static Integer getByte(ByteString b, Number n) {
        if (b == null || n == null) {
            return null;
        }
        return b.byteAt(byteIndex(b, n.longValue(), 1)) & 0xff;
    }

    /** {@code set_byte(bytea, int, int)}: a copy with the byte at {@code n} set to the new value's low 8 bits. */
    public static ByteString setByte(ByteString b, Number n, Number value) {
        if (b == null || n == null || value == null) {
            return null;
        }
        byte[] bytes = b.getBytes();
        bytes[byteIndex(b, n.longValue(), 1)] = (byte) value.intValue();
        return new ByteString(bytes);
    }

    /**
     * {@code get_bit(bytea, bigint)}: bit {@code n % 8} (0 the least significant) of byte {@code n / 8}.
     *
     * @throws TesseraException 2202E {@code index n out of valid range, 0..8*len-1}
     */
    public static Integer getBit(ByteString b, Number n) {
        if (b == null || n == null) {
            return null;
        }
        long bit = n.longValue();
        return (b.byteAt(byteIndex(b, bit, 8)) >> (int) (bit % 8)) & 1;
    }

    /**
     * {@code set_bit(bytea, bigint, int)}: a copy with that bit set to {@code value}.
     *
     * @throws TesseraException 2202E for an index out of range, 22023 {@code new bit must be 0 or 1}
     */
    public static ByteString setBit(ByteString b, Number n, Number value) {
        if (b == null || n == null || value == null) {
            return null;
        }
        long bit = n.longValue();
        int index = byteIndex(b, bit, 8);
        if (value.longValue() != 0 && value.longValue() != 1) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "new bit must be 0 or 1");
        }
        byte[] bytes = b.getBytes();
        int mask = 1 << (int) (bit % 8);
        bytes[index] = (byte) (value.longValue() == 0 ? bytes[index] & ~mask : bytes[index] | mask);
        return new ByteString(bytes);
    }

    /** The byte that holds unit {@code n} of {@code unit} per byte, checked as PostgreSQL's byteaGetByte/GetBit. */
    private static int byteIndex(ByteString b, long n, int unit) {
        long units = (long) b.length() * unit;
        if (n < 0 || n >= units) {
            throw new TesseraException(SqlState.ARRAY_SUBSCRIPT_ERROR,
                    "index " + n + " out of valid range, 0.." + (units - 1));
        }
        return (int) (n / unit);
    }

    /** {@code sha224(bytea)}: the digest as bytea. */
    public static ByteString sha224(ByteString b) {
        return digest("SHA-224", b);
    }

    /** {@code sha256(bytea)}. */
    public static ByteString sha256(ByteString b) {
        return digest("SHA-256", b);
    }

    /** {@code sha384(bytea)}. */
    public static ByteString sha384(ByteString b) {
        return digest("SHA-384", b);
    }

    /** {@code sha512(bytea)}. */
    public static ByteString sha512(ByteString b) {
        return digest("SHA-512", b);
    }

    private static ByteString digest(String algorithm, ByteString b) {
        if (b == null) {
            return null;
        }
        try {
            return new ByteString(MessageDigest.getInstance(algorithm).digest(b.getBytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    /**
     * {@code encode(bytea, format)} for PostgreSQL's {@code hex}, {@code base64} (a newline after every 76
     * characters) and {@code escape} (NUL, bytes from 0x80 and backslash escaped) formats; 22023 for another.
     */
    public static String encode(ByteString b, String format) {
        if (b == null || format == null) {
            return null;
        }
        byte[] bytes = b.getBytes();
        switch (format.toLowerCase(Locale.ROOT)) {
            case "hex":
                return b.toString(16);
            case "base64":
                return java.util.Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(bytes);
            case "escape":
                StringBuilder out = new StringBuilder(bytes.length);
                for (byte x : bytes) {
                    if (x == 0 || x < 0) {
                        out.append('\\').append(String.format("%03o", x & 0xFF));
                    } else if (x == '\\') {
                        out.append("\\\\");
                    } else {
                        out.append((char) x);
                    }
                }
                return out.toString();
            default:
                throw unknownEncoding(format);
        }
    }

    /** {@code decode(text, format)}: the inverse of {@link #encode}; 22023 (hex, base64) or 22P02 for bad data. */
    public static ByteString decode(String s, String format) {
        if (s == null || format == null) {
            return null;
        }
        switch (format.toLowerCase(Locale.ROOT)) {
            case "hex":
                return new ByteString(Casts.parseBytea("\\x" + s));
            case "base64":
                try {
                    return new ByteString(java.util.Base64.getMimeDecoder().decode(s));
                } catch (IllegalArgumentException e) {
                    throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "invalid base64 end sequence");
                }
            case "escape":
                if (s.startsWith("\\x")) {
                    throw new TesseraException(SqlState.INVALID_TEXT_REPRESENTATION,
                            "invalid input syntax for type bytea");
                }
                return new ByteString(Casts.parseBytea(s));
            default:
                throw unknownEncoding(format);
        }
    }

    private static TesseraException unknownEncoding(String format) {
        return new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "unrecognized encoding: \"" + format + "\"");
    }

    /** {@code convert_to(text, encoding)}: the text's bytes in UTF8, LATIN1 or SQL_ASCII; 22023 for another name. */
    public static ByteString convertTo(String s, String encoding) {
        if (s == null || encoding == null) {
            return null;
        }
        return new ByteString(s.getBytes(charset(encoding, "destination")));
    }

    /** {@code convert_from(bytea, encoding)}: the bytes read as text in that encoding. */
    public static String convertFrom(ByteString b, String encoding) {
        if (b == null || encoding == null) {
            return null;
        }
        return new String(b.getBytes(), charset(encoding, "source"));
    }

    private static Charset charset(String name, String role) {
        switch (name.toUpperCase(Locale.ROOT).replace("-", "").replace("_", "")) {
            case "UTF8", "UNICODE":
                return StandardCharsets.UTF_8;
            case "LATIN1", "ISO88591":
                return StandardCharsets.ISO_8859_1;
            case "SQLASCII":
                return StandardCharsets.US_ASCII;
            default:
                throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                        "invalid " + role + " encoding name \"" + name + "\"");
        }
    }

    /**
     * {@code regexp_match(s, pattern)}: the capture groups of the first match (the whole match when the pattern has
     * none) as text[], null when nothing matches. The pattern runs as a Java regular expression, which agrees with
     * PostgreSQL's for the common syntax.
     */
    public static List<String> regexpMatch(String s, String pattern) {
        return regexpMatch(s, pattern, "");
    }

    /** {@code regexp_match(s, pattern, flags)}: flags {@code i}, {@code c}, {@code n}, {@code s}, {@code x}. */
    public static List<String> regexpMatch(String s, String pattern, String flags) {
        if (s == null || pattern == null || flags == null) {
            return null;
        }
        if (flags.indexOf('g') >= 0) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                    "regexp_match() does not support the \"global\" option", null,
                    "Use the regexp_matches function instead.", 0, null);
        }
        Matcher m = regex(pattern, flags).matcher(s);
        return m.find() ? groups(m) : null;
    }

    /**
     * {@code regexp_matches(s, pattern, flags)}'s rows: the groups of the first match, or with flag {@code g} of
     * every match (after an empty match the search goes on one character further, as PostgreSQL's).
     */
    static List<List<String>> regexpMatches(String s, String pattern, String flags) {
        boolean global = flags.indexOf('g') >= 0;
        Matcher m = regex(pattern, flags.replace("g", "")).matcher(s);
        List<List<String>> rows = new ArrayList<>();
        int search = 0;
        while (search <= s.length() && m.find(search)) {
            rows.add(groups(m));
            if (!global) {
                break;
            }
            search = m.end();
            if (m.start() == m.end()) {
                search = search < s.length() ? s.offsetByCodePoints(search, 1) : search + 1;
            }
        }
        return rows;
    }

    private static List<String> groups(Matcher m) {
        List<String> groups = new ArrayList<>();
        if (m.groupCount() == 0) {
            groups.add(m.group());
        }
        for (int i = 1; i <= m.groupCount(); i++) {
            groups.add(m.group(i));
        }
        return groups;
    }

    /** {@code string_to_array(s, delimiter)}: as {@link #stringToArray(String, String, String)}, no null string. */
    public static List<String> stringToArray(String s, String delimiter) {
        return stringToArray(s, delimiter, null);
    }

    /**
     * {@code string_to_array(s, delimiter, null_string)}, PostgreSQL's {@code text_to_array_internal}: NULL for a
     * NULL {@code s}, {} for an empty one; the pieces between occurrences of {@code delimiter} (plain text), each
     * character for a NULL delimiter, the whole string for an empty one; a piece equal to {@code nullString} is NULL.
     */
    public static List<String> stringToArray(String s, String delimiter, String nullString) {
        if (s == null) {
            return null;
        }
        List<String> pieces = new ArrayList<>();
        if (s.isEmpty()) {
            return pieces;
        }
        if (delimiter == null) {
            s.codePoints().forEach(c -> pieces.add(Character.toString(c)));
        } else if (delimiter.isEmpty()) {
            pieces.add(s);
        } else {
            int start = 0;
            for (int at = s.indexOf(delimiter); at >= 0; at = s.indexOf(delimiter, start)) {
                pieces.add(s.substring(start, at));
                start = at + delimiter.length();
            }
            pieces.add(s.substring(start));
        }
        if (nullString != null) {
            pieces.replaceAll(p -> p.equals(nullString) ? null : p);
        }
        return pieces;
    }

    /** {@code regexp_split_to_array(s, pattern)}: the pieces between matches; an empty match splits characters. */
    public static List<String> regexpSplitToArray(String s, String pattern) {
        return regexpSplitToArray(s, pattern, "");
    }

    /** {@code regexp_split_to_array(s, pattern, flags)}. */
    public static List<String> regexpSplitToArray(String s, String pattern, String flags) {
        if (s == null || pattern == null || flags == null) {
            return null;
        }
        return split(s, pattern, flags, "regexp_split_to_array");
    }

    /** The pieces of {@code s} between the matches of {@code pattern}; {@code function} names it in errors. */
    static List<String> split(String s, String pattern, String flags, String function) {
        if (flags.indexOf('g') >= 0) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                    function + "() does not support the \"global\" option");
        }
        Matcher m = regex(pattern, flags).matcher(s);
        List<String> pieces = new ArrayList<>();
        // PostgreSQL's setup_regexp_matches: a match counts unless it starts at the end of the string or ends where
        // the last counted one ended (so an empty pattern splits between characters)
        int prevEnd = 0;
        int search = 0;
        while (search <= s.length() && m.find(search)) {
            if (m.start() < s.length() && m.end() > prevEnd) {
                pieces.add(s.substring(prevEnd, m.start()));
                prevEnd = m.end();
            }
            search = m.end();
            if (m.start() == m.end()) {
                search = search < s.length() ? s.offsetByCodePoints(search, 1) : search + 1;
            }
        }
        pieces.add(s.substring(prevEnd));
        return pieces;
    }

    /**
     * One field of a record's text form ({@code record_out}): empty for NULL; double-quoted, with quotes and
     * backslashes doubled, when empty or holding a quote, backslash, parenthesis, comma or white space.
     */
    public static String recordField(String s) {
        if (s == null) {
            return "";
        }
        boolean quote = s.isEmpty();
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == '"' || c == '\\' || c == '(' || c == ')' || c == ',' || Character.isWhitespace(c);
        }
        return quote ? '"' + s.replace("\\", "\\\\").replace("\"", "\"\"") + '"' : s;
    }

    /** A record's text, unchanged: the marker of a record result column ({@code RecordOutput}). */
    public static String recordOut(String s) {
        return s;
    }

    /**
     * {@code substring(s from pattern)} ({@code textregexsubstr}): the part of s that the first parenthesized
     * subexpression matched, or the whole match when the pattern has none; NULL when nothing matches (or the
     * subexpression took no part in the match).
     *
     * @throws TesseraException 2201B for an invalid regular expression
     */
    public static String substringRegex(String s, String pattern) {
        if (s == null || pattern == null) {
            return null;
        }
        Matcher m = regex(pattern, "").matcher(s);
        if (!m.find()) {
            return null;
        }
        return m.groupCount() > 0 ? m.group(1) : m.group();
    }

    /**
     * {@code substring(s from pattern for escape)}: the SQL regular expression form (SQL:2003's, PostgreSQL's
     * {@code similar_escape}). The pattern must match all of s; {@code escape"} separators split it in up to three
     * parts, and the result is what the middle part matched (the first matched as little as it can), or all of s
     * without separators. {@code %} is any string, {@code _} any character, {@code | * + ? {m,n} ( ) [...]} as in
     * SIMILAR TO. NULL when s does not match.
     *
     * @throws TesseraException 22025 for an escape of more than one character; 2201B for more than two separators
     */
    public static String substringSimilar(String s, String pattern, String escape) {
        if (s == null || pattern == null || escape == null) {
            return null;
        }
        if (escape.length() > 1) {
            throw new TesseraException(SqlState.INVALID_ESCAPE_SEQUENCE, "invalid escape string", null,
                    "Escape string must be empty or one character.", 0, null);
        }
        StringBuilder regex = new StringBuilder("^(?:");
        int separators = 0;
        boolean inBracket = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (!escape.isEmpty() && c == escape.charAt(0) && i + 1 < pattern.length()) {
                char next = pattern.charAt(++i);
                if (next == '"' && !inBracket) {
                    if (++separators > 2) {
                        throw new TesseraException(SqlState.INVALID_USE_OF_ESCAPE_CHARACTER,
                                "SQL regular expression may not contain more than two escape-double-quote separators");
                    }
                    regex.append(separators == 1 ? ")(" : ")(?:");
                } else {
                    regex.append(Pattern.quote(String.valueOf(next)));
                }
            } else if (inBracket) {
                regex.append(c == '\\' ? "\\\\" : String.valueOf(c));
                inBracket = c != ']';
            } else if (c == '%') {
                regex.append(separators == 0 ? ".*?" : ".*");
            } else if (c == '_') {
                regex.append('.');
            } else if (c == '[') {
                regex.append(c);
                inBracket = true;
            } else if ("|*+?{}(),0123456789".indexOf(c) >= 0) {
                regex.append(c);
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        regex.append(")$");
        Matcher m = regex(regex.toString(), "").matcher(s);
        if (!m.matches()) {
            return null;
        }
        return separators == 0 ? s : m.group(1);
    }

    private static Pattern regex(String pattern, String flags) {
        int f = 0;
        for (char c : flags.toCharArray()) {
            switch (c) {
                case 'i' -> f |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                case 'c' -> f &= ~(Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
                case 'n', 'm' -> f |= Pattern.MULTILINE;
                case 's' -> f &= ~Pattern.MULTILINE;
                case 'x' -> f |= Pattern.COMMENTS;
                default -> throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                        "invalid regular expression option: \"" + c + "\"");
            }
        }
        try {
            // PostgreSQL's '.' matches a newline unless the n flag is given
            return Pattern.compile(pattern, f | ((f & Pattern.MULTILINE) == 0 ? Pattern.DOTALL : 0));
        } catch (PatternSyntaxException e) {
            throw new TesseraException(SqlState.INVALID_REGULAR_EXPRESSION,
                    "invalid regular expression: " + e.getDescription());
        }
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static TesseraException limit(String message) {
        return new TesseraException(SqlState.PROGRAM_LIMIT_EXCEEDED, message);
    }
}
