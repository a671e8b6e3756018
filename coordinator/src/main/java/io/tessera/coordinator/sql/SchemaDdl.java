package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.RoleDef;
import io.tessera.coordinator.catalog.SchemaDef;
import io.tessera.coordinator.catalog.SequenceDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.catalog.ViewDef;
import io.tessera.coordinator.catalog.pgcatalog.Relations;
import io.tessera.sql.parser.ddl.SqlAlterSchema;
import io.tessera.sql.parser.ddl.SqlComment;
import io.tessera.sql.parser.ddl.SqlCreateSchema;
import io.tessera.sql.parser.ddl.SqlDropSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.calcite.sql.SqlNode;

/**
 * CREATE SCHEMA, DROP SCHEMA, ALTER SCHEMA and COMMENT ON SCHEMA, as PostgreSQL 15 has them
 * (https://www.postgresql.org/docs/15/sql-createschema.html, sql-dropschema.html, sql-alterschema.html). Tessera's
 * grammar parses them ({@code SqlCreateSchema}, {@code SqlDropSchema}, {@code SqlAlterSchema}, {@code SqlComment} ON
 * SCHEMA; names folded as PostgreSQL folds them); {@link #of} turns the trees into the statements {@link #run}
 * runs.
 *
 * <p>A schema is a catalog object ({@link SchemaDef}); its tables and views are keyed {@code schema.name}
 * ({@link CatalogSnapshot#key}). DROP SCHEMA ... CASCADE drops the schema's views, then its tables (each with
 * CASCADE, so views and foreign keys elsewhere that depend on them go too) through the ordinary DROP statements —
 * which remove the tables' rows on the datanodes — and then the schema: a failure in between leaves the schema with
 * fewer objects, never objects without a schema.
 *
 * <p>Errors: 42P06 schema already exists, 3F000 schema does not exist, 2BP01 a non-empty schema dropped without
 * CASCADE, 42939 a name with the reserved {@code pg_} prefix, 42704 an unknown role, 42501 a change by a role that
 * neither owns the schema nor is a superuser, 0A000 dropping or renaming a built-in schema (the grammar raises 42601
 * for syntax errors and 0A000 for schema elements inside CREATE SCHEMA).
 */
final class SchemaDdl {
    /** A parsed statement. */
    sealed interface Statement {
        /** The command tag PostgreSQL reports. */
        String tag();
    }

    /** CREATE SCHEMA [IF NOT EXISTS] name [AUTHORIZATION role], or CREATE SCHEMA AUTHORIZATION role (name null). */
    record Create(String name, String authorization, boolean ifNotExists) implements Statement {
        @Override
        public String tag() {
            return "CREATE SCHEMA";
        }
    }

    /** DROP SCHEMA [IF EXISTS] name [, ...] [CASCADE | RESTRICT]. */
    record Drop(List<String> names, boolean ifExists, boolean cascade) implements Statement {
        @Override
        public String tag() {
            return "DROP SCHEMA";
        }
    }

    /** ALTER SCHEMA name RENAME TO renameTo, or ALTER SCHEMA name OWNER TO owner (the other null). */
    record Alter(String name, String renameTo, String owner) implements Statement {
        @Override
        public String tag() {
            return "ALTER SCHEMA";
        }
    }

    /** COMMENT ON SCHEMA name IS 'text' | NULL. */
    record Comment(String name, String text) implements Statement {
        @Override
        public String tag() {
            return "COMMENT";
        }
    }

    private SchemaDdl() {
    }

    /** The schema statement a parse tree is, or null when it is none. */
    static Statement of(SqlNode node) {
        if (node instanceof SqlCreateSchema c) {
            return new Create(c.name(), c.authorization(), c.ifNotExists());
        }
        if (node instanceof SqlDropSchema d) {
            return new Drop(d.names(), d.ifExists(), d.cascade());
        }
        if (node instanceof SqlAlterSchema a) {
            return new Alter(a.name(), a.renameTo(), a.ownerTo());
        }
        if (node instanceof SqlComment c && c.objectType().equals("SCHEMA")) {
            return new Comment(c.name().getSimple(), c.text());
        }
        return null;
    }

    // ---- execution

