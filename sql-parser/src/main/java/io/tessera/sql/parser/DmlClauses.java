package io.tessera.sql.parser;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits PostgreSQL's {@code ON CONFLICT} and {@code RETURNING} clauses off an INSERT, UPDATE or DELETE, which
 * Calcite's grammar lacks. The statement keeps its length: each clause is blanked out of it (so positions in
 * errors stay the client's), and each clause is handed back as text of the same length in which only the clause
 * remains, turned into something Calcite parses, at the same offsets:
 * <pre>
 *   insert into t values ($1) on conflict (k) do update set v = excluded.v where t.v &lt; 9 returning *
 *   insert into t values (?)                                                                             statement
 *   update t                                            set v = excluded.v where t.v &lt; 9                  onConflict
 *                                                                                          select    *   returning
 * </pre>
 * The markers ({@code ?}) of a clause are numbered from 0 by the parser; {@link Clause#parameterBase()} is the
 * number of markers before it in the statement, to be added to each (the clauses are always the statement's
 * last parts, ON CONFLICT before RETURNING, so a clause's markers follow the statement's).
 *
 * <p>Grammar (https://www.postgresql.org/docs/15/sql-insert.html): {@code ON CONFLICT [ ( column [, ...] )
 * [ WHERE predicate ] | ON CONSTRAINT name ] DO NOTHING | DO UPDATE SET ... [ WHERE condition ]} and
 * {@code RETURNING * | expression [ [ AS ] name ] [, ...]}. Only words at parenthesis depth 0, outside string
 * constants, quoted identifiers and comments, count.
 */
public final class DmlClauses {
    /**
     * One clause.
     *
     * @param text the clause as Calcite-parsable text at its original offsets (see the class comment), with the
     *     position map of the statement
     * @param parameterBase markers of the statement before the clause
     */
    public record Clause(Rewritten text, int parameterBase) {
    }

    /**
     * The ON CONFLICT clause.
     *
     * @param targetColumns the conflict target's columns as written (folded to lower case unless quoted), empty
     *     when none is given or for {@code ON CONSTRAINT}
     * @param constraint the constraint of {@code ON CONSTRAINT name}, or null
     * @param doUpdate DO UPDATE (else DO NOTHING)
     * @param update for DO UPDATE, {@code update t set ... [where ...]} (the name {@code t} is a stand-in)
     * @param offset the clause's offset in the rewritten statement (for error positions)
     */
    public record OnConflict(List<String> targetColumns, String constraint, boolean doUpdate, Clause update,
            int offset) {
    }

    private final Rewritten statement;
    private final OnConflict onConflict;
    private final Clause returning;

    private DmlClauses(Rewritten statement, OnConflict onConflict, Clause returning) {
        this.statement = statement;
        this.onConflict = onConflict;
        this.returning = returning;
    }

    /** The statement without its clauses (the input itself when it has none). */
    public Rewritten statement() {
        return statement;
    }

    /** The ON CONFLICT clause of an INSERT, or null. */
    public OnConflict onConflict() {
        return onConflict;
    }

    /** The RETURNING list as {@code select <list>}, or null. */
    public Clause returning() {
        return returning;
    }

    /** Whether the statement has either clause. */
    public boolean any() {
        return onConflict != null || returning != null;
    }

    /** A token: {@code [start, end)}, its parenthesis depth, and its word (lower case) when it is an unquoted word. */
    record Token(int start, int end, int depth, String word, boolean marker) {
    }

