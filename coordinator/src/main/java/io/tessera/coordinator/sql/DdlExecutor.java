package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.DatabaseDef;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.cluster.DatanodeClients;
import io.tessera.protocol.datanode.DropTableRequest;
import io.tessera.sql.parser.ddl.PgTypeName;
import io.tessera.sql.parser.ddl.SqlColumnDef;
import io.tessera.sql.parser.ddl.SqlCreateDatabase;
import io.tessera.sql.parser.ddl.SqlCreateTesseraTable;
import io.tessera.sql.parser.ddl.SqlDropDatabase;
import io.tessera.sql.parser.ddl.SqlDropTesseraTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.sql.SqlIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes DDL: each statement is one catalog change ({@link CatalogStore#apply}), visible on every coordinator
 * when it returns. Dropping a table removes its keys from its datanodes after the catalog change; a datanode that is
 * down then keeps the dead keys (table ids are never reused, so they are unreachable garbage) and the drop still
 * succeeds.
 *
 * <p>Lifecycle: the constructor starts the sweeper of dead coordinators' staging tables; {@link #close()} (the
 * engine's) stops it.
 */
final class DdlExecutor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DdlExecutor.class);

    private final CatalogStore catalog;
    private final DatanodeClients datanodes;
    private final SequenceDdl sequences;
    private final AlterColumnDdl columns;
    private final ViewDdl views;
    private final CommentDdl comments;
    private final IndexDdl indexes;
    private final ConstraintDdl constraints;
    private final NodeGroupDdl groups;

    /** The sweeper of dead coordinators' staging tables; closed with this executor. */
    private final AutoCloseable sweeper;

    /** Told (old id, new id) when a redistribution gave a table a new id; it keeps its rows. */
    private java.util.function.BiConsumer<Integer, Integer> tableMoved = (from, to) -> { };

    DdlExecutor(CatalogStore catalog, DatanodeClients datanodes) {
        this.catalog = catalog;
        this.datanodes = datanodes;
        this.columns = new AlterColumnDdl(catalog, this);
        this.views = new ViewDdl(catalog);
        this.comments = new CommentDdl(catalog);
        this.indexes = new IndexDdl(catalog, datanodes);
        this.constraints = new ConstraintDdl(catalog, indexes);
        this.groups = new NodeGroupDdl(catalog);
        this.sequences = new SequenceDdl(catalog, new io.tessera.coordinator.catalog.SequenceStore(catalog));
        RedistributionJobs.use(() -> catalog == null ? null : catalog.zk()); // pg_cancel_redistribute
        if (catalog != null) {
            // dead coordinators' staging tables, and the drops a datanode missed
            sweeper = RedistributionJobs.startSweeper(catalog, t -> removeData(List.of(t)), this::retryPendingDrops);
        } else {
            sweeper = () -> { };
        }
    }

    /** Stops the sweeper of dead coordinators' staging tables ({@link RedistributionJobs#startSweeper}). */
    @Override
    public void close() {
        try {
            sweeper.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the redistribution sweeper", e);
        }
    }

    /** CREATE [OR REPLACE] VIEW, DROP VIEW. */
    ViewDdl views() {
        return views;
    }

    /** CREATE INDEX, DROP INDEX. */
    IndexDdl indexes() {
        return indexes;
    }

    /** COMMENT ON. */
    CommentDdl comments() {
        return comments;
    }

    /** Sets who is told when a redistribution moves a table to a new id (the statistics service). */
    void onTableMoved(java.util.function.BiConsumer<Integer, Integer> listener) {
        this.tableMoved = listener;
    }

    /** CREATE NODE GROUP, DROP NODE GROUP. */
    NodeGroupDdl groups() {
        return groups;
    }

    /** CREATE / ALTER / DROP TYPE (enum types). */
    EnumTypeDdl types() {
        return new EnumTypeDdl(catalog);
    }

    /** CREATE / ALTER / DROP SEQUENCE and setval. */
    SequenceDdl sequences() {
        return sequences;
    }

    /**
     * An expression as SQL text our parser reads back (DEFAULT and CHECK expressions are stored so, and parsed again
     * where they are used).
     */
    static String sqlText(org.apache.calcite.sql.SqlNode node) {
        return node.toSqlString(c -> c.withDialect(ReparsedDialect.INSTANCE)
                .withQuoteAllIdentifiers(false).withAlwaysUseParentheses(false).withClauseStartsLine(false)
                .withIndentation(0)).getSql();
    }

    /**
     * PostgreSQL's dialect as {@link #sqlText} writes it: LIMIT and OFFSET counts as {@code LIMIT (count) OFFSET
     * (count)}, each in parentheses, where Calcite writes {@code FETCH NEXT count ROWS ONLY}, which PostgreSQL's
     * grammar (and ours) reads only for a literal or a parenthesized count ({@code LIMIT 1 + 1} came back as
     * {@code FETCH NEXT 1 + 1 ROWS ONLY}, a syntax error).
     */
    private static final class ReparsedDialect extends org.apache.calcite.sql.dialect.PostgresqlSqlDialect {
        static final ReparsedDialect INSTANCE = new ReparsedDialect();

        private ReparsedDialect() {
            super(org.apache.calcite.sql.dialect.PostgresqlSqlDialect.DEFAULT_CONTEXT);
        }

        @Override
        public void unparseOffsetFetch(org.apache.calcite.sql.SqlWriter writer, org.apache.calcite.sql.SqlNode offset,
                org.apache.calcite.sql.SqlNode fetch) {
            if (fetch != null) {
                writer.newlineAndIndent();
                writer.keyword("LIMIT");
                count(writer, fetch);
            }
            if (offset != null) {
                writer.newlineAndIndent();
                writer.keyword("OFFSET");
                count(writer, offset);
            }
        }

        private static void count(org.apache.calcite.sql.SqlWriter writer, org.apache.calcite.sql.SqlNode count) {
            org.apache.calcite.sql.SqlWriter.Frame frame = writer.startList("(", ")");
            count.unparse(writer, 0, 0);
            writer.endList(frame);
        }
    }

    /**
     * PostgreSQL's name for a sequence made for a column of a table in {@code schema}: {@code table_column_seq},
     * numbered when a relation of the schema or {@code taken} has it.
     */
    static String sequenceName(String schema, String table, String column, CatalogSnapshot s, String database,
            Set<String> taken) {
        String base = table + "_" + column + "_seq";
        String name = base;
        for (int i = 1; SequenceDdl.relationExists(s, database, CatalogSnapshot.key(schema, name))
                || taken.contains(name); i++) {
            name = base + i;
        }
        taken.add(name);
        return name;
    }

    /** PostgreSQL's name for a CHECK constraint: {@code table_column_check}, numbered when taken. */
    static String checkName(String table, String column, Set<String> taken) {
        String base = table + "_" + (column == null ? "" : column + "_") + "check";
        if (column == null) {
            base = table + "_check";
        }
        String name = base;
        for (int i = 1; taken.contains(name); i++) {
            name = base + i;
        }
        taken.add(name);
        return name;
    }

    /**
     * The column a CHECK expression is named after: the one column it references, or null when it references none
     * or several (PostgreSQL's AddRelationNewConstraints).
     */
    static String firstColumn(org.apache.calcite.sql.SqlNode expr, List<ColumnDef> columns) {
        Set<String> found = new java.util.LinkedHashSet<>();
        expr.accept(new org.apache.calcite.sql.util.SqlShuttle() {
            @Override
            public org.apache.calcite.sql.SqlNode visit(SqlIdentifier id) {
                String n = id.names.get(id.names.size() - 1);
                if (columns.stream().anyMatch(c -> c.name().equals(n))) {
                    found.add(n);
                }
                return id;
            }
        });
        return found.size() == 1 ? found.iterator().next() : null;
    }

    /** CREATE TABLE; returns notices (IF NOT EXISTS on an existing table). */
    List<TesseraException> createTable(SqlCreateTesseraTable stmt, String database, Map<String, String> settings) {
        return createTable(stmt, database, settings, null);
    }

    /** CREATE TABLE run by role {@code owner} (null: the database's owner), who owns the new table. */
    List<TesseraException> createTable(SqlCreateTesseraTable stmt, String database, Map<String, String> settings,
            String owner) {
        String schema = io.tessera.coordinator.catalog.SearchPath.creationSchema(stmt.name().names, stmt.temporary());
        String name = stmt.name().names.get(stmt.name().names.size() - 1);
        String key = CatalogSnapshot.key(schema, name);
        StorageParameters.check(stmt.withOptions());
        CatalogSnapshot now = catalog.snapshot();
        if (stmt.ifNotExists() && now.tables(database).containsKey(key)) {
            return List.of(new TesseraException(SqlState.DUPLICATE_TABLE, "relation \"" + name + "\" already exists, skipping"));
        }
        List<String> primaryKey = stmt.primaryKeyColumns();
        List<ColumnDef> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (SqlColumnDef c : stmt.columns()) {
            if (!seen.add(c.name())) {
                throw new TesseraException(SqlState.DUPLICATE_COLUMN, "column \"" + c.name() + "\" specified more than once");
            }
            if (c.identity() != 0 && c.defaultValue() != null) {
                throw new TesseraException(SqlState.SYNTAX_ERROR, "both default and identity specified for column \""
                        + c.name() + "\" of table \"" + name + "\"");
            }
            if (c.serial() != null && c.defaultValue() != null) {
                throw new TesseraException(SqlState.SYNTAX_ERROR, "multiple default values specified for column \""
                        + c.name() + "\" of table \"" + name + "\"");
            }
            if (c.identity() != 0 && c.type().typeName().matches("int[248]") == false) {
                throw new TesseraException(SqlState.DATATYPE_MISMATCH, "identity column type must be smallint, integer, or bigint");
            }
            ColumnDef def = EnumTypeDdl.column(catalog.snapshot(), database, c, primaryKey.contains(c.name()));
            if (def == null) {
                def = column(c, primaryKey.contains(c.name()));
            }
            if (c.defaultValue() != null) {
                def = def.withDefault(SequenceDdl.bound(sqlText(c.defaultValue()), catalog.snapshot(), database));
            }
            columns.add(def);
        }
        for (String k : primaryKey) {
            if (columns.stream().noneMatch(c -> c.name().equals(k))) {
                throw new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + k + "\" named in key does not exist");
            }
            if (columns.stream().anyMatch(c -> c.name().equals(k) && c.type().isArray())) {
                // key bytes (KeyCodec) have no array encoding yet; PostgreSQL's btree orders arrays by array_cmp
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "column \"" + k + "\" of an array type "
                        + "cannot be in a PRIMARY KEY yet", null, "Key the table by another column.", 0, null);
            }
        }
        if (columns.isEmpty()) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "tables without columns are not supported");
        }
        List<TesseraException> notices = new ArrayList<>();
        catalog.apply((snapshot, root, ops) -> {
            if (!snapshot.databases().containsKey(database)) {
                throw new TesseraException(SqlState.INVALID_CATALOG_NAME, "database \"" + database + "\" does not exist");
            }
            if (snapshot.tables(database).containsKey(key)) {
                if (stmt.ifNotExists()) {
                    notices.add(new TesseraException(SqlState.DUPLICATE_TABLE, "relation \"" + name + "\" already exists, skipping"));
                    return List.of();
                }
                throw new TesseraException(SqlState.DUPLICATE_TABLE, "relation \"" + name + "\" already exists");
            }
            Distribution dist = distribution(stmt, columns, primaryKey.isEmpty() ? ConstraintDdl.firstUnique(stmt)
                    : primaryKey, snapshot, settings);
            if (!primaryKey.isEmpty() && !dist.replicated() && (dist.column() == null || !primaryKey.contains(dist.column()))) {
                // uniqueness is checked where a key's rows live: every row of a key must map to one datanode
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "a PRIMARY KEY on a table distributed by "
                        + dist.kind() + (dist.column() == null ? "" : "(" + dist.column() + ")")
                        + " must contain the distribution column", null,
                        "Distribute the table by a column of its primary key, or by REPLICATION.", 0, null);
            }
            if (snapshot.sequences(database).containsKey(key) || snapshot.views(database).containsKey(key)) {
                throw new TesseraException(SqlState.DUPLICATE_TABLE, "relation \"" + name + "\" already exists");
            }
            int tableId = ops.allocateOid();
            List<org.apache.curator.framework.api.transaction.CuratorOp> out = new ArrayList<>();
            // serial and identity columns: a sequence owned by the column, the column's default its nextval
            List<ColumnDef> cols = new ArrayList<>(columns);
            Set<String> taken = new HashSet<>(Set.of(name));
            for (SqlColumnDef c : stmt.columns()) {
                if (c.serial() == null && c.identity() == 0) {
                    continue;
                }
                int i = cols.indexOf(cols.stream().filter(x -> x.name().equals(c.name())).findFirst().orElseThrow());
                ColumnDef col = cols.get(i);
                io.tessera.sql.parser.ddl.SequenceOptions o = c.identityOptions() != null ? c.identityOptions()
                        : new io.tessera.sql.parser.ddl.SequenceOptions();
                if (o.type == null) {
                    o.type = col.type().sqlName().equals("smallint") ? "int2" : col.type() == PgType.INT2 ? "int2"
                            : col.type() == PgType.INT4 ? "int4" : "int8";
                }
                io.tessera.coordinator.catalog.SequenceDef q = IdentityDdl.sequence(ops.allocateOid(), o, schema, name,
                        c.name(), snapshot, database, taken).withOwnedBy(key, c.name());
                out.addAll(ops.createSequence(q));
                col = new ColumnDef(col.name(), col.type(), col.typmod(), true, SequenceDdl.nextvalOf(q),
                        c.identity() == 0 ? null : String.valueOf(c.identity()));
                cols.set(i, col);
            }
            List<TableDef.CheckDef> checks = new ArrayList<>();
            Set<String> checkNames = new HashSet<>();
            for (SqlColumnDef c : stmt.columns()) {
                for (SqlColumnDef.Check k : c.checks()) {
                    String n = k.name() != null ? k.name() : checkName(name, c.name(), checkNames);
                    checkNames.add(n);
                    checks.add(new TableDef.CheckDef(n, sqlText(k.expression()), true));
                }
            }
            for (SqlColumnDef.Check k : stmt.checks()) {
                String n = k.name() != null ? k.name() : checkName(name, firstColumn(k.expression(), cols), checkNames);
                checkNames.add(n);
                checks.add(new TableDef.CheckDef(n, sqlText(k.expression()), true));
            }
            String pkName = stmt.primaryKeyName();
            if (pkName != null && (pkName.equals(name)
                    || IndexDdl.relationExists(snapshot, database, CatalogSnapshot.key(schema, pkName)))) {
                throw new TesseraException(SqlState.DUPLICATE_TABLE, "relation \"" + pkName + "\" already exists");
            }
            if (pkName != null && checkNames.contains(pkName)) {
                throw new TesseraException(SqlState.DUPLICATE_OBJECT, "constraint \"" + pkName
                        + "\" for relation \"" + name + "\" already exists");
            }
            TableDef t = ConstraintDdl.createTable(new TableDef(tableId, database, schema, name, cols, dist,
                    primaryKey, checks), stmt, snapshot, ops);
            if (!primaryKey.isEmpty()) { // PostgreSQL's ChooseRelationName: t_pkey, or t_pkey1 when a renamed t has it
                t = t.withPrimaryKeyName(pkName != null ? pkName : IndexDdl.chooseName(snapshot, database,
                        CatalogSnapshot.schemaOf(schema), name, "", "pkey"));
            }
            io.tessera.coordinator.catalog.RoleDef creator = owner == null ? null : snapshot.roles().get(owner);
            if (creator != null) {
                t = t.withOwner(creator.oid());
            }
            out.add(0, ops.createTable(t));
            return out;
        });
        return notices;
    }

    /** The length of bit(n) / bit varying(n), checked as PostgreSQL's bittypmodin (22023 below 1). */
    static int bitLength(PgType type, int n) {
        if (n < 1) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                    "length for type " + (type == PgType.BIT ? "bit" : "varbit") + " must be at least 1");
        }
        return n;
    }

    static ColumnDef column(SqlColumnDef c, boolean inPrimaryKey) {
        return column(c.name(), c.type(), c.notNull() || inPrimaryKey);
    }

    /** A column of a written type: the PostgreSQL type and typmod (22023 for a bad numeric precision or scale). */
    static ColumnDef column(String name, PgTypeName t, boolean notNull) {
        PgType type = TypeMapping.ofName(t.typeName());
        int typmod = -1;
        if (type == PgType.VARCHAR && t.length() >= 0) {
            typmod = t.length() + 4;
        } else if (type == PgType.BPCHAR) {
            typmod = (t.length() >= 0 ? t.length() : 1) + 4;
        } else if (type == PgType.NUMERIC && t.precision() >= 0) {
            int precision = t.precision();
            int scale = Math.max(t.scale(), 0);
            if (precision < 1 || precision > 1000) {
                throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                        "NUMERIC precision " + precision + " must be between 1 and 1000");
            }
            if (scale > precision) {
                throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                        "NUMERIC scale " + scale + " must be between 0 and precision " + precision);
            }
            typmod = ((precision << 16) | scale) + 4;
        } else if ((type == PgType.TIME || type == PgType.TIMESTAMP || type == PgType.TIMESTAMPTZ)
                && t.precision() >= 0) {
            // time(p), timestamp(p), timestamptz(p): atttypmod p (PostgreSQL reduces p > 6 to 6)
            typmod = Math.min(t.precision(), 6);
        } else if ((type == PgType.BIT || type == PgType.VARBIT) && t.length() >= 0) {
            typmod = bitLength(type, t.length()); // bit(n), bit varying(n): atttypmod n
        }
        if (t.array()) {
            PgType array = PgType.arrayOf(type);
            if (array == null) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "arrays of type " + type.sqlName() + " are not supported as column types");
            }
            type = array; // the element's typmod stays (PostgreSQL's atttypmod of varchar(10)[] is 14)
        }
        return new ColumnDef(name, type, typmod, notNull);
    }

    /**
     * The distribution of a new table: the DISTRIBUTE BY clause, else PolarDB's WITH (dist_type, dist_col), else the
     * default — Postgres-XL's: the primary key's column, else the first column of a hashable type, else ROUNDROBIN
     * ({@code default_table_dist_type}
     * may ask for another method).
     */
    private static Distribution distribution(SqlCreateTesseraTable stmt, List<ColumnDef> columns, List<String> primaryKey,
            CatalogSnapshot s, Map<String, String> settings) {
        List<String> nodes;
        if (stmt.toGroup() != null) {
            nodes = NodeGroupDdl.members(s, stmt.toGroup());
        } else if (!stmt.toNodes().isEmpty()) {
            nodes = new ArrayList<>();
            for (String n : stmt.toNodes()) {
                NodeDef node = s.nodes().get(n);
                if (node == null || node.type() != 'D') {
                    throw new TesseraException(SqlState.UNDEFINED_OBJECT, "datanode \"" + n + "\" does not exist");
                }
                if (!nodes.contains(n)) {
                    nodes.add(n);
                }
            }
        } else {
            nodes = s.datanodes().stream().map(NodeDef::name).toList();
        }
        if (nodes.isEmpty()) {
            throw new TesseraException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "the cluster has no datanodes");
        }
        Distribution.Kind kind;
        String column;
        if (stmt.distribution() != null) {
            kind = Distribution.Kind.valueOf(stmt.distribution().kind().name());
            column = stmt.distribution().column();
        } else if (stmt.withOptions().containsKey("dist_type")) {
            kind = switch (stmt.withOptions().get("dist_type").toLowerCase(Locale.ROOT)) {
                case "shard" -> Distribution.Kind.SHARD;
                case "hash" -> Distribution.Kind.HASH;
                case "modulo" -> Distribution.Kind.MODULO;
                case "roundrobin" -> Distribution.Kind.ROUNDROBIN;
                case "replication" -> Distribution.Kind.REPLICATION;
                default -> throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                        "invalid value for parameter \"dist_type\": \"" + stmt.withOptions().get("dist_type") + "\"",
                        null, "Valid values are shard, hash, modulo, roundrobin and replication.", 0, null);
            };
            column = stmt.withOptions().get("dist_col");
            if (column == null && kind != Distribution.Kind.ROUNDROBIN && kind != Distribution.Kind.REPLICATION) {
                column = defaultColumn(columns, primaryKey);
            }
        } else {
            String setting = settings.getOrDefault("default_table_dist_type", "hash").toLowerCase(Locale.ROOT);
            column = null;
            kind = switch (setting) {
                case "replication" -> Distribution.Kind.REPLICATION;
                case "roundrobin" -> Distribution.Kind.ROUNDROBIN;
                default -> {
                    column = defaultColumn(columns, primaryKey);
                    yield column == null ? Distribution.Kind.ROUNDROBIN
                            : setting.equals("shard") ? Distribution.Kind.SHARD : Distribution.Kind.HASH;
                }
            };
        }
        if (column != null) {
            String distColumn = column;
            ColumnDef c = columns.stream().filter(cd -> cd.name().equals(distColumn)).findFirst().orElseThrow(() ->
                    new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + distColumn + "\" named in key does not exist"));
            if (!c.type().hashable()) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "column \"" + c.name() + "\" of type "
                        + c.formatType() + " cannot be a distribution column", null,
                        "Distribute by a column of type integer, bigint, smallint, numeric, text, varchar, char, "
                                + "boolean, date, timestamp or bytea, or use ROUNDROBIN or REPLICATION.", 0, null);
            }
            if (kind == Distribution.Kind.MODULO && c.type() != PgType.INT2 && c.type() != PgType.INT4
                    && c.type() != PgType.INT8) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "column \"" + c.name() + "\" of type "
                        + c.formatType() + " cannot be a MODULO distribution column", null,
                        "MODULO distributes by integer columns (smallint, integer, bigint).", 0, null);
            }
        }
        return Distribution.create(kind, column, nodes);
    }

    /** Postgres-XL's default distribution column: the primary key's first hashable column, else the table's. */
    private static String defaultColumn(List<ColumnDef> columns, List<String> primaryKey) {
        for (String k : primaryKey) {
            for (ColumnDef c : columns) {
                if (c.name().equals(k) && c.type().hashable()) {
                    return k;
                }
            }
        }
        return columns.stream().filter(c -> c.type().hashable()).map(ColumnDef::name).findFirst().orElse(null);
    }

    /** DROP TABLE [IF EXISTS] a, b, ...; returns notices for missing tables under IF EXISTS. */
    List<TesseraException> dropTables(SqlDropTesseraTable stmt, String database) {
        List<TesseraException> notices = new ArrayList<>();
        List<TableDef> dropped = new ArrayList<>();
        catalog.apply((snapshot, root, ops) -> {
            notices.clear();
            dropped.clear();
            List<org.apache.curator.framework.api.transaction.CuratorOp> out = new ArrayList<>();
            for (SqlIdentifier id : stmt.names()) {
                String name = tableNameOrSkip(id, stmt.ifExists(), notices);
                if (name == null) {
                    continue;
                }
                TableDef t = snapshot.tables(database).get(name);
                if (t == null && snapshot.views(database).containsKey(name)) {
                    throw new TesseraException(SqlState.WRONG_OBJECT_TYPE, "\"" + name + "\" is not a table", null,
                            "Use DROP VIEW to remove a view.", 0, null);
                }
                if (t == null && snapshot.sequences(database).containsKey(name)) {
                    throw new TesseraException(SqlState.WRONG_OBJECT_TYPE, "\"" + name + "\" is not a table", null,
                            "Use DROP SEQUENCE to remove a sequence.", 0, null);
                }
                if (t == null) {
                    if (stmt.ifExists()) {
                        notices.add(new TesseraException(SqlState.SUCCESSFUL_COMPLETION, "table \"" + name + "\" does not exist, skipping"));
                        continue;
                    }
                    throw new TesseraException(SqlState.UNDEFINED_TABLE, "table \"" + name + "\" does not exist");
                }
                if (!dropped.contains(t)) {
                    RedistributionJobs.refuseDdl(database, name);
                    dropped.add(t);
                    out.add(ops.deleteTable(t));
                    for (io.tessera.coordinator.catalog.SequenceDef q : snapshot.sequences(database).values()) {
                        if (name.equals(q.ownedByTable())) {
                            out.addAll(ops.deleteSequence(q));
                        }
                    }
                }
            }
            ConstraintDdl.dropReferences(snapshot, database, dropped, stmt.cascade(), notices, ops, out);
            Set<String> names = new java.util.LinkedHashSet<>();
            dropped.forEach(t -> names.add(t.key()));
            for (String v : ViewDdl.dependents(snapshot, database, names, "table", stmt.cascade(), notices)) {
                out.add(ops.deleteView(snapshot.views(database).get(v))); // DROP TABLE ... CASCADE
            }
            return out;
        });
        removeData(dropped);
        return notices;
    }

    /** CREATE DATABASE. */
    void createDatabase(SqlCreateDatabase stmt, String owner) {
        String name = stmt.name();
        catalog.apply((snapshot, root, ops) -> {
            if (snapshot.databases().containsKey(name)) {
                throw new TesseraException(SqlState.DUPLICATE_DATABASE, "database \"" + name + "\" already exists");
            }
            return ops.createDatabase(new DatabaseDef(name, ops.allocateOid(), owner));
        });
    }

    /** DROP DATABASE [IF EXISTS]; returns notices. */
    List<TesseraException> dropDatabase(SqlDropDatabase stmt, String currentDatabase) {
        String name = stmt.name();
        if (name.equals(currentDatabase)) {
            throw new TesseraException(SqlState.OBJECT_IN_USE, "cannot drop the currently open database");
        }
        List<TesseraException> notices = new ArrayList<>();
        List<TableDef> dropped = new ArrayList<>();
        catalog.apply((snapshot, root, ops) -> {
            notices.clear();
            dropped.clear();
            DatabaseDef db = snapshot.databases().get(name);
            if (db == null) {
                if (stmt.ifExists()) {
                    notices.add(new TesseraException(SqlState.SUCCESSFUL_COMPLETION, "database \"" + name + "\" does not exist, skipping"));
                    return List.of();
                }
                throw new TesseraException(SqlState.INVALID_CATALOG_NAME, "database \"" + name + "\" does not exist");
            }
            dropped.addAll(snapshot.tables(name).values());
            return ops.deleteDatabase(db, snapshot);
        });
        removeData(dropped);
        return notices;
    }

    void removeData(List<TableDef> tables) {
        if (catalog.deferUntilCommit(() -> removeData(tables))) {
            return; // DROP inside a transaction block: the rows go when COMMIT publishes the drop
        }
        CatalogSnapshot s = catalog.snapshot();
        for (TableDef t : tables) {
            for (String nodeName : t.distribution().nodes()) {
                NodeDef node = s.nodes().get(nodeName);
                if (node == null) {
                    continue;
                }
                try {
                    dropRows(node, t.id());
                } catch (RuntimeException e) {
                    LOG.warn("could not remove the data of dropped table {} (id {}) from {}: {}; retried in the "
                            + "background", t.name(), Integer.toUnsignedString(t.id()), nodeName, e.getMessage());
                    PendingDrops.record(catalog.zk(), t.id(), nodeName);
                }
            }
        }
    }

    /** Removes a dropped table's rows from one datanode; throws what the datanode or the call threw. */
    private void dropRows(NodeDef node, int tableId) {
        datanodes.blocking(node).withDeadlineAfter(30, TimeUnit.SECONDS)
                .dropTable(DropTableRequest.newBuilder().setTableId(tableId).build());
    }

    /** Retries the drops datanodes missed ({@link PendingDrops}); run by the sweeper. */
    private void retryPendingDrops() {
        try {
            PendingDrops.retry(catalog.zk(), catalog.snapshot().nodes(), this::dropRows);
        } catch (Exception e) {
            LOG.warn("cannot retry the pending drops: {}", e.toString());
        }
    }

    /** Reads the table's rows for the checks an ALTER TABLE makes on existing data. */
    interface RowCounter {
        /**
         * Counts the rows of a query ({@code SELECT count(*) FROM t WHERE ...}) in a statement of its own.
         *
         * @param sql the query, whose single row and column is the count
         */
        long count(String sql);

        /**
         * Copies every row of {@code from} into {@code to} (another table id, with the primary key) in one
         * transaction of its own, committed when it returns.
         *
         * @return the number of rows copied
         * @throws TesseraException 23505 when two rows have the same key
         */
        long rekey(TableDef from, TableDef to);

        /**
         * The first column of the first row of a query run in a statement of its own (null when it returns no row),
         * in the engine's representation: ADD COLUMN evaluates its default once so.
         */
        Object value(String sql);

        /**
         * Inserts the rows of {@code sql} — one value per column of {@code to}, in its order, coerced to the columns'
         * types as an INSERT does — into {@code to} (a fresh table id) in one transaction of its own, committed when
         * it returns: a table rewrite's copy.
         *
         * @return the number of rows copied
         * @throws TesseraException the first error of the query or the insert (22P02, 23505, ...): nothing committed
         */
        long copy(String sql, TableDef to);

        /** Sends {@code notice} to the client now, while the statement runs (a long ALTER's progress). */
        default void notice(TesseraException notice) {
        }

        /** The running statement's cancellation (CancelRequest), for a long ALTER to stop at. */
        default io.tessera.coordinator.sql.exec.Cancellation cancellation() {
            return new io.tessera.coordinator.sql.exec.Cancellation();
        }
    }

    /**
     * ALTER TABLE: every action of the statement is checked against the existing rows first (SET NOT NULL, ADD CHECK,
     * VALIDATE CONSTRAINT), then all are applied in one catalog change. There are no table locks yet: a row written by
     * another transaction between the check and the catalog change is not checked (documented in docs/sql.md).
     *
     * @return notices (IF EXISTS / IF NOT EXISTS skips)
     */
    List<TesseraException> alterTable(io.tessera.sql.parser.ddl.SqlAlterTable stmt, String database, RowCounter rows) {
        List<TesseraException> notices = new ArrayList<>();
        String name = alteredNameOrSkip(stmt.name(), stmt.ifExists(), notices);
        if (name == null) {
            return notices;
        }
        CatalogSnapshot now = catalog.snapshot();
        TableDef before = now.tables(database).get(name);
        if (stmt.actions().get(0) instanceof io.tessera.sql.parser.ddl.SqlAlterTable.SetSchema set) {
            // the grammar takes SET SCHEMA alone; as in PostgreSQL, ALTER TABLE moves a view or a sequence too
            if (before != null) {
                RedistributionJobs.refuseDdl(database, name);
                SetSchemaDdl.table(catalog, database, name, set.schema());
                return notices;
            }
            if (now.views(database).containsKey(name)) {
                SetSchemaDdl.view(catalog, database, name, set.schema());
                return notices;
            }
            if (now.sequences(database).containsKey(name)) {
                SetSchemaDdl.sequence(catalog, database, name, set.schema());
                return notices;
            }
        }
        if (before == null) {
            if (ownerOfViewOrSequence(now, database, name, stmt)) {
                return List.of();
            }
            if (now.sequences(database).containsKey(name)) {
                throw new TesseraException(SqlState.WRONG_OBJECT_TYPE, "\"" + name + "\" is not a table");
            }
            if (stmt.ifExists()) {
                return List.of(new TesseraException(SqlState.SUCCESSFUL_COMPLETION, "relation \"" + name
                        + "\" does not exist, skipping"));
            }
            throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist");
        }
        if (stmt.actions().stream().anyMatch(a -> !(a instanceof io.tessera.sql.parser.ddl.SqlAlterTable.Redistribute))) {
            RedistributionJobs.refuseDdl(database, name); // a second DISTRIBUTE BY gets its own 55006 from the job
        }
        for (io.tessera.sql.parser.ddl.SqlAlterTable.Action a : stmt.actions()) {
            if (a instanceof io.tessera.sql.parser.ddl.SqlAlterTable.AddIdentity identity) {
                if (stmt.actions().size() > 1) {
                    throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "ADD GENERATED ... AS IDENTITY"
                            + " together with other ALTER TABLE actions is not supported yet", null,
                            "Run it as an ALTER TABLE of its own.", 0, null);
                }
                IdentityDdl.add(catalog, before, identity);
                return notices;
            }
            if (ConstraintDdl.handles(before, a)) {
                if (stmt.actions().size() > 1) {
                    throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "adding, validating or dropping a"
                            + " UNIQUE or FOREIGN KEY constraint together with other ALTER TABLE actions is not"
                            + " supported yet", null, "Run it as an ALTER TABLE of its own.", 0, null);
                }
                return constraints.alter(before, a, rows);
            }
            if (a instanceof io.tessera.sql.parser.ddl.SqlAlterTable.Redistribute r) {
                if (stmt.actions().size() > 1) {
                    throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "ALTER TABLE ... " + r.form()
                            + " together with other ALTER TABLE actions is not supported yet", null,
                            "Run it as an ALTER TABLE of its own.", 0, null);
                }
                List<TesseraException> moveNotices = new RedistributeTable(catalog, datanodes,
                        st -> { dropStaging(st); return null; }, old -> { removeData(List.of(old)); return null; })
                        .run(before, r, rows::notice, rows.cancellation());
                TableDef moved = catalog.snapshot().tables(database).get(name);
                if (moved != null && moved.id() != before.id()) {
                    tableMoved.accept(before.id(), moved.id()); // same rows, new id: the statistics stay
                }
                return moveNotices;
            }
            if (AlterColumnDdl.rewrites(before, a)) {
                return columns.rewrite(before, stmt, rows); // ALTER COLUMN TYPE, ADD COLUMN with a volatile default
            }
            if (a instanceof io.tessera.sql.parser.ddl.SqlAlterTable.AddPrimaryKey pk) {
                if (stmt.actions().size() > 1) {
                    throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                            "ADD PRIMARY KEY together with other ALTER TABLE actions is not supported yet", null,
                            "Run ADD PRIMARY KEY as an ALTER TABLE of its own.", 0, null);
                }
                addPrimaryKey(before, pk, rows);
                return notices;
            }
            if (a instanceof io.tessera.sql.parser.ddl.SqlAlterTable.StorageOptions o && !o.reset()) {
                StorageParameters.check(o.options());
            }
        }
        // simulate the actions on the definition, checking existing rows where an action needs it
        TableDef after = alterDefinition(before, stmt, notices, rows);
        String newName = after.key(); // the catalog key: a table of another schema keeps its schema
        catalog.apply((snapshot, root, ops) -> {
            TableDef current = snapshot.tables(database).get(name);
            if (current == null || !current.equals(before)) {
                throw new TesseraException(SqlState.OBJECT_IN_USE, "table \"" + name
                        + "\" was changed concurrently; try again");
            }
            List<org.apache.curator.framework.api.transaction.CuratorOp> out = new ArrayList<>();
            if (!newName.equals(name)) {
                if (SequenceDdl.relationExists(snapshot, database, newName)) {
                    throw new TesseraException(SqlState.DUPLICATE_TABLE, "relation \"" + newName + "\" already exists");
                }
                out.add(ops.deleteTable(current));
                out.add(ops.createTable(after));
                for (io.tessera.coordinator.catalog.ViewDef v : ViewDdl.renamedRelation(snapshot, database, name,
                        after.name())) {
                    out.add(ops.updateView(v)); // the views reading the table follow it, as by OID in PostgreSQL
                }
            } else if (!after.equals(current)) {
                out.add(ops.updateTable(after));
            }
            out.addAll(ColumnDependents.referencingOperations(snapshot, ops, current, after, c -> renamedColumn(stmt, c)));
            for (io.tessera.coordinator.catalog.SequenceDef q : snapshot.sequences(database).values()) {
                if (name.equals(q.ownedByTable())) {
                    String col = q.ownedByColumn();
                    String renamedCol = renamedColumn(stmt, col);
                    if (col != null && current.columnIndex(col) >= 0 && after.columnIndex(renamedCol) < 0) {
                        out.addAll(ops.deleteSequence(q)); // its column was dropped
                        continue;
                    }
                    if (!newName.equals(name) || !renamedCol.equals(col)) {
                        out.add(ops.updateSequence(q.withOwnedBy(newName, renamedCol)));
                    }
                }
            }
            return out;
        });
        for (io.tessera.coordinator.catalog.IndexDef gone : before.indexes()) {
            if (after.indexes().stream().noneMatch(i -> i.id() == gone.id())) {
                indexes.removeEntries(after, gone); // DROP COLUMN dropped it
            }
        }
        return notices;
    }

    /**
     * ALTER TABLE of a view or a sequence whose actions are all OWNER TO, as pg_dump writes their owners (PostgreSQL
     * allows ALTER TABLE on either there): accepted when the role exists, as ALTER VIEW / ALTER SEQUENCE ... OWNER TO
     * accept it (views and sequences report their database's table owner: they keep no owner of their own).
     *
     * @return whether the statement was such an ALTER TABLE (done); false when {@code name} is no view or sequence
     *     or another action is present
     * @throws TesseraException 42704 for an unknown role
     */
    private static boolean ownerOfViewOrSequence(CatalogSnapshot s, String database, String name,
            io.tessera.sql.parser.ddl.SqlAlterTable stmt) {
        if (!s.views(database).containsKey(name) && !s.sequences(database).containsKey(name)
                || !stmt.actions().stream().allMatch(a -> a instanceof io.tessera.sql.parser.ddl.SqlAlterTable.OwnerTo)) {
            return false;
        }
        for (io.tessera.sql.parser.ddl.SqlAlterTable.Action a : stmt.actions()) {
            String role = ((io.tessera.sql.parser.ddl.SqlAlterTable.OwnerTo) a).role();
            if (!s.roles().containsKey(role)) {
                throw new TesseraException(SqlState.UNDEFINED_OBJECT, "role \"" + role + "\" does not exist");
            }
        }
        return true;
    }

    /**
     * ADD [CONSTRAINT name] PRIMARY KEY (cols) on a filled table: the key columns become NOT NULL (the rows checked:
     * 23502), the rows are copied under the key into a fresh table id (a duplicate is 23505, PostgreSQL's
     * {@code could not create unique index "t_pkey"}, {@code Key (a)=(1) is duplicated.}), the row count is compared
     * again (a concurrent write refuses with 55006), then the catalog switches the table to the new id and the old
     * key range is dropped. Without table locks, a transaction that writes the old table and commits after that
     * re-count loses its rows (documented in docs/sql.md).
     */
    private void addPrimaryKey(TableDef t, io.tessera.sql.parser.ddl.SqlAlterTable.AddPrimaryKey pk, RowCounter rows) {
        if (!t.primaryKey().isEmpty()) {
            throw new TesseraException(SqlState.INVALID_TABLE_DEFINITION, "multiple primary keys for table \""
                    + t.name() + "\" are not allowed");
        }
        List<ColumnDef> cols = new ArrayList<>(t.columns());
        for (String k : pk.columns()) {
            int i = t.columnIndex(k);
            if (i < 0) {
                throw new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + k + "\" of relation \""
                        + t.name() + "\" does not exist");
            }
            if (!cols.get(i).notNull() && rows.count("SELECT count(*) FROM " + relation(t) + " WHERE "
                    + quote(k) + " IS NULL") > 0) {
                throw new TesseraException(SqlState.NOT_NULL_VIOLATION, "column \"" + k + "\" of relation \""
                        + t.name() + "\" contains null values");
            }
            cols.set(i, cols.get(i).withNotNull(true));
        }
        Distribution dist = t.distribution();
        if (!dist.replicated() && (dist.column() == null || !pk.columns().contains(dist.column()))) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "a PRIMARY KEY on a table distributed by "
                    + dist.kind() + (dist.column() == null ? "" : "(" + dist.column() + ")")
                    + " must contain the distribution column", null,
                    "Distribute the table by a column of its primary key, or by REPLICATION.", 0, null);
        }
        // The keyed rows go to a fresh table id: keys of two formats never share one key range. The id is in the
        // catalog under a staging name for the copy, because datanodes only serve tables the catalog holds
        // (TableSchemas); the switch gives it the table's name.
        int[] newId = {0};
        TableDef[] stagingDef = {null};
        catalog.apply((snapshot, root, ops) -> {
            newId[0] = ops.allocateOid();
            stagingDef[0] = new TableDef(newId[0], t.database(), t.schema(), t.name() + "$addpk" + newId[0], cols,
                    dist, pk.columns(), t.checks(), 0, 0, null, TableRebuild.indexes(t));
            return List.of(ops.createTable(stagingDef[0]));
        });
        TableDef staging = stagingDef[0];
        TableDef keyed = new TableDef(newId[0], t.database(), t.schema(), t.name(), cols, dist, pk.columns(),
                t.checks(), 0, 0, t.comments(), staging.indexes()).withAccessOf(t)
                .withPrimaryKeyName(pk.name() != null ? pk.name() : IndexDdl.chooseName(catalog.snapshot(),
                        t.database(), CatalogSnapshot.schemaOf(t.schema()), t.name(), "", "pkey"));
        long copied;
        try {
            copied = rows.rekey(t, keyed);
        } catch (TesseraException e) {
            dropStaging(staging);
            throw TableRebuild.duplicated(e, t, keyed.primaryKeyConstraint());
        }
        // a write committed meanwhile would be lost with the old key range: refuse the switch then
        if (rows.count("SELECT count(*) FROM " + relation(t)) != copied) {
            dropStaging(staging);
            throw new TesseraException(SqlState.OBJECT_IN_USE, "table \"" + t.name()
                    + "\" was written while its primary key was being added; try again");
        }
        try {
            catalog.apply((snapshot, root, ops) -> {
                TableDef current = snapshot.tables(t.database()).get(t.key());
                if (current == null || !current.equals(t)) {
                    throw new TesseraException(SqlState.OBJECT_IN_USE, "table \"" + t.name()
                            + "\" was changed concurrently while its rows were keyed; try again");
                }
                return TableRebuild.switchOperations(snapshot, ops, current, staging, keyed);
            });
        } catch (TesseraException e) {
            dropStaging(staging);
            throw e;
        }
        removeData(List.of(t));
    }

    /** Removes ADD PRIMARY KEY's staging table from the catalog and its copied rows from the datanodes. */
    private void dropStaging(TableDef staging) {
        try {
            catalog.apply((snapshot, root, ops) -> snapshot.tables(staging.database()).containsKey(staging.key())
                    ? List.of(ops.deleteTable(staging)) : List.of());
        } finally {
            removeData(List.of(staging));
        }
    }

    private static String renamedColumn(io.tessera.sql.parser.ddl.SqlAlterTable stmt, String column) {
        String c = column;
        for (io.tessera.sql.parser.ddl.SqlAlterTable.Action a : stmt.actions()) {
            if (a instanceof io.tessera.sql.parser.ddl.SqlAlterTable.RenameColumn r && r.from().equals(c)) {
                c = r.to();
            }
        }
        return c;
    }

    private TableDef alterDefinition(TableDef t, io.tessera.sql.parser.ddl.SqlAlterTable stmt,
            List<TesseraException> notices, RowCounter rows) {
        String name = t.name();
        List<ColumnDef> cols = new ArrayList<>(t.columns());
        List<TableDef.CheckDef> checks = new ArrayList<>(t.checks());
        List<io.tessera.coordinator.catalog.IndexDef> indexes = new ArrayList<>(t.indexes());
        List<io.tessera.coordinator.catalog.ForeignKeyDef> fks = new ArrayList<>(t.foreignKeys());
        List<String> primaryKey = new ArrayList<>(t.primaryKey());
        String pkeyName = t.primaryKeyConstraint();
        Distribution dist = t.distribution();
        Integer newOwner = null;
        for (io.tessera.sql.parser.ddl.SqlAlterTable.Action a : stmt.actions()) {
            if (a instanceof io.tessera.sql.parser.ddl.SqlAlterTable.RenameTable r) {
                if (!r.newName().equals(name) && SequenceDdl.relationExists(catalog.snapshot(), t.database(), r.newName())) {
                    throw new TesseraException(SqlState.DUPLICATE_TABLE, "relation \"" + r.newName() + "\" already exists");
                }
                name = r.newName();
            } else if (a instanceof io.tessera.sql.parser.ddl.SqlAlterTable.RenameColumn r) {
                int i = columnOf(cols, r.from(), name);
                if (cols.stream().anyMatch(c -> c.name().equals(r.to()))) {
                    throw new TesseraException(SqlState.DUPLICATE_COLUMN, "column \"" + r.to() + "\" of relation \""
                            + name + "\" already exists");
                }
                cols.set(i, cols.get(i).withName(r.to()));
                ColumnDependents.indexes(indexes, r.from(), r.to());
                primaryKey.replaceAll(k -> k.equals(r.from()) ? r.to() : k);
                if (r.from().equals(dist.column())) {
                    dist = new Distribution(dist.kind(), r.to(), dist.nodes(), dist.shardNodes(),
                            dist.shardMapVersion());
                }
                ColumnDependents.foreignKeys(fks, t.id(), r.from(), r.to());
                for (int k = 0; k < checks.size(); k++) {
                    TableDef.CheckDef c = checks.get(k);
                    SqlNodeRename rename = new SqlNodeRename(r.from(), r.to());
                    checks.set(k, c.with(c.name(),
                            sqlText(InsertDefaults.expression(c.expr()).accept(rename)), c.validated()));
                }
            } else if (a instanceof io.tessera.sql.parser.ddl.SqlAlterTable.RenameConstraint r) {
                pkeyName = renameConstraint(t, name, pkeyName, checks, indexes, fks, r);
            } else if (a instanceof io.tessera.sql.parser.ddl.SqlAlterTable.ColumnDefault d) {
                int i = columnOf(cols, d.column(), name);
                if (cols.get(i).identity() != null && d.expression() != null) {
                    throw new TesseraException(SqlState.SYNTAX_ERROR, "column \"" + d.column() + "\" of relation \""
                            + name + "\" is an identity column", null, "Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead.", 0, null);
                }
                cols.set(i, cols.get(i).withDefault(d.expression() == null ? null
                        : SequenceDdl.bound(sqlText(d.expression()), catalog.snapshot(), t.database())));
            } else if (a instanceof io.tessera.sql.parser.ddl.SqlAlterTable.ColumnNotNull n) {
                int i = columnOf(cols, n.column(), name);
                ColumnDef c = cols.get(i);
                if (!n.notNull() && t.primaryKey().contains(c.name())) {
                    throw new TesseraException(SqlState.INVALID_TABLE_DEFINITION, "column \"" + c.name()
                            + "\" is in a primary key");
                }
                if (!n.notNull() && c.identity() != null) {
                    throw new TesseraException(SqlState.SYNTAX_ERROR, "column \"" + c.name() + "\" of relation \""
                            + name + "\" is an identity column");
                }
                if (n.notNull() && !c.notNull()
                        && rows.count("SELECT count(*) FROM " + relation(t) + " WHERE " + quote(t.columns()
                        .get(t.columnIndex(c.name()) >= 0 ? t.columnIndex(c.name()) : i).name()) + " IS NULL") > 0) {
                    throw new TesseraException(SqlState.NOT_NULL_VIOLATION, "column \"" + c.name() + "\" of relation \""
                            + name + "\" contains null values");
                }
                cols.set(i, c.withNotNull(n.notNull()));
            } else if (a instanceof io.tessera.sql.parser.ddl.SqlAlterTable.AddCheck k) {
                Set<String> taken = new HashSet<>();
                checks.forEach(c -> taken.add(c.name()));
                String n = k.name() != null ? k.name() : checkName(name, firstColumn(k.expression(), cols), taken);
                if (k.name() != null && taken.contains(n)) {
                    throw new TesseraException(SqlState.DUPLICATE_OBJECT, "constraint \"" + n + "\" for relation \""
                            + name + "\" already exists");
                }
                String expr = sqlText(k.expression());
                if (!k.notValid()) {
                    validate(t, n, expr, rows);
                }
                checks.add(new TableDef.CheckDef(n, expr, !k.notValid()));
            } else if (a instanceof io.tessera.sql.parser.ddl.SqlAlterTable.ValidateConstraint v) {
                int i = checkOf(checks, v.name(), name);
                TableDef.CheckDef c = checks.get(i);
                if (!c.validated()) {
                    validate(t, c.name(), c.expr(), rows);
                    checks.set(i, c.with(c.name(), c.expr(), true));
                }
            } else if (a instanceof io.tessera.sql.parser.ddl.SqlAlterTable.DropConstraint d) {
                int i = checks.stream().map(TableDef.CheckDef::name).toList().indexOf(d.name());
                if (i < 0) {
                    if (d.ifExists()) {
                        notices.add(new TesseraException(SqlState.SUCCESSFUL_COMPLETION, "constraint \"" + d.name()
                                + "\" of relation \"" + name + "\" does not exist, skipping"));
                        continue;
                    }
                    throw new TesseraException(SqlState.UNDEFINED_OBJECT, "constraint \"" + d.name()
                            + "\" of relation \"" + name + "\" does not exist");
                }
                checks.remove(i);
            } else if (a instanceof io.tessera.sql.parser.ddl.SqlAlterTable.AddColumn add) {
                AlterColumnDdl.addColumn(t, name, cols, checks, add, notices, rows);
            } else if (a instanceof io.tessera.sql.parser.ddl.SqlAlterTable.DropColumn drop) {
                boolean present = cols.stream().anyMatch(c -> c.name().equals(drop.column()));
                AlterColumnDdl.dropColumn(t, name, cols, checks, drop, notices, catalog.snapshot());
                if (present) {
                    ColumnDependents.drop(catalog.snapshot(), t, name, indexes, fks, drop, notices);
                }
            } else if (a instanceof io.tessera.sql.parser.ddl.SqlAlterTable.OwnerTo o) {
                io.tessera.coordinator.catalog.RoleDef role = catalog.snapshot().roles().get(o.role());
                if (role == null) {
                    throw new TesseraException(SqlState.UNDEFINED_OBJECT, "role \"" + o.role() + "\" does not exist");
                }
                newOwner = role.oid();
            }
        }
        TableDef altered = new TableDef(t.id(), t.database(), t.schema(), name, cols, dist,
                primaryKey, checks, t.nextColumnId(), t.schemaVersion() + 1, t.comments(), indexes, fks,
                t.owner(), t.acl(), pkeyName);
        return newOwner == null ? altered : io.tessera.coordinator.sql.acl.Ownership.change(catalog.snapshot(),
                altered, newOwner);
    }

    /**
     * ALTER TABLE ... RENAME CONSTRAINT on the table's current state: renames a CHECK, FOREIGN KEY, UNIQUE (and its
     * index) or PRIMARY KEY (and its index) constraint in place, as PostgreSQL 15 does.
     *
     * @return the primary key's name afterwards
     * @throws TesseraException 42704 for no such constraint, 42710 when {@code r.to()} names another constraint of
     *     the table, 42P07 when a renamed index's new name is taken in the schema
     */
    private String renameConstraint(TableDef t, String table, String pkeyName, List<TableDef.CheckDef> checks,
            List<io.tessera.coordinator.catalog.IndexDef> indexes,
            List<io.tessera.coordinator.catalog.ForeignKeyDef> fks,
            io.tessera.sql.parser.ddl.SqlAlterTable.RenameConstraint r) {
        Set<String> names = new HashSet<>();
        checks.forEach(c -> names.add(c.name()));
        fks.forEach(f -> names.add(f.name()));
        indexes.stream().filter(io.tessera.coordinator.catalog.IndexDef::constraint).forEach(i -> names.add(i.name()));
        if (pkeyName != null) {
            names.add(pkeyName);
        }
        if (!names.contains(r.from())) {
            throw new TesseraException(SqlState.UNDEFINED_OBJECT, "constraint \"" + r.from() + "\" for table \""
                    + table + "\" does not exist");
        }
        // as PostgreSQL: a constraint with an index renames the index first, so a taken relation name is 42P07
        boolean ownsIndex = r.from().equals(pkeyName) || indexes.stream().anyMatch(i -> i.name().equals(r.from()));
        if (ownsIndex && SequenceDdl.relationExists(catalog.snapshot(), t.database(),
                CatalogSnapshot.key(t.schema(), r.to()))) {
            throw new TesseraException(SqlState.DUPLICATE_TABLE, "relation \"" + r.to() + "\" already exists");
        }
        if (names.contains(r.to())) {
            throw new TesseraException(SqlState.DUPLICATE_OBJECT, "constraint \"" + r.to() + "\" for relation \""
                    + table + "\" already exists");
        }
        checks.replaceAll(c -> c.name().equals(r.from()) ? c.with(r.to(), c.expr(), c.validated()) : c);
        fks.replaceAll(f -> f.name().equals(r.from()) ? f.withName(r.to()) : f);
        indexes.replaceAll(i -> i.constraint() && i.name().equals(r.from()) ? i.withName(r.to()) : i);
        return r.from().equals(pkeyName) ? r.to() : pkeyName;
    }

    /** Checks the existing rows against a CHECK constraint: 23514 when one makes it false. */
    private static void validate(TableDef t, String constraint, String expr, RowCounter rows) {
        validateRows(relation(t), t.name(), constraint, expr, rows);
    }

    /**
     * A table as the SQL of a DDL's own statements names it: quoted and always qualified by its schema, so the
     * statement reads that table whatever search path it runs under (a session's {@code search_path} may put a
     * schema with a same-named table before {@code public}).
     */
    static String relation(TableDef t) {
        return quote(io.tessera.coordinator.catalog.CatalogSnapshot.schemaOf(t.schema())) + "." + quote(t.name());
    }

    /**
     * Checks the rows of {@code relation} (as SQL names it: a rebuild's staging copy stands in for its table) against
     * a CHECK constraint of the table {@code table}: 23514 when one makes it false.
     */
    static void validate(TableDef relation, String table, String constraint, String expr, RowCounter rows) {
        validateRows(relation(relation), table, constraint, expr, rows);
    }

    private static void validateRows(String relationSql, String table, String constraint, String expr,
            RowCounter rows) {
        if (rows.count("SELECT count(*) FROM " + relationSql + " WHERE NOT (" + expr + ")") > 0) {
            throw new TesseraException(SqlState.CHECK_VIOLATION, "check constraint \"" + constraint
                    + "\" of relation \"" + table + "\" is violated by some row");
        }
    }

    private static int columnOf(List<ColumnDef> cols, String column, String table) {
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).name().equals(column)) {
                return i;
            }
        }
        throw new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + column + "\" of relation \"" + table
                + "\" does not exist");
    }

    private static int checkOf(List<TableDef.CheckDef> checks, String constraint, String table) {
        for (int i = 0; i < checks.size(); i++) {
            if (checks.get(i).name().equals(constraint)) {
                return i;
            }
        }
        throw new TesseraException(SqlState.UNDEFINED_OBJECT, "constraint \"" + constraint + "\" of relation \""
                + table + "\" does not exist");
    }

    /** A double-quoted identifier. */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** Renames a column in an expression. */
    private static final class SqlNodeRename extends org.apache.calcite.sql.util.SqlShuttle {
        private final String from;
        private final String to;

        SqlNodeRename(String from, String to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public org.apache.calcite.sql.SqlNode visit(SqlIdentifier id) {
            if (id.names.size() == 1 && id.getSimple().equals(from)) {
                return new SqlIdentifier(to, id.getParserPosition());
            }
            return id;
        }
    }

    /**
     * The catalog key ({@link io.tessera.coordinator.catalog.CatalogSnapshot#key}) of the table, view, sequence or
     * type a possibly schema-qualified identifier names, resolved through the session's search path
     * ({@link io.tessera.coordinator.catalog.SearchPath#resolve}).
     */
    static String tableName(SqlIdentifier id) {
        return io.tessera.coordinator.catalog.SearchPath.resolve(id.names);
    }

    /**
     * {@link #tableName} for a DROP ... IF EXISTS: null, with PostgreSQL's NOTICE {@code schema "s" does not exist,
     * skipping} added to {@code notices}, when {@code ifExists} and the name's schema does not exist.
     *
     * @throws TesseraException 3F000 for a missing schema without IF EXISTS
     */
    static String tableNameOrSkip(SqlIdentifier id, boolean ifExists, List<TesseraException> notices) {
        String missing = ifExists ? io.tessera.coordinator.catalog.SearchPath.missingSchema(id.names) : null;
        if (missing != null) {
            notices.add(new TesseraException(SqlState.SUCCESSFUL_COMPLETION, "schema \"" + missing
                    + "\" does not exist, skipping"));
            return null;
        }
        return tableName(id);
    }

    /**
     * {@link #tableName} for an ALTER ... IF EXISTS: null, with PostgreSQL's NOTICE {@code relation "t" does not
     * exist, skipping} as the only notice, when {@code ifExists} and the name's schema does not exist.
     *
     * @throws TesseraException 3F000 for a missing schema without IF EXISTS
     */
    static String alteredNameOrSkip(SqlIdentifier id, boolean ifExists, List<TesseraException> notices) {
        if (ifExists && io.tessera.coordinator.catalog.SearchPath.missingSchema(id.names) != null) {
            notices.add(new TesseraException(SqlState.SUCCESSFUL_COMPLETION, "relation \""
                    + id.names.get(id.names.size() - 1) + "\" does not exist, skipping"));
            return null;
        }
        return tableName(id);
    }
}
