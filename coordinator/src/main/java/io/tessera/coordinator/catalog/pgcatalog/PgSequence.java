package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.SequenceDef;
import java.util.ArrayList;
import java.util.List;

/** {@code pg_sequence}: the options of every sequence of the connected database ({@link SequenceDef}). */
public final class PgSequence extends CatalogTable {
    private static final List<Col> COLUMNS = cols("seqrelid", OID, "seqtypid", OID, "seqstart", INT8,
            "seqincrement", INT8, "seqmax", INT8, "seqmin", INT8, "seqcache", INT8, "seqcycle", BOOL);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (SequenceDef q : ctx.sequences()) {
            rows.add(new Object[] {q.oid(), q.type().oid(), q.start(), q.increment(), q.max(), q.min(), q.cache(),
                q.cycle()});
        }
        return rows;
    }
}
