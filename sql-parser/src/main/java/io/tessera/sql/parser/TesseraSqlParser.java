package io.tessera.sql.parser;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.sql.parser.impl.ParseException;
import io.tessera.sql.parser.impl.TesseraSqlParserImpl;
import io.tessera.sql.parser.impl.TesseraSqlParserImplConstants;
import io.tessera.sql.parser.impl.Token;
import io.tessera.sql.parser.impl.TokenMgrError;
import io.tessera.sql.parser.ddl.SqlCreateTableAs;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * The entry point of Tessera's SQL grammar: PostgreSQL's lexical conventions on Calcite's parser, and
 * PostgreSQL's error shape on failure.
 *
 * <p>Conventions ({@link #config()}): double-quoted identifiers keep their case, unquoted ones fold to lower
 * case, identifiers are case-sensitive afterwards, at most 63 characters ({@code NAMEDATALEN - 1}).
 *
 * <p>Errors: every failure is a {@link TesseraException}. Syntax errors carry {@link SqlState#SYNTAX_ERROR}
 * and PostgreSQL's text — {@code syntax error at or near "frm"} or {@code syntax error at end of input} —
 * and the 1-based character position (code points, as PostgreSQL counts) in the text the client sent,
 * converted from Calcite's line/column and, for {@link #parse(Rewritten)}, through the parameter rewrite.
 * Calcite's own wording goes to the DETAIL field.
 *
 * <p>Thread-safety: stateless; each call builds its own JavaCC parser.
 */
public final class TesseraSqlParser {
    /** PostgreSQL's NAMEDATALEN - 1. */
    public static final int IDENTIFIER_MAX_LENGTH = 63;

    /** Babel's rules, and {@code ROW(...)} anywhere an expression may stand ({@code SELECT ROW(1, 'x')}). */
    private static final org.apache.calcite.sql.validate.SqlConformance ROW_CONSTRUCTORS =
            new org.apache.calcite.sql.validate.SqlDelegatingConformance(SqlConformanceEnum.BABEL) {
                @Override
                public boolean allowExplicitRowValueConstructor() {
                    return true;
                }
            };

    private static final SqlParser.Config CONFIG = SqlParser.config()
            .withParserFactory(LockingForTokenManager.FACTORY)
            .withQuoting(Quoting.DOUBLE_QUOTE)
            .withUnquotedCasing(Casing.TO_LOWER)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(true)
            .withConformance(ROW_CONSTRUCTORS)
            .withIdentifierMaxLength(IDENTIFIER_MAX_LENGTH);

    private TesseraSqlParser() {
    }

    /**
     * The parser configuration: {@link TesseraSqlParserImpl#FACTORY} with the token manager that tells a locking
     * clause's FOR apart ({@link LockingForTokenManager}), double-quote quoting, unquoted
     * identifiers to lower case, quoted unchanged, case-sensitive, {@link SqlConformanceEnum#BABEL}
     * conformance (LIMIT/OFFSET, FROM-less SELECT, {@code ::}), identifiers of at most 63 characters.
     */
    public static SqlParser.Config config() {
        return CONFIG;
    }

    /**
     * Parses exactly one statement; a trailing semicolon is allowed. {@code $n} parameters are not rewritten
     * (use {@link #parse(Rewritten)} for statements from the extended query protocol).
     *
     * @throws TesseraException {@link SqlState#SYNTAX_ERROR} with PostgreSQL's message and position; also
     *     for an empty statement ({@code syntax error at end of input}) and for several statements
     *     ({@code cannot insert multiple commands into a prepared statement}, as PostgreSQL's extended
     *     protocol says); other SQLSTATEs for grammar-level semantic errors (e.g. {@code 0A000} for a column
     *     type Tessera does not store, {@code 42P16} for two primary keys)
     */
    public static SqlNode parse(String sql) {
        return single(parseStatements(Rewritten.identity(sql)), sql);
    }

    /**
     * Parses one statement already passed through {@link #rewriteParameters(String)}; error positions refer
     * to {@link Rewritten#originalSql()}.
     *
     * @throws TesseraException as {@link #parse(String)}
     */
    public static SqlNode parse(Rewritten rewritten) {
        return single(parseStatements(rewritten), rewritten.originalSql());
    }

    /**
     * Parses a semicolon-separated list of statements, as the simple query protocol delivers them
     * ({@code create database d; create table t (...)}). Empty text gives an empty list.
     *
     * @throws TesseraException as {@link #parse(String)}
     */
    public static List<SqlNode> parseStatements(String sql) {
        return parseStatements(Rewritten.identity(sql));
    }

    /**
     * Replaces PostgreSQL's {@code $1 .. $n} outside string constants, quoted identifiers, comments and
     * dollar-quoted strings by {@code ?}, which Calcite parses as dynamic parameters (it would read {@code $1}
     * as an identifier). See {@link Rewritten} for the numbering and the position map.
     *
     * @throws TesseraException {@link SqlState#SYNTAX_ERROR} for a bare {@code ?} (not PostgreSQL's marker);
     *     {@link SqlState#UNDEFINED_PARAMETER} for {@code $0}
     */
    public static Rewritten rewriteParameters(String sql) {
        return ParameterRewriter.rewrite(sql);
    }

    private static SqlNode single(List<SqlNode> statements, String originalSql) {
        if (statements.isEmpty()) {
            throw new TesseraException(SqlState.SYNTAX_ERROR, "syntax error at end of input", null, null,
                    originalSql.codePointCount(0, originalSql.length()) + 1, null);
        }
        if (statements.size() > 1) {
            throw new TesseraException(SqlState.SYNTAX_ERROR,
                    "cannot insert multiple commands into a prepared statement");
        }
        return statements.get(0);
    }

    private static List<SqlNode> parseStatements(Rewritten rewritten) {
        String sql = rewritten.sql();
        if (SqlTokens.tokenAt(sql, 0) == null) {
            // Only white space and comments (Calcite's statement list cannot be empty).
            return List.of();
        }
        List<SelectInto.Found> into = SelectInto.find(sql);
        String text = into.isEmpty() ? sql : SelectInto.blank(sql, into);
        try {
            List<SqlNode> list = new ArrayList<>(SqlParser.create(text, CONFIG).parseStmtList().getList());
            for (SelectInto.Found f : into) {
                if (f.statement() < list.size() && list.get(f.statement()).getKind().belongsTo(SqlKind.QUERY)) {
                    SqlNode select = list.get(f.statement());
                    SqlIdentifier name = (SqlIdentifier) SqlParser.create(f.name(), CONFIG).parseExpression();
                    list.set(f.statement(), SqlCreateTableAs.selectInto(select.getParserPosition(), name, select,
                            text.substring(f.start(), f.end())).withTemporary(f.temporary(), null));
                }
            }
            for (SqlNode node : list) {
                if (node instanceof SqlCreateTableAs as && as.queryText() == null) {
                    as.withQueryText(text.substring(offsetOf(text, as.queryStart().getLineNum(),
                            as.queryStart().getColumnNum()), offsetOf(text, as.queryEnd().getLineNum(),
                            as.queryEnd().getColumnNum()) + 1));
                }
            }
            return List.copyOf(list);
        } catch (SqlParseException e) {
            throw toTesseraException(e, rewritten);
        }
    }

    /** Converts Calcite's exception into PostgreSQL's shape; see the class comment. */
    private static TesseraException toTesseraException(SqlParseException e, Rewritten rewritten) {
        String original = rewritten.originalSql();
        SqlPositionedException positioned = find(e, SqlPositionedException.class);
        ParseException pe = positioned != null ? null : find(e, ParseException.class);
        Token offending = pe == null ? null : offendingToken(pe);
        int rewrittenOffset;
        if (offending != null) {
            rewrittenOffset = offsetOf(rewritten.sql(), offending.beginLine, offending.beginColumn);
        } else {
            SqlParserPos pos = positioned != null ? positioned.pos() : e.getPos();
            rewrittenOffset = pos == null ? -1 : offsetOf(rewritten.sql(), pos.getLineNum(), pos.getColumnNum());
        }
        int originalOffset = rewrittenOffset < 0 ? -1 : rewritten.originalOffset(rewrittenOffset);
        int position = originalOffset < 0 ? 0 : original.codePointCount(0, Math.min(originalOffset, original.length())) + 1;

        if (positioned != null && positioned.primaryMessage() != null) {
            return new TesseraException(positioned.sqlState(), positioned.primaryMessage(), null, positioned.hint(),
                    position, e);
        }
        boolean atEnd = offending != null && offending.kind == TesseraSqlParserImplConstants.EOF;
        String near = atEnd || originalOffset < 0 ? null : SqlTokens.tokenAt(original, originalOffset);
        if (near == null && !atEnd && find(e, TokenMgrError.class) == null && originalOffset < 0) {
            // No position at all: keep Calcite's words as the message.
            return new TesseraException(SqlState.SYNTAX_ERROR, "syntax error: " + e.getMessage(), null, null, 0, e);
        }
        String message;
        if (near == null) {
            message = "syntax error at end of input";
        } else if (SqlTokens.isUnterminatedQuote(near)) {
            message = (near.charAt(0) == '"' ? "unterminated quoted identifier" : "unterminated quoted string")
                    + " at or near \"" + near + "\"";
        } else {
            message = "syntax error at or near \"" + near + "\"";
        }
        if (near == null) {
            // PostgreSQL places "end of input" just past the last character.
            position = original.codePointCount(0, original.length()) + 1;
        }
        String detail = positioned != null ? null : firstLine(e.getMessage());
        return new TesseraException(SqlState.SYNTAX_ERROR, message, detail, null, position, e);
    }

    /**
     * The token PostgreSQL would blame. JavaCC reports the first token of the longest sequence it tried (with
     * LOOKAHEAD(2), {@code x = = 1} is reported at the first {@code =}); the culprit is the first token that
     * no expected sequence accepts after the tokens before it. Null when the exception carries no tokens.
     */
    static Token offendingToken(ParseException pe) {
        if (pe.currentToken == null || pe.currentToken.next == null) {
            return null;
        }
        Token first = pe.currentToken.next;
        int[][] expected = pe.expectedTokenSequences;
        if (expected == null || expected.length == 0) {
            return first;
        }
        Token candidate = first;
        for (int k = 0; candidate != null; k++) {
            boolean accepted = false;
            for (int[] sequence : expected) {
                if (sequence.length > k && prefixMatches(sequence, first, k)) {
                    accepted = true;
                    break;
                }
            }
            if (!accepted || candidate.kind == TesseraSqlParserImplConstants.EOF || candidate.next == null) {
                return accepted ? candidate.next == null ? candidate : candidate.next : candidate;
            }
            candidate = candidate.next;
        }
        return first;
    }

    /** Whether tokens 0..k from {@code first} have the kinds of {@code sequence[0..k]}. */
    private static boolean prefixMatches(int[] sequence, Token first, int k) {
        Token t = first;
        for (int i = 0; i <= k; i++) {
            if (t == null || t.kind != sequence[i]) {
                return false;
            }
            t = t.next;
        }
        return true;
    }

    /**
     * The 0-based offset of a 1-based JavaCC line/column in {@code text} (lines end at \n, \r or \r\n; the
     * parser counts a tab as one column). Returns {@code text.length()} when the position is past the end.
     */
    static int offsetOf(String text, int line, int column) {
        int offset = 0;
        int currentLine = 1;
        while (currentLine < line && offset < text.length()) {
            char c = text.charAt(offset++);
            if (c == '\r') {
                if (offset < text.length() && text.charAt(offset) == '\n') {
                    offset++;
                }
                currentLine++;
            } else if (c == '\n') {
                currentLine++;
            }
        }
        return Math.min(text.length(), offset + Math.max(0, column - 1));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return null;
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
