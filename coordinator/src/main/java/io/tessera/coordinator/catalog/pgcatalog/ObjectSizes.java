package io.tessera.coordinator.catalog.pgcatalog;

import static org.apache.calcite.sql.type.SqlTypeName.BIGINT;
import static org.apache.calcite.sql.type.SqlTypeName.INTEGER;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.util.concurrent.ListenableFuture;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.DatabaseDef;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.IndexDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.cluster.DatanodeClients;
import io.tessera.coordinator.sql.exec.StatementContext;
import io.tessera.coordinator.sql.exec.TesseraDataContext;
import io.tessera.protocol.datanode.RelationSizesRequest;
import io.tessera.protocol.datanode.RelationSizesResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.DataContext;
import org.apache.calcite.schema.Function;

/**
 * PostgreSQL's database object size functions
 * (https://www.postgresql.org/docs/15/functions-admin.html#FUNCTIONS-ADMIN-DBSIZE): {@code pg_relation_size(regclass
 * [, fork])}, {@code pg_table_size}, {@code pg_indexes_size},
 * {@code pg_total_relation_size}, {@code pg_database_size(name | oid)} and {@code pg_tablespace_size(name | oid)},
 * in bytes ({@code bigint}). Each relation argument is a regclass: an OID, or a name looked up as
 * {@code ::regclass} does (42P01 when there is none).
 *
 * <p>The sizes come from the datanodes: the coordinator sends each datanode of the table the shards the shard map
 * gives it ({@code RelationSizes}, all datanodes at once) and sums RocksDB's approximate sizes of the key ranges of
 * the rows and of each secondary index (docs/catalog.md "Object sizes" says what they include). A replicated table
 * counts every copy, as Postgres-XL's {@code pg_relation_size} sums over the datanodes. Mapping to PostgreSQL's
 * relations and forks:
 * <pre>
 *   table          main fork = its rows; table size = the rows (no TOAST, FSM or VM); indexes = its secondary
 *                  indexes; total = rows + indexes
 *   primary key    0: its entries are the rows themselves (stored in key order), counted in the table
 *   secondary idx  main fork = table size = total = its entries
 *   view           0                  sequence  8192 (PostgreSQL's one page; Tessera keeps it in the catalog)
 *   system catalog 0 (generated on the coordinator, nothing stored)
 * </pre>
 * An OID that names no relation or database gives NULL, as PostgreSQL; a datanode that cannot be reached fails the
 * call with 08T01 (within {@link #DEADLINE_SECONDS}).
 */
public final class ObjectSizes {
    /** How long a datanode may take to answer; a reachable one answers in milliseconds (nothing is read). */
    static final long DEADLINE_SECONDS = 30;

    /** PostgreSQL's size of a sequence: one 8 kB page. */
    static final long SEQUENCE_BYTES = 8192;

    /** pg_global's OID (pg_tablespace.dat). */
    private static final int PG_GLOBAL_TABLESPACE = 1664;

    private ObjectSizes() {
    }

    static void register(ImmutableMultimap.Builder<String, Function> b) {
        for (String kind : List.of("relation", "table", "indexes", "total_relation")) {
            String java = switch (kind) {
                case "relation" -> "relationSize";
                case "table" -> "tableSize";
                case "indexes" -> "indexesSize";
                default -> "totalRelationSize";
            };
            PgCatalogFunctions.fn(b, ObjectSizes.class, "pg_" + kind + "_size", java, true, BIGINT, INTEGER);
            PgCatalogFunctions.fn(b, ObjectSizes.class, "pg_" + kind + "_size", java + "ByName", true, BIGINT,
                    VARCHAR);
        }
        PgCatalogFunctions.fn(b, ObjectSizes.class, "pg_relation_size", "forkSize", true, BIGINT, INTEGER, VARCHAR);
        PgCatalogFunctions.fn(b, ObjectSizes.class, "pg_relation_size", "forkSizeByName", true, BIGINT, VARCHAR,
                VARCHAR);
        PgCatalogFunctions.fn(b, ObjectSizes.class, "pg_database_size", "databaseSize", true, BIGINT, INTEGER);
        PgCatalogFunctions.fn(b, ObjectSizes.class, "pg_database_size", "databaseSizeByName", true, BIGINT, VARCHAR);
        PgCatalogFunctions.fn(b, ObjectSizes.class, "pg_tablespace_size", "tablespaceSize", true, BIGINT, INTEGER);
        PgCatalogFunctions.fn(b, ObjectSizes.class, "pg_tablespace_size", "tablespaceSizeByName", true, BIGINT,
                VARCHAR);
    }

