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
 * execution times. Per-node actual counts are not measured yet: inner nodes show estimates only.
 *
 * <p>Only queries (SELECT, VALUES, set operations) can be explained; other statements fail with 0A000.
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
        SqlNode node = TesseraSqlParser.parse(stmt.statement());
        if (!node.isA(SqlKind.QUERY)) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                    "EXPLAIN of " + node.getKind().sql.toUpperCase(Locale.ROOT) + " is not supported: only queries "
                            + "(SELECT, VALUES, set operations) can be explained");
        }
        long planStart = System.nanoTime();
        QueryPlanner.Optimized optimized;
        try {
            optimized = planner.get().optimize(PgRewriter.rewrite(node));
        } catch (RuntimeException e) {
            throw CalciteErrors.translate(e, stmt.statement(), p -> p);
        }
        double planningMs = (System.nanoTime() - planStart) / 1e6;
        if (!optimized.parameterTypes().isEmpty()) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                    "EXPLAIN of a statement with parameters is not supported");
        }
        PlanNode root = new PlanBuilder(optimized.rel().getCluster().getMetadataQuery()).build(optimized.rel());
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
        long first = -1;
        long rows = 0;
        try (QueryResult r = run.apply(sql)) {
            while (r.next() != null) {
                if (first < 0) {
                    first = System.nanoTime();
                }
                rows++;
            }
        } catch (TesseraException e) {
            throw e;
        } catch (Exception e) {
            throw new TesseraException(SqlState.INTERNAL_ERROR, "EXPLAIN ANALYZE failed: " + e.getMessage(), e);
        }
        long end = System.nanoTime();
        root.actualRows = rows;
        root.actualFirstMs = ((first < 0 ? end : first) - start) / 1e6;
        root.actualTotalMs = (end - start) / 1e6;
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
