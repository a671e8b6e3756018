package io.tessera.coordinator.sql;

import io.tessera.coordinator.sql.functions.IntervalFunctions;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * PostgreSQL's SQL value functions of the clock with a precision, {@code localtime[(p)]},
 * {@code localtimestamp(p)} and {@code current_timestamp(p)}, as the transaction's start ({@code now()}, in
 * microseconds) cast to {@code time(p)}, {@code timestamp(p)} and {@code timestamptz(p)}: PostgreSQL's
 * {@code SQLValueFunction} rounds to p ({@code AdjustTimeForTypmod}, {@code AdjustTimestampForTypmod}; p above 6 is
 * 6). Calcite's own LOCALTIME is a TIME of milliseconds (at most 3 digits, its {@code (p)} limited to 0..3), and its
 * CURRENT_TIMESTAMP(p) a timestamp without time zone.
 *
 * <pre>
 *   localtime            → tessera_time_cast(now(), -1)
 *   localtime(p)         → tessera_time_cast(now(), p)
 *   localtimestamp(p)    → CAST(now() AS timestamp(p))
 *   current_timestamp(p) → CAST(now() AS timestamptz(p))
 * </pre>
 * {@code current_date} is {@code CAST(now() AS date)} ({@link #today}), and {@code age(x)}
 * {@code age(current_date, x)}.
 * {@code current_timestamp} and {@code localtimestamp} without a precision stay Calcite's (TesseraValidator makes
 * the first {@code now()}); PgRewriter names the select item before this, so the column keeps its name.
 * {@code current_time(p)} is 0A000 as {@code current_time} ({@code timetz} is not a type yet).
 */
final class SqlValueFunctions {
    private SqlValueFunctions() {
    }

    /** The rewrite of {@code node} when it is one of the class comment's functions, else null. */
    static SqlNode rewrite(SqlNode node) {
        if (isCurrentDate(node)) {
            return today(node.getParserPosition());
        }
        if (node instanceof SqlCall age && age.operandCount() == 1 && age.getOperator() instanceof SqlUnresolvedFunction
                && age.getOperator().getNameAsId().isSimple()
                && age.getOperator().getName().equalsIgnoreCase("age")) {
            // age(x): age(current_date, x), PostgreSQL's timestamp_age (IntervalFunctions casts the date to x's type)
            return age.getOperator().createCall(age.getParserPosition(), today(age.getParserPosition()),
                    age.operand(0));
        }
        String name;
        SqlNode precision = null;
        if (node instanceof SqlIdentifier id && id.isSimple() && !id.isComponentQuoted(0)) {
            name = id.getSimple().toLowerCase(Locale.ROOT);
            if (!name.equals("localtime")) {
                return null;
            }
        } else if (node instanceof SqlCall call && call.getOperator().getName() != null && call.operandCount() <= 1
                && !(call.getOperator() instanceof org.apache.calcite.sql.SqlUnresolvedFunction
                        && call.getOperator().getNameAsId().names.size() > 1)) {
            name = call.getOperator().getName().toLowerCase(Locale.ROOT);
            if (call.operandCount() == 1) {
                precision = call.operand(0);
            } else if (!name.equals("localtime")) {
                return null;
            }
        } else {
            return null;
        }
        if (name.equals("current_time")) {
            // current_time(p) is a timetz, as current_time (TesseraValidator); Calcite's would be a time
            throw new io.tessera.common.error.TesseraException(io.tessera.common.error.SqlState.FEATURE_NOT_SUPPORTED,
                    "current_time (type time with time zone) is not supported; use localtime or now()");
        }
        if (!name.equals("localtime") && !name.equals("localtimestamp") && !name.equals("current_timestamp")) {
            return null;
        }
        if (precision != null && !(precision instanceof SqlLiteral l && l.getTypeName() == SqlTypeName.DECIMAL
                && l.intValue(false) >= 0)) {
            return null; // not a precision: Calcite's message
        }
        SqlParserPos pos = node.getParserPosition();
        int p = precision == null ? -1 : Math.min(((SqlLiteral) precision).intValue(true),
                PrecisionWarnings.MAX_PRECISION);
        SqlCall now = new SqlUnresolvedFunction(new SqlIdentifier("now", pos), null, null, null, null,
                SqlFunctionCategory.USER_DEFINED_FUNCTION).createCall(pos);
        if (name.equals("localtime")) {
            return IntervalFunctions.timeCast(now, p);
        }
        SqlTypeName type = name.equals("localtimestamp") ? SqlTypeName.TIMESTAMP
                : SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
        return SqlStdOperatorTable.CAST.createCall(pos, now,
                new SqlDataTypeSpec(new SqlBasicTypeNameSpec(type, p, pos), pos));
    }

    /**
     * {@code CAST(now() AS date)}: PostgreSQL's {@code current_date}, the date of the transaction's start in the
     * session's time zone (UTC). Calcite's CURRENT_DATE divides the data context's timestamp by a day of
     * milliseconds, and that timestamp is in microseconds (it gave the year 58904).
     */
    static SqlNode today(SqlParserPos pos) {
        SqlCall now = new SqlUnresolvedFunction(new SqlIdentifier("now", pos), null, null, null, null,
                SqlFunctionCategory.USER_DEFINED_FUNCTION).createCall(pos);
        return SqlStdOperatorTable.CAST.createCall(pos, now,
                new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.DATE, pos), pos));
    }

    private static boolean isCurrentDate(SqlNode node) {
        if (node instanceof SqlIdentifier id) {
            return id.isSimple() && !id.isComponentQuoted(0) && id.getSimple().equalsIgnoreCase("current_date");
        }
        return node instanceof SqlCall call && call.getOperator() == SqlStdOperatorTable.CURRENT_DATE
                && call.operandCount() == 0;
    }
}
