package io.tessera.coordinator.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;

/**
 * A table as the catalog stores it (one znode per table, JSON).
 *
 * @param id the table id, unique in the cluster and never reused; the first component of every storage key
 * @param database the database it belongs to
 * @param schema the schema it is in ({@code public} unless created in another: {@link SchemaDef})
 * @param name the table name
 * @param columns the user columns in order ({@code xc_node_id} is not among them: it is a system column)
 * @param distribution how rows map to datanodes
 * @param primaryKey the primary key's column names in key order; empty when the table has none
 * @param checks the CHECK constraints in creation order
 * @param nextColumnId the id the next added column gets (column ids are never reused within a table). Columns
 *     given without an id (0) are assigned the next ids in order, so CREATE TABLE's columns get 1..n.
 * @param schemaVersion the version of the table's shape, 1 at CREATE TABLE, bumped by every DDL that changes the
 *     table ({@link #withSchemaChange}, {@link #altered}); requests to datanodes carry it so a datanode can refuse a
 *     statement planned against an older shape
 * @param comments COMMENT ON's texts: key {@code ""} the table's, a column id (as text) that column's,
 *     {@link #commentKey} an index's, {@link #PRIMARY_KEY_COMMENT} the primary key's index's; empty when there are
 *     none. Not part of the shape: setting one does not change {@link #schemaVersion}
 * @param indexes the secondary indexes (CREATE INDEX), in creation order, in any build state; part of the shape:
 *     adding, dropping or advancing one bumps {@link #schemaVersion}
 * @param foreignKeys the FOREIGN KEY constraints of this (referencing) table, in creation order; enforced by the
 *     coordinators only, so not part of the datanodes' shape: changing them does not bump {@link #schemaVersion}
 * @param owner the OID of the owning role ({@code pg_class.relowner}); null in tables created before tables had
 *     owners: the database's owner owns them
 * @param acl the access privileges ({@code pg_class.relacl}), null until the first GRANT or REVOKE (then the owner
 *     holds every right: {@link AclItem#defaults}); checked by the coordinators only, so not part of the shape
 * @param primaryKeyName the primary key constraint's (and its index's) name as stored at creation, kept through
 *     renames of the table as in PostgreSQL; null when the table has no primary key, or in a catalog written before
 *     the name was stored: then {@code <name>_pkey} ({@link #primaryKeyConstraint})
 */
