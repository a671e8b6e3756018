package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.sql.exec.KeyedModify;
import io.tessera.coordinator.sql.exec.StatementContext;
import io.tessera.coordinator.sql.exec.TesseraDataContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.util.Util;

/**
 * Plans an UPDATE or DELETE whose rows only a query can choose — a WHERE or SET with subqueries (IN, EXISTS, scalar
 * subqueries, correlated or not), {@code UPDATE ... FROM}, {@code DELETE ... USING}, a SET calling a volatile
 * function ({@code nextval}, {@code random()}: evaluated by the query, once per row) — as a query on the
 * distributed engine and keyed writes ({@link KeyedModify}):
 * <pre>
 *   UPDATE t AS a SET v = a.v + s.x, w = 0 FROM s WHERE a.k = s.k AND a.v &lt; 10
 *
 *   query (planned and run as any SELECT: joins, semi/anti joins, aggregates on the datanodes)
 *     SELECT a.k, s.x FROM t AS a, s WHERE a.k = s.k AND a.v &lt; 10
 *   writes, by key, each datanode evaluating the rest on the row it locks
 *     UPDATE t SET v = v + CAST(?x AS int), w = 0 WHERE (k = ?k1 OR ...) AND v &lt; 10
 * </pre>
 * Each SET expression is split: its parts over the target row alone (columns of the target, constants, the
 * statement's parameters, operators over them) stay for the datanode, so they are recomputed on the newest version
 * of a row changed concurrently; the other parts (subqueries, columns of FROM items) become query columns, passed
 * to the write as parameters. The WHERE's conjuncts over the target row alone are re-checked the same way. The key
 * is the primary key, or every column for a table without one.
 *
 * <p>The statement's parameter types are those of {@code SELECT <SET expressions> FROM target, from_list WHERE
 * condition} (the statement's markers in the same order). An assignment to a primary-key or distribution column
 * deletes the chosen rows and inserts the new ones ({@link KeyedModify}, as {@code exec.KeyChangingUpdate}).
 */
final class QualifiedDml {
    /**
     * A planned statement.
     *
     * @param rows the query: key columns, then the computed values
     * @param local the writes' filter and SET values ({@link DmlPlanner.Plan}), with the statement's parameter types
     */
    record Plan(QueryPlanner planner, QueryPlanner.Plan rows, DmlPlanner.Plan local, KeyedModify.Spec spec,
            Returned returned) {
        /**
         * Runs the query in {@code ctx} and writes its rows.
         *
         * @param oldRows when not null and the update moves rows, receives the old rows, pairwise with
         *     {@code returned}'s ({@link KeyedModify#run})
         * @param returnedValues when not null, receives for each of {@code returned}'s rows the values its RETURNING
         *     list reads from the FROM items ({@link Returned})
         * @return rows updated or deleted
         */
        long run(TableDef table, StatementContext ctx, List<Object[]> returned, List<Object[]> oldRows,
                List<Object[]> returnedValues) {
            TesseraDataContext dc = new TesseraDataContext(planner.rootSchema().plus(), planner.typeFactory(), ctx,
                    rows.stash());
            List<Object[]> chosen = new ArrayList<>();
            try {
                Enumerator<?> e = rows.bindable().bind(dc).enumerator();
                try {
                    while (e.moveNext()) {
                        Object o = e.current();
                        chosen.add(rows.scalarRows() ? new Object[] {o} : (Object[]) o);
                    }
                } finally {
                    e.close();
                }
            } catch (RuntimeException | ExceptionInInitializerError e) {
                throw RuntimeErrors.translate(e);
            }
            return KeyedModify.run(table, spec, chosen, ctx, new RexBuilder(planner.typeFactory()), returned,
                    oldRows, returnedValues);
        }
    }

