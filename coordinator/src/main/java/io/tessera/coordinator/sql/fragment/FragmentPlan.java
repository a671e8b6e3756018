package io.tessera.coordinator.sql.fragment;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.sql.TypeMapping;
import io.tessera.coordinator.sql.exec.RexToExpr;
import io.tessera.coordinator.sql.exec.TableScans;
import io.tessera.coordinator.sql.schema.TesseraTable;
import io.tessera.protocol.datanode.FragmentExchange;
import io.tessera.protocol.datanode.FragmentFilter;
import io.tessera.protocol.datanode.FragmentHashJoin;
import io.tessera.protocol.datanode.FragmentJoinType;
import io.tessera.protocol.datanode.FragmentOp;
import io.tessera.protocol.datanode.FragmentProject;
import io.tessera.protocol.datanode.FragmentScan;
import io.tessera.protocol.expr.Call;
import io.tessera.protocol.expr.Expr;
import io.tessera.protocol.expr.Op;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/**
 * The coordinator's description of a plan fragment the datanodes run ({@code datanode.proto} PlanFragment): a tree of
 * scans of local shards, filters, projections and hash joins, with Calcite row expressions that {@link #toProto}
 * translates ({@link RexToExpr}) when the statement runs, so parameters take their bound values.
 *
 * <pre>
 *   Join(INNER, keys a.id = b.id, residual a.k &lt; b.k)        each datanode:  HashJoinNode
 *     Scan(a, filters, projects)                                               LocalScan(a, its shards of a)
 *     Scan(b, filters, projects)                                               LocalScan(b, its shards of b)
 * </pre>
 * Every node knows its output's PostgreSQL types and, for EXPLAIN, its column names qualified by table.
 */
public sealed interface FragmentPlan {
    /** The PostgreSQL types of the output row. */
    List<PgType> types();

    /** The output columns' names for EXPLAIN ({@code table.column}). */
    List<String> names();

    /** A deterministic description (Volcano tells plans apart by their digests, which include it). */
    default String digest() {
        return FragmentDigests.of(this);
    }

    /** Every scan leaf, left to right. */
    default List<Scan> scans() {
        List<Scan> out = new ArrayList<>();
        collect(this, out);
        return out;
    }

    private static void collect(FragmentPlan p, List<Scan> out) {
        if (p instanceof Scan s) {
            out.add(s);
        } else if (p instanceof Filter f) {
            collect(f.input(), out);
        } else if (p instanceof Project pr) {
            collect(pr.input(), out);
        } else if (p instanceof Exchange x) {
            collect(x.input(), out);
        } else if (p instanceof Window w) {
            collect(w.input(), out);
        } else if (p instanceof Join j) {
            collect(j.left(), out);
            collect(j.right(), out);
        }
    }

    /**
     * The operator tree one datanode runs.
     *
     * @param shardsOf the local shards each scan leaf reads on that datanode
     * @param params bound parameter values by index
     * @throws TesseraException XX000 when an expression cannot be shipped (the planner only builds fragments whose
     *     expressions translate)
     */
    default FragmentOp toProto(Function<Scan, Collection<Integer>> shardsOf, IntFunction<Object> params,
            RexBuilder rexBuilder) {
        return toProto(shardsOf, params, rexBuilder, new int[] {0});
    }

    /** Whether the fragment redistributes rows between datanodes (it has an {@link Exchange}). */
    default boolean hasExchange() {
        if (this instanceof Exchange) {
            return true;
        }
        if (this instanceof Filter f) {
            return f.input().hasExchange();
        }
        if (this instanceof Project p) {
            return p.input().hasExchange();
        }
        if (this instanceof Window w) {
            return w.input().hasExchange();
        }
        return this instanceof Join j && (j.left().hasExchange() || j.right().hasExchange());
    }

