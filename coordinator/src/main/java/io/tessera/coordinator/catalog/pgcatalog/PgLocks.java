package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.DatabaseDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.txn.lock.LockTag;
import io.tessera.coordinator.txn.lock.TableLockTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code pg_locks}: the table locks of the coordinator the query runs on (locktype {@code relation}, PostgreSQL's
 * mode names such as {@code AccessExclusiveLock}, {@code granted} false while waited for): its own sessions' locks
 * (their {@code pid}) and the strong locks of other coordinators' transactions, which every coordinator holds too
 * ({@code pid} null, {@code virtualtransaction} naming the coordinator). Row locks live on the datanodes and are
 * not shown. Advisory locks (locktype {@code advisory}, {@code ExclusiveLock} or {@code ShareLock}) are in every
 * coordinator's table, with PostgreSQL's {@code database}, {@code classid}, {@code objid} and {@code objsubid}
 * ({@link LockTag}); {@code classid} and {@code objid} are oids holding key halves up to 2^32 - 1
 * ({@link CatalogTable.Type#UNSIGNED_OID}: they compare and sort unsigned, as PostgreSQL's do).
 */
public final class PgLocks extends CatalogTable {
    private static final List<Col> COLUMNS = cols("locktype", TEXT, "database", OID, "relation", OID, "page", INT4,
            "tuple", INT2, "virtualxid", TEXT, "transactionid", INT4, "classid", UNSIGNED_OID, "objid", UNSIGNED_OID,
            "objsubid", INT2, "virtualtransaction", TEXT, "pid", INT4, "mode", TEXT, "granted", BOOL,
            "fastpath", BOOL, "waitstart", TIMESTAMPTZ);

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        SessionInfo s = ctx.session();
        if (s == null) {
            return rows;
        }
        Map<Integer, Object[]> tables = new HashMap<>(); // table id -> {database oid, table oid}
        for (DatabaseDef db : ctx.snapshot().databases().values()) {
            for (TableDef t : ctx.snapshot().tables(db.name()).values()) {
                tables.put(t.id(), new Object[] {db.oid(), t.oid()});
            }
            for (io.tessera.coordinator.catalog.ViewDef v : ctx.snapshot().views(db.name()).values()) {
                tables.put(v.id(), new Object[] {db.oid(), v.oid()}); // a query on a view locks it
            }
        }
        for (TableLockTable.LockInfo l : s.backends().tableLocks()) {
            LockTag tag = l.tag();
            Object[] t = tag.kind() == LockTag.Kind.ADVISORY
                    ? new Object[] {tag.database(), null, tag.classid(), tag.objid(), (short) tag.subid()}
                    : tables.get(tag.tableId());
            if (t == null) {
                continue; // dropped: its lock is about to go
            }
            if (t.length == 2) {
                t = new Object[] {t[0], t[1], null, null, null};
            }
            rows.add(new Object[] {tag.kind().locktype(), t[0], t[1], null, null, null, null, t[2], t[3], t[4],
                l.coordinator() + "/" + l.ownerId(), l.pid() == 0 ? null : l.pid(), l.mode().pgLocksName(),
                l.granted(), l.granted() && l.mode().isWeak() && l.pid() != 0,
                l.granted() ? null : l.waitStartMillis()});
        }
        return rows;
    }
}
