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
 */
final class DdlExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(DdlExecutor.class);

    private final CatalogStore catalog;
    private final DatanodeClients datanodes;

    DdlExecutor(CatalogStore catalog, DatanodeClients datanodes) {
        this.catalog = catalog;
        this.datanodes = datanodes;
    }

    /** CREATE TABLE; returns notices (IF NOT EXISTS on an existing table). */
    List<TesseraException> createTable(SqlCreateTesseraTable stmt, String database, Map<String, String> settings) {
        String name = tableName(stmt.name());
        StorageParameters.check(stmt.withOptions());
        CatalogSnapshot now = catalog.snapshot();
        if (stmt.ifNotExists() && now.tables(database).containsKey(name)) {
            return List.of(new TesseraException(SqlState.DUPLICATE_TABLE, "relation \"" + name + "\" already exists, skipping"));
        }
        List<String> primaryKey = stmt.primaryKeyColumns();
        List<ColumnDef> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (SqlColumnDef c : stmt.columns()) {
            if (!seen.add(c.name())) {
                throw new TesseraException(SqlState.DUPLICATE_COLUMN, "column \"" + c.name() + "\" specified more than once");
            }
            if (c.defaultValue() != null) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "DEFAULT expressions are not supported yet");
            }
            columns.add(column(c, primaryKey.contains(c.name())));
        }
        for (String k : primaryKey) {
            if (columns.stream().noneMatch(c -> c.name().equals(k))) {
                throw new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + k + "\" named in key does not exist");
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
            if (snapshot.tables(database).containsKey(name)) {
                if (stmt.ifNotExists()) {
                    notices.add(new TesseraException(SqlState.DUPLICATE_TABLE, "relation \"" + name + "\" already exists, skipping"));
                    return List.of();
                }
                throw new TesseraException(SqlState.DUPLICATE_TABLE, "relation \"" + name + "\" already exists");
            }
            Distribution dist = distribution(stmt, columns, primaryKey, snapshot, settings);
            if (!primaryKey.isEmpty() && !dist.replicated() && (dist.column() == null || !primaryKey.contains(dist.column()))) {
                // uniqueness is checked where a key's rows live: every row of a key must map to one datanode
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "a PRIMARY KEY on a table distributed by "
                        + dist.kind() + (dist.column() == null ? "" : "(" + dist.column() + ")")
                        + " must contain the distribution column", null,
                        "Distribute the table by a column of its primary key, or by REPLICATION.", 0, null);
            }
            TableDef t = new TableDef(ops.allocateOid(), database, "public", name, columns, dist, primaryKey);
            return List.of(ops.createTable(t));
        });
        return notices;
    }

    private static ColumnDef column(SqlColumnDef c, boolean inPrimaryKey) {
        PgTypeName t = c.type();
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
        }
        return new ColumnDef(c.name(), type, typmod, c.notNull() || inPrimaryKey);
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
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "node groups are not supported yet");
        }
        if (!stmt.toNodes().isEmpty()) {
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
                String name = tableName(id);
                TableDef t = snapshot.tables(database).get(name);
                if (t == null) {
                    if (stmt.ifExists()) {
                        notices.add(new TesseraException(SqlState.UNDEFINED_TABLE, "table \"" + name + "\" does not exist, skipping"));
                        continue;
                    }
                    throw new TesseraException(SqlState.UNDEFINED_TABLE, "table \"" + name + "\" does not exist");
                }
                if (!dropped.contains(t)) {
                    dropped.add(t);
                    out.add(ops.deleteTable(t));
                }
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
                    notices.add(new TesseraException(SqlState.INVALID_CATALOG_NAME, "database \"" + name + "\" does not exist, skipping"));
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

    private void removeData(List<TableDef> tables) {
        CatalogSnapshot s = catalog.snapshot();
        for (TableDef t : tables) {
            for (String nodeName : t.distribution().nodes()) {
                NodeDef node = s.nodes().get(nodeName);
                if (node == null) {
                    continue;
                }
                try {
                    datanodes.blocking(node).withDeadlineAfter(30, TimeUnit.SECONDS)
                            .dropTable(DropTableRequest.newBuilder().setTableId(t.id()).build());
                } catch (RuntimeException e) {
                    LOG.warn("could not remove the data of dropped table {} (id {}) from {}: {}", t.name(), t.id(),
                            nodeName, e.getMessage());
                }
            }
        }
    }

    /** The table name of a possibly schema-qualified identifier; only {@code public} exists. */
    static String tableName(SqlIdentifier id) {
        if (id.names.size() > 2) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                    "cross-database references are not implemented: " + id);
        }
        if (id.names.size() == 2 && !id.names.get(0).equals("public")) {
            throw new TesseraException(SqlState.INVALID_SCHEMA_NAME, "schema \"" + id.names.get(0) + "\" does not exist");
        }
        return id.names.get(id.names.size() - 1);
    }
}