    /**
     * The RETURNING list of an {@code UPDATE ... FROM} or {@code DELETE ... USING}, which may read the FROM items as
     * well as the target: split as the SET values are. Its parts over the target row stay, computed on the rows
     * written (an UPDATE's new rows); the parts over the FROM items ({@code u.x}, {@code u.*}, a bare column of a
     * FROM item) are computed by the query, carried with each chosen key ({@link KeyedModify}) and stand in the
     * list as markers {@code ?standIns..}:
     * <pre>
     *   UPDATE t SET v = u.v FROM u WHERE t.k = u.k RETURNING t.k, t.v + u.w AS s, *
     *     query:      SELECT t.k, u.v, u.w, u.k, u.v, u.w FROM t, u WHERE t.k = u.k    (key, SET's, RETURNING's)
     *     RETURNING:  SELECT t.k, t.v + ?1 AS s, t.k, t.v, ?2 AS k, ?3 AS v, ?4 AS w FROM t   (?1.. one row's values)
     * </pre>
     * A part over the FROM items that reads the target too cannot be split this way (the query sees the old row):
     * 0A000.
     *
     * @param select the RETURNING list rewritten so, for {@code Returning.plan}
     * @param standIns the first marker standing for a query value
     * @param count how many values the query computes for it (the last ones of each row)
     */
    record Returned(SqlSelect select, int standIns, int count) {
    }

    private QualifiedDml() {
    }

    /** Whether the statement needs a query to choose its rows: a FROM/USING list, or a subquery anywhere. */
    static boolean needed(SqlNode statement) {
        if (statement instanceof io.tessera.sql.parser.dml.SqlUpdateFrom
                || statement instanceof io.tessera.sql.parser.dml.SqlDeleteUsing) {
            return true;
        }
        if (statement instanceof SqlUpdate u) {
            // a volatile function in SET (nextval, random()) is computed by the query, one value per row: the
            // datanodes cannot call it
            // so is SET col = DEFAULT, whose default may be volatile too (a serial's nextval)
            return hasQuery(u.getSourceExpressionList()) || hasQuery(u.getCondition())
                    || u.getSourceExpressionList() != null && (AlterColumnDdl.volatileCall(u.getSourceExpressionList())
                            || u.getSourceExpressionList().stream().anyMatch(e -> e.getKind() == SqlKind.DEFAULT));
        }
        return statement instanceof SqlDelete d && hasQuery(d.getCondition());
    }

    /**
     * @param parse a fresh parse of the statement per call (Calcite's validator rewrites trees in place)
     * @throws TesseraException the validation errors of the statement's expressions
     */
    static Plan plan(QueryPlanner planner, TableDef table, String database, Supplier<SqlNode> parse) {
        return plan(planner, table, database, parse, null);
    }

    /**
     * @param returning fresh parses of the RETURNING list ({@code Returning.parse}), or null for none: for a
     *     statement with FROM items, split as {@link Returned} says
     */
    static Plan plan(QueryPlanner planner, TableDef table, String database, Supplier<SqlNode> parse,
            Supplier<SqlSelect> returning) {
        Set<Integer> computedWhole = new HashSet<>();
        boolean recheck = true;
        for (int attempt = 0; ; attempt++) {
            Plan plan = plan(planner, table, database, parse, returning, computedWhole, recheck);
            // what the datanodes cannot evaluate (functions they lack) is computed by the query instead
            io.tessera.coordinator.sql.exec.RexToExpr datanode = new io.tessera.coordinator.sql.exec.RexToExpr(
                    table.columns().size(), i -> null);
            boolean again = false;
            for (int i = 0; i < plan.spec().values().size(); i++) {
                if (datanode.translate(plan.spec().values().get(i)) == null && computedWhole.add(i)) {
                    again = true;
                }
            }
            if (recheck && plan.spec().localFilter() != null
                    && datanode.translate(org.apache.calcite.rex.RexUtil.expandSearch(
                            new RexBuilder(planner.typeFactory()), null, plan.spec().localFilter())) == null) {
                recheck = false; // the query's WHERE still has them; only the re-check on a changed row is lost
                again = true;
            }
            if (!again || attempt > 2) {
                return plan;
            }
        }
    }

