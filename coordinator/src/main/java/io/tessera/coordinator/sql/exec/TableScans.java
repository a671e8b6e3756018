package io.tessera.coordinator.sql.exec;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.cluster.DatanodeClients;
import io.tessera.coordinator.sql.schema.TesseraTable;
import io.tessera.protocol.datanode.ColumnDescriptor;
import io.tessera.protocol.datanode.PartialAggregate;
import io.tessera.protocol.datanode.ScanRequest;
import io.tessera.protocol.datanode.TableDescriptor;
import io.tessera.protocol.datanode.TopN;
import io.tessera.protocol.expr.Call;
import io.tessera.protocol.expr.Expr;
import io.tessera.protocol.expr.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * Turns a scan of a {@link TesseraTable} — with the filters and projection Calcite pushed into it — into scan
 * fragments, one per datanode that holds a shard the scan needs:
 * <ol>
 *   <li>each pushed filter a datanode can evaluate ({@link RexToExpr}) is removed from Calcite's list and shipped;
 *       the rest stay in the coordinator's plan;</li>
 *   <li>an equality on the distribution column with a constant prunes the scan to the one shard that can hold
 *       matching rows (the single-shard path);</li>
 *   <li>a replicated table is read from one node only: its first, or the next copy when that one is unavailable.</li>
 * </ol>
 */
public final class TableScans {
    /** Writes a table definition as the catalog does (the datanodes read it so: {@code TableSchemas}). */
    private static final com.fasterxml.jackson.databind.ObjectMapper DEFINITIONS =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private TableScans() {
    }

    /**
     * Whether a read of at most one row from one shard is a unary {@code Read} ({@link PointRead};
     * {@code -Dtessera.point_reads=false} on the coordinator: a Scan stream, as before; for comparing the two).
     */
    private static final boolean POINT_READS = !"false".equals(System.getProperty("tessera.point_reads"));
    /**
     * Whether a plain read through a secondary index is a unary {@code Read} per datanode ({@link LookupRead};
     * {@code -Dtessera.lookup_reads=false} on the coordinator: Scan streams, as before; for comparing the two).
     */
    private static final boolean LOOKUP_READS = !"false".equals(System.getProperty("tessera.lookup_reads"));

    /** The rows of {@code table} passing {@code filters}, projected to {@code projects} (null: all columns). */
    public static Enumerable<Object[]> scan(TesseraTable table, DataContext root, List<RexNode> filters, int[] projects) {
        return scan(table, root, filters, projects, null, null);
    }

    /**
     * As {@link #scan(TesseraTable, DataContext, List, int[])}, with a partial aggregation each datanode runs over
     * its output rows ({@link RemoteAggregates}); the rows returned are then the partial rows, typed by
     * {@code aggregateTypes}.
     */
    static Enumerable<Object[]> scan(TesseraTable table, DataContext root, List<RexNode> filters, int[] projects,
            PartialAggregate aggregate, List<PgType> aggregateTypes) {
        return scan(table, root, filters, projects, aggregate, aggregateTypes, null, null);
    }

    /**
     * As {@link #scan(TesseraTable, DataContext, List, int[])}, with a top-N or limit each datanode applies to its
     * output rows ({@link RemoteTopN}); with an {@code order}, the datanodes' rows arrive sorted in it and are merged.
     */
    static Enumerable<Object[]> scanTopN(TesseraTable table, DataContext root, List<RexNode> filters, int[] projects,
            TopN topN, Comparator<Object[]> order) {
        return scan(table, root, filters, projects, null, null, topN, order);
    }

    private static Enumerable<Object[]> scan(TesseraTable table, DataContext root, List<RexNode> filters,
            int[] projects, PartialAggregate aggregate, List<PgType> aggregateTypes, TopN topN,
            Comparator<Object[]> order) {
        return scan(table, root, filters, projects, aggregate, aggregateTypes, topN, order, null);
    }

    /**
     * What every execution of one plan's scan sends alike, built once per plan and table version instead of per
     * execution: the table descriptor, the projection and the batch size as a request prefix, the output types, the
     * table's router, and the filters with their SEARCHes expanded. Only the parameters' values (the filter, the
     * shard they hash to), the snapshot and the transaction are added per execution. Immutable; a plan keeps the
     * last one in an {@link AtomicReference} ({@link #template}).
     */
    record Template(TableDef def, long requestVersion, int[] projects, ScanRequest prefix, List<PgType> outTypes,
            Router router, List<RexNode> filters) {
    }