    /**
     * As {@link #toProto(Function, IntFunction, RexBuilder)}, numbering the exchanges' streams from
     * {@code nextStream[0]} in pre-order (the same numbers on every datanode).
     */
    private FragmentOp toProto(Function<Scan, Collection<Integer>> shardsOf, IntFunction<Object> params,
            RexBuilder rexBuilder, int[] nextStream) {
        if (this instanceof Exchange x) {
            int stream = nextStream[0]++;
            FragmentExchange.Builder b = FragmentExchange.newBuilder()
                    .setInput(x.input().toProto(shardsOf, params, rexBuilder, nextStream))
                    .setKey(Math.max(0, x.key())).setStreamId(stream);
            switch (x.mode()) {
                case SHARD_MAP -> b.setKind(io.tessera.protocol.datanode.ExchangeKind.EXCHANGE_SHARD_MAP)
                        .setModulo(x.family() == io.tessera.coordinator.catalog.Distribution.Kind.MODULO)
                        .addAllShardNodes(x.shardNodes());
                case BROADCAST -> b.setKind(io.tessera.protocol.datanode.ExchangeKind.EXCHANGE_BROADCAST);
                case GROUPS -> b.setKind(io.tessera.protocol.datanode.ExchangeKind.EXCHANGE_HASH).setNullsTogether(true);
                default -> b.setKind(io.tessera.protocol.datanode.ExchangeKind.EXCHANGE_HASH);
            }
            return FragmentOp.newBuilder().setExchange(b).build();
        }
        if (this instanceof Scan s) {
            FragmentScan.Builder b = FragmentScan.newBuilder()
                    .setTable(TableScans.descriptor(s.table().def())).addAllShards(shardsOf.apply(s));
            int stored = s.table().def().columns().size();
            for (int p : s.projects()) {
                b.addProjection(p == stored ? -1 : p);
            }
            if (!s.filters().isEmpty()) {
                RexToExpr t = new RexToExpr(stored, params);
                List<Expr> parts = new ArrayList<>();
                for (RexNode f : s.filters()) {
                    parts.add(translate(t, rexBuilder, f));
                }
                b.setFilter(and(parts));
            }
            return FragmentOp.newBuilder().setScan(b).build();
        }
        if (this instanceof Filter f) {
            RexToExpr t = new RexToExpr(f.input().types().size(), params);
            return FragmentOp.newBuilder().setFilter(FragmentFilter.newBuilder()
                    .setInput(f.input().toProto(shardsOf, params, rexBuilder, nextStream))
                    .setCondition(translate(t, rexBuilder, f.condition()))).build();
        }
        if (this instanceof Project p) {
            RexToExpr t = new RexToExpr(p.input().types().size(), params);
            FragmentProject.Builder b = FragmentProject.newBuilder()
                    .setInput(p.input().toProto(shardsOf, params, rexBuilder, nextStream));
            for (RexNode e : p.exprs()) {
                b.addExprs(translate(t, rexBuilder, e));
            }
            return FragmentOp.newBuilder().setProject(b).build();
        }
        if (this instanceof Window w) {
            return w.toProto(w.input().toProto(shardsOf, params, rexBuilder, nextStream), params, rexBuilder);
        }
        Join j = (Join) this;
        FragmentHashJoin.Builder b = FragmentHashJoin.newBuilder()
                .setLeft(j.left().toProto(shardsOf, params, rexBuilder, nextStream))
                .setRight(j.right().toProto(shardsOf, params, rexBuilder, nextStream))
                .setType(protoType(j.type()));
        for (int k : j.leftKeys()) {
            b.addLeftKeys(k);
        }
        for (int k : j.rightKeys()) {
            b.addRightKeys(k);
        }
        if (j.residual() != null) {
            RexToExpr t = new RexToExpr(j.left().types().size() + j.right().types().size(), params);
            b.setResidual(translate(t, rexBuilder, j.residual()));
        }
        return FragmentOp.newBuilder().setHashJoin(b).build();
    }