    private static Plan plan(QueryPlanner planner, TableDef table, String database, Supplier<SqlNode> parse,
            Supplier<SqlSelect> returningParse, Set<Integer> computedWhole, boolean recheck) {
        Parts types = Parts.of(parse.get()).withDefaults(table, planner.typeFactory());
        // 1. the statement's parameter types, in its own order: SET, FROM, WHERE
        List<SqlNode> typed = new ArrayList<>();
        for (int i = 0; types.sets != null && i < types.sets.size(); i++) {
            SqlNode e = types.sets.get(i);
            if (e instanceof SqlDynamicParam) { // SET c = $1: the parameter is of c's type, as PostgreSQL infers it
                ColumnDef c = table.columns().get(table.columnIndex(
                        ((SqlIdentifier) types.columns.get(i)).names.get(((SqlIdentifier) types.columns.get(i)).names
                                .size() - 1)));
                e = io.tessera.coordinator.sql.functions.IntervalFunctions.castTo(e,
                        TypeMapping.toRelType(planner.typeFactory(), c.type(), c.typmod()));
            }
            typed.add(e);
        }
        if (typed.isEmpty()) {
            typed.add(SqlIdentifier.star(SqlParserPos.ZERO));
        }
        SqlSelect typesQuery = select(typed, types.fromClause(), types.condition);
        SqlValidator validator = planner.validator();
        // a view in a subquery or FROM item is expanded, as the query's own planning does (QueryPlanner.optimize)
        SqlNode validated = validator.validate(PgRewriter.rewrite(
                ViewExpander.expand(typesQuery, planner.catalog(), database)));
        List<RelDataType> parameterTypes = new ArrayList<>();
        for (RelDataTypeField f : validator.getParameterRowType(validated).getFieldList()) {
            parameterTypes.add(f.getType());
        }
        int statementParams = parameterTypes.size();

        // 2. split SET and WHERE into the target row's parts and the query's
        Parts parts = Parts.of(parse.get()).withDefaults(table, planner.typeFactory());
        Locality locality = new Locality(parts.aliasName(), table, sourceColumns(planner, database, parts.sources));
        List<SqlNode> computed = new ArrayList<>();
        List<SqlCall> standIns = new ArrayList<>();
        SqlNodeList localSets = null;
        if (parts.sets != null) {
            localSets = new SqlNodeList(parts.sets.getParserPosition());
            for (int i = 0; i < parts.sets.size(); i++) {
                SqlNode e = parts.sets.get(i);
                localSets.add(computedWhole.contains(i) ? standIn(e, computed, standIns, statementParams)
                        : split(e, locality, computed, standIns, statementParams, false));
            }
        }
        List<SqlNode> returnedComputed = new ArrayList<>();
        List<SqlCall> returnedStandIns = new ArrayList<>();
        SqlSelect returning = null;
        int returningBase = 0;
        if (returningParse != null && parts.sources != null) {
            returning = returningParse.get();
            returningBase = statementParams + markers(returning.getSelectList());
            SqlNodeList items = new SqlNodeList(returning.getSelectList().getParserPosition());
            for (SqlNode item : expandStars(returning.getSelectList(), parts, table, planner, database)) {
                SqlNode e = item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
                String name = item.getKind() == SqlKind.AS ? ((SqlIdentifier) ((SqlCall) item).operand(1)).getSimple()
                        : PgRewriter.figureColname(e);
                int before = returnedComputed.size();
                SqlNode local = split(e, locality, returnedComputed, returnedStandIns, returningBase, true);
                for (SqlNode c : returnedComputed.subList(before, returnedComputed.size())) {
                    if (locality.reads(c)) {
                        throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "a RETURNING expression that "
                                + "reads both the target and the FROM items in one call is not supported yet");
                    }
                }
                items.add(SqlStdOperatorTable.AS.createCall(item.getParserPosition(), local,
                        new SqlIdentifier(name, SqlParserPos.ZERO)));
            }
            returning.setSelectList(items);
        }
        List<SqlNode> localConjuncts = new ArrayList<>();
        for (SqlNode c : conjuncts(parts.condition)) {
            if (recheck && locality.local(c)) {
                localConjuncts.add(c);
            }
        }

