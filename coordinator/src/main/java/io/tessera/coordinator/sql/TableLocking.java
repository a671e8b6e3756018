package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.Acls;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.RoleDef;
import io.tessera.coordinator.catalog.SearchPath;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.session.Column;
import io.tessera.coordinator.session.PreparedStatement;
import io.tessera.coordinator.session.QueryResult;
import io.tessera.coordinator.sql.acl.Privileges;
import io.tessera.coordinator.sql.exec.Cancellation;
import io.tessera.coordinator.txn.lock.SessionTableLocks;
import io.tessera.coordinator.txn.lock.TableLockMode;
import io.tessera.sql.parser.ddl.SqlAlterTable;
import io.tessera.sql.parser.ddl.SqlCreateTesseraIndex;
import io.tessera.sql.parser.ddl.SqlDropTesseraIndex;
import io.tessera.sql.parser.ddl.SqlDropTesseraTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlNode;

/**
 * Which table locks a statement takes, and when (PostgreSQL's "Explicit Locking", table-level lock modes):
 * <pre>
 *   SELECT, COPY TO                        ACCESS SHARE on each table read
 *   SELECT ... FOR UPDATE / SHARE          ROW SHARE on the tables read
 *   INSERT, UPDATE, DELETE, COPY FROM      ROW EXCLUSIVE on the target (ACCESS SHARE on the tables only read)
 *   CREATE INDEX                           SHARE              CONCURRENTLY: SHARE UPDATE EXCLUSIVE
 *   DROP INDEX                             ACCESS EXCLUSIVE   CONCURRENTLY: SHARE UPDATE EXCLUSIVE
 *   ALTER TABLE                            ACCESS EXCLUSIVE, except: VALIDATE CONSTRAINT and SET (storage
 *                                          parameters) SHARE UPDATE EXCLUSIVE; ADD FOREIGN KEY SHARE ROW EXCLUSIVE,
 *                                          and SHARE ROW EXCLUSIVE on the referenced table;
 *                                          DISTRIBUTE BY / TO NODE / ADD NODE / DELETE NODE none: an online
 *                                          redistribution keeps its own fences (docs/redistribution.md)
 *   CREATE TABLE ... REFERENCES p          SHARE ROW EXCLUSIVE on p (as ADD FOREIGN KEY)
 *   COMMENT ON TABLE / COLUMN              SHARE UPDATE EXCLUSIVE
 *   DROP TABLE, TRUNCATE                   ACCESS EXCLUSIVE
 *   DROP VIEW, ALTER VIEW, CREATE OR       ACCESS EXCLUSIVE on the view; a statement reading a view takes its read
 *   REPLACE VIEW                           mode on the view (and on the views and tables behind it)
 *   LOCK TABLE                             the mode it names (ACCESS EXCLUSIVE by default)
 * </pre>
 * Locks are held to the end of the transaction. A read outside a transaction block holds nothing: it waits for a
 * conflicting (ACCESS EXCLUSIVE) lock held or queued, then runs, its snapshot and the datanodes' schema versions
 * keeping it consistent.
 */
public final class TableLocking {
    private TableLocking() {
    }

    /** What a guarded statement needs from its session. */
    interface Host {
        SessionTableLocks locks();

        /** Whether a transaction block (explicit or implicit) is open: locks outlive the statement. */
        boolean inTransaction();

        /** Whether an explicit transaction block (BEGIN) is open: LOCK TABLE may run. */
        boolean inBlock();

        long lockTimeoutMs();

        /** A fresh cancellation for a statement that waits outside {@code begin} (DDL, LOCK TABLE). */
        Cancellation statementCancellation();

        /** A lock could not be taken: the statement failed (the block fails, as with any error). */
        void failed();

        CatalogSnapshot catalog();

        String database();

        String user();
    }

    /** A table and a mode, by name, resolved at each execution. */
    record Want(String table, TableLockMode mode) {
    }

    /**
     * {@code prepared} wrapped so that it takes its locks ({@code node}'s, from the tables {@code needs} names and
     * the {@code views} it reads: {@link #viewsRead}), or {@code prepared} itself when it takes none.
     */
    static PreparedStatement guard(SqlNode node, List<Privileges.Need> needs, Set<String> views,
            PreparedStatement prepared, Host host) {
        List<Want> ddl = ddl(node, needs);
        List<Want> wants = ddl != null ? ddl : dml(node, needs, views);
        if (wants.isEmpty()) {
            return prepared;
        }
        return new Guard(prepared, wants, ddl != null, host);
    }

