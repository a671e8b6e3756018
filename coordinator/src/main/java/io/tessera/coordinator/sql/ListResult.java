package io.tessera.coordinator.sql;

import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.session.Column;
import io.tessera.coordinator.session.QueryResult;
import java.util.List;

/** A result computed in full on the coordinator: command results, SHOW, small catalog answers. */
final class ListResult implements QueryResult {
    private final List<Column> columns;
    private final List<Object[]> rows;
    private final String tag;
    private final List<TesseraException> notices;
    private int next;

    ListResult(List<Column> columns, List<Object[]> rows, String tag) {
        this(columns, rows, tag, List.of());
    }

    ListResult(List<Column> columns, List<Object[]> rows, String tag, List<TesseraException> notices) {
        this.columns = columns;
        this.rows = rows;
        this.tag = tag;
        this.notices = notices;
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public Object[] next() {
        return next < rows.size() ? rows.get(next++) : null;
    }

    @Override
    public String commandTag() {
        // PostgreSQL counts the rows of SELECT only; SHOW's tag is the bare word; a tag with its count already
        // (UPDATE n, DELETE n, INSERT 0 n with RETURNING rows) is complete
        return columns.isEmpty() || tag.equals("SHOW") || tag.indexOf(' ') >= 0 ? tag : tag + " " + rows.size();
    }

    @Override
    public List<TesseraException> notices() {
        return notices;
    }

    @Override
    public void close() {
    }
}
