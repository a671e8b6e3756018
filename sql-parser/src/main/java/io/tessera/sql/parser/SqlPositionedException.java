package io.tessera.sql.parser;

import io.tessera.common.error.SqlState;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * An error raised by a grammar action (not by JavaCC itself) at a known place in the statement: a duplicate
 * clause, a second primary key, a column type Tessera does not store.
 *
 * <p>Calcite's parser wraps whatever an action throws in a {@code SqlParseException}; {@link TesseraSqlParser}
 * finds this exception in the cause chain and turns it into a {@code TesseraException}, converting the
 * line/column position into a character offset in the text the client sent. Nothing outside this module
 * should see it.
 */
public final class SqlPositionedException extends RuntimeException {
    private final SqlState sqlState;
    private final SqlParserPos pos;
    private final String hint;

    /**
     * @param sqlState the SQLSTATE, or null for {@link SqlState#SYNTAX_ERROR}
     * @param message the primary message, or null for PostgreSQL's {@code syntax error at or near "..."}
     *     built from the token at {@code pos}
     * @param pos where the error is (Calcite's 1-based line and column in the parsed text)
     */
    public SqlPositionedException(SqlState sqlState, String message, SqlParserPos pos) {
        this(sqlState, message, null, pos);
    }

    /**
     * @param hint PostgreSQL's HINT field, or null
     * @see #SqlPositionedException(SqlState, String, SqlParserPos)
     */
    public SqlPositionedException(SqlState sqlState, String message, String hint, SqlParserPos pos) {
        super(message, null, false, false);
        this.sqlState = sqlState == null ? SqlState.SYNTAX_ERROR : sqlState;
        this.pos = pos;
        this.hint = hint;
    }

    /** The HINT, or null. */
    public String hint() {
        return hint;
    }

    public SqlState sqlState() {
        return sqlState;
    }

    /** Null when the message is to be PostgreSQL's generic syntax-error text. */
    public String primaryMessage() {
        return getMessage();
    }

    public SqlParserPos pos() {
        return pos;
    }
}
