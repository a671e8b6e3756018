package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableLimit;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * PostgreSQL's checks of a query's constant LIMIT and OFFSET counts, made when the query runs (not when EXPLAIN
 * plans it): {@code LIMIT -1} fails with 2201W "LIMIT must not be negative" and {@code OFFSET -2} with 2201X
 * "OFFSET must not be negative" even when no row would reach the limit ({@code WHERE false}), as PostgreSQL's
 * {@code recompute_limits} evaluates them when the Limit node starts, OFFSET first; parameters ({@code OFFSET $1})
 * are checked the same way when the plan is bound to their values. The parser ({@code pgLimit.ftl}) has rounded
 * fractions already.
 */
final class LimitCounts {
    private LimitCounts() {
    }

    /**
     * A count that holds a parameter or reads a table ({@code LIMIT $1 + 1}, {@code OFFSET (select count(*) from t)}),
     * evaluated when the plan is bound, as PostgreSQL evaluates it once when the Limit node starts: the plan reads it
     * as the synthetic parameter {@code ?parameter} ({@link #evaluatingDeferred}).
     *
     * @param parameter the synthetic marker's index, past every marker of the query
     * @param count the count as written (never changed: each evaluation works on a copy)
     * @param with a copy of the WITH queries the count may read ({@code WITH c AS (SELECT 2 n) SELECT * FROM t
     *     LIMIT (SELECT n FROM c)}), those of every WITH whose body holds the count, innermost last; empty for none
     */
    record Deferred(int parameter, SqlNode count, List<SqlNode> with) {
    }

    /**
     * As {@link #fold(SqlNode, java.util.function.Function, List)} with every count evaluated now.
     *
     * @throws TesseraException 0A000 for a count that holds a parameter or reads a table
     */
    static SqlNode fold(SqlNode query, java.util.function.Function<SqlNode, Object> evaluate) {
        return fold(query, evaluate, null);
    }

