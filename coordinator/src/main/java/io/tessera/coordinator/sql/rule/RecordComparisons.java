package io.tessera.coordinator.sql.rule;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Comparisons and NULL tests of records that are values ({@code r} a sub-query's or CTE's record column), spelled
 * field by field with PostgreSQL's record semantics ({@code record_eq}, {@code record_lt} in
 * src/backend/utils/adt/rowtypes.c), where Calcite compared the structs itself:
 * <pre>
 *   r = s     r.f1 IS NOT DISTINCT FROM s.f1 AND r.f2 IS NOT DISTINCT FROM s.f2     (NULL fields equal each other)
 *   r &lt;&gt; s    NOT (r = s)
 *   r &lt; s     lt(r.f1, s.f1) OR (r.f1 = s.f1 AND lt(r.f2, s.f2)),   lt(a, b) = a IS NOT NULL AND (b IS NULL OR a &lt; b)
 *   r IS NULL       r.f1 IS NULL AND r.f2 IS NULL      (IS NOT NULL: every field IS NOT NULL)
 * </pre>
 * A NULL field sorts after every value, as in record comparison; {@code <=}, {@code >}, {@code >=} alike. Two row
 * constructors ({@code (a, b) < (c, d)}) never get here: {@code RowComparisons} spells them with SQL's three-valued
 * pairs before validation, as PostgreSQL does for constructors. A record field that is a record compares the same
 * way, recursively. Not covered: a comparison with a record that is itself NULL (PostgreSQL's result is NULL; the
 * fields read as NULL here).
 */
public final class RecordComparisons {
    private RecordComparisons() {
    }

    /** {@code rel} with every record comparison and NULL test spelled field by field, sub-queries included. */
    public static RelNode rewrite(RelNode rel) {
        return rel.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                return visited.accept(new Expander(visited.getCluster().getRexBuilder()));
            }
        });
    }

    private static final class Expander extends RexShuttle {
        private final RexBuilder rex;

        Expander(RexBuilder rex) {
            this.rex = rex;
        }

        @Override
        public RexNode visitSubQuery(RexSubQuery subQuery) {
            RexSubQuery visited = (RexSubQuery) super.visitSubQuery(subQuery);
            RelNode rel = rewrite(visited.rel);
            return rel == visited.rel ? visited : visited.clone(rel);
        }

        @Override
        public RexNode visitCall(RexCall call) {
            RexNode visited = super.visitCall(call);
            if (!(visited instanceof RexCall c)) {
                return visited;
            }
            List<RexNode> ops = c.getOperands();
            switch (c.getKind()) {
                case IS_NULL, IS_NOT_NULL -> {
                    if (!ops.get(0).getType().isStruct()) {
                        return c;
                    }
                    List<RexNode> tests = new ArrayList<>();
                    for (RexNode f : fields(ops.get(0))) {
                        tests.add(visitCall((RexCall) rex.makeCall(c.getOperator(), f)));
                    }
                    return tests.isEmpty() ? c : rex.makeCall(SqlStdOperatorTable.AND, tests);
                }
                case EQUALS, IS_NOT_DISTINCT_FROM, NOT_EQUALS, IS_DISTINCT_FROM, LESS_THAN, LESS_THAN_OR_EQUAL,
                        GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
                    if (ops.size() != 2 || !ops.get(0).getType().isStruct() || !ops.get(1).getType().isStruct()) {
                        return c;
                    }
                    List<RexNode> a = fields(ops.get(0));
                    List<RexNode> b = fields(ops.get(1));
                    if (a.size() != b.size() || a.isEmpty()) {
                        return c;
                    }
                    return switch (c.getKind()) {
                        case EQUALS, IS_NOT_DISTINCT_FROM -> equal(a, b);
                        case NOT_EQUALS, IS_DISTINCT_FROM -> rex.makeCall(SqlStdOperatorTable.NOT, equal(a, b));
                        case LESS_THAN -> less(a, b, false);
                        case LESS_THAN_OR_EQUAL -> less(a, b, true);
                        case GREATER_THAN -> less(b, a, false);
                        default -> less(b, a, true);
                    };
                }
                default -> {
                    return c;
                }
            }
        }

        /** The fields of a record: a row constructor's operands, else field accesses. */
        private List<RexNode> fields(RexNode record) {
            if (record instanceof RexCall call && call.getKind() == SqlKind.ROW) {
                return call.getOperands();
            }
            List<RexNode> out = new ArrayList<>();
            for (int i = 0; i < record.getType().getFieldCount(); i++) {
                RexNode access = rex.makeFieldAccess(record, i);
                // a field may hold NULL though its type says NOT NULL (a UNION's record type keeps the first branch's)
                out.add(access.getType().isNullable() || access.getType().isStruct() ? access
                        : rex.makeAbstractCast(rex.getTypeFactory().createTypeWithNullability(access.getType(), true),
                                access, false));
            }
            return out;
        }

        /** {@code record_eq}: every pair not distinct (a record pair compared so in turn). */
        private RexNode equal(List<RexNode> a, List<RexNode> b) {
            List<RexNode> pairs = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                pairs.add(pairEqual(a.get(i), b.get(i)));
            }
            return rex.makeCall(SqlStdOperatorTable.AND, pairs);
        }

        private RexNode pairEqual(RexNode a, RexNode b) {
            return visitCall((RexCall) rex.makeCall(SqlStdOperatorTable.IS_NOT_DISTINCT_FROM, a, b));
        }

        /** {@code record_lt} (or {@code record_le}): the first pair that differs decides, a NULL after a value. */
        private RexNode less(List<RexNode> a, List<RexNode> b, boolean orEqual) {
            List<RexNode> alternatives = new ArrayList<>();
            List<RexNode> equalBefore = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                List<RexNode> terms = new ArrayList<>(equalBefore);
                terms.add(pairLess(a.get(i), b.get(i)));
                alternatives.add(terms.size() == 1 ? terms.get(0) : rex.makeCall(SqlStdOperatorTable.AND, terms));
                equalBefore.add(pairEqual(a.get(i), b.get(i)));
            }
            if (orEqual) {
                alternatives.add(rex.makeCall(SqlStdOperatorTable.AND, equalBefore));
            }
            return alternatives.size() == 1 ? alternatives.get(0) : rex.makeCall(SqlStdOperatorTable.OR, alternatives);
        }

        private RexNode pairLess(RexNode a, RexNode b) {
            if (a.getType().isStruct()) {
                return visitCall((RexCall) rex.makeCall(SqlStdOperatorTable.LESS_THAN, a, b));
            }
            return rex.makeCall(SqlStdOperatorTable.AND, rex.makeCall(SqlStdOperatorTable.IS_NOT_NULL, a),
                    rex.makeCall(SqlStdOperatorTable.OR, rex.makeCall(SqlStdOperatorTable.IS_NULL, b),
                            rex.makeCall(SqlStdOperatorTable.LESS_THAN, a, b)));
        }
    }
}
