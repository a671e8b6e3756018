package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.IndexDef;
import io.tessera.coordinator.catalog.SequenceDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.catalog.ViewDef;
import io.tessera.coordinator.catalog.pgcatalog.CatalogOids;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.api.transaction.CuratorOp;

/**
 * {@code ALTER TABLE | VIEW | SEQUENCE name SET SCHEMA s}, as PostgreSQL 15's AlterObjectSchemaStmt
 * (https://www.postgresql.org/docs/15/sql-altertable.html): the relation moves to another schema in one catalog change.
 *
 * <p>Only the catalog changes. A table keeps its id, so its rows, its distribution, its owner and ACL, its statistics
 * and the foreign keys that reference it (they hold its id) stay as they are; its indexes and constraints are part of
 * its definition and move with it, and so do the sequences it owns (serial and identity columns), as PostgreSQL moves
 * them. PostgreSQL's defaults hold a sequence's OID ({@code nextval('q'::regclass)}); Tessera's hold its
 * schema-qualified name, so every default that names a moved sequence is rewritten to its new name in the same change.
 *
 * <p>Errors, as PostgreSQL's: 3F000 an unknown schema, 42P07 {@code relation "x" already exists in schema "s"} when
 * the relation, one of its indexes or one of its sequences has a name taken there, 0A000 moving a sequence a column
 * owns. Moving into the same schema does nothing. Tessera's own limit (0A000): no move into a built-in system schema
 * ({@code pg_catalog}, {@code information_schema}, {@code pg_toast}; PostgreSQL lets a superuser).
 *
 * <p>A view that reads the moved relation keeps reading it, as PostgreSQL's views bind relations by OID: its query
 * names it schema-qualified in its new schema from then on ({@link ViewDdl#movedRelation}).
 */
final class SetSchemaDdl {
    private SetSchemaDdl() {
    }