    private static Expr translate(RexToExpr t, RexBuilder rexBuilder, RexNode rex) {
        Expr e = t.translate(RexUtil.expandSearch(rexBuilder, null, rex));
        if (e == null) {
            throw new TesseraException(SqlState.INTERNAL_ERROR, "an expression of a plan fragment cannot run on the "
                    + "datanodes: " + rex);
        }
        return e;
    }

    /** Whether a datanode evaluates {@code rex} over a row of {@code width} columns (parameters included). */
    public static boolean shippable(RexNode rex, int width, RexBuilder rexBuilder) {
        return new RexToExpr(width, param -> null).translate(RexUtil.expandSearch(rexBuilder, null, rex)) != null;
    }

    private static Expr and(List<Expr> exprs) {
        if (exprs.size() == 1) {
            return exprs.get(0);
        }
        return Expr.newBuilder().setTypeOid(PgType.BOOL.oid())
                .setCall(Call.newBuilder().setOp(Op.AND).addAllOperands(exprs)).build();
    }

    private static FragmentJoinType protoType(JoinRelType type) {
        return switch (type) {
            case INNER -> FragmentJoinType.JOIN_INNER;
            case LEFT -> FragmentJoinType.JOIN_LEFT;
            case RIGHT -> FragmentJoinType.JOIN_RIGHT;
            case FULL -> FragmentJoinType.JOIN_FULL;
            case SEMI -> FragmentJoinType.JOIN_SEMI;
            case ANTI -> FragmentJoinType.JOIN_ANTI;
            default -> throw new TesseraException(SqlState.INTERNAL_ERROR, "join type " + type + " has no hash join");
        };
    }

    /**
     * A scan of a table's local shards.
     *
     * @param filters conjuncts over the table's row (its columns, then xc_node_id), each one a datanode evaluates
     * @param projects the output columns as indexes into that row
     */
    record Scan(TesseraTable table, List<RexNode> filters, int[] projects) implements FragmentPlan {
        public Scan {
            filters = List.copyOf(filters);
        }

        @Override
        public List<PgType> types() {
            List<PgType> row = table.rowTypes();
            List<PgType> out = new ArrayList<>();
            for (int p : projects) {
                out.add(row.get(p));
            }
            return out;
        }

        @Override
        public List<String> names() {
            List<String> out = new ArrayList<>();
            for (int p : projects) {
                out.add(table.def().name() + "." + columnName(p));
            }
            return out;
        }

