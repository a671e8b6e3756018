package io.tessera.sql.parser;

import io.tessera.sql.parser.impl.SimpleCharStream;
import io.tessera.sql.parser.impl.TesseraSqlParserImpl;
import io.tessera.sql.parser.impl.TesseraSqlParserImplConstants;
import io.tessera.sql.parser.impl.TesseraSqlParserImplTokenManager;
import io.tessera.sql.parser.impl.Token;
import io.tessera.sql.parser.impl.TokenMgrError;
import java.util.Locale;
import org.apache.calcite.sql.parser.SqlParserImplFactory;

/**
 * The generated token manager, except that the {@code FOR} starting a locking clause
 * ({@code SELECT ... FOR UPDATE}) comes out as {@link TesseraSqlParserImplConstants#LOCKING_FOR}: core's
 * grammar reads a {@code FOR} after a table name as the start of {@code FOR SYSTEM_TIME AS OF}, so the
 * grammar (pgLocking.ftl) needs the two told apart before the parser sees them.
 *
 * <p>A {@code FOR} is a locking one when all of these hold:
 * <ul>
 *   <li>its statement starts like a query: SELECT, WITH, VALUES, TABLE or a parenthesis (not EXPLAIN PLAN FOR,
 *       not INSERT ... SELECT, which keep core's reading);</li>
 *   <li>it is outside parentheses (SUBSTRING(x FROM 1 FOR 2), sub-queries, PIVOT);</li>
 *   <li>it does not follow VALUE ({@code NEXT VALUE FOR seq});</li>
 *   <li>the next token is UPDATE, NO, KEY or the unquoted word {@code share}.</li>
 * </ul>
 * Looking at the next token lexes it early; a lexical error there is kept and thrown when the parser asks for
 * that token, so errors come in the same order as without this class.
 *
 * <p>Not thread-safe, like the parser it belongs to.
 */
final class LockingForTokenManager extends TesseraSqlParserImplTokenManager {
    /** Calcite's factory, with this token manager in the parsers it makes. */
    static final SqlParserImplFactory FACTORY = reader -> {
        TesseraSqlParserImpl parser = (TesseraSqlParserImpl) TesseraSqlParserImpl.FACTORY.getParser(reader);
        // Same character stream: the parser's setTabSize and position bookkeeping keep applying to it.
        parser.ReInit(new LockingForTokenManager(parser.token_source.inputStream()));
        return parser;
    };

    private static final int NONE = -1;

    /** The token read ahead to classify a FOR, not yet returned. */
    private Token pending;
    /** The lexical error met reading ahead, to throw when the parser gets that far. */
    private TokenMgrError pendingError;

    private int statementFirstKind = NONE;
    private int previousKind = NONE;
    private int depth;

    LockingForTokenManager(SimpleCharStream stream) {
        super(stream);
    }

    @Override
    public Token getNextToken() {
        Token t;
        if (pending != null) {
            t = pending;
            pending = null;
        } else if (pendingError != null) {
            TokenMgrError e = pendingError;
            pendingError = null;
            throw e;
        } else {
            t = super.getNextToken();
        }
        int kind = t.kind;
        if (kind == TesseraSqlParserImplConstants.FOR && depth == 0 && previousKind != NONE
                && previousKind != TesseraSqlParserImplConstants.VALUE && startsQuery(statementFirstKind)
                && startsLockingClause(peek())) {
            t.kind = TesseraSqlParserImplConstants.LOCKING_FOR;
        }
        track(kind);
        return t;
    }

    private Token peek() {
        if (pending == null && pendingError == null) {
            try {
                pending = super.getNextToken();
            } catch (TokenMgrError e) {
                pendingError = e;
            }
        }
        return pending;
    }

    private void track(int kind) {
        if (statementFirstKind == NONE) {
            statementFirstKind = kind;
        }
        previousKind = kind;
        switch (kind) {
            case TesseraSqlParserImplConstants.LPAREN -> depth++;
            case TesseraSqlParserImplConstants.RPAREN -> depth = Math.max(0, depth - 1);
            case TesseraSqlParserImplConstants.SEMICOLON -> {
                if (depth == 0) {
                    statementFirstKind = NONE;
                    previousKind = NONE;
                }
            }
            default -> {
            }
        }
    }

    private static boolean startsQuery(int kind) {
        return kind == TesseraSqlParserImplConstants.SELECT
                || kind == TesseraSqlParserImplConstants.WITH
                || kind == TesseraSqlParserImplConstants.VALUES
                || kind == TesseraSqlParserImplConstants.TABLE
                || kind == TesseraSqlParserImplConstants.LPAREN;
    }

    private static boolean startsLockingClause(Token next) {
        if (next == null) {
            return false;
        }
        return switch (next.kind) {
            case TesseraSqlParserImplConstants.UPDATE, TesseraSqlParserImplConstants.NO,
                    TesseraSqlParserImplConstants.KEY -> true;
            case TesseraSqlParserImplConstants.IDENTIFIER -> "share".equals(next.image.toLowerCase(Locale.ROOT));
            default -> false;
        };
    }
}