    /** The locks of a DDL statement, or null when {@code node} is none. */
    private static List<Want> ddl(SqlNode node, List<Privileges.Need> needs) {
        TableLockMode mode;
        if (node instanceof SqlDropTesseraTable) {
            mode = TableLockMode.ACCESS_EXCLUSIVE;
        } else if (node instanceof SqlCreateTesseraIndex create) {
            mode = create.concurrently() ? TableLockMode.SHARE_UPDATE_EXCLUSIVE : TableLockMode.SHARE;
        } else if (node instanceof SqlDropTesseraIndex drop) {
            mode = drop.concurrently() ? TableLockMode.SHARE_UPDATE_EXCLUSIVE : TableLockMode.ACCESS_EXCLUSIVE;
        } else if (node instanceof SqlAlterTable alter) {
            mode = null;
            for (SqlAlterTable.Action a : alter.actions()) {
                TableLockMode m = alterMode(a);
                if (m != null) {
                    mode = mode == null || m.ordinal() > mode.ordinal() ? m : mode;
                }
            }
            if (mode == null) {
                return null;
            }
        } else if (node instanceof io.tessera.sql.parser.ddl.SqlComment) {
            mode = TableLockMode.SHARE_UPDATE_EXCLUSIVE;
        } else if (node instanceof io.tessera.sql.parser.ddl.SqlDropTesseraView drop) {
            return drop.names().stream().filter(n -> SearchPath.missingSchema(n.names) == null)
                    .map(n -> new Want(DdlExecutor.tableName(n), TableLockMode.ACCESS_EXCLUSIVE)).toList();
        } else if (node instanceof io.tessera.sql.parser.ddl.SqlAlterView alter) {
            // a name in a missing schema takes no lock: the statement reports it (3F000, or a NOTICE under IF EXISTS)
            return SearchPath.missingSchema(alter.name().names) != null ? null
                    : List.of(new Want(DdlExecutor.tableName(alter.name()), TableLockMode.ACCESS_EXCLUSIVE));
        } else if (node instanceof io.tessera.sql.parser.ddl.SqlCreateTesseraView create && create.orReplace()) {
            return List.of(new Want(DdlExecutor.tableName(create.name()), TableLockMode.ACCESS_EXCLUSIVE));
        } else if (node instanceof io.tessera.sql.parser.ddl.SqlCreateTesseraTable create) {
            return referencedTables(create);
        } else {
            return null;
        }
        Set<Want> wants = new LinkedHashSet<>();
        for (Privileges.Need n : needs) {
            if (n.privilege() == Privileges.OWNER || n.privilege() == Privileges.SET_OWNER) {
                wants.add(new Want(n.table(), mode));
            }
        }
        if (node instanceof SqlAlterTable alter) {
            for (SqlAlterTable.Action a : alter.actions()) {
                if (a instanceof SqlAlterTable.AddConstraint c
                        && c.constraint() instanceof io.tessera.sql.parser.ddl.TableConstraint.ForeignKey fk) {
                    // as PostgreSQL: the referenced table too, so that no key it has is deleted while the
                    // existing rows are checked (the ALTER's own mode on it when it is the same table)
                    wants.add(new Want(DdlExecutor.tableName(fk.refTable()), TableLockMode.SHARE_ROW_EXCLUSIVE));
                }
            }
        }
        return new ArrayList<>(wants);
    }

    /**
     * CREATE TABLE's locks: SHARE ROW EXCLUSIVE on each table its foreign keys reference (not itself), as PostgreSQL
     * takes them, so that no parent key is deleted between the constraint's creation and the first child rows; null
     * (no DDL locks) when it references none.
     */
    private static List<Want> referencedTables(io.tessera.sql.parser.ddl.SqlCreateTesseraTable create) {
        Set<Want> wants = new LinkedHashSet<>();
        try {
            String self = DdlExecutor.tableName(create.name());
            for (var c : ConstraintDdl.all(create)) {
                if (c instanceof io.tessera.sql.parser.ddl.TableConstraint.ForeignKey fk
                        && !DdlExecutor.tableName(fk.refTable()).equals(self)) {
                    wants.add(new Want(DdlExecutor.tableName(fk.refTable()), TableLockMode.SHARE_ROW_EXCLUSIVE));
                }
            }
        } catch (TesseraException e) {
            return null; // a name CREATE TABLE refuses: its execution reports it
        }
        return wants.isEmpty() ? null : new ArrayList<>(wants);
    }

