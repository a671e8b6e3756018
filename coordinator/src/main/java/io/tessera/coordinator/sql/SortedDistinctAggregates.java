package io.tessera.coordinator.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelectKeyword;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code string_agg(DISTINCT x, sep)} and {@code array_agg(DISTINCT x)} without ORDER BY are ordered by {@code x}:
 * PostgreSQL sorts the values to remove the duplicates, so its output is in {@code x}'s order ({@code a,b,c}), where
 * Calcite's hashing kept the first-seen order. Applied by {@link TesseraValidator} before validation.
 */
final class SortedDistinctAggregates {
    private SortedDistinctAggregates() {
    }

    /** Turns the operands of {@code node} that are such calls into {@code agg(DISTINCT x ... ORDER BY x)}, in place. */
    static void rewrite(SqlNode node) {
        // not under FILTER, which Calcite does not take with an ORDER BY in the arguments
        if (node instanceof SqlCall call && call.getKind() != SqlKind.WITHIN_GROUP
                && call.getKind() != SqlKind.FILTER) {
            for (int i = 0; i < call.operandCount(); i++) {
                SqlNode sorted = sortedDistinct(call.operand(i));
                if (sorted != null) {
                    call.setOperand(i, sorted);
                }
            }
        } else if (node instanceof SqlNodeList list) {
            for (int i = 0; i < list.size(); i++) {
                SqlNode sorted = sortedDistinct(list.get(i));
                if (sorted != null) {
                    list.set(i, sorted);
                }
            }
        }
    }

    private static SqlNode sortedDistinct(SqlNode node) {
        if (node instanceof SqlBasicCall agg && agg.getFunctionQuantifier() != null
                && agg.getFunctionQuantifier().getValue() == SqlSelectKeyword.DISTINCT
                && agg.operandCount() >= 1 && (agg.getOperator().getName().equalsIgnoreCase("string_agg")
                        || agg.getOperator().getName().equalsIgnoreCase("array_agg"))
                && io.tessera.sql.parser.JsonOperators.aggregate(agg) == null // json_agg & co., marked array_agg
                && !(agg.operand(agg.operandCount() - 1) instanceof SqlNodeList)) {
            // the ORDER BY list as the last argument, as Calcite's parser puts agg(x ORDER BY y)
            List<SqlNode> operands = new ArrayList<>(agg.getOperandList());
            operands.add(new SqlNodeList(List.of(agg.operand(0)), SqlParserPos.ZERO));
            return agg.getOperator().createCall(agg.getFunctionQuantifier(), agg.getParserPosition(), operands);
        }
        return null;
    }
}
