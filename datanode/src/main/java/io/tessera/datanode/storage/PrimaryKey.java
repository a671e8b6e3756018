package io.tessera.datanode.storage;

import io.tessera.common.codec.ByteSink;
import io.tessera.common.codec.KeyCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.executor.expr.KeyPins;
import io.tessera.protocol.expr.Expr;
import java.util.Arrays;
import java.util.List;

/**
 * The primary key of a table: which columns, in key order, make up the {@code key} part of its storage keys
 * ({@code [table][shard][0][key]}, DESIGN.md "Storage"). The key is the concatenation of
 * {@link KeyCodec#writeValue} of each key column — memcomparable and prefix-free, so keys sort in key order and a
 * version key is exactly its intent key followed by the complemented timestamp. Key columns are never NULL.
 * Tables without a primary key have no {@code PrimaryKey} (null) and use hidden row ids. Immutable.
 */
public final class PrimaryKey {
    private final String tableName;
    private final String constraintName;
    private final int[] columns;
    private final PgType[] types;
    private final String[] names;
    /** Bytes of every key when all key columns have fixed-width encodings, else -1. */
    private final int fixedLength;

    private PrimaryKey(String tableName, String constraintName, int[] columns, PgType[] types, String[] names,
            int fixedLength) {
        this.tableName = tableName;
        this.constraintName = constraintName;
        this.columns = columns;
        this.types = types;
        this.names = names;
        this.fixedLength = fixedLength;
    }

    /**
     * The primary key over {@code columns} (indexes into the table's columns, in key order) of table
     * {@code tableName}; null when {@code columns} is empty (no primary key).
     *
     * @param columnNames the table's column names (for messages)
     * @param columnTypes the table's column types
     * @throws TesseraException INVALID_PARAMETER_VALUE for an index outside the table or repeated, 0A000 for a
     *     column whose type has no key encoding
     */
    public static PrimaryKey of(String tableName, List<String> columnNames, List<PgType> columnTypes, int[] columns) {
        if (columns.length == 0) {
            return null;
        }
        PgType[] types = new PgType[columns.length];
        String[] names = new String[columns.length];
        int fixed = 0;
        for (int i = 0; i < columns.length; i++) {
            int c = columns[i];
            if (c < 0 || c >= columnTypes.size()) {
                throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "primary key column index " + c
                        + " is outside the " + columnTypes.size() + " columns of table \"" + tableName + "\"");
            }
            for (int j = 0; j < i; j++) {
                if (columns[j] == c) {
                    throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "primary key of table \""
                            + tableName + "\" names column " + c + " twice");
                }
            }
            types[i] = columnTypes.get(c);
            names[i] = columnNames.get(c);
            int w = width(types[i]);
            if (w == 0) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "data type " + types[i].sqlName()
                        + " has no default operator class for access method \"btree\"");
            }
            fixed = fixed < 0 || w < 0 ? -1 : fixed + w;
        }
        return new PrimaryKey(tableName, tableName + "_pkey", columns.clone(), types, names, fixed);
    }

    /** Bytes of the key encoding of {@code t}: fixed width, -1 variable, 0 none. */
    private static int width(PgType t) {
        switch (t) {
            case BOOL: return 1;
            case INT2: return 2;
            case INT4: case DATE: case OID: case FLOAT4: return 4;
            case INT8: case TIMESTAMP: case TIMESTAMPTZ: case FLOAT8: return 8;
            case UUID: case INTERVAL: return 16; // interval: its span, as interval_cmp (KeyCodec)
            case TIME: return 8;
            case NUMERIC: case BPCHAR: case TEXT: case VARCHAR: case NAME: case BYTEA: case JSONB: return -1;
            default: return 0; // json: no btree operator class in PostgreSQL
        }
    }

    /** The table's name. */
    public String tableName() {
        return tableName;
    }

    /**
     * The constraint's name, which a 23505 names: the catalog's stored one ({@link #named}), else PostgreSQL's
     * default {@code <table>_pkey}.
     */
    public String constraintName() {
        return constraintName;
    }

    /** This key under the constraint name {@code constraint} (the catalog's {@code primaryKeyName}). */
    public PrimaryKey named(String constraint) {
        return new PrimaryKey(tableName, constraint, columns, types, names, fixedLength);
    }

    /** The key columns (indexes into the table's columns), in key order. Do not modify. */
    public int[] columns() {
        return columns;
    }

    /** The key columns' names, in key order. Do not modify. */
    public String[] columnNames() {
        return names;
    }

    /** The key columns' types, in key order. Do not modify. */
    public PgType[] types() {
        return types;
    }

    /** Whether {@code column} is one of the key columns. */
    public boolean contains(int column) {
        for (int c : columns) {
            if (c == column) {
                return true;
            }
        }
        return false;
    }

    /**
     * The key part of {@code row}'s storage key (without the index prefix).
     *
     * @return the encoding, or null when a key column of {@code row} is NULL
     */
    public byte[] encode(Object[] row) {
        ByteSink s = new ByteSink(fixedLength > 0 ? fixedLength : 32);
        for (int i = 0; i < columns.length; i++) {
            Object v = row[columns[i]];
            if (v == null) {
                return null;
            }
            KeyCodec.writeValue(s, v, types[i]);
        }
        return s.toByteArray();
    }

    /**
     * The encoding of the leading key columns that {@code filter} pins to constants ({@link KeyPins}), or null when
     * it does not pin the first key column. Every stored key of a row that can pass the filter starts with it (the
     * encoding is prefix-free), so a scan may read only those keys; the filter must still be applied.
     *
     * @param filter a WHERE clause over the table's columns (null: none)
     * @param columnTypes the table's column types
     */
    public byte[] prefixFor(Expr filter, List<PgType> columnTypes) {
        Object[] pins = KeyPins.of(filter, columnTypes);
        if (pins == null) {
            return null;
        }
        ByteSink s = new ByteSink(fixedLength > 0 ? fixedLength : 32);
        int n = 0;
        for (int i = 0; i < columns.length && columns[i] < pins.length; i++) {
            Object v = pins[columns[i]];
            if (v == KeyPins.UNPINNED || v == null) {
                break;
            }
            KeyCodec.writeValue(s, v, types[i]);
            n++;
        }
        return n == 0 ? null : s.toByteArray();
    }

    /** The first key column of {@code row} that is NULL (its index into the table's columns), or -1. */
    public int firstNullColumn(Object[] row) {
        for (int c : columns) {
            if (row[c] == null) {
                return c;
            }
        }
        return -1;
    }

    /**
     * The offset just past the key part of the storage key {@code k} ({@code [table][shard][index][key]...}): the
     * length of its intent key.
     *
     * @throws TesseraException DATA_CORRUPTED when {@code k} does not hold a whole key
     */
    public int keyEnd(byte[] k) {
        if (fixedLength > 0) {
            return KeyCodec.INDEX_PREFIX_LENGTH + fixedLength;
        }
        int p = KeyCodec.INDEX_PREFIX_LENGTH;
        for (PgType t : types) {
            p = KeyCodec.skipValue(k, p, k.length, t);
        }
        return p;
    }

    /** Whether the key part of {@code storageKey} equals {@code key} (as {@link #encode} returns it). */
    public static boolean keyEquals(byte[] storageKey, int keyEnd, byte[] key) {
        return Arrays.equals(storageKey, KeyCodec.INDEX_PREFIX_LENGTH, keyEnd, key, 0, key.length);
    }

    @Override
    public String toString() {
        return constraintName + Arrays.toString(names);
    }
}