    /**
     * Runs {@code stmt} as role {@code user} in {@code database}.
     *
     * @param internal runs one of the DROP statements of DROP SCHEMA ... CASCADE in the calling session
     * @return the notices it raises
     */
    static List<TesseraException> run(Statement stmt, CatalogStore catalog, String user, String database,
            Consumer<String> internal) {
        List<TesseraException> notices = new ArrayList<>();
        if (stmt instanceof Create c) {
            create(c, catalog, user, database, notices);
        } else if (stmt instanceof Drop d) {
            drop(d, catalog, user, database, internal, notices);
        } else if (stmt instanceof Alter a) {
            alter(a, catalog, user, database);
        } else if (stmt instanceof Comment c) {
            catalog.apply((snapshot, root, ops) -> {
                SchemaDef s = owned(snapshot, database, c.name(), user);
                return List.of(ops.updateSchema(s.withComment(c.text())));
            });
        }
        return notices;
    }

    private static void create(Create c, CatalogStore catalog, String user, String database,
            List<TesseraException> notices) {
        catalog.apply((snapshot, root, ops) -> {
            notices.clear();
            RoleDef owner = role(snapshot, c.authorization() == null ? user : c.authorization(), user);
            String name = c.name() == null ? owner.name() : c.name();
            if (snapshot.schemaExists(database, name)) {
                if (c.ifNotExists()) {
                    notices.add(new TesseraException(SqlState.DUPLICATE_SCHEMA,
                            "schema \"" + name + "\" already exists, skipping"));
                    return List.of();
                }
                throw new TesseraException(SqlState.DUPLICATE_SCHEMA, "schema \"" + name + "\" already exists");
            }
            if (name.startsWith("pg_")) {
                throw new TesseraException(SqlState.RESERVED_NAME, "unacceptable schema name \"" + name + "\"",
                        "The prefix \"pg_\" is reserved for system schemas.", null, 0, null);
            }
            return ops.createSchema(new SchemaDef(ops.allocateOid(), database, name, owner.oid(), null));
        });
    }

