package io.tessera.coordinator.sql.schema;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import io.tessera.common.distribution.ShardMath;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.catalog.pgcatalog.PgCatalogTables;
import io.tessera.coordinator.sql.functions.GenerateSeries;
import io.tessera.coordinator.sql.schema.VirtualTable.Col;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.TableFunctionImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The {@code pg_catalog} schema of one database: the cluster views of Postgres-XL ({@code pgxc_node},
 * {@code pgxc_class}, {@code pgxc_group}), PolarDB-PG's {@code pg_shard_map}, and set-returning functions such as
 * {@code generate_series}. Every view reads the statement's catalog snapshot.
 */
public final class PgCatalogSchema extends AbstractSchema {
    private final String database;

    public PgCatalogSchema(String database) {
        this.database = database;
    }

    @Override
    protected Map<String, Table> getTableMap() {
        Map<String, Table> tables = new java.util.HashMap<>(PgCatalogTables.all());
        tables.putAll(Map.of(
                "pgxc_node", new VirtualTable(List.of(
                        new Col("node_name", SqlTypeName.VARCHAR), new Col("node_type", SqlTypeName.CHAR, 1),
                        new Col("node_port", SqlTypeName.INTEGER), new Col("node_host", SqlTypeName.VARCHAR),
                        new Col("nodeis_primary", SqlTypeName.BOOLEAN), new Col("nodeis_preferred", SqlTypeName.BOOLEAN),
                        new Col("node_id", SqlTypeName.INTEGER)), PgCatalogSchema::pgxcNode),
                "pgxc_class", new VirtualTable(List.of(
                        new Col("pcrelid", SqlTypeName.INTEGER), new Col("pclocatortype", SqlTypeName.CHAR, 1),
                        new Col("pcattnum", SqlTypeName.SMALLINT), new Col("pchashbuckets", SqlTypeName.INTEGER),
                        new Col("nodeoids", SqlTypeName.VARCHAR)), this::pgxcClass),
                "pgxc_group", new VirtualTable(List.of(
                        new Col("group_name", SqlTypeName.VARCHAR), new Col("group_members", SqlTypeName.VARCHAR)),
                        PgCatalogSchema::pgxcGroup),
                "pg_shard_map", new VirtualTable(List.of(
                        new Col("shardid", SqlTypeName.INTEGER), new Col("node", SqlTypeName.VARCHAR),
                        new Col("shardminvalue", SqlTypeName.INTEGER), new Col("shardmaxvalue", SqlTypeName.INTEGER)),
                        PgCatalogSchema::shardMap),
                "pgxc_shard_map", new VirtualTable(List.of(
                        new Col("pcrelid", SqlTypeName.INTEGER), new Col("shardid", SqlTypeName.INTEGER),
                        new Col("node", SqlTypeName.VARCHAR), new Col("shardminvalue", SqlTypeName.INTEGER),
                        new Col("shardmaxvalue", SqlTypeName.INTEGER), new Col("version", SqlTypeName.BIGINT)),
                        this::tableShardMaps),
                "pgxc_stat_gc", new GcStatsView(),
                "pg_stat_progress_redistribute", new VirtualTable(List.of(
                        new Col("datname", SqlTypeName.VARCHAR), new Col("relname", SqlTypeName.VARCHAR),
                        new Col("job_id", SqlTypeName.VARCHAR), new Col("phase", SqlTypeName.VARCHAR),
                        new Col("rows_copied", SqlTypeName.BIGINT), new Col("rows_total", SqlTypeName.BIGINT),
                        new Col("elapsed_ms", SqlTypeName.BIGINT), new Col("bytes_copied", SqlTypeName.BIGINT),
                        new Col("current_lag", SqlTypeName.BIGINT)),
                        s -> io.tessera.coordinator.sql.RedistributionProgress.rows(database))));
        return tables;
    }

