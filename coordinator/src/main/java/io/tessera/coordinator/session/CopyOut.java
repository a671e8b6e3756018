package io.tessera.coordinator.session;

/**
 * The result of executing {@code COPY ... TO STDOUT}: its rows ({@link #next()}, typed by {@link #columns()}) are
 * sent as CopyData lines in {@link #format()} between CopyOutResponse and CopyDone, instead of DataRows; the
 * command tag is {@code COPY n}.
 */
public interface CopyOut extends QueryResult {
    CopyFormat format();
}
