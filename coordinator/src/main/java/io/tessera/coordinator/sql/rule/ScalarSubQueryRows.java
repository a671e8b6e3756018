package io.tessera.coordinator.sql.rule;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * Raises a scalar sub-query's "more than one row" error (21000) only for the outer rows that reach it, as
 * PostgreSQL does (it runs the sub-query per outer row). Calcite decorrelates {@code SELECT (SELECT x FROM u WHERE
 * u.k = a.id) FROM a WHERE a.id = 1} into a left join of {@code a} with {@code SINGLE_VALUE(x)} grouped by
 * {@code k} over all of {@code u}: the aggregate failed for a key with two rows even when no row of {@code a}
 * that passes the WHERE has that key. The check moves from the aggregate into the join's output:
 * <pre>
 *   LogicalJoin(left, a.id = k)               LogicalProject(a's fields, CASE WHEN one_row(c) THEN NULL ELSE v END)
 *     a                                 ==&gt;    LogicalJoin(left, a.id = k)
 *     LogicalAggregate(group {k},                  a
 *       v := SINGLE_VALUE(x))                      LogicalAggregate(group {k}, v := MIN(x), c := COUNT())
 * </pre>
 * {@link #checkOneRow} returns false for a count of at most one (MIN of one value is that value) or NULL (no
 * match: the value is NULL) and throws 21000 otherwise, so the error comes from a joined row, i.e. an outer row
 * the query evaluates. A projection between the join and the aggregate (the decorrelator's) carries the count
 * through. Applied right after decorrelation, to the logical plan. Only for values whose MIN the executors compute
 * (numbers, strings, booleans, dates and times); other types keep {@code SINGLE_VALUE}, and with it the eager check.
 */
public final class ScalarSubQueryRows {
    /** The types MIN takes on the coordinator and the datanodes (MIN of one value being the value). */
    private static final Set<SqlTypeName> MIN_TYPES = EnumSet.of(SqlTypeName.BOOLEAN, SqlTypeName.TINYINT,
            SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT, SqlTypeName.DECIMAL, SqlTypeName.FLOAT,
            SqlTypeName.REAL, SqlTypeName.DOUBLE, SqlTypeName.CHAR, SqlTypeName.VARCHAR, SqlTypeName.DATE,
            SqlTypeName.TIME, SqlTypeName.TIMESTAMP, SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE);

    private static final SqlUserDefinedFunction CHECK_ONE_ROW = checkOneRowFunction();

    private ScalarSubQueryRows() {
    }

    private static SqlUserDefinedFunction checkOneRowFunction() {
        try {
            return new SqlUserDefinedFunction(new SqlIdentifier("tessera_check_one_row", SqlParserPos.ZERO),
                    SqlKind.OTHER_FUNCTION, ReturnTypes.BOOLEAN_NULLABLE, null, null,
                    ScalarFunctionImpl.create(ScalarSubQueryRows.class.getMethod("checkOneRow", Long.class))) {
                @Override
                public boolean isDeterministic() {
                    return false; // never folded nor moved below the join as a plain function of the count
                }
            };
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether a scalar sub-query's {@code count} rows are too many: false for NULL (no row), 0 or 1.
     *
     * @throws TesseraException 21000 "more than one row returned by a subquery used as an expression" for more
     */
    public static boolean checkOneRow(Long count) {
        if (count != null && count > 1) {
            throw new TesseraException(SqlState.CARDINALITY_VIOLATION,
                    "more than one row returned by a subquery used as an expression");
        }
        return false;
    }

    /** {@code rel} with each join of a {@code SINGLE_VALUE} aggregate checked per joined row (the class comment). */
    public static RelNode rewrite(RelNode rel) {
        return rel.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                return visited instanceof LogicalJoin join ? rewrite(join) : visited;
            }
        });
    }

    private static RelNode rewrite(LogicalJoin join) {
        if (join.getJoinType() != JoinRelType.LEFT && join.getJoinType() != JoinRelType.INNER) {
            return join;
        }
        RelNode right = join.getRight();
        LogicalProject project = right instanceof LogicalProject p ? p : null;
        if (!((project == null ? right : project.getInput()) instanceof LogicalAggregate aggregate)
                || aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            return join;
        }
        List<AggregateCall> calls = new ArrayList<>();
        boolean single = false;
        for (AggregateCall call : aggregate.getAggCallList()) {
            if (call.getAggregation().getKind() != SqlKind.SINGLE_VALUE) {
                calls.add(call);
                continue;
            }
            RelDataType argType = aggregate.getInput().getRowType().getFieldList()
                    .get(call.getArgList().get(0)).getType();
            if (call.isDistinct() || call.filterArg >= 0 || !MIN_TYPES.contains(argType.getSqlTypeName())) {
                return join;
            }
            single = true;
            calls.add(AggregateCall.create(call.getParserPosition(), SqlStdOperatorTable.MIN, false, false, false,
                    List.of(), call.getArgList(), -1, null, call.getCollation(), call.getType(), call.name));
        }
        if (!single) {
            return join;
        }
        RexBuilder rex = join.getCluster().getRexBuilder();
        calls.add(AggregateCall.create(SqlParserPos.ZERO, SqlStdOperatorTable.COUNT, false, false, false, List.of(),
                List.of(), -1, null, RelCollations.EMPTY,
                join.getCluster().getTypeFactory().createSqlType(SqlTypeName.BIGINT), "tessera$rows"));
        RelNode newRight = aggregate.copy(aggregate.getTraitSet(), aggregate.getInput(), aggregate.getGroupSet(),
                List.of(aggregate.getGroupSet()), calls);
        if (project != null) {
            List<RexNode> exprs = new ArrayList<>(project.getProjects());
            exprs.add(rex.makeInputRef(newRight, newRight.getRowType().getFieldCount() - 1));
            List<String> names = new ArrayList<>(project.getRowType().getFieldNames());
            names.add("tessera$rows");
            newRight = LogicalProject.create(newRight, project.getHints(), exprs, names, project.getVariablesSet());
        }
        LogicalJoin newJoin = (LogicalJoin) join.copy(join.getTraitSet(), join.getCondition(), join.getLeft(),
                newRight, join.getJoinType(), join.isSemiJoinDone());
        int leftCount = join.getLeft().getRowType().getFieldCount();
        int count = newJoin.getRowType().getFieldCount() - 1;
        RexNode tooMany = rex.makeCall(CHECK_ONE_ROW, rex.makeInputRef(newJoin, count));
        List<RexNode> exprs = new ArrayList<>();
        List<RelDataTypeField> fields = join.getRowType().getFieldList();
        for (int i = 0; i < fields.size(); i++) {
            RexNode ref = rex.makeInputRef(newJoin, i);
            RelDataType type = fields.get(i).getType();
            exprs.add(i < leftCount ? ref : rex.makeCall(type, SqlStdOperatorTable.CASE,
                    List.of(tooMany, rex.makeNullLiteral(type), ref)));
        }
        return LogicalProject.create(newJoin, List.of(), exprs, join.getRowType(), Set.of());
    }
}