    /**
     * The template of a scan of {@code table} with {@code filters} (as the plan holds them) and {@code projects}:
     * {@code cache}'s when it was built for the same table definition and request version, else a new one, which
     * replaces it.
     */
    static Template template(AtomicReference<Template> cache, TesseraTable table, DataContext root,
            List<RexNode> filters, int[] projects) {
        TableDef def = table.def();
        long version = io.tessera.coordinator.catalog.CatalogOverlay.requestVersion(def);
        Template t = cache.get();
        if (t != null && t.def() == def && t.requestVersion() == version) {
            return t;
        }
        int[] proj = projects != null ? projects : allColumns(def.columns().size() + 1);
        List<PgType> outTypes = new ArrayList<>();
        ScanRequest.Builder prefix = prefix(table, def, proj, outTypes);
        RexBuilder rexBuilder = new RexBuilder(root.getTypeFactory());
        List<RexNode> expanded = new ArrayList<>();
        for (RexNode f : filters) {
            expanded.add(RexUtil.expandSearch(rexBuilder, null, f));
        }
        t = new Template(def, version, proj, prefix.build(), List.copyOf(outTypes), new Router(def),
                List.copyOf(expanded));
        cache.set(t);
        return t;
    }

    /**
     * The start of a scan request of {@code def} projected to {@code proj} (row indexes; the last is the row id):
     * the table's descriptor, the projection and the batch size. Adds the projected columns' types to
     * {@code outTypes}.
     */
    private static ScanRequest.Builder prefix(TesseraTable table, TableDef def, int[] proj, List<PgType> outTypes) {
        int stored = def.columns().size();
        List<PgType> rowTypes = table.rowTypes();
        ScanRequest.Builder prefix = ScanRequest.newBuilder().setTable(descriptor(def)).setBatchRows(1024);
        for (int p : proj) {
            outTypes.add(rowTypes.get(p));
            prefix.addProjection(p == stored ? -1 : p);
        }
        return prefix;
    }

    /**
     * As {@link #scan(TesseraTable, DataContext, List, int[])} with a {@link Template} of the plan's scan (its
     * filters, already expanded, and its projection): the filters that can run on the datanodes are translated
     * with this execution's parameters into the template's request; the rest are returned in {@code remaining}.
     */
    static Enumerable<Object[]> scan(Template template, TesseraTable table, DataContext root,
            List<RexNode> remaining) {
        remaining.addAll(template.filters());
        return scan(table, root, remaining, template.projects(), null, null, null, null, template);
    }

