package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.SequenceDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.sql.exec.TesseraDataContext;
import io.tessera.coordinator.sql.functions.SequenceFunctions;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;

/**
 * The view {@code pg_sequences}: one row per sequence of the connected database, PostgreSQL 15's columns.
 * {@code data_type} (PostgreSQL's regtype) is the type's name as text; {@code last_value} is the sequence's last
 * value as {@code SELECT last_value FROM s} reads it, null before the first nextval (PostgreSQL's
 * {@code pg_sequence_last_value}).
 */
public final class PgSequences extends CatalogTable {
    private static final List<Col> COLUMNS = cols("schemaname", NAME, "sequencename", NAME, "sequenceowner", NAME,
            "data_type", TEXT, "start_value", INT8, "min_value", INT8, "max_value", INT8, "increment_by", INT8,
            "cycle", BOOL, "cache_size", INT8, "last_value", INT8);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
        SequenceFunctions.Access access = TesseraDataContext.statement(root).sequences();
        List<Object[]> out = new ArrayList<>();
        for (Object[] row : super.scan(root)) {
            if (access != null) {
                var counter = access.state(Relations.quote((String) row[0]) + "." + Relations.quote((String) row[1]));
                row[COLUMNS.size() - 1] = counter.called() ? counter.value() : null;
            }
            out.add(row);
        }
        return Linq4j.asEnumerable(out);
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (SequenceDef q : ctx.sequences()) {
            // a sequence OWNED BY a column has its table's owner (pg_class)
            TableDef t = q.ownedByTable() == null ? null : ctx.tablesByName().get(q.ownedByTable());
            int owner = t != null ? io.tessera.coordinator.catalog.Acls.owner(ctx.snapshot(), t) : ctx.tableOwner();
            rows.add(new Object[] {q.schemaName(), q.name(), Roles.name(ctx, owner), q.type().sqlName(), q.start(), q.min(),
                q.max(), q.increment(), q.cycle(), q.cache(), null});
        }
        return rows;
    }
}
