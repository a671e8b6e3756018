package io.tessera.coordinator.sql;

import io.tessera.coordinator.session.Column;
import io.tessera.coordinator.session.QueryResult;
import io.tessera.coordinator.sql.exec.AwaitsAnswer;
import java.util.List;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Streams a compiled plan's rows to the client as it pulls them; nothing is buffered here. Single-column plans
 * yield scalars, which are wrapped into one-element rows.
 */
final class EnumeratorResult implements QueryResult {
    private final List<Column> columns;
    private final Enumerator<?> rows;
    private final boolean scalar;
    private long count;
    private boolean closed;

    EnumeratorResult(List<Column> columns, Enumerator<?> rows, boolean scalar) {
        this.columns = columns;
        this.rows = rows;
        this.scalar = scalar;
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public boolean returnsRows() {
        return true; // a query, even of no columns (EmptyTargetList)
    }

    @Override
    public Object[] next() {
        if (closed) {
            return null;
        }
        boolean more;
        try {
            more = rows.moveNext();
        } catch (RuntimeException | ExceptionInInitializerError e) {
            close();
            throw RuntimeErrors.translate(e);
        }
        if (!more) {
            close();
            return null;
        }
        count++;
        Object row = rows.current();
        // a zero-column row (an empty target list, EmptyTargetList) comes in Calcite's LIST format
        Object[] out = scalar ? new Object[] {row} : row instanceof List<?> list ? list.toArray() : (Object[]) row;
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof org.apache.calcite.avatica.util.ByteString bs) {
                out[i] = bs.getBytes(); // bytea leaves Calcite's representation for the wire's
            }
        }
        return out;
    }

    @Override
    public boolean whenAnswered(Runnable callback) {
        return !closed && count == 0 && rows instanceof AwaitsAnswer a && a.whenAnswered(callback);
    }

    @Override
    public boolean answered() {
        return closed || rows instanceof AwaitsAnswer a && a.answered();
    }

    /** The rows as an enumerator of Object[] (for INSERT ... SELECT). */
    Enumerator<Object[]> enumerator() {
        return new Enumerator<>() {
            private Object[] current;

            @Override
            public Object[] current() {
                return current;
            }

            @Override
            public boolean moveNext() {
                current = EnumeratorResult.this.next();
                return current != null;
            }

            @Override
            public void reset() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
                EnumeratorResult.this.close();
            }
        };
    }

    @Override
    public String commandTag() {
        return "SELECT " + count;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            rows.close();
        }
    }
}