    private static TableLockMode alterMode(SqlAlterTable.Action a) {
        if (a instanceof SqlAlterTable.Redistribute) {
            return null; // online: writes go on, DDL meanwhile is refused (55006) by the job's own check
        }
        if (a instanceof SqlAlterTable.ValidateConstraint || a instanceof SqlAlterTable.StorageOptions) {
            return TableLockMode.SHARE_UPDATE_EXCLUSIVE;
        }
        if (a instanceof SqlAlterTable.AddConstraint c
                && c.constraint() instanceof io.tessera.sql.parser.ddl.TableConstraint.ForeignKey) {
            return TableLockMode.SHARE_ROW_EXCLUSIVE;
        }
        return TableLockMode.ACCESS_EXCLUSIVE;
    }

    /**
     * The implicit locks of DML, from the privileges it needs: reading, writing, truncating; and ACCESS SHARE (ROW
     * SHARE under FOR UPDATE/SHARE) on the views it reads, directly or through other views, as PostgreSQL's
     * rewriter takes them (the privileges name only the tables behind them).
     */
    private static List<Want> dml(SqlNode node, List<Privileges.Need> needs, Set<String> views) {
        boolean locking = node instanceof io.tessera.sql.parser.dml.SqlLockingQuery;
        Set<Want> wants = new LinkedHashSet<>();
        for (Privileges.Need n : needs) {
            TableLockMode m = switch (n.privilege()) {
                case 'r' -> locking ? TableLockMode.ROW_SHARE : TableLockMode.ACCESS_SHARE;
                case 'a', 'w', 'd' -> TableLockMode.ROW_EXCLUSIVE;
                case 'D' -> TableLockMode.ACCESS_EXCLUSIVE;
                default -> null;
            };
            if (m != null) {
                wants.add(new Want(n.table(), m));
            }
        }
        if (!needs.isEmpty()) {
            for (String v : views) {
                wants.add(new Want(v, locking ? TableLockMode.ROW_SHARE : TableLockMode.ACCESS_SHARE));
            }
        }
        return new ArrayList<>(wants);
    }

    /**
     * The views a statement reads, those their queries read, and so on: to be called before planning, which
     * expands them in place ({@link ViewExpander}).
     */
    static Set<String> viewsRead(SqlNode node, CatalogSnapshot catalog, String database) {
        var views = catalog.views(database);
        Set<String> out = new LinkedHashSet<>();
        if (views.isEmpty()) {
            return out;
        }
        try {
            List<String> todo = new ArrayList<>(ViewExpander.relations(node));
            while (!todo.isEmpty()) {
                var v = views.get(todo.remove(todo.size() - 1));
                if (v != null && out.add(v.name())) {
                    todo.addAll(ViewExpander.relations(io.tessera.sql.parser.TesseraSqlParser.parse(v.query())));
                }
            }
        } catch (RuntimeException e) {
            // a statement shape the walk does not know: its planning reports what is wrong with it
        }
        return out;
    }

    /** {@code wants} as table ids, in the catalog of now (a table that is gone takes no lock: planning says so). */
    static List<SessionTableLocks.Need> resolve(List<Want> wants, CatalogSnapshot catalog, String database) {
        List<SessionTableLocks.Need> needs = new ArrayList<>(wants.size());
        var tables = catalog.tables(database);
        for (Want w : wants) {
            TableDef t = tables.get(w.table());
            if (t != null) {
                needs.add(new SessionTableLocks.Need(t.id(), t.name(), w.mode()));
            } else if (catalog.views(database).get(w.table()) != null) {
                var v = catalog.views(database).get(w.table()); // OIDs: views and tables share them
                needs.add(new SessionTableLocks.Need(v.id(), v.name(), w.mode()));
            }
        }
        return needs;
    }

