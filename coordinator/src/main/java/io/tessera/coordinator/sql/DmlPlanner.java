package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.sql.functions.QuantifiedArrays;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlToRelConverter;

/**
 * Plans UPDATE and DELETE as fragments a datanode runs on its own rows: a filter over the table's columns and, for
 * UPDATE, one value expression per assigned column (cast to the column's type). Calcite validates and types them —
 * through the synthetic query {@code SELECT CAST(v1 AS t1), ... FROM table WHERE condition} — and the datanode
 * evaluates them per row, which is what lets it re-check the condition on a row's newest version (EvalPlanQual).
 * Conditions or values a datanode cannot evaluate (subqueries, functions it lacks) are refused with 0A000. The
 * datanodes also test each updated row against the table's CHECK constraints ({@link CheckPlanner}).
 */
final class DmlPlanner {
    /**
     * The planned parts.
     *
     * @param filter the condition over the table's row type, or null for all rows
     * @param columns the assigned columns' indexes (UPDATE)
     * @param values the assigned values, one per column, over the table's row type
     * @param parameterTypes the types of the statement's {@code ?} markers, in order
     * @param checks for UPDATE the table's CHECK constraints, which the datanodes test on each new row
     * @param movesRows an UPDATE that assigns a primary-key or the distribution column: the rows' keys (and perhaps
     *     datanodes) change, so it runs as a delete and an insert ({@code exec.KeyChangingUpdate}); so does one
     *     assigning a column a foreign key references, whose old rows the referential actions need and whose
     *     delete waits for the children's FOR KEY SHARE locks
     */
    record Plan(RexNode filter, int[] columns, List<RexNode> values, List<RelDataType> parameterTypes,
            List<io.tessera.protocol.datanode.CheckConstraint> checks, boolean movesRows) {
        /** The UpdateOp fields the datanodes' requests start from: the CHECK constraints; null when none. */
        io.tessera.protocol.datanode.UpdateOp template() {
            return checks.isEmpty() ? null : io.tessera.protocol.datanode.UpdateOp.newBuilder().addAllChecks(checks)
                    .build();
        }
    }

    private DmlPlanner() {
    }

    /**
     * @param from the table as the statement names it: an identifier, or {@code table AS alias}
     */
    static Plan plan(QueryPlanner planner, TableDef table, SqlNode from, SqlNodeList targetColumns,
            SqlNodeList sourceExpressions, SqlNode condition) {
        return plan(planner, table, from, targetColumns, sourceExpressions, condition, false);
    }

