package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.gtm.GtmClient;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.SequenceDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.catalog.pgcatalog.Backend;
import io.tessera.coordinator.session.Column;
import io.tessera.coordinator.session.PreparedStatement;
import io.tessera.coordinator.session.QueryResult;
import io.tessera.coordinator.session.SqlSession;
import io.tessera.coordinator.sql.exec.Cancellation;
import io.tessera.coordinator.sql.exec.Coercion;
import io.tessera.coordinator.sql.exec.InsertExecutor;
import io.tessera.coordinator.sql.exec.ModifyExecutor;
import io.tessera.coordinator.sql.exec.StatementContext;
import io.tessera.coordinator.sql.exec.TesseraDataContext;
import io.tessera.sql.parser.DmlClauses;
import io.tessera.sql.parser.Rewritten;
import io.tessera.sql.parser.TesseraSqlParser;
import io.tessera.sql.parser.copy.SqlCopy;
import io.tessera.sql.parser.copy.SqlTruncateTables;
import io.tessera.sql.parser.ddl.SqlCreateDatabase;
import io.tessera.sql.parser.ddl.SqlCreateTesseraTable;
import io.tessera.sql.parser.ddl.SqlDropDatabase;
import io.tessera.sql.parser.ddl.SqlDropTesseraTable;
import io.tessera.sql.parser.dml.SqlLockingQuery;
import io.tessera.protocol.datanode.LockOrderKey;
import io.tessera.protocol.datanode.RowLockStrength;
import io.tessera.protocol.datanode.UpdateOp;
import io.tessera.protocol.datanode.RowLockWaitPolicy;
import io.tessera.sql.parser.tcl.SqlReleaseSavepoint;
import io.tessera.sql.parser.tcl.SqlRollbackToSavepoint;
import io.tessera.sql.parser.tcl.SqlSavepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntUnaryOperator;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSetOption;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.babel.postgres.SqlBegin;
import org.apache.calcite.sql.babel.postgres.SqlCommit;
import org.apache.calcite.sql.babel.postgres.SqlDiscard;
import org.apache.calcite.sql.babel.postgres.SqlRollback;
import org.apache.calcite.sql.babel.postgres.SqlShow;
import org.apache.calcite.sql.babel.postgres.TransactionMode;
import io.tessera.coordinator.txn.Transaction;
import io.tessera.protocol.datanode.Isolation;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * One client session on a coordinator: its database, user and settings, and the statements it prepares.
 *
 * <p>Statement kinds and where they go:
 * <pre>
 *   SELECT / VALUES / set operations  → QueryPlanner (Calcite) → scans on datanodes, the rest on the coordinator
 *   INSERT ... VALUES | SELECT        → the source planned as a query → InsertExecutor routes rows to shards
 *   UPDATE / DELETE                   → DmlPlanner → ModifyExecutor: datanodes change their own rows
 *   CREATE/DROP TABLE, CREATE/DROP DATABASE → DdlExecutor → the catalog in ZooKeeper
 *   BEGIN / COMMIT / ROLLBACK / SAVEPOINT … → the session's transaction state → TransactionCoordinator
 *   SET / RESET / SHOW                → session settings
 * </pre>
 * Plans are made against the catalog snapshot current at prepare time; a prepared statement whose catalog version
 * is outdated when executed is planned again.
 *
 * <p>Transaction states: idle ('I': each statement that writes runs in a transaction of its own, committed when
 * it ends — or, inside an implicit block opened by the protocol layer, when the block ends: see
 * {@link #beginImplicitTransaction}); in a block ('T': BEGIN seen, the transaction starts with the first statement); failed ('E': an error in
 * the block, every statement but ROLLBACK, ROLLBACK TO SAVEPOINT and COMMIT gets 25P02). See {@code begin},
 * {@code endStatement} and {@code failStatement}.
 */
public final class TesseraSession implements SqlSession {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TesseraSession.class);
    private final TesseraSqlEngine engine;
    private final String user;
    private final String database;
    private final Map<String, String> settings = new LinkedHashMap<>();
    /** The settings as the session began (its startup parameters included): what RESET goes back to. */
    private final Map<String, String> sessionDefaults;
    private volatile Cancellation currentCancel = new Cancellation();
    private java.util.concurrent.ScheduledFuture<?> statementTimer;
    private QueryPlanner planner;
    /** The snapshots this session holds, for the coordinator's GC report ({@code coordinator.gc}). */
    private final io.tessera.coordinator.gc.SnapshotRegistry.Holder snapshots;
    /** Planned statements by SQL text: the simple protocol and unnamed Parse skip planning on a repeat. */
    private final StatementCache statements = new StatementCache();
    /**
     * BEGIN, COMMIT and ROLLBACK statements by their text (at most {@link #TRANSACTION_CONTROL_TEXTS}): their
     * prepared forms are closures over this session's state that the catalog does not affect, so a block's
     * {@code BEGIN;} and {@code END;} in the simple protocol (pgbench's TPC-B) are parsed once per session instead
     * of once per transaction.
     */
    private final Map<String, PreparedStatement> transactionControl = new java.util.HashMap<>();
    private static final int TRANSACTION_CONTROL_TEXTS = 16;
    /** Simple-protocol statements differing only in integer constants share a plan. */
    private final GenericPlans genericPlans = new GenericPlans();
    /** PREPARE / EXECUTE / DEALLOCATE in SQL. */
    private final SqlPreparedStatements sqlPrepared = new SqlPreparedStatements(this::prepare);
    /** What catalog views and functions see of this session (pg_catalog). */
    private final io.tessera.coordinator.catalog.pgcatalog.SessionInfo sessionInfo;
    /** What names resolve against while this session's statement runs ({@link #enter}). */
    private final io.tessera.coordinator.catalog.SearchPath.Binding searchPathBinding;
    /** This session in the coordinator's session list (pg_stat_activity, pg_cancel/terminate_backend). */
    private final Backend backend;
    /** The frontend's way to end this connection (pg_terminate_backend); null until it gives one. */
    private volatile Runnable terminator;
    /** Where a running statement's NOTICEs go at once (SqlSession#onNotice); by default nowhere. */
    private java.util.function.Consumer<TesseraException> noticeSink = n -> { };

    // transaction state (DESIGN.md "Transactions"); see begin/endStatement/failStatement
    private Transaction txn;
    /**
     * The GXID and start timestamp a READ COMMITTED block's BEGIN asked the GTM for, not yet waited for; taken by the
     * block's first {@link #startTransaction}, dropped when the block ends without one. Null otherwise.
     */
    private GtmClient.PendingStart beginStart;
    private boolean inBlock;
    /** PostgreSQL's implicit transaction block (a simple query's statements, the extended protocol up to Sync). */
    private boolean implicit;
    /** Executions of one INSERT deferred within the current block ({@link #deferExecute}), or null. */
    private io.tessera.coordinator.sql.exec.InsertPipeline pipeline;
    private boolean failed;
    private Isolation blockIsolation;
    private Isolation defaultIsolation = Isolation.READ_COMMITTED;
    /** Whether a READ COMMITTED block's BEGIN asks the GTM for its start ({@link #startTransaction}). */
    private static final boolean START_AT_BEGIN = !"false".equals(System.getProperty("tessera.start_at_begin"));
    private long lockTimeoutMs;
    private long statementTimeoutMs;
    /** currval/lastval state and nextval access for this session. */
    private SessionSequences sequences;
    /** The catalog changes of the open transaction block (DDL inside BEGIN ... COMMIT). */
    private final TransactionalDdl blockDdl;
    /** The table locks of the session's transaction (TableLocking). */
    private io.tessera.coordinator.txn.lock.SessionTableLocks tableLocks;
    private TableLocking.Host lockHost;
    /** The session's advisory locks (pg_advisory_lock and the rest). */
    private final io.tessera.coordinator.txn.lock.SessionAdvisoryLocks advisoryLocks;
    /** The session's {@code random()} sequence, reseeded by {@code setseed}. */
    private final io.tessera.coordinator.session.SessionRandom random =
            new io.tessera.coordinator.session.SessionRandom();
    /** The session's temporary tables and their schema (CREATE TEMP TABLE). */
    private final TempTables tempTables;

    TesseraSession(TesseraSqlEngine engine, String user, String database, Map<String, String> options) {
        this.engine = engine;
        this.tempTables = new TempTables(engine.catalog(), database, user, engine.ownerId());
        this.blockDdl = new TransactionalDdl(engine.catalog(), () -> inBlock);
        this.searchPathBinding = engine.catalog() == null ? null : new io.tessera.coordinator.catalog.SearchPath.Binding(
                engine.catalog()::snapshot, database,
                () -> settings.getOrDefault("search_path", io.tessera.coordinator.catalog.SearchPath.DEFAULT), user,
                tempTables::schema);
        this.user = user;
        this.database = database;
        this.snapshots = engine.snapshots().register();
        settings.put("server_version", "15.0");
        settings.put("server_encoding", "UTF8");
        settings.put("client_encoding", "UTF8");
        settings.put("lc_collate", io.tessera.coordinator.catalog.pgcatalog.PgDatabase.LC_COLLATE);
        settings.put("lc_ctype", io.tessera.coordinator.catalog.pgcatalog.PgDatabase.LC_CTYPE);
        settings.put("DateStyle", "ISO, MDY");
        settings.put("TimeZone", "UTC");
        settings.put("integer_datetimes", "on");
        settings.put("standard_conforming_strings", "on");
        settings.put("IntervalStyle", "postgres");
        settings.put("is_superuser", "on");
        settings.put("session_authorization", user);
        settings.put("application_name", options.getOrDefault("application_name", ""));
        sessionDefaults = Map.copyOf(settings);
        int pid = engine.nextBackendNumber();
        this.backend = new Backend(pid, user, database, settings, this::cancel, () -> {
            Runnable t = terminator;
            if (t != null) {
                t.run();
            }
        });
        this.sessionInfo = new io.tessera.coordinator.catalog.pgcatalog.SessionInfo(user, database, settings,
                pid, engine.startMillis(), engine.backends(), engine.statistics());
        engine.backends().register(backend);
        this.tableLocks = new io.tessera.coordinator.txn.lock.SessionTableLocks(engine.tableLocks(),
                engine.tableLocks().coordinator(), pid, this::lockIdentity, engine.ownerId() + "/" + pid);
        this.advisoryLocks = new io.tessera.coordinator.txn.lock.SessionAdvisoryLocks(engine.tableLocks(),
                tableLocks, pid, () -> new io.tessera.coordinator.txn.lock.SessionAdvisoryLocks.Identity(
                        -engine.gtm().gxid(), engine.gtm().timestamp()), this::currentLockOwner,
                n -> noticeSink.accept(n));
        this.lockHost = new SessionLockHost();
    }

    @Override
    public Map<String, String> parameterStatus() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : REPORTED_SETTINGS) {
            out.put(k, settings.get(k));
        }
        return out;
    }

    /** The settings a client is told of in ParameterStatus messages, as PostgreSQL reports them (GUC_REPORT). */
    private static final List<String> REPORTED_SETTINGS = List.of("server_version", "server_encoding",
            "client_encoding", "DateStyle", "TimeZone", "integer_datetimes", "standard_conforming_strings",
            "IntervalStyle", "is_superuser", "session_authorization", "application_name");

    @Override
    public char transactionStatus() {
        return !inBlock ? 'I' : failed ? 'E' : 'T';
    }

    @Override
    public boolean idle() {
        return !inBlock && txn == null && !tableLocks.holdsAny() && pipeline == null;
    }

    @Override
    public void beginImplicitTransaction() {
        implicit = true;
    }

    @Override
    public void endImplicitTransaction(boolean commit) {
        boolean open = implicit;
        implicit = false;
        if (!open || inBlock || txn == null) {
            if (open && !inBlock) {
                tableLocks.transactionEnded();
            }
            return;
        }
        Transaction t = txn;
        txn = null;
        snapshots.statementEnded(null);
        try {
            if (commit) {
                commitChecked(t);
            } else {
                engine.transactions().rollbackQuietly(t, engine.catalog().snapshot());
            }
        } finally {
            tableLocks.transactionEnded();
        }
    }

    @Override
    public String deferExecute(PreparedStatement statement, List<Object> params) {
        PreparedStatement s = statement instanceof StaleSchemaRetry r ? r.current : statement;
        if (s instanceof io.tessera.coordinator.sql.acl.PrivilegeGuard g) {
            if (!g.allowed()) {
                return null; // executed at once, where the check reports the error
            }
            s = io.tessera.coordinator.sql.acl.PrivilegeGuard.unguarded(s);
        }
        if (!((s instanceof TableLocking.Unwrappable u ? u.inner() : s) instanceof InsertStatement)) {
            return null; // only INSERTs are deferred: any other statement takes its locks as it executes
        }
        s = TableLocking.lockForDeferral(s);
        return s instanceof InsertStatement insert ? insert.defer(params) : null;
    }

    @Override
    public void flushDeferred() {
        io.tessera.coordinator.sql.exec.InsertPipeline p = pipeline;
        if (p == null) {
            return;
        }
        pipeline = null;
        snapshots.statementStarting(); // holds the flush's snapshot against garbage collection
        try {
            p.flush();
        } catch (io.tessera.coordinator.session.DeferredFailure f) {
            failStatement();
            throw f;
        }
        snapshots.statementEnded(txn);
    }

    @Override
    public void cancel() {
        currentCancel.cancel("user request");
    }

    @Override
    public int processId() {
        return backend.pid();
    }

    @Override
    public void executing(String sql) {
        backend.statementStarted(sql, inBlock);
    }

    @Override
    public void ready() {
        if (!inBlock && !implicit && txn == null && engine.catalog() != null) {
            runQuietly(tempTables.commitActions(engine.catalog().snapshot())); // ON COMMIT DELETE ROWS / DROP
        }
        backend.ready(transactionStatus());
    }

    /** Runs internal statements in this session, each in a transaction of its own; failures are logged only. */
    private void runQuietly(List<String> statements) {
        if (statements.isEmpty()) {
            return;
        }
        Runnable leave = enter();
        try {
            for (String sql : statements) {
                try {
                    QueryResult r = prepare(sql, List.of()).execute(List.of());
                    r.close();
                } catch (RuntimeException e) {
                    LOG.warn("{} failed", sql, e);
                }
            }
        } finally {
            leave.run();
        }
    }

    /**
     * The schemas unqualified relation names resolve in: the search path with the session's temporary schema, if it
     * has one, first ({@link io.tessera.coordinator.catalog.SearchPath#relationPath}).
     */
    private List<String> relationSearchPath() {
        return io.tessera.coordinator.catalog.SearchPath.relationPath(
                settings.getOrDefault("search_path", io.tessera.coordinator.catalog.SearchPath.DEFAULT),
                sessionInfo.searchPath(), io.tessera.coordinator.catalog.SearchPath.tempSchema());
    }

    /** DISCARD TEMP: drops the session's temporary schema with its tables (in the open block, if any). */
    private void discardTemp() {
        String drop = tempTables.dropStatement();
        if (drop != null) {
            prepare(drop, List.of()).execute(List.of()).close();
            tempTables.dropped();
        }
    }

    @Override
    public void onTerminate(Runnable terminate) {
        terminator = terminate;
    }

    @Override
    public void onNotice(java.util.function.Consumer<TesseraException> sink) {
        noticeSink = sink;
    }

    @Override
    public Runnable enter() {
        Runnable leaveBlock = blockDdl.enter();
        Runnable leavePath = io.tessera.coordinator.catalog.SearchPath.enter(searchPathBinding);
        return () -> {
            leavePath.run();
            leaveBlock.run();
        };
    }

    @Override
    public void close() {
        blockDdl.rollback();
        pipeline = null;
        if (txn != null) {
            Transaction t = txn;
            txn = null;
            engine.transactions().rollbackQuietly(t, engine.catalog().snapshot());
        }
        tableLocks.transactionEnded();
        inBlock = false;
        failed = false;
        if (engine.catalog() != null && tempTables.schema() != null) { // the temporary tables go with the session
            try {
                String drop = tempTables.dropStatement();
                runQuietly(drop == null ? List.of() : List.of(drop));
            } finally {
                tableLocks.transactionEnded();
            }
        }
        engine.backends().unregister(backend);
        snapshots.close();
        advisoryLocks.close(); // also when the client just went away
    }

    /**
     * The GXID the session's waits carry now (its table-lock owner's, else its transaction's), 0 for none: read by
     * the deadlock edges' publisher, on its own thread.
     */
    private long currentLockOwner() {
        long owner = tableLocks.ownerId();
        if (owner != 0) {
            return owner;
        }
        Transaction t = txn;
        return t == null ? 0 : t.gxid();
    }

    private QueryPlanner planner() {
        CatalogSnapshot now = engine.catalog().snapshot();
        List<String> searchPath = relationSearchPath();
        boolean pushdown = PushdownSetting.enabled(settings);
        if (planner == null || planner.catalog().version() != now.version() || !planner.searchPath().equals(searchPath)
                || planner.pushdown() != pushdown) {
            planner = new QueryPlanner(now, database, searchPath, engine.statistics()).pushdown(pushdown); // statements planned with the old one replan
        }
        return planner;
    }

    @Override
    public PreparedStatement prepare(String sql, List<Integer> paramTypeOids) {
        if (!failed && paramTypeOids.isEmpty()) { // in a failed block, the normal path decides (25P02 or not)
            PreparedStatement control = transactionControl.get(sql);
            if (control != null) {
                return control;
            }
        }
        long catalogVersion = engine.catalog().snapshot().version();
        PreparedStatement cached = cached(sql, paramTypeOids, catalogVersion);
        if (cached != null) {
            if (failed) { // cached kinds are never COMMIT or ROLLBACK
                failStatement();
                throw abortedBlock();
            }
            return cached;
        }
        if (paramTypeOids.isEmpty() && !failed) {
            PreparedStatement generic = genericPlans.prepare(sql,
                    lifted -> cached(lifted.sql(), lifted.parameterTypes(), catalogVersion),
                    lifted -> cache(lifted.sql(), lifted.parameterTypes(), catalogVersion,
                            prepareUncached(lifted.sql(), lifted.parameterTypes(), true,
                                    sharedKey(lifted.sql(), lifted.parameterTypes(), catalogVersion))));
            if (generic != null) {
                return generic;
            }
        }
        return cache(sql, paramTypeOids, catalogVersion, prepareUncached(sql, paramTypeOids, false,
                sharedKey(sql, paramTypeOids, catalogVersion)));
    }

    /**
     * The statement this session, or else any session of this coordinator ({@link PlanCache}), prepared from
     * {@code sql} with these parameter types at {@code catalogVersion}; null when there is none. A shared plan is
     * adopted without parsing or planning: this session's own statement around it, with its own privilege check
     * and table locks.
     */
    private PreparedStatement cached(String sql, List<Integer> paramTypeOids, long catalogVersion) {
        PreparedStatement own = statements.get(sql, paramTypeOids, catalogVersion);
        if (own != null) {
            return own;
        }
        PlanCache.Key key = sharedKey(sql, paramTypeOids, catalogVersion);
        PlanCache.Entry shared = key == null ? null : engine.plans().get(key);
        if (shared == null) {
            return null;
        }
        PlanCache.Planned planned = shared.planned();
        PreparedStatement inner = planned instanceof SharedQuery q ? new QueryStatement(q, null)
                : planned instanceof SharedInsert i ? new InsertStatement(i)
                : new DmlStatement((SharedDml) planned);
        return cache(sql, paramTypeOids, catalogVersion, guarded(shared.node(), shared.needs(), shared.views(),
                inner));
    }

    /**
     * The key under which sessions share the plan of {@code sql} ({@link PlanCache}), or null when this session
     * plans against a catalog of its own (DDL of its open transaction block: a negative version).
     */
    private PlanCache.Key sharedKey(String sql, List<Integer> paramTypeOids, long catalogVersion) {
        if (catalogVersion < 0) {
            return null;
        }
        return new PlanCache.Key(sql, paramTypeOids, database, catalogVersion, relationSearchPath(),
                PushdownSetting.enabled(settings));
    }

    /**
     * {@code prepared}, checking the table privileges {@code node} needs before each execution and taking the table
     * locks of the tables and {@code views} it reads; published for the other sessions under {@code shareAs} when not
     * null and its kind can be shared.
     */
    private PreparedStatement guarded(SqlNode node, DmlClauses clauses, Set<String> views, PreparedStatement prepared,
            PlanCache.Key shareAs) {
        List<io.tessera.coordinator.sql.acl.Privileges.Need> needs = io.tessera.coordinator.sql.acl.Privileges.needs(
                node, clauses, engine.catalog().snapshot(), database);
        PlanCache.Planned planned = shareAs == null ? null
                : prepared instanceof QueryStatement q ? q.share()
                : prepared instanceof InsertStatement i ? i.share()
                : prepared instanceof DmlStatement d ? d.share() : null;
        if (planned != null) {
            engine.plans().put(shareAs, new PlanCache.Entry(planned, node, needs, views));
        }
        return guarded(node, needs, views, prepared);
    }

    /**
     * {@code prepared}, checking {@code needs} (the table privileges {@code node} needs) before each execution and
     * taking the table locks of what it reads, {@code views} included.
     */
    private PreparedStatement guarded(SqlNode node, List<io.tessera.coordinator.sql.acl.Privileges.Need> needs,
            Set<String> views, PreparedStatement prepared) {
        prepared = TableLocking.guard(node, needs, views, prepared, lockHost);
        return needs.isEmpty() ? prepared : new io.tessera.coordinator.sql.acl.PrivilegeGuard(prepared, needs,
                () -> engine.catalog().snapshot(), database, user, this::failStatement);
    }

    /** Caches a statement whose plan depends only on its text, parameter types and the catalog. */
    private PreparedStatement cache(String sql, List<Integer> paramTypeOids, long catalogVersion,
            PreparedStatement prepared) {
        PreparedStatement kind = io.tessera.coordinator.sql.acl.PrivilegeGuard.unguarded(prepared);
        if (kind instanceof QueryStatement || kind instanceof InsertStatement
                || kind instanceof DmlStatement || kind instanceof LockingStatement) {
            prepared = new StaleSchemaRetry(sql, paramTypeOids, prepared);
            java.util.function.BooleanSupplier current = kind instanceof QueryStatement q ? () -> !q.stale()
                    : kind instanceof InsertStatement i ? () -> !i.source.stale()
                    : kind instanceof LockingStatement l ? () -> !l.query.stale() : () -> true;
            statements.put(sql, paramTypeOids, catalogVersion, prepared, current);
        }
        return prepared;
    }

    private PreparedStatement prepareUncached(String sql, List<Integer> paramTypeOids) {
        return prepareUncached(sql, paramTypeOids, false, null);
    }

    /**
     * @param quiet on error, leave the transaction state alone (a generic plan's attempt; see GenericPlans)
     * @param shareAs the key to publish the plan under for the other sessions ({@link PlanCache}), or null
     */
    private PreparedStatement prepareUncached(String sql, List<Integer> paramTypeOids, boolean quiet,
            PlanCache.Key shareAs) {
        try {
            if (io.tessera.coordinator.sql.explain.Explain.matches(sql)) { // Calcite's grammar has no EXPLAIN <query>
                if (failed) {
                    throw abortedBlock();
                }
                return io.tessera.coordinator.sql.explain.Explain.prepare(sql, this::planner,
                        query -> prepare(query, List.of()).execute(List.of()));
            }
            PreparedStatement sqlLevel = sqlPrepared.tryPrepare(sql); // PREPARE, EXECUTE, DEALLOCATE
            if (sqlLevel != null) {
                if (failed) {
                    throw abortedBlock();
                }
                return sqlLevel;
            }
            TableLocking.LockTable lock = TableLocking.parseLock(sql); // LOCK [TABLE] ... [IN mode MODE] [NOWAIT]
            if (lock != null) {
                if (failed) {
                    throw abortedBlock();
                }
                return command("LOCK TABLE", () -> {
                    TableLocking.lockTable(lock, lockHost);
                    return List.of();
                });
            }
            io.tessera.sql.parser.ModifyingWith with = io.tessera.sql.parser.ModifyingWith.split(sql);
            if (with != null) { // data-modifying statements in WITH, or a WITH heading one: run part by part
                if (failed) {
                    throw abortedBlock();
                }
                return new ModifyingWithStatement(with, sql, paramTypeOids, new ModifyingWithHost());
            }
            DmlClauses clauses = DmlClauses.split(TesseraSqlParser.rewriteParameters(sql)); // ON CONFLICT, RETURNING
            Rewritten rewritten = clauses.statement();
            String text = rewritten.sql();
            IntUnaryOperator toClient = p -> p <= 0 ? 0 : rewritten.originalOffset(p - 1) + 1;
            SqlNode node = typed(TesseraSqlParser.parse(rewritten), rewritten, paramTypeOids);
            PrecisionWarnings.of(node, text, toClient).forEach(noticeSink); // time(7): precision reduced to 6
            if (failed && !(node instanceof SqlCommit || node instanceof SqlRollback
                    || node instanceof SqlRollbackToSavepoint)) {
                throw abortedBlock();
            }
            PreparedStatement roleOrSchema = roleOrSchemaCommand(node);
            if (roleOrSchema != null) {
                return roleOrSchema;
            }
            try {
                // the views it reads, before planning expands them in place
                Set<String> views = TableLocking.viewsRead(node, lockHost.catalog(), database);
                PreparedStatement prepared = guarded(node, clauses, views, prepare(node, rewritten, toClient,
                        rewritten.parameterNumbers(), paramTypeOids, clauses), shareAs);
                if ((node instanceof SqlBegin || node instanceof SqlCommit || node instanceof SqlRollback)
                        && paramTypeOids.isEmpty() && transactionControl.size() < TRANSACTION_CONTROL_TEXTS) {
                    transactionControl.put(sql, prepared);
                }
                return prepared;
            } catch (RuntimeException e) {
                throw CalciteErrors.translate(e, text, toClient);
            } catch (AssertionError e) {
                // Calcite's way of saying it met a state it does not expect: our bug, the statement's failure
                throw new TesseraException(SqlState.INTERNAL_ERROR, "internal error: " + e, e);
            }
        } catch (TesseraException e) {
            if (!quiet) {
                failStatement();
            }
            throw e;
        }
    }

    /**
     * The command for a role, privilege or schema statement (CREATE/ALTER/DROP ROLE, GRANT, REVOKE, CREATE/ALTER/DROP
     * SCHEMA, COMMENT ON SCHEMA), which run as catalog changes of their own; null for any other statement.
     */
    private PreparedStatement roleOrSchemaCommand(SqlNode node) {
        io.tessera.coordinator.sql.acl.AclStatement acl = io.tessera.coordinator.sql.acl.AclParser.of(node);
        if (acl != null) {
            return command(acl.tag(), () -> io.tessera.coordinator.sql.acl.AclStatement.run(acl, engine.catalog(),
                    user, database));
        }
        SchemaDdl.Statement schema = SchemaDdl.of(node);
        if (schema != null) {
            return command(schema.tag(), () -> SchemaDdl.run(schema, engine.catalog(), user, database,
                    internal -> prepare(internal, List.of()).execute(List.of())));
        }
        return null;
    }

    /** A parsed statement with the client's declared parameter types applied ({@link ParameterTyping}). */
    private SqlNode typed(SqlNode node, Rewritten rewritten, List<Integer> clientTypes) {
        return ParameterTyping.apply(node, rewritten.parameterNumbers(), clientTypes, planner().typeFactory());
    }

    private static TesseraException abortedBlock() {
        return new TesseraException(SqlState.IN_FAILED_SQL_TRANSACTION,
                "current transaction is aborted, commands ignored until end of transaction block");
    }

    /**
     * Starts a statement's execution: the transaction it runs in — the block's (begun on its first statement), a
     * new one for a write outside a block (autocommit), none for a read outside a block — and its snapshot:
     * REPEATABLE READ reads at the transaction's start, READ COMMITTED at a fresh timestamp per statement.
     */
    private StatementContext begin(CatalogSnapshot catalog, List<Object> params, boolean writes) {
        if (failed) {
            throw abortedBlock();
        }
        if (withoutWaits && (txn != null || inBlock || writes || !tableLocks.pendingFree())) {
            throw io.tessera.coordinator.sql.exec.WouldWait.INSTANCE; // a transaction's start or a lock's wait
        }
        Cancellation cancellation = new Cancellation();
        currentCancel = cancellation;
        stopTimer();
        if (statementTimeoutMs > 0) {
            statementTimer = engine.timers().schedule(() -> cancellation.cancel("statement timeout"),
                    statementTimeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        snapshots.statementStarting(); // before any GTM call of the statement
        if (txn == null && (inBlock || writes)) {
            startTransaction();
        }
        tempTables.touched(); // the ON COMMIT actions run when its transaction has ended
        long snapshot = -1;
        if (txn != null) {
            if (oneStatement == null || oneStatement[0] < 0) { // the parts of one statement share its command id
                txn.nextCommand();
            }
            if (txn.isolation() == Isolation.REPEATABLE_READ) {
                snapshot = txn.startTs();
            }
            if (oneStatement != null) { // ... and its snapshot
                if (oneStatement[0] < 0) {
                    oneStatement[0] = snapshot >= 0 ? snapshot : engine.gtm().timestamp();
                }
                snapshot = oneStatement[0];
            }
        }
        TableLocking.takePending(tableLocks, txn != null, lockTimeoutMs, cancellation);
        StatementContext ctx = new StatementContext(catalog, engine.datanodes(), engine.gtm(), params, cancellation,
                txn, snapshot, lockTimeoutMs).withSession(sessionInfo).withSequences(sequences())
                .withAdvisoryLocks(advisoryLocks).withRandom(random);
        if (withoutWaits) {
            waitFree = ctx.withoutWaits(true);
        }
        return ctx;
    }

    /** While {@link #executeWithoutWaiting} runs its statement: where it would wait, it throws WouldWait instead. */
    private boolean withoutWaits;
    /** The context of the statement {@link #executeWithoutWaiting} started, marked until it returns; else null. */
    private StatementContext waitFree;

    /**
     * Runs a cached point select on the calling thread, which must not block ({@link SqlSession#executeWithoutWaiting}):
     * only a {@link QueryStatement} outside any transaction; its guards run as usual, and where it would wait —
     * a stale plan, a table lock held or queued, a GTM call, a stream of rows ({@link
     * io.tessera.coordinator.sql.exec.WouldWait}) — its start is undone and null returned, before anything was sent.
     */
    @Override
    public QueryResult executeWithoutWaiting(PreparedStatement statement, List<Object> params) {
        PreparedStatement inner = statement instanceof StaleSchemaRetry r ? r.current : statement;
        if (!(io.tessera.coordinator.sql.acl.PrivilegeGuard.unguarded(inner) instanceof QueryStatement q)
                || q.stale() || !idle() || failed || oneStatement != null) {
            return null;
        }
        withoutWaits = true;
        try {
            return statement.execute(params);
        } catch (io.tessera.coordinator.sql.exec.WouldWait w) {
            stopTimer(); // begin's, if it got that far: the execution on the other thread begins again
            snapshots.statementEnded(txn);
            return null;
        } finally {
            withoutWaits = false;
            if (waitFree != null) { // its rows are pulled where waits are allowed (the executor after a failure)
                waitFree.withoutWaits(false);
                waitFree = null;
            }
        }
    }

    /**
     * While a {@link ModifyingWithStatement} runs its parts: a one-element array holding the snapshot they share
     * (-1 until the first part begins), else null.
     */
    private long[] oneStatement;

    /** The session as a {@link ModifyingWithStatement} needs it. */
    private final class ModifyingWithHost implements ModifyingWithStatement.Host {
        @Override
        public PreparedStatement prepare(String sql, List<Integer> paramTypeOids) {
            return TesseraSession.this.prepare(sql, paramTypeOids);
        }

        @Override
        public String typeName(int oid, int typmod) {
            if (PgType.ofOid(oid) != null) {
                return io.tessera.coordinator.catalog.pgcatalog.PgTypeCatalog.formatType(oid, typmod);
            }
            io.tessera.coordinator.catalog.EnumTypeDef e = EnumValues.byOid(planner().catalog().types(database), oid);
            return e == null ? null : "\"" + e.schemaName().replace("\"", "\"\"") + "\".\""
                    + e.name().replace("\"", "\"\"") + "\"";
        }

        /**
         * As {@link LockingStatement#execute}: outside a block (explicit or implicit) the parts run as a block of
         * their own that commits at the end, and any failure rolls back all they wrote; inside one, a failure fails
         * the block as any statement's does.
         */
        @Override
        public <T> T asOneStatement(java.util.function.Supplier<T> body) {
            long[] outer = oneStatement;
            oneStatement = new long[] {-1};
            boolean own = !inBlock && !implicit;
            if (own) {
                inBlock = true;
            }
            boolean ok = false;
            try {
                T r = body.get();
                if (own) {
                    inBlock = false;
                    Transaction t = txn;
                    txn = null;
                    snapshots.statementEnded(null);
                    try {
                        if (t != null) {
                            commitChecked(t);
                        }
                    } finally {
                        tableLocks.transactionEnded();
                    }
                }
                ok = true;
                return r;
            } finally {
                oneStatement = outer;
                if (own) {
                    inBlock = false;
                    if (!ok) {
                        failed = false;
                        stopTimer();
                        if (txn != null) {
                            Transaction t = txn;
                            txn = null;
                            engine.transactions().rollbackQuietly(t, engine.catalog().snapshot());
                        }
                        snapshots.statementEnded(null);
                        tableLocks.transactionEnded();
                    }
                }
            }
        }
    }

    /** Who a new table-lock owner is: the session's transaction (begun now inside a block), else a fresh GXID. */
    private io.tessera.coordinator.txn.lock.SessionTableLocks.Identity lockIdentity() {
        if (txn == null && inBlock) {
            startTransaction();
        }
        if (txn != null) {
            return new io.tessera.coordinator.txn.lock.SessionTableLocks.Identity(txn.gxid(), txn.startTs());
        }
        GtmClient.TransactionStart start = engine.gtm().startTransaction();
        return new io.tessera.coordinator.txn.lock.SessionTableLocks.Identity(start.gxid(), start.startTs());
    }

    /** The session as TableLocking sees it. */
    private final class SessionLockHost implements TableLocking.Host {
        @Override
        public io.tessera.coordinator.txn.lock.SessionTableLocks locks() {
            return tableLocks;
        }

        @Override
        public boolean inTransaction() {
            return inBlock || implicit;
        }

        @Override
        public boolean inBlock() {
            return inBlock;
        }

        @Override
        public long lockTimeoutMs() {
            return lockTimeoutMs;
        }

        @Override
        public Cancellation statementCancellation() {
            Cancellation c = new Cancellation();
            currentCancel = c;
            stopTimer();
            if (statementTimeoutMs > 0) {
                statementTimer = engine.timers().schedule(() -> c.cancel("statement timeout"),
                        statementTimeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            return c;
        }

        @Override
        public void failed() {
            failStatement();
        }

        @Override
        public CatalogSnapshot catalog() {
            return engine.catalog().snapshot();
        }

        @Override
        public String database() {
            return database;
        }

        @Override
        public String user() {
            return user;
        }
    }

    /** Runs {@code SELECT count(*) ...} for ALTER TABLE's checks of existing rows. */
    private long alterTableRunner(String sql) {
        Object v = alterTableValue(sql);
        return v == null ? 0 : ((Number) v).longValue();
    }

    /**
     * Runs one of ALTER TABLE's own statements, whose SQL names the table unqualified, under the default search path:
     * the session's may be empty (pg_dump's restore script sets {@code set_config('search_path', '', false)}).
     */
    private <T> T underDefaultSearchPath(java.util.function.Supplier<T> internal) {
        String saved = settings.put("search_path", "public");
        try {
            return internal.get();
        } finally {
            if (saved == null) {
                settings.remove("search_path");
            } else {
                settings.put("search_path", saved);
            }
        }
    }

    /** The first column of the first row of {@code sql} (null when there is no row), for ALTER TABLE. */
    private Object alterTableValue(String sql) {
        return underDefaultSearchPath(() -> firstValue(sql));
    }

    private Object firstValue(String sql) {
        Rewritten r = TesseraSqlParser.rewriteParameters(sql);
        QueryStatement q = new QueryStatement(() -> TesseraSqlParser.parse(r), sql, x -> x, List.of(), List.of());
        QueryResult res = q.execute(List.of());
        try {
            Object[] row = res.next();
            return row == null ? null : row[0];
        } finally {
            res.close();
        }
    }

    /** ADD PRIMARY KEY's copy: every row of {@code from} inserted into {@code to}, one statement and transaction. */
    private long rekeyRows(TableDef from, TableDef to) {
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < from.columns().size(); i++) {
            select.append(i > 0 ? ", " : "").append(DdlExecutor.quote(from.columns().get(i).name()));
        }
        select.append(" FROM ").append(DdlExecutor.relation(from));
        return copyRows(select.toString(), to);
    }

    /** A table rewrite's copy: the rows of {@code sql} (one value per column of {@code to}) inserted into {@code to}. */
    private long copyRows(String sql, TableDef to) {
        return underDefaultSearchPath(() -> copyRowsNow(sql, to));
    }

    private long copyRowsNow(String sql, TableDef to) {
        QueryPlanner p = planner();
        int[] all = new int[to.columns().size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        Rewritten r = TesseraSqlParser.rewriteParameters(sql);
        QueryStatement scan = new QueryStatement(() -> TesseraSqlParser.parse(r), sql, x -> x, List.of(), List.of());
        long[] n = {0};
        boolean wasImplicit = implicit;
        implicit = false; // the copy commits before the catalog switches to it, even inside an implicit block
        try {
            run(true, ctx -> {
                n[0] = new InsertExecutor(to, all, ctx).run(scan.open(ctx).enumerator());
                return new ListResult(List.of(), List.of(), "INSERT 0 " + n[0]);
            }, p.catalog(), List.of());
        } finally {
            implicit = wasImplicit;
        }
        return n[0];
    }

    private SessionSequences sequences() {
        if (sequences == null) {
            sequences = new SessionSequences(engine.catalog(), engine.ddl().sequences(), database,
                    searchPathBinding);
        }
        return sequences;
    }

    private void stopTimer() {
        if (statementTimer != null) {
            statementTimer.cancel(false);
            statementTimer = null;
        }
    }

    /**
     * Begins the session's transaction: a GXID and a start timestamp from the GTM. A READ COMMITTED block's first
     * transaction takes the ones its BEGIN asked for ({@link #beginStart}), so the GTM's round trip overlaps the
     * client's between BEGIN and the first statement instead of preceding that statement.
     *
     * <p>Why an earlier start timestamp is safe there: READ COMMITTED reads at a snapshot per statement, taken
     * later, never at the start timestamp. The start timestamp is only a GTM timestamp issued before any of the
     * transaction's writes and so below its commit timestamp — what intents (a reader whose snapshot is at or below
     * it skips them without waiting), the datanodes' prepared-below bound and the redistribution fences rely on —
     * and an earlier one is as true: it is the start of a transaction that began at BEGIN, as PostgreSQL's does.
     * REPEATABLE READ's snapshot is its start timestamp and PostgreSQL takes it at the first statement, so such a
     * block (also one that SET TRANSACTION turned into one after BEGIN) asks the GTM now. A start BEGIN asked for
     * that is not used (the block ended first, or changed its isolation) is dropped: the GTM records nothing for a
     * GXID or a timestamp it handed out. {@code -Dtessera.start_at_begin=false} asks at the first statement.
     */
    private void startTransaction() {
        Isolation isolation = inBlock && blockIsolation != null ? blockIsolation : defaultIsolation;
        GtmClient.PendingStart early = inBlock && isolation == Isolation.READ_COMMITTED ? beginStart : null;
        beginStart = null;
        snapshots.statementStarting();
        GtmClient.TransactionStart start = null;
        if (early != null) {
            try {
                start = early.join();
            } catch (TesseraException e) {
                if (e.sqlState() != SqlState.GTM_UNAVAILABLE) {
                    throw e;
                }
                // its deadline ran from BEGIN: ask again now, as without it
            }
        }
        if (start == null) {
            start = engine.gtm().startTransaction(); // one GTM round trip for both
        }
        txn = new Transaction(start.gxid(), start.startTs(), isolation, engine.ownerId());
        snapshots.transaction(txn);
    }

    /** A statement succeeded: outside a block (explicit or implicit) its transaction commits now. */
    private void endStatement() {
        stopTimer();
        if (!inBlock && !implicit && txn != null) {
            Transaction t = txn;
            txn = null;
            try {
                commitChecked(t);
            } finally {
                tableLocks.transactionEnded();
            }
        } else if (!inBlock && !implicit) {
            tableLocks.transactionEnded();
        }
        snapshots.statementEnded(txn);
    }

    /** Commits {@code t} after its deferred constraint checks; a violation rolls it back and is thrown. */
    private void commitChecked(Transaction t) {
        TesseraException violation = deferredViolation(t);
        if (violation != null) {
            engine.transactions().rollbackQuietly(t, engine.catalog().snapshot());
            throw violation;
        }
        engine.transactions().commit(t, engine.catalog().snapshot());
    }

    /** The first violation among {@code t}'s deferred foreign-key checks (DeferredConstraints), or null. */
    private TesseraException deferredViolation(Transaction t) {
        if (t == null || !io.tessera.coordinator.sql.constraint.DeferredConstraints.pending(t)) {
            return null;
        }
        try {
            io.tessera.coordinator.sql.constraint.DeferredConstraints.checkAtCommit(new StatementContext(
                    engine.catalog().snapshot(), engine.datanodes(), engine.gtm(), List.of(), currentCancel, t, -1,
                    lockTimeoutMs).withSession(sessionInfo), planner().typeFactory());
            return null;
        } catch (TesseraException e) {
            return e;
        } catch (RuntimeException e) {
            return RuntimeErrors.translate(e);
        }
    }

    /**
     * A statement failed: outside a block its transaction rolls back (in an implicit block, with everything the
     * block wrote before; the protocol layer skips the block's remaining statements); inside one, the block is
     * failed and every statement but ROLLBACK (or COMMIT, which then rolls back) gets 25P02, as in PostgreSQL.
     */
    private void failStatement() {
        stopTimer();
        if (inBlock) {
            failed = true;
            // PostgreSQL aborts the (sub)transaction at the error: its advisory locks go now, not at ROLLBACK
            tableLocks.rollbackTo(txn == null ? 0 : txn.innermostBoundary());
        } else if (txn != null) {
            Transaction t = txn;
            txn = null;
            engine.transactions().rollbackQuietly(t, engine.catalog().snapshot());
        }
        if (!inBlock) {
            tableLocks.transactionEnded();
        }
        snapshots.statementEnded(txn);
    }

    /** Runs a statement that returns its whole result at once within begin/end/fail. */
    private QueryResult run(boolean writes, java.util.function.Function<StatementContext, QueryResult> body,
            CatalogSnapshot catalog, List<Object> params) {
        try {
            QueryResult r = body.apply(begin(catalog, params, writes));
            endStatement();
            return r;
        } catch (TesseraException e) {
            failStatement();
            throw e;
        } catch (RuntimeException e) {
            failStatement();
            throw RuntimeErrors.translate(e);
        }
    }

    private PreparedStatement prepare(SqlNode node, Rewritten rewritten, IntUnaryOperator toClient,
            List<Integer> paramNumbers, List<Integer> clientTypes, DmlClauses clauses) {
        String text = rewritten.sql();
        if (inBlock) {
            TransactionalDdl.refuse(node, true);
        }
        if (node instanceof io.tessera.sql.parser.ddl.SqlCreateTesseraIndex
                || node instanceof io.tessera.sql.parser.ddl.SqlDropTesseraIndex) {
            return IndexDdl.command(node, inBlock, database, engine.ddl().indexes(),
                    body -> command(node instanceof io.tessera.sql.parser.ddl.SqlDropTesseraIndex ? "DROP INDEX"
                            : "CREATE INDEX", body::get), this::alterTableValue);
        }
        if (node instanceof io.tessera.sql.parser.ddl.SqlCreateTesseraView view) {
            return command("CREATE VIEW", () -> {
                engine.ddl().views().create(view, database, text, q -> {
                    Rewritten r = TesseraSqlParser.rewriteParameters(q);
                    return new QueryStatement(() -> TesseraSqlParser.parse(r), q, x -> x, List.of(), List.of())
                            .columns();
                });
                return List.of();
            });
        }
        if (node instanceof io.tessera.sql.parser.ddl.SqlDropTesseraView drop) {
            return command("DROP VIEW", () -> engine.ddl().views().drop(drop, database));
        }
        if (node instanceof io.tessera.sql.parser.ddl.SqlComment comment) {
            return command("COMMENT", () -> {
                engine.ddl().comments().comment(comment, database);
                return List.of();
            });
        }
        if (node instanceof io.tessera.sql.parser.ddl.SqlCreateEnumType
                || node instanceof io.tessera.sql.parser.ddl.SqlDropType
                || node instanceof io.tessera.sql.parser.ddl.SqlAlterEnumType) {
            return EnumTypeDdl.command(node, database, user, engine.ddl().types(),
                    (tag, body) -> command(tag, body::get));
        }
        if (node instanceof io.tessera.sql.parser.ddl.SqlCreateSequence create) {
            return command("CREATE SEQUENCE", () -> engine.ddl().sequences().create(create, database));
        }
        if (node instanceof io.tessera.sql.parser.ddl.SqlAlterView alter) {
            return command("ALTER VIEW", () -> engine.ddl().views().alter(alter, database));
        }
        if (node instanceof io.tessera.sql.parser.ddl.SqlAlterIndex alter) {
            return command("ALTER INDEX", () -> engine.ddl().indexes().rename(alter, database));
        }
        if (node instanceof io.tessera.sql.parser.ddl.SqlAlterSequence alter) {
            return command("ALTER SEQUENCE", () -> engine.ddl().sequences().alter(alter, database));
        }
        if (node instanceof io.tessera.sql.parser.ddl.SqlDropSequence drop) {
            return command("DROP SEQUENCE", () -> engine.ddl().sequences().drop(drop, database));
        }
        if (node instanceof io.tessera.sql.parser.ddl.SqlAlterTable alter) {
            return command("ALTER TABLE", () -> engine.ddl().alterTable(alter, database, new DdlExecutor.RowCounter() {
                @Override
                public long count(String sql) {
                    return alterTableRunner(sql);
                }

                @Override
                public long rekey(TableDef from, TableDef to) {
                    return rekeyRows(from, to);
                }

                @Override
                public Object value(String sql) {
                    return alterTableValue(sql);
                }

                @Override
                public long copy(String sql, TableDef to) {
                    return copyRows(sql, to);
                }

                @Override
                public void notice(TesseraException notice) {
                    noticeSink.accept(notice);
                }

                @Override
                public io.tessera.coordinator.sql.exec.Cancellation cancellation() {
                    io.tessera.coordinator.sql.exec.Cancellation c = new io.tessera.coordinator.sql.exec.Cancellation();
                    currentCancel = c;
                    stopTimer(); // statement_timeout applies to the redistribution too
                    if (statementTimeoutMs > 0) {
                        statementTimer = engine.timers().schedule(() -> c.cancel("statement timeout"),
                                statementTimeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
                    }
                    return c;
                }
            }));
        }
        if (node instanceof SqlCreateTesseraTable create) {
            return command("CREATE TABLE", () -> {
                boolean temp = tempTables.beforeCreate(create.name(), create.temporary(), create.onCommit());
                List<TesseraException> notices = engine.ddl().createTable(create.withTemporary(temp,
                        create.onCommit()), database, settings, user);
                if (temp && notices.isEmpty()) {
                    tempTables.created(create.name(), create.onCommit());
                }
                return notices;
            });
        }
        if (node instanceof SqlCall discard && discard.getOperator() == SqlDiscard.OPERATOR) {
            String what = discard.operand(0).toString();
            return command("DISCARD " + (what.equals("TEMPORARY") ? "TEMP" : what), () -> {
                if (what.equals("ALL") && inBlock) {
                    throw new TesseraException(SqlState.ACTIVE_SQL_TRANSACTION,
                            "DISCARD ALL cannot run inside a transaction block");
                }
                if (what.equals("ALL")) { // PostgreSQL's: RESET ALL, DEALLOCATE ALL, DISCARD SEQUENCES and TEMP
                    reset("all");
                    prepare("DEALLOCATE ALL", List.of()).execute(List.of()).close();
                }
                if (what.equals("ALL") || what.equals("SEQUENCES")) {
                    sequences = null; // currval and lastval forget this session's values
                }
                if (what.equals("ALL") || what.equals("TEMP") || what.equals("TEMPORARY")) {
                    discardTemp();
                }
                return List.of();
            });
        }
        if (node instanceof io.tessera.sql.parser.ddl.SqlCreateTableAs as) {
            return createTableAs(as, paramNumbers, clientTypes);
        }
        if (node instanceof SqlDropTesseraTable drop) {
            return command("DROP TABLE", () -> engine.ddl().dropTables(drop, database));
        }
        if (node instanceof io.tessera.sql.parser.ddl.SqlCreateNodeGroup create) {
            return command("CREATE NODE GROUP", () -> { engine.ddl().groups().create(create); return List.of(); });
        }
        if (node instanceof io.tessera.sql.parser.ddl.SqlDropNodeGroup drop) {
            return command("DROP NODE GROUP", () -> { engine.ddl().groups().drop(drop); return List.of(); });
        }
        if (node instanceof SqlCreateDatabase create) {
            return command("CREATE DATABASE", () -> {
                engine.ddl().createDatabase(create, user);
                return List.of();
            });
        }
        if (node instanceof SqlDropDatabase drop) {
            return command("DROP DATABASE", () -> engine.ddl().dropDatabase(drop, database));
        }
        if (node instanceof io.tessera.sql.parser.utility.SqlVacuum vacuum) {
            return command("VACUUM", () -> {
                VacuumExecutor.run(engine.gc(), engine.catalog().snapshot(), vacuum, database, inBlock);
                return vacuum.options().contains("analyze") ? AnalyzeExecutor.afterVacuum(engine.statistics(),
                        engine.catalog().snapshot(), vacuum, database) : List.of();
            });
        }
        if (node instanceof io.tessera.sql.parser.utility.SqlAnalyze analyze) {
            return command("ANALYZE", () -> AnalyzeExecutor.run(engine.statistics(), engine.catalog().snapshot(),
                    analyze, database));
        }
        if (node instanceof SqlSetOption set) {
            return command(set.getValue() == null ? "RESET" : "SET", () -> {
                applySet(set);
                return List.of();
            });
        }
        if (node instanceof SqlShow show) {
            return show(show.getName().toString());
        }
        if (node instanceof SqlCopy copy) {
            return CopyStatement.prepare(CopyStatement.host(this::planner, database,
                    (catalog, writes) -> begin(catalog, List.of(), writes), this::endStatement, this::failStatement,
                    parse -> new QueryStatement(parse, text, toClient, paramNumbers, clientTypes)), copy,
                    () -> (SqlCopy) typed(TesseraSqlParser.parse(rewritten), rewritten, clientTypes));
        }
        if (node instanceof SqlTruncateTables truncate) {
            QueryPlanner p = planner();
            List<TableDef> tables = TruncateStatement.tables(p.catalog(), database, truncate);
            return parameterless(List.of(), () -> {
                boolean block = inBlock;
                QueryResult r = run(true, ctx -> {
                    TruncateStatement.run(tables, ctx, p.typeFactory());
                    if (truncate.restartIdentity() && block) {
                        TruncateStatement.ownedSequences(p.catalog(), database, tables).forEach(sequences()::restart);
                    }
                    return new ListResult(List.of(), List.of(), "TRUNCATE TABLE");
                }, p.catalog(), List.of());
                if (truncate.restartIdentity() && !block) { // the rows are gone for good: so are the values
                    for (SequenceDef q : TruncateStatement.ownedSequences(p.catalog(), database, tables)) {
                        engine.ddl().sequences().setval(database, q, q.start(), false);
                    }
                }
                return r;
            });
        }
        if (node instanceof SqlInsert insert) {
            return new InsertStatement(insert, rewritten, toClient, paramNumbers, clientTypes, clauses);
        }
        if (node.getKind().belongsTo(SqlKind.QUERY)) {
            boolean[] first = {true};
            return new QueryStatement(() -> {
                if (first[0]) {
                    first[0] = false;
                    return node;
                }
                return typed(TesseraSqlParser.parse(rewritten), rewritten, clientTypes);
            }, text, toClient, paramNumbers, clientTypes).shareable(rewritten);
        }
        if (node instanceof SqlLockingQuery locking) {
            return new LockingStatement(locking, rewritten, text, toClient, paramNumbers, clientTypes);
        }
        if (node instanceof SqlUpdate update) {
            return new DmlStatement(Returning.aliased(update.getTargetTable(), update.getAlias()),
                    update.getTargetColumnList(), update.getSourceExpressionList(),
                    update.getCondition(), false, text, toClient, paramNumbers, clientTypes, clauses.returning(),
                    QualifiedDml.needed(node) ? () -> typed(TesseraSqlParser.parse(rewritten), rewritten, clientTypes)
                            : null);
        }
        if (node instanceof SqlDelete delete) {
            return new DmlStatement(Returning.aliased(delete.getTargetTable(), delete.getAlias()), null, null,
                    delete.getCondition(), true, text, toClient,
                    paramNumbers, clientTypes, clauses.returning(),
                    QualifiedDml.needed(node) ? () -> typed(TesseraSqlParser.parse(rewritten), rewritten, clientTypes)
                            : null);
        }
        if (node instanceof SqlBegin begin) {
            Isolation isolation = isolationOf(begin);
            return command("BEGIN", () -> {
                if (inBlock) {
                    return List.of(new TesseraException(SqlState.ACTIVE_SQL_TRANSACTION,
                            "there is already a transaction in progress"));
                }
                inBlock = true;
                blockIsolation = isolation;
                if (START_AT_BEGIN && txn == null
                        && (isolation != null ? isolation : defaultIsolation) == Isolation.READ_COMMITTED) {
                    beginStart = engine.gtm().requestTransactionStart(); // waited for at the first statement
                }
                return List.of();
            });
        }
        if (node instanceof SqlCommit) {
            return endBlock(true);
        }
        if (node instanceof SqlRollback) {
            return endBlock(false);
        }
        if (node instanceof io.tessera.sql.parser.tcl.SqlSetConstraints set) {
            QueryPlanner p = planner();
            return parameterless(List.of(), () -> run(inBlock, ctx -> new ListResult(List.of(), List.of(),
                    "SET CONSTRAINTS", io.tessera.coordinator.sql.constraint.DeferredConstraints.set(set, inBlock, ctx,
                    database, p.typeFactory())), p.catalog(), List.of()));
        }
        if (node instanceof SqlSavepoint sp) {
            return command("SAVEPOINT", () -> {
                requireBlock("SAVEPOINT");
                if (txn == null) {
                    startTransaction();
                }
                txn.savepoint(sp.name());
                blockDdl.savepoint(sp.name());
                io.tessera.coordinator.sql.constraint.DeferredConstraints.savepoint(txn, sp.name());
                return List.of();
            });
        }
        if (node instanceof SqlReleaseSavepoint release) {
            return command("RELEASE", () -> {
                requireBlock("RELEASE SAVEPOINT");
                if (txn == null || !txn.popSavepoints(release.name(), false)) {
                    throw noSavepoint(release.name());
                }
                blockDdl.release(release.name());
                io.tessera.coordinator.sql.constraint.DeferredConstraints.release(txn, release.name());
                return List.of();
            });
        }
        if (node instanceof SqlRollbackToSavepoint rollbackTo) {
            return command("ROLLBACK", () -> {
                requireBlock("ROLLBACK TO SAVEPOINT");
                int boundary = txn == null ? -1 : txn.savepointBoundary(rollbackTo.name());
                if (boundary < 0) {
                    throw noSavepoint(rollbackTo.name());
                }
                engine.transactions().rollbackTo(txn, boundary, engine.catalog().snapshot());
                txn.popSavepoints(rollbackTo.name(), true);
                tableLocks.rollbackTo(boundary); // the advisory locks taken since
                blockDdl.rollbackTo(rollbackTo.name());
                io.tessera.coordinator.sql.constraint.DeferredConstraints.rollbackTo(txn, rollbackTo.name());
                failed = false;
                return List.of();
            });
        }
        String kind = node.getClass().getSimpleName().replace("Sql", "").toUpperCase(Locale.ROOT);
        throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "statement not supported yet: " + kind);
    }

    /** The isolation level a BEGIN / START TRANSACTION asks for, or null for the session default. */
    private static Isolation isolationOf(SqlBegin begin) {
        Isolation out = null;
        for (SqlNode operand : begin.getOperandList()) {
            Isolation named = operand instanceof SqlNodeList modes ? isolationOf(modes) : null;
            if (named != null) {
                out = named;
            }
        }
        return out;
    }

    /** The isolation level in a list of transaction modes, or null when it names none. */
    private static Isolation isolationOf(SqlNodeList modes) {
        Isolation out = null;
        for (SqlNode m : modes) {
            if (m instanceof SqlLiteral lit && lit.getValue() instanceof TransactionMode mode) {
                switch (mode) {
                    case ISOLATION_LEVEL_READ_COMMITTED, ISOLATION_LEVEL_READ_UNCOMMITTED -> out = Isolation.READ_COMMITTED;
                    case ISOLATION_LEVEL_REPEATABLE_READ -> out = Isolation.REPEATABLE_READ;
                    case ISOLATION_LEVEL_SERIALIZABLE -> throw serializableRefused();
                    default -> {
                    }
                }
            }
        }
        return out;
    }

    private void requireBlock(String statement) {
        if (!inBlock) {
            throw new TesseraException(SqlState.NO_ACTIVE_SQL_TRANSACTION,
                    statement + " can only be used in transaction blocks");
        }
    }

    private static TesseraException noSavepoint(String name) {
        return new TesseraException(SqlState.INVALID_SAVEPOINT_SPECIFICATION, "savepoint \"" + name + "\" does not exist");
    }

    private static TesseraException serializableRefused() {
        return new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "isolation level SERIALIZABLE is not supported",
                null, "Use REPEATABLE READ (snapshot isolation) or READ COMMITTED.", 0, null);
    }

    private static Isolation parseIsolation(String value) {
        return switch (value.toLowerCase(Locale.ROOT).replace('_', ' ').trim()) {
            case "read committed", "read uncommitted" -> Isolation.READ_COMMITTED;
            case "repeatable read" -> Isolation.REPEATABLE_READ;
            case "serializable" -> throw serializableRefused();
            default -> throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                    "invalid value for parameter \"transaction_isolation\": \"" + value + "\"");
        };
    }

    private static String isolationName(Isolation i) {
        return i == Isolation.REPEATABLE_READ ? "repeatable read" : "read committed";
    }

    /** COMMIT (END) or ROLLBACK (ABORT). */
    private PreparedStatement endBlock(boolean commit) {
        return parameterless(List.of(), () -> {
            if (!inBlock) {
                return new ListResult(List.of(), List.of(), commit ? "COMMIT" : "ROLLBACK",
                        List.of(new TesseraException(SqlState.NO_ACTIVE_SQL_TRANSACTION,
                                "there is no transaction in progress")));
            }
            Transaction t = txn;
            boolean wasFailed = failed;
            TesseraException violation = commit && !wasFailed ? deferredViolation(t) : null; // in the block's catalog
            txn = null;
            beginStart = null;
            inBlock = false;
            failed = false;
            blockIsolation = null;
            snapshots.statementEnded(null);
            CatalogSnapshot catalog = engine.catalog().snapshot();
            try {
                if (commit && !wasFailed && violation == null) {
                    try {
                        blockDdl.commit(() -> {
                            if (t != null) {
                                engine.transactions().commit(t, catalog);
                            }
                        }, () -> {
                            if (t != null) {
                                engine.transactions().rollbackQuietly(t, catalog);
                            }
                        });
                    } catch (RuntimeException e) {
                        sequences().discardRestarts();
                        throw e;
                    }
                    sequences().commitRestarts();
                } else {
                    sequences().discardRestarts();
                    blockDdl.rollback();
                    if (t != null) {
                        engine.transactions().rollbackQuietly(t, catalog);
                    }
                }
            } finally {
                tableLocks.transactionEnded(); // after the commit: its DDL is published before the locks go
            }
            if (violation != null) {
                throw violation; // COMMIT fails and the block rolled back, as in PostgreSQL
            }
            return new ListResult(List.of(), List.of(), commit && !wasFailed ? "COMMIT" : "ROLLBACK");
        });
    }

    /** Milliseconds from a PostgreSQL duration setting ("500", "500ms", "2s", "1min"). */
    private static long parseMillis(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Long.parseLong(v.substring(0, v.length() - 2).trim());
            }
            if (v.endsWith("min")) {
                return Long.parseLong(v.substring(0, v.length() - 3).trim()) * 60_000;
            }
            if (v.endsWith("s")) {
                return Long.parseLong(v.substring(0, v.length() - 1).trim()) * 1000;
            }
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                    "invalid value for a time setting: \"" + value + "\"");
        }
    }

    /**
     * A time setting as SHOW prints it: 0 bare, else in the largest of d, h, min, s, ms that divides it (PostgreSQL's
     * GUC display, guc.c's convert_int_from_base_unit: 100ms, 1s, 90s, 1min).
     */
    private static String showMillis(long ms) {
        if (ms == 0) {
            return "0";
        }
        long[] sizes = {86_400_000, 3_600_000, 60_000, 1000};
        String[] units = {"d", "h", "min", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }

    /** RESET {@code name} (lower case), or RESET ALL for "all": back to the value the session began with. */
    private void reset(String name) {
        boolean all = name.equals("all");
        if (all || name.equals("statement_timeout")) {
            statementTimeoutMs = 0;
        }
        if (all || name.equals("lock_timeout")) {
            lockTimeoutMs = 0;
        }
        if (all || name.equals("default_transaction_isolation")) {
            defaultIsolation = Isolation.READ_COMMITTED;
        }
        if (all) {
            settings.clear();
            settings.putAll(sessionDefaults);
            statements.clear(); // tessera.enable_pushdown may have changed
            return;
        }
        String key = name.equals("timezone") ? "TimeZone" : name.equals("datestyle") ? "DateStyle" : name;
        if (sessionDefaults.containsKey(key)) {
            settings.put(key, sessionDefaults.get(key));
        } else {
            settings.remove(key);
        }
    }

    private void applySet(SqlSetOption set) {
        if (set.name() instanceof SqlLiteral nameLit
                && nameLit.getValue() instanceof org.apache.calcite.sql.babel.postgres.SqlSetOptions.Names which) {
            // SET TRANSACTION ... / SET SESSION CHARACTERISTICS AS TRANSACTION ...: a list of transaction modes
            Isolation isolation = null;
            if (set.getValue() instanceof SqlNodeList modes) {
                isolation = isolationOf(modes);
            }
            switch (which) {
                case TRANSACTION -> {
                    if (isolation != null) {
                        if (txn != null) {
                            throw new TesseraException(SqlState.ACTIVE_SQL_TRANSACTION,
                                    "SET TRANSACTION ISOLATION LEVEL must be called before any query");
                        }
                        if (inBlock) {
                            blockIsolation = isolation;
                        }
                    }
                }
                case SESSION_CHARACTERISTICS_AS_TRANSACTION -> {
                    if (isolation != null) {
                        defaultIsolation = isolation;
                    }
                }
                case ALL -> {
                    if (set.getValue() != null) {
                        throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "SET ALL is not supported");
                    }
                    reset("all");
                }
                default -> throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "SET " + which + " is not supported");
            }
            return;
        }
        String name = set.name().toString().toLowerCase(Locale.ROOT);
        PushdownSetting.onSet(name, set.getValue(), statements::clear);
        if (set.getValue() == null) {
            reset(name);
            return;
        }
        SqlNode v = set.getValue();
        if (!io.tessera.coordinator.catalog.pgcatalog.Settings.isKnown(name)) {
            throw new TesseraException(SqlState.UNDEFINED_OBJECT, "unrecognized configuration parameter \"" + name + "\"");
        }
        String value = name.equals("search_path") ? io.tessera.coordinator.catalog.pgcatalog.Settings.searchPathValue(v)
                : v instanceof SqlLiteral lit ? String.valueOf(lit.toValue()) : v.toString();
        switch (name) {
            case "client_encoding" -> {
                if (!value.equalsIgnoreCase("UTF8") && !value.equalsIgnoreCase("UTF-8")) {
                    throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "only UTF8 client encoding is supported");
                }
            }
            case "timezone" -> {
                if (!value.equalsIgnoreCase("UTC") && !value.equalsIgnoreCase("GMT")) {
                    throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "only the UTC time zone is supported yet");
                }
            }
            case "transaction_isolation" -> {
                Isolation i = parseIsolation(value);
                if (txn != null) {
                    throw new TesseraException(SqlState.ACTIVE_SQL_TRANSACTION,
                            "SET TRANSACTION ISOLATION LEVEL must be called before any query");
                }
                if (inBlock) {
                    blockIsolation = i;
                }
                return;
            }
            case "default_transaction_isolation" -> defaultIsolation = parseIsolation(value);
            case "lock_timeout" -> lockTimeoutMs = parseMillis(value);
            case "statement_timeout" -> statementTimeoutMs = parseMillis(value);
            case "work_mem" -> value = io.tessera.executor.spill.WorkMem.format(
                    io.tessera.executor.spill.WorkMem.parseKb(name, value)); // 22023 as PostgreSQL; SHOW's form
            default -> {
            }
        }
        settings.put(name.equals("timezone") ? "TimeZone" : name.equals("datestyle") ? "DateStyle" : name, value);
    }

    private PreparedStatement show(String rawName) {
        String name = rawName.toLowerCase(Locale.ROOT);
        String value = switch (name) {
            case "transaction_isolation", "transaction isolation level" -> isolationName(txn != null ? txn.isolation()
                    : inBlock && blockIsolation != null ? blockIsolation : defaultIsolation);
            case "default_transaction_isolation" -> isolationName(defaultIsolation);
            case "lock_timeout" -> showMillis(lockTimeoutMs);
            case "statement_timeout" -> showMillis(statementTimeoutMs);
            case "timezone" -> settings.get("TimeZone");
            case "datestyle" -> settings.get("DateStyle");
            case "search_path" -> settings.getOrDefault("search_path", "\"$user\", public");
            case "max_identifier_length" -> "63";
            case "work_mem" -> settings.getOrDefault(name, io.tessera.executor.spill.WorkMem.format(
                    io.tessera.executor.spill.WorkMem.DEFAULT_KB));
            case GenericPlans.HITS_SETTING -> Long.toString(genericPlans.hits());
            case PlanCache.HITS_SETTING -> Long.toString(engine.plans().hits());
            default -> settings.get(name);
        };
        if (value == null) {
            throw new TesseraException(SqlState.UNDEFINED_OBJECT, "unrecognized configuration parameter \"" + rawName + "\"");
        }
        String column = name.contains(" ") ? "transaction_isolation" : name;
        String v = value;
        List<Column> cols = List.of(new Column(column, PgType.TEXT.oid()));
        return parameterless(cols, () -> new ListResult(cols, List.<Object[]>of(new Object[] {v}), "SHOW"));
    }

    /**
     * CREATE TABLE ... AS and SELECT ... INTO: the query planned for the new table's columns
     * ({@link CreateTableAs#table}), the table created as CREATE TABLE creates it (in the block's catalog inside a
     * transaction block), then, unless WITH NO DATA, filled by an INSERT of the query. Outside a transaction block
     * the statement is a block of its own, so the table and its rows commit together or not at all (inside an
     * implicit block that wrote already, the table is published at once, as CREATE TABLE's is there). Command tag
     * {@code SELECT n}, or {@code CREATE TABLE AS} for WITH NO DATA and for IF NOT EXISTS of an existing table
     * (after its NOTICE), as PostgreSQL's.
     *
     * <p>Parameters ({@code $1}, sent through the extended protocol) are the query's, as in PostgreSQL: their types
     * are the client's, else what the query infers; the new table's columns are planned with them and the INSERT
     * runs with the Bind's values.
     *
     * @throws TesseraException 0A000 for parameters the statement's text cannot carry back to the query
     */
    private PreparedStatement createTableAs(io.tessera.sql.parser.ddl.SqlCreateTableAs as, List<Integer> paramNumbers,
            List<Integer> clientTypes) {
        String query = CreateTableAs.withParameterMarkers(as.queryText(), paramNumbers);
        if (query == null) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                    "CREATE TABLE AS and SELECT INTO with parameters are not supported");
        }
        List<Integer> types = paramNumbers.isEmpty() ? List.of() : queryStatement(query, clientTypes).parameterTypes();
        PreparedStatement body = parameterless(List.of(), () -> createTableAs(as, query, types, List.of()));
        return new PreparedStatement() {
            @Override
            public List<Integer> parameterTypes() {
                return types;
            }

            @Override
            public List<Column> columns() {
                return List.of();
            }

            @Override
            public QueryResult execute(List<Object> params) {
                return params.isEmpty() ? body.execute(params) : createTableAs(as, query, types, params);
            }
        };
    }

    /** The query of a CREATE TABLE AS ({@code $n} parameters typed by {@code clientTypes}), planned. */
    private QueryStatement queryStatement(String query, List<Integer> clientTypes) {
        Rewritten r = TesseraSqlParser.rewriteParameters(query);
        return new QueryStatement(() -> typed(TesseraSqlParser.parse(r), r, clientTypes), r.sql(), x -> x,
                r.parameterNumbers(), clientTypes);
    }

    /** Runs a CREATE TABLE AS whose query is {@code query} with parameters of {@code types} bound to {@code params}. */
    private QueryResult createTableAs(io.tessera.sql.parser.ddl.SqlCreateTableAs as, String query, List<Integer> types,
            List<Object> params) {
        {
            boolean temp;
            try {
                temp = tempTables.beforeCreate(as.name(), as.shape().temporary(), as.shape().onCommit());
            } catch (TesseraException e) {
                failStatement();
                throw e;
            }
            boolean own = !inBlock && txn == null;
            if (own) {
                inBlock = true; // BEGIN
            }
            List<TesseraException> notices;
            long rows = -1;
            try {
                List<Column> columns = queryStatement(query, types).columns();
                notices = engine.ddl().createTable(CreateTableAs.table(as, columns, planner().catalog(), database)
                        .withTemporary(temp, as.shape().onCommit()), database, settings, user);
                boolean created = notices.stream().noneMatch(n -> SqlState.DUPLICATE_TABLE.equals(n.sqlState()));
                if (created && temp) {
                    tempTables.created(as.name(), as.shape().onCommit());
                }
                if (created && as.withData()) {
                    TableDef table = planner().catalog().tables(database).get(CatalogSnapshot.key(
                            io.tessera.coordinator.catalog.SearchPath.creationSchema(as.name().names, temp),
                            as.name().names.get(as.name().names.size() - 1)));
                    QueryResult insert = prepareUncached(CreateTableAs.insert(table, query), types)
                            .execute(params);
                    try {
                        while (insert.next() != null) {
                            // an INSERT without RETURNING has no rows
                        }
                        String tag = insert.commandTag();
                        rows = Long.parseLong(tag.substring(tag.lastIndexOf(' ') + 1));
                    } finally {
                        insert.close();
                    }
                }
            } catch (RuntimeException e) {
                if (own) {
                    endBlock(false).execute(List.of()).close(); // ROLLBACK: no table, no rows
                } else {
                    failStatement();
                }
                throw e instanceof TesseraException t ? t : RuntimeErrors.translate(e);
            }
            if (own) {
                endBlock(true).execute(List.of()).close(); // COMMIT; its failure (40001, ...) is the statement's
            }
            return new ListResult(List.of(), List.of(), rows >= 0 ? "SELECT " + rows : "CREATE TABLE AS", notices);
        }
    }

    /** A statement with no result rows and a fixed command tag. */
    private interface CommandBody {
        List<TesseraException> run();
    }

    private PreparedStatement command(String tag, CommandBody body) {
        return parameterless(List.of(), () -> {
            try {
                return new ListResult(List.of(), List.of(), tag, body.run());
            } catch (TesseraException e) {
                failStatement(); // as any error in a transaction block, it fails the block
                throw e;
            }
        });
    }

    /** A statement without parameters whose execution {@code execute} performs. */
    private static PreparedStatement parameterless(List<Column> columns,
            java.util.function.Supplier<QueryResult> execute) {
        return new PreparedStatement() {
            @Override
            public List<Integer> parameterTypes() {
                return List.of();
            }

            @Override
            public List<Column> columns() {
                return columns;
            }

            @Override
            public QueryResult execute(List<Object> params) {
                return execute.get();
            }
        };
    }

    /** Parameter type OIDs: what the client specified, else what validation inferred. */
    private static List<Integer> parameterOids(List<RelDataType> inferred, List<Integer> paramNumbers, List<Integer> client) {
        int n = paramNumbers.stream().mapToInt(Integer::intValue).max().orElse(0);
        List<Integer> out = new ArrayList<>();
        for (int p = 1; p <= n; p++) {
            int oid = p <= client.size() ? client.get(p - 1) : 0;
            if (oid == 0) {
                int marker = paramNumbers.indexOf(p);
                oid = marker < 0 || marker >= inferred.size() ? PgType.TEXT.oid()
                        : ArrayParameters.element(inferred.get(marker)) != null ? ArrayParameters.oid(inferred.get(marker))
                        : EnumValues.oid(inferred.get(marker), TypeMapping.toPgType(inferred.get(marker)).oid());
            }
            out.add(oid);
        }
        return out;
    }

    /**
     * Values for Calcite's {@code ?} markers, in marker order, each coerced to the type validation inferred for it.
     */
    private static List<Object> bind(List<Object> params, List<Integer> paramNumbers, List<RelDataType> inferred) {
        List<Object> out = new ArrayList<>(paramNumbers.size());
        for (int i = 0; i < paramNumbers.size(); i++) {
            int p = paramNumbers.get(i);
            if (p > params.size()) {
                throw new TesseraException(SqlState.PROTOCOL_VIOLATION, "there is no parameter $" + p);
            }
            Object v = params.get(p - 1);
            if (v != null && i < inferred.size() && ArrayParameters.element(inferred.get(i)) != null) {
                v = ArrayParameters.bind(v, inferred.get(i));
            } else if (v != null && i < inferred.size()) {
                PgType t = TypeMapping.toPgType(inferred.get(i));
                v = Coercion.toColumn(v, new ColumnDef("$" + p, t, -1, false), "");
                v = EnumValues.bindParameter(v, inferred.get(i)); // a label to its key
            }
            out.add(v);
        }
        return out;
    }

    /** A query's rows; an error while streaming them fails the statement (and the block it is in). */
    private final class FailureTracking implements QueryResult {
        private final EnumeratorResult rows;

        FailureTracking(EnumeratorResult rows) {
            this.rows = rows;
        }

        @Override
        public List<Column> columns() {
            return rows.columns();
        }

        @Override
        public boolean returnsRows() {
            return true;
        }

        @Override
        public Object[] next() {
            try {
                Object[] row = rows.next();
                if (row == null) {
                    stopTimer();
                    snapshots.statementEnded(txn);
                }
                return row;
            } catch (TesseraException e) {
                failStatement();
                throw e;
            }
        }

        @Override
        public String commandTag() {
            return rows.commandTag();
        }

        @Override
        public boolean whenAnswered(Runnable callback) {
            return rows.whenAnswered(callback);
        }

        @Override
        public boolean answered() {
            return rows.answered();
        }

        @Override
        public void close() {
            rows.close();
            stopTimer();
            snapshots.statementEnded(txn);
        }
    }

    /** How many times one execution is re-planned after datanodes refused its plan as stale (40T01). */
    private static final int STALE_SCHEMA_RETRIES = 3;

    /**
     * A statement that survives a table schema change its coordinator had not seen yet. Each datanode serves a
     * request only at the table's current schema version and refuses an older one with 40T01
     * ({@code TableSchemas}); then, if nothing of the statement reached the client and undoing it is safe, the
     * catalog is refreshed (sync + read of ZooKeeper), the statement is prepared again from its SQL and run again, so
     * the client never sees the error:
     * <ul>
     *   <li>a query ({@code SELECT} without a locking clause) has no effects: it is retried in any transaction state,
     *       as long as it has returned no row and the new plan has the same columns (the client may already hold the
     *       RowDescription);</li>
     *   <li>a write (INSERT, UPDATE, DELETE, a locking SELECT) is retried only when its transaction began with it:
     *       outside a block the implicit transaction was already rolled back; inside one, the block's transaction
     *       (which held nothing before this statement) is rolled back and the block goes on as just after BEGIN.
     *       A write after earlier statements of its block surfaces 40T01: the client retries the transaction.</li>
     * </ul>
     * Parameter types must also be unchanged (the client bound its values to them). After
     * {@value #STALE_SCHEMA_RETRIES} refusals in a row the error goes to the client.
     */
    private final class StaleSchemaRetry implements PreparedStatement {
        private final String sql;
        private final List<Integer> paramTypeOids;
        private final boolean read;
        private PreparedStatement current;

        StaleSchemaRetry(String sql, List<Integer> paramTypeOids, PreparedStatement first) {
            this.sql = sql;
            this.paramTypeOids = paramTypeOids;
            this.read = io.tessera.coordinator.sql.acl.PrivilegeGuard.unguarded(first) instanceof QueryStatement;
            this.current = first;
        }

        @Override
        public List<Integer> parameterTypes() {
            return current.parameterTypes();
        }

        @Override
        public List<Column> columns() {
            return current.columns();
        }

        @Override
        public boolean returnsRows() {
            return current.returnsRows();
        }

        @Override
        public QueryResult execute(List<Object> params) {
            boolean beganTransaction = !inBlock || txn == null;
            for (int attempt = 0; ; attempt++) {
                QueryResult r;
                try {
                    r = current.execute(params);
                } catch (TesseraException e) {
                    if (!replanAfter(e, attempt, beganTransaction)) {
                        throw e;
                    }
                    continue;
                }
                return read ? new Result(r, params, attempt, beganTransaction) : r;
            }
        }

        /**
         * Undoes a failed attempt and prepares the statement again when {@code e} is a stale-schema refusal that may
         * be retried; false (the error stands) otherwise.
         */
        private boolean replanAfter(TesseraException e, int attempt, boolean beganTransaction) {
            if (e.sqlState() != SqlState.STALE_SCHEMA_VERSION || attempt >= STALE_SCHEMA_RETRIES
                    || (!read && !beganTransaction)) {
                return false;
            }
            boolean wasFailed = failed;
            Transaction undone = null;
            if (inBlock) {
                if (!read && txn != null) { // the block's transaction began with this statement
                    undone = txn;
                    txn = null;
                }
                failed = false;
            }
            if (undone != null) {
                engine.transactions().rollbackQuietly(undone, engine.catalog().snapshot());
            }
            PreparedStatement again;
            try {
                engine.catalog().reload();
                again = prepareUncached(sql, paramTypeOids);
            } catch (TesseraException pe) {
                pe.addSuppressed(e);
                throw pe; // e.g. 42P01: the table was dropped meanwhile
            } catch (Exception ce) {
                e.addSuppressed(ce);
                failed = wasFailed;
                return false;
            }
            if (!again.columns().equals(current.columns())
                    || !again.parameterTypes().equals(current.parameterTypes())) {
                failed = wasFailed;
                return false;
            }
            current = again;
            // WARN: this coordinator's catalog watch lagged behind a DDL
            LOG.warn("re-planned after a datanode refused a stale schema ({}; rolled back GXID {}): {}",
                    e.getMessage(), undone == null ? "none" : undone.gxid(), sql);
            return true;
        }

        /** A query's rows: the stale-schema refusal of a scan arrives with the first row, and is retried there. */
        private final class Result implements QueryResult {
            private final List<Object> params;
            private final boolean beganTransaction;
            private QueryResult rows;
            private int attempt;
            private boolean returned;

            Result(QueryResult rows, List<Object> params, int attempt, boolean beganTransaction) {
                this.rows = rows;
                this.params = params;
                this.attempt = attempt;
                this.beganTransaction = beganTransaction;
            }

            @Override
            public List<Column> columns() {
                return rows.columns();
            }

            @Override
            public boolean returnsRows() {
                return rows.returnsRows();
            }

            @Override
            public Object[] next() {
                while (true) {
                    try {
                        Object[] row = rows.next();
                        returned |= row != null;
                        return row;
                    } catch (TesseraException e) {
                        if (returned || !replanAfter(e, attempt++, beganTransaction)) {
                            throw e;
                        }
                        rows.close();
                        rows = execute(params);
                    }
                }
            }

            /** Runs the re-planned statement; its own refusals are retried within the same budget. */
            private QueryResult execute(List<Object> params) {
                while (true) {
                    try {
                        return current.execute(params);
                    } catch (TesseraException e) {
                        if (!replanAfter(e, attempt++, beganTransaction)) {
                            throw e;
                        }
                    }
                }
            }

            @Override
            public String commandTag() {
                return rows.commandTag();
            }

            @Override
            public List<TesseraException> notices() {
                return rows.notices();
            }

            @Override
            public boolean whenAnswered(Runnable callback) {
                return rows.whenAnswered(callback);
            }

            @Override
            public boolean answered() {
                return rows.answered(); // a successful answer is no refusal to retry
            }

            @Override
            public void close() {
                rows.close();
            }
        }
    }

    /**
     * {@code SELECT ... FOR UPDATE | NO KEY UPDATE | SHARE | KEY SHARE [NOWAIT | SKIP LOCKED]} over one table: first
     * the rows passing the WHERE are locked on their datanodes (a Modify whose UpdateOp carries the strength and
     * wait policy: each datanode takes that row lock per row — PostgreSQL's four modes, shared ones held together —
     * with READ COMMITTED's re-check on the newest version and REPEATABLE READ's 40001, and writes nothing), then
     * the query runs as the transaction's next command, reading only the rows the transaction holds locked
     * ({@code ScanRequest.locked_only}), so it returns the rows as locked and none that SKIP LOCKED left out.
     * With {@code ORDER BY} plain columns and a literal {@code LIMIT}, each datanode takes the rows in that order
     * and locks only LIMIT (+ OFFSET) of them, as PostgreSQL's LockRows below the Limit does.
     *
     * <p>Outside a transaction block one implicit transaction spans both steps, as PostgreSQL's single statement
     * holds its locks until it ends: the rows are read in full, then it commits and the rows are sent.
     *
     * <p>Not as PostgreSQL: under a LIMIT each datanode locks up to LIMIT rows, so with several datanodes more
     * rows than returned stay locked until the transaction ends (a SKIP LOCKED queue's workers then skip them);
     * a LIMIT over an expression or parameter locks every row passing the WHERE; {@code OF} is not needed, since
     * the query has one table.
     */
    private final class LockingStatement implements PreparedStatement {
        private final SqlLockingQuery locking;
        private final QueryStatement query;
        private final DmlStatement lock;

        LockingStatement(SqlLockingQuery locking, Rewritten rewritten, String text, IntUnaryOperator toClient,
                List<Integer> paramNumbers, List<Integer> clientTypes) {
            this.locking = locking;
            SqlNode q = locking.query();
            SqlNode inner = q instanceof org.apache.calcite.sql.SqlOrderBy ob ? ob.query : q;
            if (!(inner instanceof SqlSelect select) || select.getFrom() == null
                    || !(select.getFrom() instanceof SqlIdentifier || (select.getFrom().getKind() == SqlKind.AS
                    && ((SqlCall) select.getFrom()).operand(0) instanceof SqlIdentifier))) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "SELECT ... " + locking.strength().sql() + " is supported on queries of one table only");
            }
            this.lock = new DmlStatement(select.getFrom(), null, null, select.getWhere(), false, text, toClient,
                    paramNumbers, clientTypes, null);
            UpdateOp.Builder op = UpdateOp.newBuilder().setLock(switch (locking.strength()) {
                case UPDATE -> RowLockStrength.FOR_UPDATE;
                case NO_KEY_UPDATE -> RowLockStrength.FOR_NO_KEY_UPDATE;
                case SHARE -> RowLockStrength.FOR_SHARE;
                case KEY_SHARE -> RowLockStrength.FOR_KEY_SHARE;
            }).setLockWait(switch (locking.waitPolicy()) {
                case WAIT -> RowLockWaitPolicy.LOCK_WAIT;
                case NOWAIT -> RowLockWaitPolicy.LOCK_NOWAIT;
                case SKIP_LOCKED -> RowLockWaitPolicy.LOCK_SKIP_LOCKED;
            });
            long limit = q instanceof org.apache.calcite.sql.SqlOrderBy ob ? lockLimit(ob) : 0;
            java.util.Set<String> aliases = new java.util.HashSet<>();
            for (SqlNode item : select.getSelectList()) {
                if (item.getKind() == SqlKind.AS) {
                    aliases.add(((SqlIdentifier) ((SqlCall) item).operand(1)).getSimple());
                }
            }
            List<OrderItem> orderBy = q instanceof org.apache.calcite.sql.SqlOrderBy ob
                    ? orderItems(ob.orderList.getList(), aliases) : List.of();
            lock.lockOp = table -> {
                UpdateOp.Builder b = op.clone();
                List<LockOrderKey> keys = limit > 0 ? orderKeys(orderBy, table) : null;
                if (keys != null) { // else every row passing the WHERE is locked, as before a LIMIT applies
                    b.addAllLockOrder(keys).setLockLimit(limit);
                }
                return b.build();
            };
            boolean[] first = {true};
            this.query = new QueryStatement(() -> {
                SqlLockingQuery tree = first[0] ? locking
                        : (SqlLockingQuery) typed(TesseraSqlParser.parse(rewritten), rewritten, clientTypes);
                first[0] = false;
                return tree.query();
            }, text, toClient, paramNumbers, clientTypes);
        }

        @Override
        public List<Integer> parameterTypes() {
            return query.parameterTypes();
        }

        @Override
        public List<Column> columns() {
            return query.columns();
        }

        /**
         * @throws TesseraException 55P03 (lock_timeout; NOWAIT: "could not obtain lock on row in relation ..."),
         *     40001 (REPEATABLE READ: the row changed after the snapshot), 40P01, 57014, and the query's errors
         */
        @Override
        public QueryResult execute(List<Object> params) {
            if (inBlock || implicit) {
                return lockAndRead(params);
            }
            inBlock = true; // the implicit transaction: no step commits on its own
            boolean ok = false;
            try {
                List<Object[]> rows = new ArrayList<>();
                try (QueryResult r = lockAndRead(params)) {
                    for (Object[] row = r.next(); row != null; row = r.next()) {
                        rows.add(row);
                    }
                }
                inBlock = false;
                Transaction t = txn;
                txn = null;
                engine.transactions().commit(t, engine.catalog().snapshot());
                ok = true;
                return new ListResult(query.columns(), rows, "SELECT");
            } finally {
                inBlock = false;
                if (!ok) {
                    failed = false;
                    stopTimer();
                    if (txn != null) {
                        Transaction t = txn;
                        txn = null;
                        engine.transactions().rollbackQuietly(t, engine.catalog().snapshot());
                    }
                }
            }
        }

        /**
         * The locking step, then the query reading only rows the transaction holds locked: the rows SKIP LOCKED
         * left out or a LIMIT did not lock stay out, and so do rows committed by others between the two steps
         * (READ COMMITTED reads at a fresh snapshot), which PostgreSQL, locking the rows as it returns them,
         * never returns either.
         */
        private QueryResult lockAndRead(List<Object> params) {
            lock.execute(params);
            try { // as QueryStatement.execute, reading only the rows the locking step locked
                if (query.stale()) {
                    query.replan();
                }
                StatementContext ctx = begin(query.plannedWith.catalog(),
                        bind(params, query.paramNumbers, query.plan.parameterTypes()), false);
                ctx.readLockedRowsOnly();
                return new FailureTracking(query.open(ctx));
            } catch (TesseraException e) {
                failStatement();
                throw e;
            }
        }
    }

    /**
     * How many rows a locking query's {@code LIMIT} (plus {@code OFFSET}) lets PostgreSQL's LockRows lock, which
     * runs below the limit: 0 when there is no literal LIMIT (every row passing the WHERE is locked).
     */
    private static long lockLimit(org.apache.calcite.sql.SqlOrderBy ob) {
        if (!(ob.fetch instanceof SqlLiteral fetch) || !(fetch.getValue() instanceof java.math.BigDecimal n)) {
            return 0;
        }
        long offset = ob.offset instanceof SqlLiteral off && off.getValue() instanceof java.math.BigDecimal o
                ? o.longValue() : ob.offset == null ? 0 : -1;
        if (offset < 0 || n.signum() <= 0) {
            return 0; // a parameter as OFFSET; LIMIT 0 locks nothing in PostgreSQL but reads nothing either
        }
        return Math.addExact(n.longValue(), offset);
    }

    /** One ORDER BY item of a locking query that names a column: its name, direction and NULLs placement. */
    private record OrderItem(String column, boolean descending, boolean nullsFirst) {
    }

    /**
     * The ORDER BY of a locking query as column names, or null when an item is not a plain column of the table —
     * an expression, an ordinal, or a bare name that is one of the select list's {@code aliases} (PostgreSQL
     * resolves it to that output column first): then the rows are not locked in the query's order and so every
     * row passing the WHERE is. Read before validation rewrites the tree.
     */
    private static List<OrderItem> orderItems(List<SqlNode> orderBy, java.util.Set<String> aliases) {
        List<OrderItem> items = new ArrayList<>();
        for (SqlNode item : orderBy) {
            Boolean nullsFirst = null;
            boolean desc = false;
            SqlNode n = item;
            if (n.getKind() == SqlKind.NULLS_FIRST || n.getKind() == SqlKind.NULLS_LAST) {
                nullsFirst = n.getKind() == SqlKind.NULLS_FIRST;
                n = ((SqlCall) n).operand(0);
            }
            if (n.getKind() == SqlKind.DESCENDING) {
                desc = true;
                n = ((SqlCall) n).operand(0);
            }
            if (!(n instanceof SqlIdentifier id) || id.isStar()) {
                return null;
            }
            String name = id.names.get(id.names.size() - 1);
            if (id.names.size() == 1 && aliases.contains(name)) {
                return null;
            }
            items.add(new OrderItem(name, desc, nullsFirst != null ? nullsFirst : desc));
        }
        return items;
    }

    /** {@code items} as order keys over {@code table}'s columns, or null when one names no column of it. */
    private static List<LockOrderKey> orderKeys(List<OrderItem> items, TableDef table) {
        if (items == null) {
            return null;
        }
        List<LockOrderKey> keys = new ArrayList<>();
        for (OrderItem item : items) {
            int column = table.columnIndex(item.column());
            if (column < 0) {
                return null;
            }
            keys.add(LockOrderKey.newBuilder().setColumn(column).setDescending(item.descending())
                    .setNullsFirst(item.nullsFirst()).build());
        }
        return keys;
    }

    /** An UPDATE's or DELETE's plan as sessions share it ({@link PlanCache}); its SqlNodes are only read (cloned). */
    private record SharedDml(SqlNode from, SqlIdentifier tableName, SqlNodeList targetColumns,
            SqlNodeList sourceExpressions, SqlNode condition, boolean delete, String text, IntUnaryOperator toClient,
            List<Integer> paramNumbers, List<Integer> clientTypes, TableDef table, DmlPlanner.Plan plan,
            QueryPlanner plannedWith) implements PlanCache.Planned {
    }

    /** UPDATE or DELETE, run by the datanodes on their own rows. */
    private final class DmlStatement implements PreparedStatement {
        private final SqlNode from;
        private final SqlIdentifier tableName;
        private final SqlNodeList targetColumns;
        private final SqlNodeList sourceExpressions;
        private final SqlNode condition;
        private final boolean delete;
        private final String text;
        private final IntUnaryOperator toClient;
        private final List<Integer> paramNumbers;
        private final List<Integer> clientTypes;
        private TableDef table;
        private DmlPlanner.Plan plan;
        private QueryPlanner plannedWith;
        /** For the locking step of {@link LockingStatement}: the row lock to take instead of updating. */
        java.util.function.Function<TableDef, UpdateOp> lockOp = t -> null;
        private final DmlClauses.Clause returningClause;
        private Returning returning;
        /** A statement whose rows a query chooses (subqueries, FROM, USING): its fresh parses; else null. */
        private final java.util.function.Supplier<SqlNode> qualifiedParse;
        private QualifiedDml.Plan qualified;
        /** The request parts this statement's executions share ({@link ModifyExecutor.Template}). */
        private final java.util.concurrent.atomic.AtomicReference<ModifyExecutor.Template> modifyTemplate =
                new java.util.concurrent.atomic.AtomicReference<>();
        /** The planner and plan {@link #fkInvolved} and {@link #rex} were derived from ({@link #derive}). */
        private QueryPlanner derivedFrom;
        private DmlPlanner.Plan derivedPlan;
        private boolean fkInvolved;
        private org.apache.calcite.rex.RexBuilder rex;

        DmlStatement(SqlNode target, SqlNodeList targetColumns, SqlNodeList sourceExpressions, SqlNode condition,
                boolean delete, String text, IntUnaryOperator toClient, List<Integer> paramNumbers,
                List<Integer> clientTypes, DmlClauses.Clause returningClause) {
            this(target, targetColumns, sourceExpressions, condition, delete, text, toClient, paramNumbers,
                    clientTypes, returningClause, null);
        }

        DmlStatement(SqlNode target, SqlNodeList targetColumns, SqlNodeList sourceExpressions, SqlNode condition,
                boolean delete, String text, IntUnaryOperator toClient, List<Integer> paramNumbers,
                List<Integer> clientTypes, DmlClauses.Clause returningClause,
                java.util.function.Supplier<SqlNode> qualifiedParse) {
            this.qualifiedParse = qualifiedParse;
            this.returningClause = returningClause;
            SqlNode named = target.getKind() == SqlKind.AS ? ((SqlCall) target).operand(0) : target;
            if (!(named instanceof SqlIdentifier id)) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "the target must be a table name");
            }
            this.from = target;
            this.tableName = id;
            this.targetColumns = targetColumns;
            this.sourceExpressions = sourceExpressions;
            this.condition = condition;
            this.delete = delete;
            this.text = text;
            this.toClient = toClient;
            this.paramNumbers = paramNumbers;
            this.clientTypes = clientTypes;
            replan();
        }

        /** Adopts a plan another session made: no parse, no planning until the catalog changes. */
        DmlStatement(SharedDml shared) {
            this.qualifiedParse = null;
            this.returningClause = null;
            this.from = shared.from();
            this.tableName = shared.tableName();
            this.targetColumns = shared.targetColumns();
            this.sourceExpressions = shared.sourceExpressions();
            this.condition = shared.condition();
            this.delete = shared.delete();
            this.text = shared.text();
            this.toClient = shared.toClient();
            this.paramNumbers = shared.paramNumbers();
            this.clientTypes = shared.clientTypes();
            this.table = shared.table();
            this.plan = shared.plan();
            this.plannedWith = shared.plannedWith();
        }

        /**
         * This statement's plan for the other sessions, or null when it is not shared: RETURNING, a statement whose
         * rows a query chooses, and the locking step of SELECT ... FOR UPDATE stay with their session.
         */
        SharedDml share() {
            if (returningClause != null || qualifiedParse != null || qualified != null) {
                return null;
            }
            return new SharedDml(from, tableName, targetColumns, sourceExpressions, condition, delete, text, toClient,
                    paramNumbers, clientTypes, table, plan, plannedWith);
        }

        private void replan() {
            QueryPlanner p = planner();
            String name = DdlExecutor.tableName(tableName);
            TableDef t = p.catalog().tables(database).get(name);
            if (t == null) {
                throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist", null,
                        null, toClient.applyAsInt(CalciteErrors.offset(text, tableName.getParserPosition().getLineNum(),
                                tableName.getParserPosition().getColumnNum())), null);
            }
            try {
                if (qualifiedParse != null) {
                    qualified = QualifiedDml.plan(p, t, database, qualifiedParse, returningClause == null ? null
                            : () -> Returning.parse(p, returningClause, paramNumbers, clientTypes));
                    plan = qualified.local();
                } else {
                    plan = DmlPlanner.plan(p, t, from.clone(from.getParserPosition()),
                            targetColumns, sourceExpressions == null ? null : (SqlNodeList) sourceExpressions.clone(
                                    sourceExpressions.getParserPosition()),
                            condition == null ? null : condition.clone(condition.getParserPosition()));
                }
            } catch (TesseraException e) {
                throw e;
            } catch (RuntimeException e) {
                throw CalciteErrors.translate(e, text, toClient);
            }
            if (qualified != null && qualified.returned() != null) { // reads the FROM items
                returning = Returning.plan(p, t, from, qualified.returned().select(), returningClause, toClient,
                        qualified.returned().standIns());
            } else if (returningClause != null) {
                returning = Returning.plan(p, t, from, returningClause, paramNumbers, clientTypes, toClient);
            }
            table = t;
            plannedWith = p;
        }

        /**
         * Derives, once per plan instead of per execution, what every execution of the plan in {@link #plannedWith}
         * shares: whether its writes have foreign-key work ({@code ForeignKeys.involved}, a walk over the database's
         * tables) and the RexBuilder over the plan's type factory.
         */
        private void derive() {
            if (derivedFrom != plannedWith || derivedPlan != plan) {
                fkInvolved = io.tessera.coordinator.sql.constraint.ForeignKeys.involved(plannedWith.catalog(), table,
                        delete, plan.columns());
                rex = new org.apache.calcite.rex.RexBuilder(plannedWith.typeFactory());
                derivedFrom = plannedWith;
                derivedPlan = plan;
            }
        }

        /** The types of the statement's markers, then those of its RETURNING list. */
        private List<RelDataType> allParameterTypes() {
            if (returning == null) {
                return plan.parameterTypes();
            }
            List<RelDataType> all = new ArrayList<>(plan.parameterTypes());
            all.addAll(returning.parameterTypes());
            return all;
        }

        @Override
        public List<Integer> parameterTypes() {
            return parameterOids(allParameterTypes(), paramNumbers, clientTypes);
        }

        @Override
        public List<Column> columns() {
            return returning == null ? List.of() : returning.columns();
        }

        @Override
        public QueryResult execute(List<Object> params) {
            if (outdated(plannedWith)) {
                replan();
            }
            derive();
            // the DEFAULTs ON DELETE / ON UPDATE SET DEFAULT may assign, evaluated before the statement starts; only
            // a write with foreign-key work can assign them (PostgreSQL evaluates them only when an action fires)
            io.tessera.coordinator.sql.constraint.ForeignKeys.Defaults setDefaults = !fkInvolved ? null
                    : CopyDefaults.of(io.tessera.coordinator.sql.constraint.ForeignKeys.setDefaultTargets(
                            plannedWith.catalog(), table),
                    parse -> new QueryStatement(parse, text, x -> x, List.of(), List.of()),
                    child -> CheckPlanner.plan(plannedWith, child, new org.apache.calcite.sql.SqlIdentifier(
                            child.name(), org.apache.calcite.sql.parser.SqlParserPos.ZERO)));
            org.apache.calcite.rex.RexBuilder rex = this.rex;
            return run(true, ctx -> {
                UpdateOp lock = lockOp.apply(table);
                if (lock == null && !plan.movesRows() && qualified == null) { // plain: reaches datanodes once
                    ctx.allowDatanodeSnapshot();
                }
                boolean fk = lock == null && fkInvolved;
                List<Object[]> written = returning == null && !fk ? null : new ArrayList<>();
                List<Object[]> old = fk && plan.movesRows() ? new ArrayList<>() : null;
                List<Object[]> fromValues = returning != null && qualified != null && qualified.returned() != null
                        ? new ArrayList<>() : null;
                long n = qualified != null && lock == null ? qualified.run(table, ctx, written, old, fromValues)
                        : plan.movesRows() && lock == null
                        ? io.tessera.coordinator.sql.exec.KeyChangingUpdate.run(table, plan.filter(), plan.columns(),
                                plan.values(), plan.checks(), ctx, rex, written, old)
                        : ModifyExecutor.run(table, plan.filter(), plan.columns(), plan.values(), delete, ctx, rex,
                                lock == null ? plan.template() : lock, written, modifyTemplate);
                if (fk) {
                    io.tessera.coordinator.sql.constraint.ForeignKeys.afterModify(table, delete, plan.columns(), old,
                            written, ctx, plannedWith.typeFactory(), setDefaults);
                }
                return new ListResult(columns(), returning == null ? List.of() : fromValues != null
                        ? returning.project(written, fromValues, qualified.returned().standIns(), ctx)
                        : returning.project(written, ctx), (delete ? "DELETE " : "UPDATE ") + n);
            }, plannedWith.catalog(), bind(params, paramNumbers, allParameterTypes()));
        }
    }

    static List<Column> columns(RelDataType rowType) {
        return columns(rowType, null);
    }

    /**
     * The RowDescription of a result of {@code rowType}; {@code clientTypes} (null, or an OID and typmod per
     * column, OID 0 for none) overrides the types of columns whose PostgreSQL type Calcite's does not tell
     * ({@code ClientTypes}).
     */
    static List<Column> columns(RelDataType rowType, ClientTypes.Types clientTypes) {
        List<Column> out = new ArrayList<>();
        for (RelDataTypeField f : rowType.getFieldList()) {
            int client = clientTypes == null ? 0 : clientTypes.oids()[f.getIndex()];
            if (client != 0) {
                out.add(new Column(f.getName(), client, clientTypes.typmods()[f.getIndex()],
                        ClientTypes.typlen(client), 0, 0));
                continue;
            }
            if (f.getType().getComponentType() != null) { // arrays (catalog views): text format
                RelDataType element = f.getType().getComponentType();
                while (element.getComponentType() != null) {
                    element = element.getComponentType(); // a multi-dimensional array: its elements' array type
                }
                out.add(new Column(f.getName(), TypeMapping.arrayOid(element.getSqlTypeName()),
                        -1, -1, 0, 0));
                continue;
            }
            if (RegtypeValues.is(f.getType())) {
                out.add(new Column(f.getName(), RegtypeValues.kind(f.getType()).oid, -1, 4, 0, 0));
                continue;
            }
            PgType t = TypeMapping.toPgType(f.getType());
            out.add(new Column(f.getName(), EnumValues.oid(f.getType(), t.oid()), TypeMapping.typmod(f.getType()),
                    EnumValues.of(f.getType()) != null ? 4 : t.typlen(), 0, 0));
        }
        return out;
    }

    /**
     * A query's plan as sessions share it ({@link PlanCache}): the compiled plan, the planner it was made with (its
     * schema and type factory serve the execution), and the parsed text for re-planning after a catalog change.
     */
    private record SharedQuery(Rewritten rewritten, String text, IntUnaryOperator toClient,
            List<Integer> paramNumbers, List<Integer> clientTypes, QueryPlanner.Plan plan, QueryPlanner plannedWith,
            List<Column> columns) implements PlanCache.Planned {
        @Override
        public boolean current() {
            return plan.current();
        }
    }

    /**
     * Whether statements planned with {@code p} must be planned again before they run: the session's planner
     * changed (catalog version, search path, pushdown) since. A plan another session made ({@link PlanCache})
     * with a planner of the same published catalog version, search path and pushdown setting is current.
     */
    private boolean outdated(QueryPlanner p) {
        QueryPlanner now = planner();
        return p != now && (p.catalog().version() < 0 || p.catalog().version() != now.catalog().version()
                || !p.searchPath().equals(now.searchPath()) || p.pushdown() != now.pushdown());
    }

    /** A query planned by Calcite. */
    private final class QueryStatement implements PreparedStatement {
        private final java.util.function.Supplier<SqlNode> parse;
        private final String text;
        private final IntUnaryOperator toClient;
        private final List<Integer> paramNumbers;
        private final List<Integer> clientTypes;
        private QueryPlanner.Plan plan;
        private QueryPlanner plannedWith;
        private List<Column> columns;
        /** The statement's text as parsed, when the other sessions may share its plan ({@link #share}); else null. */
        private Rewritten shareable;

        /**
         * @param parse yields a freshly parsed tree of the query each time (Calcite's validator rewrites trees in
         *     place, so every planning needs its own)
         */
        QueryStatement(java.util.function.Supplier<SqlNode> parse, String text, IntUnaryOperator toClient,
                List<Integer> paramNumbers, List<Integer> clientTypes) {
            this.parse = parse;
            this.text = text;
            this.toClient = toClient;
            this.paramNumbers = paramNumbers;
            this.clientTypes = clientTypes;
            replan();
        }

        /**
         * Adopts a plan another session made: no parse, no planning until the catalog changes.
         *
         * @param parse a fresh parse of the query for re-planning; null: the shared text's
         */
        QueryStatement(SharedQuery shared, java.util.function.Supplier<SqlNode> parse) {
            Rewritten r = shared.rewritten();
            this.parse = parse != null ? parse : () -> typed(TesseraSqlParser.parse(r), r, shared.clientTypes());
            this.text = shared.text();
            this.toClient = shared.toClient();
            this.paramNumbers = shared.paramNumbers();
            this.clientTypes = shared.clientTypes();
            this.plan = shared.plan();
            this.plannedWith = shared.plannedWith();
            this.columns = shared.columns();
            this.shareable = r;
        }

        /** Lets {@link #share} publish this query's plan; {@code rewritten} is its parsed text. */
        QueryStatement shareable(Rewritten rewritten) {
            this.shareable = rewritten;
            return this;
        }

        /** This query's plan for the other sessions, or null when it is not to be shared. */
        SharedQuery share() {
            return shareable == null ? null : new SharedQuery(shareable, text, toClient, paramNumbers, clientTypes,
                    plan, plannedWith, columns);
        }

        /**
         * Whether this query must be planned again before it runs: its planner is outdated (catalog, search path,
         * pushdown) or a table it reads was analyzed since ({@link StatisticsStamp}).
         */
        boolean stale() {
            return outdated(plannedWith) || !plan.current();
        }

        private void replan() {
            QueryPlanner p = planner();
            try {
                plan = p.plan(PgRewriter.rewrite(parse.get()));
            } catch (ExceptionInInitializerError e) {
                // constant folding ran the expression at compile time, e.g. select 1/0
                throw RuntimeErrors.translate(e.getCause());
            } catch (RuntimeException e) {
                throw CalciteErrors.translate(e, text, toClient);
            }
            plannedWith = p;
            columns = TesseraSession.columns(plan.rowType(), plan.clientTypes());
        }

        @Override
        public List<Integer> parameterTypes() {
            return parameterOids(plan.parameterTypes(), paramNumbers, clientTypes);
        }

        @Override
        public List<Column> columns() {
            return columns;
        }

        @Override
        public boolean returnsRows() {
            return true;
        }

        @Override
        public QueryResult execute(List<Object> params) {
            StatementContext ctx;
            try {
                if (stale()) {
                    if (withoutWaits) {
                        throw io.tessera.coordinator.sql.exec.WouldWait.INSTANCE; // planning is the executor's
                    }
                    replan();
                }
                ctx = begin(plannedWith.catalog(), bind(params, paramNumbers, plan.parameterTypes()), false);
                if (plan.singleScan()) {
                    ctx.allowDatanodeSnapshot();
                }
                // a read has no transaction of its own to end; statement_timeout runs until its rows are consumed
                return new FailureTracking(open(ctx));
            } catch (TesseraException e) {
                failStatement();
                throw e;
            }
        }

        /** Starts the query under a statement context whose parameters are already bound. */
        EnumeratorResult open(StatementContext ctx) {
            TesseraDataContext dc = new TesseraDataContext(plannedWith.rootSchema().plus(), plannedWith.typeFactory(), ctx,
                    plan.stash());
            try {
                Enumerator<Object[]> direct = plan.direct() == null ? null : plan.direct().open(dc);
                if (direct != null) {
                    return new EnumeratorResult(columns, direct, false);
                }
                ctx.refuseWait(); // Calcite's compiled plan pulls its rows from streams
                Enumerator<?> rows = plan.bindable().bind(dc).enumerator();
                return new EnumeratorResult(columns, rows, plan.scalarRows());
            } catch (io.tessera.coordinator.sql.exec.WouldWait e) {
                throw e;
            } catch (RuntimeException | ExceptionInInitializerError e) {
                throw RuntimeErrors.translate(e);
            }
        }
    }

    /**
     * An INSERT's plan as sessions share it ({@link PlanCache}).
     *
     * @param named the target columns the statement names (or all)
     * @param targets those completed with the columns that take defaults ({@link InsertDefaults})
     * @param untyped which source columns are untyped literals ({@link AssignmentTyping#untyped})
     */
    private record SharedInsert(TableDef table, int[] named, int[] targets, boolean valuesOnly, boolean[] untyped,
            SharedQuery source)
            implements PlanCache.Planned {
        @Override
        public boolean current() {
            return source.current();
        }
    }

    /** An INSERT: its source is planned as a query and its rows routed to shards. */
    private final class InsertStatement implements PreparedStatement {
        private final TableDef table;
        private int[] targets;
        /** The target columns the statement names (or all); {@link #targets} adds the defaulted ones. */
        private int[] named;
        private final Rewritten rewritten;
        private final QueryStatement source;
        private OnConflictPlanner.Plan onConflict;
        private Returning returning;
        /** VALUES with no subquery: its executions read nothing, so they may be deferred ({@link #defer}). */
        private final boolean valuesOnly;
        /** Which source columns are untyped literals, read by their column's input function. */
        private final boolean[] untyped;
        /** {@link #sourceTypes()} of the source's plan {@link #sourceTypesOf}, kept with it (null until first used). */
        private io.tessera.common.types.PgType[] sourceTypes;
        private QueryPlanner.Plan sourceTypesOf;

        InsertStatement(SqlInsert insert, Rewritten rewritten, IntUnaryOperator toClient,
                List<Integer> paramNumbers, List<Integer> clientTypes, DmlClauses clauses) {
            valuesOnly = insert.getSource().getKind() == SqlKind.VALUES && !QualifiedDml.hasQuery(insert.getSource());
            String text = rewritten.sql();
            if (!(insert.getTargetTable() instanceof SqlIdentifier id)) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "INSERT target must be a table name");
            }
            String name = DdlExecutor.tableName(id);
            CatalogSnapshot snapshot = planner().catalog();
            table = snapshot.tables(database).get(name);
            if (table == null) {
                throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist", null,
                        null, toClient.applyAsInt(CalciteErrors.offset(text, id.getParserPosition().getLineNum(),
                                id.getParserPosition().getColumnNum())), null);
            }
            InsertDefaults.defaultValues(insert, table);
            SqlNodeList columnList = insert.getTargetColumnList();
            if (columnList == null || columnList.isEmpty()) {
                targets = new int[table.columns().size()];
                for (int i = 0; i < targets.length; i++) {
                    targets[i] = i;
                }
            } else {
                targets = new int[columnList.size()];
                for (int i = 0; i < targets.length; i++) {
                    String col = ((SqlIdentifier) columnList.get(i)).getSimple();
                    int idx = table.columnIndex(col);
                    if (idx < 0) {
                        throw new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + col + "\" of relation \""
                                + name + "\" does not exist");
                    }
                    for (int j = 0; j < i; j++) {
                        if (targets[j] == idx) {
                            throw new TesseraException(SqlState.DUPLICATE_COLUMN, "column \"" + col
                                    + "\" specified more than once");
                        }
                    }
                    targets[i] = idx;
                }
            }
            named = targets;
            if (InsertDefaults.needed(table)) {
                targets = InsertDefaults.complete(table, named);
            }
            this.rewritten = rewritten;
            untyped = AssignmentTyping.untyped(insert.getSource(), named.length);
            boolean[] first = {true};
            source = new QueryStatement(() -> {
                SqlInsert tree = first[0] ? insert
                        : (SqlInsert) typed(TesseraSqlParser.parse(rewritten), rewritten, clientTypes);
                first[0] = false;
                return sourceTree(tree);
            }, text, toClient, paramNumbers, clientTypes);
            int produced = source.columns().size() - table.checks().size();
            if (produced > targets.length) {
                throw new TesseraException(SqlState.SYNTAX_ERROR, "INSERT has more expressions than target columns");
            }
            if (produced < targets.length) {
                throw new TesseraException(SqlState.SYNTAX_ERROR, "INSERT has more target columns than expressions");
            }
            List<RelDataTypeField> fields = source.plan.rowType().getFieldList();
            for (int i = 0; i < named.length; i++) {
                if (!untyped[i]) {
                    AssignmentTyping.check(fields.get(i).getType(), table.columns().get(named[i]), snapshot, database);
                }
            }
            if (clauses.onConflict() != null) {
                onConflict = OnConflictPlanner.plan(planner(), table, id, clauses.onConflict(), paramNumbers,
                        clientTypes, toClient);
                if (onConflict != null && onConflict.movesKey() && (io.tessera.coordinator.sql.constraint.ForeignKeys
                        .checksInsert(table) || io.tessera.coordinator.sql.constraint.ForeignKeys.involved(snapshot,
                                table, false, onConflict.columns()))) {
                    throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "ON CONFLICT DO UPDATE of a key column"
                            + " of a table with foreign keys is not supported yet");
                }
            }
            if (clauses.returning() != null) {
                returning = Returning.plan(planner(), table, id, clauses.returning(), paramNumbers, clientTypes,
                        toClient);
            }
        }

        /** Adopts a plan another session made: no parse, no planning until the catalog changes. */
        InsertStatement(SharedInsert shared) {
            this.table = shared.table();
            this.named = shared.named();
            this.targets = shared.targets();
            this.valuesOnly = shared.valuesOnly();
            this.untyped = shared.untyped();
            this.rewritten = shared.source().rewritten();
            List<Integer> clientTypes = shared.source().clientTypes();
            this.source = new QueryStatement(shared.source(), () -> sourceTree(
                    (SqlInsert) typed(TesseraSqlParser.parse(rewritten), rewritten, clientTypes)));
        }

        /** The query giving the rows of {@code tree}, an INSERT parsed from this statement's text. */
        private SqlNode sourceTree(SqlInsert tree) {
            InsertDefaults.defaultValues(tree, table);
            typeValuesParameters(tree.getSource());
            List<RelDataType> targetTypes = new ArrayList<>(); // VALUES ('-0'), (1.5) into float8 is -0
            for (int c : named) {
                targetTypes.add(TypeMapping.toRelType(planner().typeFactory(), table.columns().get(c).type(),
                        table.columns().get(c).typmod()));
            }
            ValuesTyping.readStringsAsTargets(tree.getSource(), targetTypes);
            if (targets == named) {
                return tree.getSource();
            }
            return InsertDefaults.rewrite(tree.getSource(), table, named, targets, planner().typeFactory());
        }

        /** This INSERT's plan for the other sessions, or null when it is not shared (ON CONFLICT, RETURNING). */
        SharedInsert share() {
            if (onConflict != null || returning != null) {
                return null;
            }
            SharedQuery q = new SharedQuery(rewritten, source.text, source.toClient, source.paramNumbers,
                    source.clientTypes, source.plan, source.plannedWith, source.columns);
            return new SharedInsert(table, named, targets, valuesOnly, untyped, q);
        }

        /**
         * Runs this INSERT as a deferred execution ({@link SqlSession#deferExecute}): a statement of the block like
         * any other (its command id, its rows computed, coerced and checked now), whose rows wait in the session's
         * {@link io.tessera.coordinator.sql.exec.InsertPipeline} until {@link #flushDeferred}.
         *
         * @return the command tag, or null when this execution cannot be deferred
         */
        String defer(List<Object> params) {
            if (!valuesOnly || onConflict != null || returning != null || !(inBlock || implicit) || failed
                    || io.tessera.coordinator.sql.constraint.ForeignKeys.checksInsert(table)
                    || source.stale()) {
                return null;
            }
            TableDef current = source.plannedWith.catalog().tables(database).get(table.key());
            if (current == null || current.id() != table.id()) {
                return null; // execute() reports it
            }
            if (pipeline != null && (!pipeline.holds(this)
                    || pipeline.executions() >= io.tessera.coordinator.sql.exec.InsertPipeline.MAX_ROWS)) {
                return null; // the caller writes those first (so its count of deferred executions stays right)
            }
            List<Object[]> rows = new ArrayList<>();
            try {
                StatementContext ctx = begin(source.plannedWith.catalog(), bind(params, source.paramNumbers,
                        allParameterTypes()), true);
                Enumerator<Object[]> e = source.open(ctx).enumerator();
                try {
                    while (e.moveNext()) {
                        rows.add(e.current());
                    }
                } finally {
                    e.close();
                }
                if (pipeline == null) {
                    pipeline = new io.tessera.coordinator.sql.exec.InsertPipeline(this, table, targets,
                            InsertExecutor.layout(table).checks(), sourceTypes(), ctx);
                }
                pipeline.add(rows);
            } catch (RuntimeException e) {
                TesseraException error = e instanceof TesseraException te ? te : RuntimeErrors.translate(e);
                flushDeferred(); // an earlier execution's failure is reported first
                failStatement();
                throw error;
            }
            endStatement();
            return "INSERT 0 " + rows.size();
        }

        /**
         * The SQL types the named columns' values are converted from by their assignment casts, as the source is
         * planned now ({@link AssignmentTyping#conversionType}); the defaulted columns' values go in as they are.
         * Computed once per plan of the source: a replan computes them again.
         */
        private io.tessera.common.types.PgType[] sourceTypes() {
            QueryPlanner.Plan plan = source.plan;
            if (sourceTypesOf == plan) {
                return sourceTypes;
            }
            List<RelDataTypeField> fields = plan.rowType().getFieldList();
            io.tessera.common.types.PgType[] types = new io.tessera.common.types.PgType[named.length];
            for (int i = 0; i < named.length; i++) {
                types[i] = AssignmentTyping.conversionType(fields.get(i).getType(), untyped[i],
                        table.columns().get(named[i]));
            }
            sourceTypes = types;
            sourceTypesOf = plan;
            return types;
        }

        /** The types of the source's markers, then those of ON CONFLICT and of RETURNING. */
        private List<RelDataType> allParameterTypes() {
            if (onConflict == null && returning == null) {
                return source.plan.parameterTypes();
            }
            List<RelDataType> all = new ArrayList<>(source.plan.parameterTypes());
            if (onConflict != null) {
                all.addAll(onConflict.parameterTypes());
            }
            if (returning != null) {
                all.addAll(returning.parameterTypes());
            }
            return all;
        }

        /** In {@code VALUES (?, ?)}, gives each parameter the type of the column it fills. */
        private void typeValuesParameters(SqlNode source) {
            if (source.getKind() != SqlKind.VALUES) {
                return;
            }
            for (SqlNode row : ((SqlCall) source).getOperandList()) {
                if (!(row instanceof SqlBasicCall r)) {
                    continue;
                }
                for (int i = 0; i < r.operandCount() && i < targets.length; i++) {
                    SqlNode v = r.operand(i);
                    if (v.getKind() == SqlKind.DYNAMIC_PARAM) {
                        ColumnDef c = table.columns().get(targets[i]);
                        // numeric goes through text: Calcite's DECIMAL has a fixed scale, numeric's value keeps its own
                        PgType through = c.type() == PgType.NUMERIC ? PgType.TEXT : c.type();
                        r.setOperand(i, io.tessera.coordinator.sql.functions.IntervalFunctions.castTo(v,
                                TypeMapping.toRelType(planner().typeFactory(), through, -1)));
                    }
                }
            }
        }

        @Override
        public List<Integer> parameterTypes() {
            return parameterOids(allParameterTypes(), source.paramNumbers, source.clientTypes);
        }

        @Override
        public List<Column> columns() {
            return returning == null ? List.of() : returning.columns();
        }

        @Override
        public QueryResult execute(List<Object> params) {
            if (source.stale()) {
                source.replan();
            }
            TableDef current = source.plannedWith.catalog().tables(database).get(table.key());
            if (current == null || current.id() != table.id()) {
                // redefined under a new id (redistribution, ADD PRIMARY KEY): StaleSchemaRetry re-plans
                throw new TesseraException(current == null ? SqlState.FEATURE_NOT_SUPPORTED
                        : SqlState.STALE_SCHEMA_VERSION, "table \"" + table.name()
                        + "\" was dropped or redefined since this statement was prepared; prepare it again");
            }
            return run(true, ctx -> {
                if (valuesOnly && onConflict == null) { // reads nothing; InsertExecutor takes it for one request
                    ctx.allowDatanodeSnapshot();
                }
                InsertExecutor insert = new InsertExecutor(table, targets, ctx)
                        .withChecks(InsertExecutor.layout(table).checks()).withSourceTypes(sourceTypes());
                boolean fk = io.tessera.coordinator.sql.constraint.ForeignKeys.checksInsert(table);
                List<Object[]> written = returning == null && !fk ? null : new ArrayList<>();
                if (onConflict != null && onConflict.movesKey()) {
                    long n = io.tessera.coordinator.sql.exec.KeyChangingUpsert.run(table, targets,
                            sourceTypes(), InsertExecutor.layout(table).checks(), source.open(ctx).enumerator(),
                            onConflict.columns(), onConflict.values(), onConflict.filter(), onConflict.checks(), ctx,
                            new org.apache.calcite.rex.RexBuilder(source.plannedWith.typeFactory()), written);
                    return new ListResult(columns(), returning == null ? List.of() : returning.project(written, ctx),
                            "INSERT 0 " + n);
                }
                if (onConflict != null) {
                    insert.withOnConflict(onConflict.toProto(table, ctx));
                }
                if (written != null) {
                    insert.returning(written);
                }
                long n = insert.run(source.open(ctx).enumerator());
                if (fk) {
                    io.tessera.coordinator.sql.constraint.ForeignKeys.afterInsert(table, written, ctx,
                            source.plannedWith.typeFactory());
                }
                return new ListResult(columns(), returning == null ? List.of() : returning.project(written, ctx),
                        "INSERT 0 " + n);
            }, source.plannedWith.catalog(), bind(params, source.paramNumbers, allParameterTypes()));
        }
    }
}