    @Override
    protected Multimap<String, Function> getFunctionMultimap() {
        ImmutableMultimap.Builder<String, Function> b = ImmutableMultimap.builder();
        for (Method m : GenerateSeries.class.getMethods()) {
            if (m.getName().equals("generateSeries")) {
                b.put("generate_series", io.tessera.coordinator.sql.functions.StableRowTypeTableFunction.of(m));
            } else if (m.getName().startsWith("generateSeriesTimestamp")) {
                // the timestamp forms, which IntervalFunctions.resolve names by their argument types
                b.put(m.getName().endsWith("tz") ? "tessera_generate_series_timestamptz"
                        : "tessera_generate_series_timestamp",
                        io.tessera.coordinator.sql.functions.StableRowTypeTableFunction.of(m));
            }
        }
        for (Method m : io.tessera.coordinator.sql.functions.RegexpTables.class.getMethods()) {
            if (m.getName().startsWith("regexp")) {
                b.put(m.getName().equals("regexpMatches") ? "regexp_matches" : "regexp_split_to_table",
                        io.tessera.coordinator.sql.functions.StableRowTypeTableFunction.of(m));
            }
        }
        for (Method m : io.tessera.coordinator.sql.functions.JsonTables.class.getMethods()) {
            if (m.getReturnType() == org.apache.calcite.schema.ScannableTable.class) {
                b.put(io.tessera.coordinator.sql.functions.JsonTables.sqlName(m),
                        io.tessera.coordinator.sql.functions.StableRowTypeTableFunction.of(m));
            }
        }
        b.putAll(io.tessera.coordinator.catalog.pgcatalog.PgCatalogFunctions.functions());
        for (Method m : io.tessera.coordinator.catalog.pgcatalog.PartitionAncestors.class.getMethods()) {
            if (m.getName().startsWith("ancestors")) {
                b.put(m.getName().equals("ancestors") ? "pg_partition_ancestors"
                        : "pg_partition_ancestors_ordinality",
                        io.tessera.coordinator.sql.functions.StableRowTypeTableFunction.of(m));
            }
        }
        return b.build();
    }

    private static List<Object[]> pgxcNode(CatalogSnapshot s) {
        List<Object[]> rows = new ArrayList<>();
        List<NodeDef> nodes = new ArrayList<>(s.coordinators());
        nodes.addAll(s.datanodes());
        for (NodeDef n : nodes) {
            rows.add(new Object[] {n.name(), String.valueOf(n.type()), n.port(), n.host(), false, false, n.nodeId()});
        }
        return rows;
    }

    private List<Object[]> pgxcClass(CatalogSnapshot s) {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef t : s.tables(database).values()) {
            Distribution d = t.distribution();
            int attnum = d.column() == null ? 0 : t.attnum(d.column());
            String nodeIds = d.nodes().stream().map(n -> String.valueOf(s.nodes().get(n).nodeId()))
                    .collect(Collectors.joining(" "));
            rows.add(new Object[] {t.oid(), String.valueOf(d.kind().locatorType()), (short) attnum, d.shardCount(), nodeIds});
        }
        return rows;
    }

    /**
     * Postgres-XL's {@code pgxc_group}: one row per node group, its members as the nodes' ids (pgxc_node.node_id,
     * the ids pgxc_class.nodeoids lists), space-separated in the order CREATE NODE GROUP named them, as an
     * oidvector prints.
     */
    private static List<Object[]> pgxcGroup(CatalogSnapshot s) {
        List<Object[]> rows = new ArrayList<>();
        for (io.tessera.coordinator.catalog.NodeGroupDef g : s.groups().values()) {
            String members = g.members().stream().map(n -> s.nodes().get(n))
                    .map(n -> n == null ? "0" : String.valueOf(n.nodeId())).collect(Collectors.joining(" "));
            rows.add(new Object[] {g.name(), members});
        }
        return rows;
    }

    /**
     * Each HASH or SHARD table's own shard map, as its rows are placed now: one row per shard with the datanode that
     * holds it, the shard's range of the signed 32-bit hash space and the map's version (raised by each move of the
     * table's shards, {@code ALTER TABLE ... DISTRIBUTE BY / ADD NODE / ...}).
     */
    private List<Object[]> tableShardMaps(CatalogSnapshot s) {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef t : s.tables(database).values()) {
            Distribution d = t.distribution();
            if (d.kind() != Distribution.Kind.HASH && d.kind() != Distribution.Kind.SHARD) {
                continue;
            }
            for (int shard = 0; shard < d.shardCount(); shard++) {
                long[] range = ShardMath.rangeOf(shard, d.shardCount());
                rows.add(new Object[] {t.oid(), shard, d.shardNodes().get(shard), (int) range[0], (int) range[1],
                        d.shardMapVersion()});
            }
        }
        return rows;
    }

    /** The default shard map: DEFAULT_SHARD_COUNT shards over all datanodes, round-robin. */
    private static List<Object[]> shardMap(CatalogSnapshot s) {
        List<String> nodes = s.datanodes().stream().map(NodeDef::name).toList();
        Distribution d = Distribution.create(Distribution.Kind.SHARD, null, nodes);
        List<Object[]> rows = new ArrayList<>();
        for (int shard = 0; shard < d.shardCount(); shard++) {
            long[] range = ShardMath.rangeOf(shard, d.shardCount());
            rows.add(new Object[] {shard, d.shardNodes().get(shard), (int) range[0], (int) range[1]});
        }
        return rows;
    }
}
