package io.tessera.coordinator.sql.schema;

import io.tessera.common.types.PgType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;

/**
 * A column value as a number in the column's order, so that a range predicate's constant can be placed in the
 * column's histogram and interpolated inside its bucket (PostgreSQL's {@code convert_to_scalar}): numbers as
 * themselves, dates as days since 1970-01-01, timestamps as microseconds since then. Other types have no scalar
 * (null): their range predicates keep Calcite's guessed selectivity.
 */
final class ColumnScalars {
    private ColumnScalars() {
    }

    /** A value's PostgreSQL text output (as pg_stats holds it) as a scalar, or null. */
    static Double ofText(String text, PgType type) {
        if (text == null || type == null) {
            return null;
        }
        try {
            return switch (type) {
                case INT2, INT4, INT8, NUMERIC, FLOAT4, FLOAT8 -> Double.parseDouble(text);
                case DATE -> (double) LocalDate.parse(text).toEpochDay();
                case TIMESTAMP -> micros(LocalDateTime.parse(text.replace(' ', 'T')));
                default -> null;
            };
        } catch (NumberFormatException | DateTimeParseException notScalar) {
            return null; // infinity, BC dates
        }
    }

    /** A constant of the planner's as a scalar of a column of {@code type}, or null. */
    static Double ofLiteral(RexLiteral literal, PgType type) {
        return literal.isNull() ? null : ofComparable(literal.getValue(), type);
    }

    /** A literal's value or a SEARCH bound (Calcite's BigDecimal, DateString, TimestampString) as a scalar, or null. */
    static Double ofComparable(Object value, PgType type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case INT2, INT4, INT8, NUMERIC, FLOAT4, FLOAT8 ->
                value instanceof BigDecimal d ? d.doubleValue() : value instanceof Number n ? n.doubleValue() : null;
            case DATE -> value instanceof DateString d ? (double) d.getDaysSinceEpoch() : null;
            // the planner's timestamp constants (folded casts of text) hold the engine's microseconds where a
            // TimestampString holds milliseconds (RexBuilder.makeLiteral of the Long), so that field is the value
            case TIMESTAMP -> value instanceof TimestampString t ? (double) t.getMillisSinceEpoch() : null;
            default -> null;
        };
    }

    private static double micros(LocalDateTime t) {
        java.time.Instant i = t.toInstant(ZoneOffset.UTC);
        return i.getEpochSecond() * 1_000_000d + i.getNano() / 1000;
    }
}
