package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.sql.exec.RexToExpr;
import io.tessera.coordinator.sql.exec.StatementContext;
import io.tessera.protocol.datanode.Assignment;
import io.tessera.protocol.datanode.OnConflict;
import io.tessera.protocol.expr.Expr;
import io.tessera.sql.parser.DmlClauses;
import io.tessera.sql.parser.TesseraSqlParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlToRelConverter;

/**
 * Plans {@code INSERT ... ON CONFLICT} on the primary key, PostgreSQL's only unique constraint in Tessera (it
 * contains the distribution column, so whether a row conflicts is decided on the one datanode that holds its key,
 * under the key's lock: {@code TransactionManager}'s keyed insert).
 *
 * <p>The arbiter ({@code (columns)} or {@code ON CONSTRAINT name}) must be the primary key, as PostgreSQL's
 * inference would find it: 42703 for an unknown column, 42P10 when the columns are not the key's, 42704 for an
 * unknown constraint; DO UPDATE without an arbiter is 42601. A DO NOTHING without an arbiter on a table without a
 * key is a plain INSERT (nothing can conflict).
 *
 * <p>DO UPDATE's SET list and WHERE are validated as {@code SELECT CAST(v AS type), ... FROM t, t AS excluded
 * WHERE condition}; the datanode evaluates them over the existing row followed by the proposed one
 * ({@code datanode.proto} OnConflict), so inputs of {@code excluded} are renumbered to follow the table's stored
 * columns ({@code xc_node_id} is refused). A DO UPDATE that assigns a primary-key or the distribution column changes
 * the row's key, which the datanodes' upsert cannot do in place: its plan says so ({@link Plan#movesKey}) and the
 * coordinator runs it row by row ({@code exec.KeyChangingUpsert}).
 */
