package io.tessera.sql.parser;

import static io.tessera.sql.parser.impl.TesseraSqlParserImplConstants.COMMA;
import static io.tessera.sql.parser.impl.TesseraSqlParserImplConstants.DOT;
import static io.tessera.sql.parser.impl.TesseraSqlParserImplConstants.EOF;
import static io.tessera.sql.parser.impl.TesseraSqlParserImplConstants.FROM;
import static io.tessera.sql.parser.impl.TesseraSqlParserImplConstants.LIMIT;
import static io.tessera.sql.parser.impl.TesseraSqlParserImplConstants.LPAREN;
import static io.tessera.sql.parser.impl.TesseraSqlParserImplConstants.MINUS;
import static io.tessera.sql.parser.impl.TesseraSqlParserImplConstants.NULL;
import static io.tessera.sql.parser.impl.TesseraSqlParserImplConstants.QUOTED_IDENTIFIER;
import static io.tessera.sql.parser.impl.TesseraSqlParserImplConstants.QUOTED_STRING;
import static io.tessera.sql.parser.impl.TesseraSqlParserImplConstants.SEMICOLON;
import static io.tessera.sql.parser.impl.TesseraSqlParserImplConstants.TO;
import static io.tessera.sql.parser.impl.TesseraSqlParserImplConstants.UNSIGNED_INTEGER_LITERAL;
import static io.tessera.sql.parser.impl.TesseraSqlParserImplConstants.WITH;

import io.tessera.common.error.SqlState;
import io.tessera.sql.parser.impl.TesseraSqlParserImpl;
import io.tessera.sql.parser.impl.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * The token-level pieces of the role, privilege and schema grammar (pgRoles.ftl) that PostgreSQL's grammar takes
 * keyword-blind: a name where any word is allowed (PostgreSQL's RoleSpec and ColId, so {@code current_user},
 * {@code user} or {@code public} arrive as words), role options (words that are no keywords of this parser), and
 * privileges. Each reads tokens from the parser it is given, as a JAVACODE production does.
 *
 * <p>Errors: {@link SqlPositionedException} at the offending token, 42601 (PostgreSQL's {@code syntax error at or
 * near "..."}) or 0A000 for the forms Tessera does not run.
 */
public final class PgWords {
    /** The table and schema privileges PostgreSQL has, each of which Tessera grants. */
    private static final Set<String> TABLE_PRIVILEGES = Set.of("select", "insert", "update", "delete", "truncate",
            "references", "trigger", "usage", "create");
    /** Privileges on other objects than tables and schemas. */
    private static final Set<String> OTHER_PRIVILEGES = Set.of("connect", "temporary", "temp", "execute");
    /** The object kinds of GRANT ... ON kind other than TABLE and SCHEMA. */
    private static final Set<String> OTHER_OBJECTS = Set.of("sequence", "database", "function",
            "procedure", "routine", "language", "type", "domain", "tablespace", "foreign", "large");

    private PgWords() {
    }

    /**
     * The next token as a name: an unquoted word (keywords included) folded to lower case, or a quoted identifier's
     * text.
     *
     * @throws SqlPositionedException 42601 when the token is no word
     */
    public static String word(TesseraSqlParserImpl p) {
        Token t = p.getNextToken();
        String w = wordOf(t);
        if (w == null) {
            throw syntaxError(p, t);
        }
        return w;
    }

    /** A name of dot-separated words ({@code s.t}), each as {@link #word}. */
    public static List<String> qualifiedName(TesseraSqlParserImpl p) {
        List<String> name = new ArrayList<>();
        name.add(word(p));
        while (p.getToken(1).kind == DOT) {
            p.getNextToken();
            name.add(word(p));
        }
        return name;
    }

    /** Whether {@code t} is the unquoted word {@code word} (lower case). */
    public static boolean isWord(Token t, String word) {
        return t.kind != QUOTED_IDENTIFIER && word.equals(wordOf(t));
    }

