package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.RoleDef;
import io.tessera.coordinator.catalog.SchemaDef;
import io.tessera.coordinator.catalog.TableDef;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlIdentifier;

/**
 * One session's temporary tables ({@code CREATE TEMP TABLE}), as PostgreSQL's: they live in the session's own
 * temporary schema {@code pg_temp_N}, which name resolution searches first ({@code SearchPath#relationPath}) and no
 * other session searches, so other sessions' temporary tables of the same name never conflict.
 *
 * <p>A temporary table is an ordinary catalog table in that schema: its rows live on the datanodes, distributed as a
 * permanent table's would be (DISTRIBUTE BY is accepted, as Postgres-XL does); DDL on it inside a transaction block is
 * the block's, like any other. The schema ({@link SchemaDef#temporaryOf}: this coordinator's transaction owner id) is
 * made, outside any transaction block, at the session's first temporary table, and dropped with everything in it
 * (the rows on the datanodes too) when the session ends, at DISCARD TEMP / DISCARD ALL, or — when the coordinator died
 * first — by any coordinator that finds the owner id's ephemeral znode gone ({@link #dropOrphans}).
 *
 * <p>ON COMMIT DELETE ROWS and ON COMMIT DROP run when a transaction that touched the session's data or catalog has
 * ended ({@link #commitActions}): the rows, or the table, are then removed in a transaction of their own. Only the
 * session can see its temporary tables, so nobody can observe the moment between the two.
 */
