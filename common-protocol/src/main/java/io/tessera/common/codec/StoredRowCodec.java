package io.tessera.common.codec;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import java.util.Arrays;
import java.util.List;

/**
 * The stored form of a row (a datanode's row versions and intents): the row's column ids and storage classes, then
 * the row in {@link RowCodec} format over those columns. Because a row names its columns by their stable ids
 * (never reused within a table), {@code ALTER TABLE ... ADD COLUMN} and {@code DROP COLUMN} need no rewrite: a
 * reader with a newer layout skips stored columns it no longer has and reads the columns a row lacks as their
 * missing value (NULL, or the ADD COLUMN's default, PostgreSQL's {@code attmissingval}). See
 * docs/storage-format.md.
 * <pre>
 *   header   varint n (stored columns), then n × varint (column_id &lt;&lt; 4 | storage_class)
 *   row      RowCodec row of those n columns: null bitmap ceil(n/8) bytes, then the non-NULL values
 * </pre>
 * {@code storage_class} (4 bits) is the column's value encoding ({@link RowCodec}'s kind: bool, int2, int4/oid,
 * int8, float4, float8, numeric, string, bytea, date, timestamp, uuid, time, interval, bit string): with it a reader can step over the value of a
 * dropped column whose type it no longer knows. Varints are unsigned LEB128. Column ids are 1..2^27-1.
 *
 * <p>Cost: the header of a row written with this codec's own layout is byte-identical to {@link #header()}, so
 * decoding compares it with one {@code Arrays.equals} and then decodes positionally. A row written with another
 * layout (before an ADD or DROP COLUMN) is decoded through a stored-position → layout-position array built once per
 * distinct header and cached (the last one), so the per-row loop does no map lookups and allocates nothing.
 *
 * <p>Instances are immutable (the header cache is a racy but safe single immutable reference) and thread-safe.
 */
public final class StoredRowCodec {
    /** The largest column id: ids are shifted left by 4 bits inside a 32-bit varint. */
    public static final int MAX_COLUMN_ID = (1 << 27) - 1;

    private final RowCodec codec;
    private final int[] columnIds;
    private final Object[] missingValues;
    private final byte[] header;
    /** The mapping of the last header seen that differs from {@link #header}. */
    private volatile Mapping foreign;

    /**
     * A codec for the layout whose column {@code i} has id {@code columnIds[i]} and type {@code types.get(i)}, whose
     * columns read as NULL from rows that lack them.
     *
     * @throws IllegalArgumentException when the ids are not unique, not in 1..{@link #MAX_COLUMN_ID}, or not one per
     *     type
     */
    public StoredRowCodec(int[] columnIds, List<PgType> types) {
        this(columnIds, types, null);
    }

    /**
     * As above, with {@code missingValues[i]} (engine representation; null for NULL) the value column {@code i}
     * reads as from a stored row that lacks it — the hook for {@code ADD COLUMN ... DEFAULT} without a rewrite
     * (PostgreSQL's {@code attmissingval}). {@code missingValues} may be null (all NULL).
     */
    public StoredRowCodec(int[] columnIds, List<PgType> types, Object[] missingValues) {
        if (columnIds.length != types.size()) {
            throw new IllegalArgumentException(columnIds.length + " column ids for " + types.size() + " columns");
        }
        if (missingValues != null && missingValues.length != columnIds.length) {
            throw new IllegalArgumentException(missingValues.length + " missing values for " + columnIds.length
                    + " columns");
        }
        this.codec = new RowCodec(types);
        this.columnIds = columnIds.clone();
        this.missingValues = missingValues == null ? new Object[columnIds.length] : missingValues.clone();
        ByteSink h = new ByteSink(1 + 2 * columnIds.length);
        h.writeVarInt(columnIds.length);
        for (int i = 0; i < columnIds.length; i++) {
            int id = columnIds[i];
            if (id < 1 || id > MAX_COLUMN_ID) {
                throw new IllegalArgumentException("column id " + id + " is outside 1.." + MAX_COLUMN_ID);
            }
            for (int j = 0; j < i; j++) {
                if (columnIds[j] == id) {
                    throw new IllegalArgumentException("column id " + id + " appears twice");
                }
            }
            h.writeVarInt(id << 4 | codec.kind(i));
        }
        this.header = h.toByteArray();
    }

    /** A codec whose columns have the ids 1..n in order: a table that has never dropped a column. */
    public static StoredRowCodec positional(List<PgType> types) {
        int[] ids = new int[types.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i + 1;
        }
        return new StoredRowCodec(ids, types);
    }

