package io.tessera.coordinator.session;

import io.tessera.common.error.TesseraException;

/**
 * A failed write of deferred executions ({@link SqlSession#deferExecute}): execution {@link #index()} — counted from
 * 0 in the order they were deferred since the last flush — failed with {@link #error()}; the executions before it
 * succeeded, and the session's transaction (or its implicit block) has failed as if that statement had.
 */
public final class DeferredFailure extends RuntimeException {
    private final int index;
    private final TesseraException error;

    public DeferredFailure(int index, TesseraException error) {
        super(error.getMessage(), error, false, false);
        this.index = index;
        this.error = error;
    }

    public int index() {
        return index;
    }

    public TesseraException error() {
        return error;
    }
}