    /** What one relation is made of in bytes: its own storage (main fork) and its secondary indexes'. */
    private record Parts(long own, long indexes) {
    }

    // ---- relations

    /** {@code pg_relation_size(regclass)}: the main fork; NULL for an OID that names no relation. */
    public static Long relationSize(DataContext root, Integer oid) {
        Parts p = parts(root, oid);
        return p == null ? null : p.own();
    }

    public static Long relationSizeByName(DataContext root, String name) {
        return relationSize(root, RegCasts.regclassIn(root, name));
    }

    /**
     * {@code pg_relation_size(regclass, fork)}: {@code main} as the one-argument form; {@code fsm}, {@code vm} and
     * {@code init} are 0 (Tessera has no such forks).
     *
     * @throws TesseraException 22023 for any other fork name, as PostgreSQL's forkname_to_number
     */
    public static Long forkSize(DataContext root, Integer oid, String fork) {
        switch (fork) {
            case "main":
                return relationSize(root, oid);
            case "fsm", "vm", "init":
                return parts(root, oid) == null ? null : 0L;
            default:
                throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "invalid fork name", null,
                        "Valid fork names are \"main\", \"fsm\", \"vm\", and \"init\".", 0, null);
        }
    }

    public static Long forkSizeByName(DataContext root, String name, String fork) {
        return forkSize(root, RegCasts.regclassIn(root, name), fork);
    }

    /** {@code pg_table_size(regclass)}: the relation without its indexes (no TOAST, FSM or VM in Tessera). */
    public static Long tableSize(DataContext root, Integer oid) {
        return relationSize(root, oid);
    }

    public static Long tableSizeByName(DataContext root, String name) {
        return tableSize(root, RegCasts.regclassIn(root, name));
    }

    /** {@code pg_indexes_size(regclass)}: a table's secondary indexes; 0 for any other relation. */
    public static Long indexesSize(DataContext root, Integer oid) {
        Parts p = parts(root, oid);
        return p == null ? null : p.indexes();
    }

    public static Long indexesSizeByName(DataContext root, String name) {
        return indexesSize(root, RegCasts.regclassIn(root, name));
    }

    /** {@code pg_total_relation_size(regclass)}: the table and its indexes. */
    public static Long totalRelationSize(DataContext root, Integer oid) {
        Parts p = parts(root, oid);
        return p == null ? null : p.own() + p.indexes();
    }

    public static Long totalRelationSizeByName(DataContext root, String name) {
        return totalRelationSize(root, RegCasts.regclassIn(root, name));
    }

    /** The parts of the relation with this OID, asking its datanodes when it stores anything; null when none. */
    private static Parts parts(DataContext root, int oid) {
        CatalogContext ctx = PgCatalogFunctions.context(root);
        Relations.Relation r = Relations.byOid(ctx, oid);
        if (r == null) {
            return null;
        }
        if (r.kind() == 'S') {
            return new Parts(SEQUENCE_BYTES, 0);
        }
        if (r.table() == null || r.kind() == 'v' || (r.kind() == 'i' && r.index() == null)) {
            return new Parts(0, 0); // a system catalog, a view, a primary key (its entries are the rows)
        }
        Map<Integer, Long> sizes = measure(TesseraDataContext.statement(root), List.of(r.table()));
        if (r.kind() == 'i') {
            return new Parts(sizes.getOrDefault(r.index().id(), 0L), 0);
        }
        long indexes = 0;
        for (IndexDef i : r.table().indexes()) {
            indexes += sizes.getOrDefault(i.id(), 0L);
        }
        return new Parts(sizes.getOrDefault(0, 0L), indexes);
    }

    // ---- databases and tablespaces

    /** {@code pg_database_size(oid)}: NULL when no database has this OID. */
    public static Long databaseSize(DataContext root, Integer oid) {
        StatementContext s = TesseraDataContext.statement(root);
        for (DatabaseDef d : s.catalog().databases().values()) {
            if (d.oid() == oid) {
                return databaseBytes(s, List.of(d.name()));
            }
        }
        return null;
    }

    /**
     * {@code pg_database_size(name)}: every table's rows and indexes, over all its datanodes.
     *
     * @throws TesseraException 3D000 when there is no such database
     */
    public static Long databaseSizeByName(DataContext root, String name) {
        StatementContext s = TesseraDataContext.statement(root);
        if (!s.catalog().databases().containsKey(name)) {
            throw new TesseraException(SqlState.INVALID_CATALOG_NAME, "database \"" + name + "\" does not exist");
        }
        return databaseBytes(s, List.of(name));
    }

    /** {@code pg_tablespace_size(oid)}: pg_default holds every database, pg_global nothing; NULL for other OIDs. */
    public static Long tablespaceSize(DataContext root, Integer oid) {
        StatementContext s = TesseraDataContext.statement(root);
        if (oid == CatalogOids.PG_DEFAULT_TABLESPACE) {
            return databaseBytes(s, s.catalog().databases().keySet());
        }
        return oid == PG_GLOBAL_TABLESPACE ? 0L : null;
    }

    /** @throws TesseraException 42704 for a tablespace other than pg_default and pg_global */
    public static Long tablespaceSizeByName(DataContext root, String name) {
        return switch (name) {
            case "pg_default" -> tablespaceSize(root, CatalogOids.PG_DEFAULT_TABLESPACE);
            case "pg_global" -> 0L;
            default -> throw new TesseraException(SqlState.UNDEFINED_OBJECT, "tablespace \"" + name
                    + "\" does not exist");
        };
    }

    private static long databaseBytes(StatementContext s, Collection<String> databases) {
        List<TableDef> tables = new ArrayList<>();
        for (String d : databases) {
            tables.addAll(s.catalog().tables(d).values());
        }
        long total = 0;
        for (long bytes : measure(s, tables).values()) {
            total += bytes;
        }
        return total;
    }

    /**
     * Asks every datanode of the tables, all at once, for the sizes of their shards and sums them. With one table
     * the result is by index id (0 = the rows); with several, the ids of different tables collide, so only the sum
     * of all values means anything.
     *
     * @throws TesseraException 08T01 when a datanode cannot be reached or does not answer in time
     */
    private static Map<Integer, Long> measure(StatementContext s, List<TableDef> tables) {
        CatalogSnapshot catalog = s.catalog();
        Map<String, RelationSizesRequest.Builder> byNode = new LinkedHashMap<>();
        for (TableDef t : tables) {
            Distribution dist = t.distribution();
            Map<String, TreeSet<Integer>> shards = new LinkedHashMap<>();
            if (dist.replicated()) {
                for (String node : dist.nodes()) {
                    shards.computeIfAbsent(node, n -> new TreeSet<>()).add(0); // every copy, as Postgres-XL
                }
            } else {
                for (int shard = 0; shard < dist.shardCount(); shard++) {
                    shards.computeIfAbsent(dist.shardNodes().get(shard), n -> new TreeSet<>()).add(shard);
                }
            }
            for (Map.Entry<String, TreeSet<Integer>> e : shards.entrySet()) {
                RelationSizesRequest.Table.Builder table = RelationSizesRequest.Table.newBuilder()
                        .setTableId(t.id()).addAllShards(e.getValue());
                t.indexes().forEach(i -> table.addIndexIds(i.id()));
                byNode.computeIfAbsent(e.getKey(), n -> RelationSizesRequest.newBuilder()).addTables(table);
            }
        }
        Map<String, ListenableFuture<RelationSizesResponse>> calls = new LinkedHashMap<>();
        for (Map.Entry<String, RelationSizesRequest.Builder> e : byNode.entrySet()) {
            try {
                calls.put(e.getKey(), s.datanodes().future(DatanodeClients.require(catalog.nodes(), e.getKey()))
                        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).relationSizes(e.getValue().build()));
            } catch (RuntimeException failed) {
                calls.values().forEach(c -> c.cancel(true));
                throw failed instanceof TesseraException te ? te : GrpcErrors.fromStatus(failed, e.getKey());
            }
        }
        Map<Integer, Long> sizes = new HashMap<>();
        for (Map.Entry<String, ListenableFuture<RelationSizesResponse>> e : calls.entrySet()) {
            RelationSizesResponse response;
            try {
                response = e.getValue().get();
            } catch (ExecutionException failed) {
                calls.values().forEach(c -> c.cancel(true));
                throw GrpcErrors.fromStatus(failed.getCause(), e.getKey());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                calls.values().forEach(c -> c.cancel(true));
                throw new TesseraException(SqlState.QUERY_CANCELED, "canceling statement due to user request");
            }
            for (RelationSizesResponse.Size size : response.getSizesList()) {
                sizes.merge(size.getIndexId(), size.getBytes(), Long::sum);
            }
        }
        return sizes;
    }
}
