package io.tessera.datanode.catalog;

import io.tessera.common.codec.StoredRowCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.datanode.storage.PrimaryKey;
import io.tessera.datanode.storage.SecondaryIndex;
import io.tessera.protocol.datanode.ColumnDescriptor;
import io.tessera.protocol.datanode.TableDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of one table at one schema version, as this datanode decodes its rows: the column types and ids (so the
 * {@link StoredRowCodec}), and the primary key. Built once per version and shared by every request of that version.
 * Immutable.
 *
 * @param tableId the table id (first component of its storage keys)
 * @param name the table's name (messages)
 * @param version the schema version ({@code TableDef.schemaVersion}); 0 for a shape taken from an unversioned request
 * @param columnNames the columns' names, in table order
 * @param types the columns' types, in table order
 * @param columnIds the columns' stable ids, in table order
 * @param codec the codec of stored rows in this layout
 * @param primaryKey the primary key, or null when the table has none
 * @param indexes the table's secondary indexes in every build state (each says whether it is maintained and
 *     readable); writes maintain them from this list, never from a request
 * @param typmods the columns' type modifiers (PostgreSQL's atttypmod), in table order: values a write computes here
 *     (UPDATE SET, ON CONFLICT DO UPDATE SET) are fitted to them ({@code TypmodCoercion}); -1 (or below 4) for none,
 *     as for every column of a catalog written before typmods reached the datanodes
 */
public record TableSchema(int tableId, String name, long version, List<String> columnNames, List<PgType> types,
        int[] columnIds, StoredRowCodec codec, PrimaryKey primaryKey, List<SecondaryIndex> indexes, int[] typmods) {

    /** This schema with its primary key's constraint named {@code constraint} (no change without a key). */
    public TableSchema withPrimaryKeyName(String constraint) {
        return primaryKey == null ? this : new TableSchema(tableId, name, version, columnNames, types, columnIds,
                codec, primaryKey.named(constraint), indexes, typmods);
    }

    /** This schema with its secondary indexes. */
    public TableSchema withIndexes(List<SecondaryIndex> list) {
        return new TableSchema(tableId, name, version, columnNames, types, columnIds, codec, primaryKey,
                List.copyOf(list), typmods);
    }

    /** This schema with the columns' typmods (table order; null or a shorter array: none for the rest). */
    public TableSchema withTypmods(int[] list) {
        int[] all = new int[types.size()];
        java.util.Arrays.fill(all, -1);
        if (list != null) {
            System.arraycopy(list, 0, all, 0, Math.min(list.length, all.length));
        }
        return new TableSchema(tableId, name, version, columnNames, types, columnIds, codec, primaryKey, indexes,
                all);
    }

    /** The secondary index {@code id}, or null. */
    public SecondaryIndex index(int id) {
        for (SecondaryIndex i : indexes) {
            if (i.id() == id) {
                return i;
            }
        }
        return null;
    }

    /** Whether a write must maintain some secondary index. */
    public boolean maintainsIndexes() {
        return indexes.stream().anyMatch(SecondaryIndex::maintained);
    }

    /**
     * The schema of {@code tableId} with these columns and primary key columns (indexes).
     *
     * @throws TesseraException 0A000 for a type without a row or key encoding, 22023 for bad ids or key columns
     */
    public static TableSchema of(int tableId, String name, long version, List<String> columnNames,
            List<PgType> types, int[] columnIds, int[] primaryKey) {
        return of(tableId, name, version, columnNames, types, columnIds, primaryKey, null);
    }

    /**
     * As above, with {@code missingValues[i]} the value column {@code i} reads as from a stored row that lacks it
     * (written before an {@code ADD COLUMN ... DEFAULT}; PostgreSQL's {@code attmissingval}); null: all NULL.
     */
    public static TableSchema of(int tableId, String name, long version, List<String> columnNames,
            List<PgType> types, int[] columnIds, int[] primaryKey, Object[] missingValues) {
        StoredRowCodec codec;
        try {
            codec = new StoredRowCodec(columnIds, types, missingValues);
        } catch (IllegalArgumentException e) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "table \"" + name + "\": " + e.getMessage());
        }
        int[] none = new int[types.size()];
        java.util.Arrays.fill(none, -1);
        return new TableSchema(tableId, name, version, List.copyOf(columnNames), List.copyOf(types),
                columnIds.clone(), codec, PrimaryKey.of(name, columnNames, types, primaryKey), List.of(), none);
    }

    /**
     * The shape a request describes ({@code datanode.proto} TableDescriptor): used when the request carries no
     * schema version (tools, unit tests) or the datanode has no catalog. A descriptor without column ids (0) gets
     * 1..n in order.
     *
     * @throws TesseraException 0A000 for an unknown type OID
     */
    public static TableSchema of(TableDescriptor d) {
        List<String> names = new ArrayList<>(d.getColumnsCount());
        List<PgType> types = new ArrayList<>(d.getColumnsCount());
        int[] ids = new int[d.getColumnsCount()];
        int[] typmods = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ColumnDescriptor c = d.getColumns(i);
            // -1 none (datanode.proto); a time(p)/timestamp(p) column's p may be 0, so a sender must send -1
            typmods[i] = c.getTypmod();
            PgType t = PgType.ofOid(c.getTypeOid());
            if (t == null) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "column \"" + c.getName() + "\" has unsupported type OID " + c.getTypeOid());
            }
            names.add(c.getName());
            types.add(t);
            ids[i] = c.getColumnId() == 0 ? i + 1 : c.getColumnId();
        }
        String name = d.getName().isEmpty() ? "table_" + Integer.toUnsignedString(d.getTableId()) : d.getName();
        return of(d.getTableId(), name, d.getCatalogVersion(), names, types, ids,
                d.getPrimaryKeyList().stream().mapToInt(Integer::intValue).toArray()).withTypmods(typmods);
    }

    /** Whether {@code d} describes exactly this layout (same column ids and types, in order). */
    boolean sameLayout(TableDescriptor d) {
        if (d.getColumnsCount() != columnIds.length) {
            return false;
        }
        for (int i = 0; i < columnIds.length; i++) {
            ColumnDescriptor c = d.getColumns(i);
            int id = c.getColumnId() == 0 ? i + 1 : c.getColumnId();
            if (id != columnIds[i] || c.getTypeOid() != types.get(i).oid()) {
                return false;
            }
        }
        return true;
    }
}
