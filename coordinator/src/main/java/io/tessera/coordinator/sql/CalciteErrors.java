package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.function.IntUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;

/**
 * Translates Calcite's validation errors into PostgreSQL's SQLSTATEs and message wording, with the error's
 * 1-based character position in the statement the client sent.
 */
public final class CalciteErrors {
    private static final Pattern OBJECT_NOT_FOUND = Pattern.compile("(?:Object|Table) '([^']*)' not found.*");
    private static final Pattern COLUMN_NOT_FOUND = Pattern.compile("Column '([^']*)' not found in any table");
    private static final Pattern COLUMN_NOT_IN_TABLE = Pattern.compile("Column '([^']*)' not found in table '([^']*)'");
    private static final Pattern AMBIGUOUS = Pattern.compile("Column '([^']*)' is ambiguous");
    private static final Pattern NO_FUNCTION = Pattern.compile("No match found for function signature (\\w+)\\((.*)\\)");
    private static final Pattern NOT_GROUPED = Pattern.compile("Expression '([^']*)' is not being grouped");
    private static final Pattern CANNOT_APPLY = Pattern.compile("Cannot apply '([^']*)' to arguments of type (.*)\\. Supported form.*",
            Pattern.DOTALL);

    private CalciteErrors() {
    }

    /**
     * The client-facing error for a Calcite exception thrown while validating or planning {@code sql}.
     *
     * @param sql the text Calcite parsed
     * @param toClientPosition maps a 1-based position in {@code sql} to one in the text the client sent
     */
    public static TesseraException translate(RuntimeException e, String sql, IntUnaryOperator toClientPosition) {
        if (e instanceof TesseraException te) {
            return te;
        }
        CalciteContextException ctx = find(e, CalciteContextException.class);
        int position = 0;
        String message;
        if (ctx != null) {
            position = toClientPosition.applyAsInt(offset(sql, ctx.getPosLine(), ctx.getPosColumn()));
            message = ctx.getCause() != null ? ctx.getCause().getMessage() : ctx.getMessage();
        } else {
            TesseraException nested = find(e, TesseraException.class);
            if (nested != null) {
                return nested;
            }
            message = e.getMessage();
        }
        if (message == null) {
            message = e.toString();
        }
        Matcher m;
        if ((m = OBJECT_NOT_FOUND.matcher(message)).matches()) {
            return error(SqlState.UNDEFINED_TABLE, "relation \"" + last(m.group(1)) + "\" does not exist", position);
        }
        if ((m = COLUMN_NOT_FOUND.matcher(message)).matches()) {
            return error(SqlState.UNDEFINED_COLUMN, "column \"" + m.group(1) + "\" does not exist", position);
        }
        if ((m = COLUMN_NOT_IN_TABLE.matcher(message)).matches()) {
            return error(SqlState.UNDEFINED_COLUMN, "column " + m.group(2) + "." + m.group(1) + " does not exist", position);
        }
        if ((m = AMBIGUOUS.matcher(message)).matches()) {
            return error(SqlState.AMBIGUOUS_COLUMN, "column reference \"" + m.group(1) + "\" is ambiguous", position);
        }
        if ((m = NO_FUNCTION.matcher(message)).matches()) {
            return new TesseraException(SqlState.UNDEFINED_FUNCTION, "function " + m.group(1).toLowerCase()
                    + "(" + m.group(2).toLowerCase() + ") does not exist", null,
                    "No function matches the given name and argument types. You might need to add explicit type casts.",
                    position, null);
        }
        if ((m = NOT_GROUPED.matcher(message)).matches()) {
            return error(SqlState.GROUPING_ERROR, "column \"" + m.group(1)
                    + "\" must appear in the GROUP BY clause or be used in an aggregate function", position);
        }
        if ((m = CANNOT_APPLY.matcher(message)).matches()) {
            return new TesseraException(SqlState.UNDEFINED_FUNCTION, "operator does not exist: " + m.group(1), null,
                    "No operator matches the given name and argument types. You might need to add explicit type casts.",
                    position, null);
        }
        if (message.startsWith("Illegal use of dynamic parameter")) {
            return error(SqlState.INDETERMINATE_DATATYPE, "could not determine data type of parameter", position);
        }
        if (ctx != null) {
            return error(SqlState.SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION, message, position);
        }
        return new TesseraException(SqlState.INTERNAL_ERROR, message, e);
    }

    private static TesseraException error(SqlState state, String message, int position) {
        return new TesseraException(state, message, null, null, position, null);
    }

    private static String last(String dotted) {
        int i = dotted.lastIndexOf('.');
        return i < 0 ? dotted : dotted.substring(i + 1);
    }

    /** 1-based character offset of a 1-based line and column. */
    static int offset(String sql, int line, int column) {
        if (line <= 0 || column <= 0) {
            return 0;
        }
        int pos = 0;
        for (int l = 1; l < line && pos >= 0; l++) {
            pos = sql.indexOf('\n', pos) + 1;
            if (pos == 0) {
                return 0;
            }
        }
        return pos + column;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }
}
