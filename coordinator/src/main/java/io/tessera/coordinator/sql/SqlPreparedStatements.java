package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.session.Column;
import io.tessera.coordinator.session.PreparedStatement;
import io.tessera.coordinator.session.QueryResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL-level prepared statements of a session: {@code PREPARE name [(type, ...)] AS statement},
 * {@code EXECUTE name [(argument, ...)]} and {@code DEALLOCATE [PREPARE] name | ALL}
 * (https://www.postgresql.org/docs/15/sql-prepare.html). A PREPARE prepares its statement as the extended
 * protocol's Parse does (same planner, same parameter typing: the declared types, else inferred); an EXECUTE
 * computes its arguments as the columns of one {@code SELECT} and runs the statement with them; the statements
 * live until DEALLOCATE or the end of the session. Errors as PostgreSQL's: 42P05 for a name in use, 26000 for an
 * unknown one, 42601 for a wrong number of arguments. Recognised before parsing, by their first word (Calcite's
 * grammar has none of them).
 */
final class SqlPreparedStatements {
    private static final Pattern PREPARE = Pattern.compile(
            "(?is)\\s*prepare\\s+(\"(?:[^\"]|\"\")+\"|[\\p{L}_][\\p{L}\\p{N}_$]*)\\s*(?:\\((.*?)\\))?\\s+as\\s+(.*)");
    private static final Pattern EXECUTE = Pattern.compile(
            "(?is)\\s*execute\\s+(\"(?:[^\"]|\"\")+\"|[\\p{L}_][\\p{L}\\p{N}_$]*)\\s*(?:\\((.*)\\))?\\s*;?\\s*");
    private static final Pattern DEALLOCATE = Pattern.compile(
            "(?is)\\s*deallocate\\s+(?:prepare\\s+)?(\"(?:[^\"]|\"\")+\"|[\\p{L}_][\\p{L}\\p{N}_$]*)\\s*;?\\s*");

    private record Prepared(PreparedStatement statement, String text) {
    }

    private final Map<String, Prepared> statements = new LinkedHashMap<>();
    /** Prepares SQL text with the given parameter type OIDs (0: infer), as the session does for Parse. */
    private final BiFunction<String, List<Integer>, PreparedStatement> prepare;

    SqlPreparedStatements(BiFunction<String, List<Integer>, PreparedStatement> prepare) {
        this.prepare = prepare;
    }

    /**
     * The statement for {@code sql} when it is a PREPARE, EXECUTE or DEALLOCATE, else null.
     *
     * @throws TesseraException for a PREPARE whose statement does not prepare (its error), 42P05
     */
    PreparedStatement tryPrepare(String sql) {
        String head = firstWord(sql);
        if (head == null) {
            return null;
        }
        switch (head) {
            case "prepare": {
                Matcher m = PREPARE.matcher(sql);
                if (!m.matches()) {
                    return null; // the parser reports the syntax error
                }
                String name = name(m.group(1));
                List<Integer> types = new ArrayList<>();
                if (m.group(2) != null && !m.group(2).isBlank()) {
                    for (String type : splitTopLevel(m.group(2))) {
                        types.add(prepare.apply("select null::" + type.trim(), List.of()).columns().get(0).typeOid());
                    }
                }
                String body = m.group(3).trim();
                if (body.endsWith(";")) {
                    body = body.substring(0, body.length() - 1);
                }
                String text = body;
                return command("PREPARE", () -> {
                    if (statements.containsKey(name)) {
                        throw new TesseraException(SqlState.DUPLICATE_PREPARED_STATEMENT,
                                "prepared statement \"" + name + "\" already exists");
                    }
                    statements.put(name, new Prepared(prepare.apply(text, types), text));
                });
            }
            case "execute": {
                Matcher m = EXECUTE.matcher(sql);
                if (!m.matches()) {
                    return null;
                }
                String name = name(m.group(1));
                Prepared p = lookup(name);
                List<String> arguments = m.group(2) == null || m.group(2).isBlank() ? List.of()
                        : splitTopLevel(m.group(2));
                int expected = p.statement().parameterTypes().size();
                if (arguments.size() != expected) {
                    throw new TesseraException(SqlState.SYNTAX_ERROR, "wrong number of parameters for prepared"
                            + " statement \"" + name + "\"", "Expected " + expected + " parameters but got "
                            + arguments.size() + ".", null, 0, null);
                }
                PreparedStatement argumentQuery = arguments.isEmpty() ? null
                        : prepare.apply(argumentSelect(arguments), List.of());
                return new PreparedStatement() {
                    @Override
                    public List<Integer> parameterTypes() {
                        return List.of();
                    }

                    @Override
                    public List<Column> columns() {
                        return p.statement().columns();
                    }

                    @Override
                    public boolean returnsRows() {
                        return p.statement().returnsRows();
                    }

                    @Override
                    public QueryResult execute(List<Object> params) {
                        List<Object> values = new ArrayList<>();
                        if (argumentQuery != null) {
                            try (QueryResult r = argumentQuery.execute(List.of())) {
                                Object[] row = r.next();
                                for (Object v : row) {
                                    values.add(v);
                                }
                            }
                        }
                        return p.statement().execute(values);
                    }
                };
            }
            case "deallocate": {
                Matcher m = DEALLOCATE.matcher(sql);
                if (!m.matches()) {
                    return null;
                }
                String name = name(m.group(1));
                boolean all = m.group(1).equalsIgnoreCase("all");
                return command(all ? "DEALLOCATE ALL" : "DEALLOCATE", () -> {
                    if (all) {
                        statements.clear();
                    } else if (statements.remove(name) == null) {
                        throw unknown(name);
                    }
                });
            }
            default:
                return null;
        }
    }

    /** The names and statements prepared now, in order (for pg_prepared_statements). */
    Map<String, String> texts() {
        Map<String, String> out = new LinkedHashMap<>();
        statements.forEach((k, v) -> out.put(k, v.text()));
        return out;
    }

    private Prepared lookup(String name) {
        Prepared p = statements.get(name);
        if (p == null) {
            throw unknown(name);
        }
        return p;
    }

    private static TesseraException unknown(String name) {
        return new TesseraException(SqlState.INVALID_SQL_STATEMENT_NAME,
                "prepared statement \"" + name + "\" does not exist");
    }

    /**
     * {@code SELECT (a1), (a2), ...}: the arguments' values, which binding then coerces to the parameters' types
     * (PostgreSQL's assignment coercion of EXECUTE arguments).
     */
    private static String argumentSelect(List<String> arguments) {
        StringBuilder b = new StringBuilder("select ");
        for (int i = 0; i < arguments.size(); i++) {
            b.append(i > 0 ? ", " : "").append('(').append(arguments.get(i)).append(')');
        }
        return b.toString();
    }

    private interface Body {
        void run();
    }

    private static PreparedStatement command(String tag, Body body) {
        return new PreparedStatement() {
            @Override
            public List<Integer> parameterTypes() {
                return List.of();
            }

            @Override
            public List<Column> columns() {
                return List.of();
            }

            @Override
            public QueryResult execute(List<Object> params) {
                body.run();
                return new ListResult(List.of(), List.of(), tag);
            }
        };
    }

    private static String name(String token) {
        if (token.startsWith("\"")) {
            return token.substring(1, token.length() - 1).replace("\"\"", "\"");
        }
        return token.toLowerCase(Locale.ROOT);
    }

    private static String firstWord(String sql) {
        int i = 0;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        int start = i;
        while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return i == start ? null : sql.substring(start, i).toLowerCase(Locale.ROOT);
    }

    /** Splits at commas outside parentheses, brackets and quotes. */
    private static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i).trim());
                start = i + 1;
            }
        }
        out.add(s.substring(start).trim());
        return out;
    }
}
