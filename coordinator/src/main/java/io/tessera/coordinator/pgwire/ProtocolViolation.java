package io.tessera.coordinator.pgwire;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;

/**
 * A message the frontend cannot make sense of (truncated field, unknown type byte, bad length): 08P01 sent as
 * FATAL, then the connection closes, as PostgreSQL does, because nothing after it can be trusted to be framed
 * right. Semantic 08P01 errors that leave the stream intact (a Bind with the wrong number of parameters) are plain
 * {@link TesseraException}s and only fail the statement.
 */
final class ProtocolViolation extends TesseraException {
    private static final long serialVersionUID = 1L;

    ProtocolViolation(String message) {
        super(SqlState.PROTOCOL_VIOLATION, message);
    }
}
