package io.tessera.sql.parser;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a statement whose {@code WITH} holds data-modifying statements, or heads an INSERT, UPDATE or DELETE
 * (PostgreSQL 15 documentation, 7.8.4 "Data-Modifying Statements in WITH"), into its WITH queries and its main
 * statement, which Calcite's grammar cannot parse as one:
 * <pre>
 *   with d as (delete from a where k &lt; 3 returning *), s as (select 1) insert into b select * from d
 *   ctes: d DELETE "delete from a where k &lt; 3 returning *", s SELECT "select 1"
 *   main: INSERT "insert into b select * from d"
 * </pre>
 * Each part is handed back as the whole statement's text with everything else blanked out, so positions in its
 * errors stay the client's. The statement is found on raw SQL (before {@link TesseraSqlParser#rewriteParameters}):
 * only words at the statement's own parenthesis depth 0, outside string constants, quoted identifiers and
 * comments, count.
 *
 * <p>Refused as PostgreSQL refuses them (0A000): a data-modifying WITH query anywhere but in the top-level WITH
 * ("WITH clause containing a data-modifying statement must be at the top level", at the query's name), and a
 * data-modifying WITH query without RETURNING that is read ("WITH query "d" does not have a RETURNING clause", at
 * the reference).
 */
public final class ModifyingWith {
    /** What a WITH query or the main statement is. */
    public enum Kind {
        SELECT, INSERT, UPDATE, DELETE;

        /** Whether it writes. */
        public boolean modifies() {
            return this != SELECT;
        }
    }

    /**
     * One WITH query.
     *
     * @param name the name as PostgreSQL folds it
     * @param head the text of {@code name [(column, ...)]} as written
     * @param columns the column list as written ({@code (a, b)}), or null
     * @param body the query's text (without its parentheses) at its offsets in the statement, the rest blanked
     * @param kind its statement kind
     * @param returning for a data-modifying one, whether it has RETURNING
     */
    public record Cte(String name, String head, String columns, String body, Kind kind, boolean returning) {
    }

    private static final Set<String> MODIFYING = Set.of("insert", "update", "delete");

    private final List<Cte> ctes;
    private final boolean recursive;
    private final String main;
    private final Kind mainKind;
    private final int mainStart;

    private ModifyingWith(List<Cte> ctes, boolean recursive, String main, Kind mainKind, int mainStart) {
        this.ctes = ctes;
        this.recursive = recursive;
        this.main = main;
        this.mainKind = mainKind;
        this.mainStart = mainStart;
    }

    /** The WITH queries in written order. */
    public List<Cte> ctes() {
        return ctes;
    }

    /** Whether the WITH said RECURSIVE. */
    public boolean recursive() {
        return recursive;
    }

    /** The main statement at its offsets in the statement, the WITH blanked. */
    public String main() {
        return main;
    }

    /** The main statement's kind. */
    public Kind mainKind() {
        return mainKind;
    }

    /** The main statement's offset in the statement. */
    public int mainStart() {
        return mainStart;
    }

    /**
     * Splits {@code sql}; null for a statement that is not one of these (no WITH, or a WITH of queries heading a
     * query), which Calcite parses as it is.
     *
     * @throws TesseraException 0A000 as the class comment says
     */
    public static ModifyingWith split(String sql) {
        if (!mentionsWith(sql)) {
            return null;
        }
        List<DmlClauses.Token> tokens = DmlClauses.tokens(sql);
        if (tokens.isEmpty() || "explain".equals(tokens.get(0).word())) {
            return null;
        }
        if ("create".equals(tokens.get(0).word())) {
            boolean view = tokens.stream().limit(6).anyMatch(t -> "view".equals(t.word()));
            try {
                refuseNested(sql, tokens, Set.of());
            } catch (TesseraException e) {
                if (view) {
                    throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                            "views must not contain data-modifying statements in WITH");
                }
                throw e;
            }
            return null;
        }
        ModifyingWith with = "with".equals(tokens.get(0).word()) ? parse(sql, tokens) : null;
        refuseNested(sql, tokens, with == null ? Set.of() : bodyOpenings(with, sql, tokens));
        if (with == null || (!with.mainKind.modifies() && with.ctes.stream().noneMatch(c -> c.kind.modifies()))) {
            return null;
        }
        with.refuseReadWithoutReturning(sql, tokens);
        return with;
    }

    /** A cheap test before tokenizing: whether the word {@code with} occurs at all. */
    private static boolean mentionsWith(String sql) {
        for (int i = sql.indexOf('w') < 0 && sql.indexOf('W') < 0 ? sql.length() : 0; i + 4 <= sql.length(); i++) {
            if (sql.regionMatches(true, i, "with", 0, 4) && (i == 0 || !SqlLexer.isIdentifierPart(sql.charAt(i - 1)))
                    && (i + 4 == sql.length() || !SqlLexer.isIdentifierPart(sql.charAt(i + 4)))) {
                return true;
            }
        }
        return false;
    }

    /** Parses {@code WITH [RECURSIVE] name [(cols)] AS [[NOT] MATERIALIZED] (body) [, ...] main}; null if not so. */
    private static ModifyingWith parse(String sql, List<DmlClauses.Token> tokens) {
        int i = 1;
        boolean recursive = false;
        if (i < tokens.size() && "recursive".equals(tokens.get(i).word())) {
            recursive = true;
            i++;
        }
        List<Cte> ctes = new ArrayList<>();
        while (true) {
            if (i >= tokens.size()) {
                return null;
            }
            DmlClauses.Token nameToken = tokens.get(i);
            String nameText = sql.substring(nameToken.start(), nameToken.end());
            if (nameToken.depth() != 0 || (nameToken.word() == null && !nameText.startsWith("\""))) {
                return null;
            }
            i++;
            String columns = null;
            int headEnd = nameToken.end();
            if (i < tokens.size() && is(sql, tokens.get(i), "(")) {
                int close = closing(tokens, i);
                if (close < 0) {
                    return null;
                }
                columns = sql.substring(tokens.get(i).start(), tokens.get(close).end());
                headEnd = tokens.get(close).end();
                i = close + 1;
            }
            if (i >= tokens.size() || !"as".equals(tokens.get(i).word())) {
                return null;
            }
            i++;
            if (i < tokens.size() && "not".equals(tokens.get(i).word())) {
                i++;
            }
            if (i < tokens.size() && "materialized".equals(tokens.get(i).word())) {
                i++;
            }
            if (i >= tokens.size() || !is(sql, tokens.get(i), "(")) {
                return null;
            }
            int close = closing(tokens, i);
            if (close < 0 || close == i + 1) {
                return null;
            }
            Kind kind = kind(tokens.get(i + 1).word());
            boolean returning = false;
            for (int j = i + 1; j < close; j++) {
                returning |= tokens.get(j).depth() == 1 && "returning".equals(tokens.get(j).word());
            }
            ctes.add(new Cte(DmlClauses.identifier(nameText), sql.substring(nameToken.start(), headEnd), columns,
                    only(sql, tokens.get(i + 1).start(), tokens.get(close).start()), kind, returning));
            i = close + 1;
            if (i < tokens.size() && is(sql, tokens.get(i), ",")) {
                i++;
                continue;
            }
            break;
        }
        if (i >= tokens.size() || (tokens.get(i).word() != null && Set.of("search", "cycle").contains(
                tokens.get(i).word()))) {
            return null; // SEARCH / CYCLE: the ordinary path reports them
        }
        int end = sql.length();
        for (int j = i; j < tokens.size(); j++) {
            if (tokens.get(j).depth() == 0 && is(sql, tokens.get(j), ";")) {
                end = tokens.get(j).start();
                break;
            }
        }
        DmlClauses.Token first = tokens.get(i);
        Kind mainKind = kind(first.word());
        return new ModifyingWith(List.copyOf(ctes), recursive, only(sql, first.start(), end), mainKind,
                first.start());
    }

    private static Kind kind(String word) {
        return word == null ? Kind.SELECT : switch (word) {
            case "insert" -> Kind.INSERT;
            case "update" -> Kind.UPDATE;
            case "delete" -> Kind.DELETE;
            default -> Kind.SELECT;
        };
    }

    /** The token indexes of the top-level WITH queries' opening parentheses. */
    private static Set<Integer> bodyOpenings(ModifyingWith with, String sql, List<DmlClauses.Token> tokens) {
        Set<Integer> out = new java.util.HashSet<>();
        for (int i = 0; i < tokens.size() && tokens.get(i).start() < with.mainStart; i++) {
            if (tokens.get(i).depth() == 0 && is(sql, tokens.get(i), "(") && i > 0
                    && Set.of("as", "materialized").contains(String.valueOf(tokens.get(i - 1).word()))) {
                out.add(i);
            }
        }
        return out;
    }

    /** 0A000 for a data-modifying WITH query that is not one of the top-level WITH's ({@code allowed}). */
    private static void refuseNested(String sql, List<DmlClauses.Token> tokens, Set<Integer> allowed) {
        for (int i = 1; i + 1 < tokens.size(); i++) {
            DmlClauses.Token t = tokens.get(i);
            if (allowed.contains(i) || !is(sql, t, "(") || !MODIFYING.contains(String.valueOf(tokens.get(i + 1).word()))
                    || !Set.of("as", "materialized").contains(String.valueOf(tokens.get(i - 1).word()))) {
                continue;
            }
            int as = i - 1;
            while (as > 0 && !"as".equals(tokens.get(as).word())) {
                as--; // past [NOT] MATERIALIZED
            }
            int name = as - 1;
            if (name > 0 && is(sql, tokens.get(name), ")")) {
                while (name > 0 && !(is(sql, tokens.get(name), "(")
                        && tokens.get(name).depth() == tokens.get(as - 1).depth())) {
                    name--;
                }
                name--;
            }
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                    "WITH clause containing a data-modifying statement must be at the top level", null, null,
                    tokens.get(Math.max(name, 0)).start() + 1, null);
        }
    }

    /**
     * 0A000 for a read of a data-modifying WITH query without RETURNING: its name as a FROM item (after FROM, JOIN,
     * USING or a comma) in a later WITH query or the main statement.
     */
    private void refuseReadWithoutReturning(String sql, List<DmlClauses.Token> tokens) {
        for (Cte c : ctes) {
            if (!c.kind.modifies() || c.returning) {
                continue;
            }
            int from = c.body.stripTrailing().length();
            for (int i = 1; i < tokens.size(); i++) {
                DmlClauses.Token t = tokens.get(i);
                if (t.start() >= from && fromItem(sql, tokens, i) && (t.word() != null || sql.charAt(t.start()) == '"')
                        && DmlClauses.identifier(sql.substring(t.start(), t.end())).equals(c.name)
                        && (i + 1 >= tokens.size() || !is(sql, tokens.get(i + 1), "."))) {
                    throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "WITH query \"" + c.name
                            + "\" does not have a RETURNING clause", null, null, t.start() + 1, null);
                }
            }
        }
    }

    /**
     * The offset in an INSERT's text ({@link #main()} or a WITH query's body) where its source ({@code SELECT},
     * {@code VALUES}, a parenthesised query, {@code WITH}) begins, after {@code INSERT INTO table [AS alias]
     * [(column, ...)] [OVERRIDING ... VALUE]}; -1 for {@code DEFAULT VALUES} or what is not an INSERT.
     */
    public static int insertSource(String insert) {
        List<DmlClauses.Token> tokens = DmlClauses.tokens(insert);
        for (int i = 0; i < tokens.size(); i++) {
            DmlClauses.Token t = tokens.get(i);
            if (t.depth() != 0) {
                continue;
            }
            if (Set.of("select", "values", "with").contains(String.valueOf(t.word()))) {
                return t.start();
            }
            if ("default".equals(t.word())) {
                return -1;
            }
            if (is(insert, t, "(") && i + 1 < tokens.size() && Set.of("select", "values", "with", "(")
                    .contains(tokens.get(i + 1).word() == null ? insert.substring(tokens.get(i + 1).start(),
                    tokens.get(i + 1).end()) : tokens.get(i + 1).word())) {
                return t.start();
            }
        }
        return -1;
    }

    /**
     * A WITH query to inline in place of the FROM items naming it.
     *
     * @param query its query text, without parentheses
     * @param columns its column list as written ({@code (a, b)}), or null
     */
    public record Relation(String query, String columns) {
    }

    private static final Set<String> NOT_ALIASES = Set.of("where", "join", "inner", "left", "right", "full", "cross",
            "natural", "on", "using", "group", "order", "limit", "offset", "having", "window", "union", "intersect",
            "except", "returning", "set", "for", "fetch", "lateral", "select", "values");

    /**
     * {@code sql} with each FROM item (after FROM, JOIN, USING, or a comma of a FROM list) that names one of
     * {@code relations} replaced by {@code (query) AS name(columns)}; an alias written after it
     * ({@code d [AS] x [(a, b)]}) names the sub-query instead.
     */
    public static String inline(String sql, java.util.Map<String, Relation> relations) {
        List<DmlClauses.Token> tokens = DmlClauses.tokens(sql);
        StringBuilder out = new StringBuilder();
        int copied = 0;
        for (int i = 1; i < tokens.size(); i++) {
            DmlClauses.Token t = tokens.get(i);
            if (t.word() == null && sql.charAt(t.start()) != '"') {
                continue;
            }
            Relation r = relations.get(DmlClauses.identifier(sql.substring(t.start(), t.end())));
            if (r == null || !fromItem(sql, tokens, i)
                    || (i + 1 < tokens.size() && (is(sql, tokens.get(i + 1), ".") || is(sql, tokens.get(i + 1), "(")))) {
                continue;
            }
            String name = sql.substring(t.start(), t.end());
            String columns = r.columns() == null ? "" : r.columns();
            int end = t.end();
            int j = i + 1;
            if (j < tokens.size() && "as".equals(tokens.get(j).word())) {
                j++;
            }
            if (j < tokens.size() && (tokens.get(j).word() != null && !NOT_ALIASES.contains(tokens.get(j).word())
                    || sql.charAt(tokens.get(j).start()) == '"')) {
                name = sql.substring(tokens.get(j).start(), tokens.get(j).end());
                end = tokens.get(j).end();
                if (j + 1 < tokens.size() && is(sql, tokens.get(j + 1), "(")) {
                    columns = ""; // the alias's own column list follows
                }
            }
            out.append(sql, copied, t.start()).append("(").append(r.query()).append(") as ").append(name)
                    .append(columns);
            copied = end;
        }
        return out.append(sql, copied, sql.length()).toString();
    }

    /** Whether token {@code i} stands where a FROM item does. */
    private static boolean fromItem(String sql, List<DmlClauses.Token> tokens, int i) {
        String prev = tokens.get(i - 1).word();
        if (prev != null) {
            return Set.of("from", "join", "using").contains(prev);
        }
        if (!is(sql, tokens.get(i - 1), ",")) {
            return false;
        }
        int depth = tokens.get(i).depth();
        for (int j = i - 2; j >= 0 && tokens.get(j).depth() >= depth; j--) {
            String w = tokens.get(j).depth() == depth ? tokens.get(j).word() : null;
            if (w != null && Set.of("from", "using", "join").contains(w)) {
                return true;
            }
            if (w != null && Set.of("select", "where", "set", "returning", "on", "by", "having", "values")
                    .contains(w)) {
                return false;
            }
        }
        return false;
    }

    private static boolean is(String sql, DmlClauses.Token t, String text) {
        return t.word() == null && sql.startsWith(text, t.start()) && t.end() - t.start() == text.length();
    }

    /** The index of the token closing the parenthesis opened at token {@code open}, or -1. */
    private static int closing(List<DmlClauses.Token> tokens, int open) {
        int depth = tokens.get(open).depth();
        for (int j = open + 1; j < tokens.size(); j++) {
            if (tokens.get(j).depth() == depth) {
                return j; // the tokens inside are one deeper: the first at the same depth is the ")"
            }
        }
        return -1;
    }

    /** {@code sql} with everything outside {@code [from, to)} blanked (line breaks kept). */
    private static String only(String sql, int from, int to) {
        char[] text = sql.toCharArray();
        DmlClauses.fill(text, 0, from);
        DmlClauses.fill(text, to, text.length);
        return new String(text);
    }

    @Override
    public String toString() {
        return "ModifyingWith" + ctes + " " + mainKind + ": " + main.strip().toLowerCase(Locale.ROOT);
    }
}
