package io.tessera.coordinator.sql;

import io.tessera.common.codec.MissingValue;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.sql.exec.Coercion;
import io.tessera.sql.parser.ddl.SqlAlterTable;
import io.tessera.sql.parser.ddl.SqlColumnDef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * ALTER TABLE's column actions, as PostgreSQL 15 runs them (https://www.postgresql.org/docs/15/sql-altertable.html):
 * <ul>
 *   <li>{@code ADD [COLUMN] [IF NOT EXISTS] c type [DEFAULT e] [NOT NULL] [CHECK (...)]} without touching the rows
 *       when the default is not volatile: the default is evaluated once and stored as the column's <em>missing
 *       value</em> ({@link ColumnDef#missing}, PostgreSQL 11's {@code attmissingval}), which datanodes return for
 *       rows written before the column existed. A volatile default ({@code nextval}, {@code random()},
 *       {@code clock_timestamp()}) gives each existing row its own value, so the table is rewritten.</li>
 *   <li>{@code DROP [COLUMN] [IF EXISTS] c [CASCADE | RESTRICT]}: a catalog change only; stored rows keep the value
 *       under the column's id and readers skip it (docs/storage-format.md). CHECK constraints over the column go
 *       with it, as in PostgreSQL.</li>
 *   <li>{@code ALTER [COLUMN] c [SET DATA] TYPE t [USING e]}: a catalog change when the stored encoding and every
 *       value stay valid (varchar(n) to a longer varchar or text, numeric(p,s) to numeric); otherwise a rewrite.</li>
 * </ul>
 * A <b>rewrite</b> copies every row, converted, into a fresh table id registered under a staging name, in one
 * transaction; then one catalog change replaces the table by the copy and the old key range is dropped. An error in
 * the copy (22P02, 22001, 23505 ...) drops the staging table and leaves the table as it was. As for ADD PRIMARY KEY
 * there are no table locks yet: a row count after the copy refuses the switch (55006) when the table was written
 * meanwhile, and the table's OID changes.
 */
final class AlterColumnDdl {
    /** Functions PostgreSQL marks volatile that a DEFAULT may call: an ADD COLUMN with one rewrites the table. */
    private static final Set<String> VOLATILE = Set.of("nextval", "random", "clock_timestamp", "timeofday",
            "gen_random_uuid", "setval", "uuid_generate_v4");

    private final CatalogStore catalog;
    private final DdlExecutor ddl;

    AlterColumnDdl(CatalogStore catalog, DdlExecutor ddl) {
        this.catalog = catalog;
        this.ddl = ddl;
    }

    /**
     * Whether an ALTER TABLE action goes through {@link #rewrite}: a type change (which rewrites the rows unless they
     * stay valid as stored), an added column with a volatile default.
     */
    static boolean rewrites(TableDef t, SqlAlterTable.Action a) {
        if (a instanceof SqlAlterTable.ColumnType) {
            return true; // handled by rewrite(), which changes only the catalog when the stored values stay valid
        }
        if (a instanceof SqlAlterTable.AddColumn add) {
            SqlColumnDef c = add.column();
            return t.columnIndex(c.name()) < 0 && (c.serial() != null || c.identity() != 0
                    || c.defaultValue() != null && volatileCall(c.defaultValue()));
        }
        return false;
    }

    /**
     * ADD COLUMN without a rewrite, applied to the definition being built.
     *
     * @param t the table as the statement found it (its rows are read through {@code rows})
     * @param table the table's name as the statement's earlier actions left it (messages)
     * @throws TesseraException 42701 when the column exists (without IF NOT EXISTS), 23502 for NOT NULL without a
     *     non-NULL default on a table with rows, 23514 when the existing rows break a CHECK of the column, 0A000 for
     *     PRIMARY KEY / UNIQUE in the column definition, 22P02 etc. when the default does not convert to the type
     */
    static void addColumn(TableDef t, String table, List<ColumnDef> cols, List<TableDef.CheckDef> checks,
            SqlAlterTable.AddColumn add, List<TesseraException> notices, DdlExecutor.RowCounter rows) {
        SqlColumnDef c = add.column();
        if (!exists(cols, c.name(), table, add.ifNotExists(), notices)) {
            return;
        }
        if (c.primaryKey()) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "ADD COLUMN ... PRIMARY KEY is not supported yet",
                    null, "Add the column, then run ALTER TABLE ... ADD PRIMARY KEY as a statement of its own.", 0, null);
        }
        ColumnDef def = DdlExecutor.column(c, false);
        String dflt = c.defaultValue() == null ? null
                : SequenceDdl.bound(DdlExecutor.sqlText(c.defaultValue()), null, t.database());
        Object missing = null;
        if (dflt != null) {
            def = def.withDefault(dflt);
            missing = Coercion.toColumn(rows.value("SELECT " + cast(dflt, def)), def.withNotNull(false), table);
        }
        boolean hasRows = rows.value("SELECT 1 FROM " + DdlExecutor.relation(t) + " LIMIT 1") != null;
        if (def.notNull() && missing == null && hasRows) {
            throw new TesseraException(SqlState.NOT_NULL_VIOLATION, "column \"" + c.name() + "\" of relation \""
                    + table + "\" contains null values");
        }
        def = def.withMissing(MissingValue.encode(missing, def.type()));
        cols.add(def);
        Set<String> taken = new HashSet<>();
        checks.forEach(k -> taken.add(k.name()));
        for (SqlColumnDef.Check k : c.checks()) {
            String name = k.name() != null ? k.name() : DdlExecutor.checkName(table, c.name(), taken);
            if (k.name() != null && !taken.add(name)) {
                throw new TesseraException(SqlState.DUPLICATE_OBJECT, "constraint \"" + name + "\" for relation \""
                        + table + "\" already exists");
            }
            String expr = DdlExecutor.sqlText(k.expression());
            if (hasRows) {
                // the existing rows read the new column as its missing value: check them with it in its place
                String value = dflt == null ? "NULL" : dflt;
                SqlNode replaced = InsertDefaults.expression(expr).accept(
                        new Substitute(c.name(), InsertDefaults.expression(cast(value, def))));
                if (rows.count("SELECT count(*) FROM " + DdlExecutor.relation(t) + " WHERE NOT ("
                        + DdlExecutor.sqlText(replaced) + ")") > 0) {
                    throw new TesseraException(SqlState.CHECK_VIOLATION, "check constraint \"" + name
                            + "\" of relation \"" + table + "\" is violated by some row");
                }
            }
            checks.add(new TableDef.CheckDef(name, expr, true));
        }
    }

    /**
     * DROP COLUMN, applied to the definition being built: the column and the CHECK constraints that read it go.
     *
     * @throws TesseraException 42703 for an unknown column (without IF EXISTS); 0A000 for the distribution column
     *     (Postgres-XL's "Distribution column cannot be dropped"), a primary-key column, or the table's last column;
     *     2BP01 when a view reads the column
     */
    static void dropColumn(TableDef t, String table, List<ColumnDef> cols, List<TableDef.CheckDef> checks,
            SqlAlterTable.DropColumn drop, List<TesseraException> notices, CatalogSnapshot snapshot) {
        String name = drop.column();
        int i = indexOf(cols, name);
        if (i < 0) {
            if (drop.ifExists()) {
                notices.add(new TesseraException(SqlState.SUCCESSFUL_COMPLETION, "column \"" + name + "\" of relation \""
                        + table + "\" does not exist, skipping"));
                return;
            }
            throw new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + name + "\" of relation \"" + table
                    + "\" does not exist");
        }
        int id = cols.get(i).id();
        Distribution d = t.distribution();
        if (d.column() != null && id > 0 && id == t.attnum(d.column())) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "Distribution column cannot be dropped", null,
                    "Redistribute the table by another column first.", 0, null);
        }
        if (id > 0 && t.primaryKey().stream().anyMatch(k -> t.attnum(k) == id)) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "cannot drop column \"" + name
                    + "\" of table \"" + table + "\" because it is part of the primary key", null,
                    "Tessera cannot drop a primary key yet.", 0, null);
        }
        if (cols.size() == 1) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "cannot drop the last column of table \""
                    + table + "\": tables without columns are not supported");
        }
        List<String> views = ViewDdl.viewsReading(snapshot, t.database(), t.key(), name);
        if (!views.isEmpty()) {
            List<String> detail = views.stream().map(v -> "view " + v + " depends on column " + name + " of table "
                    + table).toList();
            if (drop.cascade()) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "DROP COLUMN ... CASCADE of a column a "
                        + "view reads is not supported yet", String.join("\n", detail), "Drop the view first.", 0,
                        null);
            }
            throw new TesseraException(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop column " + name
                    + " of table " + table + " because other objects depend on it", String.join("\n", detail),
                    "Use DROP ... CASCADE to drop the dependent objects too.", 0, null);
        }
        cols.remove(i);
        checks.removeIf(k -> references(InsertDefaults.expression(k.expr()), name));
    }

    /**
     * The actions of an ALTER TABLE that rewrites: one ADD COLUMN with a volatile default (or serial), or any number
     * of ALTER COLUMN ... TYPE, nothing else.
     *
     * @return notices
     * @throws TesseraException 0A000 for other actions mixed in; see {@link #alterType} and {@link #addColumnRewrite}
     */
    List<TesseraException> rewrite(TableDef t, SqlAlterTable stmt, DdlExecutor.RowCounter rows) {
        List<TesseraException> notices = new ArrayList<>();
        boolean types = stmt.actions().stream().allMatch(a -> a instanceof SqlAlterTable.ColumnType);
        if (!types && stmt.actions().size() > 1) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "ALTER COLUMN ... TYPE and ADD COLUMN with a "
                    + "volatile default are not supported together with other ALTER TABLE actions yet", null,
                    "Run them as an ALTER TABLE of their own.", 0, null);
        }
        if (types) {
            alterType(t, stmt.actions().stream().map(a -> (SqlAlterTable.ColumnType) a).toList(), rows);
        } else {
            addColumnRewrite(t, (SqlAlterTable.AddColumn) stmt.actions().get(0), rows);
        }
        return notices;
    }

    /**
     * ALTER COLUMN ... TYPE, one or more: a catalog change when every change keeps the stored values valid, else a
     * rewrite that converts each value as an assignment does (22P02, 22001, 22003 stop it, the table unchanged).
     *
     * @throws TesseraException 42703 for an unknown column; 42804 when there is no assignment cast and no USING
     *     ({@code column "b" cannot be cast automatically to type integer}); 0A000 for a change of the distribution
     *     column that would move rows (other than within the integer or the string types)
     */
    private void alterType(TableDef t, List<SqlAlterTable.ColumnType> changes, DdlExecutor.RowCounter rows) {
        List<ColumnDef> cols = new ArrayList<>(t.columns());
        String[] exprs = new String[cols.size()];
        boolean rewrite = false;
        for (SqlAlterTable.ColumnType ct : changes) {
            int i = indexOf(cols, ct.column());
            if (i < 0) {
                throw new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + ct.column() + "\" of relation \""
                        + t.name() + "\" does not exist");
            }
            ColumnDef old = cols.get(i);
            ColumnDef target = target(ct);
            if (!ViewDdl.viewsReading(catalog.snapshot(), t.database(), t.key(), old.name()).isEmpty()) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "cannot alter type of a column used by a view or rule", "rule _RETURN on view "
                        + ViewDdl.viewsReading(catalog.snapshot(), t.database(), t.key(), old.name()).get(0)
                        + " depends on column \"" + old.name() + "\"", null, 0, null);
            }
            ColumnDef changed = old.withType(target.type(), target.typmod());
            if (ct.using() == null && !assignable(old.type(), changed.type())) {
                throw new TesseraException(SqlState.DATATYPE_MISMATCH, "column \"" + old.name()
                        + "\" cannot be cast automatically to type " + changed.formatType(), null,
                        "You might need to specify \"USING " + old.name() + "::" + changed.formatType() + "\".", 0,
                        null);
            }
            String dist = t.distribution().column();
            if (old.name().equals(dist) && !sameHash(old.type(), changed.type())) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "cannot alter type of distribution column \""
                        + old.name() + "\" from " + old.formatType() + " to " + changed.formatType(), null,
                        "The distribution column can change only within the integer types or within the string types.",
                        0, null);
            }
            if (old.name().equals(dist) && t.distribution().kind() == Distribution.Kind.MODULO
                    && !(changed.type() == PgType.INT2 || changed.type() == PgType.INT4 || changed.type() == PgType.INT8)) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "column \"" + old.name() + "\" of type "
                        + changed.formatType() + " cannot be a MODULO distribution column");
            }
            if (ct.using() == null && storedAsIs(old, target)) {
                changed = changed.withMissing(old.missing()); // same encoding: rows that lack it read the same value
            }
            cols.set(i, changed);
            if (ct.using() != null || !storedAsIs(old, target)) {
                rewrite = true;
                String source = ct.using() != null ? DdlExecutor.sqlText(ct.using()) : DdlExecutor.quote(old.name());
                exprs[i] = old.type() == changed.type() && ct.using() == null ? source : cast(source, changed);
            }
        }
        checkForeignKeys(t, cols);
        if (!rewrite) {
            catalog.apply((snapshot, root, ops) -> {
                TableDef current = snapshot.tables(t.database()).get(t.key());
                if (current == null || !current.equals(t)) {
                    throw changedConcurrently(t);
                }
                return List.of(ops.updateTable(t.altered(t.name(), cols, t.primaryKey(), t.checks())));
            });
            return;
        }
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < cols.size(); i++) {
            select.append(i > 0 ? ", " : "").append(exprs[i] != null ? exprs[i]
                    : DdlExecutor.quote(t.columns().get(i).name()));
        }
        select.append(" FROM ").append(DdlExecutor.relation(t));
        Set<String> changed = new HashSet<>();
        for (int i = 0; i < cols.size(); i++) {
            if (exprs[i] != null) {
                changed.add(cols.get(i).name());
            }
        }
        rewriteRows(t, cols, select.toString(), changed, rows);
    }

    /**
     * Checks that the foreign keys of {@code t} and those referencing it can still compare their key columns once
     * {@code t}'s columns are {@code cols}, as PostgreSQL re-adds them after ALTER COLUMN TYPE: equal types, or the
     * referencing type implicitly converted to the referenced one's family.
     *
     * @throws TesseraException 42804 {@code foreign key constraint "c_p_fkey" cannot be implemented}
     */
    private void checkForeignKeys(TableDef t, List<ColumnDef> cols) {
        CatalogSnapshot s = catalog.snapshot();
        for (io.tessera.coordinator.catalog.ForeignKeyDef fk : t.foreignKeys()) {
            TableDef parent = fk.refTableId() == t.id() ? null
                    : io.tessera.coordinator.sql.constraint.ForeignKeys.table(s, t.database(), fk.refTableId());
            for (int k = 0; k < fk.columns().size(); k++) {
                ColumnDef child = cols.get(indexOf(cols, fk.columns().get(k)));
                ColumnDef ref = parent == null ? cols.get(indexOf(cols, fk.refColumns().get(k)))
                        : parent.columns().get(parent.columnIndex(fk.refColumns().get(k)));
                checkKeyPair(fk.name(), child, ref);
            }
        }
        for (io.tessera.coordinator.sql.constraint.ForeignKeys.Reference r
                : io.tessera.coordinator.sql.constraint.ForeignKeys.referencing(s, t)) {
            if (r.child().id() == t.id()) {
                continue; // checked above
            }
            for (int k = 0; k < r.fk().columns().size(); k++) {
                ColumnDef child = r.child().columns().get(r.child().columnIndex(r.fk().columns().get(k)));
                checkKeyPair(r.fk().name(), child, cols.get(indexOf(cols, r.fk().refColumns().get(k))));
            }
        }
    }

    private static void checkKeyPair(String constraint, ColumnDef child, ColumnDef ref) {
        PgType a = child.type();
        PgType b = ref.type();
        boolean ok = a == b || isInteger(a) && isInteger(b) || isString(a) && isString(b)
                || isNumber(a) && isNumber(b) && (b == PgType.NUMERIC || b == PgType.FLOAT8 || isInteger(a)
                && b == PgType.FLOAT4) || isDateTime(a) && isDateTime(b);
        if (!ok) {
            throw new TesseraException(SqlState.DATATYPE_MISMATCH, "foreign key constraint \"" + constraint
                    + "\" cannot be implemented", "Key columns \"" + child.name() + "\" and \"" + ref.name()
                    + "\" are of incompatible types: " + a.sqlName() + " and " + b.sqlName() + ".", null,
                    0, null);
        }
    }

    /**
     * ADD COLUMN whose default gives each row its own value (a volatile function, serial, identity): the rows are
     * rewritten with the column filled per row.
     */
    private void addColumnRewrite(TableDef t, SqlAlterTable.AddColumn add, DdlExecutor.RowCounter rows) {
        SqlColumnDef c = add.column();
        if (c.serial() != null || c.identity() != 0) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "ADD COLUMN of a serial or identity column is "
                    + "not supported yet", null, "Create a sequence, then ADD COLUMN ... DEFAULT nextval('seq').", 0,
                    null);
        }
        if (c.primaryKey() || !c.checks().isEmpty()) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "ADD COLUMN with a volatile default and a "
                    + "constraint is not supported yet", null, "Add the column, then the constraint.", 0, null);
        }
        List<ColumnDef> cols = new ArrayList<>(t.columns());
        ColumnDef def = DdlExecutor.column(c, false);
        String dflt = SequenceDdl.bound(DdlExecutor.sqlText(c.defaultValue()), null, t.database());
        cols.add(def.withDefault(dflt));
        StringBuilder select = new StringBuilder("SELECT ");
        for (ColumnDef k : t.columns()) {
            select.append(DdlExecutor.quote(k.name())).append(", ");
        }
        select.append(cast(dflt, def)).append(" FROM ").append(DdlExecutor.relation(t));
        rewriteRows(t, cols, select.toString(), Set.of(), rows);
    }

    /**
     * Replaces the table by a copy of its rows under new columns: {@code select} yields one value per column of
     * {@code cols}; the constraints over the {@code changed} columns are checked on the copy before the switch
     * ({@link TableRebuild#revalidate}). See the class comment.
     */
    private void rewriteRows(TableDef t, List<ColumnDef> cols, String select, Set<String> changed,
            DdlExecutor.RowCounter rows) {
        int[] newId = {0};
        TableDef[] staged = {null};
        catalog.apply((snapshot, root, ops) -> {
            TableDef current = snapshot.tables(t.database()).get(t.key());
            if (current == null || !current.equals(t)) {
                throw changedConcurrently(t);
            }
            newId[0] = ops.allocateOid();
            // registered (under a staging name) because datanodes only serve tables the catalog holds
            staged[0] = new TableDef(newId[0], t.database(), t.schema(), t.name() + "$rewrite" + newId[0], cols,
                    t.distribution(), t.primaryKey(), t.checks(), t.nextColumnId(), 1, null,
                    TableRebuild.indexes(t));
            return List.of(ops.createTable(staged[0]));
        });
        TableDef staging = staged[0];
        TableDef target = new TableDef(staging.id(), t.database(), t.schema(), t.name(), staging.columns(),
                t.distribution(), t.primaryKey(), t.checks(), staging.nextColumnId(), staging.schemaVersion(), null,
                staging.indexes());
        long copied;
        try {
            try {
                copied = rows.copy(select, target);
            } catch (TesseraException e) {
                throw TableRebuild.duplicated(e, t, t.primaryKeyConstraint());
            }
            if (rows.count("SELECT count(*) FROM " + DdlExecutor.relation(t)) != copied) {
                throw new TesseraException(SqlState.OBJECT_IN_USE, "table \"" + t.name()
                        + "\" was written while it was being rewritten; try again");
            }
            TableRebuild.revalidate(catalog.snapshot(), t, staging, changed, rows);
            TableDef done = new TableDef(staging.id(), t.database(), t.schema(), t.name(), staging.columns(),
                    t.distribution(), t.primaryKey(), t.checks(), staging.nextColumnId(),
                    staging.schemaVersion() + 1, t.comments(), staging.indexes()).withAccessOf(t);
            catalog.apply((snapshot, root, ops) -> {
                TableDef current = snapshot.tables(t.database()).get(t.key());
                if (current == null || !current.equals(t)) {
                    throw changedConcurrently(t);
                }
                return TableRebuild.switchOperations(snapshot, ops, current, staging, done);
            });
        } catch (RuntimeException e) {
            dropStaging(staging);
            throw e;
        }
        ddl.removeData(List.of(t));
    }

    private void dropStaging(TableDef staging) {
        try {
            catalog.apply((snapshot, root, ops) -> snapshot.tables(staging.database()).containsKey(staging.key())
                    ? List.of(ops.deleteTable(staging)) : List.of());
        } finally {
            ddl.removeData(List.of(staging));
        }
    }

    private static TesseraException changedConcurrently(TableDef t) {
        return new TesseraException(SqlState.OBJECT_IN_USE, "table \"" + t.name()
                + "\" was changed concurrently; try again");
    }

    /** Whether the column may be added: false (with a notice) when it exists under IF NOT EXISTS. */
    private static boolean exists(List<ColumnDef> cols, String name, String table, boolean ifNotExists,
            List<TesseraException> notices) {
        if (indexOf(cols, name) < 0) {
            return true;
        }
        if (ifNotExists) {
            notices.add(new TesseraException(SqlState.DUPLICATE_COLUMN, "column \"" + name + "\" of relation \""
                    + table + "\" already exists, skipping"));
            return false;
        }
        throw new TesseraException(SqlState.DUPLICATE_COLUMN, "column \"" + name + "\" of relation \"" + table
                + "\" already exists");
    }

    private static int indexOf(List<ColumnDef> cols, String name) {
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The column type an ALTER COLUMN ... TYPE names, as a column (name and flags irrelevant). */
    private static ColumnDef target(SqlAlterTable.ColumnType ct) {
        return DdlExecutor.column(ct.column(), ct.type(), false);
    }

    /**
     * Whether a column of type {@code old} can take type {@code target} without touching stored rows: the storage
     * class is the same and every stored value is valid and unchanged under the new type (PostgreSQL skips the
     * rewrite in the same cases: binary-coercible and no narrower typmod).
     */
    static boolean storedAsIs(ColumnDef old, ColumnDef target) {
        PgType a = old.type();
        PgType b = target.type();
        if (a == b && old.typmod() == target.typmod()) {
            return true;
        }
        if ((a == PgType.VARCHAR || a == PgType.TEXT) && b == PgType.TEXT) {
            return true;
        }
        if ((a == PgType.VARCHAR || a == PgType.TEXT) && b == PgType.VARCHAR) {
            return target.length() < 0 || a == PgType.VARCHAR && old.length() >= 0 && old.length() <= target.length();
        }
        return a == PgType.NUMERIC && b == PgType.NUMERIC && target.precision() < 0;
    }

    /**
     * Whether PostgreSQL has an implicit or assignment cast from {@code a} to {@code b} (pg_cast's castcontext
     * 'i' or 'a', or the automatic I/O conversion to a string type), which ALTER COLUMN ... TYPE without USING
     * needs.
     */
    static boolean assignable(PgType a, PgType b) {
        if (a == b || isString(b)) {
            return true;
        }
        if (isNumber(a) && isNumber(b) || isString(a) && isString(b)) {
            return true;
        }
        if (isDateTime(a) && isDateTime(b)) {
            return true;
        }
        return (a == PgType.JSON || a == PgType.JSONB) && (b == PgType.JSON || b == PgType.JSONB);
    }

    /** Whether equal values of the two types hash equally (DistributionHash): rows then stay where they are. */
    private static boolean sameHash(PgType a, PgType b) {
        return a == b || isInteger(a) && isInteger(b) || isString(a) && isString(b);
    }

    private static boolean isInteger(PgType t) {
        return t == PgType.INT2 || t == PgType.INT4 || t == PgType.INT8;
    }

    private static boolean isNumber(PgType t) {
        return isInteger(t) || t == PgType.FLOAT4 || t == PgType.FLOAT8 || t == PgType.NUMERIC;
    }

    private static boolean isString(PgType t) {
        return t == PgType.TEXT || t == PgType.VARCHAR || t == PgType.BPCHAR || t == PgType.NAME;
    }

    private static boolean isDateTime(PgType t) {
        return t == PgType.DATE || t == PgType.TIMESTAMP || t == PgType.TIMESTAMPTZ;
    }

    /**
     * {@code CAST((expr) AS base)}: the expression converted to the column's base type; the column's length and
     * precision are then applied as an INSERT applies them ({@link Coercion}), so an over-long string is 22001 and
     * not cut, as in PostgreSQL's assignment.
     */
    static String cast(String expr, ColumnDef c) {
        PgType t = c.type().isArray() ? c.type().element() : c.type();
        String base = switch (t) {
            case VARCHAR, BPCHAR, NAME -> "text";
            default -> t.name().toLowerCase(Locale.ROOT);
        } + (c.type().isArray() ? " ARRAY" : "");
        return "CAST((" + expr + ") AS " + base + ")";
    }

    /** Whether the expression calls a volatile function. */
    static boolean volatileCall(SqlNode expr) {
        boolean[] found = {false};
        expr.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (VOLATILE.contains(call.getOperator().getName().toLowerCase(Locale.ROOT))) {
                    found[0] = true;
                }
                return super.visit(call);
            }
        });
        return found[0];
    }

    /** Whether the expression names the column. */
    static boolean references(SqlNode expr, String column) {
        boolean[] found = {false};
        expr.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlIdentifier id) {
                if (id.names.get(id.names.size() - 1).equals(column)) {
                    found[0] = true;
                }
                return null;
            }
        });
        return found[0];
    }

    /** Replaces a column's name by an expression. */
    private static final class Substitute extends SqlShuttle {
        private final String column;
        private final SqlNode value;

        Substitute(String column, SqlNode value) {
            this.column = column;
            this.value = value;
        }

        @Override
        public SqlNode visit(SqlIdentifier id) {
            return id.names.size() == 1 && id.getSimple().equals(column) ? value : id;
        }
    }
}