    /** The cancellation of {@code c} as an event a lock wait ends at. */
    public static CompletableFuture<TesseraException> interrupt(Cancellation c) {
        CompletableFuture<TesseraException> f = new CompletableFuture<>();
        c.onCancel(() -> f.complete(c.error()));
        return f;
    }

    /**
     * Takes a statement's pending locks once it has started: held by its transaction, or, for a read outside any
     * transaction, only waited for.
     */
    static void takePending(SessionTableLocks locks, boolean inTransaction, long lockTimeoutMs, Cancellation c) {
        List<SessionTableLocks.Need> pending = locks.takePending();
        if (pending == null || pending.isEmpty()) {
            return;
        }
        Supplier<CompletableFuture<TesseraException>> interrupt = () -> interrupt(c);
        if (inTransaction) {
            locks.acquire(pending, false, lockTimeoutMs, interrupt);
        } else {
            locks.await(pending, lockTimeoutMs, interrupt);
        }
    }

    /** A statement that takes its table locks before it runs (DDL) or as it starts (DML, in {@code begin}). */
    private static final class Guard implements PreparedStatement, Unwrappable {
        private final PreparedStatement inner;
        private final List<Want> wants;
        private final boolean ddl;
        private final Host host;

        Guard(PreparedStatement inner, List<Want> wants, boolean ddl, Host host) {
            this.inner = inner;
            this.wants = wants;
            this.ddl = ddl;
            this.host = host;
        }

        @Override
        public PreparedStatement inner() {
            return inner;
        }

        @Override
        public List<Integer> parameterTypes() {
            return inner.parameterTypes();
        }

        @Override
        public List<Column> columns() {
            return inner.columns();
        }

        @Override
        public boolean returnsRows() {
            return inner.returnsRows();
        }

        @Override
        public QueryResult execute(List<Object> params) {
            SessionTableLocks locks = host.locks();
            List<SessionTableLocks.Need> needs = resolve(wants, host.catalog(), host.database());
            locks.enter();
            try {
                if (ddl) {
                    try {
                        // a DDL on a table being redistributed is refused (55006) without first waiting for the
                        // transactions that write it meanwhile: the job's own catch-up waits for those
                        for (Want w : wants) {
                            RedistributionJobs.refuseDdl(host.database(), w.table()); // the catalog key
                        }
                        locks.acquire(needs, false, host.lockTimeoutMs(),
                                () -> interrupt(host.statementCancellation()));
                    } catch (TesseraException e) {
                        host.failed();
                        throw e;
                    }
                } else {
                    locks.pending(needs);
                }
                return inner.execute(params);
            } finally {
                locks.takePending();
                locks.exit();
                if (locks.outermost() && !host.inTransaction()) {
                    locks.transactionEnded();
                }
            }
        }
    }

    /** A statement wrapping another (so the session can tell the kind of the statement inside). */
    public interface Unwrappable {
        PreparedStatement inner();
    }

    /**
     * An execution the session defers (an INSERT of pgjdbc's batch, run at the next Sync): takes the statement's
     * locks now, in the open transaction block, and returns the statement inside the guard ({@code s} itself when it
     * has none).
     */
    static PreparedStatement lockForDeferral(PreparedStatement s) {
        if (!(s instanceof Guard g)) {
            return s;
        }
        if (g.host.inTransaction()) {
            try {
                g.host.locks().acquire(resolve(g.wants, g.host.catalog(), g.host.database()), false,
                        g.host.lockTimeoutMs(), () -> interrupt(g.host.statementCancellation()));
            } catch (TesseraException e) {
                return null; // not deferred: executed at once, the guard reports the error as the statement's
            }
        }
        return g.inner;
    }

    // ---- LOCK TABLE ----------------------------------------------------------------------------------------------

    private static final Pattern LOCK = Pattern.compile(
            "(?is)\\s*LOCK(?:\\s+TABLE)?\\s+(?:ONLY\\s+)?(.+?)(?:\\s+IN\\s+([A-Z ]+?)\\s+MODE)?(\\s+NOWAIT)?\\s*;?\\s*");
    private static final Pattern START = Pattern.compile("(?is)\\s*LOCK\\b.*");

    /** {@code LOCK [TABLE] [ONLY] name [*] [, ...] [IN mode MODE] [NOWAIT]}. */
    record LockTable(List<String> tables, TableLockMode mode, boolean nowait) {
    }

