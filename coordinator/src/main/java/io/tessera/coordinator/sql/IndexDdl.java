package io.tessera.coordinator.sql;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.UncheckedExecutionException;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.CatalogOverlay;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.IndexDef;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.catalog.pgcatalog.CatalogOids;
import io.tessera.coordinator.cluster.DatanodeClients;
import io.tessera.protocol.datanode.BuildIndexRequest;
import io.tessera.protocol.datanode.BuildIndexResponse;
import io.tessera.protocol.datanode.DropIndexRequest;
import io.tessera.sql.parser.ddl.SqlCreateTesseraIndex;
import io.tessera.sql.parser.ddl.SqlDropTesseraIndex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.sql.SqlIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CREATE INDEX and DROP INDEX. An index lives in its table's definition ({@link TableDef#indexes}), so datanodes learn
 * it through the table's schema version, and is built online in F1's manner (Rae et al., "Online, Asynchronous
 * Schema Change in F1", VLDB 2013):
 * <pre>
 *   publish DELETE_ONLY ─► publish WRITE_ONLY ─► publish BACKFILL ─► BuildIndex on every datanode ─► publish PUBLIC
 * </pre>
 * Each publish is a catalog change acknowledged by every live coordinator before it returns
 * ({@link CatalogStore#apply}), so at most two adjacent states are in use at once. From WRITE_ONLY on, every write
 * adds the entries of the rows it writes; the backfill, after each datanode has drained the writes planned with an
 * older version, adds the entries of every row stored before. Only a PUBLIC index is read. A build that fails removes
 * the index from the catalog and its entries from the datanodes; one whose coordinator died leaves a non-public
 * index that nothing reads, is not listed in pg_class, and that a CREATE INDEX of the same name replaces.
 */
final class IndexDdl {
    private static final Logger LOG = LoggerFactory.getLogger(IndexDdl.class);
    /** PostgreSQL's NAMEDATALEN - 1. */
    private static final int MAX_NAME = 63;

    /** Checks the rows of a table for a duplicate key before a unique index becomes public. */
    interface DuplicateFinder {
        /**
         * The first duplicated key among the rows where every column of {@code columns} is not NULL, as PostgreSQL's
         * DETAIL prints it ({@code (a, b)=(1, x)}), or null when there is none.
         */
        String firstDuplicate(TableDef table, List<String> columns);
    }

    private final CatalogStore catalog;
    private final DatanodeClients datanodes;

    IndexDdl(CatalogStore catalog, DatanodeClients datanodes) {
        this.catalog = catalog;
        this.datanodes = datanodes;
    }

    /**
     * CREATE INDEX; returns the notices (IF NOT EXISTS on an existing relation).
     *
     * @throws TesseraException 42P01 no such table, 42P07 the name is taken, 42703 unknown column, 42704 unknown
     *     access method or a type without a btree operator class, 0A000 for expressions, WHERE, non-btree methods and
     *     a UNIQUE index the cluster cannot enforce, 23505 when a unique index meets existing duplicates
     */
    List<TesseraException> create(SqlCreateTesseraIndex stmt, String database, DuplicateFinder duplicates) {
        return create(stmt, database, duplicates, false, false, false);
    }

    /**
     * As {@link #create(SqlCreateTesseraIndex, String, DuplicateFinder)}; {@code constraint}: a UNIQUE constraint owns
     * it, with the constraint's timing ({@link IndexDef#deferrable}, {@link IndexDef#initiallyDeferred}).
     */
    List<TesseraException> create(SqlCreateTesseraIndex stmt, String database, DuplicateFinder duplicates,
            boolean constraint, boolean deferrable, boolean initiallyDeferred) {
        String tableName = DdlExecutor.tableName(stmt.table());
        CatalogSnapshot now = catalog.snapshot();
        TableDef table = now.tables(database).get(tableName);
        if (table == null) {
            if (now.views(database).containsKey(tableName)) {
                throw new TesseraException(SqlState.WRONG_OBJECT_TYPE, "\"" + tableName + "\" is not a table");
            }
            throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + tableName + "\" does not exist");
        }
        RedistributionJobs.refuseDdl(database, tableName);
        String method = stmt.method() == null ? "btree" : stmt.method().toLowerCase(Locale.ROOT);
        if (!method.equals("btree")) {
            if (method.equals("hash") || method.equals("gist") || method.equals("gin") || method.equals("spgist")
                    || method.equals("brin")) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "access method \"" + method
                        + "\" is not supported", null, "Use the default access method, btree.", 0, null);
            }
            throw new TesseraException(SqlState.UNDEFINED_OBJECT, "access method \"" + method + "\" does not exist");
        }
        if (stmt.where() != null) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "partial indexes (CREATE INDEX ... WHERE) are"
                    + " not supported", null, "Index the column without a WHERE clause.", 0, null);
        }
        List<IndexDef.Column> columns = new ArrayList<>();
        for (SqlCreateTesseraIndex.Element e : stmt.elements()) {
            String column = e.column();
            if (column == null) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "expression indexes are not supported",
                        null, "Index columns only.", 0, null);
            }
            ColumnDef c = columnOf(table, column);
            if (!btree(c.type())) {
                throw new TesseraException(SqlState.UNDEFINED_OBJECT, "data type " + c.type().sqlName()
                        + " has no default operator class for access method \"btree\"", null, "You must specify an"
                        + " operator class for the index or define a default operator class for the data type.", 0,
                        null);
            }
            boolean nullsFirst = e.nullsFirst() == null ? e.descending() : e.nullsFirst();
            columns.add(new IndexDef.Column(column, e.descending(), nullsFirst));
        }
        for (String c : stmt.include()) {
            columnOf(table, c);
        }
        if (stmt.unique()) {
            checkEnforceable(table, columns);
        }
        List<TesseraException> notices = new ArrayList<>();
        IndexDef[] created = new IndexDef[1];
        IndexDef[] replaced = new IndexDef[1];
        catalog.apply((snapshot, root, ops) -> {
            notices.clear();
            created[0] = null;
            replaced[0] = null;
            TableDef t = snapshot.tables(database).get(tableName);
            if (t == null || t.id() != table.id()) {
                throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + tableName + "\" does not exist");
            }
            List<IndexDef> kept = new ArrayList<>(t.indexes());
            String name;
            if (stmt.name() != null) {
                name = stmt.name().getSimple();
                IndexDef leftover = t.index(name);
                TableDef published = catalog.globalSnapshot().tables(database).get(tableName);
                IndexDef publishedLeftover = published == null ? null : published.index(name);
                if (leftover != null && leftover.state() != IndexDef.State.PUBLIC && publishedLeftover != null
                        && publishedLeftover.id() == leftover.id()) { // not one this transaction block is making
                    kept.remove(leftover); // a failed build's remains: replaced (its entries are removed below)
                    replaced[0] = leftover;
                } else if (relationExists(snapshot, database, CatalogSnapshot.key(t.schema(), name))) {
                    if (stmt.ifNotExists()) {
                        notices.add(new TesseraException(SqlState.DUPLICATE_TABLE,
                                "relation \"" + name + "\" already exists, skipping"));
                        return List.of();
                    }
                    throw new TesseraException(SqlState.DUPLICATE_TABLE, "relation \"" + name + "\" already exists");
                }
            } else {
                List<String> names = new ArrayList<>();
                columns.forEach(c -> names.add(c.name()));
                names.addAll(stmt.include());
                name = chooseName(snapshot, database, CatalogSnapshot.schemaOf(t.schema()), t.name(),
                        String.join("_", names), "idx");
            }
            created[0] = new IndexDef(ops.allocateOid(), name, columns, stmt.include(), stmt.unique(),
                    IndexDef.State.DELETE_ONLY, constraint, deferrable, initiallyDeferred);
            kept.add(created[0]);
            return List.of(ops.updateTable(t.withIndexes(kept)));
        });
        if (replaced[0] != null) {
            removeEntries(table, replaced[0]);
        }
        if (created[0] == null) {
            return notices;
        }
        IndexDef index = created[0];
        // inside a transaction block the index is in the block's catalog, DELETE_ONLY (never read, nothing to
        // maintain); COMMIT publishes it so and then builds it as below
        if (catalog.deferUntilCommit(() -> {
            if (present(database, tableName, index)) { // not dropped again in the block
                build(database, tableName, index, duplicates, true);
            }
        })) {
            if (index.unique()) {
                String dup = duplicates.firstDuplicate(catalog.snapshot().tables(database).get(tableName),
                        index.columnNames());
                if (dup != null) {
                    throw new TesseraException(SqlState.UNIQUE_VIOLATION, "could not create unique index \""
                            + index.name() + "\"", "Key " + dup + " is duplicated.", null, 0, null);
                }
            }
            return notices;
        }
        build(database, tableName, index, duplicates, false);
        return notices;
    }

    /**
     * The online build of an index published DELETE_ONLY: WRITE_ONLY, BACKFILL, the backfill, the duplicate check of
     * a unique index, PUBLIC; a failure abandons the index.
     *
     * @param afterCommit whether a committed transaction block's CREATE INDEX is being built (its failure says so)
     */
    private void build(String database, String tableName, IndexDef index, DuplicateFinder duplicates,
            boolean afterCommit) {
        try {
            advance(database, tableName, index, IndexDef.State.WRITE_ONLY);
            long backfillVersion = advance(database, tableName, index, IndexDef.State.BACKFILL);
            TableDef t = catalog.snapshot().tables(database).get(tableName);
            long entries = backfill(t, index, backfillVersion);
            if (index.unique()) {
                String dup = duplicates.firstDuplicate(t, index.columnNames());
                if (dup != null) {
                    throw new TesseraException(SqlState.UNIQUE_VIOLATION, "could not create unique index \""
                            + index.name() + "\"", "Key " + dup + " is duplicated.", null, 0, null);
                }
            }
            advance(database, tableName, index, IndexDef.State.PUBLIC);
            LOG.info("created index {} on {} ({} entries)", index.name(), tableName, entries);
        } catch (TesseraException e) {
            abandon(database, tableName, index);
            if (afterCommit) {
                throw new TesseraException(e.sqlState(), e.getMessage(), (e.detail() == null ? "" : e.detail() + " ")
                        + "The transaction block committed without index \"" + index.name() + "\".", e.hint(), 0, null);
            }
            throw e;
        } catch (RuntimeException e) {
            abandon(database, tableName, index);
            throw e;
        }
    }

    /**
     * Prepares CREATE INDEX or DROP INDEX for the session: refuses CONCURRENTLY inside a transaction block (25001; a
     * plain CREATE INDEX there is built when the block commits: {@link #create}, a plain DROP INDEX leaves the block's
     * catalog at once and the datanodes' entries when it commits: {@link #drop}), else wraps its execution with
     * {@code command}.
     *
     * @param value runs a query in a statement of its own and returns its first value (the duplicate check)
     */
    static io.tessera.coordinator.session.PreparedStatement command(org.apache.calcite.sql.SqlNode node,
            boolean inBlock, String database, IndexDdl ddl,
            java.util.function.Function<java.util.function.Supplier<List<TesseraException>>,
                    io.tessera.coordinator.session.PreparedStatement> command,
            java.util.function.Function<String, Object> value) {
        if (node instanceof SqlCreateTesseraIndex create) {
            if (inBlock && create.concurrently()) {
                throw new TesseraException(SqlState.ACTIVE_SQL_TRANSACTION,
                        "CREATE INDEX CONCURRENTLY cannot run inside a transaction block");
            }
            return command.apply(() -> ddl.create(create, database, duplicates(value)));
        }
        SqlDropTesseraIndex drop = (SqlDropTesseraIndex) node;
        if (inBlock && drop.concurrently()) {
            throw new TesseraException(SqlState.ACTIVE_SQL_TRANSACTION,
                    "DROP INDEX CONCURRENTLY cannot run inside a transaction block");
        }
        return command.apply(() -> ddl.drop(drop, database));
    }

    /** The duplicate check of a unique index's build, over {@code value} (runs a query, returns its first value). */
    static DuplicateFinder duplicates(java.util.function.Function<String, Object> value) {
        return (t, columns) -> {
                StringBuilder select = new StringBuilder();
                StringBuilder where = new StringBuilder();
                StringBuilder group = new StringBuilder();
                for (String c : columns) {
                    String q = DdlExecutor.quote(c);
                    select.append(select.length() == 0 ? "" : " || ', ' || ").append("CAST(").append(q)
                            .append(" AS text)");
                    where.append(where.length() == 0 ? "" : " AND ").append(q).append(" IS NOT NULL");
                    group.append(group.length() == 0 ? "" : ", ").append(q);
                }
                Object v = value.apply("SELECT " + select + " FROM " + DdlExecutor.relation(t) + " WHERE " + where
                        + " GROUP BY " + group + " HAVING count(*) > 1 LIMIT 1");
                return v == null ? null : "(" + String.join(", ", columns) + ")=(" + v + ")";
        };
    }

    /**
     * ALTER TABLE ... DROP CONSTRAINT of a UNIQUE constraint: its index leaves the catalog, then its entries the
     * datanodes.
     */
    void dropOwned(String database, String tableName, IndexDef index) {
        TableDef[] table = new TableDef[1];
        catalog.apply((snapshot, root, ops) -> {
            TableDef t = snapshot.tables(database).get(tableName);
            if (t == null || t.indexes().stream().noneMatch(i -> i.id() == index.id())) {
                throw new TesseraException(SqlState.OBJECT_IN_USE, "table \"" + tableName
                        + "\" was changed concurrently; try again");
            }
            table[0] = t;
            return List.of(ops.updateTable(t.withIndexes(
                    t.indexes().stream().filter(i -> i.id() != index.id()).toList())));
        });
        removeEntries(table[0], index);
    }

    /** Whether the catalog holds {@code index} on table {@code tableName}. */
    private boolean present(String database, String tableName, IndexDef index) {
        TableDef t = catalog.snapshot().tables(database).get(tableName);
        IndexDef current = t == null ? null : t.index(index.name());
        return current != null && current.id() == index.id();
    }

    /** Publishes {@code index} in {@code state}; returns the table's new schema version. */
    private long advance(String database, String tableName, IndexDef index, IndexDef.State state) {
        long[] version = new long[1];
        catalog.apply((snapshot, root, ops) -> {
            TableDef t = snapshot.tables(database).get(tableName);
            IndexDef current = t == null ? null : t.index(index.name());
            if (current == null || current.id() != index.id()) {
                throw new TesseraException(SqlState.OBJECT_IN_USE, "index \"" + index.name()
                        + "\" was dropped or replaced while it was being built");
            }
            List<IndexDef> list = new ArrayList<>();
            for (IndexDef i : t.indexes()) {
                list.add(i.id() == index.id() ? i.withState(state) : i);
            }
            TableDef next = t.withIndexes(list);
            version[0] = next.schemaVersion();
            return List.of(ops.updateTable(next));
        });
        return version[0];
    }

    /**
     * Runs the backfill on every datanode of the table at once (each reads and writes only its own shards) and waits
     * for all of them, also after one failed, so that no backfill still writes entries when a failed build removes
     * them; returns the entries written.
     *
     * @throws RuntimeException the first datanode's failure, as its blocking call would have thrown it
     */
    private long backfill(TableDef t, IndexDef index, long version) {
        CatalogSnapshot s = catalog.snapshot();
        BuildIndexRequest request = BuildIndexRequest.newBuilder().setTableId(t.id()).setIndexId(index.id())
                .setSchemaVersion(version).build();
        List<ListenableFuture<BuildIndexResponse>> calls = new ArrayList<>();
        for (String nodeName : t.distribution().nodes()) {
            NodeDef node = DatanodeClients.require(s.nodes(), nodeName);
            calls.add(datanodes.future(node).withDeadlineAfter(1, TimeUnit.HOURS)
                    .buildIndex(request));
        }
        long entries = 0;
        RuntimeException first = null;
        for (var call : calls) {
            try {
                entries += Futures.getUnchecked(call).getEntries();
            } catch (UncheckedExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return entries;
    }

    /** Removes a failed build's index from the catalog and its entries from the datanodes (best effort). */
    private void abandon(String database, String tableName, IndexDef index) {
        TableDef[] table = new TableDef[1];
        try {
            catalog.apply((snapshot, root, ops) -> {
                TableDef t = snapshot.tables(database).get(tableName);
                table[0] = t;
                if (t == null || t.indexes().stream().noneMatch(i -> i.id() == index.id())) {
                    return List.of();
                }
                return List.of(ops.updateTable(t.withIndexes(
                        t.indexes().stream().filter(i -> i.id() != index.id()).toList())));
            });
        } catch (RuntimeException e) {
            LOG.warn("could not remove the failed index {} from the catalog: {}", index.name(), e.getMessage());
        }
        if (table[0] != null) {
            removeEntries(table[0], index);
        }
    }

    /** Removes the entries of {@code index} of table {@code t} from its datanodes (after it left the catalog). */
    void removeEntries(TableDef t, IndexDef index) {
        CatalogSnapshot s = catalog.snapshot();
        for (String nodeName : t.distribution().nodes()) {
            NodeDef node = s.nodes().get(nodeName);
            if (node == null) {
                continue;
            }
            try {
                datanodes.blocking(node).withDeadlineAfter(60, TimeUnit.SECONDS).dropIndex(DropIndexRequest
                        .newBuilder().setTableId(t.id()).setIndexId(index.id()).build());
            } catch (RuntimeException e) {
                LOG.warn("could not remove the entries of index {} (id {}) from {}: {}", index.name(), index.id(),
                        nodeName, e.getMessage());
            }
        }
    }

    /**
     * DROP INDEX; returns the notices (IF EXISTS).
     *
     * @throws TesseraException 42704 no such index, 42809 not an index, 2BP01 a primary key's index, 0A000 for
     *     CONCURRENTLY with several indexes or CASCADE
     */
    List<TesseraException> drop(SqlDropTesseraIndex stmt, String database) {
        if (stmt.concurrently() && stmt.names().size() > 1) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                    "DROP INDEX CONCURRENTLY does not support dropping multiple objects");
        }
        if (stmt.concurrently() && stmt.cascade()) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "DROP INDEX CONCURRENTLY does not support CASCADE");
        }
        List<TesseraException> notices = new ArrayList<>();
        List<TableDef> tables = new ArrayList<>();
        List<IndexDef> dropped = new ArrayList<>();
        catalog.apply((snapshot, root, ops) -> {
            notices.clear();
            tables.clear();
            dropped.clear();
            java.util.Map<String, TableDef> changed = new java.util.LinkedHashMap<>();
            for (SqlIdentifier id : stmt.names()) {
                String key = DdlExecutor.tableNameOrSkip(id, stmt.ifExists(), notices);
                if (key == null) {
                    continue;
                }
                String name = id.names.get(id.names.size() - 1);
                String schema = indexSchema(snapshot, database, id.names);
                TableDef owner = null;
                IndexDef found = null;
                for (TableDef t : snapshot.tables(database).values()) {
                    if (!CatalogSnapshot.schemaOf(t.schema()).equals(schema)) {
                        continue;
                    }
                    TableDef cur = changed.getOrDefault(t.key(), t);
                    IndexDef i = cur.index(name);
                    if (i != null && (i.state() == IndexDef.State.PUBLIC || madeInThisBlock(database, cur, i))) {
                        owner = cur;
                        found = i;
                        if (i.constraint()) {
                            throw new TesseraException(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop index "
                                    + name + " because constraint " + name + " on table " + t.name()
                                    + " requires it", null, "You can drop constraint " + name + " on table "
                                    + t.name() + " instead.", 0, null);
                        }
                    }
                    if (!t.primaryKey().isEmpty() && CatalogOids.primaryKeyName(t).equals(name)) {
                        throw new TesseraException(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop index " + name
                                + " because constraint " + name + " on table " + t.name() + " requires it", null,
                                "You can drop constraint " + name + " on table " + t.name() + " instead.", 0, null);
                    }
                }
                if (found == null) {
                    if (snapshot.tables(database).containsKey(key) || snapshot.views(database).containsKey(key)
                            || snapshot.sequences(database).containsKey(key)) {
                        String kind = snapshot.tables(database).containsKey(key) ? "TABLE"
                                : snapshot.views(database).containsKey(key) ? "VIEW" : "SEQUENCE";
                        throw new TesseraException(SqlState.WRONG_OBJECT_TYPE, "\"" + name + "\" is not an index",
                                null, "Use DROP " + kind + " to remove a " + kind.toLowerCase(Locale.ROOT) + ".", 0,
                                null);
                    }
                    if (stmt.ifExists()) {
                        notices.add(new TesseraException(SqlState.SUCCESSFUL_COMPLETION,
                                "index \"" + name + "\" does not exist, skipping"));
                        continue;
                    }
                    throw new TesseraException(SqlState.UNDEFINED_OBJECT, "index \"" + name + "\" does not exist");
                }
                RedistributionJobs.refuseDdl(database, owner.key());
                IndexDef gone = found;
                changed.put(owner.key(), new TableDef(owner.id(), owner.database(), owner.schema(), owner.name(),
                        owner.columns(), owner.distribution(), owner.primaryKey(), owner.checks(),
                        owner.nextColumnId(), owner.schemaVersion(), owner.comments(),
                        owner.indexes().stream().filter(i -> i.id() != gone.id()).toList(), owner.foreignKeys())
                        .withAccessOf(owner));
                dropped.add(gone);
            }
            List<org.apache.curator.framework.api.transaction.CuratorOp> out = new ArrayList<>();
            for (TableDef t : changed.values()) {
                TableDef next = t.withIndexes(t.indexes()); // one version bump per table
                tables.add(next);
                out.add(ops.updateTable(next));
            }
            return out;
        });
        Runnable removal = () -> {
            for (IndexDef i : dropped) {
                for (TableDef t : tables) {
                    removeEntries(t, i);
                }
            }
        };
        if (!catalog.deferUntilCommit(removal)) { // in a transaction block the entries go once COMMIT published it
            removal.run();
        }
        return notices;
    }

    /**
     * ALTER INDEX [IF EXISTS] name RENAME TO new, as PostgreSQL 15: the index keeps its schema and its entries (the
     * datanodes key them by the index's id); a UNIQUE or PRIMARY KEY constraint's index renames its constraint with
     * it (pg_constraint, psql's {@code \d}, 23505's message). Returns the notices (IF EXISTS).
     *
     * @throws TesseraException 42P01 no such index, 42809 a table, view or sequence (PostgreSQL renames those too),
     *     42P07 a taken relation name, 42710 another constraint of the table with the new name
     */
    List<TesseraException> rename(io.tessera.sql.parser.ddl.SqlAlterIndex stmt, String database) {
        List<TesseraException> notices = new ArrayList<>();
        catalog.apply((snapshot, root, ops) -> {
            notices.clear();
            String key = DdlExecutor.alteredNameOrSkip(stmt.name(), stmt.ifExists(), notices);
            if (key == null) {
                return List.of();
            }
            String name = stmt.indexName();
            String to = stmt.renameTo();
            String schema = indexSchema(snapshot, database, stmt.name().names);
            TableDef owner = null;
            for (TableDef t : snapshot.tables(database).values()) {
                IndexDef i = t.index(name);
                if (CatalogSnapshot.schemaOf(t.schema()).equals(schema) && (i != null
                        && i.state() == IndexDef.State.PUBLIC || name.equals(t.primaryKeyConstraint()))) {
                    owner = t;
                }
            }
            if (owner == null) {
                if (snapshot.tables(database).containsKey(key) || snapshot.views(database).containsKey(key)
                        || snapshot.sequences(database).containsKey(key)) {
                    throw new TesseraException(SqlState.WRONG_OBJECT_TYPE, "\"" + name + "\" is not an index", null,
                            "Use ALTER TABLE, ALTER VIEW or ALTER SEQUENCE to rename it.", 0, null);
                }
                if (stmt.ifExists()) {
                    notices.add(new TesseraException(SqlState.SUCCESSFUL_COMPLETION, "relation \"" + name
                            + "\" does not exist, skipping"));
                    return List.of();
                }
                throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist");
            }
            RedistributionJobs.refuseDdl(database, owner.key());
            if (relationExists(snapshot, database, CatalogSnapshot.key(schema, to))) {
                throw new TesseraException(SqlState.DUPLICATE_TABLE, "relation \"" + to + "\" already exists");
            }
            boolean primaryKey = name.equals(owner.primaryKeyConstraint());
            if ((primaryKey || owner.index(name).constraint())
                    && (owner.checks().stream().anyMatch(c -> c.name().equals(to))
                    || owner.foreignKeys().stream().anyMatch(f -> f.name().equals(to)))) {
                throw new TesseraException(SqlState.DUPLICATE_OBJECT, "constraint \"" + to + "\" for relation \""
                        + owner.name() + "\" already exists");
            }
            TableDef next = primaryKey ? owner.withPrimaryKeyName(to).withIndexes(owner.indexes())
                    : owner.withIndexes(owner.indexes().stream().map(i -> i.name().equals(name) ? i.withName(to) : i)
                    .toList());
            return List.of(ops.updateTable(next));
        });
        return notices;
    }

    /**
     * The schema an index name of DROP INDEX denotes, as PostgreSQL resolves it: the qualifying schema, else the first
     * schema of the session's search path with a table that has an index (or primary key) of that name; null when
     * none has.
     */
    private static String indexSchema(CatalogSnapshot s, String database, List<String> names) {
        String name = names.get(names.size() - 1);
        List<String> schemas = names.size() == 2 ? List.of(names.get(0))
                : io.tessera.coordinator.catalog.SearchPath.current();
        for (String schema : schemas) {
            for (TableDef t : s.tables(database).values()) {
                if (CatalogSnapshot.schemaOf(t.schema()).equals(schema) && (t.index(name) != null
                        || !t.primaryKey().isEmpty() && CatalogOids.primaryKeyName(t).equals(name))) {
                    return schema;
                }
            }
        }
        return null;
    }

    /**
     * Whether {@code index} is one the session's open transaction block created (DELETE_ONLY in the block's catalog,
     * absent from the published one): DROP INDEX in the same block removes it.
     */
    private boolean madeInThisBlock(String database, TableDef table, IndexDef index) {
        if (index.state() != IndexDef.State.DELETE_ONLY) {
            return false;
        }
        TableDef published = catalog.globalSnapshot().tables(database).get(table.key());
        IndexDef p = published == null ? null : published.index(index.name());
        return p == null || p.id() != index.id();
    }

    /**
     * A UNIQUE index is enforced by each datanode over the rows it stores, which is the whole cluster's check only
     * when equal keys always meet on one datanode: the key contains the distribution column, or every datanode
     * holds every row (replicated). Postgres-XL refuses the others the same way.
     */
    static void checkEnforceable(TableDef t, List<IndexDef.Column> columns) {
        if (!enforceable(t.distribution(), columns)) {
            Distribution d = t.distribution();
            throw notEnforceable("Table \"" + t.name() + "\" is " + (d.kind() == Distribution.Kind.ROUNDROBIN
                    ? "distributed round robin" : "distributed by column \"" + d.column() + "\"")
                    + ", which the unique key does not contain.",
                    "Include the distribution column in the unique key, or replicate the table.");
        }
    }

    /**
     * ALTER TABLE ... DISTRIBUTE BY (and the node forms) to distribution {@code d}: every unique index of {@code t}
     * must stay enforceable, as {@link #checkEnforceable(TableDef, List)} requires of a new one.
     *
     * @throws TesseraException 0A000 (CREATE UNIQUE INDEX's message) naming the first unique index that would not be
     */
    static void checkEnforceable(TableDef t, Distribution d) {
        for (IndexDef i : t.indexes()) {
            if (i.unique() && !enforceable(d, i.columns())) {
                throw notEnforceable("Unique index \"" + i.name() + "\" of table \"" + t.name()
                        + "\" does not contain " + (d.kind() == Distribution.Kind.ROUNDROBIN
                        ? "a distribution column (ROUNDROBIN has none)" : "the new distribution column \""
                        + d.column() + "\"") + ".", "Distribute the table by a column of the unique index, "
                        + "replicate it, or drop index \"" + i.name() + "\" first.");
            }
        }
    }

    private static boolean enforceable(Distribution d, List<IndexDef.Column> columns) {
        return d.kind() == Distribution.Kind.REPLICATION || d.column() != null
                && d.kind() != Distribution.Kind.ROUNDROBIN
                && columns.stream().anyMatch(c -> c.name().equals(d.column()));
    }

    private static TesseraException notEnforceable(String detail, String hint) {
        return new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                "Cannot create index whose evaluation cannot be enforced to remote nodes", detail, hint, 0, null);
    }

    private static ColumnDef columnOf(TableDef t, String column) {
        int i = t.columnIndex(column);
        if (i < 0) {
            throw new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + column + "\" does not exist");
        }
        return t.columns().get(i);
    }

    /** Whether a column type has a default btree operator class here (the types with a key encoding). */
    private static boolean btree(PgType t) {
        switch (t) {
            case BOOL: case INT2: case INT4: case DATE: case OID: case FLOAT4: case INT8: case TIMESTAMP:
            case TIMESTAMPTZ: case FLOAT8: case NUMERIC: case BPCHAR: case TEXT: case VARCHAR: case NAME: case BYTEA:
            case JSONB:
                return true;
            default:
                return false;
        }
    }

    /**
     * Whether a relation of that catalog key ({@link CatalogSnapshot#key}) exists in the database: a table, view,
     * sequence, a primary key's index or a secondary index of a table in the key's schema (they share PostgreSQL's
     * relation namespace, one per schema).
     */
    static boolean relationExists(CatalogSnapshot s, String database, String key) {
        if (s.tables(database).containsKey(key) || s.sequences(database).containsKey(key)
                || s.views(database).containsKey(key)) {
            return true;
        }
        for (TableDef t : s.tables(database).values()) {
            String schema = CatalogSnapshot.schemaOf(t.schema());
            String name = schema.equals(CatalogSnapshot.PUBLIC) ? key
                    : key.startsWith(schema + ".") ? key.substring(schema.length() + 1) : null;
            if (name != null && (t.index(name) != null
                    || (!t.primaryKey().isEmpty() && CatalogOids.primaryKeyName(t).equals(name)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * PostgreSQL's ChooseRelationName: {@code table_addition_label}, each part truncated so the whole fits in 63
     * bytes (the longer part first), then {@code label1}, {@code label2}, ... until the name is free in
     * {@code schema}.
     */
    static String chooseName(CatalogSnapshot s, String database, String schema, String table, String addition,
            String label) {
        Set<String> tried = new HashSet<>();
        for (int pass = 0; ; pass++) {
            String l = pass == 0 ? label : label + pass;
            String name = makeObjectName(table, addition, l);
            if (tried.add(name) && !relationExists(s, database, CatalogSnapshot.key(schema, name))) {
                return name;
            }
        }
    }

    /** PostgreSQL's makeObjectName (ASCII names: bytes are characters). */
    static String makeObjectName(String name1, String name2, String label) {
        int overhead = label.length() + 1 + (name2.isEmpty() ? 0 : 1);
        int len1 = name1.length();
        int len2 = name2.length();
        while (len1 + len2 > MAX_NAME - overhead) {
            if (len1 > len2) {
                len1--;
            } else {
                len2--;
            }
        }
        return name1.substring(0, len1) + (name2.isEmpty() ? "" : "_" + name2.substring(0, len2)) + "_" + label;
    }
}
