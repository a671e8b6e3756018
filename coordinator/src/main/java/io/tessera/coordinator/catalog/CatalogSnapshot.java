package io.tessera.coordinator.catalog;

import java.util.List;
import java.util.Map;

/**
 * An immutable view of the whole catalog at one version. Coordinators plan every statement against one snapshot.
 *
 * @param version the catalog version (bumped by every DDL)
 * @param nodes every node by name, coordinators and datanodes
 * @param roles every role by name
 * @param databases every database by name
 * @param tables every table, keyed by {@code database}, then by table name
 * @param sequences every sequence, keyed by {@code database}, then by its {@link #key}
 * @param views every view, keyed by {@code database}, then by view name
 * @param groups every node group by name (cluster-wide, as nodes are)
 * @param types every enum type, keyed by {@code database}, then by type name
 * @param schemas every schema made by CREATE SCHEMA, keyed by {@code database}, then by schema name (the built-in
 *     ones are not among them: {@link #schemaExists})
 */
public record CatalogSnapshot(long version, Map<String, NodeDef> nodes, Map<String, RoleDef> roles,
        Map<String, DatabaseDef> databases, Map<String, Map<String, TableDef>> tables,
        Map<String, Map<String, SequenceDef>> sequences, Map<String, Map<String, ViewDef>> views,
        Map<String, NodeGroupDef> groups, Map<String, Map<String, EnumTypeDef>> types,
        Map<String, Map<String, SchemaDef>> schemas) {

    /** The schema every database has and unqualified names default to. */
    public static final String PUBLIC = "public";

    /** The schemas every database has, with fixed OIDs; CREATE SCHEMA cannot make or drop them. */
    public static final java.util.Set<String> BUILT_IN_SCHEMAS =
            java.util.Set.of("pg_catalog", "pg_toast", PUBLIC, "information_schema");

    /** A snapshot without schemas of its own (only the built-in ones). */
    public CatalogSnapshot(long version, Map<String, NodeDef> nodes, Map<String, RoleDef> roles,
            Map<String, DatabaseDef> databases, Map<String, Map<String, TableDef>> tables,
            Map<String, Map<String, SequenceDef>> sequences, Map<String, Map<String, ViewDef>> views,
            Map<String, NodeGroupDef> groups, Map<String, Map<String, EnumTypeDef>> types) {
        this(version, nodes, roles, databases, tables, sequences, views, groups, types, Map.of());
    }

    /**
     * The key of a table or view in {@link #tables}/{@link #views} (and its znode name): the bare name in
     * {@code public}, {@code schema.name} elsewhere. A public table whose name holds a dot can share a key with a
     * table of another schema; {@link TableDef#schema()} tells them apart, and creating the second is refused (42P07).
     */
    public static String key(String schema, String name) {
        return schema == null || schema.equals(PUBLIC) ? name : schema + "." + name;
    }

    /** The schemas CREATE SCHEMA made in a database, by name (empty when none). */
    public Map<String, SchemaDef> schemas(String database) {
        return schemas.getOrDefault(database, Map.of());
    }

    /** Whether {@code schema} exists in {@code database}: a built-in schema or one CREATE SCHEMA made. */
    public boolean schemaExists(String database, String schema) {
        return BUILT_IN_SCHEMAS.contains(schema) || schemas(database).containsKey(schema);
    }

    /** The table of {@code database} named {@code name} in {@code schema}, or null. */
    public TableDef table(String database, String schema, String name) {
        TableDef t = tables(database).get(key(schema, name));
        return t != null && schemaOf(t.schema()).equals(schema) ? t : null;
    }

    /** The view of {@code database} named {@code name} in {@code schema}, or null. */
    public ViewDef view(String database, String schema, String name) {
        ViewDef v = views(database).get(key(schema, name));
        return v != null && schemaOf(v.schema()).equals(schema) ? v : null;
    }

    /** The sequence of {@code database} named {@code name} in {@code schema}, or null. */
    public SequenceDef sequence(String database, String schema, String name) {
        SequenceDef q = sequences(database).get(key(schema, name));
        return q != null && q.schemaName().equals(schema) ? q : null;
    }

    /** The schema an object's stored schema field names ({@code public} when absent). */
    public static String schemaOf(String stored) {
        return stored == null ? PUBLIC : stored;
    }

    /** A snapshot without enum types. */
    public CatalogSnapshot(long version, Map<String, NodeDef> nodes, Map<String, RoleDef> roles,
            Map<String, DatabaseDef> databases, Map<String, Map<String, TableDef>> tables,
            Map<String, Map<String, SequenceDef>> sequences, Map<String, Map<String, ViewDef>> views,
            Map<String, NodeGroupDef> groups) {
        this(version, nodes, roles, databases, tables, sequences, views, groups, Map.of());
    }

    /** The enum types of a database by catalog key ({@link #key}; empty when it has none). */
    public Map<String, EnumTypeDef> types(String database) {
        return types.getOrDefault(database, Map.of());
    }

    /** The enum type of {@code database} named {@code name} in {@code schema}, or null. */
    public EnumTypeDef type(String database, String schema, String name) {
        EnumTypeDef t = types(database).get(key(schema, name));
        return t != null && t.schemaName().equals(schema) ? t : null;
    }

    /** The enum type of a database with that OID, or null. */
    public EnumTypeDef enumType(String database, int oid) {
        for (EnumTypeDef t : types(database).values()) {
            if (t.oid() == oid) {
                return t;
            }
        }
        return null;
    }

    /** A snapshot without node groups. */
    public CatalogSnapshot(long version, Map<String, NodeDef> nodes, Map<String, RoleDef> roles,
            Map<String, DatabaseDef> databases, Map<String, Map<String, TableDef>> tables,
            Map<String, Map<String, SequenceDef>> sequences, Map<String, Map<String, ViewDef>> views) {
        this(version, nodes, roles, databases, tables, sequences, views, Map.of());
    }

    /** A snapshot without views. */
    public CatalogSnapshot(long version, Map<String, NodeDef> nodes, Map<String, RoleDef> roles,
            Map<String, DatabaseDef> databases, Map<String, Map<String, TableDef>> tables,
            Map<String, Map<String, SequenceDef>> sequences) {
        this(version, nodes, roles, databases, tables, sequences, Map.of());
    }

    /** The views of a database by name (empty when it has none). */
    public Map<String, ViewDef> views(String database) {
        return views.getOrDefault(database, Map.of());
    }

    /** A snapshot without sequences. */
    public CatalogSnapshot(long version, Map<String, NodeDef> nodes, Map<String, RoleDef> roles,
            Map<String, DatabaseDef> databases, Map<String, Map<String, TableDef>> tables) {
        this(version, nodes, roles, databases, tables, Map.of());
    }

    /** The sequences of a database by name (empty when it has none). */
    public Map<String, SequenceDef> sequences(String database) {
        return sequences.getOrDefault(database, Map.of());
    }

    /** The tables of a database by name (empty when it has none). */
    public Map<String, TableDef> tables(String database) {
        return tables.getOrDefault(database, Map.of());
    }

    /** The datanodes, sorted by name. */
    public List<NodeDef> datanodes() {
        return nodes.values().stream().filter(n -> n.type() == 'D')
                .sorted(java.util.Comparator.comparing(NodeDef::name)).toList();
    }

    /** The coordinators, sorted by name. */
    public List<NodeDef> coordinators() {
        return nodes.values().stream().filter(n -> n.type() == 'C')
                .sorted(java.util.Comparator.comparing(NodeDef::name)).toList();
    }
}