    /** ALTER TABLE {@code key} SET SCHEMA {@code schema}: the table with its indexes and owned sequences. */
    static void table(CatalogStore catalog, String database, String key, String schema) {
        catalog.apply((snapshot, root, ops) -> {
            TableDef t = snapshot.tables(database).get(key);
            if (t == null) {
                throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + key + "\" does not exist");
            }
            if (!target(snapshot, database, CatalogSnapshot.schemaOf(t.schema()), schema)) {
                return List.of();
            }
            free(snapshot, database, schema, t.name());
            for (IndexDef i : t.indexes()) {
                free(snapshot, database, schema, i.name());
            }
            if (!t.primaryKey().isEmpty()) {
                free(snapshot, database, schema, CatalogOids.primaryKeyName(t));
            }
            TableDef moved = new TableDef(t.id(), t.database(), schema, t.name(), t.columns(), t.distribution(),
                    t.primaryKey(), t.checks(), t.nextColumnId(), t.schemaVersion() + 1, t.comments(), t.indexes(),
                    t.foreignKeys(), t.owner(), t.acl(), t.primaryKeyName());
            List<SequenceDef[]> sequences = new ArrayList<>();
            for (SequenceDef q : snapshot.sequences(database).values()) {
                if (key.equals(q.ownedByTable())) {
                    free(snapshot, database, schema, q.name());
                    sequences.add(new SequenceDef[] {q, q.withSchema(schema).withOwnedBy(moved.key(),
                            q.ownedByColumn())});
                }
            }
            List<CuratorOp> out = new ArrayList<>();
            out.add(ops.deleteTable(t));
            out.add(ops.createTable(withDefaults(moved, sequences)));
            for (ViewDef w : ViewDdl.movedRelation(snapshot, database, key, schema)) {
                out.add(ops.updateView(w));
            }
            out.addAll(moveSequences(snapshot, database, ops, sequences, t.id()));
            return out;
        });
    }

    /** ALTER SEQUENCE {@code key} SET SCHEMA {@code schema}; the defaults that use it follow it. */
    static void sequence(CatalogStore catalog, String database, String key, String schema) {
        catalog.apply((snapshot, root, ops) -> {
            SequenceDef q = snapshot.sequences(database).get(key);
            if (q == null) {
                throw SequenceDdl.missing(snapshot, database, key);
            }
            if (q.ownedByTable() != null) {
                TableDef owner = snapshot.tables(database).get(q.ownedByTable());
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "cannot move an owned sequence into another schema", "Sequence \"" + q.name()
                                + "\" is linked to table \"" + (owner == null ? q.ownedByTable() : owner.name())
                                + "\".", null, 0, null);
            }
            if (!target(snapshot, database, q.schemaName(), schema)) {
                return List.of();
            }
            free(snapshot, database, schema, q.name());
            List<SequenceDef[]> moved = new ArrayList<>();
            moved.add(new SequenceDef[] {q, q.withSchema(schema)});
            return moveSequences(snapshot, database, ops, moved, -1);
        });
    }

    /** ALTER VIEW {@code key} SET SCHEMA {@code schema}; its query keeps reading what it read (its search path). */
    static void view(CatalogStore catalog, String database, String key, String schema) {
        catalog.apply((snapshot, root, ops) -> {
            ViewDef v = snapshot.views(database).get(key);
            if (v == null) {
                throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + key + "\" does not exist");
            }
            if (!target(snapshot, database, CatalogSnapshot.schemaOf(v.schema()), schema)) {
                return List.of();
            }
            free(snapshot, database, schema, v.name());
            List<CuratorOp> out = new ArrayList<>();
            out.add(ops.deleteView(v));
            out.add(ops.createView(new ViewDef(v.id(), v.database(), schema, v.name(), v.query(), v.columns(),
                    v.relations(), v.comments(), v.searchPath())));
            for (ViewDef w : ViewDdl.movedRelation(snapshot, database, key, schema)) {
                out.add(ops.updateView(w));
            }
            return out;
        });
    }

    /**
     * Checks the target schema.
     *
     * @return false when the relation is already there (nothing to do)
     * @throws TesseraException 3F000 for an unknown schema, 0A000 for a built-in system schema
     */
    private static boolean target(CatalogSnapshot s, String database, String from, String to) {
        if (!s.schemaExists(database, to)) {
            throw new TesseraException(SqlState.INVALID_SCHEMA_NAME, "schema \"" + to + "\" does not exist");
        }
        if (CatalogSnapshot.BUILT_IN_SCHEMAS.contains(to) && !to.equals(CatalogSnapshot.PUBLIC)) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "cannot move objects into system schema "
                    + to);
        }
        return !from.equals(to);
    }

    /** 42P07 when relation {@code name} (a table, view, sequence or index) exists in {@code schema}. */
    private static void free(CatalogSnapshot s, String database, String schema, String name) {
        if (SequenceDdl.relationExists(s, database, CatalogSnapshot.key(schema, name))) {
            throw new TesseraException(SqlState.DUPLICATE_TABLE, "relation \"" + name + "\" already exists in schema \""
                    + schema + "\"");
        }
    }

    /**
     * The operations that put each sequence {@code pairs[i][0]} under its new key {@code pairs[i][1]} (the definition
     * only: the counter is keyed by id and stays) and rewrite the defaults of the tables, but table {@code skipTable}
     * (the moving table, already rewritten), that name it.
     */
    private static List<CuratorOp> moveSequences(CatalogSnapshot s, String database, CatalogStore.Ops ops,
            List<SequenceDef[]> pairs, int skipTable) throws Exception {
        List<CuratorOp> out = new ArrayList<>();
        for (SequenceDef[] m : pairs) {
            out.add(ops.deleteSequence(m[0]).get(0));
            out.add(ops.createSequence(m[1]).get(0));
        }
        for (TableDef t : s.tables(database).values()) {
            if (t.id() != skipTable) {
                TableDef after = withDefaults(t, pairs);
                if (after != t) { // a new shape: plans holding the old default are made again
                    out.add(ops.updateTable(after.altered(after.name(), after.columns(), after.primaryKey(),
                            after.checks())));
                }
            }
        }
        return out;
    }

    /** {@code t} with its defaults naming the moved sequences by their new names; {@code t} itself when none does. */
    private static TableDef withDefaults(TableDef t, List<SequenceDef[]> pairs) {
        List<ColumnDef> cols = new ArrayList<>(t.columns());
        boolean touched = false;
        for (int i = 0; i < cols.size(); i++) {
            String d = cols.get(i).defaultExpr();
            for (SequenceDef[] m : pairs) {
                if (d != null && m[0].key().equals(SequenceDdl.sequenceOf(d))) {
                    d = SequenceDdl.renamedIn(d, m[0].key(), m[1]);
                    touched = true;
                }
            }
            cols.set(i, cols.get(i).withDefault(d));
        }
        return touched ? new TableDef(t.id(), t.database(), t.schema(), t.name(), cols, t.distribution(),
                t.primaryKey(), t.checks(), t.nextColumnId(), t.schemaVersion(), t.comments(), t.indexes(),
                t.foreignKeys(), t.owner(), t.acl(), t.primaryKeyName()) : t;
    }
}
