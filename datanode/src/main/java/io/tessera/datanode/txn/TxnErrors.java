package io.tessera.datanode.txn;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.datanode.txn.Transaction.State;

/**
 * The transaction layer's errors that more than one of its parts raises, each with PostgreSQL's SQLSTATE.
 * Stateless.
 */
final class TxnErrors {
    private TxnErrors() {
    }

    /** 25000: the transaction is no longer active (prepared, committed or rolled back). */
    static TesseraException notActive(long gxid, State s) {
        String what = switch (s) {
            case PREPARED -> "prepared";
            case COMMITTED -> "committed";
            case ABORTED -> "rolled back";
            case ACTIVE -> "active";
        };
        return new TesseraException(SqlState.INVALID_TRANSACTION_STATE, "transaction " + gxid + " is already " + what);
    }

    /** 40000: the transaction was rolled back here. */
    static TesseraException rolledBack(long gxid) {
        return new TesseraException(SqlState.TRANSACTION_ROLLBACK, "transaction " + gxid + " was rolled back");
    }

    /** 40000: a restart discarded the transaction's pending intents before it was prepared. */
    static TesseraException lostWrites(long gxid) {
        return new TesseraException(SqlState.TRANSACTION_ROLLBACK, "transaction " + gxid
                + " lost its writes on this datanode: the datanode restarted before the transaction was prepared");
    }

    /** 57014: the call was cancelled. */
    static TesseraException cancelled() {
        return new TesseraException(SqlState.QUERY_CANCELED, "canceling statement due to user request");
    }
}