        // 3. the query: the key, then the computed values
        int[] keyColumns;
        boolean primaryKey = !table.primaryKey().isEmpty();
        if (primaryKey) {
            keyColumns = table.primaryKey().stream().mapToInt(table::columnIndex).toArray();
        } else {
            keyColumns = new int[table.columns().size()];
            for (int i = 0; i < keyColumns.length; i++) {
                keyColumns[i] = i;
            }
        }
        Parts q = Parts.of(parse.get()).withDefaults(table, planner.typeFactory());
        List<SqlNode> select = new ArrayList<>();
        for (int c : keyColumns) {
            select.add(new SqlIdentifier(List.of(q.aliasName(), table.columns().get(c).name()), SqlParserPos.ZERO));
        }
        select.addAll(computed);
        select.addAll(returnedComputed);
        QueryPlanner.Plan rows = planner.plan(PgRewriter.rewrite(select(select, q.fromClause(), q.condition)));
        List<RelDataTypeField> fields = rows.rowType().getFieldList();
        for (int i = 0; i < standIns.size(); i++) {
            standIns.get(i).setOperand(1, typeSpec(fields.get(keyColumns.length + i).getType()));
        }
        for (int i = 0; i < returnedStandIns.size(); i++) {
            returnedStandIns.get(i).setOperand(1,
                    typeSpec(fields.get(keyColumns.length + computed.size() + i).getType()));
        }

