package io.tessera.coordinator.sql;

import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * A comparison of two row constructors as PostgreSQL's {@code make_row_comparison_op} evaluates it, spelled with
 * scalar comparisons before validation (each pair then typed and resolved as a comparison of its own):
 * <pre>
 *   (a1, a2) =  (b1, b2)   a1 = b1 AND a2 = b2
 *   (a1, a2) <> (b1, b2)   a1 <> b1 OR a2 <> b2
 *   (a1, a2) <  (b1, b2)   a1 < b1 OR (a1 = b1 AND a2 < b2)      (<=, >, >= alike; the last pair takes the operator)
 * </pre>
 * The ordering form is PostgreSQL's rule in three-valued logic: the first pair that is not equal decides, and a
 * NULL in it (or in a pair before it) makes the result NULL, so {@code (1, null) < (1, 2)} is NULL and
 * {@code (1, null) < (2, 2)} true. Calcite compares the rows as structs instead, NULL ordered low (false there).
 * The elements before the last appear twice in the ordering form: each use is its own copy of the tree.
 */
final class RowComparisons {
    private static final Set<SqlKind> COMPARISONS = Set.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN,
            SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL);

    private RowComparisons() {
    }

    /** {@code node} spelled element by element when it compares two row constructors of one length; else null. */
    static SqlNode expand(SqlNode node) {
        if (!(node instanceof SqlBasicCall call) || !COMPARISONS.contains(call.getKind()) || call.operandCount() != 2
                || !(call.operand(0) instanceof SqlCall left) || left.getKind() != SqlKind.ROW
                || !(call.operand(1) instanceof SqlCall right) || right.getKind() != SqlKind.ROW
                || left.operandCount() != right.operandCount() || left.operandCount() == 0) {
            return null;
        }
        SqlParserPos pos = call.getParserPosition();
        List<SqlNode> a = left.getOperandList();
        List<SqlNode> b = right.getOperandList();
        int last = a.size() - 1;
        SqlNode result = call.getOperator().createCall(pos, a.get(last), b.get(last));
        SqlOperator strict = switch (call.getKind()) {
            case LESS_THAN, LESS_THAN_OR_EQUAL -> SqlStdOperatorTable.LESS_THAN;
            case GREATER_THAN, GREATER_THAN_OR_EQUAL -> SqlStdOperatorTable.GREATER_THAN;
            default -> null;
        };
        for (int i = last - 1; i >= 0; i--) {
            result = switch (call.getKind()) {
                case EQUALS -> SqlStdOperatorTable.AND.createCall(pos,
                        call.getOperator().createCall(pos, a.get(i), b.get(i)), result);
                case NOT_EQUALS -> SqlStdOperatorTable.OR.createCall(pos,
                        call.getOperator().createCall(pos, a.get(i), b.get(i)), result);
                default -> SqlStdOperatorTable.OR.createCall(pos, strict.createCall(pos, a.get(i), b.get(i)),
                        SqlStdOperatorTable.AND.createCall(pos, SqlStdOperatorTable.EQUALS.createCall(pos,
                                io.tessera.sql.parser.SqlTrees.deepCopy(a.get(i)),
                                io.tessera.sql.parser.SqlTrees.deepCopy(b.get(i))), result));
            };
        }
        return result;
    }

    /**
     * {@code node} with every row comparison in it spelled element by element ({@link #expand}), itself included:
     * for a condition that does not pass through {@link PgRewriter} (an UPDATE's or DELETE's WHERE). Null stays null.
     */
    static SqlNode expandAll(SqlNode node) {
        if (node == null) {
            return null;
        }
        SqlNode top = expand(node);
        if (top != null) {
            return top;
        }
        return node.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                SqlNode rows = expand(call);
                return rows != null ? rows : super.visit(call);
            }
        });
    }
}
