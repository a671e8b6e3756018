package io.tessera.common.codec;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes rows of a fixed column layout into Tessera's compact binary row format and back: the format of
 * {@code RowBatch.data} on the wire and of row values in a datanode's RocksDB.
 *
 * <p>A batch is the concatenation of its rows; the row count travels beside it ({@code RowBatch.row_count}).
 * A row of {@code n} columns is
 * <pre>
 *   null bitmap   ceil(n/8) bytes; bit (i % 8) of byte (i / 8) set = column i is NULL (LSB first)
 *   values        each non-NULL column in column order, no padding:
 *     BOOL                         1 byte, 0 or 1
 *     INT2                         2 bytes big-endian
 *     INT4, DATE, OID              4 bytes big-endian (DATE: days since 1970-01-01)
 *     INT8                         8 bytes big-endian
 *     TIMESTAMP, TIMESTAMPTZ       8 bytes big-endian: microseconds since 1970-01-01 00:00 (UTC for timestamptz),
 *                                  PostgreSQL's unit and the engine's (docs/storage-format.md)
 *     FLOAT4 / FLOAT8              IEEE 754 bits, 4 / 8 bytes big-endian
 *     NUMERIC                      varint zigzag(scale), then tag 0 + varint zigzag(unscaled) when the unscaled
 *                                  value fits a long, else tag 1 + varint length + two's-complement bytes
 *     TEXT, VARCHAR, BPCHAR, NAME,
 *     JSON, JSONB                  varint byte length + UTF-8
 *     BYTEA                        varint byte length + bytes
 *     TIME                         8 bytes big-endian: microseconds since midnight (the engine's Integer
 *                                  milliseconds times 1000)
 *     UUID                         16 bytes, the uuid's bytes in order (PostgreSQL's binary form)
 *     INTERVAL                     16 bytes big-endian: int64 microseconds, int32 days, int32 months
 *                                  (PostgreSQL's interval_send order)
 *     BIT, VARBIT                  varint bit length + ceil(length / 8) bytes, first bit high, unused bits 0
 *                                  (PostgreSQL's varbit_send; {@link io.tessera.common.types.BitStrings})
 *     arrays (PgType *_ARRAY)      1 byte: the element's storage class; varint ndims (0: an empty array); per
 *                                  dimension varint length and varint zigzag(lower bound, always 1 today); a null
 *                                  bitmap of ceil(count/8) bytes over the count = product of the lengths elements in
 *                                  row-major order; then the non-NULL elements in their own encodings (the layout
 *                                  of PostgreSQL's array_send, made compact)
 * </pre>
 * Varints are unsigned LEB128. Values are the Java representations of {@link PgType}; integer columns accept any
 * {@link Number}. Encoding and decoding dispatch on a per-column kind array computed once, so the per-row cost is
 * one switch per column; no reflection, no formatting.
 *
 * <p>A row encoded with fewer columns than the codec has decodes with the missing trailing columns NULL
 * ({@link #decodeRow(byte[], int, int, int, Object[])}), the seam for {@code ALTER TABLE ... ADD COLUMN}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class RowCodec {
    private static final int K_BOOL = 0, K_INT2 = 1, K_INT4 = 2, K_INT8 = 3, K_FLOAT4 = 4, K_FLOAT8 = 5,
            K_NUMERIC = 6, K_STRING = 7, K_BYTES = 8, K_DATE = 9, K_TIMESTAMP = 10,
            K_UUID = 11, K_TIME = 12, K_INTERVAL = 13, K_BITS = 14, K_ARRAY = 15;

    private final List<PgType> types;
    private final byte[] kinds;
    /** The element storage class of each array column, -1 for the others. */
    private final byte[] elementKinds;
    private final int bitmapBytes;

    public RowCodec(List<PgType> types) {
        this.types = List.copyOf(types);
        this.kinds = new byte[types.size()];
        this.elementKinds = new byte[types.size()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = (byte) kindOf(types.get(i));
            elementKinds[i] = (byte) (types.get(i).isArray() ? kindOf(types.get(i).element()) : -1);
        }
        this.bitmapBytes = (kinds.length + 7) >>> 3;
    }

    private static int kindOf(PgType t) {
        if (t.isArray()) {
            return K_ARRAY;
        }
        switch (t) {
            case BOOL: return K_BOOL;
            case INT2: return K_INT2;
            case INT4: case OID: return K_INT4;
            case DATE: return K_DATE;
            case INT8: return K_INT8;
            case TIMESTAMP: case TIMESTAMPTZ: return K_TIMESTAMP;
            case FLOAT4: return K_FLOAT4;
            case FLOAT8: return K_FLOAT8;
            case NUMERIC: return K_NUMERIC;
            case BYTEA: return K_BYTES;
            case UUID: return K_UUID;
            case TIME: return K_TIME;
            case INTERVAL: return K_INTERVAL;
            case BIT: case VARBIT: return K_BITS;
            case TEXT: case VARCHAR: case BPCHAR: case NAME: case JSON: case JSONB: return K_STRING;
            default: throw new IllegalArgumentException("no row encoding for " + t);
        }
    }

    /** The column types, in order. */
    public List<PgType> types() {
        return types;
    }

    public int columnCount() {
        return kinds.length;
    }

    /** Encodes rows into one batch. */
    public byte[] encodeBatch(List<Object[]> rows) {
        ByteSink sink = new ByteSink(Math.max(64, rows.size() * (bitmapBytes + kinds.length * 6)));
        for (Object[] row : rows) {
            encode(row, sink);
        }
        return sink.toByteArray();
    }

    /**
     * Appends one row to {@code sink}.
     *
     * @throws TesseraException DATATYPE_MISMATCH when a value is not the Java representation of its column's type
     */
    public void encode(Object[] row, ByteSink sink) {
        final byte[] kinds = this.kinds;
        if (row.length < kinds.length) {
            throw new TesseraException(SqlState.INTERNAL_ERROR,
                    "row has " + row.length + " values, expected " + kinds.length);
        }
        int bitmapAt = sink.size();
        sink.ensure(bitmapBytes);
        for (int i = 0; i < bitmapBytes; i++) {
            sink.writeByte(0);
        }
        int i = 0;
        try {
            for (; i < kinds.length; i++) {
                Object v = row[i];
                if (v == null) {
                    byte[] a = sink.array();
                    a[bitmapAt + (i >>> 3)] |= (byte) (1 << (i & 7));
                    continue;
                }
                writeValue(kinds[i], elementKinds[i], v, sink);
            }
        } catch (ClassCastException e) {
            throw new TesseraException(SqlState.DATATYPE_MISMATCH, "column " + (i + 1) + " of type "
                    + types.get(i).sqlName() + " cannot hold a value of class " + row[i].getClass().getName(), e);
        }
    }

    /** Appends the non-NULL value {@code v} of storage class {@code kind} (elements of class {@code elementKind}). */
    private static void writeValue(int kind, int elementKind, Object v, ByteSink sink) {
        switch (kind) {
            case K_BOOL: sink.writeByte(((Boolean) v) ? 1 : 0); break;
            case K_INT2: sink.writeShort(((Number) v).shortValue()); break;
            case K_INT4: case K_DATE: sink.writeInt(((Number) v).intValue()); break;
            case K_INT8: sink.writeLong(((Number) v).longValue()); break;
            case K_TIMESTAMP: sink.writeLong(((Number) v).longValue()); break;
            case K_FLOAT4: sink.writeInt(Float.floatToIntBits(((Number) v).floatValue())); break;
            case K_FLOAT8: sink.writeLong(Double.doubleToLongBits(((Number) v).doubleValue())); break;
            case K_NUMERIC: writeNumeric(sink, toBigDecimal(v)); break;
            case K_STRING: {
                byte[] b = ((String) v).getBytes(StandardCharsets.UTF_8);
                sink.writeVarInt(b.length);
                sink.write(b);
                break;
            }
            case K_BYTES: {
                byte[] b = (byte[]) v;
                sink.writeVarInt(b.length);
                sink.write(b);
                break;
            }
            case K_TIME: sink.writeLong(io.tessera.common.types.PgTime.toMicros(v)); break;
            case K_INTERVAL: {
                io.tessera.common.types.PgInterval iv = (io.tessera.common.types.PgInterval) v;
                sink.writeLong(iv.micros());
                sink.writeInt(iv.days());
                sink.writeInt(iv.months());
                break;
            }
            case K_UUID: {
                java.util.UUID u = (java.util.UUID) v;
                sink.writeLong(u.getMostSignificantBits());
                sink.writeLong(u.getLeastSignificantBits());
                break;
            }
            case K_BITS: {
                String bits = (String) v;
                sink.writeVarInt(bits.length());
                sink.write(io.tessera.common.types.BitStrings.pack(bits));
                break;
            }
            case K_ARRAY: writeArray(elementKind, (List<?>) v, sink); break;
            default: throw new AssertionError("kind " + kind);
        }
    }

    private static void writeArray(int elementKind, List<?> a, ByteSink sink) {
        int[] dims = io.tessera.common.types.ArrayText.dimensions(a);
        List<Object> flat = new ArrayList<>();
        flatten(a, flat);
        sink.writeByte(elementKind);
        sink.writeVarInt(dims.length);
        for (int d : dims) {
            sink.writeVarInt(d);
            sink.writeVarInt(zigzag(1));
        }
        int bitmapAt = sink.size();
        int bytes = (flat.size() + 7) >>> 3;
        sink.ensure(bytes);
        for (int i = 0; i < bytes; i++) {
            sink.writeByte(0);
        }
        for (int i = 0; i < flat.size(); i++) {
            Object e = flat.get(i);
            if (e == null) {
                sink.array()[bitmapAt + (i >>> 3)] |= (byte) (1 << (i & 7));
            } else {
                writeValue(elementKind, -1, e, sink);
            }
        }
    }

    private static void flatten(List<?> a, List<Object> into) {
        for (Object e : a) {
            if (e instanceof List<?> l) {
                flatten(l, into);
            } else {
                into.add(e);
            }
        }
    }

    private static BigDecimal toBigDecimal(Object v) {
        if (v instanceof BigDecimal) {
            return (BigDecimal) v;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof Number) {
            return new BigDecimal(v.toString());
        }
        throw new ClassCastException(v.getClass().getName());
    }

    private static void writeNumeric(ByteSink sink, BigDecimal d) {
        sink.writeVarInt(zigzag(d.scale()));
        BigInteger u = d.unscaledValue();
        if (u.bitLength() < 64) {
            sink.writeByte(0);
            sink.writeVarLong(zigzag(u.longValue()));
        } else {
            byte[] b = u.toByteArray();
            sink.writeByte(1);
            sink.writeVarInt(b.length);
            sink.write(b);
        }
    }

    private static int zigzag(int v) {
        return (v << 1) ^ (v >> 31);
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    /** Decodes {@code rowCount} rows of a batch. */
    public List<Object[]> decodeBatch(byte[] data, int rowCount) {
        List<Object[]> rows = new ArrayList<>(rowCount);
        Reader r = reader(data, 0, data.length);
        for (int i = 0; i < rowCount; i++) {
            Object[] row = new Object[kinds.length];
            if (!r.next(row)) {
                throw new TesseraException(SqlState.DATA_CORRUPTED,
                        "row batch ends after " + i + " of " + rowCount + " rows");
            }
            rows.add(row);
        }
        return rows;
    }

    /** A streaming reader over the rows of {@code data[off, off+len)}: no list, the caller's array is reused. */
    public Reader reader(byte[] data, int off, int len) {
        return new Reader(data, off, off + len);
    }

    /**
     * Decodes one row starting at {@code off} whose encoding holds {@code storedColumns} columns (at most this
     * codec's count; missing trailing columns become NULL) into {@code into}.
     *
     * @return the offset just past the row
     */
    public int decodeRow(byte[] data, int off, int end, int storedColumns, Object[] into) {
        return decode(data, off, end, storedColumns, into);
    }

    /**
     * Returns the offset just past the row starting at {@code off}, without materialising its values: the
     * write path uses it to store rows of a batch without decoding them.
     */
    public int skipRow(byte[] data, int off, int end) {
        final byte[] kinds = this.kinds;
        int bitmapAt = off;
        int p = off + bitmapBytes;
        if (p > end) {
            throw truncated();
        }
        for (int i = 0; i < kinds.length; i++) {
            if ((data[bitmapAt + (i >>> 3)] & (1 << (i & 7))) != 0) {
                continue;
            }
            p = skipValue(kinds[i], data, p, end);
        }
        return p;
    }

    /**
     * The storage class of column {@code i}: which value encoding it uses (one per row of the table in the class
     * Javadoc; {@code int4}/{@code oid} share one, as do the string types). Stable: stored rows name it
     * ({@link StoredRowCodec}).
     */
    int kind(int i) {
        return kinds[i];
    }

    /** Whether {@code kind} is a storage class this codec knows. */
    static boolean knownKind(int kind) {
        return kind >= K_BOOL && kind <= K_ARRAY;
    }

    /** The offset just past the non-NULL value of storage class {@code kind} that starts at {@code p}. */
    static int skipValue(int kind, byte[] data, int p, int end) {
        switch (kind) {
            case K_BOOL: p += 1; break;
            case K_INT2: p += 2; break;
            case K_INT4: case K_DATE: case K_FLOAT4: p += 4; break;
            case K_INT8: case K_TIMESTAMP: case K_FLOAT8: p += 8; break;
            case K_UUID: p += 16; break;
            case K_TIME: p += 8; break;
            case K_INTERVAL: p += 16; break;
            case K_BITS: {
                long l = readVarLong(data, p, end);
                p = (int) (l >>> 32);
                p += (int) ((((int) l) + 7L) >>> 3);
                break;
            }
            case K_NUMERIC: {
                p = skipVarint(data, p, end);
                if (p >= end) {
                    throw truncated();
                }
                int tag = data[p++];
                if (tag == 0) {
                    p = skipVarint(data, p, end);
                } else {
                    long l = readVarLong(data, p, end);
                    p = (int) (l >>> 32);
                    p += (int) l;
                }
                break;
            }
            case K_STRING: case K_BYTES: {
                long l = readVarLong(data, p, end);
                p = (int) (l >>> 32);
                p += (int) l;
                break;
            }
            case K_ARRAY: p = decodeArray(data, p, end, null); break;
            default: throw new TesseraException(SqlState.DATA_CORRUPTED, "unknown storage class " + kind);
        }
        if (p > end) {
            throw truncated();
        }
        return p;
    }

    private int decode(byte[] data, int off, int end, int storedColumns, Object[] into) {
        final byte[] kinds = this.kinds;
        int n = Math.min(storedColumns, kinds.length);
        int storedBitmap = (storedColumns + 7) >>> 3;
        int bitmapAt = off;
        int p = off + storedBitmap;
        if (p > end) {
            throw truncated();
        }
        for (int i = 0; i < n; i++) {
            if ((data[bitmapAt + (i >>> 3)] & (1 << (i & 7))) != 0) {
                into[i] = null;
                continue;
            }
            p = decodeValue(kinds[i], data, p, end, into, i);
        }
        if (p > end) {
            throw truncated();
        }
        for (int i = n; i < kinds.length; i++) {
            into[i] = null;
        }
        return p;
    }

    /**
     * Decodes the non-NULL value of storage class {@code kind} starting at {@code p} into {@code into[slot]}.
     *
     * @return the offset just past the value
     * @throws TesseraException DATA_CORRUPTED when the value runs past {@code end}
     */
    static int decodeValue(int kind, byte[] data, int p, int end, Object[] into, int slot) {
        try {
            switch (kind) {
                case K_BOOL: into[slot] = data[p++] != 0 ? Boolean.TRUE : Boolean.FALSE; break;
                case K_INT2:
                    into[slot] = (short) ((data[p] & 0xff) << 8 | (data[p + 1] & 0xff));
                    p += 2;
                    break;
                case K_INT4: case K_DATE:
                    into[slot] = ByteSink.getInt(data, p);
                    p += 4;
                    break;
                case K_INT8:
                    into[slot] = ByteSink.getLong(data, p);
                    p += 8;
                    break;
                case K_TIMESTAMP:
                    into[slot] = ByteSink.getLong(data, p);
                    p += 8;
                    break;
                case K_TIME:
                    into[slot] = new io.tessera.common.types.PgTime(ByteSink.getLong(data, p));
                    p += 8;
                    break;
                case K_INTERVAL:
                    if (p + 16 > end) {
                        throw truncated();
                    }
                    into[slot] = new io.tessera.common.types.PgInterval(ByteSink.getInt(data, p + 12),
                            ByteSink.getInt(data, p + 8), ByteSink.getLong(data, p));
                    p += 16;
                    break;
                case K_UUID:
                    if (p + 16 > end) {
                        throw truncated();
                    }
                    into[slot] = new java.util.UUID(ByteSink.getLong(data, p), ByteSink.getLong(data, p + 8));
                    p += 16;
                    break;
                case K_FLOAT4:
                    into[slot] = Float.intBitsToFloat(ByteSink.getInt(data, p));
                    p += 4;
                    break;
                case K_FLOAT8:
                    into[slot] = Double.longBitsToDouble(ByteSink.getLong(data, p));
                    p += 8;
                    break;
                case K_NUMERIC: {
                    long s = readVarLong(data, p, end);
                    p = (int) (s >>> 32);
                    int scale = unzigzag((int) s);
                    int tag = data[p++];
                    if (tag == 0) {
                        long v = 0;
                        int shift = 0;
                        while (true) {
                            if (p >= end || shift > 63) {
                                throw truncated();
                            }
                            byte b = data[p++];
                            v |= (long) (b & 0x7F) << shift;
                            if (b >= 0) {
                                break;
                            }
                            shift += 7;
                        }
                        into[slot] = BigDecimal.valueOf(unzigzag(v), scale);
                    } else {
                        long l = readVarLong(data, p, end);
                        p = (int) (l >>> 32);
                        int len = (int) l;
                        byte[] b = new byte[len];
                        System.arraycopy(data, p, b, 0, len);
                        p += len;
                        into[slot] = new BigDecimal(new BigInteger(b), scale);
                    }
                    break;
                }
                case K_STRING: {
                    long l = readVarLong(data, p, end);
                    p = (int) (l >>> 32);
                    int len = (int) l;
                    into[slot] = new String(data, p, len, StandardCharsets.UTF_8);
                    p += len;
                    break;
                }
                case K_BYTES: {
                    long l = readVarLong(data, p, end);
                    p = (int) (l >>> 32);
                    int len = (int) l;
                    byte[] b = new byte[len];
                    System.arraycopy(data, p, b, 0, len);
                    p += len;
                    into[slot] = b;
                    break;
                }
                case K_BITS: {
                    long l = readVarLong(data, p, end);
                    p = (int) (l >>> 32);
                    int bits = (int) l;
                    int bytes = (int) ((bits + 7L) >>> 3);
                    if (bits < 0 || p + bytes > end) {
                        throw truncated();
                    }
                    into[slot] = io.tessera.common.types.BitStrings.unpack(data, p, bits);
                    p += bytes;
                    break;
                }
                case K_ARRAY: {
                    Object[] out = new Object[1];
                    p = decodeArray(data, p, end, out);
                    into[slot] = out[0];
                    break;
                }
                default: throw new TesseraException(SqlState.DATA_CORRUPTED, "unknown storage class " + kind);
            }
        } catch (ArrayIndexOutOfBoundsException | StringIndexOutOfBoundsException | NegativeArraySizeException e) {
            throw truncated();
        }
        if (p > end) {
            throw truncated();
        }
        return p;
    }

    /**
     * Reads the array value (class K_ARRAY) at {@code p} into {@code out[0]} as nested lists, or only steps over it
     * when {@code out} is null.
     *
     * @return the offset just past the value
     */
    private static int decodeArray(byte[] data, int p, int end, Object[] out) {
        if (p >= end) {
            throw truncated();
        }
        int elementKind = data[p++];
        if (elementKind == K_ARRAY || !knownKind(elementKind)) {
            throw new TesseraException(SqlState.DATA_CORRUPTED, "unknown array element storage class " + elementKind);
        }
        long l = readVarLong(data, p, end);
        p = (int) (l >>> 32);
        int ndims = (int) l;
        if (ndims < 0 || ndims > 6) {
            throw truncated();
        }
        int[] dims = new int[ndims];
        long count = ndims == 0 ? 0 : 1;
        for (int d = 0; d < ndims; d++) {
            l = readVarLong(data, p, end);
            p = (int) (l >>> 32);
            dims[d] = (int) l;
            count *= dims[d];
            p = skipVarint(data, p, end); // the lower bound, 1 in every array Tessera holds
        }
        if (count < 0 || count > end - p) {
            throw truncated(); // each element takes a bitmap bit at least
        }
        int bitmapAt = p;
        p += (int) ((count + 7) >>> 3);
        Object[] flat = out == null ? null : new Object[(int) count];
        for (int i = 0; i < count; i++) {
            if ((data[bitmapAt + (i >>> 3)] & (1 << (i & 7))) != 0) {
                continue;
            }
            p = out == null ? skipValue(elementKind, data, p, end) : decodeValue(elementKind, data, p, end, flat, i);
        }
        if (out != null) {
            out[0] = ndims == 0 ? new ArrayList<>() : nest(flat, dims, 0, 0);
        }
        return p;
    }

    private static List<Object> nest(Object[] flat, int[] dims, int dim, int from) {
        List<Object> level = new ArrayList<>(dims[dim]);
        int stride = 1;
        for (int d = dim + 1; d < dims.length; d++) {
            stride *= dims[d];
        }
        for (int i = 0; i < dims[dim]; i++) {
            level.add(dim == dims.length - 1 ? flat[from + i] : nest(flat, dims, dim + 1, from + i * stride));
        }
        return level;
    }

    private static int unzigzag(int v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static int skipVarint(byte[] data, int p, int end) {
        while (p < end && (data[p] & 0x80) != 0) {
            p++;
        }
        return p + 1;
    }

    /** A varint of at most 32 bits: returns (new offset << 32) | value. */
    private static long readVarLong(byte[] data, int p, int end) {
        int v = 0;
        int shift = 0;
        while (true) {
            if (p >= end || shift > 28) {
                throw truncated();
            }
            byte b = data[p++];
            v |= (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
            shift += 7;
        }
        return ((long) p << 32) | (v & 0xffffffffL);
    }

    static TesseraException truncated() {
        return new TesseraException(SqlState.DATA_CORRUPTED, "row data is truncated or malformed");
    }

    /** Decodes rows one at a time into a caller-supplied array. Not thread-safe. */
    public final class Reader {
        private final byte[] data;
        private final int end;
        private int pos;

        private Reader(byte[] data, int off, int end) {
            this.data = data;
            this.pos = off;
            this.end = end;
        }

        /** Whether another row follows. */
        public boolean hasNext() {
            return pos < end;
        }

        /** Decodes the next row into {@code into} (length at least the column count); false at the end. */
        public boolean next(Object[] into) {
            if (pos >= end) {
                return false;
            }
            pos = decode(data, pos, end, kinds.length, into);
            return true;
        }

        /** Skips the next row and returns its start offset; its end is {@link #position()}. */
        public int skip() {
            int start = pos;
            pos = skipRow(data, pos, end);
            return start;
        }

        /** Offset of the next row in the data array. */
        public int position() {
            return pos;
        }
    }
}