        // 4. the writes: filter and values over the target row (DmlPlanner), computed values as parameters
        SqlNode localCondition = null;
        for (SqlNode c : localConjuncts) {
            localCondition = localCondition == null ? c
                    : SqlStdOperatorTable.AND.createCall(SqlParserPos.ZERO, localCondition, c);
        }
        DmlPlanner.Plan local = DmlPlanner.plan(planner, table, parts.target, parts.columns, localSets,
                localCondition, true);
        DmlPlanner.Plan withTypes = new DmlPlanner.Plan(local.filter(), local.columns(), local.values(),
                parameterTypes, local.checks(), local.movesRows());
        KeyedModify.Spec spec = new KeyedModify.Spec(keyColumns, primaryKey, statementParams,
                computed.size() + returnedComputed.size(), returnedComputed.size(), local.filter(), local.columns(),
                local.values(), local.template(), parts.sets == null, local.movesRows());
        return new Plan(planner, rows, withTypes, spec, returning == null ? null
                : new Returned(returning, returningBase, returnedComputed.size()));
    }

    /** The pieces of an UPDATE / DELETE. */
    private record Parts(SqlNode target, SqlIdentifier alias, SqlNodeList columns, SqlNodeList sets, SqlNode sources,
            SqlNode condition) {
        static Parts of(SqlNode statement) {
            if (statement instanceof SqlUpdate u) {
                return new Parts(Returning.aliased(u.getTargetTable(), u.getAlias()), u.getAlias(),
                        u.getTargetColumnList(), u.getSourceExpressionList(),
                        u instanceof io.tessera.sql.parser.dml.SqlUpdateFrom f ? f.from() : null, u.getCondition());
            }
            SqlDelete d = (SqlDelete) statement;
            return new Parts(Returning.aliased(d.getTargetTable(), d.getAlias()), d.getAlias(), null, null,
                    d instanceof io.tessera.sql.parser.dml.SqlDeleteUsing u ? u.using() : null, d.getCondition());
        }

        /**
         * These parts with each SET value {@code DEFAULT} replaced, in place, by the column's default expression (or
         * NULL), after the assignments are checked as written ({@link UpdateGuards}: a GENERATED ALWAYS identity
         * column may be set to DEFAULT only).
         *
         * @throws TesseraException 42703 for an unknown SET column, 428C9 from {@link UpdateGuards}
         */
        Parts withDefaults(TableDef table, org.apache.calcite.rel.type.RelDataTypeFactory types) {
            for (int i = 0; sets != null && i < sets.size(); i++) {
                SqlIdentifier id = (SqlIdentifier) columns.get(i);
                String name = id.names.get(id.names.size() - 1);
                int idx = table.columnIndex(name);
                if (idx < 0) {
                    throw new io.tessera.common.error.TesseraException(io.tessera.common.error.SqlState
                            .UNDEFINED_COLUMN, "column \"" + name + "\" of relation \"" + table.name()
                            + "\" does not exist");
                }
                UpdateGuards.check(table, name, sets.get(i));
                if (sets.get(i).getKind() == SqlKind.DEFAULT) {
                    sets.set(i, InsertDefaults.defaultOf(table.columns().get(idx), types));
                }
            }
            return this;
        }

        /** The name the statement's expressions call the target by: its alias, else the table's name. */
        String aliasName() {
            if (alias != null) {
                return alias.getSimple();
            }
            SqlIdentifier id = (SqlIdentifier) target;
            return id.names.get(id.names.size() - 1);
        }

        /** {@code target [AS alias] [, sources]}. */
        SqlNode fromClause() {
            if (sources == null) {
                return target;
            }
            return new SqlJoin(SqlParserPos.ZERO, target, SqlLiteral.createBoolean(false, SqlParserPos.ZERO),
                    JoinType.COMMA.symbol(SqlParserPos.ZERO), sources, JoinConditionType.NONE.symbol(SqlParserPos.ZERO),
                    null);
        }
    }

    private static SqlSelect select(List<SqlNode> list, SqlNode from, SqlNode where) {
        return new SqlSelect(SqlParserPos.ZERO, null, new SqlNodeList(list, SqlParserPos.ZERO), from, where, null,
                null, null, null, null, null, null, null);
    }

    /** The number of markers in {@code node}. */
    private static int markers(SqlNode node) {
        int[] n = {0};
        node.accept(new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlDynamicParam param) {
                n[0]++;
                return null;
            }
        });
        return n[0];
    }

    /**
     * A RETURNING list with {@code *} spelled as PostgreSQL expands it over an UPDATE's target and FROM items (the
     * target's columns, then each FROM item's) and {@code x.*} as x's columns, each as {@code x.col}.
     *
     * @throws TesseraException 0A000 for a star over a join with USING or a FROM item whose columns the validator
     *     cannot star (a function)
     */
    private static List<SqlNode> expandStars(SqlNodeList list, Parts parts, TableDef table, QueryPlanner planner,
            String database) {
        java.util.LinkedHashMap<String, List<String>> items = new java.util.LinkedHashMap<>();
        items.put(parts.aliasName(), table.columns().stream().map(ColumnDef::name).toList());
        List<SqlNode> sources = new ArrayList<>();
        flatten(parts.sources, sources);
        boolean plain = !usingJoin(parts.sources);
        for (SqlNode item : sources) {
            SqlNode named = item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
            String alias = item.getKind() == SqlKind.AS ? ((SqlIdentifier) ((SqlCall) item).operand(1)).getSimple()
                    : named instanceof SqlIdentifier id ? id.names.get(id.names.size() - 1) : null;
            TableDef t = named instanceof SqlIdentifier id ? planner.catalog().tables(database)
                    .get(DdlExecutor.tableName(id)) : null;
            List<String> columns = alias == null ? null
                    : t != null && (item.getKind() != SqlKind.AS || ((SqlCall) item).operandCount() == 2)
                    ? t.columns().stream().map(ColumnDef::name).toList()
                    : fromItemColumns(planner, parts.sources, alias); // a sub-query, VALUES, column aliases
            if (columns == null) {
                plain = false;
                if (alias != null) {
                    items.put(alias, null);
                }
                continue;
            }
            items.put(alias, columns);
        }
        List<SqlNode> out = new ArrayList<>();
        for (SqlNode e : list) {
            if (!(e instanceof SqlIdentifier id) || !id.isStar()) {
                out.add(e);
                continue;
            }
            if (id.names.size() == 1 && !plain) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "RETURNING * over a join with USING or NATURAL, or a function in FROM, is not supported yet");
            }
            for (java.util.Map.Entry<String, List<String>> item : items.entrySet()) {
                if (id.names.size() == 2 && !id.names.get(0).equals(item.getKey())) {
                    continue;
                }
                if (item.getValue() == null) {
                    throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                            "RETURNING " + item.getKey() + ".* over this FROM item is not supported yet");
                }
                for (String c : item.getValue()) {
                    out.add(new SqlIdentifier(List.of(item.getKey(), c), id.getParserPosition()));
                }
                if (id.names.size() == 2) {
                    break;
                }
            }
            if (id.names.size() == 2 && !items.containsKey(id.names.get(0))) {
                out.add(e); // the validator's error
            }
        }
        return out;
    }

    /** Whether the FROM list has a join whose columns merge (USING, NATURAL): its {@code *} is not the items'. */
    private static boolean usingJoin(SqlNode from) {
        if (!(from instanceof SqlJoin join)) {
            return false;
        }
        return join.isNatural() || join.getConditionType() == JoinConditionType.USING || usingJoin(join.getLeft())
                || usingJoin(join.getRight());
    }

    /** Which expressions a datanode can evaluate over the target row alone. */
    private record Locality(String alias, TableDef table, Set<String> sourceColumns) {
        /** Whether {@code n} reads a column of the target anywhere (also inside subqueries, conservatively). */
        boolean reads(SqlNode n) {
            boolean[] found = {false};
            n.accept(new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
                @Override
                public Void visit(SqlIdentifier id) {
                    String column = id.names.get(id.names.size() - 1);
                    if (id.names.size() >= 2 && id.names.get(0).equals(alias)
                            || id.names.size() == 1 && table.columnIndex(column) >= 0
                            && (sourceColumns == null || !sourceColumns.contains(column))) {
                        found[0] = true;
                    }
                    return null;
                }
            });
            return found[0];
        }

        /** sourceColumns null: a FROM item whose columns are unknown (a subquery), so no bare name is the target's. */
        boolean local(SqlNode n) {
            if (n == null || n instanceof SqlLiteral || n instanceof SqlDynamicParam || n instanceof SqlDataTypeSpec
                    || n instanceof SqlIntervalQualifier) {
                return true;
            }
            if (n instanceof SqlIdentifier id) {
                String column = id.names.get(id.names.size() - 1);
                if (table.columnIndex(column) < 0) {
                    return false;
                }
                if (id.names.size() == 1) {
                    return sourceColumns != null && !sourceColumns.contains(column);
                }
                return id.names.size() == 2 && id.names.get(0).equals(alias);
            }
            if (n instanceof SqlNodeList list) {
                for (SqlNode e : list) {
                    if (!local(e)) {
                        return false;
                    }
                }
                return true;
            }
            if (n instanceof SqlSelect || !(n instanceof SqlCall call) || AlterColumnDdl.volatileCall(call)
                    || call.getKind().belongsTo(SqlKind.QUERY)
                    || call.getKind() == SqlKind.SCALAR_QUERY || call.getKind() == SqlKind.EXISTS
                    || call.getKind() == SqlKind.OVER || call.getOperator().isAggregator()) {
                return false;
            }
            for (SqlNode operand : call.getOperandList()) {
                if (!local(operand)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * {@code e} with its parts that are not the target row's replaced by {@code CAST(?n AS type)} stand-ins (the
     * type set once the query is planned), the parts themselves added to {@code computed}.
     *
     * @param functions whether a function's arguments split too ({@code concat(t.w, u.x)}): for RETURNING, which the
     *     coordinator computes; SET values split only at operators, the datanodes computing the target's parts
     */
    private static SqlNode split(SqlNode e, Locality locality, List<SqlNode> computed, List<SqlCall> standIns,
            int statementParams, boolean functions) {
        if (locality.local(e)) {
            return e;
        }
        if (functions && e instanceof SqlNodeList list) { // CASE's WHEN and THEN lists
            for (int i = 0; i < list.size(); i++) {
                list.set(i, split(list.get(i), locality, computed, standIns, statementParams, true));
            }
            return list;
        }
        boolean function = functions && e instanceof SqlCall c && splitsAsFunction(c) && locality.reads(c);
        if (e instanceof SqlCall call && (function || call instanceof SqlBasicCall
                && (call.getOperator() instanceof SqlBinaryOperator || call.getKind() == SqlKind.COALESCE)
                && !call.getKind().belongsTo(SqlKind.QUERY)
                && call.getKind() != SqlKind.IN && call.getKind() != SqlKind.NOT_IN
                && call.getOperandList().stream().anyMatch(locality::local))) {
            for (int i = 0; i < call.operandCount(); i++) {
                if (call.operand(i) != null) {
                    call.setOperand(i, split(call.operand(i), locality, computed, standIns, statementParams,
                            functions));
                }
            }
            return call;
        }
        return standIn(e, computed, standIns, statementParams);
    }

    /**
     * Whether {@code call} is a function, operator or CASE of its arguments' values alone, which a stand-in per
     * argument keeps: not an aggregate, window, sub-query or volatile call, and no operand a query.
     */
    private static boolean splitsAsFunction(SqlCall call) {
        if (call.getOperator().isAggregator() || AlterColumnDdl.volatileCall(call) || call.getKind() == SqlKind.OVER
                || call.getKind().belongsTo(SqlKind.QUERY) || call.getKind() == SqlKind.SCALAR_QUERY
                || call.getKind() == SqlKind.EXISTS || call.getKind() == SqlKind.IN
                || call.getKind() == SqlKind.NOT_IN || !(call.getKind() == SqlKind.CASE
                        || call.getOperator() instanceof org.apache.calcite.sql.SqlFunction
                        || call.getOperator() instanceof SqlBinaryOperator
                        || call.getOperator() instanceof org.apache.calcite.sql.SqlPrefixOperator
                        || call.getOperator() instanceof org.apache.calcite.sql.SqlPostfixOperator)) {
            return false;
        }
        return call.getOperandList().stream().noneMatch(o -> o instanceof SqlSelect
                || o instanceof SqlNodeList l && l.stream().anyMatch(SqlSelect.class::isInstance));
    }

    /**
     * The type of a stand-in: Calcite's type spec of {@code type}, or for a Java type of Tessera's (interval,
     * {@code time} as {@code PgTime}: SqlTypeName OTHER, which Calcite's spec cannot name) a spec that derives that
     * very type, so the parameter carries the engine's value as the query computed it.
     */
    private static SqlDataTypeSpec typeSpec(RelDataType type) {
        if (!(type instanceof org.apache.calcite.rel.type.RelDataTypeFactoryImpl.JavaType)) {
            return SqlTypeUtil.convertTypeToSpec(type);
        }
        return new SqlDataTypeSpec(new EngineTypeNameSpec(type), SqlParserPos.ZERO);
    }

    /** A type name that derives a given Calcite type (a Java type of Tessera's, see {@link #typeSpec}). */
    private static final class EngineTypeNameSpec extends org.apache.calcite.sql.SqlTypeNameSpec {
        private final RelDataType type;

        EngineTypeNameSpec(RelDataType type) {
            super(new SqlIdentifier(type.getFullTypeString(), SqlParserPos.ZERO), SqlParserPos.ZERO);
            this.type = type;
        }

        @Override
        public RelDataType deriveType(SqlValidator validator) {
            return validator.getTypeFactory().createTypeWithNullability(type, false);
        }

        @Override
        public void unparse(org.apache.calcite.sql.SqlWriter writer, int leftPrec, int rightPrec) {
            writer.identifier(type.getFullTypeString(), true);
        }

        @Override
        public boolean equalsDeep(org.apache.calcite.sql.SqlTypeNameSpec spec, org.apache.calcite.util.Litmus litmus) {
            return spec instanceof EngineTypeNameSpec e && e.type.equals(type)
                    || litmus.fail("{} != {}", this, spec);
        }
    }

    private static SqlNode standIn(SqlNode e, List<SqlNode> computed, List<SqlCall> standIns, int statementParams) {
        computed.add(e);
        SqlCall standIn = SqlStdOperatorTable.CAST.createCall(e.getParserPosition(),
                new SqlDynamicParam(statementParams + standIns.size(), e.getParserPosition()),
                SqlLiteral.createNull(SqlParserPos.ZERO)); // operand 1: the type, once known
        standIns.add(standIn);
        return standIn;
    }

    private static List<SqlNode> conjuncts(SqlNode condition) {
        List<SqlNode> out = new ArrayList<>();
        if (condition == null) {
            return out;
        }
        if (condition.getKind() == SqlKind.AND) {
            for (SqlNode operand : ((SqlCall) condition).getOperandList()) {
                out.addAll(conjuncts(operand));
            }
        } else {
            out.add(condition);
        }
        return out;
    }

    /** The column names of the FROM items, or null when one is not a plain table (its columns unknown here). */
    private static Set<String> sourceColumns(QueryPlanner planner, String database, SqlNode sources) {
        Set<String> out = new HashSet<>();
        if (sources == null) {
            return out;
        }
        List<SqlNode> items = new ArrayList<>();
        flatten(sources, items);
        for (SqlNode item : items) {
            SqlNode named = item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
            TableDef t = named instanceof SqlIdentifier id ? planner.catalog().tables(database)
                    .get(DdlExecutor.tableName(id)) : null;
            if (t != null && (item.getKind() != SqlKind.AS || ((SqlCall) item).operandCount() == 2)) {
                for (ColumnDef c : t.columns()) {
                    out.add(c.name());
                }
                continue;
            }
            // a sub-query, VALUES, or a table with column aliases: the names its star shows
            List<String> columns = item.getKind() == SqlKind.AS && ((SqlCall) item).operand(1) instanceof SqlIdentifier
                    alias ? fromItemColumns(planner, sources, alias.getSimple())
                    : named instanceof SqlIdentifier view ? fromItemColumns(planner, sources, Util.last(view.names))
                    : null; // a view is named by its own name
            if (columns == null) {
                return null;
            }
            out.addAll(columns);
        }
        return out;
    }

    /**
     * The columns of the FROM item {@code alias} of {@code sources}, as {@code SELECT alias.* FROM sources} names them
     * (validated on a copy); null when that does not validate (a function in FROM Calcite cannot star).
     */
    private static List<String> fromItemColumns(QueryPlanner planner, SqlNode sources, String alias) {
        SqlSelect probe = select(List.of(new SqlIdentifier(List.of(alias, ""), SqlParserPos.ZERO)),
                io.tessera.sql.parser.SqlTrees.deepCopy(sources), null);
        ViewExpander.expand(probe, planner.catalog(), planner.database());
        try {
            SqlValidator validator = planner.validator();
            return validator.getValidatedNodeType(validator.validate(PgRewriter.rewrite(probe))).getFieldNames();
        } catch (RuntimeException invalid) {
            return null;
        }
    }

    private static void flatten(SqlNode from, List<SqlNode> items) {
        if (from instanceof SqlJoin join) {
            flatten(join.getLeft(), items);
            flatten(join.getRight(), items);
        } else {
            items.add(from);
        }
    }

    /** Whether {@code node} contains a query (a scalar subquery, EXISTS, IN (SELECT ...)) anywhere. */
    static boolean hasQuery(SqlNode node) {
        if (node == null) {
            return false;
        }
        if (node instanceof SqlSelect) {
            return true;
        }
        if (node instanceof SqlNodeList list) {
            for (SqlNode n : list) {
                if (hasQuery(n)) {
                    return true;
                }
            }
            return false;
        }
        if (node instanceof SqlCall call) {
            if (call.getKind().belongsTo(SqlKind.QUERY) && call.getKind() != SqlKind.VALUES) {
                return true;
            }
            for (SqlNode operand : call.getOperandList()) {
                if (hasQuery(operand)) {
                    return true;
                }
            }
        }
        return false;
    }
}
