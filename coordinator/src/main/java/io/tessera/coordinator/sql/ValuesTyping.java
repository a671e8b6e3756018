package io.tessera.coordinator.sql;

import io.tessera.coordinator.sql.functions.PgRexRewriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * PostgreSQL's typing of a VALUES list's columns where Calcite's differs; applied by {@link TesseraValidator} to a
 * VALUES call (its operands are ROW calls, one per row) before Calcite validates it.
 */
final class ValuesTyping {
    private static final Set<SqlTypeName> DATE_TIMES = Set.of(SqlTypeName.DATE, SqlTypeName.TIME,
            SqlTypeName.TIMESTAMP, SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE);
    /** The number types, each after those it is the common type of (PostgreSQL's implicit casts among them). */
    private static final List<SqlTypeName> NUMBERS = List.of(SqlTypeName.SMALLINT, SqlTypeName.INTEGER,
            SqlTypeName.BIGINT, SqlTypeName.DECIMAL, SqlTypeName.REAL, SqlTypeName.DOUBLE);

    private ValuesTyping() {
    }

    /**
     * In a VALUES column whose values are string literals, NULLs, parameters and expressions of one date/time type
     * ({@code VALUES (1, '2024-01-01 12:00'), (2, timestamp '2024-01-01 12:00:00.5')}), each string literal becomes
     * {@code CAST(literal AS that type)}: PostgreSQL reads an unknown-typed literal with the column's resolved type's
     * input function, where Calcite finds no common type of a string and a timestamp (a timestamp literal, or under
     * {@code engine.microseconds} the cast of its text that {@code DateTimeLiterals} makes of it). So does a column
     * whose other values are numbers ({@code VALUES (1, '0'), (2, 1.5)}): the strings are read as the numbers'
     * common type (an unconstrained numeric for exact numbers with a fraction, so {@code '0'} stays 0), and a string
     * that is no number is 22P02 as in PostgreSQL, where Calcite refused the mix (an INSERT's VALUES reads them as
     * its target columns' types first: {@link #readStringsAsTargets}).
     *
     * @param typeOf the validated type of a value that is neither a string literal, a NULL nor a parameter
     */
    static void readStringsAsDateTimes(SqlCall values, Function<SqlNode, RelDataType> typeOf) {
        List<SqlNode> rows = values.getOperandList();
        if (rows.size() < 2 || !(rows.get(0) instanceof SqlCall first) || first.getKind() != SqlKind.ROW) {
            return;
        }
        for (int column = 0; column < first.operandCount(); column++) {
            SqlTypeName type = null;
            boolean strings = false;
            boolean numbers = false;
            for (SqlNode row : rows) {
                if (!(row instanceof SqlCall r) || r.getKind() != SqlKind.ROW || r.operandCount() <= column) {
                    return;
                }
                SqlNode v = r.operand(column);
                if (v instanceof SqlCharStringLiteral) {
                    strings = true;
                } else if (!SqlUtil.isNullLiteral(v, false) && !(v instanceof SqlDynamicParam)) {
                    SqlTypeName t = typeOf.apply(v).getSqlTypeName();
                    if (NUMBERS.contains(t) && (type == null || numbers)) {
                        numbers = true;
                        type = type == null || NUMBERS.indexOf(t) > NUMBERS.indexOf(type) ? t : type;
                        continue;
                    }
                    if (!DATE_TIMES.contains(t) || (type != null && type != t)) {
                        type = null;
                        break;
                    }
                    type = t;
                }
            }
            if (type == null || !strings) {
                continue;
            }
            for (SqlNode row : rows) {
                SqlCall r = (SqlCall) row;
                if (r.operand(column) instanceof SqlCharStringLiteral literal) {
                    SqlParserPos pos = literal.getParserPosition();
                    r.setOperand(column, castTo(literal, type));
                }
            }
        }
    }

    /**
     * In a VALUES column mixing dates and timestamps ({@code VALUES (date '2020-01-01'), (timestamp '...')}), each
     * date becomes {@code CAST(date AS timestamp)}, or timestamptz when the column holds one: their common type (see
     * {@code PgJavaTypeFactory.leastRestrictive}), which Calcite would reach by re-typing a date literal's value as a
     * timestamp literal's, read in the wrong unit.
     *
     * @param typeOf the validated type of a value that is neither a NULL nor a parameter
     */
    static void castDatesBesideTimestamps(SqlCall values, Function<SqlNode, RelDataType> typeOf) {
        List<SqlNode> rows = values.getOperandList();
        if (rows.size() < 2 || !(rows.get(0) instanceof SqlCall first) || first.getKind() != SqlKind.ROW) {
            return;
        }
        for (int column = 0; column < first.operandCount(); column++) {
            Set<SqlTypeName> kinds = new HashSet<>();
            for (SqlNode row : rows) {
                if (!(row instanceof SqlCall r) || r.getKind() != SqlKind.ROW || r.operandCount() <= column) {
                    return;
                }
                SqlNode v = r.operand(column);
                if (!SqlUtil.isNullLiteral(v, false) && !(v instanceof SqlDynamicParam)) {
                    kinds.add(typeOf.apply(v).getSqlTypeName());
                }
            }
            if (!kinds.contains(SqlTypeName.DATE) || !DATE_TIMES.containsAll(kinds)
                    || kinds.contains(SqlTypeName.TIME) || kinds.size() < 2) {
                continue;
            }
            SqlTypeName to = kinds.contains(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE)
                    ? SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE : SqlTypeName.TIMESTAMP;
            for (SqlNode row : rows) {
                SqlCall r = (SqlCall) row;
                SqlNode v = r.operand(column);
                if (!SqlUtil.isNullLiteral(v, false) && !(v instanceof SqlDynamicParam)
                        && typeOf.apply(v).getSqlTypeName() == SqlTypeName.DATE) {
                    SqlParserPos pos = v.getParserPosition();
                    r.setOperand(column, SqlStdOperatorTable.CAST.createCall(pos, v,
                            new SqlDataTypeSpec(new SqlBasicTypeNameSpec(to, pos), pos)));
                }
            }
        }
    }