    /**
     * Splits {@code rewritten} (the output of {@link TesseraSqlParser#rewriteParameters}).
     *
     * @throws TesseraException 42601 for a malformed ON CONFLICT clause, with PostgreSQL's message and position
     */
    public static DmlClauses split(Rewritten rewritten) {
        String sql = rewritten.sql();
        List<Token> tokens = tokens(sql);
        if (tokens.isEmpty()) {
            return new DmlClauses(rewritten, null, null);
        }
        String first = tokens.get(0).word();
        boolean insert = "insert".equals(first);
        if (!insert && !"update".equals(first) && !"delete".equals(first)) {
            return new DmlClauses(rewritten, null, null);
        }
        int end = sql.length();
        int returningAt = -1;
        int conflictAt = -1;
        for (int i = 1; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.depth() != 0) {
                continue;
            }
            if (";".equals(sql.substring(t.start(), t.end()))) {
                end = t.start();
                break;
            }
            if ("returning".equals(t.word()) && returningAt < 0) {
                returningAt = i;
            } else if (insert && conflictAt < 0 && returningAt < 0 && "on".equals(t.word()) && i + 1 < tokens.size()
                    && "conflict".equals(tokens.get(i + 1).word())) {
                conflictAt = i;
            }
        }
        if (returningAt < 0 && conflictAt < 0) {
            return new DmlClauses(rewritten, null, null);
        }
        char[] statement = sql.toCharArray();
        Clause returning = null;
        if (returningAt >= 0) {
            Token kw = tokens.get(returningAt);
            char[] text = blank(sql.length());
            put(text, kw.start(), "select");
            System.arraycopy(statement, kw.end(), text, kw.end(), end - kw.end());
            returning = new Clause(rewritten.withSql(new String(text)), markersBefore(tokens, kw.start()));
            fill(statement, kw.start(), end);
        }
        OnConflict onConflict = null;
        if (conflictAt >= 0) {
            int clauseEnd = returningAt >= 0 ? tokens.get(returningAt).start() : end;
            onConflict = onConflict(rewritten, tokens, conflictAt, clauseEnd);
            fill(statement, tokens.get(conflictAt).start(), clauseEnd);
        }
        return new DmlClauses(rewritten.withSql(new String(statement)), onConflict, returning);
    }

    private static OnConflict onConflict(Rewritten rewritten, List<Token> tokens, int at, int clauseEnd) {
        String sql = rewritten.sql();
        int i = at + 2;
        List<String> columns = new ArrayList<>();
        String constraint = null;
        if (i < tokens.size() && "(".equals(text(sql, tokens.get(i)))) {
            int depth = tokens.get(i).depth();
            i++;
            while (i < tokens.size() && !(")".equals(text(sql, tokens.get(i))) && tokens.get(i).depth() == depth)) {
                Token t = tokens.get(i);
                String s = text(sql, t);
                if (!",".equals(s) && t.depth() == depth + 1) {
                    columns.add(identifier(s));
                }
                i++;
            }
            i++;
            if (i < tokens.size() && "where".equals(tokens.get(i).word())) { // the index predicate: the primary key
                while (i < tokens.size() && tokens.get(i).start() < clauseEnd && !"do".equals(tokens.get(i).word())) {
                    i++;
                }
            }
        } else if (i + 1 < tokens.size() && "on".equals(tokens.get(i).word())
                && "constraint".equals(tokens.get(i + 1).word())) {
            if (i + 2 >= tokens.size() || tokens.get(i + 2).start() >= clauseEnd) {
                throw syntax(rewritten, clauseEnd);
            }
            constraint = identifier(text(sql, tokens.get(i + 2)));
            i += 3;
        }
        if (i >= tokens.size() || !"do".equals(tokens.get(i).word())) {
            throw syntax(rewritten, i < tokens.size() ? tokens.get(i).start() : sql.length());
        }
        i++;
        String action = i < tokens.size() ? tokens.get(i).word() : null;
        if ("nothing".equals(action)) {
            if (i + 1 < tokens.size() && tokens.get(i + 1).start() < clauseEnd) {
                throw syntax(rewritten, tokens.get(i + 1).start());
            }
            return new OnConflict(columns, constraint, false, null, tokens.get(at).start());
        }
        if (!"update".equals(action)) {
            throw syntax(rewritten, i < tokens.size() ? tokens.get(i).start() : sql.length());
        }
        Token set = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
        if (set == null || !"set".equals(set.word())) {
            throw syntax(rewritten, set == null ? sql.length() : set.start());
        }
        char[] text = blank(sql.length());
        put(text, 0, "update t");
        sql.getChars(set.start(), clauseEnd, text, set.start());
        Clause update = new Clause(rewritten.withSql(new String(text)), markersBefore(tokens, set.start()));
        return new OnConflict(columns, constraint, true, update, tokens.get(at).start());
    }

    private static TesseraException syntax(Rewritten rewritten, int offset) {
        String sql = rewritten.sql();
        String near = SqlTokens.tokenAt(sql, Math.min(offset, sql.length()));
        int position = rewritten.originalOffset(offset) + 1;
        return new TesseraException(SqlState.SYNTAX_ERROR, near == null ? "syntax error at end of input"
                : "syntax error at or near \"" + near + "\"", null, null, position, null);
    }

    /** An identifier as PostgreSQL folds it: unquoted to lower case, quoted as written. */
    static String identifier(String s) {
        if (s.startsWith("\"") && s.endsWith("\"") && s.length() >= 2) {
            return s.substring(1, s.length() - 1).replace("\"\"", "\"");
        }
        return s.toLowerCase(Locale.ROOT);
    }

    private static String text(String sql, Token t) {
        return sql.substring(t.start(), t.end());
    }

    private static int markersBefore(List<Token> tokens, int offset) {
        int n = 0;
        for (Token t : tokens) {
            if (t.start() >= offset) {
                break;
            }
            if (t.marker()) {
                n++;
            }
        }
        return n;
    }

    private static char[] blank(int length) {
        char[] c = new char[length];
        java.util.Arrays.fill(c, ' ');
        return c;
    }

    private static void put(char[] text, int at, String s) {
        s.getChars(0, s.length(), text, at);
    }

    /** Blanks {@code [from, to)}, keeping line breaks (Calcite's positions count lines). */
    static void fill(char[] text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text[i] != '\n' && text[i] != '\r') {
                text[i] = ' ';
            }
        }
    }

    /** The tokens of {@code sql}, without white space and comments. */
    static List<Token> tokens(String sql) {
        List<Token> out = new ArrayList<>();
        int depth = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (SqlLexer.isComment(sql, i)) {
                i = SqlLexer.skipNonCode(sql, i);
            } else if (c == '\'' || c == '"') {
                int e = SqlLexer.skipNonCode(sql, i);
                out.add(new Token(i, e, depth, null, false));
                i = e;
            } else if (SqlLexer.isIdentifierStart(c)) {
                int e = i + 1;
                while (e < n && SqlLexer.isIdentifierPart(sql.charAt(e))) {
                    e++;
                }
                if (e < n && sql.charAt(e) == '\'' && e == i + 1 && (c == 'E' || c == 'e' || c == 'X' || c == 'x'
                        || c == 'B' || c == 'b' || c == 'U' || c == 'u')) {
                    i = e; // a prefixed string constant: the quote comes next
                    continue;
                }
                out.add(new Token(i, e, depth, sql.substring(i, e).toLowerCase(Locale.ROOT), false));
                i = e;
            } else if (c == '(' || c == '[') {
                out.add(new Token(i, i + 1, depth, null, false));
                depth++;
                i++;
            } else if (c == ')' || c == ']') {
                depth = Math.max(0, depth - 1);
                out.add(new Token(i, i + 1, depth, null, false));
                i++;
            } else {
                out.add(new Token(i, i + 1, depth, null, JsonOperators.isParameterMark(sql, i)));
                i++;
            }
        }
        return out;
    }
}
