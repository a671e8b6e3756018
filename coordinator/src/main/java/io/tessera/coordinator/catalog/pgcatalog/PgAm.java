package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import java.util.List;

/**
 * {@code pg_am}: the access methods Tessera's relations report — heap for tables (rows live in RocksDB on the
 * datanodes, but clients only read the name), btree for primary-key indexes — and hash, with PostgreSQL's OIDs.
 */
public final class PgAm extends CatalogTable {
    private static final List<Col> COLUMNS = cols("oid", OID, "amname", NAME, "amhandler", TEXT, "amtype", CHAR);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        return List.of(new Object[] {CatalogOids.HEAP_AM, "heap", "heap_tableam_handler", "t"},
                new Object[] {CatalogOids.BTREE_AM, "btree", "bthandler", "i"},
                new Object[] {CatalogOids.HASH_AM, "hash", "hashhandler", "i"});
    }
}