    /**
     * In an INSERT's VALUES of several rows, the string literals of a column that also holds other values
     * ({@code INSERT INTO t (f) VALUES ('-0'), (1.5)}) become casts to the target column's number type: PostgreSQL
     * coerces each row to the target columns, so {@code '-0'} into a float8 column is -0 (read as the rows' common
     * type, numeric, it would be 0). Before validation; other columns are left to {@link #readStringsAsDateTimes}.
     *
     * @param targets the target column of each VALUES column, in order
     */
    static void readStringsAsTargets(SqlNode source, List<RelDataType> targets) {
        if (source.getKind() != SqlKind.VALUES || ((SqlCall) source).operandCount() < 2) {
            return;
        }
        List<SqlNode> rows = ((SqlCall) source).getOperandList();
        for (SqlNode row : rows) {
            if (!(row instanceof SqlCall r) || r.getKind() != SqlKind.ROW || r.operandCount() != targets.size()) {
                return;
            }
        }
        for (int column = 0; column < targets.size(); column++) {
            SqlTypeName type = targets.get(column).getSqlTypeName();
            boolean strings = false;
            boolean numbers = false;
            for (SqlNode row : rows) {
                SqlNode v = ((SqlCall) row).operand(column);
                strings |= v instanceof SqlCharStringLiteral;
                // anything else: a number, or an integer LiteralLifting made a parameter; the target decides
                numbers |= !(v instanceof SqlCharStringLiteral) && !SqlUtil.isNullLiteral(v, false)
                        && v.getKind() != SqlKind.DEFAULT;
            }
            if (!strings || !numbers || !NUMBERS.contains(type)) {
                continue;
            }
            for (SqlNode row : rows) {
                SqlCall r = (SqlCall) row;
                if (r.operand(column) instanceof SqlCharStringLiteral literal) {
                    r.setOperand(column, castTo(literal, type));
                }
            }
        }
    }

    /** {@code CAST(literal AS type)}, an unconstrained numeric for DECIMAL. */
    private static SqlNode castTo(SqlCharStringLiteral literal, SqlTypeName type) {
        SqlParserPos pos = literal.getParserPosition();
        return SqlStdOperatorTable.CAST.createCall(pos, literal, new SqlDataTypeSpec(type == SqlTypeName.DECIMAL
                ? new SqlBasicTypeNameSpec(type, PgRexRewriter.UNCONSTRAINED, 0, pos)
                : new SqlBasicTypeNameSpec(type, pos), pos));
    }

    /**
     * In a VALUES column whose number literals have different scales ({@code VALUES (1), (2.5)}), each literal
     * becomes {@code CAST(literal AS numeric)}. PostgreSQL's column is numeric without a typmod and each value keeps
     * its scale (1 and 2.5); Calcite converts a VALUES of literals into literals of the column's DECIMAL(p, s),
     * rescaled to s (1.0), while a cast to the unconstrained numeric keeps the value's scale ({@code PgRexBuilder}).
     * Only for a query's VALUES: an INSERT's takes the target columns' types.
     */
    static void keepLiteralScales(SqlCall values) {
        List<SqlNode> rows = values.getOperandList();
        if (rows.size() < 2) {
            return;
        }
        int width = -1;
        for (SqlNode row : rows) {
            if (!(row instanceof SqlCall r) || r.getKind() != SqlKind.ROW || (width >= 0 && r.operandCount() != width)) {
                return;
            }
            width = r.operandCount();
        }
        for (int column = 0; column < width; column++) {
            Set<Integer> scales = new HashSet<>();
            for (SqlNode row : rows) {
                if (((SqlCall) row).operand(column) instanceof SqlNumericLiteral n && n.isExact()) {
                    scales.add(n.getScale() == null ? 0 : n.getScale());
                }
            }
            if (scales.size() < 2) {
                continue;
            }
            for (SqlNode row : rows) {
                SqlCall r = (SqlCall) row;
                if (r.operand(column) instanceof SqlNumericLiteral n && n.isExact()) {
                    SqlParserPos pos = n.getParserPosition();
                    r.setOperand(column, SqlStdOperatorTable.CAST.createCall(pos, n, new SqlDataTypeSpec(
                            new SqlBasicTypeNameSpec(SqlTypeName.DECIMAL, PgRexRewriter.UNCONSTRAINED, 0, pos), pos)));
                }
            }
        }
    }
}