    private static void drop(Drop d, CatalogStore catalog, String user, String database, Consumer<String> internal,
            List<TesseraException> notices) {
        CatalogSnapshot now = catalog.snapshot();
        List<String> present = new ArrayList<>();
        for (String name : d.names()) {
            if (CatalogSnapshot.BUILT_IN_SCHEMAS.contains(name)) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "cannot drop schema " + name + ": it is built into every Tessera database");
            }
            if (!now.schemas(database).containsKey(name)) {
                if (!d.ifExists()) {
                    throw new TesseraException(SqlState.INVALID_SCHEMA_NAME, "schema \"" + name + "\" does not exist");
                }
                notices.add(new TesseraException(SqlState.SUCCESSFUL_COMPLETION,
                        "schema \"" + name + "\" does not exist, skipping"));
                continue;
            }
            owned(now, database, name, user);
            present.add(name);
        }
        List<String[]> dependents = dependents(now, database, present);
        if (!dependents.isEmpty() && !d.cascade()) {
            throw new TesseraException(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop schema "
                    + dependents.get(0)[1] + " because other objects depend on it",
                    String.join("\n", dependents.stream().map(x -> x[0] + " depends on schema " + x[1]).toList()),
                    "Use DROP ... CASCADE to drop the dependent objects too.", 0, null);
        }
        if (!dependents.isEmpty()) {
            notices.add(dependents.size() == 1
                    ? new TesseraException(SqlState.SUCCESSFUL_COMPLETION, "drop cascades to " + dependents.get(0)[0])
                    : new TesseraException(SqlState.SUCCESSFUL_COMPLETION, "drop cascades to " + dependents.size()
                            + " other objects", String.join("\n", dependents.stream()
                                    .map(x -> "drop cascades to " + x[0]).toList()), null, 0, null));
            for (ViewDef v : now.views(database).values()) {
                if (present.contains(CatalogSnapshot.schemaOf(v.schema()))) {
                    internal.accept("DROP VIEW IF EXISTS " + qualified(v.schema(), v.name()) + " CASCADE");
                }
            }
            for (TableDef t : now.tables(database).values()) {
                if (present.contains(CatalogSnapshot.schemaOf(t.schema()))) {
                    internal.accept("DROP TABLE IF EXISTS " + qualified(t.schema(), t.name()) + " CASCADE");
                }
            }
            for (SequenceDef q : now.sequences(database).values()) { // those the tables did not own
                if (present.contains(q.schemaName())) {
                    internal.accept("DROP SEQUENCE IF EXISTS " + qualified(q.schemaName(), q.name()) + " CASCADE");
                }
            }
            for (io.tessera.coordinator.catalog.EnumTypeDef t : now.types(database).values()) { // after its columns
                if (present.contains(t.schemaName())) {
                    internal.accept("DROP TYPE IF EXISTS " + qualified(t.schemaName(), t.name()) + " CASCADE");
                }
            }
        }
        if (present.isEmpty()) {
            return;
        }
        catalog.apply((snapshot, root, ops) -> {
            List<org.apache.curator.framework.api.transaction.CuratorOp> out = new ArrayList<>();
            if (!dependents(snapshot, database, present).isEmpty()) {
                throw new TesseraException(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop schema "
                        + present.get(0) + " because other objects depend on it");
            }
            for (String name : present) {
                SchemaDef s = snapshot.schemas(database).get(name);
                if (s != null) {
                    out.add(ops.deleteSchema(s));
                }
            }
            return out;
        });
    }

    /**
     * The objects in {@code schemas}, in OID order: each as PostgreSQL's DETAIL names it ({@code table s.t}) and its
     * schema.
     */
    private static List<String[]> dependents(CatalogSnapshot s, String database, List<String> schemas) {
        java.util.TreeMap<Integer, String[]> byOid = new java.util.TreeMap<>();
        for (ViewDef v : s.views(database).values()) {
            if (schemas.contains(CatalogSnapshot.schemaOf(v.schema()))) {
                byOid.put(v.id(), new String[] {"view " + v.schema() + "." + v.name(), v.schema()});
            }
        }
        for (TableDef t : s.tables(database).values()) {
            if (schemas.contains(CatalogSnapshot.schemaOf(t.schema()))) {
                byOid.put(t.id(), new String[] {"table " + t.schema() + "." + t.name(), t.schema()});
            }
        }
        for (SequenceDef q : s.sequences(database).values()) {
            if (schemas.contains(q.schemaName()) && q.ownedByTable() == null) { // an owned one goes with its table
                byOid.put(q.id(), new String[] {"sequence " + q.schemaName() + "." + q.name(), q.schemaName()});
            }
        }
        for (io.tessera.coordinator.catalog.EnumTypeDef t : s.types(database).values()) {
            if (schemas.contains(t.schemaName())) {
                byOid.put(t.id(), new String[] {"type " + t.schemaName() + "." + t.name(), t.schemaName()});
            }
        }
        return new ArrayList<>(byOid.values());
    }

    private static void alter(Alter a, CatalogStore catalog, String user, String database) {
        catalog.apply((snapshot, root, ops) -> {
            if (CatalogSnapshot.BUILT_IN_SCHEMAS.contains(a.name()) && snapshot.schemaExists(database, a.name())) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "cannot alter schema " + a.name() + ": it is built into every Tessera database");
            }
            SchemaDef s = owned(snapshot, database, a.name(), user);
            if (a.owner() != null) {
                return List.of(ops.updateSchema(s.withOwner(role(snapshot, a.owner(), user).oid())));
            }
            String to = a.renameTo();
            if (snapshot.schemaExists(database, to)) {
                throw new TesseraException(SqlState.DUPLICATE_SCHEMA, "schema \"" + to + "\" already exists");
            }
            if (to.startsWith("pg_")) {
                throw new TesseraException(SqlState.RESERVED_NAME, "unacceptable schema name \"" + to + "\"",
                        "The prefix \"pg_\" is reserved for system schemas.", null, 0, null);
            }
            List<org.apache.curator.framework.api.transaction.CuratorOp> out = new ArrayList<>();
            out.add(ops.deleteSchema(s));
            out.addAll(ops.createSchema(s.renamed(to)));
            // the schema's tables, sequences and views move to their new keys (schema.name), keeping their ids; the
            // defaults that name a moved sequence (nextval('s.q')) follow it, as PostgreSQL's hold its OID
            List<SequenceDef[]> moved = new ArrayList<>();
            for (SequenceDef q : snapshot.sequences(database).values()) {
                String owner = q.ownedByTable() != null && q.ownedByTable().startsWith(a.name() + ".")
                        ? to + q.ownedByTable().substring(a.name().length()) : q.ownedByTable();
                SequenceDef after = (a.name().equals(q.schema()) ? q.withSchema(to) : q)
                        .withOwnedBy(owner, q.ownedByColumn());
                if (!after.equals(q)) {
                    moved.add(new SequenceDef[] {q, after});
                    out.add(ops.deleteSequence(q).get(0)); // the definition only: the counter stays, keyed by id
                    out.add(ops.createSequence(after).get(0));
                }
            }
            for (TableDef t : snapshot.tables(database).values()) {
                List<io.tessera.coordinator.catalog.ColumnDef> cols = new ArrayList<>(t.columns());
                for (int i = 0; i < cols.size(); i++) {
                    String d = cols.get(i).defaultExpr();
                    for (SequenceDef[] m : moved) {
                        if (d != null && m[0].key().equals(SequenceDdl.sequenceOf(d))) {
                            d = SequenceDdl.renamedIn(d, m[0].key(), m[1]);
                        }
                    }
                    cols.set(i, cols.get(i).withDefault(d));
                }
                boolean inSchema = a.name().equals(t.schema());
                if (!inSchema && cols.equals(t.columns())) {
                    continue;
                }
                TableDef after = new TableDef(t.id(), t.database(), inSchema ? to : t.schema(), t.name(), cols,
                        t.distribution(), t.primaryKey(), t.checks(), t.nextColumnId(), t.schemaVersion(),
                        t.comments(), t.indexes(), t.foreignKeys(), t.owner(), t.acl(), t.primaryKeyName());
                if (inSchema) {
                    out.add(ops.deleteTable(t));
                    out.add(ops.createTable(after));
                } else {
                    out.add(ops.updateTable(after));
                }
            }
            for (io.tessera.coordinator.catalog.EnumTypeDef t : snapshot.types(database).values()) {
                if (a.name().equals(t.schema())) { // columns hold the type's OID: they need no change
                    out.add(ops.deleteType(t));
                    out.add(ops.createType(t.inSchema(to)));
                }
            }
            for (ViewDef v : snapshot.views(database).values()) {
                // the view stays bound to the same relations: its creation path and its dependencies follow the rename
                List<String> path = v.searchPath() == null ? null : v.searchPath().stream()
                        .map(p -> p.equals(a.name()) ? to : p).toList();
                List<String> relations = v.relations().stream().map(r -> r.startsWith(a.name() + ".")
                        ? to + r.substring(a.name().length()) : r).toList();
                if (a.name().equals(v.schema())) {
                    out.add(ops.deleteView(v));
                    out.add(ops.createView(new ViewDef(v.id(), v.database(), to, v.name(), v.query(), v.columns(),
                            relations, v.comments(), path)));
                } else if (!java.util.Objects.equals(path, v.searchPath()) || !relations.equals(v.relations())) {
                    out.add(ops.updateView(new ViewDef(v.id(), v.database(), v.schema(), v.name(), v.query(),
                            v.columns(), relations, v.comments(), path)));
                }
            }
            return out;
        });
    }

    /**
     * The schema {@code name} of {@code database}, when {@code user} may change it (its owner or a superuser).
     *
     * @throws TesseraException 3F000 when there is no such schema; 42501 when the user may not
     */
    private static SchemaDef owned(CatalogSnapshot snapshot, String database, String name, String user) {
        SchemaDef s = snapshot.schemas(database).get(name);
        if (s == null) {
            throw new TesseraException(SqlState.INVALID_SCHEMA_NAME, "schema \"" + name + "\" does not exist");
        }
        RoleDef r = snapshot.roles().get(user);
        if (r != null && !r.superuser() && r.oid() != s.owner()) {
            throw new TesseraException(SqlState.INSUFFICIENT_PRIVILEGE, "must be owner of schema " + name);
        }
        return s;
    }

    /** The role a name denotes, {@code CURRENT_USER}, {@code SESSION_USER} and {@code CURRENT_ROLE} included. */
    private static RoleDef role(CatalogSnapshot snapshot, String name, String user) {
        String n = switch (name) {
            case "current_user", "session_user", "current_role" -> user;
            default -> name;
        };
        RoleDef r = snapshot.roles().get(n);
        if (r == null) {
            throw new TesseraException(SqlState.UNDEFINED_OBJECT, "role \"" + n + "\" does not exist");
        }
        return r;
    }

    private static String qualified(String schema, String name) {
        return Relations.quote(schema) + "." + Relations.quote(name);
    }
}
