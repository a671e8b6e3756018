package io.tessera.coordinator.catalog.pgcatalog;

import static org.apache.calcite.sql.type.SqlTypeName.DOUBLE;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

import com.google.common.collect.ImmutableMultimap;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.session.SessionRandom;
import io.tessera.coordinator.sql.exec.TesseraDataContext;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.calcite.DataContext;
import org.apache.calcite.schema.Function;

/**
 * {@code random()} and {@code setseed(double precision)}
 * (https://www.postgresql.org/docs/15/functions-math.html#FUNCTIONS-MATH-RANDOM-TABLE), both volatile
 * ({@link VolatileFunctions}): every call, and every row, draws a value of its own from the session's
 * {@link SessionRandom}. They replace Calcite's RAND, which a plan evaluated once for equal calls and which no
 * {@code setseed} could reach. {@code setseed} returns void (the empty string, as {@code pg_sleep}).
 */
public final class RandomFunctions {
    private RandomFunctions() {
    }

    static void register(ImmutableMultimap.Builder<String, Function> b) {
        PgCatalogFunctions.fn(b, RandomFunctions.class, "random", "random", false, DOUBLE);
        PgCatalogFunctions.fn(b, RandomFunctions.class, "setseed", "setseed", true, VARCHAR, DOUBLE);
    }

    /** {@code random()}: uniformly distributed in [0, 1), from the session's sequence where there is a session. */
    public static Double random(DataContext root) {
        SessionRandom r = TesseraDataContext.statement(root).random();
        return r == null ? ThreadLocalRandom.current().nextDouble() : r.next();
    }

    /**
     * {@code setseed(seed)}: the session's later {@code random()} values are the sequence of {@code seed}.
     *
     * @throws TesseraException 22023 for a seed outside [-1, 1] or NaN, with PostgreSQL's message (the seed as C's
     *     {@code %g} prints it); 0A000 outside a session
     */
    public static String setseed(DataContext root, Double seed) {
        if (!(seed >= -1 && seed <= 1)) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                    "setseed parameter " + formatG(seed) + " is out of allowed range [-1,1]");
        }
        SessionRandom r = TesseraDataContext.statement(root).random();
        if (r == null) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "setseed needs a session");
        }
        r.seed(seed);
        return "";
    }

    /**
     * {@code x} as PostgreSQL's {@code snprintf("%g")} prints it: six significant digits without trailing zeros,
     * in exponent form ({@code -1.23457e+06}) below 1e-4 or from 1e6; NaN, Infinity, -Infinity by name.
     */
    static String formatG(double x) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "Infinity" : "-Infinity";
        }
        if (x == 0) {
            return 1 / x < 0 ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(x).round(new MathContext(6));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 6) {
            String mantissa = rounded.movePointLeft(exponent).stripTrailingZeros().toPlainString();
            return mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
                    + Math.abs(exponent);
        }
        return rounded.stripTrailingZeros().toPlainString();
    }
}
