package io.tessera.coordinator.catalog;

import java.util.List;

/**
 * A FOREIGN KEY constraint of a table (the referencing, "child" table), as the catalog stores it inside that table's
 * {@link TableDef}. The coordinator enforces it (sql.constraint.ForeignKeys): the datanodes know nothing of it.
 *
 * @param name the constraint's name (PostgreSQL's default {@code <table>_<col>[_<col>...]_fkey})
 * @param columns the referencing columns, in key order
 * @param refTableId the referenced ("parent") table's id ({@link TableDef#id()}: survives a rename of the parent)
 * @param refColumns the referenced columns, pairwise with {@code columns}; they are the parent's primary key or the
 *     columns of one of its UNIQUE constraints, in that key's order or another
 * @param matchType pg_constraint.confmatchtype: 's' MATCH SIMPLE (a NULL in any column skips the check), 'f' FULL
 * @param onUpdate pg_constraint.confupdtype: 'a' NO ACTION, 'r' RESTRICT, 'c' CASCADE, 'n' SET NULL, 'd' SET DEFAULT
 * @param onDelete pg_constraint.confdeltype, the same letters
 * @param validated false after ADD ... NOT VALID until VALIDATE CONSTRAINT (pg_constraint.convalidated)
 * @param oid the constraint's OID in pg_constraint (from the catalog's OID counter)
 * @param deferrable DEFERRABLE (pg_constraint.condeferrable): SET CONSTRAINTS may defer its check to COMMIT
 * @param initiallyDeferred INITIALLY DEFERRED (pg_constraint.condeferred): checked at COMMIT unless SET CONSTRAINTS
 *     says otherwise; absent from catalogs written before it existed, read as false
 */
public record ForeignKeyDef(String name, List<String> columns, int refTableId, List<String> refColumns,
        char matchType, char onUpdate, char onDelete, boolean validated, int oid, boolean deferrable,
        boolean initiallyDeferred) {

    public ForeignKeyDef {
        columns = List.copyOf(columns);
        refColumns = List.copyOf(refColumns);
    }

    /** This constraint under another name (RENAME CONSTRAINT). */
    public ForeignKeyDef withName(String newName) {
        return new ForeignKeyDef(newName, columns, refTableId, refColumns, matchType, onUpdate, onDelete, validated,
                oid, deferrable, initiallyDeferred);
    }

    /** A NOT DEFERRABLE foreign key. */
    public ForeignKeyDef(String name, List<String> columns, int refTableId, List<String> refColumns,
            char matchType, char onUpdate, char onDelete, boolean validated, int oid) {
        this(name, columns, refTableId, refColumns, matchType, onUpdate, onDelete, validated, oid, false, false);
    }

    /** This constraint with {@code validated} set. */
    public ForeignKeyDef asValidated() {
        return new ForeignKeyDef(name, columns, refTableId, refColumns, matchType, onUpdate, onDelete, true, oid,
                deferrable, initiallyDeferred);
    }

    /** PostgreSQL's words for a referential action letter (pg_get_constraintdef, information_schema). */
    public static String actionWords(char action) {
        return switch (action) {
            case 'r' -> "RESTRICT";
            case 'c' -> "CASCADE";
            case 'n' -> "SET NULL";
            case 'd' -> "SET DEFAULT";
            default -> "NO ACTION";
        };
    }
}
