package io.tessera.common.codec;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Memcomparable key encodings and the datanode's storage key layout (DESIGN.md "Storage").
 *
 * <p>Every key of a datanode's RocksDB is
 * <pre>
 *   [table_id u32][shard u32][index_id u32][key][~commit_ts u64]   a committed version (value: row or tombstone)
 *   [table_id u32][shard u32][index_id u32][key]                   the intent of an uncommitted write
 * </pre>
 * all big-endian, compared bytewise (RocksDB's default comparator), and after every shard of the table
 * <pre>
 *   [table_id u32][0xFFFFFFFF][index_id u32][values][shard u32][row key]   a secondary-index entry
 * </pre>
 * ({@link #INDEX_ENTRIES} in the shard's place; no shard has that number). So a table is one contiguous range, a
 * shard's rows are one contiguous range inside it (export, ingest and {@code deleteRange} work per shard), each
 * secondary index is one contiguous range after them, ordered by its values across every shard of the datanode (a
 * lookup is one seek, not one per shard; the shard after the values says where the entry's row is), an intent sorts
 * immediately before every committed version of its key, and because the timestamp is stored complemented the
 * versions of one key sort newest first: a reader seeks to {@code key ‖ ~snapshot_ts} and the first version it
 * meets is the one it sees. Commit timestamps are non-negative, so {@code ~ts} compared unsigned is decreasing in
 * {@code ts}.
 *
 * <p>The {@code key} part must be prefix-free (no key's encoding is a proper prefix of another's) so that a
 * version's timestamp can never be mistaken for key bytes. A table with a primary key uses the concatenated
 * {@link #writeValue} encodings of its key columns (a concatenation of prefix-free codes is prefix-free; a reader
 * finds its end with {@link #skipValue}); tables without one use a hidden row id of fixed length
 * {@link #ROW_ID_LENGTH}: the writing datanode's node id (4 bytes) ‖ a per-datanode counter (8 bytes), unique across the cluster so rows never collide when shards move between nodes.
 *
 * <p>The {@code write*} methods append memcomparable encodings: for two values {@code a < b} of one type (SQL
 * order, "C" collation for strings), {@code enc(a) < enc(b)} bytewise, and every encoding is prefix-free:
 * <ul>
 *   <li>integers (and date, timestamp): big-endian with the sign bit flipped; date is days since 1970-01-01,
 *       timestamp and timestamptz are microseconds since 1970-01-01 00:00 (UTC for timestamptz), the engine's
 *       value as it is;</li>
 *   <li>float4/float8: IEEE bits, all bits flipped for negatives, the sign bit flipped otherwise; -0 is stored as
 *       +0 and NaN as the canonical NaN, which sorts above +Infinity as in PostgreSQL;</li>
 *   <li>strings and bytea: bytes with 0x00 escaped as 0x00 0xFF, terminated by 0x00 0x01 (UTF-8 byte order is code
 *       point order);</li>
 *   <li>numeric: a sign class byte, then for non-zero values the decimal exponent and the significant digits
 *       (trailing zeros removed, so 1.0 and 1.00 encode equally), complemented for negatives;</li>
 *   <li>bool: one byte, 0 or 1.</li>
 * </ul>
 * NULL-able key columns are preceded by {@link #writeNullMarker} ({@code 0x00} NULL, sorts first; {@code 0x01}
 * present). The approach is that of CockroachDB's {@code encoding} package and MyRocks' memcomparable format.
 */
public final class KeyCodec {
    /** Bytes of {@code [table_id]}. */
    public static final int TABLE_PREFIX_LENGTH = 4;
    /** Bytes of {@code [table_id][shard]}. */
    public static final int SHARD_PREFIX_LENGTH = 8;
    /** Bytes of {@code [table_id][shard][index_id]}. */
    public static final int INDEX_PREFIX_LENGTH = 12;
    /** Bytes of a hidden row id: node id (4) ‖ counter (8). */
    public static final int ROW_ID_LENGTH = 12;
    /** Bytes of the complemented commit timestamp that ends a version key. */
    public static final int TIMESTAMP_LENGTH = 8;
    /** The primary index (the table's rows). */
    public static final int PRIMARY_INDEX = 0;
    /**
     * The shard field of secondary-index entries, 0xFFFFFFFF: shards are numbered from 0 below the shard count, so
     * no shard has it, and it sorts after every shard, so a table's index entries follow all its rows.
     */
    public static final int INDEX_ENTRIES = -1;

    private KeyCodec() {
    }

    // ---- layout -------------------------------------------------------------------------------------------

    /** {@code [table_id]}: every key of the table starts with it. */
    public static byte[] tablePrefix(int tableId) {
        byte[] b = new byte[TABLE_PREFIX_LENGTH];
        ByteSink.putInt(b, 0, tableId);
        return b;
    }

    /** The exclusive upper bound of the table's keys (null when the table id is 0xFFFFFFFF: no bound needed). */
    public static byte[] tableUpperBound(int tableId) {
        return prefixUpperBound(tablePrefix(tableId));
    }

    /** {@code [table_id][shard]}: every key of one shard of the table starts with it. */
    public static byte[] shardPrefix(int tableId, int shard) {
        byte[] b = new byte[SHARD_PREFIX_LENGTH];
        ByteSink.putInt(b, 0, tableId);
        ByteSink.putInt(b, 4, shard);
        return b;
    }

    /** The exclusive upper bound of a shard's keys (null only for table and shard 0xFFFFFFFF). */
    public static byte[] shardUpperBound(int tableId, int shard) {
        return prefixUpperBound(shardPrefix(tableId, shard));
    }

    /** {@code [table_id][shard][index_id]}. */
    public static byte[] indexPrefix(int tableId, int shard, int indexId) {
        byte[] b = new byte[INDEX_PREFIX_LENGTH];
        ByteSink.putInt(b, 0, tableId);
        ByteSink.putInt(b, 4, shard);
        ByteSink.putInt(b, 8, indexId);
        return b;
    }

    /** The exclusive upper bound of one index of one shard. */
    public static byte[] indexUpperBound(int tableId, int shard, int indexId) {
        return prefixUpperBound(indexPrefix(tableId, shard, indexId));
    }

    /** {@code [table_id][0xFFFFFFFF][index_id]}: every entry of one secondary index of the table starts with it. */
    public static byte[] indexEntriesPrefix(int tableId, int indexId) {
        return indexPrefix(tableId, INDEX_ENTRIES, indexId);
    }

    /** The exclusive upper bound of one secondary index's entries (null only for index id 0xFFFFFFFF of table 0xFFFFFFFF). */
    public static byte[] indexEntriesUpperBound(int tableId, int indexId) {
        return prefixUpperBound(indexEntriesPrefix(tableId, indexId));
    }

    /**
     * The smallest byte string greater than every string starting with {@code prefix}: the prefix with trailing
     * 0xFF bytes removed and its last byte incremented; null when the prefix is all 0xFF (no upper bound).
     */
    public static byte[] prefixUpperBound(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] b = new byte[i + 1];
                System.arraycopy(prefix, 0, b, 0, i + 1);
                b[i]++;
                return b;
            }
        }
        return null;
    }

    /** A hidden row id: node id ‖ counter (12 bytes). */
    public static byte[] rowId(int nodeId, long counter) {
        byte[] b = new byte[ROW_ID_LENGTH];
        ByteSink.putInt(b, 0, nodeId);
        ByteSink.putLong(b, 4, counter);
        return b;
    }

    /** Appends {@code [table_id][shard][index_id]}. */
    public static void writeIndexPrefix(ByteSink sink, int tableId, int shard, int indexId) {
        sink.writeInt(tableId);
        sink.writeInt(shard);
        sink.writeInt(indexId);
    }

    /** Appends a hidden row id. */
    public static void writeRowId(ByteSink sink, int nodeId, long counter) {
        sink.writeInt(nodeId);
        sink.writeLong(counter);
    }

    /** Appends the complemented commit timestamp that ends a version key. */
    public static void writeCommitTs(ByteSink sink, long commitTs) {
        assert commitTs >= 0 : "commitTs=" + commitTs;
        sink.writeLong(~commitTs);
    }

    /** The key of a committed version: {@code [table][shard][index][key][~commit_ts]}. */
    public static byte[] versionKey(int tableId, int shard, int indexId, byte[] key, long commitTs) {
        ByteSink s = new ByteSink(INDEX_PREFIX_LENGTH + key.length + TIMESTAMP_LENGTH);
        writeIndexPrefix(s, tableId, shard, indexId);
        s.write(key);
        writeCommitTs(s, commitTs);
        return s.toByteArray();
    }

    /** The key of an intent: the version key without its timestamp, sorting before all versions of the key. */
    public static byte[] intentKey(int tableId, int shard, int indexId, byte[] key) {
        ByteSink s = new ByteSink(INDEX_PREFIX_LENGTH + key.length);
        writeIndexPrefix(s, tableId, shard, indexId);
        s.write(key);
        return s.toByteArray();
    }

    /** The commit timestamp of a version key of {@code length} bytes (its last 8 bytes, complemented). */
    public static long commitTsOf(byte[] versionKey, int length) {
        return ~ByteSink.getLong(versionKey, length - TIMESTAMP_LENGTH);
    }

    /** The table id of a storage key. */
    public static int tableIdOf(byte[] key) {
        return ByteSink.getInt(key, 0);
    }

    /**
     * The shard of a row's storage key; {@link #INDEX_ENTRIES} for a secondary-index entry, whose row's shard follows
     * its values.
     */
    public static int shardOf(byte[] key) {
        return ByteSink.getInt(key, 4);
    }

    // ---- memcomparable values -------------------------------------------------------------------------------

    /** NULL marker before a nullable key column: 0x00 for NULL (sorts first), 0x01 when a value follows. */
    public static void writeNullMarker(ByteSink sink, boolean isNull) {
        sink.writeByte(isNull ? 0 : 1);
    }

    public static void writeBool(ByteSink sink, boolean v) {
        sink.writeByte(v ? 1 : 0);
    }

    public static void writeShort(ByteSink sink, short v) {
        sink.writeShort(v ^ 0x8000);
    }

    public static void writeInt(ByteSink sink, int v) {
        sink.writeInt(v ^ Integer.MIN_VALUE);
    }

    public static void writeLong(ByteSink sink, long v) {
        sink.writeLong(v ^ Long.MIN_VALUE);
    }

    public static short readShort(byte[] b, int at) {
        return (short) (((b[at] & 0xff) << 8 | (b[at + 1] & 0xff)) ^ 0x8000);
    }

    public static int readInt(byte[] b, int at) {
        return ByteSink.getInt(b, at) ^ Integer.MIN_VALUE;
    }

    public static long readLong(byte[] b, int at) {
        return ByteSink.getLong(b, at) ^ Long.MIN_VALUE;
    }

    public static void writeDouble(ByteSink sink, double v) {
        if (v == 0.0) {
            v = 0.0; // -0.0 == 0.0 in SQL
        }
        long bits = Double.doubleToLongBits(v); // canonical NaN
        bits = bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
        sink.writeLong(bits);
    }

    public static double readDouble(byte[] b, int at) {
        long bits = ByteSink.getLong(b, at);
        bits = bits < 0 ? bits ^ Long.MIN_VALUE : ~bits;
        return Double.longBitsToDouble(bits);
    }

    public static void writeFloat(ByteSink sink, float v) {
        if (v == 0.0f) {
            v = 0.0f;
        }
        int bits = Float.floatToIntBits(v);
        bits = bits < 0 ? ~bits : bits ^ Integer.MIN_VALUE;
        sink.writeInt(bits);
    }

    /** Escaped and terminated bytes: 0x00 → 0x00 0xFF, then 0x00 0x01. */
    public static void writeBytes(ByteSink sink, byte[] v) {
        sink.ensure(v.length + 2);
        for (byte b : v) {
            if (b == 0) {
                sink.writeByte(0);
                sink.writeByte(0xFF);
            } else {
                sink.writeByte(b);
            }
        }
        sink.writeByte(0);
        sink.writeByte(1);
    }

    /** A string as UTF-8 through {@link #writeBytes}: code point order ("C" collation). */
    public static void writeString(ByteSink sink, String v) {
        writeBytes(sink, v.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads an escaped, terminated byte string starting at {@code at}; {@code end[0]} receives the offset after its
     * terminator.
     */
    public static byte[] readBytes(byte[] b, int at, int[] end) {
        ByteSink out = new ByteSink(16);
        int p = at;
        while (true) {
            if (p >= b.length) {
                throw new TesseraException(SqlState.DATA_CORRUPTED, "unterminated key string");
            }
            byte c = b[p];
            if (c == 0) {
                if (p + 1 >= b.length) {
                    throw new TesseraException(SqlState.DATA_CORRUPTED, "unterminated key string");
                }
                byte next = b[p + 1];
                if (next == 1) {
                    p += 2;
                    break;
                }
                out.writeByte(0);
                p += 2;
            } else {
                out.writeByte(c);
                p++;
            }
        }
        end[0] = p;
        return out.toByteArray();
    }

    /** Reads a string written by {@link #writeString}. */
    public static String readString(byte[] b, int at, int[] end) {
        return new String(readBytes(b, at, end), StandardCharsets.UTF_8);
    }

    /**
     * A numeric in order-preserving form: class byte 0x01 (negative), 0x02 (zero) or 0x03 (positive); for non-zero
     * values the value is {@code 0.d1d2...dn × 10^e} with {@code d1 ≠ 0}, written as {@code e} (sign-flipped int32)
     * then the digits as bytes {@code d+1} and a terminator 0x00 — all complemented for negatives, so a larger
     * magnitude sorts lower there.
     */
    public static void writeNumeric(ByteSink sink, BigDecimal v) {
        int sign = v.signum();
        if (sign == 0) {
            sink.writeByte(2);
            return;
        }
        BigDecimal abs = v.abs().stripTrailingZeros();
        String digits = abs.unscaledValue().toString();
        int exponent = digits.length() - abs.scale(); // value = 0.digits × 10^exponent
        int flip = sign < 0 ? 0xFF : 0;
        sink.writeByte(sign < 0 ? 1 : 3);
        int e = exponent ^ Integer.MIN_VALUE;
        sink.writeInt(sign < 0 ? ~e : e);
        sink.ensure(digits.length() + 1);
        for (int i = 0; i < digits.length(); i++) {
            sink.writeByte(((digits.charAt(i) - '0') + 1) ^ flip);
        }
        sink.writeByte(flip);
    }

    /**
     * Appends the memcomparable encoding of a non-null value of {@code type} (its {@link PgType} Java form). bpchar
     * is encoded without trailing spaces, as PostgreSQL compares it.
     */
    public static void writeValue(ByteSink sink, Object value, PgType type) {
        switch (type) {
            case BOOL: writeBool(sink, (Boolean) value); break;
            case INT2: writeShort(sink, ((Number) value).shortValue()); break;
            case INT4: case DATE: case OID: writeInt(sink, ((Number) value).intValue()); break;
            case INT8: writeLong(sink, ((Number) value).longValue()); break;
            case TIMESTAMP: case TIMESTAMPTZ:
                writeLong(sink, ((Number) value).longValue()); // microseconds
                break;
            case FLOAT4: writeFloat(sink, ((Number) value).floatValue()); break;
            case FLOAT8: writeDouble(sink, ((Number) value).doubleValue()); break;
            case NUMERIC: writeNumeric(sink, (BigDecimal) value); break;
            case BPCHAR: writeString(sink, stripTrailingSpaces((String) value)); break;
            case TEXT: case VARCHAR: case NAME: case JSON: case JSONB: writeString(sink, (String) value); break;
            case BYTEA: writeBytes(sink, (byte[]) value); break;
            case TIME: writeLong(sink, io.tessera.common.types.PgTime.toMicros(value)); break; // microseconds
            case UUID: { // the 16 bytes as they are: memcmp order is PostgreSQL's uuid order
                java.util.UUID u = (java.util.UUID) value;
                sink.writeLong(u.getMostSignificantBits());
                sink.writeLong(u.getLeastSignificantBits());
                break;
            }
            case INTERVAL: { // the span as interval_cmp sees it (30-day months, 24-hour days): equal spans, equal keys
                io.tessera.common.types.PgInterval iv = (io.tessera.common.types.PgInterval) value;
                writeLong(sink, iv.spanDays());
                writeLong(sink, iv.spanMicros());
                break;
            }
            case BIT: case VARBIT: { // packed bytes, then the bit length: memcmp order is PostgreSQL's bit_cmp
                String bits = (String) value;
                writeBytes(sink, io.tessera.common.types.BitStrings.pack(bits));
                writeInt(sink, bits.length());
                break;
            }
            default: throw new IllegalArgumentException("no key encoding for " + type);
        }
    }

    /**
     * The offset just past the encoding of a non-null value of {@code type} written by {@link #writeValue} that
     * starts at {@code at} in {@code b[0, end)}: how a reader finds where one key column (and so a composite key)
     * ends without decoding it.
     *
     * @throws TesseraException DATA_CORRUPTED when the encoding runs past {@code end}
     */
    public static int skipValue(byte[] b, int at, int end, PgType type) {
        int p;
        switch (type) {
            case BOOL: p = at + 1; break;
            case INT2: p = at + 2; break;
            case INT4: case DATE: case OID: case FLOAT4: p = at + 4; break;
            case INT8: case TIMESTAMP: case TIMESTAMPTZ: case FLOAT8: p = at + 8; break;
            case UUID: case INTERVAL: p = at + 16; break;
            case TIME: p = at + 8; break;
            case NUMERIC: {
                if (at >= end) {
                    throw truncatedKey();
                }
                int cls = b[at] & 0xFF;
                if (cls == 2) {
                    p = at + 1;
                    break;
                }
                int terminator = cls == 1 ? 0xFF : 0;
                p = at + 1 + 4;
                while (true) {
                    if (p >= end) {
                        throw truncatedKey();
                    }
                    if ((b[p++] & 0xFF) == terminator) {
                        break;
                    }
                }
                break;
            }
            case BPCHAR: case TEXT: case VARCHAR: case NAME: case JSON: case JSONB: case BYTEA: case BIT:
            case VARBIT: {
                p = at;
                while (true) {
                    if (p + 1 >= end) {
                        throw truncatedKey();
                    }
                    if (b[p] == 0) {
                        if (b[p + 1] == 1) {
                            p += 2;
                            break;
                        }
                        p += 2; // escaped 0x00
                    } else {
                        p++;
                    }
                }
                if (type == PgType.BIT || type == PgType.VARBIT) {
                    p += 4; // the bit length
                }
                break;
            }
            default: throw new IllegalArgumentException("no key encoding for " + type);
        }
        if (p > end) {
            throw truncatedKey();
        }
        return p;
    }

    private static TesseraException truncatedKey() {
        return new TesseraException(SqlState.DATA_CORRUPTED, "key is truncated or malformed");
    }

    static String stripTrailingSpaces(String s) {
        int n = s.length();
        while (n > 0 && s.charAt(n - 1) == ' ') {
            n--;
        }
        return n == s.length() ? s : s.substring(0, n);
    }

    /** Unsigned bytewise comparison of {@code a[aOff, aOff+aLen)} and {@code b[bOff, bOff+bLen)}. */
    public static int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
        return java.util.Arrays.compareUnsigned(a, aOff, aOff + aLen, b, bOff, bOff + bLen);
    }
}
