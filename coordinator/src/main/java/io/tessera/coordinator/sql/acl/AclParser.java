package io.tessera.coordinator.sql.acl;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.sql.parser.SqlLexer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the role and privilege statements ({@link AclStatement}) by recursive descent over PostgreSQL's tokens.
 * They are recognised before Calcite's parser by their first words ({@code CREATE ROLE|USER}, {@code ALTER
 * ROLE|USER}, {@code DROP ROLE|USER}, {@code GRANT}, {@code REVOKE}), as PREPARE and EXPLAIN are: their grammar
 * (role options, privilege lists) shares nothing with Calcite's. Unquoted names fold to lower case, quoted ones keep
 * their case, as PostgreSQL's scanner does.
 *
 * <p>Errors: 42601 {@code syntax error at or near "..."} with the token's position; 0A000 for the parts of
 * PostgreSQL's grammar Tessera does not support (role membership, column, sequence and schema privileges, VALID
 * UNTIL).
 */
public final class AclParser {
    private record Token(String text, String word, boolean quoted, boolean string, int offset) {
    }

    private final String sql;
    private final List<Token> tokens = new ArrayList<>();
    private int i;

    private AclParser(String sql) {
        this.sql = sql;
    }

    /**
     * The statement {@code sql} is, when it is one of {@link AclStatement}'s kinds; null for any other statement.
     *
     * @throws TesseraException 42601 for a syntax error in one of them; 0A000 for an unsupported form
     */
    public static AclStatement parse(String sql) {
        AclParser p = new AclParser(sql);
        if (!p.lex(8)) {
            return null;
        }
        String w0 = p.word(0);
        String w1 = p.word(1);
        boolean role = "role".equals(w1) || "user".equals(w1);
        if (!("grant".equals(w0) || "revoke".equals(w0) || (role && ("create".equals(w0) || "alter".equals(w0)
                || "drop".equals(w0))))) {
            return null;
        }
        if (role && "user".equals(w1) && "mapping".equals(p.word(2))) {
            return null;
        }
        p.tokens.clear();
        p.lex(Integer.MAX_VALUE);
        p.i = 0;
        AclStatement s = switch (w0) {
            case "create" -> p.createRole();
            case "alter" -> p.alterRole();
            case "drop" -> p.dropRole();
            default -> p.grant(w0.equals("grant"));
        };
        p.accept(";");
        if (p.i < p.tokens.size()) {
            throw p.syntaxError();
        }
        return s;
    }

    // ---- statements

    private AclStatement createRole() {
        expect("create");
        boolean user = next().word().equals("user");
        String name = roleName();
        Map<String, Object> options = options();
        return new AclStatement.CreateRole(name, options, user);
    }

    private AclStatement alterRole() {
        expect("alter");
        next();
        String name = roleName();
        if (accept("rename")) {
            expect("to");
            return new AclStatement.AlterRole(name, Map.of(), roleName());
        }
        if (peekWord("set") || peekWord("reset")) {
            throw unsupported("ALTER ROLE ... SET/RESET is not supported");
        }
        return new AclStatement.AlterRole(name, options(), null);
    }

    private AclStatement dropRole() {
        expect("drop");
        next();
        boolean ifExists = false;
        if (accept("if")) {
            expect("exists");
            ifExists = true;
        }
        List<String> names = new ArrayList<>();
        do {
            names.add(roleName());
        } while (accept(","));
        return new AclStatement.DropRole(names, ifExists);
    }

    private AclStatement grant(boolean grant) {
        next();
        boolean grantOption = false;
        if (!grant && peekWord("grant") && "option".equals(word(i + 1))) {
            next();
            next();
            expect("for");
            grantOption = true;
        }
        StringBuilder letters = new StringBuilder();
        if (accept("all")) {
            accept("privileges");
            letters.append(io.tessera.coordinator.catalog.AclItem.TABLE_RIGHTS);
        } else {
            do {
                Token t = next();
                String letter = switch (t.word() == null ? "" : t.word()) {
                    case "select" -> "r";
                    case "insert" -> "a";
                    case "update" -> "w";
                    case "delete" -> "d";
                    case "truncate" -> "D";
                    case "references" -> "x";
                    case "trigger" -> "t";
                    case "usage", "create", "connect", "temporary", "temp", "execute" ->
                        throw unsupported("privilege " + t.word().toUpperCase(Locale.ROOT)
                                + " is not supported: Tessera grants privileges on tables only");
                    default -> null;
                };
                if (letter == null) {
                    if (t.word() != null && (peekWord("to") || peekWord("from") || peek(","))) {
                        throw unsupported("role membership (GRANT role TO role) is not supported");
                    }
                    throw syntaxError(t);
                }
                if (peek("(")) {
                    throw unsupported("column privileges are not supported");
                }
                letters.append(letter);
            } while (accept(","));
        }
        if (peekWord("to") || peekWord("from")) {
            throw unsupported("role membership (GRANT role TO role) is not supported");
        }
        expect("on");
        List<List<String>> tables = new ArrayList<>();
        String schema = null;
        if (accept("all")) {
            if (!accept("tables")) {
                throw unsupported("only ON ALL TABLES IN SCHEMA is supported");
            }
            expect("in");
            expect("schema");
            schema = identifier();
        } else {
            if (peekWord("sequence") || peekWord("schema") || peekWord("database") || peekWord("function")
                    || peekWord("procedure") || peekWord("routine") || peekWord("language") || peekWord("type")
                    || peekWord("domain") || peekWord("tablespace") || peekWord("foreign") || peekWord("large")) {
                throw unsupported("privileges on " + tokens.get(i).word() + " objects are not supported: Tessera"
                        + " grants privileges on tables only");
            }
            accept("table");
            do {
                List<String> name = new ArrayList<>();
                name.add(identifier());
                while (accept(".")) {
                    name.add(identifier());
                }
                tables.add(name);
            } while (accept(","));
        }
        expect(grant ? "to" : "from");
        List<String> grantees = new ArrayList<>();
        do {
            accept("group");
            if (peekWord("public") && !tokens.get(i).quoted()) {
                next();
                grantees.add(null);
            } else {
                grantees.add(roleName());
            }
        } while (accept(","));
        if (grant && accept("with")) {
            expect("grant");
            expect("option");
            grantOption = true;
        }
        if (accept("granted")) {
            throw unsupported("GRANTED BY is not supported");
        }
        if (!grant && peekWord("cascade")) {
            throw unsupported("REVOKE ... CASCADE is not supported");
        }
        accept("restrict");
        return new AclStatement.GrantTables(grant, letters.toString(), tables, schema, grantees, grantOption);
    }

