package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.EnumSortKeys;
import io.tessera.coordinator.catalog.EnumTypeDef;
import io.tessera.sql.parser.ddl.SqlAlterEnumType;
import io.tessera.sql.parser.ddl.SqlCreateEnumType;
import io.tessera.sql.parser.ddl.SqlDropType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.curator.framework.api.transaction.CuratorOp;

/**
 * CREATE TYPE ... AS ENUM, ALTER TYPE (ADD VALUE, RENAME VALUE, RENAME TO) and DROP TYPE, with PostgreSQL 15's checks
 * and messages (pg_enum.c, typecmds.c; https://www.postgresql.org/docs/15/sql-createtype.html). Each statement is one
 * catalog change, so every coordinator sees the type before the statement returns ({@link CatalogStore#apply}).
 *
 * <p>Sort keys ({@link EnumSortKeys}) and pg_enum's float4 sort orders are assigned here: CREATE gives the labels
 * 1, 2, 3 ... as PostgreSQL does; ADD VALUE at the end gives the last + 1, BEFORE/AFTER the midpoint of the
 * neighbours (PostgreSQL's {@code AddEnumLabel}, which renumbers when float4 runs out of room: the shown order may
 * then differ from PostgreSQL's, the stored keys never change).
 *
 * <p>Not yet: DROP TYPE ... CASCADE of a type a column uses (0A000; PostgreSQL drops the columns).
 */
final class EnumTypeDdl {
    /** PostgreSQL's NAMEDATALEN - 1: the longest label, in bytes. */
    private static final int MAX_LABEL_BYTES = 63;

    private final CatalogStore catalog;

    EnumTypeDdl(CatalogStore catalog) {
        this.catalog = catalog;
    }

    /**
     * The command for a type statement ({@link SqlCreateEnumType}, {@link SqlAlterEnumType}, {@link SqlDropType}):
     * {@code command} makes the session's command from its tag and body.
     * Inside a transaction block the change goes to the block's catalog, as other DDL's ({@link TransactionalDdl}).
     */
    static <P> P command(org.apache.calcite.sql.SqlNode node, String database, String user,
            EnumTypeDdl ddl, java.util.function.BiFunction<String, java.util.function.Supplier<List<TesseraException>>, P> command) {
        String tag = node instanceof SqlCreateEnumType ? "CREATE TYPE" : node instanceof SqlDropType ? "DROP TYPE"
                : "ALTER TYPE";
        return command.apply(tag, () -> node instanceof SqlCreateEnumType c ? ddl.create(c, database, user)
                : node instanceof SqlDropType d ? ddl.drop(d, database)
                : ddl.alter((SqlAlterEnumType) node, database));
    }

    /**
     * The column definition of a CREATE TABLE column of an enum type ({@link EnumValues#column}), or null when its
     * type is not one of the database's enum types (the column's own checks follow: 42704 when unknown).
     */
    static ColumnDef column(CatalogSnapshot snapshot, String database, io.tessera.sql.parser.ddl.SqlColumnDef c,
            boolean inPrimaryKey) {
        if (!c.type().userDefined()) {
            return null;
        }
        EnumTypeDef t = resolve(snapshot, database, c.type().schema(), c.type().typeName());
        if (t == null && c.type().schema() != null) {
            throw new TesseraException(SqlState.UNDEFINED_OBJECT, "type \"" + c.type().schema() + "."
                    + c.type().typeName() + "\" does not exist");
        }
        return t == null ? null : EnumValues.column(c.name(), t, c.notNull() || inPrimaryKey);
    }

