package io.tessera.common.error;

/**
 * The one exception type that reaches clients: a SQLSTATE, a primary message, and PostgreSQL's optional
 * fields (detail, hint, position, context). gRPC carries all of them across nodes
 * ({@code io.tessera.common.grpc.GrpcErrors}), so a datanode's error reaches psql as PostgreSQL would print it.
 */
public class TesseraException extends RuntimeException {
    private final SqlState sqlState;
    private final String detail;
    private final String hint;
    /** 1-based character position in the statement text, 0 when none. */
    private final int position;
    /** PostgreSQL's CONTEXT ("where") field, e.g. {@code COPY t, line 3: "..."}; null when none. */
    private String context;

    public TesseraException(SqlState sqlState, String message) {
        this(sqlState, message, null, null, 0, null);
    }

    public TesseraException(SqlState sqlState, String message, Throwable cause) {
        this(sqlState, message, null, null, 0, cause);
    }

    public TesseraException(SqlState sqlState, String message, String detail, String hint, int position, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
        this.detail = detail;
        this.hint = hint;
        this.position = position;
    }

    public SqlState sqlState() {
        return sqlState;
    }

    /** PostgreSQL's DETAIL field, or null. */
    public String detail() {
        return detail;
    }

    /** PostgreSQL's HINT field, or null. */
    public String hint() {
        return hint;
    }

    /** 1-based character position of the error in the statement text; 0 when it has none. */
    public int position() {
        return position;
    }

    /** A copy of this error carrying a position (1-based, in characters). */
    public TesseraException withPosition(int position) {
        TesseraException e = new TesseraException(sqlState, getMessage(), detail, hint, position, getCause());
        e.context = context;
        return e;
    }

    /** PostgreSQL's CONTEXT field (where the error happened, e.g. {@code COPY t, line 3}), or null. */
    public String context() {
        return context;
    }

    /** A copy of this error carrying a CONTEXT line (PostgreSQL's "where" field). */
    public TesseraException withContext(String context) {
        TesseraException e = new TesseraException(sqlState, getMessage(), detail, hint, position, getCause());
        e.context = context;
        return e;
    }

    public static TesseraException of(SqlState state, String format, Object... args) {
        return new TesseraException(state, String.format(format, args));
    }
}
