package io.tessera.coordinator.session;

/**
 * A result column as RowDescription reports it.
 *
 * @param name the column label (PostgreSQL's: the column name, the function name, or {@code ?column?})
 * @param typeOid PostgreSQL type OID
 * @param typmod type modifier ({@code atttypmod}), -1 when none
 * @param typlen {@code pg_type.typlen}, -1 for variable length
 * @param tableOid OID of the source table, 0 when not a plain column
 * @param columnNumber attribute number in the source table, 0 when not a plain column
 */
public record Column(String name, int typeOid, int typmod, int typlen, int tableOid, int columnNumber) {
    public Column(String name, int typeOid) {
        this(name, typeOid, -1, io.tessera.common.types.PgType.ofOid(typeOid) == null ? -1
                : io.tessera.common.types.PgType.ofOid(typeOid).typlen(), 0, 0);
    }
}