    /**
     * The enum type {@code schema.name} names, or for a null {@code schema} the first of that name along the
     * session's search path; null when there is none.
     *
     * @throws TesseraException 3F000 when {@code schema} does not exist
     */
    static EnumTypeDef resolve(CatalogSnapshot snapshot, String database, String schema, String name) {
        if (schema != null) {
            if (!snapshot.schemaExists(database, schema)) {
                throw new TesseraException(SqlState.INVALID_SCHEMA_NAME, "schema \"" + schema + "\" does not exist");
            }
            return snapshot.type(database, schema, name);
        }
        for (String s : io.tessera.coordinator.catalog.SearchPath.current()) {
            EnumTypeDef t = snapshot.type(database, s, name);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    /**
     * The type's name as PostgreSQL's {@code format_type_be} prints it: bare when the session's search path finds
     * this type by it, else schema-qualified.
     */
    static String displayName(CatalogSnapshot snapshot, EnumTypeDef t) {
        for (String s : io.tessera.coordinator.catalog.SearchPath.current()) {
            EnumTypeDef first = snapshot.type(t.database(), s, t.name());
            if (first != null) {
                return first.id() == t.id() ? t.name() : t.schemaName() + "." + t.name();
            }
        }
        return t.schemaName() + "." + t.name();
    }

    /** CREATE TYPE name AS ENUM (...): 42710 when a type (or a relation's row type) of that name exists. */
    List<TesseraException> create(SqlCreateEnumType stmt, String database, String owner) {
        String schema = io.tessera.coordinator.catalog.SearchPath.creationSchema(stmt.name().names);
        String name = stmt.name().names.get(stmt.name().names.size() - 1);
        List<String> labels = stmt.labels();
        labels.forEach(EnumTypeDdl::checkLabel);
        catalog.apply((snapshot, root, ops) -> {
            refuseExisting(snapshot, database, schema, name);
            int id = ops.allocateOid();
            Set<String> seen = new HashSet<>();
            for (String l : labels) {
                if (!seen.add(l)) { // PostgreSQL reports its unique index on pg_enum
                    throw new TesseraException(SqlState.UNIQUE_VIOLATION,
                            "duplicate key value violates unique constraint \"pg_enum_typid_label_index\"",
                            "Key (enumtypid, enumlabel)=(" + EnumTypeDef.oidOf(id) + ", " + l + ") already exists.",
                            null, 0, null);
                }
            }
            List<EnumTypeDef.Label> out = new ArrayList<>();
            String key = null;
            for (int i = 0; i < labels.size(); i++) {
                key = EnumSortKeys.between(key, null);
                out.add(new EnumTypeDef.Label(EnumTypeDef.oidOf(ops.allocateOid()), labels.get(i), key, i + 1));
            }
            return List.of(ops.createType(new EnumTypeDef(id, database, name, owner, out, schema)));
        });
        return List.of();
    }

    /** ALTER TYPE name ADD VALUE / RENAME VALUE / RENAME TO / OWNER TO (42704 for an unknown role). */
    List<TesseraException> alter(SqlAlterEnumType stmt, String database) {
        List<TesseraException> notices = new ArrayList<>();
        EnumTypeDef.Label[] added = new EnumTypeDef.Label[1];
        int[] addedTo = new int[1];
        catalog.apply((snapshot, root, ops) -> {
            notices.clear();
            added[0] = null;
            EnumTypeDef t = existing(snapshot, database, stmt.name());
            switch (stmt.action()) {
                case ADD_VALUE -> {
                    checkLabel(stmt.value());
                    if (t.byLabel(stmt.value()) != null) {
                        if (stmt.ifNotExists()) {
                            notices.add(new TesseraException(SqlState.DUPLICATE_OBJECT,
                                    "enum label \"" + stmt.value() + "\" already exists, skipping"));
                            return List.of();
                        }
                        throw new TesseraException(SqlState.DUPLICATE_OBJECT,
                                "enum label \"" + stmt.value() + "\" already exists");
                    }
                    int oid = EnumTypeDef.oidOf(ops.allocateOid());
                    EnumTypeDef after = added(t, stmt, oid);
                    added[0] = after.labels().stream().filter(l -> l.oid() == oid).findFirst().orElseThrow();
                    addedTo[0] = after.oid();
                    return List.of(ops.updateType(after));
                }
                case RENAME_VALUE -> {
                    checkLabel(stmt.other());
                    if (t.byLabel(stmt.value()) == null) {
                        throw notALabel(stmt.value());
                    }
                    if (t.byLabel(stmt.other()) != null) {
                        throw new TesseraException(SqlState.DUPLICATE_OBJECT,
                                "enum label \"" + stmt.other() + "\" already exists");
                    }
                    return List.of(ops.updateType(t.withRenamedLabel(stmt.value(), stmt.other())));
                }
                case OWNER -> {
                    if (!snapshot.roles().containsKey(stmt.value())) {
                        throw new TesseraException(SqlState.UNDEFINED_OBJECT, "role \"" + stmt.value()
                                + "\" does not exist");
                    }
                    return List.of(ops.updateType(t.withOwner(stmt.value())));
                }
                case SET_SCHEMA -> {
                    String to = stmt.value();
                    if (!snapshot.schemaExists(database, to)) {
                        throw new TesseraException(SqlState.INVALID_SCHEMA_NAME, "schema \"" + to
                                + "\" does not exist");
                    }
                    if (CatalogSnapshot.BUILT_IN_SCHEMAS.contains(to) && !to.equals(CatalogSnapshot.PUBLIC)) {
                        throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                                "cannot move objects into system schema " + to);
                    }
                    if (to.equals(t.schemaName())) {
                        return List.of();
                    }
                    if (taken(snapshot, database, to, t.name())) {
                        throw new TesseraException(SqlState.DUPLICATE_OBJECT, "type \"" + t.name()
                                + "\" already exists in schema \"" + to + "\"");
                    }
                    return List.of(ops.deleteType(t), ops.createType(t.inSchema(to)));
                }
                default -> {
                    String to = stmt.value();
                    refuseExisting(snapshot, database, t.schemaName(), to);
                    return List.of(ops.deleteType(t), ops.createType(t.withName(to)));
                }
            }
        });
        if (added[0] != null) { // in a transaction block, its uses wait for COMMIT (EnumValues#toKey)
            CatalogStore.enumLabelAdded(addedTo[0], added[0].sortKey());
        }
        return notices;
    }

    /** DROP TYPE [IF EXISTS] name [, ...] [CASCADE | RESTRICT]. */
    List<TesseraException> drop(SqlDropType stmt, String database) {
        List<TesseraException> notices = new ArrayList<>();
        catalog.apply((snapshot, root, ops) -> {
            notices.clear();
            List<CuratorOp> out = new ArrayList<>();
            Set<String> done = new HashSet<>();
            for (SqlIdentifier id : stmt.names()) {
                String name = DdlExecutor.tableNameOrSkip(id, stmt.ifExists(), notices);
                if (name == null) {
                    continue;
                }
                EnumTypeDef t = snapshot.types(database).get(name);
                if (t == null) {
                    if (hasRowType(snapshot, database, name)) {
                        String kind = snapshot.tables(database).containsKey(name) ? "table"
                                : snapshot.views(database).containsKey(name) ? "view" : "sequence";
                        throw new TesseraException(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop type " + name
                                + " because " + kind + " " + name + " requires it", null,
                                "You can drop " + kind + " " + name + " instead.", 0, null);
                    }
                    name = String.join(".", id.names);
                    if (stmt.ifExists()) {
                        notices.add(new TesseraException(SqlState.SUCCESSFUL_COMPLETION,
                                "type \"" + name + "\" does not exist, skipping"));
                        continue;
                    }
                    throw new TesseraException(SqlState.UNDEFINED_OBJECT, "type \"" + name + "\" does not exist");
                }
                refuseUsed(snapshot, database, t, stmt.cascade());
                if (done.add(t.key())) {
                    out.add(ops.deleteType(t));
                }
            }
            return out;
        });
        return notices;
    }

    /**
     * 2BP01 when a table's column is of type {@code t} (PostgreSQL's message and detail, one line per column); with
     * CASCADE, which in PostgreSQL drops those columns, 0A000.
     */
    private static void refuseUsed(CatalogSnapshot snapshot, String database, EnumTypeDef t, boolean cascade) {
        List<String> uses = new ArrayList<>();
        for (io.tessera.coordinator.catalog.TableDef table : snapshot.tables(database).values()) {
            for (ColumnDef c : table.columns()) {
                if (c.enumTypeOid() == t.oid()) {
                    String tableName = io.tessera.coordinator.catalog.SearchPath.resolve(List.of(table.name()))
                            .equals(table.key()) ? table.name()
                            : CatalogSnapshot.schemaOf(table.schema()) + "." + table.name();
                    uses.add("column " + c.name() + " of table " + tableName + " depends on type "
                            + displayName(snapshot, t));
                }
            }
        }
        if (uses.isEmpty()) {
            return;
        }
        java.util.Collections.sort(uses);
        if (cascade) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "DROP TYPE ... CASCADE of a type that columns"
                    + " use is not supported yet", String.join("\n", uses), "Drop or retype the columns first.", 0,
                    null);
        }
        throw new TesseraException(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop type "
                + displayName(snapshot, t) + " because other objects depend on it", String.join("\n", uses),
                "Use DROP ... CASCADE to drop the dependent objects too.", 0, null);
    }

    /** The type with the new label placed as the statement says (pg_enum.c's AddEnumLabel). */
    private static EnumTypeDef added(EnumTypeDef t, SqlAlterEnumType stmt, int labelOid) {
        List<EnumTypeDef.Label> labels = t.labels();
        int position;
        if (stmt.other() == null) {
            position = labels.size();
        } else {
            EnumTypeDef.Label neighbor = t.byLabel(stmt.other());
            if (neighbor == null) {
                throw notALabel(stmt.other());
            }
            position = labels.indexOf(neighbor) + (stmt.before() ? 0 : 1);
        }
        EnumTypeDef.Label low = position == 0 ? null : labels.get(position - 1);
        EnumTypeDef.Label high = position == labels.size() ? null : labels.get(position);
        String key = EnumSortKeys.between(low == null ? null : low.sortKey(), high == null ? null : high.sortKey());
        float order;
        if (high == null) {
            order = low == null ? 1 : low.sortOrder() + 1;
        } else if (low == null) {
            order = high.sortOrder() - 1; // PostgreSQL: BEFORE the first label gives first - 1
        } else {
            order = (low.sortOrder() + high.sortOrder()) / 2;
        }
        return t.withLabel(position, new EnumTypeDef.Label(labelOid, stmt.value(), key, order));
    }

    private static EnumTypeDef existing(CatalogSnapshot s, String database, SqlIdentifier id) {
        String key = DdlExecutor.tableName(id);
        EnumTypeDef t = s.types(database).get(key);
        if (t == null) {
            String name = String.join(".", id.names);
            if (hasRowType(s, database, key)) {
                throw new TesseraException(SqlState.WRONG_OBJECT_TYPE, name + " is not an enum");
            }
            throw new TesseraException(SqlState.UNDEFINED_OBJECT, "type \"" + name + "\" does not exist");
        }
        return t;
    }

    /** 42710 when {@code name} is taken in {@code schema} by a type, or by a relation (whose row type has its name). */
    private static void refuseExisting(CatalogSnapshot s, String database, String schema, String name) {
        if (taken(s, database, schema, name)) {
            throw new TesseraException(SqlState.DUPLICATE_OBJECT, "type \"" + name + "\" already exists");
        }
    }

    /** Whether {@code schema} has a type {@code name}, or a relation (whose row type has its name). */
    private static boolean taken(CatalogSnapshot s, String database, String schema, String name) {
        return s.type(database, schema, name) != null
                || hasRowType(s, database, CatalogSnapshot.key(schema, name));
    }

    /** Whether a table, view or sequence has that name (PostgreSQL gives each a row type of its name). */
    private static boolean hasRowType(CatalogSnapshot s, String database, String name) {
        return s.tables(database).containsKey(name) || s.views(database).containsKey(name)
                || s.sequences(database).containsKey(name);
    }

    private static void checkLabel(String label) {
        if (label.getBytes(StandardCharsets.UTF_8).length > MAX_LABEL_BYTES) {
            throw new TesseraException(SqlState.INVALID_NAME, "invalid enum label \"" + label + "\"",
                    "Labels must be " + MAX_LABEL_BYTES + " bytes or less.", null, 0, null);
        }
    }

    private static TesseraException notALabel(String label) {
        return new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "\"" + label + "\" is not an existing enum label");
    }
}
