package io.tessera.executor.exec;

import io.tessera.common.types.PgType;
import java.util.List;

/**
 * A pull-based operator of a plan fragment (Volcano's iterator): each {@link #next} returns the next output row or
 * null at the end. The returned array belongs to the operator and may be overwritten by the following call; a
 * consumer that keeps a row copies it. {@link #close} releases what the operator holds (a scan's cursor) and closes
 * its inputs; it is safe to call more than once and before the end.
 *
 * <p>Not thread-safe: a fragment's operators run on one thread at a time.
 */
public interface RowSource extends AutoCloseable {
    /** The next row (column {@code i} of type {@code types().get(i)}), or null when there is none. */
    Object[] next();

    /** The types of the output row's columns. */
    List<PgType> types();

    @Override
    void close();
}
