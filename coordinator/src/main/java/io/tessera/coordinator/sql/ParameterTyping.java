package io.tessera.coordinator.sql;

import io.tessera.common.types.PgType;
import java.util.List;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Gives each parameter the type the client declared for it, as PostgreSQL does: a parameter whose type OID the
 * client sent in Parse (pgjdbc always does for {@code setInt}, {@code setLong}, {@code setString}, ...) becomes
 * {@code CAST(? AS type)} before validation, so {@code balance - $1} types as it would in PostgreSQL instead of
 * leaving Calcite to infer an operand it cannot. Parameters without a declared type, or declared numeric (whose
 * scale Calcite's DECIMAL would fix), are left for inference.
 * The tree is changed in place.
 */
final class ParameterTyping {
    private ParameterTyping() {
    }

    /**
     * @param paramNumbers for each {@code ?} in order, the PostgreSQL parameter number ($n) it stands for
     * @param clientTypes the type OIDs the client declared, by parameter number - 1 (0: unspecified)
     */
    static SqlNode apply(SqlNode node, List<Integer> paramNumbers, List<Integer> clientTypes, RelDataTypeFactory types) {
        if (clientTypes.isEmpty() || node == null) {
            return node;
        }
        return rewrite(node, paramNumbers, clientTypes, types);
    }

    private static SqlNode rewrite(SqlNode node, List<Integer> paramNumbers, List<Integer> clientTypes,
            RelDataTypeFactory types) {
        if (node instanceof SqlDynamicParam p) {
            int marker = p.getIndex();
            int number = marker < paramNumbers.size() ? paramNumbers.get(marker) : 0;
            int oid = number >= 1 && number <= clientTypes.size() ? clientTypes.get(number - 1) : 0;
            PgType type = oid == 0 ? null : PgType.ofOid(oid);
            if (type == null || type == PgType.NUMERIC) {
                // numeric: Calcite's DECIMAL has a fixed scale and would round the value; let inference type it
                return node;
            }
            return io.tessera.coordinator.sql.functions.IntervalFunctions.castTo(p, TypeMapping.toRelType(types, type, -1));
        }
        if (node instanceof SqlNodeList list) {
            for (int i = 0; i < list.size(); i++) {
                list.set(i, rewrite(list.get(i), paramNumbers, clientTypes, types));
            }
            return list;
        }
        if (node instanceof SqlCall call) {
            List<SqlNode> operands = call.getOperandList();
            for (int i = 0; i < operands.size(); i++) {
                SqlNode operand = operands.get(i);
                if (operand == null || isRowCount(call, operand)) {
                    continue;
                }
                SqlNode replaced = rewrite(operand, paramNumbers, clientTypes, types);
                if (replaced != operand) {
                    call.setOperand(i, replaced);
                }
            }
        }
        return node;
    }

    /**
     * Whether {@code operand} is the OFFSET or LIMIT of {@code call}: Calcite takes only a literal or a bare parameter
     * there (and SqlOrderBy cannot replace its operands), and types such a parameter as bigint itself.
     */
    private static boolean isRowCount(SqlCall call, SqlNode operand) {
        if (call instanceof org.apache.calcite.sql.SqlOrderBy ob) {
            return operand == ob.offset || operand == ob.fetch;
        }
        if (call instanceof org.apache.calcite.sql.SqlSelect select) {
            return operand == select.getOffset() || operand == select.getFetch();
        }
        return false;
    }
}