    /**
     * Role options up to the statement's end: {@code [WITH]} then flags ({@code SUPERUSER}, {@code NOLOGIN}, ...),
     * {@code [ENCRYPTED] PASSWORD 'p' | NULL}, {@code CONNECTION LIMIT n}; see
     * {@link io.tessera.sql.parser.acl.SqlAlterRole#options()} for the result's shape.
     *
     * @throws SqlPositionedException 42601 for anything else ({@code unrecognized role option "w"} for a word, as
     *     PostgreSQL says); 0A000 for VALID UNTIL, IN ROLE, ROLE, ADMIN, USER and
     *     SYSID
     */
    public static Map<String, Object> roleOptions(TesseraSqlParserImpl p) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (p.getToken(1).kind == WITH) {
            p.getNextToken();
        }
        while (p.getToken(1).kind != EOF && p.getToken(1).kind != SEMICOLON) {
            Token t = p.getNextToken();
            String w = t.kind == QUOTED_IDENTIFIER ? "" : String.valueOf(wordOf(t));
            switch (w) {
                case "superuser", "createdb", "createrole", "inherit", "login", "replication", "bypassrls" ->
                    out.put(w, true);
                case "nosuperuser", "nocreatedb", "nocreaterole", "noinherit", "nologin", "noreplication",
                    "nobypassrls" -> out.put(w.substring(2), false);
                case "encrypted", "password" -> {
                    if (w.equals("encrypted")) {
                        expectWord(p, "password");
                    }
                    Token v = p.getNextToken();
                    if (v.kind == QUOTED_STRING) {
                        out.put("password", v.image.substring(1, v.image.length() - 1).replace("''", "'"));
                    } else if (v.kind == NULL) {
                        out.put("password", null);
                    } else {
                        throw syntaxError(p, v);
                    }
                }
                case "connection" -> {
                    expect(p, LIMIT);
                    Token n = p.getNextToken();
                    boolean negative = n.kind == MINUS;
                    if (negative) {
                        n = p.getNextToken();
                    }
                    if (n.kind != UNSIGNED_INTEGER_LITERAL) {
                        throw syntaxError(p, n);
                    }
                    try {
                        out.put("connection limit", (negative ? -1 : 1) * Integer.parseInt(n.image));
                    } catch (NumberFormatException e) {
                        throw syntaxError(p, n);
                    }
                }
                case "valid", "in", "role", "admin", "user", "sysid" ->
                    throw unsupported("role option " + w.toUpperCase(Locale.ROOT) + " is not supported", t);
                default -> {
                    if (t.kind == QUOTED_IDENTIFIER || wordOf(t) == null) {
                        throw syntaxError(p, t);
                    }
                    // PostgreSQL's gram.y: an unknown word where a role option goes
                    throw new SqlPositionedException(SqlState.SYNTAX_ERROR, "unrecognized role option \"" + w + "\"",
                            pos(t));
                }
            }
        }
        return out;
    }

    /**
     * One privilege of GRANT/REVOKE, in lower case.
     *
     * @throws SqlPositionedException 0A000 for privileges on other objects than tables, column privileges and role
     *     membership ({@code GRANT role TO role}); 42601 for anything else that is no table privilege
     */
    public static String privilege(TesseraSqlParserImpl p) {
        Token t = p.getNextToken();
        String w = t.kind == QUOTED_IDENTIFIER ? null : wordOf(t);
        if (w != null && OTHER_PRIVILEGES.contains(w)) {
            throw unsupported("privilege " + w.toUpperCase(Locale.ROOT) + " is not supported: Tessera grants"
                    + " privileges on tables and schemas only", t);
        }
        if (w == null || !TABLE_PRIVILEGES.contains(w)) {
            int next = p.getToken(1).kind;
            if (wordOf(t) != null && (next == TO || next == FROM || next == COMMA)) {
                throw unsupported("role membership (GRANT role TO role) is not supported", t);
            }
            throw syntaxError(p, t);
        }
        if (p.getToken(1).kind == LPAREN) {
            throw unsupported("column privileges are not supported", p.getToken(1));
        }
        return w;
    }

    /** Refuses {@code GRANT role TO ...}: TO or FROM right after the privileges. */
    public static void refuseMembership(TesseraSqlParserImpl p) {
        int next = p.getToken(1).kind;
        if (next == TO || next == FROM) {
            throw unsupported("role membership (GRANT role TO role) is not supported", p.getToken(1));
        }
    }

    /** Refuses {@code ON kind} for the kinds of objects other than tables and schemas. */
    public static void refuseOtherObjects(TesseraSqlParserImpl p) {
        Token t = p.getToken(1);
        String w = t.kind == QUOTED_IDENTIFIER ? null : wordOf(t);
        if (w != null && OTHER_OBJECTS.contains(w)) {
            throw unsupported("privileges on " + w + " objects are not supported: Tessera grants privileges on"
                    + " tables and schemas only", t);
        }
    }

    /** After {@code ON ALL}: the word TABLES (0A000 for SEQUENCES, FUNCTIONS, ...). */
    public static void expectTables(TesseraSqlParserImpl p) {
        Token t = p.getNextToken();
        if (!isWord(t, "tables")) {
            throw unsupported("only ON ALL TABLES IN SCHEMA is supported", t);
        }
    }

    /** A 0A000 error at {@code t}. */
    public static SqlPositionedException unsupported(String message, Token t) {
        return new SqlPositionedException(SqlState.FEATURE_NOT_SUPPORTED, message, pos(t));
    }

    private static void expect(TesseraSqlParserImpl p, int kind) {
        Token t = p.getNextToken();
        if (t.kind != kind) {
            throw syntaxError(p, t);
        }
    }

    private static void expectWord(TesseraSqlParserImpl p, String word) {
        Token t = p.getNextToken();
        if (!isWord(t, word)) {
            throw syntaxError(p, t);
        }
    }

    /**
     * The name a token stands for when it is a word: a quoted identifier's text, or an unquoted identifier or keyword
     * in lower case; null for anything else (literals, punctuation, the end).
     */
    private static String wordOf(Token t) {
        if (t.kind == EOF || t.image == null || t.image.isEmpty()) {
            return null;
        }
        if (t.kind == QUOTED_IDENTIFIER) {
            return t.image.substring(1, t.image.length() - 1).replace("\"\"", "\"");
        }
        char c = t.image.charAt(0);
        if (!SqlLexer.isIdentifierStart(c)) {
            return null;
        }
        for (int i = 1; i < t.image.length(); i++) {
            if (!SqlLexer.isIdentifierPart(t.image.charAt(i))) {
                return null;
            }
        }
        return t.image.toLowerCase(Locale.ROOT);
    }

    /** PostgreSQL's syntax error at {@code t}; at the end of input when {@code t} is the end. */
    private static SqlPositionedException syntaxError(TesseraSqlParserImpl p, Token t) {
        if (t.kind == EOF) {
            // past the last line: TesseraSqlParser reports "syntax error at end of input"
            return new SqlPositionedException(null, null, new SqlParserPos(Integer.MAX_VALUE, 1));
        }
        return new SqlPositionedException(null, null, pos(t));
    }

    private static SqlParserPos pos(Token t) {
        return new SqlParserPos(t.beginLine, t.beginColumn);
    }
}
