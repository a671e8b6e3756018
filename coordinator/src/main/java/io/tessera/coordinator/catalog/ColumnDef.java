package io.tessera.coordinator.catalog;

import io.tessera.common.types.PgType;

/**
 * A column of a table.
 *
 * @param name the column name (already case-folded)
 * @param type the PostgreSQL type
 * @param typmod PostgreSQL's atttypmod: for varchar/bpchar the length + 4, for numeric
 *     ((precision &lt;&lt; 16) | scale) + 4, otherwise -1; for a column of an enum type (type TEXT, holding the
 *     labels' sort keys: docs/storage-format.md) the enum type's OID ({@link #enumTypeOid})
 * @param notNull whether NULL is refused (23502)
 * @param defaultExpr the DEFAULT expression as SQL text (re-parsed at INSERT), or null for none
 * @param identity "a" for GENERATED ALWAYS AS IDENTITY, "d" for BY DEFAULT, null for neither (attidentity)
 * @param id the column's stable id within its table: 1..n at CREATE TABLE, then {@link TableDef#nextColumnId()};
 *     never reused, unchanged by other columns' ADD/DROP. Stored rows name their columns by it
 *     (docs/storage-format.md). 0 until the {@link TableDef} holding the column assigns one.
 * @param missing the value the column reads as from a stored row written before the column was added (PostgreSQL's
 *     {@code attmissingval}): the ADD COLUMN's default, evaluated once, as {@link MissingValue#encode} writes it;
 *     null for NULL. Datanodes decode with it (docs/storage-format.md).
 */
public record ColumnDef(String name, PgType type, int typmod, boolean notNull, String defaultExpr, String identity,
        int id, String missing) {
    /** A column read as NULL from rows that lack it. */
    public ColumnDef(String name, PgType type, int typmod, boolean notNull, String defaultExpr, String identity,
            int id) {
        this(name, type, typmod, notNull, defaultExpr, identity, id, null);
    }

    /** A column without default or identity, whose id the table assigns ({@link TableDef}). */
    public ColumnDef(String name, PgType type, int typmod, boolean notNull) {
        this(name, type, typmod, notNull, null, null, 0);
    }

    /** A column whose id the table assigns ({@link TableDef}). */
    public ColumnDef(String name, PgType type, int typmod, boolean notNull, String defaultExpr, String identity) {
        this(name, type, typmod, notNull, defaultExpr, identity, 0);
    }

    /** This column with id {@code id}. */
    public ColumnDef withId(int id) {
        return new ColumnDef(name, type, typmod, notNull, defaultExpr, identity, id, missing);
    }

    /** The same column with another DEFAULT (null: none). */
    public ColumnDef withDefault(String expr) {
        return new ColumnDef(name, type, typmod, notNull, expr, identity, id, missing);
    }

    /** The same column with NOT NULL set or dropped. */
    public ColumnDef withNotNull(boolean value) {
        return new ColumnDef(name, type, typmod, value, defaultExpr, identity, id, missing);
    }

    /** The same column under another name. */
    public ColumnDef withName(String newName) {
        return new ColumnDef(newName, type, typmod, notNull, defaultExpr, identity, id, missing);
    }

    /** The same column with another missing value ({@link MissingValue#encode}; null: NULL). */
    public ColumnDef withMissing(String encoded) {
        return new ColumnDef(name, type, typmod, notNull, defaultExpr, identity, id, encoded);
    }

    /** The same column with another type (ALTER COLUMN ... TYPE: the rows are rewritten, so nothing is missing). */
    public ColumnDef withType(PgType newType, int newTypmod) {
        return new ColumnDef(name, newType, newTypmod, notNull, defaultExpr, identity, id, null);
    }

    /** The OID of this column's enum type (pg_attribute.atttypid), or 0 when it is not of an enum type. */
    public int enumTypeOid() {
        return type == PgType.TEXT && typmod >= TableDef.FIRST_NORMAL_OID ? typmod : 0;
    }

    /** The declared length of a varchar/bpchar column, or of a bit(n)/bit varying(n) one, or -1. */
    public int length() {
        if (type == PgType.BIT || type == PgType.VARBIT) {
            return typmod >= 1 ? typmod : -1; // PostgreSQL's typmod of bit strings is n itself
        }
        return (type == PgType.VARCHAR || type == PgType.BPCHAR) && typmod >= 4 ? typmod - 4 : -1;
    }

    /** The declared precision of a numeric column, or -1. */
    public int precision() {
        return type == PgType.NUMERIC && typmod >= 4 ? ((typmod - 4) >> 16) & 0xffff : -1;
    }

    /** The declared scale of a numeric column, or -1. */
    public int scale() {
        return type == PgType.NUMERIC && typmod >= 4 ? (typmod - 4) & 0xffff : -1;
    }

    /** The type as {@code format_type} prints it, e.g. {@code character varying(100)}. */
    public String formatType() {
        if (type.isArray()) {
            return new ColumnDef(name, type.element(), typmod, notNull).formatType() + "[]";
        }
        if (length() >= 0) {
            return type.sqlName() + "(" + length() + ")";
        }
        if (precision() >= 0) {
            return "numeric(" + precision() + "," + scale() + ")";
        }
        return type.sqlName();
    }
}
