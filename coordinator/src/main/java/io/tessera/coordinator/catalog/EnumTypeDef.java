package io.tessera.coordinator.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;

/**
 * An enum type ({@code CREATE TYPE name AS ENUM (...)}) as the catalog stores it: one znode per type, JSON, beside the
 * database's tables ({@code /tessera/catalog/types/DB/NAME}).
 *
 * <p>Each label has three things that never change while the label exists, whatever ADD VALUE or RENAME VALUE does
 * later: its OID ({@code pg_enum.oid}), its {@link Label#sortKey} (what a column stores, see {@link EnumSortKeys})
 * and its {@link Label#sortOrder} (PostgreSQL's float4 {@code pg_enum.enumsortorder}, shown but never stored in rows).
 * Only {@link Label#label} changes (RENAME VALUE). Labels are kept in sort order.
 *
 * @param id the object id, unique in the cluster and never reused; the type's OID is {@link #oid()}
 * @param database the database it belongs to
 * @param name the type name within its schema
 * @param owner the role that created it
 * @param labels the labels in their sort order
 * @param schema the schema it is in; null for {@code public} (a type stored before types had schemas reads so)
 */
public record EnumTypeDef(int id, String database, String name, String owner, List<Label> labels, String schema) {
    /**
     * One enum value.
     *
     * @param oid its pg_enum OID
     * @param label the label as written (at most 63 bytes, PostgreSQL's NAMEDATALEN - 1)
     * @param sortKey the stored form: a string over {@code [0-9A-Za-z]} whose byte order is the enum's order
     * @param sortOrder pg_enum.enumsortorder as PostgreSQL would compute it (1, 2, ... then midpoints)
     */
    public record Label(int oid, String label, String sortKey, float sortOrder) {
    }

    public EnumTypeDef {
        labels = List.copyOf(labels);
        schema = schema == null || schema.equals(CatalogSnapshot.PUBLIC) ? null : schema;
    }

    /** A type in {@code public}. */
    public EnumTypeDef(int id, String database, String name, String owner, List<Label> labels) {
        this(id, database, name, owner, labels, null);
    }

    /** Its key in {@link CatalogSnapshot#types} and its znode's name: {@link CatalogSnapshot#key}. */
    @JsonIgnore
    public String key() {
        return CatalogSnapshot.key(schema, name);
    }

    /** The schema it is in ({@code public} when none is stored). */
    @JsonIgnore
    public String schemaName() {
        return CatalogSnapshot.schemaOf(schema);
    }

    /** The same type in schema {@code to} (ALTER TYPE ... SET SCHEMA, ALTER SCHEMA ... RENAME TO). */
    public EnumTypeDef inSchema(String to) {
        return new EnumTypeDef(id, database, name, owner, labels, to);
    }

    /** The type's OID (pg_type.oid), in the same space as relations' OIDs. */
    @JsonIgnore
    public int oid() {
        return TableDef.FIRST_NORMAL_OID + id;
    }

    /** The OID of the object with id {@code id} (from {@code Ops.allocateOid}), as for tables and sequences. */
    public static int oidOf(int id) {
        return TableDef.FIRST_NORMAL_OID + id;
    }

    /** The label with that text, or null. */
    public Label byLabel(String label) {
        for (Label l : labels) {
            if (l.label().equals(label)) {
                return l;
            }
        }
        return null;
    }

    /** The label stored as {@code sortKey}, or null when no label has it (a value whose label was never added). */
    public Label bySortKey(String sortKey) {
        for (Label l : labels) {
            if (l.sortKey().equals(sortKey)) {
                return l;
            }
        }
        return null;
    }

    /** The same type with {@code added} inserted at {@code position} (0 = first). */
    public EnumTypeDef withLabel(int position, Label added) {
        List<Label> out = new ArrayList<>(labels);
        out.add(position, added);
        return new EnumTypeDef(id, database, name, owner, out, schema);
    }

    /** The same type with label {@code from} renamed to {@code to} (its OID and sort key unchanged). */
    public EnumTypeDef withRenamedLabel(String from, String to) {
        List<Label> out = new ArrayList<>();
        for (Label l : labels) {
            out.add(l.label().equals(from) ? new Label(l.oid(), to, l.sortKey(), l.sortOrder()) : l);
        }
        return new EnumTypeDef(id, database, name, owner, out, schema);
    }

    /** The same type under another name. */
    public EnumTypeDef withName(String newName) {
        return new EnumTypeDef(id, database, newName, owner, labels, schema);
    }

    /** This type owned by {@code role} (ALTER TYPE ... OWNER TO). */
    public EnumTypeDef withOwner(String role) {
        return new EnumTypeDef(id, database, name, role, labels, schema);
    }
}
