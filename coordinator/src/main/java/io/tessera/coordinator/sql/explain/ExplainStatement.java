package io.tessera.coordinator.sql.explain;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code EXPLAIN} statement split into its options and the statement it explains, in PostgreSQL 15's two
 * syntaxes (its EXPLAIN reference page): {@code EXPLAIN [ANALYZE] [VERBOSE] statement} and
 * {@code EXPLAIN ( option [, ...] ) statement} with ANALYZE, VERBOSE, COSTS, SETTINGS, BUFFERS, WAL, TIMING,
 * SUMMARY (each with an optional boolean) and FORMAT {TEXT | JSON}. Calcite's grammar has only
 * {@code EXPLAIN PLAN FOR}, so the prefix is read here and the rest parsed as an ordinary statement.
 *
 * @param analyze run the statement and report what it did
 * @param verbose add each node's output columns
 * @param costs print the planner's estimates
 * @param json FORMAT JSON instead of TEXT
 * @param statement the explained statement's text
 */
public record ExplainStatement(boolean analyze, boolean verbose, boolean costs, boolean json, String statement) {
    private static final Pattern HEAD = Pattern.compile("(?is)^\\s*explain\\b\\s*");
    private static final Pattern WORD = Pattern.compile("(?is)^(analy[sz]e|verbose)\\b\\s*");

    /** Whether {@code sql} is an EXPLAIN statement. */
    public static boolean matches(String sql) {
        return HEAD.matcher(sql).find();
    }

    /**
     * Parses the EXPLAIN prefix of {@code sql}.
     *
     * @throws TesseraException 42601 for a malformed option list or no statement, 22023 for an unknown FORMAT or a
     *     value that is not a boolean, 42601 for an unknown option (PostgreSQL's codes)
     */
    public static ExplainStatement parse(String sql) {
        Matcher head = HEAD.matcher(sql);
        if (!head.find()) {
            throw new IllegalArgumentException("not an EXPLAIN: " + sql);
        }
        String rest = sql.substring(head.end());
        boolean analyze = false;
        boolean verbose = false;
        boolean costs = true;
        boolean json = false;
        if (rest.startsWith("(")) {
            int close = rest.indexOf(')');
            if (close < 0) {
                throw syntax("syntax error at end of input");
            }
            for (String option : rest.substring(1, close).split(",")) {
                String[] words = option.trim().split("\\s+");
                if (words.length == 0 || words[0].isEmpty() || words.length > 2) {
                    throw syntax("syntax error at or near \"" + option.trim() + "\"");
                }
                String name = words[0].toLowerCase(Locale.ROOT);
                String value = words.length == 2 ? words[1].toLowerCase(Locale.ROOT) : null;
                switch (name) {
                    case "analyze", "analyse" -> analyze = bool(name, value);
                    case "verbose" -> verbose = bool(name, value);
                    case "costs" -> costs = bool(name, value);
                    case "settings", "buffers", "wal", "timing", "summary" -> bool(name, value);
                    case "format" -> {
                        if ("json".equals(value)) {
                            json = true;
                        } else if ("text".equals(value)) {
                            json = false;
                        } else {
                            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                                    "unrecognized value for EXPLAIN option \"format\": \"" + words[words.length - 1]
                                            + "\"");
                        }
                    }
                    default -> throw syntax("unrecognized EXPLAIN option \"" + words[0] + "\"");
                }
            }
            rest = rest.substring(close + 1);
        } else {
            for (Matcher m = WORD.matcher(rest); m.find(); m = WORD.matcher(rest)) {
                if (m.group(1).toLowerCase(Locale.ROOT).startsWith("analy")) {
                    analyze = true;
                } else {
                    verbose = true;
                }
                rest = rest.substring(m.end());
            }
        }
        rest = rest.strip();
        if (rest.endsWith(";")) {
            rest = rest.substring(0, rest.length() - 1).strip();
        }
        if (rest.isEmpty()) {
            throw syntax("syntax error at end of input");
        }
        return new ExplainStatement(analyze, verbose, costs, json, rest);
    }

    private static boolean bool(String option, String value) {
        if (value == null) {
            return true;
        }
        return switch (value) {
            case "true", "on", "1", "yes" -> true;
            case "false", "off", "0", "no" -> false;
            default -> throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                    option + " requires a Boolean value");
        };
    }

    private static TesseraException syntax(String message) {
        return new TesseraException(SqlState.SYNTAX_ERROR, message);
    }
}