    /** Role options: flags, {@code [ENCRYPTED] PASSWORD 'p' | NULL}, {@code CONNECTION LIMIT n}. */
    private Map<String, Object> options() {
        Map<String, Object> out = new LinkedHashMap<>();
        accept("with");
        while (i < tokens.size() && !peek(";")) {
            Token t = next();
            String w = t.word() == null ? "" : t.word();
            switch (w) {
                case "superuser", "createdb", "createrole", "inherit", "login", "replication", "bypassrls" ->
                    out.put(w, true);
                case "nosuperuser", "nocreatedb", "nocreaterole", "noinherit", "nologin", "noreplication",
                    "nobypassrls" -> out.put(w.substring(2), false);
                case "encrypted", "password" -> {
                    if (w.equals("encrypted")) {
                        expect("password");
                    }
                    Token p = next();
                    if (p.string()) {
                        out.put("password", p.text());
                    } else if ("null".equals(p.word()) && !p.quoted()) {
                        out.put("password", null);
                    } else {
                        throw syntaxError(p);
                    }
                }
                case "connection" -> {
                    expect("limit");
                    Token n = next();
                    boolean negative = n.text().equals("-");
                    if (negative) {
                        n = next();
                    }
                    try {
                        out.put("connection limit", (negative ? -1 : 1) * Integer.parseInt(n.text()));
                    } catch (NumberFormatException e) {
                        throw syntaxError(n);
                    }
                }
                case "valid", "in", "role", "admin", "user", "sysid" ->
                    throw unsupported("role option " + w.toUpperCase(Locale.ROOT) + " is not supported");
                default -> throw syntaxError(t);
            }
        }
        return out;
    }

    // ---- tokens

    private String roleName() {
        Token t = next();
        if (t.word() == null) {
            throw syntaxError(t);
        }
        return t.word();
    }

    private String identifier() {
        return roleName();
    }

    private Token next() {
        if (i >= tokens.size()) {
            throw syntaxError();
        }
        return tokens.get(i++);
    }

    private boolean peek(String text) {
        return i < tokens.size() && !tokens.get(i).quoted() && !tokens.get(i).string()
                && tokens.get(i).text().equalsIgnoreCase(text);
    }

    private boolean peekWord(String word) {
        return i < tokens.size() && !tokens.get(i).quoted() && word.equals(tokens.get(i).word());
    }

    private boolean accept(String text) {
        if (peek(text)) {
            i++;
            return true;
        }
        return false;
    }

    private void expect(String text) {
        if (!accept(text)) {
            throw syntaxError();
        }
    }

    private String word(int index) {
        return index < tokens.size() && !tokens.get(index).quoted() ? tokens.get(index).word() : null;
    }

    private TesseraException syntaxError() {
        return i < tokens.size() ? syntaxError(tokens.get(i))
                : new TesseraException(SqlState.SYNTAX_ERROR, "syntax error at end of input", null, null,
                        sql.length() + 1, null);
    }

    private TesseraException syntaxError(Token t) {
        return new TesseraException(SqlState.SYNTAX_ERROR, "syntax error at or near \"" + t.text() + "\"", null, null,
                t.offset() + 1, null);
    }

    private static TesseraException unsupported(String message) {
        return new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, message);
    }

    /** Reads up to {@code max} tokens; false when the text has none. */
    private boolean lex(int max) {
        int p = 0;
        int n = sql.length();
        while (tokens.size() < max) {
            while (p < n && (Character.isWhitespace(sql.charAt(p)) || SqlLexer.isComment(sql, p))) {
                p = Character.isWhitespace(sql.charAt(p)) ? p + 1 : SqlLexer.skipNonCode(sql, p);
            }
            if (p >= n) {
                break;
            }
            char c = sql.charAt(p);
            if (c == '\'') {
                int end = SqlLexer.skipQuoted(sql, p, '\'', false);
                tokens.add(new Token(sql.substring(p + 1, Math.max(p + 1, end - 1)).replace("''", "'"), null, false,
                        true, p));
                p = end;
            } else if (c == '"') {
                int end = SqlLexer.skipQuoted(sql, p, '"', false);
                String name = sql.substring(p + 1, end - 1).replace("\"\"", "\"");
                tokens.add(new Token(name, name, true, false, p));
                p = end;
            } else if (SqlLexer.isIdentifierStart(c) || Character.isDigit(c)) {
                int end = p + 1;
                while (end < n && SqlLexer.isIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                String text = sql.substring(p, end);
                tokens.add(new Token(text, Character.isDigit(c) ? null : text.toLowerCase(Locale.ROOT), false, false,
                        p));
                p = end;
            } else {
                tokens.add(new Token(String.valueOf(c), null, false, false, p));
                p++;
            }
        }
        return !tokens.isEmpty();
    }
}
