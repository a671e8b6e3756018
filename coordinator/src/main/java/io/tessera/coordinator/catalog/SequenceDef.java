package io.tessera.coordinator.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.tessera.common.types.PgType;

/**
 * A sequence as the catalog stores it (one znode per sequence, JSON, beside the tables), with PostgreSQL's
 * attributes (pg_sequence). Its current value is not here: it lives in the counter znode
 * ({@link SequenceStore}), which every coordinator reserves ranges from.
 *
 * @param id the object id, unique in the cluster and never reused (shared with tables: a sequence is a relation)
 * @param database the database it belongs to
 * @param name the sequence name
 * @param type int2, int4 or int8 ({@code AS type}; int8 by default)
 * @param increment the step, never 0
 * @param min the smallest value
 * @param max the largest value
 * @param start the first value
 * @param cache how many values a session may hold ahead (PostgreSQL's CACHE); the reservation block is at least this
 * @param cycle whether it wraps around at its limit
 * @param ownedByTable the table whose column owns it (dropped with it), or null
 * @param ownedByColumn that column, or null
 * @param epoch bumped by every setval / ALTER SEQUENCE RESTART / option change: a coordinator's reserved block from
 *     an older epoch is discarded
 * @param comment COMMENT ON SEQUENCE's text, or null (not part of the sequence's state: setting it keeps the epoch)
 * @param schema the schema it is in; null for {@code public} (a sequence stored before schemas existed reads so).
 *     The catalog keys it by {@link #key()}; {@code ownedByTable} is the owning table's catalog key
 */
public record SequenceDef(int id, String database, String name, PgType type, long increment, long min, long max,
        long start, long cache, boolean cycle, String ownedByTable, String ownedByColumn, long epoch, String comment,
        String schema) {

    /** A sequence of {@code public}. */
    public SequenceDef(int id, String database, String name, PgType type, long increment, long min, long max,
            long start, long cache, boolean cycle, String ownedByTable, String ownedByColumn, long epoch,
            String comment) {
        this(id, database, name, type, increment, min, max, start, cache, cycle, ownedByTable, ownedByColumn, epoch,
                comment, null);
    }

    /** A sequence without a comment. */
    public SequenceDef(int id, String database, String name, PgType type, long increment, long min, long max,
            long start, long cache, boolean cycle, String ownedByTable, String ownedByColumn, long epoch) {
        this(id, database, name, type, increment, min, max, start, cache, cycle, ownedByTable, ownedByColumn, epoch,
                null);
    }

    /** The sequence's OID as pg_class would report it. */
    @JsonIgnore
    public int oid() {
        return TableDef.FIRST_NORMAL_OID + id;
    }

    /** The same sequence at the next epoch. */
    public SequenceDef nextEpoch() {
        return new SequenceDef(id, database, name, type, increment, min, max, start, cache, cycle, ownedByTable,
                ownedByColumn, epoch + 1, comment, schema);
    }

    /** The same sequence owned by {@code table}'s {@code column} (both null: by nothing), at the same epoch. */
    public SequenceDef withOwnedBy(String table, String column) {
        return new SequenceDef(id, database, name, type, increment, min, max, start, cache, cycle, table, column,
                epoch, comment, schema);
    }

    /** The same sequence under another name, at the next epoch. */
    public SequenceDef withName(String newName) {
        return new SequenceDef(id, database, newName, type, increment, min, max, start, cache, cycle, ownedByTable,
                ownedByColumn, epoch + 1, comment, schema);
    }

    /** The same sequence with another comment (null: none), at the same epoch. */
    public SequenceDef withComment(String text) {
        return new SequenceDef(id, database, name, type, increment, min, max, start, cache, cycle, ownedByTable,
                ownedByColumn, epoch, text, schema);
    }

    /** The same sequence in another schema (its catalog key changes with it), at the same epoch. */
    public SequenceDef withSchema(String newSchema) {
        return new SequenceDef(id, database, name, type, increment, min, max, start, cache, cycle, ownedByTable,
                ownedByColumn, epoch, comment, CatalogSnapshot.PUBLIC.equals(newSchema) ? null : newSchema);
    }

    /** Its key in the catalog's sequence map and znode name: {@link CatalogSnapshot#key}. */
    @JsonIgnore
    public String key() {
        return CatalogSnapshot.key(schema, name);
    }

    /** The schema it is in ({@code public} when none is stored). */
    @JsonIgnore
    public String schemaName() {
        return CatalogSnapshot.schemaOf(schema);
    }
}
