package io.tessera.coordinator.catalog.pgcatalog;

import static org.apache.calcite.sql.type.SqlTypeName.BIGINT;
import static org.apache.calcite.sql.type.SqlTypeName.DECIMAL;
import static org.apache.calcite.sql.type.SqlTypeName.DOUBLE;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

import com.google.common.collect.ImmutableMultimap;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.sql.exec.Cancellation;
import io.tessera.coordinator.sql.exec.TesseraDataContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.DataContext;
import org.apache.calcite.schema.Function;

/**
 * PostgreSQL's functions for delaying execution and for printing object sizes
 * (https://www.postgresql.org/docs/15/functions-datetime.html#FUNCTIONS-DATETIME-DELAY,
 * https://www.postgresql.org/docs/15/functions-admin.html#FUNCTIONS-ADMIN-DBSIZE):
 * <ul>
 *   <li>{@code pg_sleep(seconds double precision)}: waits on the coordinator, in the statement's thread, until the
 *       time has passed or the statement is cancelled (a CancelRequest, {@code statement_timeout},
 *       {@code pg_cancel_backend}), then fails with 57014 at once. Its result is PostgreSQL's void value, the
 *       empty string; Tessera has no void type, so RowDescription says text where PostgreSQL says void (2278).</li>
 *   <li>{@code pg_size_pretty(bigint | numeric)}: a byte count in bytes, kB, MB, GB, TB or PB, as dbsize.c's
 *       {@code size_pretty_units} table does: a unit is used below 10240 of it (bytes) or 20479 (the others),
 *       and every unit above bytes rounds half away from zero.</li>
 * </ul>
 * The sizes it prints come from {@link ObjectSizes}.
 */
public final class AdminFunctions {
    /** dbsize.c's units: name, the limit below which it is used, whether it rounds, its power of two. */
    private record Unit(String name, long limit, boolean round, int bits) {
    }

    private static final Unit[] UNITS = {
        new Unit("bytes", 10 * 1024, false, 0),
        new Unit("kB", 20 * 1024 - 1, true, 10),
        new Unit("MB", 20 * 1024 - 1, true, 20),
        new Unit("GB", 20 * 1024 - 1, true, 30),
        new Unit("TB", 20 * 1024 - 1, true, 40),
        new Unit("PB", 20 * 1024 - 1, true, 50),
    };

    private AdminFunctions() {
    }

    static void register(ImmutableMultimap.Builder<String, Function> b) {
        PgCatalogFunctions.fn(b, AdminFunctions.class, "pg_sleep", "sleep", true, VARCHAR, DOUBLE);
        PgCatalogFunctions.fn(b, AdminFunctions.class, "pg_size_pretty", "sizePretty", true, VARCHAR, BIGINT);
        PgCatalogFunctions.fn(b, AdminFunctions.class, "pg_size_pretty", "sizePrettyNumeric", true, VARCHAR,
                DECIMAL);
        ObjectSizes.register(b);
    }

    /**
     * {@code pg_sleep(seconds)}: returns after {@code seconds} (fractions allowed; zero, negative or NaN return at
     * once) with the empty string (PostgreSQL's void).
     *
     * @throws TesseraException 57014 as soon as the statement is cancelled while it waits
     */
    public static String sleep(DataContext root, Double seconds) {
        Cancellation cancellation = TesseraDataContext.statement(root).cancellation();
        cancellation.check();
        if (!(seconds > 0)) {
            return "";
        }
        long nanos = seconds >= Long.MAX_VALUE / 1e9 ? Long.MAX_VALUE : (long) (seconds * 1e9);
        CountDownLatch cancelled = new CountDownLatch(1);
        cancellation.onCancel(cancelled::countDown);
        try {
            cancelled.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TesseraException(SqlState.QUERY_CANCELED, "canceling statement due to interrupt");
        }
        cancellation.check();
        return "";
    }

    /** {@code pg_size_pretty(bigint)}: {@code 10 kB}, {@code -10 kB}, {@code 10239 bytes}, {@code 20 MB}. */
    public static String sizePretty(DataContext root, Long bytes) {
        long size = bytes;
        for (int i = 0; ; i++) {
            Unit unit = UNITS[i];
            if (i == UNITS.length - 1 || Math.abs(size) < unit.limit()) {
                if (unit.round()) {
                    size = (size + (size < 0 ? -1 : 1)) / 2;
                }
                return size + " " + unit.name();
            }
            size /= 1L << shift(i);
        }
    }

    /**
     * {@code pg_size_pretty(numeric)}: as the bigint form, for sizes beyond bigint and fractions of a byte
     * ({@code 1.5 bytes}); each step divides and truncates, as numeric_truncated_divide does.
     */
    public static String sizePrettyNumeric(DataContext root, BigDecimal bytes) {
        BigDecimal size = bytes;
        for (int i = 0; ; i++) {
            Unit unit = UNITS[i];
            if (i == UNITS.length - 1 || size.abs().compareTo(BigDecimal.valueOf(unit.limit())) < 0) {
                if (unit.round()) {
                    size = size.add(size.signum() >= 0 ? BigDecimal.ONE : BigDecimal.ONE.negate())
                            .divide(BigDecimal.valueOf(2), 0, RoundingMode.DOWN);
                }
                return size.toPlainString() + " " + unit.name();
            }
            size = size.divide(BigDecimal.valueOf(1L << shift(i)), 0, RoundingMode.DOWN);
        }
    }

    /**
     * The bits to divide by going from unit {@code i} to the next: one fewer when the next rounds (it halves at
     * the end), one more when this one rounds and the next does not.
     */
    private static int shift(int i) {
        Unit unit = UNITS[i];
        Unit next = UNITS[i + 1];
        return next.bits() - unit.bits() - (next.round() ? 1 : 0) + (unit.round() ? 1 : 0);
    }
}