        /** The table's column names (xc_node_id last), for the filters' EXPLAIN. */
        public List<String> tableColumnNames() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i <= table.def().columns().size(); i++) {
                out.add(columnName(i));
            }
            return out;
        }

        private String columnName(int p) {
            return p == table.def().columns().size() ? TesseraTable.XC_NODE_ID : table.def().columns().get(p).name();
        }
    }

    /** The input's rows for which {@code condition} (over the input row) is TRUE. */
    record Filter(FragmentPlan input, RexNode condition) implements FragmentPlan {
        @Override
        public List<PgType> types() {
            return input.types();
        }

        @Override
        public List<String> names() {
            return input.names();
        }
    }

    /** Output columns computed over the input row. */
    record Project(FragmentPlan input, List<RexNode> exprs) implements FragmentPlan {
        public Project {
            exprs = List.copyOf(exprs);
        }

        @Override
        public List<PgType> types() {
            List<PgType> out = new ArrayList<>();
            for (RexNode e : exprs) {
                out.add(TypeMapping.toPgType(e.getType()));
            }
            return out;
        }

        @Override
        public List<String> names() {
            List<String> in = input.names();
            List<String> out = new ArrayList<>();
            for (RexNode e : exprs) {
                out.add(io.tessera.coordinator.sql.explain.RexFormat.format(e, in));
            }
            return out;
        }
    }

    /**
     * Hash redistribution between the datanodes that run the fragment (Postgres-XL's "Distribute results by H:
     * key"): each datanode runs {@code input} over its own shards and sends every row to the datanode that
     * {@code hash(row[key])} picks among all of the fragment's datanodes; this node's output on a datanode is the rows
     * sent to it. Two exchanges on keys of one type put equal keys on the same datanode, so a join over two of them
     * is co-located ({@link Colocation}).
     *
     * <p>{@link Mode#SHARD_MAP}: each row goes instead to the datanode of the shard that a table partitioned by
     * {@code family} over {@code shardNodes} puts {@code row[key]} in, so the rows meet that table's rows (read in
     * place) — one-side redistribution. {@link Mode#BROADCAST}: every row to every datanode of the fragment ({@code key}
     * -1) — the small side of a join whose other side is not moved.
     *
     * @param family SHARD_MAP: the table's placement function (HASH for HASH and SHARD, or MODULO); otherwise null
     * @param shardNodes SHARD_MAP: the datanode of each of the table's shards; otherwise empty
     */
    record Exchange(FragmentPlan input, int key, Mode mode, io.tessera.coordinator.catalog.Distribution.Kind family,
            List<String> shardNodes) implements FragmentPlan {
        /** How the rows pick their datanodes. */
        public enum Mode { HASH, SHARD_MAP, BROADCAST, GROUPS }

        public Exchange {
            shardNodes = List.copyOf(shardNodes);
        }

        /** Hash redistribution on {@code key} over the fragment's datanodes. */
        public Exchange(FragmentPlan input, int key) {
            this(input, key, Mode.HASH, null, List.of());
        }

        /**
         * Hash redistribution on {@code key} with every NULL key sent to one datanode ({@link Mode#GROUPS}): each
         * group of equal keys, NULLs included, on one datanode — a window partitioned by {@code key}.
         */
        public static Exchange groups(FragmentPlan input, int key) {
            return new Exchange(input, key, Mode.GROUPS, null, List.of());
        }

        /** Every row to every datanode of the fragment. */
        public static Exchange broadcast(FragmentPlan input) {
            return new Exchange(input, -1, Mode.BROADCAST, null, List.of());
        }

        /** Rows to the datanodes holding the shards of {@code key}'s value in a table placed as {@code layout}. */
        public static Exchange shardMap(FragmentPlan input, int key, Colocation.Layout layout) {
            return new Exchange(input, key, Mode.SHARD_MAP, layout.family(), layout.shardNodes());
        }

        @Override
        public List<PgType> types() {
            return input.types();
        }

        @Override
        public List<String> names() {
            return input.names();
        }
    }

    /**
     * Window functions over one window, each datanode over its own rows ({@code executor.exec.WindowNode} over a
     * {@code SortNode} by the partition keys, then the order keys): the input row, then one column per call. The
     * planner builds one only where every partition's rows are on one datanode ({@code WindowPushdownRule}).
     *
     * @param partitionKeys the PARTITION BY columns of the input row
     * @param orderKeys the window's ORDER BY over the input row
     */
    record Window(FragmentPlan input, int[] partitionKeys, List<io.tessera.executor.exec.SortKey> orderKeys,
            io.tessera.executor.exec.WindowFrame frame, List<WindowCall> calls) implements FragmentPlan {
        public Window {
            orderKeys = List.copyOf(orderKeys);
            calls = List.copyOf(calls);
        }

        /**
         * The datanodes' sort alone: a window without calls or partition keys returns its input's rows in
         * {@code keys}' order ({@code SortNode}, spilling past work_mem), for a merge on the coordinator
         * ({@code exec.RemoteWindows}).
         */
        public static Window sort(FragmentPlan input, List<io.tessera.executor.exec.SortKey> keys) {
            return new Window(input, new int[0], keys, io.tessera.executor.exec.WindowFrame.DEFAULT, List.of());
        }

        /** Whether this is {@link #sort}'s: no calls, only the sort below them. */
        public boolean sortOnly() {
            return calls.isEmpty();
        }

        @Override
        public List<PgType> types() {
            List<PgType> out = new ArrayList<>(input.types());
            calls.forEach(c -> out.add(c.resultType()));
            return out;
        }

        @Override
        public List<String> names() {
            List<String> out = new ArrayList<>(input.names());
            calls.forEach(c -> out.add(c.text()));
            return out;
        }

        FragmentOp toProto(FragmentOp in, IntFunction<Object> params, RexBuilder rexBuilder) {
            io.tessera.protocol.datanode.FragmentWindow.Builder b = io.tessera.protocol.datanode.FragmentWindow
                    .newBuilder().setInput(in).setRows(frame.rows()).setLower(bound(frame.lower()))
                    .setUpper(bound(frame.upper()));
            if (frame.exclusion() != io.tessera.executor.exec.WindowFrame.Exclusion.NO_OTHERS) {
                b.setExclusion(frame.exclusion().name());
            }
            for (int k : partitionKeys) {
                b.addPartitionKeys(k);
            }
            for (io.tessera.executor.exec.SortKey k : orderKeys) {
                b.addOrderKeys(io.tessera.protocol.datanode.SortKey.newBuilder().setColumn(k.column())
                        .setDescending(k.descending()).setNullsFirst(k.nullsFirst()));
            }
            for (WindowCall c : calls) {
                io.tessera.protocol.datanode.WindowCall.Builder cb = io.tessera.protocol.datanode.WindowCall
                        .newBuilder().setFunction(c.function().name()).setArgument(c.argument())
                        .setSumTypeOid(c.sumType().oid()).setResultTypeOid(c.resultType().oid()).setN(c.n());
                if (c.defaultValue() != null) {
                    cb.setDefaultValue(translate(new RexToExpr(0, params), rexBuilder, c.defaultValue()));
                }
                b.addCalls(cb);
            }
            return FragmentOp.newBuilder().setWindow(b).build();
        }

        private static io.tessera.protocol.datanode.WindowBound bound(io.tessera.executor.exec.WindowFrame.Bound x) {
            return io.tessera.protocol.datanode.WindowBound.newBuilder()
                    .setKind(io.tessera.protocol.datanode.WindowBound.Kind.valueOf(x.kind().name()))
                    .setOffset(x.offset()).build();
        }
    }

    /**
     * One call of a {@link Window} ({@code executor.exec.WindowCall}).
     *
     * @param sumType the type SUM, SUM0 and AVG accumulate in; the result type for the others
     * @param defaultValue LAG's and LEAD's default, a constant expression, or null
     * @param text the call as EXPLAIN prints it
     */
    record WindowCall(io.tessera.executor.exec.WindowFunction function, int argument, PgType sumType,
            PgType resultType, long n, RexNode defaultValue, String text) {
    }

    /**
     * A hash join: {@code right} is built, {@code left} probes.
     *
     * @param leftKeys key columns of the left row; each equals {@code rightKeys[i]} of the right row, of the same type
     * @param residual the rest of the join condition, over the left row followed by the right row, or null
     */
    record Join(FragmentPlan left, FragmentPlan right, JoinRelType type, int[] leftKeys, int[] rightKeys,
            RexNode residual) implements FragmentPlan {
        private static final IdentityMemo<Join, List<PgType>> TYPES = new IdentityMemo<>(j -> {
            List<PgType> out = new ArrayList<>(j.left.types());
            if (j.type.projectsRight()) {
                out.addAll(j.right.types());
            }
            return java.util.Collections.unmodifiableList(out);
        });

        @Override
        public List<PgType> types() {
            return new ArrayList<>(TYPES.get(this));
        }

        @Override
        public List<String> names() {
            List<String> out = new ArrayList<>(left.names());
            if (type.projectsRight()) {
                out.addAll(right.names());
            }
            return out;
        }
    }
}
