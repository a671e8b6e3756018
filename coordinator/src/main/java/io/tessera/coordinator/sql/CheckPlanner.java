package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.sql.exec.RexToExpr;
import io.tessera.protocol.datanode.CheckConstraint;
import io.tessera.protocol.expr.Expr;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * A table's CHECK constraints as the datanodes test them on rows an UPDATE or an INSERT ... ON CONFLICT DO UPDATE
 * writes ({@code datanode.proto} CheckConstraint): each stored expression is typed by Calcite through the synthetic
 * query {@code SELECT check1, check2, ... FROM table}, whose projections are over the table's columns, and
 * translated to an executor expression. An INSERT tests them on the coordinator instead, where its rows are made
 * ({@link InsertDefaults}).
 */
final class CheckPlanner {
    private CheckPlanner() {
    }

    /**
     * @param from the table as the statement names it (an identifier, or {@code table AS alias}); not modified
     * @return one constraint per CHECK of {@code table}, ordered by name (PostgreSQL tests them in that order, so
     *     a row failing several is reported with the same one); empty when it has none
     * @throws TesseraException 0A000 for a constraint the datanodes cannot evaluate
     */
    static List<CheckConstraint> plan(QueryPlanner planner, TableDef table, SqlNode from) {
        if (table.checks().isEmpty()) {
            return List.of();
        }
        SqlParserPos pos = SqlParserPos.ZERO;
        List<SqlNode> select = new ArrayList<>();
        for (TableDef.CheckDef k : table.checks()) {
            select.add(InsertDefaults.expression(k.expr()));
        }
        SqlSelect query = new SqlSelect(pos, null, new SqlNodeList(select, pos), from.clone(pos),
                null, null, null, null, null, null, null, null, null);
        SqlValidator validator = planner.validator();
        SqlNode validated = validator.validate(query);
        RelOptCluster cluster = RelOptCluster.create(EngineUnitExecutor.install(new VolcanoPlanner()),
                new PgRexBuilder(planner.typeFactory()));
        SqlToRelConverter converter = new SqlToRelConverter(null, validator, planner.catalogReader(), cluster,
                StandardConvertletTable.INSTANCE, SqlToRelConverter.config().withExpand(false));
        RelNode rel = converter.convertQuery(validated, false, true).rel;
        if (!(rel instanceof LogicalProject project)) {
            throw new IllegalStateException("a CHECK query planned as " + rel);
        }
        RexToExpr translator = new RexToExpr(table.columns().size(), i -> {
            throw new IllegalStateException("a CHECK constraint has no parameters");
        });
        List<CheckConstraint> out = new ArrayList<>();
        for (int i = 0; i < table.checks().size(); i++) {
            TableDef.CheckDef k = table.checks().get(i);
            RexNode rex = RexUtil.expandSearch(cluster.getRexBuilder(), null, project.getProjects().get(i));
            Expr e = translator.translate(rex);
            if (e == null) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "check constraint \"" + k.name()
                        + "\" cannot be evaluated on the datanodes yet, so rows it reads cannot be updated: "
                        + k.expr());
            }
            out.add(CheckConstraint.newBuilder().setName(k.name()).setExpr(e).build());
        }
        out.sort(java.util.Comparator.comparing(CheckConstraint::getName));
        return out;
    }

    /**
     * {@code checks} and, first, one test per NOT NULL column among {@code columns} (the assigned ones): the column
     * IS NOT NULL, named by the column and marked {@code not_null}, so a datanode refuses a new row with NULL there
     * (23502), as PostgreSQL's executor does before the CHECK constraints, in column order.
     *
     * @param columns indexes of the table's columns the statement assigns
     */
    static List<CheckConstraint> withNotNull(QueryPlanner planner, TableDef table, int[] columns,
            List<CheckConstraint> checks) {
        List<CheckConstraint> out = new ArrayList<>();
        org.apache.calcite.rex.RexBuilder rex = new org.apache.calcite.rex.RexBuilder(planner.typeFactory());
        RexToExpr translator = new RexToExpr(table.columns().size(), i -> {
            throw new IllegalStateException("a NOT NULL test has no parameters");
        });
        for (int c : java.util.Arrays.stream(columns).sorted().toArray()) {
            io.tessera.coordinator.catalog.ColumnDef def = table.columns().get(c);
            if (!def.notNull()) {
                continue;
            }
            RexNode ref = rex.makeInputRef(TypeMapping.toRelType(planner.typeFactory(), def.type(), def.typmod()), c);
            Expr e = translator.translate(rex.makeCall(org.apache.calcite.sql.fun.SqlStdOperatorTable.IS_NOT_NULL,
                    ref));
            out.add(CheckConstraint.newBuilder().setName(def.name()).setExpr(e).setNotNull(true).build());
        }
        if (out.isEmpty()) {
            return checks;
        }
        out.addAll(checks);
        return out;
    }
}
