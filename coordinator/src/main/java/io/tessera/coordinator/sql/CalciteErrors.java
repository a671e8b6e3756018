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
    private static final Pattern UNKNOWN_TYPE = Pattern.compile("Unknown identifier '(.*)'");
    private static final Pattern COLUMN_NOT_FOUND = Pattern.compile("Column '([^']*)' not found in any table");
    private static final Pattern COLUMN_NOT_IN_TABLE = Pattern.compile("Column '([^']*)' not found in table '([^']*)'");
    private static final Pattern AMBIGUOUS = Pattern.compile("Column '([^']*)' is ambiguous");
    /** A CTE repeating a column name that the statement names (DerivedTableNames renames it otherwise). */
    private static final Pattern DUPLICATE_CTE_COLUMN =
            Pattern.compile("Column has duplicate column name '([^']*)' and no column list specified");
    private static final Pattern NO_FUNCTION = Pattern.compile("No match found for function signature (\\w+)\\((.*)\\)");
    private static final Pattern NOT_GROUPED = Pattern.compile("Expression '([^']*)' is not being grouped");
    private static final Pattern CANNOT_APPLY = Pattern.compile("Cannot apply '([^']*)' to arguments of type (.*)\\. Supported form.*",
            Pattern.DOTALL);

    private static final Pattern ILLEGAL_DATETIME_LITERAL = Pattern.compile("Illegal (DATE|TIMESTAMP|TIME) literal '(.*)': .*",
            Pattern.DOTALL);
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4,}-\\d{1,2}-\\d{1,2}.*");

    private static final Pattern WRONG_ARGUMENT_COUNT = Pattern.compile(
            "Invalid number of arguments to function '([^']*)'\\. Was expecting .*", Pattern.DOTALL);

    private static final Pattern CANNOT_CAST = Pattern.compile(
            "Cast function cannot convert value of type (.+) to type (.+)", Pattern.DOTALL);

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
        String named = null;
        if (ctx != null) {
            named = qualifiedNameAt(sql, offset(sql, ctx.getPosLine(), ctx.getPosColumn()) - 1);
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
            // Calcite names only the schema when the qualifier is what is missing; PostgreSQL names schema.relation
            String relation = named != null && named.startsWith(m.group(1) + ".") ? named : last(m.group(1));
            return error(SqlState.UNDEFINED_TABLE, "relation \"" + relation + "\" does not exist", position);
        }
        if ((m = UNKNOWN_TYPE.matcher(message)).matches()) {
            // Calcite's word for a type name (x::name, CAST(x AS name)) that no schema defines
            return error(SqlState.UNDEFINED_OBJECT, "type \"" + m.group(1) + "\" does not exist", position);
        }
        if ((m = COLUMN_NOT_FOUND.matcher(message)).matches()) {
            return error(SqlState.UNDEFINED_COLUMN, "column \"" + m.group(1) + "\" does not exist", position);
        }
        if ((m = COLUMN_NOT_IN_TABLE.matcher(message)).matches()) {
            return error(SqlState.UNDEFINED_COLUMN, "column " + m.group(2) + "." + m.group(1) + " does not exist", position);
        }
        if ((m = AMBIGUOUS.matcher(message)).matches() || (m = DUPLICATE_CTE_COLUMN.matcher(message)).matches()) {
            return error(SqlState.AMBIGUOUS_COLUMN, "column reference \"" + m.group(1) + "\" is ambiguous", position);
        }
        if ((m = NO_FUNCTION.matcher(message)).matches()) {
            return new TesseraException(SqlState.UNDEFINED_FUNCTION, "function " + m.group(1).toLowerCase()
                    + "(" + pgArgumentTypes(m.group(2)) + ") does not exist", null,
                    "No function matches the given name and argument types. You might need to add explicit type casts.",
                    position, null);
        }
        if ((m = NOT_GROUPED.matcher(message)).matches()) {
            return error(SqlState.GROUPING_ERROR, "column \"" + m.group(1)
                    + "\" must appear in the GROUP BY clause or be used in an aggregate function", position);
        }
        if ((m = CANNOT_APPLY.matcher(message)).matches()) {
            // Calcite's form: 'LENGTH(<INTEGER>)' for a function, '<INTEGER> + <BOOLEAN>' for an operator
            String form = m.group(2).strip().replaceAll("^'|'$", "");
            Matcher f = Pattern.compile("(\\w+)\\((.*)\\)").matcher(form);
            if (f.matches()) {
                return new TesseraException(SqlState.UNDEFINED_FUNCTION, "function " + f.group(1).toLowerCase(
                        java.util.Locale.ROOT) + "(" + pgArgumentTypes(f.group(2)) + ") does not exist", null,
                        "No function matches the given name and argument types. You might need to add explicit type casts.",
                        position, null);
            }
            // a type is <NAME ...>: the operators < and << are no types; a prefix operator is followed by a space
            form = form.replaceFirst("^([^<\\w\\s]+)<", "$1 <");
            Matcher types = Pattern.compile("<([A-Z][^<>]*)>").matcher(form);
            StringBuilder operator = new StringBuilder();
            int last = 0;
            while (types.find()) {
                operator.append(form, last, types.start()).append(pgArgumentTypes(types.group(1)));
                last = types.end();
            }
            operator.append(form.substring(last));
            return new TesseraException(SqlState.UNDEFINED_FUNCTION, "operator does not exist: " + operator.toString()
                    .strip(), null,
                    "No operator matches the given name and argument types. You might need to add explicit type casts.",
                    position, null);
        }
        if ((m = ILLEGAL_DATETIME_LITERAL.matcher(message)).matches()) {
            // date '2023-02-29': a well-formed date that does not exist is out of range, anything else bad syntax
            String type = switch (m.group(1)) {
                case "DATE" -> "date";
                case "TIME" -> "time without time zone";
                default -> "timestamp without time zone";
            };
            return ISO_DATE.matcher(m.group(2)).matches()
                    ? error(SqlState.DATETIME_FIELD_OVERFLOW, "date/time field value out of range: \"" + m.group(2) + "\"", position)
                    : error(SqlState.INVALID_DATETIME_FORMAT, "invalid input syntax for type " + type + ": \"" + m.group(2) + "\"",
                            position);
        }
        if ((m = CANNOT_CAST.matcher(message)).matches()) {
            return error(SqlState.CANNOT_COERCE, "cannot cast type " + pgTypeName(m.group(1)) + " to "
                    + pgTypeName(m.group(2)), position);
        }
        String windowError = windowError(message);
        if (windowError != null) {
            return error(SqlState.WINDOWING_ERROR, windowError, position);
        }
        if (message.startsWith("OVER clause is necessary for window functions")) {
            String name = wordAt(sql, ctx == null ? 0 : offset(sql, ctx.getPosLine(), ctx.getPosColumn()));
            return error(SqlState.WRONG_OBJECT_TYPE, "window function " + name + " requires an OVER clause", position);
        }
        if ((m = WRONG_ARGUMENT_COUNT.matcher(message)).matches() && java.util.Set.of("RANK", "DENSE_RANK",
                "PERCENT_RANK", "CUME_DIST").contains(m.group(1))) {
            // with arguments these are PostgreSQL's hypothetical-set aggregates
            return error(SqlState.WRONG_OBJECT_TYPE, "WITHIN GROUP is required for ordered-set aggregate "
                    + m.group(1).toLowerCase(java.util.Locale.ROOT), position);
        }
        if ((m = WRONG_ARGUMENT_COUNT.matcher(message)).matches()) {
            // PostgreSQL names the argument types, which Calcite's message does not carry
            return new TesseraException(SqlState.UNDEFINED_FUNCTION, "function " + m.group(1).toLowerCase(java.util.Locale.ROOT)
                    + " does not exist with this number of arguments", null,
                    "No function matches the given name and argument types. You might need to add explicit type casts.",
                    position, null);
        }
        if (message.startsWith("WHERE clause must be a condition")) {
            return error(SqlState.DATATYPE_MISMATCH, "argument of WHERE must be type boolean", position);
        }
        if (message.startsWith("HAVING clause must be a condition")) {
            return error(SqlState.DATATYPE_MISMATCH, "argument of HAVING must be type boolean", position);
        }
        if (message.startsWith("Illegal use of dynamic parameter")) {
            return error(SqlState.INDETERMINATE_DATATYPE, "could not determine data type of parameter", position);
        }
        if (ctx != null) {
            return error(SqlState.SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION, message, position);
        }
        return new TesseraException(SqlState.INTERNAL_ERROR, message, e);
    }

    /**
     * Calcite's argument list of a failed function lookup ({@code <NUMERIC>, <CHARACTER>}) in PostgreSQL's terms: an
     * integer literal is {@code integer} and a string literal {@code unknown}, as PostgreSQL resolves them.
     */
    static String pgArgumentTypes(String calcite) {
        if (calcite.isBlank()) {
            return "";
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        // interval is a Java type to Calcite, printed JavaType(class ...PgInterval); a typmod (TIMESTAMP(3),
        // DECIMAL(10, 2)) is not part of the type's name in PostgreSQL's messages
        String named = calcite.replaceAll("(?i)JavaType\\(class [\\w.$]*PgInterval\\)", "INTERVAL")
                .replaceAll("(?i)JavaType\\(class [\\w.$]*PgTime\\)", "TIME");
        for (String t : named.replaceAll("\\([^)]*\\)", "").split(",\\s*")) {
            String name = t.strip().replaceAll("^<|>$", "").replace(" NOT NULL", "").strip()
                    .toUpperCase(java.util.Locale.ROOT);
            if (name.length() > 1 && name.startsWith("\"") && name.endsWith("\"")) {
                // already PostgreSQL's name (TesseraValidator.handleUnresolvedFunction)
                out.add(t.strip().replaceAll("^<\"|\">$", ""));
                continue;
            }
            if (name.endsWith(" ARRAY")) {
                // PostgreSQL names an array type by its element type and []: integer[]
                // an array of string literals is text[] (PostgreSQL resolves the constructor's unknowns as text)
                String element = pgArgumentTypes(name.substring(0, name.length() - " ARRAY".length()));
                out.add((element.equals("unknown") ? "text" : element) + "[]");
                continue;
            }
            out.add(switch (name) {
                case "NUMERIC", "INTEGER" -> "integer";
                case "CHARACTER", "CHAR" -> "unknown";
                case "VARCHAR" -> "text";
                case "BIGINT" -> "bigint";
                case "SMALLINT" -> "smallint";
                case "DECIMAL" -> "numeric";
                case "DOUBLE", "FLOAT" -> "double precision";
                case "REAL" -> "real";
                case "BOOLEAN" -> "boolean";
                case "DATE" -> "date";
                case "TIMESTAMP" -> "timestamp without time zone";
                case "TIMESTAMP_WITH_LOCAL_TIME_ZONE", "TIMESTAMP WITH LOCAL TIME ZONE" -> "timestamp with time zone";
                case "TIME" -> "time without time zone";
                case "VARBINARY", "BINARY" -> "bytea";
                case "NULL" -> "unknown";
                default -> name.toLowerCase(java.util.Locale.ROOT);
            });
        }
        return String.join(", ", out);
    }

    /** A Calcite type as PostgreSQL's {@code format_type} names it ({@code DECIMAL(10, 2)} is numeric). */
    static String pgTypeName(String calcite) {
        String base = calcite.strip().replaceAll("\\(.*\\)", "").replace(" NOT NULL", "").strip()
                .toUpperCase(java.util.Locale.ROOT);
        return switch (base) {
            case "INTEGER" -> "integer";
            case "VARCHAR", "CHAR" -> base.equals("CHAR") ? "character" : "text";
            case "TIMESTAMP_WITH_LOCAL_TIME_ZONE", "TIMESTAMP WITH LOCAL TIME ZONE" -> "timestamp with time zone";
            case "VARBINARY", "BINARY" -> "bytea";
            default -> pgArgumentTypes(base);
        };
    }

    /** The lower-cased identifier starting at 1-based {@code offset} of {@code sql} ("?" when there is none). */
    static String wordAt(String sql, int offset) {
        int i = offset - 1;
        if (i < 0 || i >= sql.length()) {
            return "?";
        }
        int end = i;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
            end++;
        }
        return end == i ? "?" : sql.substring(i, end).toLowerCase(java.util.Locale.ROOT);
    }

    private static TesseraException error(SqlState state, String message, int position) {
        return new TesseraException(state, message, null, null, position, null);
    }

    /**
     * The schema-qualified name ({@code s.t}, unquoted parts folded to lower case) that starts at 0-based offset
     * {@code start} of {@code sql}, or null when no qualified name starts there.
     */
    private static String qualifiedNameAt(String sql, int start) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        int p = start;
        while (p >= 0 && p < sql.length()) {
            if (sql.charAt(p) == '"') {
                int end = sql.indexOf('"', p + 1);
                if (end < 0) {
                    return null;
                }
                parts.add(sql.substring(p + 1, end));
                p = end + 1;
            } else if (Character.isLetter(sql.charAt(p)) || sql.charAt(p) == '_') {
                int end = p;
                while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
                        || sql.charAt(end) == '$')) {
                    end++;
                }
                parts.add(sql.substring(p, end).toLowerCase(java.util.Locale.ROOT));
                p = end;
            } else {
                return null;
            }
            if (p >= sql.length() || sql.charAt(p) != '.') {
                break;
            }
            p++;
        }
        return parts.size() == 2 ? parts.get(0) + "." + parts.get(1) : null;
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

    /**
     * PostgreSQL's 42P20 message for Calcite's message about a window function's place or frame (parse_agg.c,
     * parse_clause.c), or null for another message.
     */
    private static String windowError(String message) {
        Matcher m = WINDOW_PLACE.matcher(message);
        if (m.matches()) {
            return "window functions are not allowed in " + (m.group(1) != null ? m.group(1) : m.group(2));
        }
        if (message.startsWith("ORDER BY expression should not contain OVER clause")
                || message.startsWith("PARTITION BY expression should not contain OVER clause")) {
            return "window functions are not allowed in window definitions";
        }
        if (message.startsWith("UNBOUNDED FOLLOWING cannot be specified for the lower frame boundary")) {
            return "frame start cannot be UNBOUNDED FOLLOWING";
        }
        if (message.startsWith("UNBOUNDED PRECEDING cannot be specified for the upper frame boundary")) {
            return "frame end cannot be UNBOUNDED PRECEDING";
        }
        if (message.startsWith("Upper frame boundary cannot be PRECEDING when lower boundary is CURRENT ROW")) {
            return "frame starting from current row cannot have preceding rows";
        }
        if (message.startsWith("Upper frame boundary cannot be PRECEDING when lower boundary is FOLLOWING")
                || message.startsWith("Upper frame boundary cannot be CURRENT ROW when lower boundary is FOLLOWING")) {
            return "frame starting from following row cannot have preceding rows";
        }
        return null;
    }

    private static final Pattern WINDOW_PLACE = Pattern.compile("(?s)(?:Windowed aggregate expression is illegal in "
            + "(WHERE|GROUP BY) clause|Window expressions are not permitted in the (HAVING) clause.*)");
}