    /**
     * @param guarded whether the caller has already checked the assignments ({@link UpdateGuards}) on the statement
     *     as written, before replacing its {@code DEFAULT}s ({@link QualifiedDml})
     */
    static Plan plan(QueryPlanner planner, TableDef table, SqlNode from, SqlNodeList targetColumns,
            SqlNodeList sourceExpressions, SqlNode condition, boolean guarded) {
        List<SqlNode> select = new ArrayList<>();
        int[] columns = new int[targetColumns == null ? 0 : targetColumns.size()];
        List<io.tessera.protocol.datanode.CheckConstraint> checks = columns.length == 0 ? List.of()
                : CheckPlanner.plan(planner, table, from);
        boolean movesRows = false;
        RelDataType[] columnTypes = new RelDataType[columns.length];
        for (int i = 0; i < columns.length; i++) {
            String name = ((SqlIdentifier) targetColumns.get(i)).names.get(((SqlIdentifier) targetColumns.get(i)).names.size() - 1);
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
            if (!guarded) {
                UpdateGuards.check(table, name, sourceExpressions.get(i));
            }
            if (table.primaryKey().contains(name) || name.equals(table.distribution().column())
                    || io.tessera.coordinator.sql.constraint.ForeignKeys.referenced(planner.catalog(), table, name)) {
                movesRows = true;
            }
            columns[i] = idx;
            ColumnDef c = table.columns().get(idx);
            RelDataType type = TypeMapping.toRelType(planner.typeFactory(), c.type(), c.typmod());
            columnTypes[i] = type;
            SqlNode source = textInput(sourceExpressions.get(i), c);
            // CAST(abalance + ? AS int) leaves Calcite unable to type the ?, which PostgreSQL types from abalance:
            // an expression with a parameter inside is validated as it is and cast to the column's type afterwards
            select.add(AssignmentTyping.assigned(source, c, type, hasNestedParameter(source), planner.typeFactory(),
                    planner.catalog(), table.database()));
        }
        if (select.isEmpty()) {
            select.add(SqlIdentifier.star(SqlParserPos.ZERO));
        }
        // (a, b) < (2, 0) as PostgreSQL compares rows (the WHERE of a DML does not pass through PgRewriter)
        SqlSelect query = new SqlSelect(SqlParserPos.ZERO, null, new SqlNodeList(select, SqlParserPos.ZERO),
                from, RowComparisons.expandAll(condition), null, null, null, null, null, null, null, null);
        SqlValidator validator = planner.validator();
        SqlNode validated = validator.validate(query);
        List<RelDataType> paramTypes = new ArrayList<>();
        for (RelDataTypeField f : validator.getParameterRowType(validated).getFieldList()) {
            paramTypes.add(f.getType());
        }
        RelOptCluster cluster = RelOptCluster.create(EngineUnitExecutor.install(new VolcanoPlanner()),
                new PgRexBuilder(planner.typeFactory()));
        // casts of constants to numeric are PgRexRewriter's ('1.5'::numeric keeps its scale, 99.99::numeric(3,1) is
        // 22003), and under engine.microseconds a timestamp from text (SET ts = '2022-02-02 02:02:02') too: Calcite's
        // own conversion folds it into a literal of milliseconds, which the engine would read as microseconds
        SqlToRelConverter converter = new SqlToRelConverter(null, validator, planner.catalogReader(), cluster,
                io.tessera.coordinator.sql.functions.PgConvertletTable.CASTS,
                SqlToRelConverter.config().withExpand(false));
        RelNode rel = converter.convertQuery(validated, false, true).rel;
        List<RexNode> values = List.of();
        if (rel instanceof LogicalProject project) {
            values = new ArrayList<>();
            for (int i = 0; i < columns.length; i++) {
                RexNode v = project.getProjects().get(i);
                if (!AssignmentTyping.isUntyped(sourceExpressions.get(i))) {
                    AssignmentTyping.check(v.getType(), table.columns().get(columns[i]), planner.catalog(),
                            table.database());
                }
                values.add(foldConstant(cluster.getRexBuilder(),
                        AssignmentTyping.cast(cluster.getRexBuilder(), columnTypes[i], v), table.columns().size()));
            }
            rel = project.getInput();
        }
        RexNode filter = null;
        if (rel instanceof LogicalFilter f) {
            filter = QuantifiedArrays.expandAll(cluster.getRexBuilder(), f.getCondition());
            rel = f.getInput();
        }
        if (!(rel instanceof TableScan)) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                    "this form of UPDATE or DELETE is not supported yet (subqueries in its WHERE or SET)");
        }
        return new Plan(filter, columns, values, paramTypes, CheckPlanner.withNotNull(planner, table, columns, checks),
                movesRows);
    }

    /**
     * A SET value whose computation the datanodes cannot run ({@code repeat('x', 10)}) but which reads no column, no
     * parameter and nothing that changes between executions, computed now by Calcite's generated code, as
     * PostgreSQL's planner folds constant expressions ({@code eval_const_expressions}); the assignment cast to the
     * column's type stays, so the datanode fits the value to the column's typmod (22001, 22003) as any other.
     * Left as it is when it cannot be folded (the statement then fails as it did: 0A000).
     */
    private static RexNode foldConstant(RexBuilder rexBuilder, RexNode value, int storedColumns) {
        RexNode target = value.getKind() == org.apache.calcite.sql.SqlKind.CAST
                ? ((org.apache.calcite.rex.RexCall) value).getOperands().get(0) : value;
        if (!(target instanceof org.apache.calcite.rex.RexCall) || !foldable(target)
                || new io.tessera.coordinator.sql.exec.RexToExpr(storedColumns, p -> null).translate(target) != null) {
            return value;
        }
        List<RexNode> reduced = new ArrayList<>();
        // a value that reads the data context (now(), the session) is no constant: reading it fails the fold
        org.apache.calcite.DataContext noContext = org.apache.calcite.DataContexts.of((String name) -> {
            throw new IllegalStateException("not a constant: reads " + name);
        });
        org.apache.calcite.rex.RexExecutable executable;
        try {
            executable = org.apache.calcite.rex.RexExecutorImpl.getExecutable(rexBuilder, List.of(target),
                    rexBuilder.getTypeFactory().builder().build());
            executable.setDataContext(noContext);
            executable.reduce(rexBuilder, List.of(target), reduced);
        } catch (RuntimeException notFoldable) {
            return value;
        }
        if (reduced.size() != 1 || !(reduced.get(0) instanceof org.apache.calcite.rex.RexLiteral literal)) {
            try { // reduce keeps a value whose evaluation failed: its own error is PostgreSQL's (22003 ...)
                executable.getFunction().apply(noContext);
            } catch (RuntimeException failed) {
                for (Throwable t = failed; t != null; t = t.getCause()) {
                    if (t instanceof TesseraException e) {
                        throw e; // 99.99::numeric(3,1), as PostgreSQL's constant folding raises it
                    }
                }
            }
            return value;
        }
        return target == value ? literal : rexBuilder.makeAbstractCast(value.getType(), literal);
    }

    /** Whether {@code e} reads no column, parameter or subquery and calls only deterministic, static functions. */
    private static boolean foldable(RexNode e) {
        Boolean[] ok = {true};
        e.accept(new org.apache.calcite.rex.RexVisitorImpl<Void>(true) {
            @Override
            public Void visitInputRef(org.apache.calcite.rex.RexInputRef ref) {
                ok[0] = false;
                return null;
            }

            @Override
            public Void visitDynamicParam(org.apache.calcite.rex.RexDynamicParam param) {
                ok[0] = false;
                return null;
            }

            @Override
            public Void visitSubQuery(org.apache.calcite.rex.RexSubQuery subQuery) {
                ok[0] = false;
                return null;
            }

            @Override
            public Void visitCorrelVariable(org.apache.calcite.rex.RexCorrelVariable variable) {
                ok[0] = false;
                return null;
            }

            @Override
            public Void visitCall(org.apache.calcite.rex.RexCall call) {
                if (!call.getOperator().isDeterministic() || call.getOperator().isDynamicFunction()) {
                    ok[0] = false;
                }
                return super.visitCall(call);
            }
        });
        return ok[0];
    }

    /**
     * A string literal assigned to a bytea, json, jsonb, varchar(n) or char(n) column, read by that type's input
     * function now (hex or escape bytea, json checked, jsonb normalised, the length checked; 22P02/22023/22001 for
     * bad input): Calcite would fold the cast of the literal to the column's type with its own rules (a string's
     * bytes; json unchecked; a long string cut).
     */
    private static SqlNode textInput(SqlNode source, ColumnDef column) {
        if (!(source instanceof org.apache.calcite.sql.SqlCharStringLiteral literal)) {
            return source;
        }
        String text = literal.getValueAs(String.class);
        return switch (column.type()) {
            case BYTEA -> SqlLiteral.createBinaryString(io.tessera.executor.expr.Casts.parseBytea(text),
                    source.getParserPosition());
            case JSON -> SqlLiteral.createCharString(io.tessera.executor.expr.Json.validate(text), source.getParserPosition());
            case JSONB -> SqlLiteral.createCharString(io.tessera.executor.expr.Json.normalize(text),
                    source.getParserPosition());
            // varchar(n) and char(n) input: 22001 unless the excess is blanks (CAST would cut the value silently)
            case VARCHAR, BPCHAR -> column.length() < 0 ? source : SqlLiteral.createCharString((String)
                    io.tessera.coordinator.sql.exec.Coercion.toColumn(text, column, ""), source.getParserPosition());
            default -> source;
        };
    }

    /** Whether {@code node} is a call with a {@code ?} somewhere among its operands (a bare {@code ?} is not). */
    private static boolean hasNestedParameter(SqlNode node) {
        if (!(node instanceof SqlCall call)) {
            return false;
        }
        for (SqlNode operand : call.getOperandList()) {
            if (operand instanceof SqlDynamicParam || hasNestedParameter(operand)) {
                return true;
            }
        }
        return false;
    }
}
