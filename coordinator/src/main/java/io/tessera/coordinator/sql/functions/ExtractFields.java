package io.tessera.coordinator.sql.functions;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.executor.expr.PgNumerics;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * The fields of {@code extract} and {@code date_part} that are no time frame of Calcite's: {@code julian} of a date,
 * timestamp or timestamptz (the Julian day, with the fraction of the day for the timestamps) and {@code timezone},
 * {@code timezone_hour}, {@code timezone_minute} of a timestamptz (the session time zone's offset, in seconds, hours
 * and minutes; the session zone is always UTC here, so they are 0). {@link #resolve} swaps in the function before
 * Calcite validates the field, which it refused ("'julian' is not a valid time frame"); other types fail as
 * PostgreSQL 15's {@code timestamp_part_common} does: 0A000 {@code unit "timezone" not supported for type timestamp
 * without time zone}.
 */
public final class ExtractFields {
    private static final Set<String> FIELDS = Set.of("julian", "timezone", "timezone_hour", "timezone_minute");
    /** Days from the Julian day 0 to 1970-01-01. */
    private static final long UNIX_EPOCH_JULIAN = 2440588L;
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    /** extract's numeric result: {@link #extract}. */
    private static final SqlUserDefinedFunction EXTRACT = runtime("pg_extract_field", "extract",
            SqlTypeName.DECIMAL);
    /** date_part's float8 result: {@link #datePart}. */
    private static final SqlUserDefinedFunction DATE_PART = runtime("pg_date_part_field", "datePart",
            SqlTypeName.DOUBLE);

    private ExtractFields() {
    }

    /** The swapped-in functions, which the validator looks up by name. */
    static List<SqlUserDefinedFunction> functions() {
        return List.of(EXTRACT, DATE_PART);
    }

    private static SqlUserDefinedFunction runtime(String name, String method, SqlTypeName result) {
        Method m = null;
        for (Method candidate : ExtractFields.class.getMethods()) {
            if (candidate.getName().equals(method)) {
                m = candidate;
            }
        }
        if (m == null) {
            throw new IllegalStateException("ExtractFields has no method " + method);
        }
        List<SqlTypeFamily> families = List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.ANY);
        List<SqlTypeName> types = List.of(SqlTypeName.VARCHAR, SqlTypeName.ANY);
        return new SqlUserDefinedFunction(new SqlIdentifier(name, SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
                result == SqlTypeName.DECIMAL
                        ? ReturnTypes.explicit(f -> f.createSqlType(SqlTypeName.DECIMAL,
                                PgRexRewriter.UNCONSTRAINED, 0))
                                .andThen(SqlTypeTransforms.TO_NULLABLE)
                        : ReturnTypes.explicit(result).andThen(SqlTypeTransforms.TO_NULLABLE),
                null, OperandTypes.operandMetadata(families, f -> types.stream().map(f::createSqlType).toList(),
                        i -> "arg" + i, i -> false), ScalarFunctionImpl.create(m));
    }

    /**
     * Before typing {@code call}: an {@code extract(field FROM x)} or {@code date_part('field', x)} of one of the
     * fields above becomes its function of {@code ('field', x)}, in place. Leaves every other call alone.
     *
     * @throws TesseraException 0A000 for a field the argument's type does not have
     */
    public static void resolve(SqlValidator validator, SqlValidatorScope scope, SqlBasicCall call) {
        if (call.operandCount() != 2) {
            return;
        }
        String field;
        boolean extract;
        if (call.getKind() == SqlKind.EXTRACT && call.operand(0) instanceof SqlIntervalQualifier q
                && q.timeFrameName != null) {
            field = q.timeFrameName.toLowerCase(Locale.ROOT);
            extract = true;
        } else if (call.getOperator().getName().equalsIgnoreCase("date_part")
                && call.operand(0) instanceof SqlCharStringLiteral literal) {
            field = literal.getValueAs(String.class).strip().toLowerCase(Locale.ROOT);
            extract = false;
        } else {
            return;
        }
        if (!FIELDS.contains(field) || call.operand(1) instanceof org.apache.calcite.sql.SqlDynamicParam) {
            return;
        }
        RelDataType t = validator.deriveType(scope, call.operand(1));
        SqlTypeName name = t.getSqlTypeName();
        boolean supported = name == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE
                || field.equals("julian") && (name == SqlTypeName.TIMESTAMP || name == SqlTypeName.DATE);
        if (!supported) {
            String type = IntervalFunctions.isInterval(t) ? "interval"
                    : IntervalFunctions.isTime(t) ? "time without time zone"
                    : io.tessera.coordinator.sql.TypeMapping.toPgType(t).sqlName();
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                    "unit \"" + field + "\" not supported for type " + type);
        }
        call.setOperand(0, SqlLiteral.createCharString(field, call.operand(0).getParserPosition()));
        call.setOperator(extract ? EXTRACT : DATE_PART);
    }

    /**
     * {@code extract(field FROM x)}: the Julian day of a date (an integer); of a timestamp the day plus the fraction
     * of the day, {@code micros / 86400000000} at numeric division's scale (PostgreSQL's {@code DTK_JULIAN}); 0 for
     * the zone fields (UTC).
     *
     * @param value a date (days since 1970-01-01) or a timestamp (microseconds since 1970-01-01 00:00)
     */
    public static BigDecimal extract(String field, Object value) {
        if (field == null || value == null) {
            return null;
        }
        if (!field.equals("julian")) {
            return BigDecimal.ZERO;
        }
        if (value instanceof Integer date) {
            return BigDecimal.valueOf(date + UNIX_EPOCH_JULIAN);
        }
        long micros = ((Number) value).longValue();
        long day = Math.floorDiv(micros, MICROS_PER_DAY);
        BigDecimal fraction = PgNumerics.divide(BigDecimal.valueOf(Math.floorMod(micros, MICROS_PER_DAY)),
                BigDecimal.valueOf(MICROS_PER_DAY));
        return BigDecimal.valueOf(day + UNIX_EPOCH_JULIAN).add(fraction);
    }

    /** {@code date_part('field', x)}: {@link #extract}'s value as float8, as PostgreSQL computes it in float8. */
    public static Double datePart(String field, Object value) {
        if (field == null || value == null) {
            return null;
        }
        if (!field.equals("julian")) {
            return 0.0;
        }
        if (value instanceof Integer date) {
            return (double) (date + UNIX_EPOCH_JULIAN);
        }
        long micros = ((Number) value).longValue();
        long day = Math.floorDiv(micros, MICROS_PER_DAY);
        long ofDay = Math.floorMod(micros, MICROS_PER_DAY);
        // date2j + (seconds + fsec / 1000000.0) / SECS_PER_DAY, as timestamp_part_common
        return (day + UNIX_EPOCH_JULIAN) + (ofDay / 1_000_000L + (ofDay % 1_000_000L) / 1000000.0) / 86400.0;
    }
}
