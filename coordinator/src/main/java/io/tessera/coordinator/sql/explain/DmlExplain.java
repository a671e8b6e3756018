package io.tessera.coordinator.sql.explain;

import io.tessera.coordinator.sql.CalciteErrors;
import io.tessera.coordinator.sql.PgRewriter;
import io.tessera.coordinator.sql.QueryPlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * The EXPLAIN tree of an INSERT, UPDATE or DELETE: PostgreSQL's {@code Insert on t} / {@code Update on t} /
 * {@code Delete on t} (its ModifyTable node) over the plan of the rows it reads, in Postgres-XL's layout:
 * <pre>
 *   UPDATE t SET v = v + 1 WHERE k = 3              (the datanodes change their own rows)
 *   Remote Subquery Scan on all (dn1,dn2)
 *     -&gt;  Update on t
 *           -&gt;  Seq Scan on t
 *                 Filter: (k = 3)
 *
 *   UPDATE t SET v = s.x FROM s WHERE s.k = t.k    (a query chooses the rows; they are written by key)
 *   Update on t
 *     -&gt;  Remote Subquery Scan on all (dn1,dn2)
 *           -&gt;  Hash Join ...
 *
 *   INSERT INTO t SELECT ...                        (rows routed to the target's datanodes)
 *   Remote Subquery Scan on all (dn1,dn2)
 *     -&gt;  Insert on t
 *           -&gt;  (the source's plan)
 * </pre>
 * The rows read are planned as {@code SELECT <SET expressions> | * FROM target [, from_list] WHERE condition} (or the
 * INSERT's source) by the session's planner, so the plan shows the same joins and subqueries the statement runs.
 */
final class DmlExplain {
    private DmlExplain() {
    }

    /** Whether {@code node} is a statement this class explains. */
    static boolean handles(SqlNode node) {
        return node instanceof SqlInsert || node instanceof SqlUpdate || node instanceof SqlDelete;
    }

    /**
     * The plan tree of {@code node}.
     *
     * @param text the statement's text (for validation errors' positions)
     * @throws io.tessera.common.error.TesseraException the statement's validation errors
     */
    static PlanNode build(SqlNode node, String text, Supplier<QueryPlanner> planner) {
        try {
            if (node instanceof SqlInsert insert) {
                String table = name(insert.getTargetTable());
                PlanNode source = plan(planner, insert.getSource());
                PlanNode target = plan(planner, select(List.of(SqlIdentifier.star(SqlParserPos.ZERO)),
                        insert.getTargetTable(), null));
                PlanNode modify = new PlanNode("Insert", table).child(source);
                modify.estimatesOf(source);
                modify.rows = 0;
                return remoteAbove(target, modify);
            }
            boolean update = node instanceof SqlUpdate;
            SqlNode target;
            SqlNode sources;
            SqlNode condition;
            List<SqlNode> list = new ArrayList<>();
            if (node instanceof SqlUpdate u) {
                target = aliased(u.getTargetTable(), u.getAlias());
                sources = u instanceof io.tessera.sql.parser.dml.SqlUpdateFrom f ? f.from() : null;
                condition = u.getCondition();
                list.addAll(u.getSourceExpressionList().getList());
            } else {
                SqlDelete d = (SqlDelete) node;
                target = aliased(d.getTargetTable(), d.getAlias());
                sources = d instanceof io.tessera.sql.parser.dml.SqlDeleteUsing us ? us.using() : null;
                condition = d.getCondition();
            }
            if (list.isEmpty()) {
                list.add(SqlIdentifier.star(SqlParserPos.ZERO));
            }
            String table = name(node instanceof SqlUpdate u ? u.getTargetTable() : ((SqlDelete) node).getTargetTable());
            SqlNode from = sources == null ? target : new SqlJoin(SqlParserPos.ZERO, target,
                    SqlLiteral.createBoolean(false, SqlParserPos.ZERO), JoinType.COMMA.symbol(SqlParserPos.ZERO),
                    sources, JoinConditionType.NONE.symbol(SqlParserPos.ZERO), null);
            PlanNode rows = plan(planner, select(list, from, condition));
            PlanNode modify = new PlanNode(update ? "Update" : "Delete", table);
            boolean chosenByQuery = sources != null || hasQuery(node);
            if (!chosenByQuery && rows.type.equals("Remote Subquery Scan") && rows.children.size() == 1) {
                // the datanodes read and write their own rows: the ModifyTable runs under the remote scan
                PlanNode scan = rows.children.get(0);
                modify.child(scan).estimatesOf(scan);
                modify.rows = 0;
                rows.children.set(0, modify);
                return rows;
            }
            modify.child(rows).estimatesOf(rows);
            modify.rows = 0;
            return modify;
        } catch (RuntimeException e) {
            if (e instanceof io.tessera.common.error.TesseraException t) {
                throw t;
            }
            throw CalciteErrors.translate(e, text, p -> p);
        }
    }

    /** {@code target}'s {@code Remote Subquery Scan} with {@code modify} as its only child. */
    private static PlanNode remoteAbove(PlanNode target, PlanNode modify) {
        if (!target.type.equals("Remote Subquery Scan")) {
            return modify;
        }
        PlanNode remote = new PlanNode(target.type, target.relation.replace("any (", "all (")).child(modify);
        remote.estimatesOf(modify);
        return remote;
    }

    private static PlanNode plan(Supplier<QueryPlanner> planner, SqlNode query) {
        QueryPlanner.Optimized o = planner.get().optimize(PgRewriter.rewrite(query));
        return new PlanBuilder(o.rel().getCluster().getMetadataQuery()).build(o.rel());
    }

    private static SqlSelect select(List<SqlNode> list, SqlNode from, SqlNode where) {
        return new SqlSelect(SqlParserPos.ZERO, null, new SqlNodeList(list, SqlParserPos.ZERO), from, where, null,
                null, null, null, null, null, null, null);
    }

    private static SqlNode aliased(SqlNode target, SqlIdentifier alias) {
        return alias == null ? target : SqlStdOperatorTable.AS.createCall(alias.getParserPosition(), target, alias);
    }

    private static String name(SqlNode target) {
        SqlIdentifier id = (SqlIdentifier) target;
        return id.names.get(id.names.size() - 1);
    }

    private static boolean hasQuery(SqlNode node) {
        boolean[] found = {false};
        node.accept(new org.apache.calcite.sql.util.SqlShuttle() {
            @Override
            public SqlNode visit(org.apache.calcite.sql.SqlCall call) {
                if (call instanceof SqlSelect) {
                    found[0] = true;
                    return call;
                }
                return super.visit(call);
            }
        });
        return found[0];
    }
}
