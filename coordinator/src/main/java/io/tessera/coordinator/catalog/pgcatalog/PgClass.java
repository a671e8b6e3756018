package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.pgcatalog.Relations.Relation;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pg_class}: the relations of {@link Relations}. A table's {@code reltuples} is the row count its last ANALYZE
 * counted and {@code relpages} that ANALYZE's estimate of its size in 8 kB pages
 * ({@link io.tessera.coordinator.stats.TableStatistics}); a table never analyzed, and every other relation, has 0 and
 * -1 (PostgreSQL's "never analyzed"). There is no TOAST, so {@code reltoastrelid} is 0.
 */
public final class PgClass extends CatalogTable {
    private static final List<Col> COLUMNS = cols("oid", OID, "relname", NAME, "relnamespace", OID, "reltype", OID,
            "reloftype", OID, "relowner", OID, "relam", OID, "relfilenode", OID, "reltablespace", OID,
            "relpages", INT4, "reltuples", FLOAT4, "relallvisible", INT4, "reltoastrelid", OID,
            "relhasindex", BOOL, "relisshared", BOOL, "relpersistence", CHAR, "relkind", CHAR, "relnatts", INT2,
            "relchecks", INT2, "relhasrules", BOOL, "relhastriggers", BOOL, "relhassubclass", BOOL,
            "relrowsecurity", BOOL, "relforcerowsecurity", BOOL, "relispopulated", BOOL, "relreplident", CHAR,
            "relispartition", BOOL, "relrewrite", OID, "relfrozenxid", INT4, "relminmxid", INT4,
            "relacl", TEXT_ARRAY, "reloptions", TEXT_ARRAY, "relpartbound", TEXT);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        int owner = ctx.tableOwner();
        for (Relation r : Relations.all(ctx)) {
            boolean user = r.table() != null;
            io.tessera.coordinator.catalog.TableDef def = r.kind() == 'r' && user ? r.table() : null;
            int relowner = def != null ? io.tessera.coordinator.catalog.Acls.owner(ctx.snapshot(), def)
                    : user ? owner : ctx.bootstrapSuperuser();
            if (r.kind() == 'S') { // a sequence OWNED BY a column has its table's owner, as PostgreSQL requires
                io.tessera.coordinator.catalog.SequenceDef q = ctx.sequences().stream().filter(x -> x.oid() == r.oid())
                        .findFirst().orElse(null);
                io.tessera.coordinator.catalog.TableDef t = q == null || q.ownedByTable() == null ? null : ctx.tablesByName().get(q.ownedByTable());
                relowner = t != null ? io.tessera.coordinator.catalog.Acls.owner(ctx.snapshot(), t) : relowner;
            }
            List<String> relacl = def == null || def.acl() == null ? null : def.acl().stream()
                    .map(a -> a.text(oid -> Roles.name(ctx, oid))).toList();
            boolean hasIndex = r.kind() == 'r' && user && (!r.table().primaryKey().isEmpty()
                    || r.table().indexes().stream().anyMatch(i -> i.state()
                            == io.tessera.coordinator.catalog.IndexDef.State.PUBLIC));
            io.tessera.coordinator.stats.TableStatistics stats = r.kind() == 'r' && user
                    ? ctx.statistics().get(r.table().id()) : null;
            int relpages = stats == null ? 0 : (int) Math.min(Integer.MAX_VALUE, stats.relPages());
            float reltuples = stats == null ? -1f : (float) stats.rowCount();
            rows.add(new Object[] {r.oid(), r.name(), r.namespace(), 0, 0, relowner,
                r.am(), r.kind() == 'v' ? 0 : r.oid(), 0, relpages, reltuples, 0, 0, hasIndex, false,
                io.tessera.coordinator.catalog.SchemaDef.isTemporary(ctx.schemaName(r.namespace())) ? "t" : "p",
                String.valueOf(r.kind()), (short) r.natts(), (short) (def == null ? 0 : def.checks().size()), false,
                user && r.kind() == 'r' && PgTrigger.hasTriggers(ctx, r.table()), false, false, false, true,
                r.kind() == 'r' ? "d" : "n", false, 0, 0, 0, relacl, null, null});
        }
        return rows;
    }
}
