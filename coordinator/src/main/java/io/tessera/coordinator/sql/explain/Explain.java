package io.tessera.coordinator.sql.explain;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.session.Column;
import io.tessera.coordinator.session.PreparedStatement;
import io.tessera.coordinator.session.QueryResult;
import io.tessera.coordinator.sql.CalciteErrors;
import io.tessera.coordinator.sql.PgRewriter;
import io.tessera.coordinator.sql.QueryPlanner;
import io.tessera.coordinator.sql.exec.FragmentStats;
import io.tessera.sql.parser.TesseraSqlParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * {@code EXPLAIN [ANALYZE] [VERBOSE] query} and {@code EXPLAIN (options) query}: plans the query as the session
 * would ({@link QueryPlanner#optimize}) and returns the distributed plan as PostgreSQL does — one text column
 * {@code QUERY PLAN}, a row per line (FORMAT TEXT) or one row holding a JSON document (FORMAT JSON) — with the
 * datanodes' part under Postgres-XL's {@code Remote Subquery Scan} nodes ({@link PlanBuilder}).
 *
 * <p>ANALYZE runs the query through the session (so in its transaction, with its snapshot), discards the rows,
 * and adds the rows returned and the time to the first and last row to the top node, then the planning and
 * execution times. What runs on the datanodes is measured there ({@link FragmentStats}): each {@code Remote Subquery
 * Scan} above a fragment shows the rows the coordinator gathered from it (loops=1), and each operator of a fragment —
 * scans, filters, hash joins and their {@code Hash}, every exchange ({@code Distribute results by},
 * {@code Broadcast results to}: the rows it received), a partial aggregate's or a top-N's output — shows PostgreSQL's
 * per-loop averages with one loop per datanode that ran it, as PostgreSQL shows the workers of a parallel plan. The
 * coordinator's own operators (a join or sort of gathered rows, a scan of one table) show estimates only.
 *
 * <p>Queries (SELECT, VALUES, set operations) and INSERT / UPDATE / DELETE ({@link DmlExplain}; ANALYZE really
 * writes, as on PostgreSQL) can be explained; other statements fail with 0A000.
 */
public final class Explain {
    private static final List<Column> COLUMNS = List.of(new Column("QUERY PLAN", PgType.TEXT.oid()));

    private Explain() {
    }

    /** Whether {@code sql} is an EXPLAIN statement (the session's dispatch test). */
    public static boolean matches(String sql) {
        return ExplainStatement.matches(sql);
    }

    /**
     * Prepares an EXPLAIN.
     *
     * @param planner the session's planner (its catalog snapshot and search path)
     * @param run runs a query through the session (for ANALYZE), returning its open result
     * @throws TesseraException 42601 for a malformed EXPLAIN, 0A000 for a statement other than a query, the
     *     query's own validation errors
     */
    public static PreparedStatement prepare(String sql, Supplier<QueryPlanner> planner,
            Function<String, QueryResult> run) {
        ExplainStatement stmt = ExplainStatement.parse(sql);
        // RETURNING and ON CONFLICT are not Calcite's: blanked out of the text parsed (the plan is the same)
        SqlNode node = TesseraSqlParser.parse(io.tessera.sql.parser.DmlClauses.split(
                TesseraSqlParser.rewriteParameters(stmt.statement())).statement());
        if (DmlExplain.handles(node)) {
            long dmlStart = System.nanoTime();
            PlanNode dml = DmlExplain.build(node, stmt.statement(), planner);
            return explained(stmt, dml, (System.nanoTime() - dmlStart) / 1e6, run);
        }
        if (!node.isA(SqlKind.QUERY)) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                    "EXPLAIN of " + node.getKind().sql.toUpperCase(Locale.ROOT) + " is not supported: only queries "
                            + "(SELECT, VALUES, set operations) can be explained");
        }
        // the statement's own markers: a LIMIT count reading a table or a WITH query becomes a synthetic one
        boolean parameters = hasParameter(node);
        long planStart = System.nanoTime();
        QueryPlanner.Optimized optimized;
        try {
            optimized = planner.get().optimize(PgRewriter.rewrite(node));
        } catch (RuntimeException e) {
            throw CalciteErrors.translate(e, stmt.statement(), p -> p);
        }
        double planningMs = (System.nanoTime() - planStart) / 1e6;
        if (parameters) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                    "EXPLAIN of a statement with parameters is not supported");
        }
        PlanNode root = new PlanBuilder(optimized.rel().getCluster().getMetadataQuery()).build(optimized.rel());
        return explained(stmt, root, planningMs, run);
    }

    private static boolean hasParameter(SqlNode node) {
        boolean[] found = {false};
        node.accept(new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
            @Override
            public Void visit(org.apache.calcite.sql.SqlDynamicParam param) {
                found[0] = true;
                return null;
            }
        });
        return found[0];
    }

    /** The EXPLAIN statement printing {@code root} (and, under ANALYZE, running the statement first). */
    private static PreparedStatement explained(ExplainStatement stmt, PlanNode root, double planningMs,
            Function<String, QueryResult> run) {
        return new PreparedStatement() {
            @Override
            public List<Integer> parameterTypes() {
                return List.of();
            }

            @Override
            public List<Column> columns() {
                return COLUMNS;
            }

            @Override
            public QueryResult execute(List<Object> params) {
                Map<String, Double> footer = new LinkedHashMap<>();
                if (stmt.analyze()) {
                    measure(root, run, stmt.statement());
                    footer.put("Planning Time", planningMs);
                    footer.put("Execution Time", root.actualTotalMs);
                }
                List<Object[]> rows = new ArrayList<>();
                if (stmt.json()) {
                    rows.add(new Object[] {PlanRenderer.json(root, stmt.costs(), stmt.verbose(), footer)});
                } else {
                    List<String> lines = new ArrayList<>();
                    footer.forEach((k, v) -> lines.add(String.format(Locale.ROOT, "%s: %.3f ms", k, v)));
                    for (String line : PlanRenderer.text(root, stmt.costs(), stmt.verbose(), lines)) {
                        rows.add(new Object[] {line});
                    }
                }
                return new Lines(rows);
            }
        };
    }

    /** Runs the query, discarding its rows, and records on {@code root} how many there were and when they came. */
    private static void measure(PlanNode root, Function<String, QueryResult> run, String sql) {
        long start = System.nanoTime();
        long[] first = {-1};
        long[] rows = {0};
        FragmentStats stats = new FragmentStats();
        try {
            stats.during(() -> {
                try (QueryResult r = run.apply(sql)) {
                    while (r.next() != null) {
                        if (first[0] < 0) {
                            first[0] = System.nanoTime();
                        }
                        rows[0]++;
                    }
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new TesseraException(SqlState.INTERNAL_ERROR, "EXPLAIN ANALYZE failed: " + e.getMessage(), e);
                }
                return null;
            });
        } catch (TesseraException e) {
            throw e;
        } catch (Exception e) {
            throw new TesseraException(SqlState.INTERNAL_ERROR, "EXPLAIN ANALYZE failed: " + e.getMessage(), e);
        }
        long end = System.nanoTime();
        apply(root, stats);
        root.actualRows = rows[0];
        root.actualFirstMs = ((first[0] < 0 ? end : first[0]) - start) / 1e6;
        root.actualTotalMs = (end - start) / 1e6;
        root.actualLoops = 1;
    }

    /**
     * Copies what the datanodes and the gathers measured onto the nodes that show it: the gathered rows on a
     * {@code Remote Subquery Scan} above a fragment; per operator, the per-loop averages over the datanodes (rows
     * rounded, as PostgreSQL prints {@code ntuples / nloops}).
     */
    private static void apply(PlanNode n, FragmentStats stats) {
        FragmentStats.Fragment f = n.fragment == null ? null : stats.fragment(n.fragment);
        if (f != null && n.op == PlanNode.GATHER) {
            n.actualRows = f.gatheredRows();
            n.actualFirstMs = f.firstMs();
            n.actualTotalMs = f.lastMs();
            n.actualLoops = 1;
        } else if (f != null && n.op == PlanNode.OUTPUT && f.streams() > 0) {
            n.actualLoops = f.streams();
            n.actualRows = Math.round((double) f.gatheredRows() / f.streams());
            n.actualFirstMs = f.firstMs();
            n.actualTotalMs = f.lastMs();
        } else if (f != null && n.op >= 0 && !f.operator(n.op).isEmpty()) {
            List<FragmentStats.Operator> ops = f.operator(n.op);
            double rows = 0;
            double firstMs = 0;
            double totalMs = 0;
            for (FragmentStats.Operator o : ops) {
                rows += o.rows();
                firstMs += o.firstMs();
                totalMs += o.totalMs();
            }
            n.actualLoops = ops.size();
            n.actualRows = Math.round(rows / ops.size());
            n.actualFirstMs = firstMs / ops.size();
            n.actualTotalMs = totalMs / ops.size();
        }
        for (PlanNode c : n.children) {
            apply(c, stats);
        }
    }

    /** The EXPLAIN output rows. */
    private static final class Lines implements QueryResult {
        private final List<Object[]> rows;
        private int next;

        Lines(List<Object[]> rows) {
            this.rows = rows;
        }

        @Override
        public List<Column> columns() {
            return COLUMNS;
        }

        @Override
        public Object[] next() {
            return next < rows.size() ? rows.get(next++) : null;
        }

        @Override
        public String commandTag() {
            return "EXPLAIN";
        }

        @Override
        public void close() {
        }
    }
}