final class TempTables {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TempTables.class);

    private final CatalogStore catalog;
    private final String database;
    private final String user;
    private final String owner;
    /** The session's temporary schema's name once made, else null. */
    private volatile String schema;
    /** The ON COMMIT DELETE ROWS / DROP actions by the table's catalog key, in creation order. */
    private final Map<String, String> onCommit = new LinkedHashMap<>();
    /** Whether a statement ran since the last {@link #commitActions}. */
    private boolean touched;

    /**
     * @param catalog the coordinator's catalog (null in unit tests without one: no temporary tables then)
     * @param owner this coordinator's transaction owner id ({@code TransactionOwners}), whose ephemeral znode lives as
     *     long as the coordinator's ZooKeeper session does
     */
    TempTables(CatalogStore catalog, String database, String user, String owner) {
        this.catalog = catalog;
        this.database = database;
        this.user = user;
        this.owner = owner;
    }

    /** The session's temporary schema's name, or null before its first temporary table. */
    String schema() {
        return schema;
    }

    /**
     * Checks a CREATE TABLE's TEMP and ON COMMIT clauses and, for a temporary table (TEMP, or a name qualified by
     * {@code pg_temp}), makes the session's temporary schema if it has none.
     *
     * @return whether the table is temporary
     * @throws TesseraException 42P16 for ON COMMIT on a permanent table
     */
    boolean beforeCreate(SqlIdentifier name, boolean temporary, String action) {
        boolean temp = temporary || name.names.size() == 2
                && (name.names.get(0).equals(io.tessera.coordinator.catalog.SearchPath.PG_TEMP)
                        || name.names.get(0).equals(schema));
        if (action != null && !temp) {
            throw new TesseraException(SqlState.INVALID_TABLE_DEFINITION,
                    "ON COMMIT can only be used on temporary tables");
        }
        if (temp) {
            if (name.names.size() == 2 && !SchemaDef.isTemporary(name.names.get(0))
                    && !name.names.get(0).equals(io.tessera.coordinator.catalog.SearchPath.PG_TEMP)) {
                if (!catalog.snapshot().schemaExists(database, name.names.get(0))) {
                    throw new TesseraException(SqlState.INVALID_SCHEMA_NAME, "schema \"" + name.names.get(0)
                            + "\" does not exist");
                }
                throw new TesseraException(SqlState.INVALID_TABLE_DEFINITION,
                        "cannot create temporary relation in non-temporary schema");
            }
            ensureSchema();
        }
        touched = true;
        return temp;
    }

    /** Records a temporary table's ON COMMIT action after CREATE TABLE made it ({@code PRESERVE ROWS}: none). */
    void created(SqlIdentifier name, String action) {
        if (action == null || action.equals("PRESERVE ROWS") || schema == null) {
            return;
        }
        onCommit.put(CatalogSnapshot.key(schema, name.names.get(name.names.size() - 1)), action);
    }

    /** Notes that a statement ran, so the ON COMMIT actions run when its transaction has ended. */
    void touched() {
        touched = true;
    }

    /**
     * The statements the ON COMMIT actions take now that a transaction has ended (TRUNCATE for DELETE ROWS, DROP
     * TABLE for DROP), for the tables that still exist; empty when nothing ran since the last call.
     */
    List<String> commitActions(CatalogSnapshot now) {
        if (!touched || onCommit.isEmpty()) {
            touched = false;
            return List.of();
        }
        touched = false;
        List<String> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, String>> it = onCommit.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, String> e = it.next();
            TableDef t = now.tables(database).get(e.getKey());
            if (t == null || !schema.equals(t.schema())) {
                it.remove();
                continue;
            }
            if (e.getValue().equals("DROP")) {
                out.add("DROP TABLE IF EXISTS " + quote(t.schema()) + "." + quote(t.name()));
                it.remove();
            } else {
                out.add("TRUNCATE " + quote(t.schema()) + "." + quote(t.name()));
            }
        }
        return out;
    }

    /**
     * The statement that drops the session's temporary schema with all its tables (session end, DISCARD TEMP), or
     * null when the session has none.
     */
    String dropStatement() {
        String s = schema;
        if (s == null || !catalog.snapshot().schemaExists(database, s)) {
            return null;
        }
        return dropStatement(s);
    }

    private static String dropStatement(String schema) {
        return "DROP SCHEMA IF EXISTS " + quote(schema) + " CASCADE";
    }

    /** Forgets the ON COMMIT actions (the schema and its tables are gone). */
    void dropped() {
        onCommit.clear();
    }

    /** Makes the session's temporary schema, outside any transaction block, unless the catalog has it. */
    private void ensureSchema() {
        String s = schema;
        if (s != null && catalog.snapshot().schemaExists(database, s)) {
            return;
        }
        String[] made = new String[1];
        Runnable unbound = CatalogStore.enter(null); // not the block's: the schema outlives a rolled-back block
        try {
            catalog.apply((snapshot, root, ops) -> {
                int id = ops.allocateOid();
                made[0] = SchemaDef.TEMP_PREFIX + id;
                RoleDef role = snapshot.roles().get(user);
                return ops.createSchema(new SchemaDef(id, database, made[0], role == null ? 10 : role.oid(), null, null,
                        owner));
            });
        } finally {
            unbound.run();
        }
        schema = made[0];
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /**
     * The temporary schemas of {@code snapshot} whose sessions are gone: their coordinator's owner znode no longer
     * exists (it died, or its ZooKeeper session expired), or it is {@code self}'s own id from before a restart is
     * not (another incarnation of this coordinator). As pairs {database, DROP statement, owning role name}.
     */
    static List<String[]> orphans(CatalogSnapshot snapshot, org.apache.curator.framework.CuratorFramework zk,
            String self) {
        List<String[]> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, SchemaDef>> db : snapshot.schemas().entrySet()) {
            for (SchemaDef s : db.getValue().values()) {
                if (s.temporaryOf() == null || s.temporaryOf().equals(self)) {
                    continue;
                }
                try {
                    if (zk.checkExists().forPath(io.tessera.common.txn.TransactionOwners.path(s.temporaryOf()))
                            != null) {
                        continue;
                    }
                } catch (Exception e) {
                    LOG.debug("checking the owner of {}", s.name(), e);
                    continue;
                }
                String role = null;
                for (RoleDef r : snapshot.roles().values()) {
                    if (r.oid() == s.owner()) {
                        role = r.name();
                    }
                }
                out.add(new String[] {db.getKey(), dropStatement(s.name()), role});
            }
        }
        return out;
    }
}
