package io.tessera.coordinator.session;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;

/**
 * A message PostgreSQL reports at severity WARNING whatever its SQLSTATE (an {@code ereport(WARNING, errcode(...))}
 * such as {@code TIMESTAMP(7) precision reduced to maximum allowed, 6}, 22023). Other notices are WARNINGs by
 * their class (01, 25) and NOTICEs otherwise ({@link #severity}).
 */
public final class Warning extends TesseraException {
    /**
     * @param position 1-based character position in the statement, 0 for none
     */
    public Warning(SqlState sqlState, String message, int position) {
        super(sqlState, message, null, null, position, null);
    }

    /**
     * The severity a NoticeResponse carries for {@code notice}: WARNING for a {@code Warning}, for class 01
     * (warnings) and class 25 (misplaced transaction commands: COMMIT outside a block, BEGIN inside one), as
     * PostgreSQL reports them; NOTICE for the others (e.g. "..., skipping").
     */
    public static String severity(TesseraException notice) {
        String code = notice.sqlState().code();
        return notice instanceof Warning || code.startsWith("01") || code.startsWith("25") ? "WARNING" : "NOTICE";
    }
}
