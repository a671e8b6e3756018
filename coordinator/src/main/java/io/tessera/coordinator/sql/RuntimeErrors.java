package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;

/**
 * Translates exceptions thrown by compiled plans at run time into PostgreSQL's errors: a TesseraException anywhere
 * in the cause chain wins (a datanode's error, a cancelled statement); Java's arithmetic and parse errors become
 * 22012 / 22003 / 22P02; anything else is an internal error (XX000) carrying its message.
 */
final class RuntimeErrors {
    private RuntimeErrors() {
    }

    static TesseraException translate(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof TesseraException te) {
                return te;
            }
            if (c instanceof ArithmeticException ae) {
                String m = String.valueOf(ae.getMessage());
                if (m.contains("by zero")) {
                    return new TesseraException(SqlState.DIVISION_BY_ZERO, "division by zero");
                }
                return new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, m.contains("overflow")
                        ? "value out of range: overflow" : m);
            }
            if (c instanceof IllegalStateException && String.valueOf(c.getMessage()).startsWith("more than one value in agg SINGLE_VALUE")) {
                return new TesseraException(SqlState.CARDINALITY_VIOLATION,
                        "more than one row returned by a subquery used as an expression");
            }
            if (c instanceof NumberFormatException nfe) {
                return new TesseraException(SqlState.INVALID_TEXT_REPRESENTATION, "invalid input syntax: "
                        + nfe.getMessage());
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return new TesseraException(SqlState.INTERNAL_ERROR, String.valueOf(e.getMessage()), e);
    }
}