    /**
     * {@code query} with each LIMIT, OFFSET or FETCH FIRST count that is an expression ({@code LIMIT 2 + 1},
     * {@code OFFSET (select 1)}, as {@link io.tessera.sql.parser.LimitCount} leaves them) replaced by the bigint
     * literal it evaluates to, or dropped when it is NULL (no limit, no offset), as PostgreSQL evaluates such a
     * count once when the query starts. The count is evaluated by {@code evaluate}, given the query
     * {@code SELECT CAST((count) AS bigint)}, with PostgreSQL's operators and errors (22012, 22003). A count that
     * holds a parameter or reads a table is replaced by a synthetic parameter and added to {@code deferred}
     * instead, to be evaluated when the plan is bound ({@link #evaluatingDeferred}).
     *
     * @param evaluate the value of a one-row, one-column query of no tables: a Long, null for NULL
     * @param deferred where deferred counts go, or null to refuse them
     * @throws TesseraException 42P10 for a count that names a column ("argument of LIMIT must not contain
     *     variables"); 0A000 for one that holds a parameter or reads a table when {@code deferred} is null
     */
    static SqlNode fold(SqlNode query, java.util.function.Function<SqlNode, Object> evaluate,
            List<Deferred> deferred) {
        if (!hasExpression(query)) {
            return query;
        }
        int base = maxParameter(query) + 1;
        // the WITH queries in scope of the count being folded: those of each WITH whose body is being visited
        java.util.ArrayDeque<SqlNode> scope = new java.util.ArrayDeque<>();
        SqlNode out = query.accept(new org.apache.calcite.sql.util.SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                if (call instanceof org.apache.calcite.sql.SqlWith w) {
                    // copies as written: a count query folds its WITH queries' own counts when it is planned
                    List<SqlNode> written = w.withList.stream().map(item -> copy(item, null)).toList();
                    SqlNode items = w.withList.accept(this);
                    written.forEach(scope::addLast);
                    SqlNode body;
                    try {
                        body = w.body.accept(this);
                    } finally {
                        w.withList.forEach(item -> scope.removeLast());
                    }
                    return new org.apache.calcite.sql.SqlWith(w.getParserPosition(),
                            (org.apache.calcite.sql.SqlNodeList) items, body);
                }
                // WITH c AS (...) SELECT ... LIMIT (SELECT n FROM c) parses as an ORDER BY over the WITH
                List<SqlNode> with = new ArrayList<>(scope);
                if (call instanceof SqlOrderBy o && o.query instanceof org.apache.calcite.sql.SqlWith w) {
                    w.withList.forEach(item -> with.add(copy(item, null)));
                }
                SqlNode visited = super.visit(call);
                if (visited instanceof SqlOrderBy o && (expression(o.offset) || expression(o.fetch))) {
                    return new SqlOrderBy(o.getParserPosition(), o.query, o.orderList,
                            folded(o.offset, "OFFSET", evaluate, deferred, base, with),
                            folded(o.fetch, "LIMIT", evaluate, deferred, base, with));
                }
                if (visited instanceof SqlSelect s && (expression(s.getOffset()) || expression(s.getFetch()))) {
                    s.setOffset(folded(s.getOffset(), "OFFSET", evaluate, deferred, base, with));
                    s.setFetch(folded(s.getFetch(), "LIMIT", evaluate, deferred, base, with));
                }
                return visited;
            }
        });
        return out;
    }

    /**
     * The types of the parameters of {@code validated}, by marker index, as Calcite's
     * {@code getParameterRowType} gives them in the order it meets them: a deferred count's synthetic marker
     * ({@link #fold}) has an index past the query's own, but may come before some of them
     * ({@code LIMIT (SELECT n FROM c) OFFSET $1}), and the session binds its values by index.
     */
    static List<org.apache.calcite.rel.type.RelDataType> parameterTypes(
            org.apache.calcite.sql.validate.SqlValidator validator, SqlNode validated) {
        List<org.apache.calcite.sql.SqlDynamicParam> params = new ArrayList<>();
        validated.accept(new org.apache.calcite.sql.util.SqlShuttle() {
            @Override
            public SqlNode visit(org.apache.calcite.sql.SqlDynamicParam p) {
                // once each: a LIMIT's marker is both the ORDER BY's operand and its inner SELECT's, as in Calcite's
                if (params.stream().noneMatch(q -> q == p)) {
                    params.add(p);
                }
                return p;
            }
        });
        params.sort(java.util.Comparator.comparingInt(org.apache.calcite.sql.SqlDynamicParam::getIndex));
        // PostgreSQL types a bare LIMIT or OFFSET marker bigint (Calcite: integer)
        List<SqlNode> counts = new ArrayList<>();
        validated.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlOrderBy o) {
                    counts.add(o.offset);
                    counts.add(o.fetch);
                } else if (call instanceof SqlSelect s) {
                    counts.add(s.getOffset());
                    counts.add(s.getFetch());
                }
                return super.visit(call);
            }
        });
        org.apache.calcite.rel.type.RelDataTypeFactory types = validator.getTypeFactory();
        return params.stream().map(p -> counts.stream().anyMatch(c -> c == p)
                ? types.createTypeWithNullability(types.createSqlType(org.apache.calcite.sql.type.SqlTypeName.BIGINT),
                        true)
                : validator.getValidatedNodeType(p)).toList();
    }

    /** The largest index of a parameter marker in {@code query}, -1 for none. */
    private static int maxParameter(SqlNode query) {
        int[] max = {-1};
        query.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(org.apache.calcite.sql.SqlDynamicParam p) {
                max[0] = Math.max(max[0], p.getIndex());
                return null;
            }
        });
        return max[0];
    }

    /**
     * {@code bindable} that first evaluates each deferred count ({@link #fold}) with the bound context (its
     * parameters as literals, its tables read in the statement's transaction) and binds the plan with the values as
     * the counts' synthetic parameters; the caller checks them afterwards ({@link #checkingParameters}).
     *
     * @param evaluate the value of a one-row, one-column query, bound with the statement's context
     * @throws TesseraException when bound: the count's own errors; 0A000 for a parameter value that is no number
     *     or text
     */
    static <T> Bindable<T> evaluatingDeferred(Bindable<T> bindable, List<Deferred> deferred,
            java.util.function.BiFunction<SqlNode, DataContext, Object> evaluate) {
        if (deferred.isEmpty()) {
            return bindable;
        }
        List<Deferred> counts = List.copyOf(deferred);
        return context -> {
            java.util.Map<String, Object> values = new java.util.HashMap<>();
            for (Deferred d : counts) {
                List<SqlNode> with = d.with().stream().map(item -> copy(item, context)).toList();
                Object v = evaluate.apply(countQuery(copy(d.count(), context), with), context);
                // Calcite's Limit reads its counts as int; a count past int's range takes every row anyway
                values.put("?" + d.parameter(), v == null ? null
                        : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, ((Number) v).longValue())));
            }
            return bindable.bind(new NullCounts(context, values));
        };
    }

    /**
     * A copy of {@code count} (validation qualifies names in place) with each parameter marker replaced by a literal
     * of its value bound in {@code context}, or kept when {@code context} is null.
     */
    private static SqlNode copy(SqlNode count, DataContext context) {
        return count.accept(new org.apache.calcite.sql.util.SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                ArgHandler<SqlNode> copying = new CallCopyingArgHandler(call, true);
                call.getOperator().acceptCall(this, call, false, copying);
                return copying.result();
            }

            @Override
            public SqlNode visit(org.apache.calcite.sql.SqlIdentifier id) {
                return id.clone(id.getParserPosition()); // validation qualifies names in place
            }

            @Override
            public SqlNode visit(org.apache.calcite.sql.SqlDynamicParam p) {
                if (context == null) {
                    return new org.apache.calcite.sql.SqlDynamicParam(p.getIndex(), p.getParserPosition());
                }
                Object v = context.get("?" + p.getIndex());
                org.apache.calcite.sql.parser.SqlParserPos pos = p.getParserPosition();
                if (v == null) {
                    return org.apache.calcite.sql.SqlLiteral.createNull(pos);
                }
                if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof BigDecimal
                        || v instanceof java.math.BigInteger) {
                    String text = v instanceof BigDecimal b ? b.toPlainString() : v.toString();
                    SqlNode n = org.apache.calcite.sql.SqlLiteral.createExactNumeric(text.replace("-", ""), pos);
                    return text.startsWith("-") ? org.apache.calcite.sql.fun.SqlStdOperatorTable.UNARY_MINUS
                            .createCall(pos, n) : n;
                }
                if (v instanceof String text) {
                    return org.apache.calcite.sql.SqlLiteral.createCharString(text, pos);
                }
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "a LIMIT or OFFSET count with a parameter of this type is not supported");
            }
        });
    }

    /** {@code castSelect(count)}, under {@code WITH with} when the count may read WITH queries. */
    private static SqlNode countQuery(SqlNode count, List<SqlNode> with) {
        SqlSelect select = castSelect(count);
        return with.isEmpty() ? select : new org.apache.calcite.sql.SqlWith(count.getParserPosition(),
                new org.apache.calcite.sql.SqlNodeList(with, count.getParserPosition()), select);
    }

    private static SqlSelect castSelect(SqlNode count) {
        org.apache.calcite.sql.parser.SqlParserPos pos = count.getParserPosition();
        SqlNode cast = org.apache.calcite.sql.fun.SqlStdOperatorTable.CAST.createCall(pos, count,
                new org.apache.calcite.sql.SqlDataTypeSpec(new org.apache.calcite.sql.SqlBasicTypeNameSpec(
                        org.apache.calcite.sql.type.SqlTypeName.BIGINT, pos), pos));
        return new SqlSelect(pos, null, new org.apache.calcite.sql.SqlNodeList(List.of(cast), pos), null,
                null, null, null, null, null, null, null, null, null);
    }

    private static boolean hasExpression(SqlNode query) {
        boolean[] found = {false};
        query.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlOrderBy o) {
                    found[0] |= expression(o.offset) || expression(o.fetch);
                } else if (call instanceof SqlSelect s) {
                    found[0] |= expression(s.getOffset()) || expression(s.getFetch());
                }
                return super.visit(call);
            }
        });
        return found[0];
    }

    /** Whether a count is an expression still to be evaluated (not a literal, a parameter or absent). */
    private static boolean expression(SqlNode count) {
        return count != null && !(count instanceof SqlNumericLiteral)
                && !(count instanceof org.apache.calcite.sql.SqlDynamicParam);
    }

    private static SqlNode folded(SqlNode count, String clause, java.util.function.Function<SqlNode, Object> evaluate,
            List<Deferred> deferred, int base, List<SqlNode> with) {
        if (!expression(count)) {
            return count;
        }
        boolean[] column = {false};
        boolean[] param = {false};
        boolean[] table = {false};
        count.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(org.apache.calcite.sql.SqlIdentifier id) {
                column[0] = true;
                return null;
            }

            @Override
            public Void visit(org.apache.calcite.sql.SqlDynamicParam p) {
                param[0] = true;
                return null;
            }

            @Override
            public Void visit(org.apache.calcite.sql.SqlDataTypeSpec type) {
                return null; // a cast's type name is no column
            }

            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect s) {
                    table[0] |= s.getFrom() != null;
                    return null; // its identifiers are its own
                }
                return super.visit(call);
            }
        });
        if (column[0]) {
            throw new TesseraException(SqlState.INVALID_COLUMN_REFERENCE,
                    "argument of " + clause + " must not contain variables");
        }
        if ((param[0] || table[0]) && deferred != null) {
            Deferred d = new Deferred(base + deferred.size(), count, with);
            deferred.add(d);
            return new org.apache.calcite.sql.SqlDynamicParam(d.parameter(), count.getParserPosition());
        }
        if (param[0] || table[0]) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                    clause + " of an expression with " + (param[0] ? "parameters" : "a sub-query reading tables")
                            + " is not supported");
        }
        org.apache.calcite.sql.parser.SqlParserPos pos = count.getParserPosition();
        Object v = evaluate.apply(castSelect(count));
        return v == null ? null : org.apache.calcite.sql.SqlLiteral.createExactNumeric(v.toString(), pos);
    }

    /**
     * @throws TesseraException 2201X for a negative constant OFFSET, 2201W for a negative constant LIMIT, anywhere in
     *     {@code query} (sub-queries included)
     */
    static void check(SqlNode query) {
        query.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlOrderBy o) {
                    check(o.offset, o.fetch);
                } else if (call instanceof SqlSelect s) {
                    check(s.getOffset(), s.getFetch());
                }
                return super.visit(call);
            }
        });
    }

    /**
     * {@code bindable}, first checking the values bound to the parameters that are LIMIT or OFFSET counts of
     * {@code plan} (Calcite's own Limit skips a negative OFFSET silently).
     *
     * @throws TesseraException when bound: 2201X for a negative OFFSET, 2201W for a negative LIMIT
     */
    static <T> Bindable<T> checkingParameters(Bindable<T> bindable,
            RelNode plan) {
        List<Integer> counts = new ArrayList<>(); // offset, fetch pairs of parameter indexes
        collect(plan, counts);
        if (counts.isEmpty()) {
            return bindable;
        }
        return context -> {
            java.util.Map<String, Object> nulls = new java.util.HashMap<>();
            for (int i = 0; i < counts.size(); i += 2) {
                if (negative(counts.get(i), context)) {
                    throw new TesseraException(SqlState.INVALID_ROW_COUNT_IN_RESULT_OFFSET_CLAUSE,
                            "OFFSET must not be negative");
                }
                if (negative(counts.get(i + 1), context)) {
                    throw new TesseraException(SqlState.INVALID_ROW_COUNT_IN_LIMIT_CLAUSE,
                            "LIMIT must not be negative");
                }
                for (int param : new int[] {counts.get(i), counts.get(i + 1)}) {
                    // bound as bigint, as PostgreSQL types a count (parameterTypes); Calcite's Limit reads an int,
                    // and a count past int's range takes (or skips) every row anyway
                    if (param >= 0 && context.get("?" + param) instanceof Number n && !(n instanceof Integer)) {
                        nulls.put("?" + param, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
                                n instanceof Long l ? l : new BigDecimal(n.toString()).longValue())));
                    }
                }
                if (counts.get(i) >= 0 && context.get("?" + counts.get(i)) == null) {
                    nulls.put("?" + counts.get(i), 0); // OFFSET NULL: no offset
                }
                if (counts.get(i + 1) >= 0 && context.get("?" + counts.get(i + 1)) == null) {
                    nulls.put("?" + counts.get(i + 1), Integer.MAX_VALUE); // LIMIT NULL: no limit
                }
            }
            return bindable.bind(nulls.isEmpty() ? context : new NullCounts(context, nulls));
        };
    }

    /** {@code context} with {@code variables} (a plan's stash, count values) read before its own. */
    static DataContext overlay(DataContext context, java.util.Map<String, Object> variables) {
        return new NullCounts(context, variables);
    }

    /**
     * A data context whose NULL LIMIT and OFFSET parameters read as no limit and no offset (Calcite's Limit unboxes
     * them); every other variable is the given context's.
     */
    private record NullCounts(DataContext context, java.util.Map<String, Object> counts) implements DataContext {
        @Override
        public org.apache.calcite.schema.SchemaPlus getRootSchema() {
            return context.getRootSchema();
        }

        @Override
        public org.apache.calcite.adapter.java.JavaTypeFactory getTypeFactory() {
            return context.getTypeFactory();
        }

        @Override
        public org.apache.calcite.linq4j.QueryProvider getQueryProvider() {
            return context.getQueryProvider();
        }

        @Override
        public Object get(String name) {
            return counts.containsKey(name) ? counts.get(name) : context.get(name);
        }
    }

    private static void collect(RelNode rel, List<Integer> counts) {
        RexNode offset = null;
        RexNode fetch = null;
        if (rel instanceof Sort s) {
            offset = s.offset;
            fetch = s.fetch;
        } else if (rel instanceof EnumerableLimit l) {
            offset = l.offset;
            fetch = l.fetch;
        }
        if (offset instanceof RexDynamicParam || fetch instanceof RexDynamicParam) {
            counts.add(offset instanceof RexDynamicParam p ? p.getIndex() : -1);
            counts.add(fetch instanceof RexDynamicParam p ? p.getIndex() : -1);
        }
        for (RelNode in : rel.getInputs()) {
            collect(in, counts);
        }
    }

    private static boolean negative(int param, DataContext context) {
        return param >= 0 && context.get("?" + param) instanceof Number n && new BigDecimal(n.toString()).signum() < 0;
    }

    private static void check(SqlNode offset, SqlNode fetch) {
        if (negative(offset)) {
            throw new TesseraException(SqlState.INVALID_ROW_COUNT_IN_RESULT_OFFSET_CLAUSE,
                    "OFFSET must not be negative");
        }
        if (negative(fetch)) {
            throw new TesseraException(SqlState.INVALID_ROW_COUNT_IN_LIMIT_CLAUSE, "LIMIT must not be negative");
        }
    }

    private static boolean negative(SqlNode count) {
        return count instanceof SqlNumericLiteral n && n.getValueAs(BigDecimal.class).signum() < 0;
    }
}
