package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.ForeignKeyDef;
import io.tessera.coordinator.catalog.IndexDef;
import io.tessera.coordinator.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.framework.api.transaction.CuratorOp;

/**
 * What a table keeps when an ALTER TABLE rebuilds it under a fresh table id (a rewriting ALTER COLUMN TYPE or ADD
 * COLUMN, ADD PRIMARY KEY, a redistribution): its secondary indexes, its foreign keys and those that reference it.
 *
 * <pre>
 *   staging  (new id, staging name, the table's indexes, no foreign keys)  &lt;- the copy INSERTs the rows: the
 *            datanodes write every index's entries with the row and check the unique ones (23505)
 *   switch   one catalog change: delete the old definition and the staging one, create the rebuilt table under the
 *            table's name, retarget every foreign key naming the old id (the table's own, a self-reference, and
 *            those of the tables that reference it) to the new id
 * </pre>
 *
 * Index ids, names and OIDs stay (their entries live under the new table id), as do the foreign keys' names and
 * pg_constraint OIDs; the staging table has no foreign keys so the copy does not check each row's parent again (the
 * rows were checked when written); a rewrite that computes new values checks them afterwards ({@link #revalidate}). PostgreSQL rebuilds the indexes after the copy and reports a duplicate as
 * {@code could not create unique index "x"} / {@code Key (a)=(1) is duplicated.}: {@link #duplicated} says the same.
 */
final class TableRebuild {
    private static final Pattern CONSTRAINT = Pattern.compile("unique constraint \"(.*)\"");

    private TableRebuild() {
    }

    /**
     * The table's indexes for its staging copy.
     *
     * @throws TesseraException 55006 while one of them is still being built (CREATE INDEX's online phases)
     */
    static List<IndexDef> indexes(TableDef t) {
        for (IndexDef i : t.indexes()) {
            if (i.state() != IndexDef.State.PUBLIC) {
                throw new TesseraException(SqlState.OBJECT_IN_USE, "index \"" + i.name() + "\" of table \"" + t.name()
                        + "\" is being built; try the ALTER TABLE again when it is done");
            }
        }
        return t.indexes();
    }

    /**
     * The catalog operations that switch {@code current} to {@code rebuilt} (same name, new id) and drop
     * {@code staging} (null when there is none), with the foreign keys retargeted as the class comment says.
     * {@code rebuilt}'s own foreign keys are replaced by {@code current}'s.
     */
    static List<CuratorOp> switchOperations(CatalogSnapshot s, CatalogStore.Ops ops, TableDef current,
            TableDef staging, TableDef rebuilt) throws Exception {
        int from = current.id();
        int to = rebuilt.id();
        List<CuratorOp> out = new ArrayList<>();
        out.add(ops.deleteTable(current));
        if (staging != null) {
            out.add(ops.deleteTable(staging));
        }
        out.add(ops.createTable(rebuilt.withForeignKeys(retarget(current.foreignKeys(), from, to))));
        for (TableDef other : s.tables(current.database()).values()) {
            if (other.id() == from || staging != null && other.id() == staging.id()) {
                continue;
            }
            if (other.foreignKeys().stream().anyMatch(fk -> fk.refTableId() == from)) {
                out.add(ops.updateTable(other.withForeignKeys(retarget(other.foreignKeys(), from, to))));
            }
        }
        return out;
    }

    private static List<ForeignKeyDef> retarget(List<ForeignKeyDef> fks, int from, int to) {
        return fks.stream().map(fk -> fk.refTableId() != from ? fk : new ForeignKeyDef(fk.name(), fk.columns(), to,
                fk.refColumns(), fk.matchType(), fk.onUpdate(), fk.onDelete(), fk.validated(), fk.oid(),
                fk.deferrable(), fk.initiallyDeferred())).toList();
    }

    /**
     * Checks the staging copy of a rewrite against the constraints over the columns it changed, as PostgreSQL checks
     * them when it rewrites a table and re-adds the constraints that depend on an altered column: the table's
     * validated CHECK constraints that read one (23514 {@code check constraint "x" of relation "t" is violated by some
     * row}), then its validated foreign keys with one among their columns, and the validated foreign keys of other
     * tables that reference one (23503 {@code insert or update on table "c" violates foreign key constraint "x"},
     * {@code Key (p)=(1001) is not present in table "p".}). The copy wrote its rows without either.
     *
     * @param changed the names of the columns whose values the rewrite computed anew
     */
    static void revalidate(CatalogSnapshot s, TableDef t, TableDef staging, java.util.Set<String> changed,
            DdlExecutor.RowCounter rows) {
        if (changed.isEmpty()) {
            return;
        }
        List<TableDef.CheckDef> checks = new ArrayList<>(t.checks());
        checks.sort(java.util.Comparator.comparing(TableDef.CheckDef::name)); // PostgreSQL tests them in name order
        for (TableDef.CheckDef k : checks) {
            if (k.validated() && changed.stream().anyMatch(c -> AlterColumnDdl.references(
                    InsertDefaults.expression(k.expr()), c))) {
                DdlExecutor.validate(staging, t.name(), k.name(), k.expr(), rows);
            }
        }
        for (ForeignKeyDef fk : t.foreignKeys()) {
            boolean self = fk.refTableId() == t.id();
            if (fk.validated() && (fk.columns().stream().anyMatch(changed::contains)
                    || self && fk.refColumns().stream().anyMatch(changed::contains))) {
                TableDef parent = self ? t : io.tessera.coordinator.sql.constraint.ForeignKeys.table(s,
                        t.database(), fk.refTableId());
                ConstraintDdl.checkReferences(DdlExecutor.relation(staging), t.name(), fk,
                        DdlExecutor.relation(self ? staging : parent), parent.name(), rows);
            }
        }
        for (io.tessera.coordinator.sql.constraint.ForeignKeys.Reference r
                : io.tessera.coordinator.sql.constraint.ForeignKeys.referencing(s, t)) {
            if (r.child().id() != t.id() && r.fk().validated()
                    && r.fk().refColumns().stream().anyMatch(changed::contains)) {
                ConstraintDdl.checkReferences(DdlExecutor.relation(r.child()), r.child().name(), r.fk(),
                        DdlExecutor.relation(staging), t.name(), rows);
            }
        }
    }

    /**
     * A unique violation of the copy as PostgreSQL reports a failed index build: {@code could not create unique
     * index "x"}, {@code Key (a)=(1) is duplicated.}; {@code key} names the index when the violation names none of
     * the table's (the primary key, whose constraint the staging table names after itself). Other errors as they are.
     */
    static TesseraException duplicated(TesseraException e, TableDef t, String key) {
        if (e.sqlState() != SqlState.UNIQUE_VIOLATION) {
            return e;
        }
        Matcher m = CONSTRAINT.matcher(e.getMessage() == null ? "" : e.getMessage());
        String index = m.find() && t.index(m.group(1)) != null ? m.group(1) : key;
        String detail = e.detail() == null ? null : e.detail().replace("already exists.", "is duplicated.");
        return new TesseraException(SqlState.UNIQUE_VIOLATION, "could not create unique index \"" + index + "\"",
                detail, null, 0, null);
    }
}