    private static Enumerable<Object[]> scan(TesseraTable table, DataContext root, List<RexNode> filters,
            int[] projects, PartialAggregate aggregate, List<PgType> aggregateTypes, TopN topN,
            Comparator<Object[]> order, Template template) {
        StatementContext ctx = TesseraDataContext.statement(root);
        TableDef def = template != null ? template.def() : table.def();
        int stored = def.columns().size();
        RexBuilder rexBuilder = template != null ? null : new RexBuilder(root.getTypeFactory());
        RexToExpr translator = new RexToExpr(stored, ctx::param);
        Router router = template != null ? template.router() : new Router(def);

        Integer prunedShard = null;
        List<Expr> pushed = new ArrayList<>();
        for (Iterator<RexNode> it = filters.iterator(); it.hasNext(); ) {
            RexNode f = template != null ? it.next() : RexUtil.expandSearch(rexBuilder, null, it.next());
            Integer shard = pruneTo(f, def, router, ctx);
            if (shard != null) {
                prunedShard = shard;
            }
            Expr e = translator.translate(f);
            if (e != null) {
                pushed.add(e);
                it.remove();
            }
        }
        List<PgType> outTypes;
        ScanRequest.Builder base;
        if (template != null) {
            outTypes = template.outTypes();
            base = template.prefix().toBuilder();
        } else {
            outTypes = new ArrayList<>();
            base = prefix(table, def, projects != null ? projects : allColumns(stored + 1), outTypes);
        }
        List<PgType> decodeTypes = aggregate != null ? aggregateTypes : outTypes;

        if (!pushed.isEmpty()) {
            base.setFilter(and(pushed));
            io.tessera.coordinator.catalog.IndexDef index = IndexChoice.choose(def, base.getFilter());
            if (index != null) {
                base.setIndexId(index.id()); // read through the index (datanode.proto ScanRequest.index_id)
            }
        }
        if (aggregate != null) {
            base.setAggregate(aggregate);
        }
        if (topN != null) {
            base.setTopN(topN);
        }
        if (aggregate != null || topN != null) {
            base.setWorkMemKb(ctx.workMemKb()); // the datanodes' hash aggregate or top-N spills past it
        }
        if (ctx.txn() != null) {
            base.setTxn(ctx.txnContext());
            base.setLockedOnly(ctx.lockedRowsOnly());
        }
        Map<String, TreeSet<Integer>> shardsByNode = shardsByNode(def.distribution(), prunedShard);
        Integer pruned = prunedShard;
        // at most one row from one shard: a unary Read instead of a Scan stream (PointRead)
        boolean point = POINT_READS && prunedShard != null && aggregate == null && topN == null && order == null
                && !def.distribution().replicated() && base.hasFilter()
                && IndexChoice.pinsPrimaryKey(def, base.getFilter());
        // a read through a secondary index: a few rows per datanode, one unary Read each (LookupRead)
        boolean lookup = LOOKUP_READS && base.getIndexId() != 0 && aggregate == null && topN == null && order == null
                && !def.distribution().replicated();
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                if (!point || shardsByNode.size() != 1) {
                    ctx.refuseWait(); // a stream's rows are waited for; only a point read's answer comes by itself
                }
                // one datanode, a per-statement snapshot, the statement's only read: it takes the snapshot itself
                boolean own = shardsByNode.size() == 1 && aggregate == null && ctx.takeDatanodeSnapshot();
                long snapshot = own ? 0 : ctx.snapshotTs();
                List<DistributedScan.Part> parts = new ArrayList<>();
                for (Map.Entry<String, TreeSet<Integer>> e : shardsByNode.entrySet()) {
                    NodeDef node = DatanodeClients.require(ctx.catalog().nodes(), e.getKey());
                    List<NodeDef> copies = new ArrayList<>(); // a replicated table's other copies, if node is down
                    if (def.distribution().replicated()) {
                        for (String other : def.distribution().nodes()) {
                            if (!other.equals(e.getKey())) {
                                copies.add(DatanodeClients.require(ctx.catalog().nodes(), other));
                            }
                        }
                    }
                    parts.add(new DistributedScan.Part(node, base.clone().setSnapshotTs(snapshot)
                            .setDatanodeSnapshot(own).addAllShards(e.getValue()).build(), copies));
                }
                assert pruned == null || parts.size() == 1 : "pruned scan on several nodes: " + parts;
                if (point && parts.size() == 1) {
                    return new PointRead(parts.get(0).node(), parts.get(0).request(), decodeTypes, ctx);
                }
                if (lookup) {
                    return new LookupRead(parts, decodeTypes, ctx);
                }
                return new DistributedScan(parts, decodeTypes, ctx, order);
            }
        };
    }

    /**
     * Which shards to read on which node: every shard once; a replicated table from its first node only (the scan
     * moves to another copy if that node is unavailable).
     */
    static Map<String, TreeSet<Integer>> shardsByNode(Distribution dist, Integer onlyShard) {
        Map<String, TreeSet<Integer>> out = new LinkedHashMap<>();
        if (dist.replicated()) {
            out.computeIfAbsent(dist.nodes().get(0), n -> new TreeSet<>()).add(0);
            return out;
        }
        for (int s = 0; s < dist.shardCount(); s++) {
            if (onlyShard == null || onlyShard == s) {
                out.computeIfAbsent(dist.shardNodes().get(s), n -> new TreeSet<>()).add(s);
            }
        }
        return out;
    }

    /** The only shard that can satisfy {@code f}, when f is {@code distcol = constant}; else null. */
    static Integer pruneTo(RexNode f, TableDef def, Router router, StatementContext ctx) {
        Distribution.Kind kind = def.distribution().kind();
        if (router.distributionColumn() < 0 || !(kind == Distribution.Kind.HASH || kind == Distribution.Kind.SHARD
                || kind == Distribution.Kind.MODULO) || f.getKind() != SqlKind.EQUALS) {
            return null;
        }
        List<RexNode> ops = ((RexCall) f).getOperands();
        for (int i = 0; i < 2; i++) {
            RexNode col = RexUtil.removeCast(ops.get(i));
            RexNode other = ops.get(1 - i);
            if (other instanceof RexCall cast && cast.getKind() == SqlKind.CAST
                    && cast.getOperands().get(0) instanceof RexDynamicParam p
                    && p.getType().getSqlTypeName() == cast.getType().getSqlTypeName()) {
                other = p; // $1::int4 of an int4 parameter (a declared or lifted parameter type): the value itself
            }
            if (col instanceof RexInputRef ref && ref.getIndex() == router.distributionColumn()
                    && col.getType().getSqlTypeName() == ops.get(i).getType().getSqlTypeName()) {
                Object v;
                if (other instanceof RexLiteral lit) {
                    v = lit.getValueAs(Comparable.class);
                    if (v instanceof org.apache.calcite.util.NlsString s) {
                        v = s.getValue();
                    }
                } else if (other instanceof RexDynamicParam p) {
                    v = ctx.param(p.getIndex());
                } else {
                    continue;
                }
                if (v == null) {
                    return null;
                }
                ColumnDef c = def.columns().get(ref.getIndex());
                try {
                    return router.shardOfValue(Coercion.toColumn(v, c, def.name()));
                } catch (RuntimeException notCoercible) {
                    return null; // let the full scan decide
                }
            }
        }
        return null;
    }

    static Expr and(List<Expr> exprs) {
        if (exprs.size() == 1) {
            return exprs.get(0);
        }
        return Expr.newBuilder().setTypeOid(PgType.BOOL.oid())
                .setCall(Call.newBuilder().setOp(Op.AND).addAllOperands(exprs)).build();
    }

    private static int[] allColumns(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    /**
     * The descriptor of {@code def} for datanodes: its layout (with column ids) and, as {@code catalog_version}, the
     * table's schema version, by which each datanode fences the request against its own copy of the schema
     * ({@code TableSchemas}: 40T01 when the plan is older).
     */
    public static TableDescriptor descriptor(TableDef def) {
        long version = io.tessera.coordinator.catalog.CatalogOverlay.requestVersion(def);
        Descriptor cached = DESCRIPTORS.get(def.id());
        if (cached != null && cached.def() == def && cached.requestVersion() == version) {
            return cached.descriptor();
        }
        TableDescriptor built = buildDescriptor(def, version);
        DESCRIPTORS.put(def.id(), new Descriptor(def, version, built));
        return built;
    }

    /**
     * The last descriptor built of each table id, with the definition object and request version it was built for
     * (catalog objects are immutable and replaced on change, so the same object means the same layout). A message is
     * immutable and memoizes its serialized size: every statement on a table sends the same one, no rebuilding of a
     * column list per execution. One entry per table id; a dropped table's stays until the coordinator restarts.
     */
    private static final java.util.concurrent.ConcurrentHashMap<Integer, Descriptor> DESCRIPTORS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private record Descriptor(TableDef def, long requestVersion, TableDescriptor descriptor) {
    }

    private static TableDescriptor buildDescriptor(TableDef def, long requestVersion) {
        TableDescriptor.Builder b = TableDescriptor.newBuilder().setTableId(def.id()).setCatalogVersion(requestVersion)
                .setName(def.name()); // a shape only an open transaction block knows: datanodes use the request's
        for (String k : def.primaryKey()) {
            b.addPrimaryKey(def.columnIndex(k));
        }
        for (ColumnDef c : def.columns()) {
            b.addColumns(ColumnDescriptor.newBuilder().setName(c.name()).setTypeOid(c.type().oid()).setTypmod(c.typmod())
                    .setColumnId(c.id()));
        }
        if (b.getCatalogVersion() == 0
                && (!def.indexes().isEmpty() || def.columns().stream().anyMatch(c -> c.missing() != null))) {
            // the datanodes hold no copy of this shape: its indexes (to be maintained) and the missing values of
            // columns added with a DEFAULT travel with the request
            b.setDefinition(com.google.protobuf.ByteString.copyFrom(definition(def)));
        }
        return b.build();
    }

    /** The catalog's JSON of {@code def} (as {@code CatalogStore} writes it to ZooKeeper). */
    private static byte[] definition(TableDef def) {
        try {
            return DEFINITIONS.writeValueAsBytes(def);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new io.tessera.common.error.TesseraException(io.tessera.common.error.SqlState.INTERNAL_ERROR,
                    "table \"" + def.name() + "\" cannot be written as JSON: " + e.getMessage());
        }
    }

    /** As {@link #descriptor(TableDef)}; the catalog version is not sent (the table's schema version is). */
    public static TableDescriptor descriptor(TableDef def, long catalogVersion) {
        return descriptor(def);
    }
}
