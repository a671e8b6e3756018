package io.tessera.coordinator.sql;

import io.tessera.coordinator.catalog.pgcatalog.CatalogTable;
import io.tessera.coordinator.sql.schema.TesseraTable;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
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

    /**
     * An ORDER BY list over {@code from} read as {@link #mergedColumns} reads a condition, but for an item that is a
     * bare name (under DESC / NULLS FIRST / NULLS LAST) of one of {@code outputNames}, which orders by that output
     * column as PostgreSQL's {@code findTargetlistEntrySQL92} does. A name inside an expression is an input column.
     */
    static SqlNodeList mergedOrderItems(TesseraValidator validator, SqlNode from, SqlNodeList orderList,
            List<String> outputNames) {
        var matcher = validator.getCatalogReader().nameMatcher();
        List<SqlNode> items = new ArrayList<>();
        for (SqlNode item : orderList) {
            SqlNode key = item;
            while (key instanceof SqlCall call && (key.getKind() == SqlKind.DESCENDING
                    || key.getKind() == SqlKind.NULLS_FIRST || key.getKind() == SqlKind.NULLS_LAST)) {
                key = call.operand(0);
            }
            boolean output = key instanceof SqlIdentifier id && id.isSimple()
                    && outputNames.stream().anyMatch(n -> matcher.matches(n, id.getSimple()));
            items.add(output ? item : mergedColumns(validator, from, item));
        }
        return new SqlNodeList(items, orderList.getParserPosition());
    }

    /**
     * Reads a USING or NATURAL join's columns in a select list as {@link #mergedColumns} does, in place: an item
     * that is only such a column keeps its name ({@code id} becomes {@code a.id AS id}); an alias is left alone;
     * stars are expanded by Calcite.
     */
    static void mergeSelectItems(TesseraValidator validator, SqlNode from, SqlNodeList items) {
        for (int i = 0; i < items.size(); i++) {
            SqlNode item = items.get(i);
            if (item instanceof SqlIdentifier id && id.isStar()) {
                continue;
            }
            if (item instanceof SqlCall as && as.getKind() == SqlKind.AS) {
                as.setOperand(0, mergedColumns(validator, from, as.operand(0)));
            } else if (item instanceof SqlIdentifier id && id.isSimple()) {
                SqlNode merged = mergedColumn(validator, from, id);
                if (merged != null) {
                    items.set(i, SqlStdOperatorTable.AS.createCall(id.getParserPosition(), merged,
                            new SqlIdentifier(id.getSimple(), id.getParserPosition())));
                }
            } else {
                items.set(i, mergedColumns(validator, from, item));
            }
        }
    }

    /**
     * The merged column {@code id} names in {@code from}, when a USING or NATURAL join in it merges a column of that
     * name; otherwise null, and Calcite resolves the name (or reports it ambiguous).
     */
    private static SqlNode mergedColumn(TesseraValidator validator, SqlNode from, SqlIdentifier id) {
        return merges(validator, from, id.getSimple()) ? column(validator, from, id) : null;
    }

    /** Whether a join in {@code from} merges columns named {@code name}. */
    private static boolean merges(TesseraValidator validator, SqlNode from, String name) {
        if (!(from instanceof SqlJoin join)) {
            return false;
        }
        List<String> names = validator.usingNames(join);
        return names != null && names.contains(name) || merges(validator, join.getLeft(), name)
                || merges(validator, join.getRight(), name);
    }

    /**
     * The column {@code id} of a FROM item as PostgreSQL reads it: a named item's own column; a join's merged column
     * where the join merges that name (the left side's for an inner or left join, the right side's for a right
     * join, {@code COALESCE(left, right)} for a full one), else the column of the one side that has it; null when
     * neither or, unmerged, both sides have it.
     */
    private static SqlNode column(TesseraValidator validator, SqlNode item, SqlIdentifier id) {
        SqlParserPos pos = id.getParserPosition();
        if (!(item instanceof SqlJoin join)) {
            SqlValidatorNamespace ns = validator.getNamespace(item);
            boolean has = ns != null && validator.getCatalogReader().nameMatcher()
                    .field(ns.getRowType(), id.getSimple()) != null;
            return has ? new SqlIdentifier(List.of(validator.deriveAlias(item, 0), id.getSimple()), pos) : null;
        }
        SqlNode left = column(validator, join.getLeft(), id);
        SqlNode right = column(validator, join.getRight(), id);
        List<String> names = validator.usingNames(join);
        if (names == null || !names.contains(id.getSimple())) {
            return left == null ? right : right == null ? left : null;
        }
        if (left == null || right == null) {
            return null;
        }
        return switch (join.getJoinType()) {
            case RIGHT -> right;
            case FULL -> SqlStdOperatorTable.COALESCE.createCall(pos, left, right);
            default -> left;
        };
    }

    /**
     * PostgreSQL's errors for a USING list naming a column twice (42701), a column a side lacks (42703) or has twice (42702), checked
     * after Calcite validated the join's sides; {@code null} when the list has neither fault.
     */
    static TesseraException usingError(TesseraValidator validator, SqlJoin join) {
        if (join.getConditionType() != JoinConditionType.USING || !(join.getCondition() instanceof SqlNodeList list)) {
            return null;
        }
        Set<String> seen = new HashSet<>();
        for (SqlNode n : list) {
            String name = ((SqlIdentifier) n).getSimple();
            if (!seen.add(name)) {
                return new TesseraException(SqlState.DUPLICATE_COLUMN,
                        "column name \"" + name + "\" appears more than once in USING clause");
            }
        }
        for (SqlNode n : list) {
            String name = ((SqlIdentifier) n).getSimple();
            for (SqlNode side : List.of(join.getLeft(), join.getRight())) {
                String which = side == join.getLeft() ? "left" : "right";
                int count = visibleCount(validator, side, name);
                if (count == 0) {
                    return new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + name
                            + "\" specified in USING clause does not exist in " + which + " table");
                }
                if (count > 1) {
                    return new TesseraException(SqlState.AMBIGUOUS_COLUMN, "common column name \"" + name
                            + "\" appears more than once in " + which + " table");
                }
            }
        }
        return null;
    }

    /**
     * How many columns named {@code name} a FROM item shows: a join shows a column it merges once, and the others
     * of both sides (Calcite's join row type holds both sides' columns).
     */
    private static int visibleCount(TesseraValidator validator, SqlNode item, String name) {
        if (item instanceof SqlJoin join) {
            List<String> names = validator.usingNames(join);
            if (names != null && names.contains(name)) {
                return 1;
            }
            return visibleCount(validator, join.getLeft(), name) + visibleCount(validator, join.getRight(), name);
        }
        SqlValidatorNamespace ns = validator.getNamespace(item);
        if (ns == null) {
            return 1; // not validated: Calcite reports what is wrong
        }
        var matcher = validator.getCatalogReader().nameMatcher();
        return (int) ns.getRowType().getFieldNames().stream().filter(f -> matcher.matches(f, name)).count();
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
