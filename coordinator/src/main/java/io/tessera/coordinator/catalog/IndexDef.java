package io.tessera.coordinator.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * A secondary index of a table, as the catalog stores it inside its {@link TableDef} (so that the index list is part
 * of the table's schema version: datanodes learn which indexes to maintain from the table's definition, never from a
 * request).
 *
 * @param id the index id: unique in the cluster and never reused (from the catalog's OID counter); the index
 *     component of its entries' storage keys ({@code [table][shard][index id][...]}, docs/storage-format.md)
 * @param name the index's name (in the relation namespace of the table's schema)
 * @param columns the key columns in key order
 * @param include INCLUDE's columns (stored nowhere but the catalog: the row is read anyway)
 * @param unique UNIQUE
 * @param state the F1 online-build state ({@link State})
 * @param constraint true when a UNIQUE constraint owns the index (CREATE TABLE's or ALTER TABLE ADD's
 *     {@code UNIQUE}): pg_constraint shows it (contype 'u', same name), DROP INDEX refuses it (2BP01) and
 *     ALTER TABLE DROP CONSTRAINT drops it
 * @param deferrable the owning UNIQUE constraint is DEFERRABLE (pg_constraint.condeferrable): the datanodes check
 *     its keys at the end of each write request, or at COMMIT while it is deferred, not as each row is written
 * @param initiallyDeferred INITIALLY DEFERRED (pg_constraint.condeferred): deferred unless SET CONSTRAINTS says
 *     otherwise
 */
public record IndexDef(int id, String name, List<Column> columns, List<String> include, boolean unique,
        State state, boolean constraint, boolean deferrable, boolean initiallyDeferred) {

    /** An index no constraint owns (CREATE INDEX). */
    public IndexDef(int id, String name, List<Column> columns, List<String> include, boolean unique, State state) {
        this(id, name, columns, include, unique, state, false);
    }

    /** An index of a NOT DEFERRABLE constraint, or of none. */
    public IndexDef(int id, String name, List<Column> columns, List<String> include, boolean unique,
            State state, boolean constraint) {
        this(id, name, columns, include, unique, state, constraint, false, false);
    }

    public IndexDef {
        columns = List.copyOf(columns);
        include = include == null ? List.of() : List.copyOf(include);
        state = state == null ? State.PUBLIC : state;
    }

    /**
     * One key column.
     *
     * @param name the column's name
     * @param descending DESC
     * @param nullsFirst whether NULLs sort before non-NULLs (PostgreSQL's default: true for DESC, false for ASC)
     */
    public record Column(String name, boolean descending, boolean nullsFirst) {
    }

    /**
     * The states an index moves through while it is built on a filled table, each published as a schema version
     * of its table and acknowledged by every coordinator before the next (F1's online schema change, Rae et al.,
     * VLDB 2013): writers start maintaining the index before the backfill reads, so no row is missed, and readers
     * use it only once it is complete.
     */
    public enum State {
        /** Deletes remove entries; nothing adds them (with re-checked entries this state is empty work, kept for the protocol). */
        DELETE_ONLY,
        /** Every write maintains the index; readers do not use it. */
        WRITE_ONLY,
        /** As WRITE_ONLY while the datanodes add the entries of the rows that existed before. */
        BACKFILL,
        /** Complete: the planner may read it. */
        PUBLIC;

        /** Whether writers maintain entries in this state. */
        public boolean maintained() {
            return this != DELETE_ONLY;
        }
    }

    /** The index's OID as pg_class reports it (same numbering as tables: {@link TableDef#FIRST_NORMAL_OID} + id). */
    @JsonIgnore
    public int oid() {
        return TableDef.FIRST_NORMAL_OID + id;
    }

    /** This index under another name (RENAME CONSTRAINT of the UNIQUE constraint that owns it). */
    public IndexDef withName(String newName) {
        return new IndexDef(id, newName, columns, include, unique, state, constraint, deferrable,
                initiallyDeferred);
    }

    /** This index in another state. */
    public IndexDef withState(State next) {
        return new IndexDef(id, name, columns, include, unique, next, constraint, deferrable, initiallyDeferred);
    }

    /** This index owned by a UNIQUE constraint. */
    public IndexDef asConstraint() {
        return new IndexDef(id, name, columns, include, unique, state, true, deferrable, initiallyDeferred);
    }

    /** This index with other key columns (a column renamed). */
    public IndexDef withColumns(List<Column> newColumns, List<String> newInclude) {
        return new IndexDef(id, name, newColumns, newInclude, unique, state, constraint, deferrable,
                initiallyDeferred);
    }

    /** The key columns' names in order. */
    @JsonIgnore
    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }
}
