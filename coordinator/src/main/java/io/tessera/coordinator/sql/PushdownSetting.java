package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;

/**
 * {@code SET tessera.enable_pushdown = on | off} (default on): whether the planner may run joins and aggregates on
 * the datanodes (co-located and redistributed joins, partial aggregates, and a top-N above a join). Off, they run on
 * the coordinator over the gathered rows, and so do ORDER BY ... LIMIT and LIMIT; scans still go to the datanodes
 * with their filters and projections — the reference the pushed plans are checked against, and an escape hatch, in
 * the spirit of Postgres-XC's {@code enable_remotejoin} / {@code enable_remotegroup} / {@code enable_remotelimit}.
 * A custom (dotted) parameter as PostgreSQL allows them; the session's cached plans are dropped when it is set.
 */
public final class PushdownSetting {
    /** The parameter's name. */
    public static final String NAME = "tessera.enable_pushdown";

    private PushdownSetting() {
    }

    /** Whether pushdown is on in a session with these settings. */
    public static boolean enabled(Map<String, String> settings) {
        String v = settings.get(NAME);
        return v == null || parse(v);
    }

    /**
     * Checks a SET of {@code name} to {@code value} (null: RESET) and, when it is this parameter, runs
     * {@code dropPlans}.
     *
     * @throws TesseraException 22023 when the value is not a Boolean (PostgreSQL's message)
     */
    public static void onSet(String name, SqlNode value, Runnable dropPlans) {
        if (!NAME.equals(name)) {
            return;
        }
        if (value != null) {
            parse(value instanceof SqlLiteral lit ? String.valueOf(lit.toValue()) : value.toString());
        }
        dropPlans.run();
    }

    /** PostgreSQL's Boolean parameter values: on/off, true/false, yes/no, 1/0 (any case, unique prefixes aside). */
    private static boolean parse(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes", "1", "t", "y" -> true;
            case "off", "false", "no", "0", "f", "n" -> false;
            default -> throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                    "parameter \"" + NAME + "\" requires a Boolean value");
        };
    }
}