public record TableDef(int id, String database, String schema, String name, List<ColumnDef> columns,
        Distribution distribution, List<String> primaryKey, List<CheckDef> checks, int nextColumnId,
        long schemaVersion, java.util.Map<String, String> comments, List<IndexDef> indexes,
        List<ForeignKeyDef> foreignKeys, Integer owner, List<AclItem> acl, String primaryKeyName) {

    /** A table whose primary key (if any) is named after it ({@link #primaryKeyConstraint}). */
    public TableDef(int id, String database, String schema, String name, List<ColumnDef> columns,
            Distribution distribution, List<String> primaryKey, List<CheckDef> checks, int nextColumnId,
            long schemaVersion, java.util.Map<String, String> comments, List<IndexDef> indexes,
            List<ForeignKeyDef> foreignKeys, Integer owner, List<AclItem> acl) {
        this(id, database, schema, name, columns, distribution, primaryKey, checks, nextColumnId, schemaVersion,
                comments, indexes, foreignKeys, owner, acl, null);
    }

    /** A table with its owner and privileges not (yet) set: see {@link #withAccessOf}. */
    public TableDef(int id, String database, String schema, String name, List<ColumnDef> columns,
            Distribution distribution, List<String> primaryKey, List<CheckDef> checks, int nextColumnId,
            long schemaVersion, java.util.Map<String, String> comments, List<IndexDef> indexes,
            List<ForeignKeyDef> foreignKeys) {
        this(id, database, schema, name, columns, distribution, primaryKey, checks, nextColumnId, schemaVersion,
                comments, indexes, foreignKeys, null, null);
    }

    /** A table without foreign keys. */
    public TableDef(int id, String database, String schema, String name, List<ColumnDef> columns,
            Distribution distribution, List<String> primaryKey, List<CheckDef> checks, int nextColumnId,
            long schemaVersion, java.util.Map<String, String> comments, List<IndexDef> indexes) {
        this(id, database, schema, name, columns, distribution, primaryKey, checks, nextColumnId, schemaVersion,
                comments, indexes, null);
    }

    /** A table without secondary indexes. */
    public TableDef(int id, String database, String schema, String name, List<ColumnDef> columns,
            Distribution distribution, List<String> primaryKey, List<CheckDef> checks, int nextColumnId,
            long schemaVersion, java.util.Map<String, String> comments) {
        this(id, database, schema, name, columns, distribution, primaryKey, checks, nextColumnId, schemaVersion,
                comments, null);
    }

    /** A table without comments. */
    public TableDef(int id, String database, String schema, String name, List<ColumnDef> columns,
            Distribution distribution, List<String> primaryKey, List<CheckDef> checks, int nextColumnId,
            long schemaVersion) {
        this(id, database, schema, name, columns, distribution, primaryKey, checks, nextColumnId, schemaVersion, null);
    }

    public TableDef {
        foreignKeys = foreignKeys == null ? List.of() : List.copyOf(foreignKeys);
        acl = acl == null ? null : List.copyOf(acl);
        indexes = indexes == null ? List.of() : List.copyOf(indexes);
        comments = comments == null ? java.util.Map.of() : java.util.Map.copyOf(comments);
        primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
        primaryKeyName = primaryKey.isEmpty() ? null : primaryKeyName;
        checks = checks == null ? List.of() : List.copyOf(checks);
        int next = Math.max(1, nextColumnId);
        for (ColumnDef c : columns) {
            next = Math.max(next, c.id() + 1);
        }
        List<ColumnDef> withIds = new ArrayList<>(columns.size());
        for (ColumnDef c : columns) {
            withIds.add(c.id() > 0 ? c : c.withId(next++));
        }
        columns = List.copyOf(withIds);
        nextColumnId = next;
        schemaVersion = Math.max(1, schemaVersion);
    }

    /**
     * A CHECK constraint.
     *
     * @param name its name (PostgreSQL's: {@code table_column_check} unless given)
     * @param expr the expression as SQL text over the table's column names
     * @param validated false for NOT VALID (existing rows not checked yet)
     * @param oid its OID in pg_constraint, from the catalog's OID counter and kept for the constraint's life
     *     (renames and VALIDATE keep it); 0 until the catalog stores it ({@link #withCheckOids})
     */
    public record CheckDef(String name, String expr, boolean validated, int oid) {
        /** A CHECK constraint the catalog has not given an OID yet. */
        public CheckDef(String name, String expr, boolean validated) {
            this(name, expr, validated, 0);
        }

        /** This constraint under another name, with another expression or validation state, keeping its OID. */
        public CheckDef with(String newName, String newExpr, boolean newValidated) {
            return new CheckDef(newName, newExpr, newValidated, oid);
        }
    }

    /**
     * This table with an OID for each CHECK constraint that has none yet, from {@code allocate} (the catalog's
     * never-reused counter), in creation order.
     */
    public TableDef withCheckOids(java.util.function.IntSupplier allocate) {
        if (checks.stream().allMatch(c -> c.oid() != 0)) {
            return this;
        }
        List<CheckDef> numbered = new ArrayList<>(checks.size());
        for (CheckDef c : checks) {
            numbered.add(c.oid() != 0 ? c : new CheckDef(c.name(), c.expr(), c.validated(), allocate.getAsInt()));
        }
        return new TableDef(id, database, schema, name, columns, distribution, primaryKey, numbered, nextColumnId,
                schemaVersion, comments, indexes, foreignKeys, owner, acl, primaryKeyName);
    }

    /** A new table (schema version 1, column ids 1..n) with CHECK constraints. */
    public TableDef(int id, String database, String schema, String name, List<ColumnDef> columns,
            Distribution distribution, List<String> primaryKey, List<CheckDef> checks) {
        this(id, database, schema, name, columns, distribution, primaryKey, checks, 0, 0);
    }

    /** A new table (schema version 1, column ids 1..n) without CHECK constraints. */
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

    /** Its key in the catalog's table map and znode name ({@link CatalogSnapshot#key}). */
    @JsonIgnore
    public String key() {
        return CatalogSnapshot.key(schema, name);
    }

    /** The table's OID as pg_class and RowDescription report it. */
    @JsonIgnore
    public int oid() {
        return FIRST_NORMAL_OID + id;
    }

    /**
     * This table after a DDL that changes its shape: {@code columns} (kept columns with their ids, added ones with
     * id 0, which get fresh ids) and {@code primaryKey}, with the schema version bumped.
     */
    public TableDef withSchemaChange(List<ColumnDef> columns, List<String> primaryKey) {
        return altered(name, columns, primaryKey, checks);
    }

    /**
     * This table after an ALTER TABLE: its name, columns (kept ones with their ids, added ones with id 0, which get
     * fresh ids), primary key and CHECK constraints, with the schema version bumped. A primary key keeps its
     * constraint name ({@link #primaryKeyConstraint}) when the table is renamed, as in PostgreSQL.
     */
    public TableDef altered(String name, List<ColumnDef> columns, List<String> primaryKey, List<CheckDef> checks) {
        return new TableDef(id, database, schema, name, columns, distribution, primaryKey, checks, nextColumnId,
                schemaVersion + 1, comments, indexes, foreignKeys, owner, acl, primaryKeyConstraint());
    }

    /**
     * The primary key constraint's name, which is also its index's: the stored {@link #primaryKeyName}, or
     * PostgreSQL's default {@code <table>_pkey} in a catalog written before names were stored; null without a
     * primary key.
     */
    @JsonIgnore
    public String primaryKeyConstraint() {
        return primaryKey.isEmpty() ? null : primaryKeyName != null ? primaryKeyName : name + "_pkey";
    }

    /** This table with its primary key constraint named {@code constraint} (RENAME CONSTRAINT, ALTER INDEX RENAME). */
    public TableDef withPrimaryKeyName(String constraint) {
        return new TableDef(id, database, schema, name, columns, distribution, primaryKey, checks, nextColumnId,
                schemaVersion, comments, indexes, foreignKeys, owner, acl, constraint);
    }

    /** This table with another list of secondary indexes, the schema version bumped. */
    public TableDef withIndexes(List<IndexDef> newIndexes) {
        return new TableDef(id, database, schema, name, columns, distribution, primaryKey, checks, nextColumnId,
                schemaVersion + 1, comments, newIndexes, foreignKeys, owner, acl, primaryKeyName);
    }

    /** The secondary index named {@code indexName}, or null. */
    public IndexDef index(String indexName) {
        for (IndexDef i : indexes) {
            if (i.name().equals(indexName)) {
                return i;
            }
        }
        return null;
    }

    /** This table with other comments (same shape and schema version). */
    public TableDef withComments(java.util.Map<String, String> newComments) {
        return new TableDef(id, database, schema, name, columns, distribution, primaryKey, checks, nextColumnId,
                schemaVersion, newComments, indexes, foreignKeys, owner, acl, primaryKeyName);
    }

    /** The key in {@link #comments} of the comment on the primary key's index (COMMENT ON INDEX t_pkey). */
    public static final String PRIMARY_KEY_COMMENT = "pkey";

    /**
     * The key in {@link #comments} of the comment on a secondary index: its id, so the comment follows the index
     * through renames and table rebuilds; a key whose index is gone is stale and ignored.
     */
    public static String commentKey(IndexDef index) {
        return "i" + index.id();
    }

    /** This table with other FOREIGN KEY constraints (same shape and schema version: datanodes do not see them). */
    public TableDef withForeignKeys(List<ForeignKeyDef> newForeignKeys) {
        return new TableDef(id, database, schema, name, columns, distribution, primaryKey, checks, nextColumnId,
                schemaVersion, comments, indexes, newForeignKeys, owner, acl, primaryKeyName);
    }

    /** This table with another owner (ALTER TABLE ... OWNER TO; same shape and schema version). */
    public TableDef withOwner(int newOwner) {
        return new TableDef(id, database, schema, name, columns, distribution, primaryKey, checks, nextColumnId,
                schemaVersion, comments, indexes, foreignKeys, newOwner, acl, primaryKeyName);
    }

    /** This table with other access privileges (GRANT, REVOKE; same shape and schema version). */
    public TableDef withAcl(List<AclItem> newAcl) {
        return new TableDef(id, database, schema, name, columns, distribution, primaryKey, checks, nextColumnId,
                schemaVersion, comments, indexes, foreignKeys, owner, newAcl, primaryKeyName);
    }

    /**
     * This table with the owner, privileges and primary key name of {@code from}: a DDL that rebuilds a table under
     * a new id (redistribution, a rewriting ALTER TABLE) keeps who owns it, who may use it and what its key is
     * called.
     */
    public TableDef withAccessOf(TableDef from) {
        return new TableDef(id, database, schema, name, columns, distribution, primaryKey, checks, nextColumnId,
                schemaVersion, comments, indexes, foreignKeys, from.owner, from.acl, from.primaryKeyName);
    }

    /**
     * PostgreSQL's {@code attnum} of the named column: its stable id, so attnums stay put when other columns are
     * added or dropped, and a dropped column's attnum is never reused (as in PostgreSQL); 0 when there is no such
     * column.
     */
    public int attnum(String column) {
        int i = columnIndex(column);
        return i < 0 ? 0 : columns.get(i).id();
    }

    /**
     * The attnums of dropped columns: ids below {@link #nextColumnId} that no column has. PostgreSQL keeps such
     * columns in {@code pg_attribute} with {@code attisdropped}.
     */
    @JsonIgnore
    public List<Integer> droppedAttnums() {
        java.util.Set<Integer> live = new java.util.HashSet<>();
        columns.forEach(c -> live.add(c.id()));
        List<Integer> out = new ArrayList<>();
        for (int id = 1; id < nextColumnId; id++) {
            if (!live.contains(id)) {
                out.add(id);
            }
        }
        return out;
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