    /** The positional codec of the layout: the form of a row's values after the header, and of {@code RowBatch}. */
    public RowCodec rowCodec() {
        return codec;
    }

    /** Columns of the layout. */
    public int columnCount() {
        return columnIds.length;
    }

    /** The column ids of the layout, in layout order (a copy). */
    public int[] columnIds() {
        return columnIds.clone();
    }

    /** Bytes of the header this codec writes. */
    public int headerLength() {
        return header.length;
    }

    /** Appends this layout's header: a {@link RowCodec} row of the layout must follow. */
    public void writeHeader(ByteSink sink) {
        sink.write(header);
    }

    /** Appends the stored form of {@code row} (header and values; length at least {@link #columnCount()}). */
    public void encode(Object[] row, ByteSink sink) {
        sink.write(header);
        codec.encode(row, sink);
    }

    /**
     * Decodes the stored row at {@code data[off, end)} into {@code into} (length at least {@link #columnCount()}):
     * stored columns this layout lacks are skipped, layout columns the row lacks get their missing value.
     *
     * @return the offset just past the row
     * @throws TesseraException DATA_CORRUPTED when the row is truncated or malformed, or a column id is stored with a
     *     different storage class than this layout gives it (a type change must assign a new column id)
     */
    public int decode(byte[] data, int off, int end, Object[] into) {
        final byte[] h = header;
        if (end - off >= h.length && Arrays.equals(data, off, off + h.length, h, 0, h.length)) {
            return codec.decodeRow(data, off + h.length, end, columnIds.length, into);
        }
        Mapping m = foreign;
        if (m == null || end - off < m.header.length
                || !Arrays.equals(data, off, off + m.header.length, m.header, 0, m.header.length)) {
            m = mapping(data, off, end);
            foreign = m;
        }
        final Object[] missing = missingValues;
        System.arraycopy(missing, 0, into, 0, missing.length);
        final int n = m.target.length;
        final int[] target = m.target;
        final byte[] kinds = m.kinds;
        int bitmapAt = off + m.header.length;
        int p = bitmapAt + ((n + 7) >>> 3);
        if (p > end) {
            throw RowCodec.truncated();
        }
        for (int i = 0; i < n; i++) {
            int t = target[i];
            if ((data[bitmapAt + (i >>> 3)] & (1 << (i & 7))) != 0) {
                if (t >= 0) {
                    into[t] = null;
                }
                continue;
            }
            p = t >= 0 ? RowCodec.decodeValue(kinds[i], data, p, end, into, t) : RowCodec.skipValue(kinds[i], data, p, end);
        }
        return p;
    }

    /** Parses the header at {@code off} and maps its columns onto this layout. */
    private Mapping mapping(byte[] data, int off, int end) {
        int p = off;
        long l = readVarInt(data, p, end);
        p = (int) (l >>> 32);
        int n = (int) l;
        if (n < 0 || n > end - p) {
            throw RowCodec.truncated();
        }
        int[] target = new int[n];
        byte[] kinds = new byte[n];
        for (int i = 0; i < n; i++) {
            l = readVarInt(data, p, end);
            p = (int) (l >>> 32);
            int entry = (int) l;
            int id = entry >>> 4;
            int kind = entry & 0xF;
            if (!RowCodec.knownKind(kind)) {
                throw new TesseraException(SqlState.DATA_CORRUPTED, "stored column " + id
                        + " has unknown storage class " + kind);
            }
            kinds[i] = (byte) kind;
            int t = -1;
            for (int j = 0; j < columnIds.length; j++) { // once per distinct header, not per row
                if (columnIds[j] == id) {
                    t = j;
                    break;
                }
            }
            if (t >= 0 && codec.kind(t) != kind) {
                throw new TesseraException(SqlState.DATA_CORRUPTED, "column id " + id + " is stored with storage class "
                        + kind + " but the table's column " + (t + 1) + " of type " + codec.types().get(t).sqlName()
                        + " has storage class " + codec.kind(t));
            }
            target[i] = t;
        }
        return new Mapping(Arrays.copyOfRange(data, off, p), target, kinds);
    }

    /** A varint of at most 32 bits at {@code p}: returns (new offset << 32) | value. */
    private static long readVarInt(byte[] data, int p, int end) {
        int v = 0;
        int shift = 0;
        while (true) {
            if (p >= end || shift > 28) {
                throw RowCodec.truncated();
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

    /** A stored header and, per stored column, its layout position (-1: not in the layout) and storage class. */
    private record Mapping(byte[] header, int[] target, byte[] kinds) {
    }
}
