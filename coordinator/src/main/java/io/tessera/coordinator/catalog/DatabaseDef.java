package io.tessera.coordinator.catalog;

/**
 * A database.
 *
 * @param name database name
 * @param oid its OID as pg_database shows it
 * @param owner the role that created it
 */
public record DatabaseDef(String name, int oid, String owner) {
}
