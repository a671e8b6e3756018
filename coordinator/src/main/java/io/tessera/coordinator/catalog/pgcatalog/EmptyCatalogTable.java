package io.tessera.coordinator.catalog.pgcatalog;

import java.util.List;

/**
 * A catalog whose objects Tessera does not have, so it has PostgreSQL's columns and no rows: row-level security
 * policies ({@code pg_policy}), extended statistics ({@code pg_statistic_ext}), publications, partitioning,
 * inheritance, comments ({@code pg_description}), role memberships, column defaults ({@code pg_attrdef}, until
 * DEFAULT exists), sequences ({@code pg_sequence}, until they exist), views.
 */
public final class EmptyCatalogTable extends CatalogTable {
    private final List<Col> columns;

    public EmptyCatalogTable(List<Col> columns) {
        this.columns = columns;
    }

    /** A table with the columns {@code cols(name, type, ...)}. */
    public static EmptyCatalogTable of(Object... nameTypePairs) {
        return new EmptyCatalogTable(cols(nameTypePairs));
    }

    @Override
    public List<Col> columns() {
        return columns;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        return List.of();
    }
}
