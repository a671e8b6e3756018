package io.tessera.coordinator.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * A table as the catalog stores it (one znode per table, JSON).
 *
 * @param id the table id, unique in the cluster and never reused; the first component of every storage key
 * @param database the database it belongs to
 * @param schema the schema (always {@code public} for now)
 * @param name the table name
 * @param columns the user columns in order ({@code xc_node_id} is not among them: it is a system column)
 * @param distribution how rows map to datanodes
 * @param primaryKey the primary key's column names in key order; empty when the table has none
 * @param checks the CHECK constraints in creation order
 */
public record TableDef(int id, String database, String schema, String name, List<ColumnDef> columns,
        Distribution distribution, List<String> primaryKey, List<CheckDef> checks) {

    public TableDef {
        primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /**
     * A CHECK constraint.
     *
     * @param name its name (PostgreSQL's: {@code table_column_check} unless given)
     * @param expr the expression as SQL text over the table's column names
     * @param validated false for NOT VALID (existing rows not checked yet)
     */
    public record CheckDef(String name, String expr, boolean validated) {
    }

    /** A table without CHECK constraints. */
    public TableDef(int id, String database, String schema, String name, List<ColumnDef> columns,
            Distribution distribution, List<String> primaryKey) {
        this(id, database, schema, name, columns, distribution, primaryKey, List.of());
    }

    /** A table without a primary key. */
    public TableDef(int id, String database, String schema, String name, List<ColumnDef> columns,
            Distribution distribution) {
        this(id, database, schema, name, columns, distribution, List.of());
    }

    /** First OID PostgreSQL hands to user objects ({@code FirstNormalObjectId}); table OIDs start there. */
    public static final int FIRST_NORMAL_OID = 16384;

    /** The table's OID as pg_class and RowDescription report it. */
    @JsonIgnore
    public int oid() {
        return FIRST_NORMAL_OID + id;
    }

    /** Index of the named column, or -1. */
    public int columnIndex(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        return -1;
    }
}