    /**
     * Parses a LOCK statement, or returns null when {@code sql} is none.
     *
     * @throws TesseraException 42601 for a LOCK statement that does not parse
     */
    static LockTable parseLock(String sql) {
        if (!START.matcher(sql).matches()) {
            return null;
        }
        Matcher m = LOCK.matcher(sql);
        if (!m.matches()) {
            throw new TesseraException(SqlState.SYNTAX_ERROR, "syntax error in LOCK statement");
        }
        List<String> tables = new ArrayList<>();
        for (String raw : m.group(1).split(",")) {
            String t = raw.trim();
            if (t.endsWith("*")) {
                t = t.substring(0, t.length() - 1).trim();
            }
            if (t.regionMatches(true, 0, "ONLY ", 0, 5)) {
                t = t.substring(5).trim();
            }
            tables.add(identifier(t));
        }
        TableLockMode mode = m.group(2) == null ? TableLockMode.ACCESS_EXCLUSIVE : TableLockMode.parse(m.group(2));
        return new LockTable(tables, mode, m.group(3) != null);
    }

    /** A table name as the catalog keys it: unquoted folds to lower case; {@code public.} is dropped. */
    private static String identifier(String t) {
        if (t.isEmpty()) {
            throw new TesseraException(SqlState.SYNTAX_ERROR, "syntax error in LOCK statement");
        }
        List<String> parts = new ArrayList<>();
        Matcher p = Pattern.compile("\\s*(\"((?:[^\"]|\"\")*)\"|[^.\\s\"]+)\\s*(\\.|$)").matcher(t);
        int at = 0;
        while (at < t.length() && p.find(at) && p.start() == at) {
            parts.add(p.group(2) != null ? p.group(2).replace("\"\"", "\"") : p.group(1).toLowerCase(Locale.ROOT));
            at = p.end();
            if (p.group(3).isEmpty()) {
                break;
            }
        }
        if (at < t.length() || parts.isEmpty() || parts.size() > 2) {
            throw new TesseraException(SqlState.SYNTAX_ERROR, "syntax error at or near \"" + t + "\"");
        }
        return parts.size() == 2 && parts.get(0).equals("public") ? parts.get(1) : String.join(".", parts);
    }

    /**
     * Runs LOCK TABLE: takes the mode on every table named, held to the end of the transaction.
     *
     * @throws TesseraException 25P01 outside a transaction block, 42P01 for an unknown table, 42501 without the
     *     privilege PostgreSQL asks for the mode, 55P03 (NOWAIT; lock_timeout), 40P01, 57014
     */
    static void lockTable(LockTable lock, Host host) {
        if (!host.inBlock()) {
            throw new TesseraException(SqlState.NO_ACTIVE_SQL_TRANSACTION,
                    "LOCK TABLE can only be used in transaction blocks");
        }
        CatalogSnapshot catalog = host.catalog();
        List<SessionTableLocks.Need> needs = new ArrayList<>();
        for (String name : lock.tables()) {
            TableDef t = catalog.tables(host.database()).get(name);
            if (t == null) {
                throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist");
            }
            checkPrivilege(catalog, host.user(), t, lock.mode());
            needs.add(new SessionTableLocks.Need(t.id(), t.name(), lock.mode()));
        }
        host.locks().acquire(needs, lock.nowait(), host.lockTimeoutMs(),
                () -> interrupt(host.statementCancellation()));
    }

    /**
     * PostgreSQL 15's rule ({@code LockTableAclCheck}): ACCESS SHARE needs SELECT; ROW EXCLUSIVE needs INSERT,
     * UPDATE, DELETE or TRUNCATE; the other modes UPDATE, DELETE or TRUNCATE.
     */
    private static void checkPrivilege(CatalogSnapshot catalog, String user, TableDef t, TableLockMode mode) {
        RoleDef role = catalog.roles().get(user);
        if (role != null && role.superuser()) {
            return;
        }
        String letters = switch (mode) {
            case ACCESS_SHARE -> "r";
            case ROW_EXCLUSIVE -> "awdD";
            default -> "wdD";
        };
        for (char c : letters.toCharArray()) {
            if (Acls.has(catalog, role, t, c, false)) {
                return;
            }
        }
        throw Privileges.denied(t.name());
    }
}