final class OnConflictPlanner {
    /**
     * @param doUpdate DO UPDATE (else DO NOTHING)
     * @param columns assigned columns (DO UPDATE)
     * @param values their values over existing ++ excluded, cast to the columns' types
     * @param filter DO UPDATE's WHERE, or null
     * @param parameterTypes the types of the clause's markers
     * @param checks the table's CHECK constraints, tested on each row DO UPDATE writes
     * @param movesKey DO UPDATE assigns a primary-key or the distribution column: the updated row's key, perhaps its
     *     datanode, changes, which the datanodes' upsert cannot do in place ({@code exec.KeyChangingUpsert})
     */
    record Plan(boolean doUpdate, int[] columns, List<RexNode> values, RexNode filter,
            List<RelDataType> parameterTypes, List<io.tessera.protocol.datanode.CheckConstraint> checks,
            boolean movesKey) {
        /**
         * The clause as the datanodes take it, with this execution's parameter values.
         *
         * @throws TesseraException 0A000 for an expression the datanodes cannot evaluate
         */
        OnConflict toProto(TableDef table, StatementContext ctx) {
            OnConflict.Builder b = OnConflict.newBuilder().setDoUpdate(doUpdate);
            RexToExpr translator = RexToExpr.of(2 * table.columns().size(), ctx);
            for (int i = 0; i < columns.length; i++) {
                b.addAssignments(Assignment.newBuilder().setColumn(columns[i]).setValue(translate(translator,
                        values.get(i), true)));
            }
            if (filter != null) {
                b.setFilter(translate(translator, filter, false));
            }
            return b.addAllChecks(checks).build();
        }

        private static Expr translate(RexToExpr translator, RexNode rex, boolean assigned) {
            Expr e = assigned ? translator.translateAssigned(rex) : translator.translate(rex);
            if (e == null) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "this ON CONFLICT expression cannot run on the datanodes yet: " + rex);
            }
            return e;
        }
    }

    private OnConflictPlanner() {
    }

    /**
     * 55000 when a DEFERRABLE UNIQUE constraint would be an arbiter: the one the clause names or infers, or, without
     * a target, any (every unique index is then one), as PostgreSQL's ExecCheckIndexConstraints.
     */
    private static void refuseDeferrableArbiter(TableDef table, DmlClauses.OnConflict clause) {
        for (io.tessera.coordinator.catalog.IndexDef i : table.indexes()) {
            if (!i.deferrable()) {
                continue;
            }
            boolean arbiter = clause.constraint() != null ? clause.constraint().equals(i.name())
                    : clause.targetColumns().isEmpty()
                    || new HashSet<>(clause.targetColumns()).equals(new HashSet<>(i.columnNames()));
            if (arbiter) {
                throw new TesseraException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "ON CONFLICT does not support"
                        + " deferrable unique constraints/exclusion constraints as arbiters");
            }
        }
    }

    /**
     * @param target the INSERT's table as the statement names it
     * @return the plan, or null when the clause changes nothing (DO NOTHING on a table without a primary key)
     * @throws TesseraException 42703, 42P10, 42704, 42601 (see the class comment), and the validator's errors
     */
    static Plan plan(QueryPlanner planner, TableDef table, SqlIdentifier target, DmlClauses.OnConflict clause,
            List<Integer> paramNumbers, List<Integer> clientTypes, IntUnaryOperator toClient) {
        List<String> pk = table.primaryKey();
        refuseDeferrableArbiter(table, clause);
        if (clause.constraint() != null) {
            if (pk.isEmpty() || !clause.constraint().equals(table.primaryKeyConstraint())) {
                throw new TesseraException(SqlState.UNDEFINED_OBJECT, "constraint \"" + clause.constraint()
                        + "\" for table \"" + table.name() + "\" does not exist");
            }
        } else if (!clause.targetColumns().isEmpty()) {
            for (String c : clause.targetColumns()) {
                if (table.columnIndex(c) < 0) {
                    throw new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + c + "\" does not exist");
                }
            }
            if (pk.isEmpty() || !new HashSet<>(clause.targetColumns()).equals(new HashSet<>(pk))) {
                throw new TesseraException(SqlState.INVALID_COLUMN_REFERENCE,
                        "there is no unique or exclusion constraint matching the ON CONFLICT specification");
            }
        } else if (clause.doUpdate()) {
            throw new TesseraException(SqlState.SYNTAX_ERROR,
                    "ON CONFLICT DO UPDATE requires inference specification or constraint name", null,
                    "For example, ON CONFLICT (column_name).", toClient.applyAsInt(clause.offset() + 1), null);
        }
        if (!clause.doUpdate()) {
            return pk.isEmpty() ? null : new Plan(false, new int[0], List.of(), null, List.of(), List.of(), false);
        }
        String text = clause.update().text().sql();
        try {
            SqlNode parsed = Returning.shiftParameters(TesseraSqlParser.parse(clause.update().text()),
                    clause.update().parameterBase());
            parsed = ParameterTyping.apply(parsed, paramNumbers, clientTypes, planner.typeFactory());
            if (!(parsed instanceof SqlUpdate update)) {
                throw new TesseraException(SqlState.SYNTAX_ERROR, "syntax error in ON CONFLICT DO UPDATE");
            }
            return planUpdate(planner, table, target, update);
        } catch (TesseraException e) {
            throw e;
        } catch (RuntimeException e) {
            throw CalciteErrors.translate(e, text, toClient);
        }
    }

    private static Plan planUpdate(QueryPlanner planner, TableDef table, SqlIdentifier target, SqlUpdate update) {
        SqlNodeList targetColumns = update.getTargetColumnList();
        SqlNodeList sources = update.getSourceExpressionList();
        int[] columns = new int[targetColumns.size()];
        RelDataType[] columnTypes = new RelDataType[columns.length];
        List<SqlNode> select = new ArrayList<>();
        boolean movesKey = false;
        for (int i = 0; i < columns.length; i++) {
            SqlIdentifier id = (SqlIdentifier) targetColumns.get(i);
            String name = id.names.get(id.names.size() - 1);
            int idx = table.columnIndex(name);
            if (idx < 0) {
                throw new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + name + "\" of relation \""
                        + table.name() + "\" does not exist");
            }
            for (int j = 0; j < i; j++) {
                if (columns[j] == idx) {
                    throw new TesseraException(SqlState.SYNTAX_ERROR, "multiple assignments to same column \"" + name + "\"");
                }
            }
            UpdateGuards.check(table, name, sources.get(i));
            if (table.primaryKey().contains(name) || name.equals(table.distribution().column())) {
                movesKey = true;
            }
            columns[i] = idx;
            ColumnDef c = table.columns().get(idx);
            RelDataType type = TypeMapping.toRelType(planner.typeFactory(), c.type(), c.typmod());
            columnTypes[i] = type;
            if (sources.get(i).getKind() == SqlKind.DEFAULT) { // the column's default expression, or NULL
                sources.set(i, InsertDefaults.defaultOf(c, planner.typeFactory()));
            }
            select.add(AssignmentTyping.assigned(sources.get(i), c, type, false, planner.typeFactory(),
                    planner.catalog(), table.database()));
        }
        SqlParserPos pos = SqlParserPos.ZERO;
        SqlNode existing = SqlStdOperatorTable.AS.createCall(pos, target.clone(pos),
                new SqlIdentifier(target.names.get(target.names.size() - 1), pos));
        SqlNode excluded = SqlStdOperatorTable.AS.createCall(pos, target.clone(pos), new SqlIdentifier("excluded", pos));
        SqlNode from = new SqlJoin(pos, existing, SqlLiteral.createBoolean(false, pos), JoinType.COMMA.symbol(pos),
                excluded, JoinConditionType.NONE.symbol(pos), null);
        SqlSelect query = new SqlSelect(pos, null, new SqlNodeList(select, pos), from, update.getCondition(), null,
                null, null, null, null, null, null, null);
        SqlValidator validator = planner.validator();
        SqlNode validated = validator.validate(query);
        List<RelDataType> paramTypes = new ArrayList<>();
        for (RelDataTypeField f : validator.getParameterRowType(validated).getFieldList()) {
            paramTypes.add(f.getType());
        }
        RelOptCluster cluster = RelOptCluster.create(EngineUnitExecutor.install(new VolcanoPlanner()),
                new RexBuilder(planner.typeFactory()));
        SqlToRelConverter converter = new SqlToRelConverter(null, validator, planner.catalogReader(), cluster,
                io.tessera.coordinator.sql.functions.PgConvertletTable.CASTS, // numeric '9.99' keeps its scale
                SqlToRelConverter.config().withExpand(false));
        RelNode rel = converter.convertQuery(validated, false, true).rel;
        if (!(rel instanceof LogicalProject project)) {
            throw unsupported();
        }
        RelNode input = project.getInput();
        RexNode filter = null;
        if (input instanceof LogicalFilter f) {
            filter = f.getCondition();
            input = f.getInput();
        }
        if (!(input instanceof Join join) || !(join.getLeft() instanceof TableScan)
                || !(join.getRight() instanceof TableScan)) {
            throw unsupported();
        }
        int stored = table.columns().size();
        int width = join.getLeft().getRowType().getFieldCount(); // the stored columns, then xc_node_id
        RexShuttle renumber = new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                int i = ref.getIndex();
                if (i < stored) {
                    return ref;
                }
                if (i >= width && i < width + stored) {
                    return new RexInputRef(i - width + stored, ref.getType());
                }
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "xc_node_id cannot be read in ON CONFLICT DO UPDATE");
            }
        };
        RexBuilder rexBuilder = cluster.getRexBuilder();
        List<RexNode> values = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            RexNode v = project.getProjects().get(i).accept(renumber);
            if (!AssignmentTyping.isUntyped(sources.get(i))) {
                AssignmentTyping.check(v.getType(), table.columns().get(columns[i]), planner.catalog(),
                        table.database());
            }
            values.add(AssignmentTyping.cast(rexBuilder, columnTypes[i], v));
        }
        if (filter != null) {
            filter = RexUtil.expandSearch(rexBuilder, null, filter.accept(renumber));
        }
        return new Plan(true, columns, values, filter, paramTypes, CheckPlanner.withNotNull(planner, table,
                columns, CheckPlanner.plan(planner, table, target)), movesKey);
    }

    private static TesseraException unsupported() {
        return new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                "this form of ON CONFLICT DO UPDATE is not supported yet (subqueries in its SET or WHERE)");
    }
}
