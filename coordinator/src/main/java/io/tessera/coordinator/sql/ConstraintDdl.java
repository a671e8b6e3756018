package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.ForeignKeyDef;
import io.tessera.coordinator.catalog.IndexDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.catalog.pgcatalog.CatalogOids;
import io.tessera.coordinator.sql.constraint.ForeignKeys;
import io.tessera.sql.parser.ddl.SqlAlterTable;
import io.tessera.sql.parser.ddl.SqlColumnDef;
import io.tessera.sql.parser.ddl.SqlCreateTesseraIndex;
import io.tessera.sql.parser.ddl.SqlCreateTesseraTable;
import io.tessera.sql.parser.ddl.TableConstraint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * UNIQUE and FOREIGN KEY constraints in DDL: CREATE TABLE's, ALTER TABLE ... ADD / VALIDATE / DROP CONSTRAINT, and
 * what DROP TABLE does to the foreign keys that reference a dropped table. A UNIQUE constraint is a unique secondary
 * index owned by the constraint ({@link IndexDef#constraint}); a FOREIGN KEY is a {@link ForeignKeyDef} on the
 * referencing table, enforced by {@link ForeignKeys}. Names, checks, messages and SQLSTATEs are PostgreSQL 15's
 * (tablecmds.c ATAddForeignKeyConstraint, transformFkeyGetPrimaryKey, transformFkeyCheckAttrs).
 */
final class ConstraintDdl {
    private final CatalogStore catalog;
    private final IndexDdl indexes;

    ConstraintDdl(CatalogStore catalog, IndexDdl indexes) {
        this.catalog = catalog;
        this.indexes = indexes;
    }

    /** The table-level and column-level UNIQUE and FOREIGN KEY constraints of a CREATE TABLE, in written order. */
    static List<TableConstraint> all(SqlCreateTesseraTable stmt) {
        List<TableConstraint> out = new ArrayList<>();
        for (SqlColumnDef c : stmt.columns()) {
            out.addAll(c.constraints());
        }
        out.addAll(stmt.constraints());
        return out;
    }

    /** The columns of a CREATE TABLE's first UNIQUE constraint (Postgres-XL's default distribution looks there). */
    static List<String> firstUnique(SqlCreateTesseraTable stmt) {
        for (TableConstraint c : all(stmt)) {
            if (c instanceof TableConstraint.Unique u) {
                return u.columns();
            }
        }
        return List.of();
    }

    /**
     * CREATE TABLE's constraints added to the new table {@code t}: each UNIQUE as a public unique index (the table is
     * empty), each FOREIGN KEY checked against its referenced table (which may be {@code t} itself).
     *
     * @throws TesseraException 42703 unknown column, 42P07 a taken index name, 0A000 a UNIQUE without the
     *     distribution column, and those of {@link #foreignKey}
     */
    static TableDef createTable(TableDef t, SqlCreateTesseraTable stmt, CatalogSnapshot snapshot,
            CatalogStore.Ops ops) {
        List<IndexDef> indexes = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        if (stmt.primaryKeyName() != null) {
            taken.add(stmt.primaryKeyName());
        }
        for (TableConstraint c : all(stmt)) {
            if (!(c instanceof TableConstraint.Unique u)) {
                continue;
            }
            List<IndexDef.Column> cols = new ArrayList<>();
            for (String k : u.columns()) {
                if (t.columnIndex(k) < 0) {
                    throw new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + k
                            + "\" named in key does not exist");
                }
                cols.add(new IndexDef.Column(k, false, false));
            }
            IndexDdl.checkEnforceable(t, cols);
            String name = u.name();
            if (name == null) {
                for (int pass = 0; ; pass++) {
                    name = IndexDdl.makeObjectName(t.name(), String.join("_", u.columns()), pass == 0 ? "key"
                            : "key" + pass);
                    if (!taken.contains(name)
                            && !IndexDdl.relationExists(snapshot, t.database(), CatalogSnapshot.key(t.schema(), name))
                            && !name.equals(t.name())) {
                        break;
                    }
                }
            } else if (taken.contains(name)
                    || IndexDdl.relationExists(snapshot, t.database(), CatalogSnapshot.key(t.schema(), name))
                    || name.equals(t.name())) {
                throw new TesseraException(SqlState.DUPLICATE_TABLE, "relation \"" + name + "\" already exists");
            }
            taken.add(name);
            indexes.add(new IndexDef(ops.allocateOid(), name, cols, List.of(), true, IndexDef.State.PUBLIC, true,
                    u.deferrable(), u.initiallyDeferred()));
        }
        TableDef withUnique = indexes.isEmpty() ? t : new TableDef(t.id(), t.database(), t.schema(), t.name(),
                t.columns(), t.distribution(), t.primaryKey(), t.checks(), t.nextColumnId(), t.schemaVersion(),
                t.comments(), indexes);
        List<ForeignKeyDef> fks = new ArrayList<>();
        for (TableConstraint c : all(stmt)) {
            if (c instanceof TableConstraint.ForeignKey fk) {
                TableDef current = withUnique.withForeignKeys(fks);
                fks.add(foreignKey(current, fk, snapshot, foreignKeyOids(ops), true));
            }
        }
        return fks.isEmpty() ? withUnique : withUnique.withForeignKeys(fks);
    }

    /**
     * Takes the OIDs of a new foreign key from the catalog's counter: its own, returned, and the four after it, which
     * its internal triggers show in pg_trigger ({@link io.tessera.coordinator.catalog.pgcatalog.PgTrigger}).
     */
    private static int foreignKeyOids(CatalogStore.Ops ops) {
        int seed = ops.allocateOid();
        for (int i = 1; i < io.tessera.coordinator.catalog.pgcatalog.PgTrigger.OIDS_PER_FOREIGN_KEY; i++) {
            ops.allocateOid();
        }
        return seed;
    }

    /**
     * A FOREIGN KEY of table {@code t} as the catalog stores it, checked as PostgreSQL checks it.
     *
     * @param oidSeed a fresh id from the catalog's OID counter
     * @throws TesseraException 42P01 the referenced table does not exist, 42703 a column does not exist, 42830 the
     *     column counts differ or the referenced columns are no primary key or unique constraint, 42804 incompatible
     *     column types, 42710 the name is taken, 0A000 MATCH FULL with several columns' NULLs
     */
    static ForeignKeyDef foreignKey(TableDef t, TableConstraint.ForeignKey fk, CatalogSnapshot snapshot, int oidSeed,
            boolean validated) {
        String refName = DdlExecutor.tableName(fk.refTable());
        TableDef parent = refName.equals(t.name()) ? t : snapshot.tables(t.database()).get(refName);
        if (parent == null) {
            throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + refName + "\" does not exist");
        }
        boolean temporary = io.tessera.coordinator.catalog.SchemaDef.isTemporary(t.schema());
        if (temporary != io.tessera.coordinator.catalog.SchemaDef.isTemporary(parent.schema())) {
            throw new TesseraException(SqlState.INVALID_TABLE_DEFINITION, temporary
                    ? "constraints on temporary tables may reference only temporary tables"
                    : "constraints on permanent tables may reference only permanent tables");
        }
        for (String c : fk.columns()) {
            if (t.columnIndex(c) < 0) {
                throw new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + c
                        + "\" referenced in foreign key constraint does not exist");
            }
        }
        List<String> refColumns = fk.refColumns();
        if (refColumns.isEmpty()) {
            if (parent.primaryKey().isEmpty()) {
                throw new TesseraException(SqlState.INVALID_FOREIGN_KEY, "there is no primary key for referenced table \""
                        + parent.name() + "\"");
            }
            refColumns = parent.primaryKey();
        } else {
            for (String c : refColumns) {
                if (parent.columnIndex(c) < 0) {
                    throw new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + c
                            + "\" referenced in foreign key constraint does not exist");
                }
            }
        }
        if (!fk.refColumns().isEmpty() && !uniqueKey(parent, refColumns)) {
            if (deferrableUniqueKey(parent, refColumns)) { // as PostgreSQL's transformFkeyCheckAttrs
                throw new TesseraException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "cannot use a deferrable unique"
                        + " constraint for referenced table \"" + parent.name() + "\"");
            }
            throw new TesseraException(SqlState.INVALID_FOREIGN_KEY, "there is no unique constraint matching given"
                    + " keys for referenced table \"" + parent.name() + "\"");
        }
        if (refColumns.size() != fk.columns().size()) {
            throw new TesseraException(SqlState.INVALID_FOREIGN_KEY,
                    "number of referencing and referenced columns for foreign key disagree");
        }
        String name = fk.name();
        Set<String> names = constraintNames(snapshot, t);
        if (name == null) {
            String base = IndexDdl.makeObjectName(t.name(), String.join("_", fk.columns()), "fkey");
            name = base;
            for (int i = 1; names.contains(name); i++) {
                name = IndexDdl.makeObjectName(t.name(), String.join("_", fk.columns()), "fkey" + i);
            }
        } else if (names.contains(name)) {
            throw new TesseraException(SqlState.DUPLICATE_OBJECT, "constraint \"" + name + "\" for relation \""
                    + t.name() + "\" already exists");
        }
        for (int i = 0; i < refColumns.size(); i++) {
            ColumnDef mine = t.columns().get(t.columnIndex(fk.columns().get(i)));
            ColumnDef theirs = parent.columns().get(parent.columnIndex(refColumns.get(i)));
            if (!compatible(mine.type(), theirs.type())) {
                throw new TesseraException(SqlState.DATATYPE_MISMATCH, "foreign key constraint \"" + name
                        + "\" cannot be implemented", "Key columns \"" + mine.name() + "\" and \"" + theirs.name()
                        + "\" are of incompatible types: " + mine.formatType() + " and " + theirs.formatType() + ".",
                        null, 0, null);
            }
        }
        return new ForeignKeyDef(name, fk.columns(), parent.id(), refColumns, fk.matchType(), fk.onUpdate(),
                fk.onDelete(), validated, TableDef.FIRST_NORMAL_OID + oidSeed, fk.deferrable(),
                fk.initiallyDeferred());
    }

    /** Whether {@code columns} (as a set) are the table's primary key or the key of a public unique index. */
    private static boolean uniqueKey(TableDef t, List<String> columns) {
        Set<String> wanted = Set.copyOf(columns);
        if (wanted.size() != columns.size()) {
            return false;
        }
        if (!t.primaryKey().isEmpty() && Set.copyOf(t.primaryKey()).equals(wanted)) {
            return true;
        }
        for (IndexDef i : t.indexes()) {
            if (i.unique() && !i.deferrable() && i.state() == IndexDef.State.PUBLIC
                    && i.columns().size() == wanted.size() && Set.copyOf(i.columnNames()).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a DEFERRABLE UNIQUE constraint of {@code t} has exactly {@code columns}: no foreign key may use it. */
    private static boolean deferrableUniqueKey(TableDef t, List<String> columns) {
        return t.indexes().stream().anyMatch(i -> i.deferrable() && i.state() == IndexDef.State.PUBLIC
                && Set.copyOf(i.columnNames()).equals(Set.copyOf(columns)) && i.columns().size() == columns.size());
    }

    /** Whether a key column of type {@code a} can reference one of type {@code b} (an equality operator exists). */
    private static boolean compatible(PgType a, PgType b) {
        if (a == b) {
            return true;
        }
        Set<PgType> ints = Set.of(PgType.INT2, PgType.INT4, PgType.INT8);
        Set<PgType> texts = Set.of(PgType.TEXT, PgType.VARCHAR, PgType.BPCHAR, PgType.NAME);
        return (ints.contains(a) && (ints.contains(b) || b == PgType.NUMERIC))
                || (texts.contains(a) && texts.contains(b));
    }

    /** The names of the table's constraints (pg_constraint's per-relation namespace). */
    private static Set<String> constraintNames(CatalogSnapshot s, TableDef t) {
        Set<String> names = new HashSet<>();
        if (!t.primaryKey().isEmpty()) {
            names.add(CatalogOids.primaryKeyName(t));
        }
        t.checks().forEach(c -> names.add(c.name()));
        t.foreignKeys().forEach(f -> names.add(f.name()));
        t.indexes().stream().filter(IndexDef::constraint).forEach(i -> names.add(i.name()));
        return names;
    }

    /** Whether ALTER TABLE's action is one of this class's: ADD UNIQUE / FOREIGN KEY, or names a FK or UNIQUE. */
    static boolean handles(TableDef t, SqlAlterTable.Action a) {
        if (a instanceof SqlAlterTable.AddConstraint || a instanceof SqlAlterTable.AlterConstraint) {
            return true;
        }
        String name = a instanceof SqlAlterTable.DropConstraint d ? d.name()
                : a instanceof SqlAlterTable.ValidateConstraint v ? v.name() : null;
        if (name == null) {
            return false;
        }
        return t.foreignKeys().stream().anyMatch(f -> f.name().equals(name))
                || t.indexes().stream().anyMatch(i -> i.constraint() && i.name().equals(name));
    }

    /**
     * ALTER TABLE ... ADD UNIQUE / FOREIGN KEY, VALIDATE CONSTRAINT of a foreign key, DROP CONSTRAINT of a foreign
     * key or a UNIQUE constraint. A new foreign key is published NOT VALID first, so that writes from then on are
     * checked, then the existing rows are checked (unless NOT VALID) and it is marked valid.
     *
     * @throws TesseraException 23503 naming an existing row's missing key, 2BP01 dropping a UNIQUE constraint a
     *     foreign key needs, and those of {@link #foreignKey} and CREATE UNIQUE INDEX
     */
    List<TesseraException> alter(TableDef t, SqlAlterTable.Action a, DdlExecutor.RowCounter rows) {
        if (a instanceof SqlAlterTable.AddConstraint add && add.constraint() instanceof TableConstraint.Unique u) {
            String name = u.name() != null ? u.name() : IndexDdl.chooseName(catalog.snapshot(), t.database(),
                    CatalogSnapshot.schemaOf(t.schema()), t.name(), String.join("_", u.columns()), "key");
            List<SqlCreateTesseraIndex.Element> elements = new ArrayList<>();
            for (String c : u.columns()) {
                elements.add(new SqlCreateTesseraIndex.Element(new SqlIdentifier(c, SqlParserPos.ZERO), false, null));
            }
            SqlCreateTesseraIndex create = new SqlCreateTesseraIndex(SqlParserPos.ZERO, true, false, false,
                    new SqlIdentifier(name, SqlParserPos.ZERO), new SqlIdentifier(t.name(), SqlParserPos.ZERO), null,
                    elements, List.of(), null);
            return indexes.create(create, t.database(), IndexDdl.duplicates(rows::value), true, u.deferrable(),
                    u.initiallyDeferred());
        }
        if (a instanceof SqlAlterTable.AddConstraint add && add.constraint() instanceof TableConstraint.ForeignKey fk) {
            ForeignKeyDef[] made = {null};
            catalog.apply((snapshot, root, ops) -> {
                TableDef current = current(snapshot, t);
                made[0] = foreignKey(current, fk, snapshot, foreignKeyOids(ops), false);
                List<ForeignKeyDef> list = new ArrayList<>(current.foreignKeys());
                list.add(made[0]);
                return List.of(ops.updateTable(current.withForeignKeys(list)));
            });
            if (!fk.notValid()) {
                try {
                    validate(t, made[0], rows);
                } catch (RuntimeException e) {
                    replace(t, made[0].name(), null);
                    throw e;
                }
                replace(t, made[0].name(), made[0].asValidated());
            }
            return List.of();
        }
        if (a instanceof SqlAlterTable.AlterConstraint alter) {
            alterTiming(t, alter);
            return List.of();
        }
        if (a instanceof SqlAlterTable.ValidateConstraint v) {
            ForeignKeyDef fk = t.foreignKeys().stream().filter(f -> f.name().equals(v.name())).findFirst().orElseThrow();
            if (!fk.validated()) {
                validate(t, fk, rows);
                replace(t, fk.name(), fk.asValidated());
            }
            return List.of();
        }
        SqlAlterTable.DropConstraint d = (SqlAlterTable.DropConstraint) a;
        if (t.foreignKeys().stream().anyMatch(f -> f.name().equals(d.name()))) {
            replace(t, d.name(), null);
            return List.of();
        }
        IndexDef index = t.index(d.name());
        CatalogSnapshot now = catalog.snapshot();
        for (ForeignKeys.Reference r : ForeignKeys.referencing(now, t)) {
            if (Set.copyOf(r.fk().refColumns()).equals(Set.copyOf(index.columnNames()))
                    && !Set.copyOf(t.primaryKey()).equals(Set.copyOf(index.columnNames()))
                    && t.indexes().stream().noneMatch(i -> i.id() != index.id() && i.unique()
                    && Set.copyOf(i.columnNames()).equals(Set.copyOf(index.columnNames())))) {
                throw new TesseraException(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop constraint "
                        + d.name() + " on table " + t.name() + " because other objects depend on it", "constraint "
                        + r.fk().name() + " on table " + r.child().name() + " depends on index " + index.name(),
                        "Use DROP ... CASCADE to drop the dependent objects too.", 0, null);
            }
        }
        indexes.dropOwned(t.database(), t.name(), index);
        return List.of();
    }

    /**
     * ALTER TABLE ... ALTER CONSTRAINT: a foreign key's DEFERRABLE and INITIALLY DEFERRED become the statement's, as
     * PostgreSQL 15 allows for foreign keys only. Checks from then on follow them (SET CONSTRAINTS, COMMIT).
     *
     * @throws TesseraException 42704 no constraint of that name, 42809 one that is no foreign key
     */
    private void alterTiming(TableDef t, SqlAlterTable.AlterConstraint alter) {
        ForeignKeyDef fk = t.foreignKeys().stream().filter(f -> f.name().equals(alter.name())).findFirst()
                .orElse(null);
        if (fk == null) {
            if (constraintNames(catalog.snapshot(), t).contains(alter.name())) {
                throw new TesseraException(SqlState.WRONG_OBJECT_TYPE, "constraint \"" + alter.name()
                        + "\" of relation \"" + t.name() + "\" is not a foreign key constraint");
            }
            throw new TesseraException(SqlState.UNDEFINED_OBJECT, "constraint \"" + alter.name()
                    + "\" of relation \"" + t.name() + "\" does not exist");
        }
        if (fk.deferrable() != alter.deferrable() || fk.initiallyDeferred() != alter.initiallyDeferred()) {
            replace(t, fk.name(), new ForeignKeyDef(fk.name(), fk.columns(), fk.refTableId(), fk.refColumns(),
                    fk.matchType(), fk.onUpdate(), fk.onDelete(), fk.validated(), fk.oid(), alter.deferrable(),
                    alter.initiallyDeferred()));
        }
    }

    /** The table as the catalog holds it now; 55006 when it was dropped or redefined since {@code t}. */
    private static TableDef current(CatalogSnapshot snapshot, TableDef t) {
        TableDef current = snapshot.tables(t.database()).get(t.key());
        if (current == null || current.id() != t.id()) {
            throw new TesseraException(SqlState.OBJECT_IN_USE, "table \"" + t.name()
                    + "\" was changed concurrently; try again");
        }
        return current;
    }

    /** Replaces the foreign key {@code name} of {@code t} with {@code next}, or removes it (null). */
    private void replace(TableDef t, String name, ForeignKeyDef next) {
        catalog.apply((snapshot, root, ops) -> {
            TableDef current = current(snapshot, t);
            List<ForeignKeyDef> list = new ArrayList<>();
            for (ForeignKeyDef f : current.foreignKeys()) {
                if (!f.name().equals(name)) {
                    list.add(f);
                } else if (next != null) {
                    list.add(next);
                }
            }
            return List.of(ops.updateTable(current.withForeignKeys(list)));
        });
    }

    /**
     * Checks the existing rows of {@code t} against a foreign key: the first row whose key (no column NULL) has no
     * referenced row is 23503, as PostgreSQL's RI_Initial_Check reports it.
     */
    private void validate(TableDef t, ForeignKeyDef fk, DdlExecutor.RowCounter rows) {
        TableDef parent = ForeignKeys.table(catalog.snapshot(), t.database(), fk.refTableId());
        checkReferences(DdlExecutor.relation(t), t.name(), fk, DdlExecutor.relation(parent), parent.name(), rows);
    }

    /**
     * Checks the rows of one relation against a foreign key whose referenced rows are those of another, both given
     * as SQL text qualified by their schemas ({@link DdlExecutor#relation}), so the check never reads a same-named
     * table of another schema (a rebuild's staging copy stands in for its table: {@link TableRebuild#revalidate}): the
     * first row whose key (no column NULL) has no referenced row is 23503, as PostgreSQL's RI_Initial_Check
     * reports it, naming the tables {@code child} and {@code parent}.
     */
    static void checkReferences(String childRelation, String child, ForeignKeyDef fk, String parentRelation,
            String parent, DdlExecutor.RowCounter rows) {
        StringBuilder key = new StringBuilder();
        StringBuilder on = new StringBuilder();
        StringBuilder notNull = new StringBuilder();
        for (int i = 0; i < fk.columns().size(); i++) {
            String c = "fk_c." + DdlExecutor.quote(fk.columns().get(i));
            key.append(i == 0 ? "" : " || ', ' || ").append("CAST(").append(c).append(" AS text)");
            on.append(i == 0 ? "" : " AND ").append(c).append(" = fk_p.").append(DdlExecutor.quote(fk.refColumns()
                    .get(i)));
            notNull.append(i == 0 ? "" : " AND ").append(c).append(" IS NOT NULL");
        }
        Object missing = rows.value("SELECT " + key + " FROM " + childRelation
                + " AS fk_c LEFT JOIN " + parentRelation + " AS fk_p ON " + on + " WHERE "
                + notNull + " AND fk_p." + DdlExecutor.quote(fk.refColumns().get(0)) + " IS NULL LIMIT 1");
        if (missing != null) {
            throw new TesseraException(SqlState.FOREIGN_KEY_VIOLATION, "insert or update on table \"" + child
                    + "\" violates foreign key constraint \"" + fk.name() + "\"", "Key ("
                    + String.join(", ", fk.columns()) + ")=(" + missing + ") is not present in table \""
                    + parent + "\".", null, 0, null);
        }
    }

    /**
     * DROP TABLE's effect on the foreign keys of other tables that reference a dropped one: 2BP01 without CASCADE,
     * else each such constraint is dropped (a NOTICE "drop cascades to constraint ... on table ...").
     *
     * @param out receives the catalog operations updating the referencing tables
     */
    static void dropReferences(CatalogSnapshot snapshot, String database, List<TableDef> dropped, boolean cascade,
            List<TesseraException> notices, CatalogStore.Ops ops,
            List<org.apache.curator.framework.api.transaction.CuratorOp> out) throws Exception {
        Set<Integer> gone = new HashSet<>();
        dropped.forEach(t -> gone.add(t.id()));
        record Dependent(ForeignKeyDef fk, TableDef child, TableDef parent) {
        }
        List<Dependent> dependents = new ArrayList<>();
        for (TableDef t : snapshot.tables(database).values()) {
            if (gone.contains(t.id())) {
                continue;
            }
            List<ForeignKeyDef> kept = new ArrayList<>();
            for (ForeignKeyDef fk : t.foreignKeys()) {
                if (gone.contains(fk.refTableId())) {
                    dependents.add(new Dependent(fk, t, ForeignKeys.table(snapshot, database, fk.refTableId())));
                } else {
                    kept.add(fk);
                }
            }
            if (kept.size() != t.foreignKeys().size()) {
                out.add(ops.updateTable(t.withForeignKeys(kept)));
            }
        }
        if (dependents.isEmpty()) {
            return;
        }
        dependents.sort(java.util.Comparator.comparingInt(d -> d.fk().oid())); // creation order, as pg_depend's
        List<String> lines = new ArrayList<>();
        for (Dependent d : dependents) {
            lines.add("constraint " + d.fk().name() + " on table " + d.child().name() + " depends on table "
                    + d.parent().name());
        }
        if (!cascade) {
            throw new TesseraException(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop table "
                    + dependents.get(0).parent().name() + " because other objects depend on it",
                    String.join("\n", lines), "Use DROP ... CASCADE to drop the dependent objects too.", 0, null);
        }
        for (Dependent d : dependents) {
            notices.add(new TesseraException(SqlState.SUCCESSFUL_COMPLETION, "drop cascades to constraint "
                    + d.fk().name() + " on table " + d.child().name()));
        }
    }
}
