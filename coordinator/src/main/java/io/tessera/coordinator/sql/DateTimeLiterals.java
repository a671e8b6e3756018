package io.tessera.coordinator.sql;

import io.tessera.common.types.DateTimeInput;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUnknownLiteral;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * PostgreSQL's typed literals of dates and times — {@code date '…'}, {@code time '…'}, {@code timestamp '…'},
 * {@code timestamp with time zone '…'} (which {@code timestamptz '…'} becomes in the parser's lexical pass) — read
 * by Tessera's own input functions ({@link DateTimeInput}, {@code Times}) instead of Calcite's stricter literal
 * parser, so every form a cast from text takes ({@code '2020-01-31 10:00'}, a {@code T}, a zone, {@code epoch})
 * is a literal too. {@code infinity}, {@code -infinity} and years outside 1 to 9999, which Calcite's literals cannot hold, become
 * a cast of the text, evaluated like {@code 'infinity'::timestamp}.
 */
final class DateTimeLiterals {
    /** 0001-01-01 in days since 1970-01-01: Calcite's literals hold years 1 to 9999 only. */
    private static final long FIRST_AD_DAY = java.time.LocalDate.of(1, 1, 1).toEpochDay();
    /** 10000-01-01 in days since 1970-01-01. */
    private static final long DAY_10000 = java.time.LocalDate.of(10000, 1, 1).toEpochDay();
    private DateTimeLiterals() {
    }

    /**
     * The literal (or cast) for {@code literal}, or null when it is not a date/time typed literal.
     *
     * @throws io.tessera.common.error.TesseraException 22007 / 22008 / 22009 / 22023 for bad text, as the input
     *     functions
     */
    static SqlNode resolve(SqlUnknownLiteral literal) {
        String text = literal.getValue();
        SqlParserPos pos = literal.getParserPosition();
        switch (literal.tag.toUpperCase(Locale.ROOT)) {
            case "DATE": {
                int days = DateTimeInput.parseDate(text);
                return days < FIRST_AD_DAY || days >= DAY_10000 ? cast(text, SqlTypeName.DATE, pos)
                        : SqlLiteral.createDate(DateString.fromDaysSinceEpoch(days), pos);
            }
            case "TIME": {
                // a PgTime of microseconds (Calcite's TIME literal holds milliseconds): the text's cast, checked
                // here as PostgreSQL reads the literal (22007, 22008)
                io.tessera.executor.expr.Times.parseMicros(text);
                return io.tessera.coordinator.sql.functions.IntervalFunctions.timeCast(
                        SqlLiteral.createCharString(text, pos), -1);
            }
            case "TIMESTAMP":
                return timestamp(text, SqlTypeName.TIMESTAMP, pos);
            case "TIMESTAMP WITH TIME ZONE":
            case "TIMESTAMP WITH LOCAL TIME ZONE":
                return timestamp(text, SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, pos);
            default:
                return null;
        }
    }

    private static SqlNode timestamp(String text, SqlTypeName type, SqlParserPos pos) {
        // Calcite's code reads a TimestampString as milliseconds: the literal is the text's cast, which
        // PgRexRewriter turns into PgRuntime.timestampFromText, in the engine's microseconds
        return cast(text, type, pos);
    }

    private static SqlNode cast(String text, SqlTypeName type, SqlParserPos pos) {
        return SqlStdOperatorTable.CAST.createCall(pos, SqlLiteral.createCharString(text, pos),
                new SqlDataTypeSpec(new SqlBasicTypeNameSpec(type, pos), pos));
    }
}
