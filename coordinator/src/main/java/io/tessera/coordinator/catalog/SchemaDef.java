package io.tessera.coordinator.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * A schema made by CREATE SCHEMA, as the catalog stores it (one znode per schema, JSON, under
 * {@code /tessera/catalog/schemas/DB/NAME}). The built-in schemas ({@code pg_catalog}, {@code public},
 * {@code information_schema}, {@code pg_toast}) are not stored: every database has them, with fixed OIDs.
 *
 * <p>Objects in a schema other than {@code public} are keyed in the catalog's maps (and znode names) by
 * {@link CatalogSnapshot#key}: {@code schema.name}; objects of {@code public} keep their bare name as key, so the
 * catalog of a cluster made before schemas existed reads unchanged.
 *
 * @param id the schema's object id (from the catalog's OID counter, never reused); its OID is
 *     {@link TableDef#FIRST_NORMAL_OID} + id, as {@code pg_namespace.oid}
 * @param database the database it belongs to
 * @param name the schema's name
 * @param owner the OID of the owning role ({@code pg_namespace.nspowner})
 * @param comment COMMENT ON SCHEMA's text, or null
 * @param acl GRANT/REVOKE ... ON SCHEMA's ACL ({@code pg_namespace.nspacl}: {@code U} usage, {@code C} create), or
 *     null before the first one: the owner holds both then, nobody else anything
 * @param temporaryOf for a session's temporary schema ({@code pg_temp_N}, {@link #TEMP_PREFIX}): the name of the
 *     coordinator whose session made it, so a restarted coordinator (or any other, once that one is gone) drops the
 *     schemas its dead sessions left; null for every other schema
 */
public record SchemaDef(int id, String database, String name, int owner, String comment, List<AclItem> acl,
        String temporaryOf) {
    /** The privileges a schema's ACL grants: USAGE and CREATE. */
    public static final String RIGHTS = "UC";

    /** The name prefix of the sessions' temporary schemas: {@code pg_temp_} and the schema's id. */
    public static final String TEMP_PREFIX = "pg_temp_";

    /** A schema that never had GRANT or REVOKE. */
    public SchemaDef(int id, String database, String name, int owner, String comment) {
        this(id, database, name, owner, comment, null);
    }

    /** A schema that is not a session's temporary schema. */
    public SchemaDef(int id, String database, String name, int owner, String comment, List<AclItem> acl) {
        this(id, database, name, owner, comment, acl, null);
    }

    /** Whether {@code schema} names a session's temporary schema ({@code pg_temp_N}). */
    public static boolean isTemporary(String schema) {
        return schema != null && schema.startsWith(TEMP_PREFIX);
    }

    /** The schema's OID as {@code pg_namespace} reports it. */
    @JsonIgnore
    public int oid() {
        return TableDef.FIRST_NORMAL_OID + id;
    }

    /** This schema under another name (ALTER SCHEMA ... RENAME TO). */
    public SchemaDef renamed(String newName) {
        return new SchemaDef(id, database, newName, owner, comment, acl, temporaryOf);
    }

    /**
     * This schema with another owner (ALTER SCHEMA ... OWNER TO): the old owner's ACL entries pass to the new one, as
     * PostgreSQL's aclnewowner does.
     */
    public SchemaDef withOwner(int newOwner) {
        return new SchemaDef(id, database, name, newOwner, comment,
                acl == null ? null : AclItem.newOwner(acl, owner, newOwner, RIGHTS), temporaryOf);
    }

    /** This schema with another ACL (GRANT / REVOKE ... ON SCHEMA). */
    public SchemaDef withAcl(List<AclItem> newAcl) {
        return new SchemaDef(id, database, name, owner, comment, newAcl, temporaryOf);
    }

    /** The ACL in effect: its own, or the owner-holds-everything default. */
    public List<AclItem> effectiveAcl() {
        return acl != null ? acl : AclItem.defaults(owner, RIGHTS);
    }

    /** This schema with another comment (COMMENT ON SCHEMA; null removes it). */
    public SchemaDef withComment(String newComment) {
        return new SchemaDef(id, database, name, owner, newComment, acl, temporaryOf);
    }
}
