package io.tessera.sql.parser.ddl;

import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;

/**
 * A UNIQUE or FOREIGN KEY constraint as written in CREATE TABLE (on a column or on the table) or in ALTER TABLE ...
 * ADD. A column-level constraint has that one column. PostgreSQL 15's grammar:
 * https://www.postgresql.org/docs/15/sql-createtable.html
 */
public sealed interface TableConstraint {
    /** The constraint's name as written ({@code CONSTRAINT name}), or null for the default name. */
    String name();

    /** The constrained columns in written order. */
    List<String> columns();

    /**
     * {@code [CONSTRAINT name] UNIQUE (col, ...) [[NOT] DEFERRABLE] [INITIALLY DEFERRED | IMMEDIATE]}.
     *
     * @param deferrable DEFERRABLE (pg_constraint.condeferrable): the check waits for the statement's end, or for
     *     COMMIT when deferred; implied by INITIALLY DEFERRED
     * @param initiallyDeferred INITIALLY DEFERRED (pg_constraint.condeferred)
     */
    record Unique(String name, List<String> columns, boolean deferrable, boolean initiallyDeferred)
            implements TableConstraint {
        public Unique {
            columns = List.copyOf(columns);
        }

        /** A NOT DEFERRABLE unique constraint. */
        public Unique(String name, List<String> columns) {
            this(name, columns, false, false);
        }

        /** This constraint with the timing flags of {@code PgConstraintTiming} (1 deferrable, 2 initially deferred). */
        public Unique withTiming(int flags) {
            return new Unique(name, columns, (flags & 1) != 0, (flags & 2) != 0);
        }
    }

    /**
     * {@code [CONSTRAINT name] FOREIGN KEY (col, ...) REFERENCES table [(col, ...)] [MATCH FULL | SIMPLE]
     * [ON DELETE action] [ON UPDATE action] [[NOT] DEFERRABLE] [INITIALLY DEFERRED | IMMEDIATE] [NOT VALID]}, or a
     * column's {@code REFERENCES table [(col)] ...}.
     *
     * @param refColumns the referenced columns; empty when not written (the referenced table's primary key)
     * @param matchType pg_constraint.confmatchtype: 's' (SIMPLE, the default) or 'f' (FULL)
     * @param onUpdate pg_constraint.confupdtype: 'a' NO ACTION, 'r' RESTRICT, 'c' CASCADE, 'n' SET NULL,
     *     'd' SET DEFAULT
     * @param onDelete pg_constraint.confdeltype, the same letters
     * @param notValid NOT VALID (ALTER TABLE only): the existing rows are not checked
     * @param deferrable DEFERRABLE (pg_constraint.condeferrable); implied by INITIALLY DEFERRED
     * @param initiallyDeferred INITIALLY DEFERRED (pg_constraint.condeferred): checked at COMMIT unless SET
     *     CONSTRAINTS says otherwise
     */
    record ForeignKey(String name, List<String> columns, SqlIdentifier refTable, List<String> refColumns,
            char matchType, char onUpdate, char onDelete, boolean notValid, boolean deferrable,
            boolean initiallyDeferred) implements TableConstraint {
        public ForeignKey {
            columns = List.copyOf(columns);
            refColumns = List.copyOf(refColumns);
        }

        /** A NOT DEFERRABLE foreign key. */
        public ForeignKey(String name, List<String> columns, SqlIdentifier refTable, List<String> refColumns,
                char matchType, char onUpdate, char onDelete, boolean notValid) {
            this(name, columns, refTable, refColumns, matchType, onUpdate, onDelete, notValid, false, false);
        }

        /** This constraint with another column list (a column-level REFERENCES gets its column so). */
        public ForeignKey onColumns(List<String> cols) {
            return new ForeignKey(name, cols, refTable, refColumns, matchType, onUpdate, onDelete, notValid,
                    deferrable, initiallyDeferred);
        }

        /** This constraint marked NOT VALID. */
        public ForeignKey notValidated() {
            return new ForeignKey(name, columns, refTable, refColumns, matchType, onUpdate, onDelete, true,
                    deferrable, initiallyDeferred);
        }
    }
}
