package io.tessera.coordinator.catalog;

/**
 * A role.
 *
 * @param name role name
 * @param oid its OID
 * @param superuser whether it is a superuser
 */
public record RoleDef(String name, int oid, boolean superuser) {
}
