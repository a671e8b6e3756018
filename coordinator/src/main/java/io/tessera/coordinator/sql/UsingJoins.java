package io.tessera.coordinator.sql;

import io.tessera.coordinator.catalog.pgcatalog.CatalogTable;
import io.tessera.coordinator.sql.schema.TesseraTable;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorNamespace;
import org.apache.calcite.sql.validate.SqlValidatorTable;

/**
 * PostgreSQL's USING and NATURAL joins where Calcite's differ, for {@link TesseraValidator}: a NATURAL join matches
 * only the columns both sides show (not the system columns {@code xc_node_id} and {@code tableoid}), and a condition
 * outside the select list that names a join column unqualified reads the join's merged column.
 */
final class UsingJoins {
    private UsingJoins() {
    }

    /** Whether a FROM clause holds a USING or NATURAL join at any depth. */
    static boolean hasUsingJoin(SqlNode from) {
        return from instanceof SqlJoin join
                && (join.isNatural() || join.getConditionType() == JoinConditionType.USING
                        || hasUsingJoin(join.getLeft()) || hasUsingJoin(join.getRight()));
    }

    /** Adds the joins of a FROM clause and the items they join to {@code out}. */
    static void fromItems(SqlNode from, Set<SqlNode> out) {
        out.add(from);
        if (from instanceof SqlJoin join) {
            fromItems(join.getLeft(), out);
            fromItems(join.getRight(), out);
        }
    }

    /**
     * {@code expr}, a condition over {@code from} (a WHERE, GROUP BY, HAVING or ON), with each unqualified name of a
     * USING or NATURAL join's column replaced by the join's merged column, as PostgreSQL reads it: the left side's
     * for an inner or left join, the right side's for a right join, {@code COALESCE(left, right)} for a full one
     * (Calcite resolves these only in the select list). Sub-queries keep their own names.
     */
    static SqlNode mergedColumns(TesseraValidator validator, SqlNode from, SqlNode expr) {
        if (!hasUsingJoin(from)) {
            return expr;
        }
        return expr.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier id) {
                SqlNode merged = id.isSimple() ? mergedColumn(validator, from, id) : null;
                return merged == null ? id : merged;
            }

            @Override
            public SqlNode visit(SqlCall call) {
                return call instanceof SqlSelect ? call : super.visit(call);
            }
        });
    }

    /** The merged column {@code id} names in {@code from}'s USING or NATURAL joins of two named items, or null. */
    private static SqlNode mergedColumn(TesseraValidator validator, SqlNode from, SqlIdentifier id) {
        if (!(from instanceof SqlJoin join)) {
            return null;
        }
        List<String> names = validator.usingNames(join);
        if (names == null || !names.contains(id.getSimple())) {
            SqlNode left = mergedColumn(validator, join.getLeft(), id);
            return left != null ? left : mergedColumn(validator, join.getRight(), id);
        }
        if (join.getLeft() instanceof SqlJoin || join.getRight() instanceof SqlJoin) {
            return null;
        }
        SqlParserPos pos = id.getParserPosition();
        SqlIdentifier left = new SqlIdentifier(List.of(validator.deriveAlias(join.getLeft(), 0), id.getSimple()), pos);
        SqlIdentifier right = new SqlIdentifier(List.of(validator.deriveAlias(join.getRight(), 0), id.getSimple()),
                pos);
        return switch (join.getJoinType()) {
            case RIGHT -> right;
            case FULL -> SqlStdOperatorTable.COALESCE.createCall(pos, left, right);
            default -> left;
        };
    }

    /**
     * Turns a NATURAL join, in place, into the USING join of {@code names} (the columns both sides show), or a cross
     * join when there are none, as in PostgreSQL: Calcite's conversion derives a NATURAL join's columns again from
     * the row types, which would join on {@code xc_node_id} too.
     */
    static void naturalAsUsing(SqlJoin join, List<String> names) {
        SqlParserPos pos = join.getParserPosition();
        join.setOperand(1, SqlLiteral.createBoolean(false, pos));
        if (names.isEmpty()) {
            join.setOperand(4, JoinConditionType.ON.symbol(pos));
            join.setOperand(5, SqlLiteral.createBoolean(true, pos));
        } else {
            join.setOperand(4, JoinConditionType.USING.symbol(pos));
            join.setOperand(5, new SqlNodeList(names.stream().map(n -> (SqlNode) new SqlIdentifier(n, pos)).toList(),
                    pos));
        }
    }

    /** {@code names}, the common columns of a NATURAL join's sides, without the sides' system columns. */
    static List<String> withoutSystemColumns(SqlValidator validator, SqlJoin join, List<String> names) {
        String left = systemColumn(validator, join.getLeft());
        String right = systemColumn(validator, join.getRight());
        return names.stream().filter(n -> !n.equals(left) && !n.equals(right)).toList();
    }

    /** The system column of a FROM item that is a Tessera table or a catalog table, or null. */
    static String systemColumn(SqlValidator validator, SqlNode fromItem) {
        SqlValidatorNamespace ns = validator.getNamespace(fromItem);
        SqlValidatorTable table = ns == null ? null : ns.getTable();
        if (table == null) {
            return null;
        }
        if (table.unwrap(TesseraTable.class) != null) {
            return TesseraTable.XC_NODE_ID;
        }
        return table.unwrap(CatalogTable.class) != null ? CatalogTable.TABLEOID : null;
    }
}
