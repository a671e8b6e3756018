package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.sql.parser.TesseraSqlParser;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * What an INSERT adds to its source on the coordinator before the rows go to the datanodes, as PostgreSQL's
 * rewriter and executor do:
 * <ul>
 *   <li>{@code DEFAULT} in VALUES becomes the column's default expression (or NULL);</li>
 *   <li>columns the INSERT does not name and that have a default (serial and identity columns included) get it,
 *       evaluated per row ({@code nextval} once per row);</li>
 *   <li>a GENERATED ALWAYS identity column given a value is refused (428C9);</li>
 *   <li>with CHECK constraints, one boolean column per constraint follows the table's columns; the executor
 *       refuses a row where one is false (23514).</li>
 * </ul>
 * The result is planned by Calcite as any query.
 */
final class InsertDefaults {
    private static final SqlParserPos POS = SqlParserPos.ZERO;

    private InsertDefaults() {
    }

    /**
     * The target columns after completion: {@code targets}, then every other column with a default, then (when the
     * table has CHECK constraints) every remaining column, so the checks can name them all.
     */
    static int[] complete(TableDef t, int[] targets) {
        List<Integer> out = new ArrayList<>();
        for (int c : targets) {
            out.add(c);
        }
        for (int c = 0; c < t.columns().size(); c++) {
            if (!out.contains(c) && t.columns().get(c).defaultExpr() != null) {
                out.add(c);
            }
        }
        if (!t.checks().isEmpty()) {
            for (int c = 0; c < t.columns().size(); c++) {
                if (!out.contains(c)) {
                    out.add(c);
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Expands {@code INSERT ... DEFAULT VALUES} (parsed as one empty VALUES row) into one DEFAULT per column, in
     * place; other INSERTs are left alone.
     */
    static void defaultValues(org.apache.calcite.sql.SqlInsert insert, TableDef t) {
        SqlNode source = insert.getSource();
        if (source.getKind() != SqlKind.VALUES || ((SqlCall) source).operandCount() != 1
                || !(((SqlCall) source).operand(0) instanceof SqlBasicCall row) || row.operandCount() != 0) {
            return;
        }
        List<SqlNode> defaults = new ArrayList<>();
        for (int i = 0; i < t.columns().size(); i++) {
            defaults.add(SqlStdOperatorTable.DEFAULT.createCall(POS));
        }
        insert.setOperand(2, SqlStdOperatorTable.VALUES.createCall(POS,
                SqlStdOperatorTable.ROW.createCall(POS, defaults)));
    }

    /** Whether the INSERT needs a rewrite at all. */
    static boolean needed(TableDef t) {
        return !t.checks().isEmpty() || t.columns().stream().anyMatch(c -> c.defaultExpr() != null);
    }

    /** Parses a stored expression (DEFAULT or CHECK text). */
    static SqlNode expression(String text) {
        SqlSelect select = (SqlSelect) TesseraSqlParser.parse("SELECT " + text);
        return select.getSelectList().get(0);
    }

    /**
     * The value {@code DEFAULT} stands for in column {@code c}: its default expression, freshly parsed (a serial's
     * or identity column's {@code nextval}), else a NULL of the column's type.
     */
    static SqlNode defaultOf(ColumnDef c, RelDataTypeFactory types) {
        if (c.defaultExpr() != null) {
            return expression(c.defaultExpr());
        }
        return nullOf(c, types);
    }

    private static SqlNode nullOf(ColumnDef c, RelDataTypeFactory types) {
        PgType through = c.type() == PgType.NUMERIC ? PgType.TEXT : c.type();
        return io.tessera.coordinator.sql.functions.IntervalFunctions.castTo(SqlLiteral.createNull(POS),
                TypeMapping.toRelType(types, through, -1));
    }

    /**
     * Rewrites an INSERT's source.
     *
     * @param targets the columns the INSERT names (or all, in order)
     * @param completed {@link #complete}'s result
     * @return a source yielding one value per completed column, then one boolean per CHECK constraint
     * @throws TesseraException 428C9 for a value given to a GENERATED ALWAYS identity column
     */
    static SqlNode rewrite(SqlNode source, TableDef t, int[] targets, int[] completed, RelDataTypeFactory types) {
        boolean values = source.getKind() == SqlKind.VALUES;
        for (int i = 0; i < targets.length; i++) {
            ColumnDef c = t.columns().get(targets[i]);
            if (!"a".equals(c.identity())) {
                continue;
            }
            boolean allDefault = values;
            if (values) {
                for (SqlNode row : ((SqlCall) source).getOperandList()) {
                    if (row instanceof SqlBasicCall r && i < r.operandCount() && r.operand(i).getKind() != SqlKind.DEFAULT) {
                        allDefault = false;
                    }
                }
            }
            if (!allDefault) {
                throw new TesseraException(SqlState.GENERATED_ALWAYS, "cannot insert a non-DEFAULT value into column \""
                        + c.name() + "\"", "Column \"" + c.name() + "\" is an identity column defined as GENERATED ALWAYS.",
                        "Use OVERRIDING SYSTEM VALUE to override.", 0, null);
            }
        }
        SqlNode out = source;
        if (values) {
            for (SqlNode row : ((SqlCall) source).getOperandList()) {
                if (!(row instanceof SqlBasicCall r)) {
                    continue;
                }
                List<SqlNode> ops = new ArrayList<>(r.getOperandList());
                for (int i = 0; i < ops.size() && i < targets.length; i++) {
                    if (ops.get(i).getKind() == SqlKind.DEFAULT) {
                        ops.set(i, defaultOf(t.columns().get(targets[i]), types));
                    }
                }
                for (int i = 0; i < ops.size(); i++) {
                    r.setOperand(i, ops.get(i));
                }
            }
            out = rebuildValues(source, targets, completed, t, types);
        } else if (completed.length > targets.length) {
            List<SqlNode> select = new ArrayList<>();
            select.add(SqlIdentifier.star(List.of("?s", ""), POS, List.of(POS, POS)));
            for (int i = targets.length; i < completed.length; i++) {
                select.add(defaultOf(t.columns().get(completed[i]), types));
            }
            out = select(select, aliased(source, "?s", t, targets));
        }
        if (!t.checks().isEmpty()) {
            List<SqlNode> select = new ArrayList<>();
            for (int c : completed) {
                select.add(new SqlIdentifier(List.of("?t", t.columns().get(c).name()), POS));
            }
            for (TableDef.CheckDef k : t.checks()) {
                select.add(qualify(expression(k.expr()), t));
            }
            out = select(select, aliased(out, "?t", t, completed));
        }
        return out;
    }

    /** VALUES rows are ROW calls with a fixed operand count: rebuild them with the appended defaults. */
    private static SqlNode rebuildValues(SqlNode source, int[] targets, int[] completed, TableDef t,
            RelDataTypeFactory types) {
        List<SqlNode> rows = new ArrayList<>();
        for (SqlNode row : ((SqlCall) source).getOperandList()) {
            if (!(row instanceof SqlBasicCall r)) {
                rows.add(row);
                continue;
            }
            List<SqlNode> ops = new ArrayList<>(r.getOperandList());
            for (int i = ops.size(); i < completed.length; i++) {
                ops.add(defaultOf(t.columns().get(completed[i]), types));
            }
            rows.add(SqlStdOperatorTable.ROW.createCall(r.getParserPosition(), ops));
        }
        return SqlStdOperatorTable.VALUES.createCall(source.getParserPosition(), rows);
    }

    /** Qualifies a CHECK expression's column names with the derived table "?t". */
    private static SqlNode qualify(SqlNode expr, TableDef t) {
        return expr.accept(new org.apache.calcite.sql.util.SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier id) {
                if (id.names.size() == 1 && t.columnIndex(id.getSimple()) >= 0) {
                    return new SqlIdentifier(List.of("?t", id.getSimple()), id.getParserPosition());
                }
                return id;
            }
        });
    }

    private static SqlNode aliased(SqlNode query, String alias, TableDef t, int[] columns) {
        List<SqlNode> operands = new ArrayList<>();
        operands.add(query);
        operands.add(new SqlIdentifier(alias, POS));
        for (int c : columns) {
            if (operands.size() - 2 >= columns.length) {
                break;
            }
            operands.add(new SqlIdentifier(t.columns().get(c).name(), POS));
        }
        return SqlStdOperatorTable.AS.createCall(POS, operands);
    }

    private static SqlNode select(List<SqlNode> list, SqlNode from) {
        return new SqlSelect(POS, null, new SqlNodeList(list, POS), from, null, null, null, null, null, null, null,
                null);
    }
}
