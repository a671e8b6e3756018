package io.tessera.coordinator.catalog.pgcatalog;

import static org.apache.calcite.sql.type.SqlTypeName.ANY;
import static org.apache.calcite.sql.type.SqlTypeName.ARRAY;
import static org.apache.calcite.sql.type.SqlTypeName.BIGINT;
import static org.apache.calcite.sql.type.SqlTypeName.BOOLEAN;
import static org.apache.calcite.sql.type.SqlTypeName.INTEGER;
import static org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.sql.exec.StatementContext;
import io.tessera.coordinator.sql.exec.TesseraDataContext;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.calcite.DataContext;
import org.apache.calcite.schema.Function;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * PostgreSQL's system information and catalog functions that clients call (psql's {@code \d} family, pgjdbc's
 * DatabaseMetaData, pgbench, ORMs): {@code version()}, {@code current_database()}, {@code current_schema()},
 * {@code current_schemas(bool)}, {@code current_setting}, {@code set_config}, {@code pg_table_is_visible},
 * {@code format_type}, {@code pg_get_expr}, {@code pg_get_indexdef}, {@code pg_get_constraintdef},
 * {@code pg_get_viewdef}, {@code pg_get_userbyid}, {@code obj_description}, {@code col_description},
 * {@code shobj_description}, the {@code has_*_privilege} family, {@code pg_encoding_to_char},
 * {@code array_to_string}, {@code array_upper}, {@code array_position}, {@code pg_backend_pid},
 * {@code pg_postmaster_start_time}, {@code quote_ident}, and the reg* conversions behind {@code ::regclass}
 * ({@link RegCasts}). Semantics: https://www.postgresql.org/docs/15/functions-info.html
 *
 * <p>Each function is a static method taking the statement's DataContext first ({@link ContextFunction}); they
 * live in pg_catalog, so both {@code format_type(...)} and {@code pg_catalog.format_type(...)} resolve.
 */
public final class PgCatalogFunctions {
    /** The version string: PostgreSQL's shape (clients parse "PostgreSQL 15.0"), naming Tessera. */
    public static final String VERSION = "PostgreSQL 15.0 (Tessera 0.1.0, a distributed SQL database) on "
            + "x86_64-pc-linux-gnu, compiled by javac " + Runtime.version().feature() + ", 64-bit";

    private PgCatalogFunctions() {
    }

    /** Every function by name, overloads under one name. */
    public static Multimap<String, Function> functions() {
        ImmutableMultimap.Builder<String, Function> b = ImmutableMultimap.builder();
        fn(b, "version", "version", false, VARCHAR);
        fn(b, "current_database", "currentDatabase", false, VARCHAR);
        fn(b, "current_schema", "currentSchema", false, VARCHAR);
        fn(b, "current_schemas", "currentSchemas", true, ARRAY, BOOLEAN);
        fn(b, "current_setting", "currentSetting", true, VARCHAR, VARCHAR);
        fn(b, "current_setting", "currentSettingMissingOk", true, VARCHAR, VARCHAR, BOOLEAN);
        fn(b, "set_config", "setConfig", false, VARCHAR, VARCHAR, VARCHAR, BOOLEAN);
        fn(b, "pg_table_is_visible", "tableIsVisible", true, BOOLEAN, INTEGER);
        fn(b, "pg_type_is_visible", "typeIsVisible", true, BOOLEAN, INTEGER);
        fn(b, "format_type", "formatType", false, VARCHAR, INTEGER, INTEGER);
        fn(b, "pg_get_expr", "getExpr", true, VARCHAR, VARCHAR, INTEGER);
        fn(b, "pg_get_expr", "getExprPretty", true, VARCHAR, VARCHAR, INTEGER, BOOLEAN);
        fn(b, "pg_get_indexdef", "getIndexdef", true, VARCHAR, INTEGER);
        fn(b, "pg_get_indexdef", "getIndexdefColumn", true, VARCHAR, INTEGER, INTEGER, BOOLEAN);
        fn(b, "pg_get_constraintdef", "getConstraintdef", true, VARCHAR, INTEGER);
        fn(b, "pg_get_constraintdef", "getConstraintdefPretty", true, VARCHAR, INTEGER, BOOLEAN);
        fn(b, "pg_get_viewdef", "getViewdef", true, VARCHAR, INTEGER);
        fn(b, "pg_get_viewdef", "getViewdefPretty", true, VARCHAR, INTEGER, BOOLEAN);
        fn(b, "pg_get_viewdef", "getViewdefByName", true, VARCHAR, VARCHAR);
        fn(b, "pg_get_viewdef", "getViewdefByNamePretty", true, VARCHAR, VARCHAR, BOOLEAN);
        fn(b, "pg_get_function_result", "functionResult", true, VARCHAR, INTEGER);
        fn(b, "pg_get_function_arguments", "functionArguments", true, VARCHAR, INTEGER);
        fn(b, "pg_get_function_identity_arguments", "functionIdentityArguments", true, VARCHAR, INTEGER);
        fn(b, "pg_get_function_sqlbody", "functionNothing", true, VARCHAR, INTEGER);
        fn(b, "pg_function_is_visible", "functionIsVisible", true, BOOLEAN, INTEGER);
        fn(b, "pg_get_userbyid", "getUserbyid", true, VARCHAR, INTEGER);
        fn(b, "pg_get_serial_sequence", "getSerialSequence", true, VARCHAR, VARCHAR, VARCHAR);
        fn(b, "obj_description", "objDescription", true, VARCHAR, INTEGER);
        fn(b, "obj_description", "objDescriptionOf", true, VARCHAR, INTEGER, VARCHAR);
        fn(b, "col_description", "colDescription", true, VARCHAR, INTEGER, INTEGER);
        fn(b, "shobj_description", "objDescriptionOf", true, VARCHAR, INTEGER, VARCHAR);
        for (String object : List.of("table", "column", "schema", "database", "sequence", "function", "any_column",
                "tablespace", "type", "foreign_data_wrapper", "server", "language")) {
            String name = "has_" + object + "_privilege";
            String base = switch (object) {
                case "table", "any_column" -> "table";
                case "schema", "database", "sequence", "column" -> object;
                default -> "public";
            };
            if (object.equals("column")) {
                fn(b, PrivilegeFunctions.class, name, "column3", true, BOOLEAN, ANY, ANY, ANY);
                fn(b, PrivilegeFunctions.class, name, "column4", true, BOOLEAN, ANY, ANY, ANY, ANY);
            } else {
                fn(b, PrivilegeFunctions.class, name, base + "2", true, BOOLEAN, ANY, ANY);
                fn(b, PrivilegeFunctions.class, name, base + "3", true, BOOLEAN, ANY, ANY, ANY);
            }
        }
        fn(b, PrivilegeFunctions.class, "pg_has_role", "role2", true, BOOLEAN, ANY, ANY);
        fn(b, PrivilegeFunctions.class, "pg_has_role", "role3", true, BOOLEAN, ANY, ANY, ANY);
        fn(b, "pg_encoding_to_char", "encodingToChar", true, VARCHAR, INTEGER);
        fn(b, "array_to_string", "arrayToString", true, VARCHAR, ANY, VARCHAR);
        fn(b, "array_to_string", "arrayToStringNulls", false, VARCHAR, ANY, VARCHAR, VARCHAR);
        fn(b, "array_upper", "arrayUpper", true, INTEGER, ANY, INTEGER);
        fn(b, "array_lower", "arrayLower", true, INTEGER, ANY, INTEGER);
        fn(b, "array_length", "arrayUpper", true, INTEGER, ANY, INTEGER);
        fn(b, "array_cat", "arrayCat", false, ARRAY, ANY, ANY);
        fn(b, "array_position", "arrayPosition", false, INTEGER, ANY, ANY);
        fn(b, "pg_backend_pid", "backendPid", false, INTEGER);
        fn(b, "pg_cancel_backend", "cancelBackend", true, BOOLEAN, INTEGER);
        fn(b, "pg_terminate_backend", "terminateBackend", true, BOOLEAN, INTEGER);
        fn(b, "pg_terminate_backend", "terminateBackendWait", true, BOOLEAN, INTEGER, BIGINT);
        fn(b, "now", "transactionTimestamp", false, TIMESTAMP_WITH_LOCAL_TIME_ZONE);
        fn(b, "transaction_timestamp", "transactionTimestamp", false, TIMESTAMP_WITH_LOCAL_TIME_ZONE);
        fn(b, "statement_timestamp", "statementTimestamp", false, TIMESTAMP_WITH_LOCAL_TIME_ZONE);
        fn(b, "clock_timestamp", "clockTimestamp", false, TIMESTAMP_WITH_LOCAL_TIME_ZONE);
        fn(b, "timeofday", "timeOfDay", false, VARCHAR);
        fn(b, "pg_postmaster_start_time", "postmasterStartTime", false, TIMESTAMP_WITH_LOCAL_TIME_ZONE);
        fn(b, "pg_is_in_recovery", "isInRecovery", false, BOOLEAN);
        fn(b, "acldefault", "aclDefault", true, ARRAY, VARCHAR, INTEGER);
        fn(b, "quote_literal", "quoteLiteral", true, VARCHAR, VARCHAR);
        fn(b, "array_remove", "arrayRemove", false, ARRAY, ANY, ANY);
        fn(b, "quote_ident", "quoteIdent", true, VARCHAR, VARCHAR);
        fn(b, "pg_relation_is_publishable", "relationIsPublishable", true, BOOLEAN, INTEGER);
        fn(b, PgTrigger.class, "pg_get_triggerdef", "triggerdef", true, VARCHAR, INTEGER);
        fn(b, PgTrigger.class, "pg_get_triggerdef", "triggerdefPretty", true, VARCHAR, INTEGER, BOOLEAN);
        fn(b, "pg_get_statisticsobjdef_columns", "statisticsObjdefColumns", true, VARCHAR, INTEGER);
        fn(b, "to_regclass", "regclassIn", true, INTEGER, VARCHAR);
        fn(b, io.tessera.coordinator.sql.RedistributionJobs.class, "pg_cancel_redistribute", "cancelRedistribute",
                true, BOOLEAN, INTEGER);
        RegCasts.register(b);
        AdminFunctions.register(b);
        AdvisoryLockFunctions.register(b);
        TransactionIdFunctions.register(b);
        RandomFunctions.register(b);
        return b.build();
    }

    static void fn(ImmutableMultimap.Builder<String, Function> b, String sqlName, String javaName, boolean strict,
            SqlTypeName result, SqlTypeName... params) {
        fn(b, PgCatalogFunctions.class, sqlName, javaName, strict, result, params);
    }

    static void fn(ImmutableMultimap.Builder<String, Function> b, Class<?> owner, String sqlName, String javaName,
            boolean strict, SqlTypeName result, SqlTypeName... params) {
        Method m = Arrays.stream(owner.getMethods())
                .filter(x -> x.getName().equals(javaName) && x.getParameterCount() == params.length + 1)
                .findFirst().orElseThrow(() -> new IllegalStateException("no method " + javaName));
        b.put(sqlName, new ContextFunction(m, strict, VolatileFunctions.NAMES.contains(sqlName), result, params));
    }

    /** The catalog and session a function call sees. */
    static CatalogContext context(DataContext root) {
        StatementContext s = TesseraDataContext.statement(root);
        return new CatalogContext(s.catalog(), s.session());
    }

    // ---- session information

    public static String version(DataContext root) {
        return VERSION;
    }

    public static String currentDatabase(DataContext root) {
        return context(root).database();
    }

    /** The first schema of search_path that exists; NULL when none does (as in PostgreSQL). */
    public static String currentSchema(DataContext root) {
        List<String> path = searchPath(root);
        return path.isEmpty() ? null : path.get(0);
    }

    /**
     * search_path's existing schemas; with {@code implicit}, the session's temporary schema (if it has one) and
     * pg_catalog first unless listed.
     */
    public static List<String> currentSchemas(DataContext root, Boolean implicit) {
        List<String> out = new ArrayList<>();
        List<String> path = searchPath(root);
        String temp = io.tessera.coordinator.catalog.SearchPath.tempSchema();
        if (implicit && temp != null) { // the session's temporary schema, searched first
            out.add(temp);
        }
        if (implicit && !path.contains("pg_catalog")) {
            out.add("pg_catalog");
        }
        out.addAll(path);
        return out;
    }

    private static List<String> searchPath(DataContext root) {
        SessionInfo s = context(root).session();
        return s == null ? List.of("public") : s.searchPath();
    }

    /** @throws TesseraException 42704 for an unknown parameter, as PostgreSQL */
    public static String currentSetting(DataContext root, String name) {
        String v = setting(root, name);
        if (v == null) {
            throw new TesseraException(SqlState.UNDEFINED_OBJECT, "unrecognized configuration parameter \"" + name
                    + "\"");
        }
        return v;
    }

    public static String currentSettingMissingOk(DataContext root, String name, Boolean missingOk) {
        String v = setting(root, name);
        if (v == null && !missingOk) {
            return currentSetting(root, name);
        }
        return v;
    }

    private static String setting(DataContext root, String name) {
        SessionInfo s = context(root).session();
        String key = name.toLowerCase(Locale.ROOT);
        if (s != null) {
            for (Map.Entry<String, String> e : s.settings().entrySet()) {
                if (e.getKey().toLowerCase(Locale.ROOT).equals(key)) {
                    return e.getValue();
                }
            }
        }
        return key.equals("search_path") ? "\"$user\", public" : null;
    }

    /**
     * Sets a session parameter and returns its new value. {@code is_local} (to the end of the transaction) is
     * treated as session-wide: Tessera has no SET LOCAL yet.
     */
    public static String setConfig(DataContext root, String name, String value, Boolean isLocal) {
        SessionInfo s = context(root).session();
        if (name == null) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "SET requires parameter name");
        }
        if (s != null) {
            s.settings().put(name.toLowerCase(Locale.ROOT), value == null ? "" : value);
        }
        return value;
    }

    public static Integer backendPid(DataContext root) {
        SessionInfo s = context(root).session();
        return s == null ? 0 : s.backendPid();
    }

    /**
     * {@code pg_cancel_backend(pid)}: stops the statement the session with this process id (on this coordinator)
     * runs; it fails with 57014. False when there is no such session.
     */
    public static Boolean cancelBackend(DataContext root, Integer pid) {
        Backend b = backend(root, pid);
        if (b == null) {
            return false;
        }
        b.cancel();
        return true;
    }

    /**
     * {@code pg_terminate_backend(pid)}: ends the session with this process id (on this coordinator); its client
     * gets FATAL 57P01 and its open transaction rolls back. False when there is no such session.
     */
    public static Boolean terminateBackend(DataContext root, Integer pid) {
        Backend b = backend(root, pid);
        if (b == null) {
            return false;
        }
        b.terminate();
        return true;
    }

    /** {@code pg_terminate_backend(pid, timeout)}: as {@link #terminateBackend}; the signal is sent at once. */
    public static Boolean terminateBackendWait(DataContext root, Integer pid, Long timeoutMillis) {
        if (timeoutMillis < 0) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "\"timeout\" must not be negative");
        }
        return terminateBackend(root, pid);
    }

    private static Backend backend(DataContext root, int pid) {
        SessionInfo s = context(root).session();
        return s == null ? null : s.backends().find(pid);
    }

    /**
     * {@code now()}, {@code transaction_timestamp()}: when the current transaction began, milliseconds since the
     * epoch (Calcite's timestamptz); a statement outside a transaction block is its own transaction.
     */
    public static Long transactionTimestamp(DataContext root) {
        return (Long) root.get(DataContext.Variable.CURRENT_TIMESTAMP.camelName);
    }

    /** {@code statement_timestamp()}: when the current statement began. */
    public static Long statementTimestamp(DataContext root) {
        return (Long) root.get(TesseraDataContext.STATEMENT_TIMESTAMP);
    }

    /** {@code clock_timestamp()}: the time of the call. */
    public static Long clockTimestamp(DataContext root) {
        return io.tessera.common.types.EngineUnit.now();
    }

    /**
     * {@code timeofday()}: the time of the call as text in the session's time zone, to the microsecond, as
     * PostgreSQL prints it ({@code Mon Dec 07 23:04:15.959876 2026 UTC}).
     */
    public static String timeOfDay(DataContext root) {
        SessionInfo s = context(root).session();
        String name = s == null ? null : s.settings().get("TimeZone");
        java.time.ZoneId zone;
        try {
            zone = name == null ? java.time.ZoneOffset.UTC : java.time.ZoneId.of(name);
        } catch (java.time.DateTimeException notJava) {
            zone = java.time.ZoneOffset.UTC;
        }
        return java.time.format.DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss.SSSSSS yyyy zzz", Locale.ENGLISH)
                .format(java.time.Instant.now().atZone(zone));
    }

    /** Since the epoch in the engine's unit (Calcite's representation of timestamptz). */
    public static Long postmasterStartTime(DataContext root) {
        SessionInfo s = context(root).session();
        return s == null ? null : io.tessera.common.types.EngineUnit.fromMillis(s.startMillis());
    }

    public static Boolean isInRecovery(DataContext root) {
        return false;
    }

    // ---- catalog

    public static Boolean tableIsVisible(DataContext root, Integer oid) {
        return Relations.isVisible(context(root), oid);
    }

    /**
     * pg_type_is_visible(oid): a built-in type always (pg_catalog); an enum type when the search path finds it by its
     * bare name; NULL for an OID that names no type, as PostgreSQL.
     */
    public static Boolean typeIsVisible(DataContext root, Integer oid) {
        if (oid == null) {
            return null;
        }
        if (PgTypeCatalog.byOid(oid) != null) {
            return true;
        }
        CatalogContext ctx = context(root);
        io.tessera.coordinator.catalog.EnumTypeDef e = ctx.snapshot().enumType(ctx.database(), oid);
        return e == null ? null : PgEnum.isVisible(ctx, e);
    }

    /** format_type(type_oid, typmod): NULL for a NULL OID; a NULL typmod means none. */
    public static String formatType(DataContext root, Integer oid, Integer typmod) {
        if (oid == null) {
            return null;
        }
        if (PgTypeCatalog.byOid(oid) == null) {
            CatalogContext ctx = context(root);
            io.tessera.coordinator.catalog.EnumTypeDef e = ctx.snapshot().enumType(ctx.database(), oid);
            if (e != null) { // qualified when not visible, as format_type prints a type
                return PgEnum.formatName(ctx, e);
            }
        }
        if (oid == io.tessera.common.types.PgType.BPCHAR.oid() && typmod != null && typmod < 0) {
            return "bpchar"; // format_type.c: a given typmod of none is not character(1)
        }
        return PgTypeCatalog.formatType(oid, typmod == null ? -1 : typmod);
    }

    /** pg_get_expr: Tessera stores expressions (pg_attrdef.adbin, ...) as their SQL text, so this is that text. */
    public static String getExpr(DataContext root, String expr, Integer relid) {
        return qualifySequences(context(root), expr);
    }

    /**
     * {@code expr} as PostgreSQL prints it for the session's search path: the sequence of each
     * {@code nextval('s'::regclass)} qualified when its bare name does not find it through the path
     * ({@code nextval('public.s'::regclass)} with public off the path, {@code nextval('s.q'::regclass)} with s off it,
     * as regclassout does), and the enum type of each cast ({@code 'x'::mood}) qualified when public is not on the path
     * ({@code 'x'::public.mood}, as format_type names it then); pg_dump reads defaults with an empty search path.
     */
    static String qualifySequences(CatalogContext ctx, String expr) {
        if (expr == null) {
            return null;
        }
        java.util.List<String> path = Relations.searchPath(ctx);
        java.util.regex.Matcher m = NEXTVAL_REGCLASS.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            java.util.List<String> parts = NameParts.split(m.group(1).replace("''", "'"));
            String key = parts.size() == 2 ? io.tessera.coordinator.catalog.CatalogSnapshot.key(parts.get(0),
                    parts.get(1)) : parts.get(0);
            io.tessera.coordinator.catalog.SequenceDef q = ctx.snapshot().sequences(ctx.database()).get(key);
            String text = m.group();
            if (q != null) {
                boolean visible = q.schemaName().equals(schemaHaving(ctx, path, q.name()));
                String name = visible ? Relations.quote(q.name())
                        : Relations.quote(q.schemaName()) + "." + Relations.quote(q.name());
                text = "nextval('" + name.replace("'", "''") + "'::regclass)";
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        expr = out.toString();
        if (path.contains("public")) {
            return expr;
        }
        for (io.tessera.coordinator.catalog.EnumTypeDef t : ctx.snapshot().types(ctx.database()).values()) {
            if (t.schema() != null) {
                continue;
            }
            // a cast to an enum type: 'new'::public.mood, as format_type names the type then
            expr = expr.replaceAll("::" + java.util.regex.Pattern.quote(t.name()) + "(?![\\w$.])",
                    java.util.regex.Matcher.quoteReplacement("::public." + t.name()));
        }
        return expr;
    }

    private static final java.util.regex.Pattern NEXTVAL_REGCLASS =
            java.util.regex.Pattern.compile("nextval\\('((?:[^']|'')+)'::regclass\\)");

    /**
     * pg_get_expr(expr, relid, pretty): pretty printing keeps only the parentheses precedence needs
     * ({@code 2 * 21} for {@code (2 * 21)}), as PostgreSQL's PRETTYFLAG_PAREN does ({@link DefaultDeparser#pretty}).
     */
    public static String getExprPretty(DataContext root, String expr, Integer relid, Boolean pretty) {
        expr = qualifySequences(context(root), expr);
        return Boolean.TRUE.equals(pretty) ? DefaultDeparser.pretty(expr) : expr;
    }

    public static String getIndexdef(DataContext root, Integer oid) {
        return PgIndexes.indexDefinition(context(root), oid);
    }

    /**
     * pg_get_indexdef(oid, column, pretty): column 0 is the whole definition, k > 0 the k-th key column. Pretty
     * mode names a table the search path finds without its schema, as PostgreSQL's PRETTYFLAG_SCHEMA does.
     */
    public static String getIndexdefColumn(DataContext root, Integer oid, Integer column, Boolean pretty) {
        CatalogContext ctx = context(root);
        if (column == 0) {
            String def = PgIndexes.indexDefinition(ctx, oid);
            Relations.Relation r = def != null && Boolean.TRUE.equals(pretty) ? Relations.byOid(ctx, oid) : null;
            if (r != null && r.table() != null && Relations.isVisible(ctx, r.table().oid())) {
                def = def.replace(" ON " + Relations.quote(r.table().schema()) + ".", " ON ");
            }
            return def;
        }
        for (TableDef t : ctx.tables()) {
            if (!t.primaryKey().isEmpty() && CatalogOids.primaryKeyIndex(t) == oid) {
                return column <= t.primaryKey().size() ? Relations.quote(t.primaryKey().get(column - 1)) : "";
            }
        }
        return PgIndexes.columnDefinition(ctx, oid, column);
    }

    public static String getConstraintdef(DataContext root, Integer oid) {
        return PgConstraint.definition(context(root), oid);
    }

    public static String getConstraintdefPretty(DataContext root, Integer oid, Boolean pretty) {
        return PgConstraint.definition(context(root), oid, Boolean.TRUE.equals(pretty));
    }

    /**
     * pg_get_viewdef(oid): the view's query as stored (PostgreSQL's form: a leading space, a final semicolon), its
     * relations qualified ({@code public.t}) when {@code public} is not on the search path, as PostgreSQL prints
     * them then (pg_dump reads definitions with an empty search path, and its restore script sets one).
     */
    public static String getViewdef(DataContext root, Integer oid) {
        CatalogContext ctx = context(root);
        for (io.tessera.coordinator.catalog.ViewDef v : ctx.views()) {
            if (v.oid() == oid) {
                return viewDefinition(ctx, v);
            }
        }
        return null;
    }

    /**
     * The first schema of {@code path} with a table, view or sequence named {@code name} in the session's database;
     * null when none has one.
     */
    private static String schemaHaving(CatalogContext ctx, java.util.List<String> path, String name) {
        io.tessera.coordinator.catalog.CatalogSnapshot s = ctx.snapshot();
        for (String schema : path) {
            io.tessera.coordinator.catalog.SequenceDef q = s.sequences(ctx.database())
                    .get(io.tessera.coordinator.catalog.CatalogSnapshot.key(schema, name));
            if (s.table(ctx.database(), schema, name) != null || s.view(ctx.database(), schema, name) != null
                    || q != null && q.schemaName().equals(schema)) {
                return schema;
            }
        }
        return null;
    }

    /**
     * {@code query} with each unqualified name that follows FROM, JOIN or a comma of a FROM list prefixed with the
     * schema {@code schemaOf} gives it (not prefixed when that is null): what pg_get_viewdef prints for a relation
     * that the reader's search path does not find under its bare name. String constants, quoted identifiers and
     * comments are left alone.
     */
    static String qualifyRelations(String query, java.util.function.Function<String, String> schemaOf) {
        StringBuilder out = new StringBuilder();
        String clause = "";
        String previous = "";
        int i = 0;
        while (i < query.length()) {
            int code = io.tessera.sql.parser.SqlLexer.skipNonCode(query, i);
            if (code > i) { // a comment, a string constant or a quoted identifier
                out.append(query, i, code);
                previous = query.charAt(i) == '"' ? "\"" : previous;
                i = code;
                continue;
            }
            char c = query.charAt(i);
            if (io.tessera.sql.parser.SqlLexer.isIdentifierStart(c)) {
                int end = i + 1;
                while (end < query.length() && io.tessera.sql.parser.SqlLexer.isIdentifierPart(query.charAt(end))) {
                    end++;
                }
                String word = query.substring(i, end).toLowerCase(java.util.Locale.ROOT);
                boolean inFromList = previous.equals("from") || previous.equals("join")
                        || (previous.equals(",") && clause.equals("from"));
                int next = end;
                while (next < query.length() && Character.isWhitespace(query.charAt(next))) {
                    next++;
                }
                boolean qualified = next < query.length() && (query.charAt(next) == '.' || query.charAt(next) == '(');
                String schema = inFromList && !qualified ? schemaOf.apply(word) : null;
                if (schema != null) {
                    out.append(Relations.quote(schema)).append('.');
                }
                out.append(query, i, end);
                if (java.util.Set.of("select", "from", "where", "group", "order", "having", "limit", "on", "union",
                        "join").contains(word)) {
                    clause = word.equals("join") ? "from" : word;
                }
                previous = word;
                i = end;
                continue;
            }
            if (!Character.isWhitespace(c)) {
                previous = String.valueOf(c);
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    public static String getViewdefPretty(DataContext root, Integer oid, Boolean pretty) {
        return getViewdef(root, oid);
    }

    /**
     * pg_get_viewdef(text): the view named by {@code name} (qualified or found on the search path, as regclass reads
     * it; 42P01 when there is none), PostgreSQL's deprecated form that {@code pg_get_viewdef('v')} resolves to.
     */
    public static String getViewdefByName(DataContext root, String name) {
        return name == null ? null : getViewdef(root, RegCasts.regclassIn(root, name));
    }

    /** pg_get_viewdef(text, bool): as {@link #getViewdefByName}; {@code pretty} changes nothing (one line). */
    public static String getViewdefByNamePretty(DataContext root, String name, Boolean pretty) {
        return getViewdefByName(root, name);
    }

    /**
     * A view's definition as pg_get_viewdef, pg_views and information_schema.views show it to the session of
     * {@code ctx}: its query as written, each relation name qualified by the schema the view is bound to
     * ({@link io.tessera.coordinator.catalog.ViewDef#searchPath}) where the session's search path would find another
     * relation, or none, under the bare name.
     */
    static String viewDefinition(CatalogContext ctx, io.tessera.coordinator.catalog.ViewDef v) {
        java.util.List<String> bound = v.searchPath() == null ? java.util.List.of("public") : v.searchPath();
        java.util.List<String> reader = Relations.searchPath(ctx);
        return " " + qualifyRelations(v.query(), word -> {
            String schema = schemaHaving(ctx, bound, word);
            return schema == null || schema.equals(schemaHaving(ctx, reader, word)) ? null : schema;
        }) + ";";
    }

    /** {@code pg_get_function_sqlbody}: NULL, as for every function not written in SQL-standard body syntax. */
    public static String functionNothing(DataContext root, Integer oid) {
        return null;
    }

    /** {@code pg_get_function_result}: PostgreSQL's text for a function of {@link PgProc}, else NULL. */
    public static String functionResult(DataContext root, Integer oid) {
        PgProc.Function f = PgProc.byOid(oid);
        return f == null ? null : f.result();
    }

    /** {@code pg_get_function_arguments}: with names and defaults ({@code years integer DEFAULT 0, ...}). */
    public static String functionArguments(DataContext root, Integer oid) {
        PgProc.Function f = PgProc.byOid(oid);
        return f == null ? null : f.arguments();
    }

    /** {@code pg_get_function_identity_arguments}: the arguments that identify the function, without defaults. */
    public static String functionIdentityArguments(DataContext root, Integer oid) {
        PgProc.Function f = PgProc.byOid(oid);
        return f == null ? null : f.identityArguments();
    }

    /** Every function of pg_proc is in pg_catalog, which is always on the search path; NULL for another OID. */
    public static Boolean functionIsVisible(DataContext root, Integer oid) {
        return PgProc.byOid(oid) != null ? Boolean.TRUE : null;
    }

    /**
     * pg_get_serial_sequence(table, column): the schema-qualified, quoted-as-needed name of the sequence the column
     * owns (a serial or identity column's, or one made {@code OWNED BY} it), or null. The table is a name as
     * {@code ::regclass} reads it (quotes, case folding, search_path); the column is taken as written.
     *
     * @throws TesseraException 42P01 when no such relation, 42703 when it has no such column
     */
    public static String getSerialSequence(DataContext root, String table, String column) {
        CatalogContext ctx = context(root);
        Relations.Relation r = Relations.byName(ctx, table);
        if (r == null) {
            throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + table + "\" does not exist");
        }
        if (r.table() == null || r.index() != null || r.kind() == 'i' || r.table().columnIndex(column) < 0) {
            throw new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + column + "\" of relation \""
                    + r.name() + "\" does not exist");
        }
        String owner = r.table().key();
        return ctx.sequences().stream()
                .filter(q -> owner.equals(q.ownedByTable()) && column.equals(q.ownedByColumn()))
                .map(q -> Relations.quote(q.schemaName()) + "." + Relations.quote(q.name()))
                .findFirst().orElse(null);
    }

    /** The role's name, or PostgreSQL's {@code unknown (OID=n)}. */
    public static String getUserbyid(DataContext root, Integer oid) {
        String name = Roles.name(context(root), oid);
        return name != null ? name : "unknown (OID=" + oid + ")";
    }

    /** obj_description(oid): the comment of a table or view (COMMENT ON), else NULL. */
    public static String objDescription(DataContext root, Integer oid) {
        return PgDescription.of(context(root), oid, 0);
    }

    /** obj_description(oid, catalog): relations' comments ({@code pg_class}) and built-in functions' ({@code pg_proc}). */
    public static String objDescriptionOf(DataContext root, Integer oid, String catalog) {
        if ("pg_proc".equals(catalog)) {
            PgProc.Function f = PgProc.byOid(oid);
            return f == null || f.description() == null || f.description().isEmpty() ? null : f.description();
        }
        if ("pg_namespace".equals(catalog)) {
            return PgDescription.ofSchema(context(root), oid);
        }
        return "pg_class".equals(catalog) ? PgDescription.of(context(root), oid, 0) : null;
    }

    /** col_description(table oid, attnum). */
    public static String colDescription(DataContext root, Integer oid, Integer column) {
        return column == null || column == 0 ? null : PgDescription.of(context(root), oid, column);
    }


    /** The encoding's name (pg_wchar.h numbering); empty for an unknown number, as PostgreSQL. */
    public static String encodingToChar(DataContext root, Integer encoding) {
        return switch (encoding) {
            case 0 -> "SQL_ASCII";
            case PgDatabase.UTF8 -> "UTF8";
            case 8 -> "LATIN1";
            default -> "";
        };
    }

    // ---- arrays (Calcite represents arrays as java.util.List)

    public static String arrayToString(DataContext root, Object array, String delimiter) {
        return arrayToStringNulls(root, array, delimiter, null);
    }

    /** array_to_string: elements joined by the delimiter, NULL elements skipped unless a replacement is given. */
    public static String arrayToStringNulls(DataContext root, Object array, String delimiter, String nullString) {
        if (array == null || delimiter == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (Object e : asList(array)) {
            if (e == null && nullString == null) {
                continue;
            }
            if (!first) {
                out.append(delimiter);
            }
            out.append(e == null ? nullString : e.toString());
            first = false;
        }
        return out.toString();
    }

    /**
     * array_cat(a, b): a's elements, then b's; a NULL array counts as empty (PostgreSQL). An operand that is no array
     * is one element: {@code CatalogSyntax} makes PostgreSQL's {@code ||} with an array constructor on either side
     * this call, and {@code array[1, 2] || 3} appends (array_append), {@code 0 || array[1, 2]} prepends.
     */
    public static List<Object> arrayCat(DataContext root, Object a, Object b) {
        if (a == null && b == null) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        if (a != null) {
            out.addAll(a instanceof List<?> || a instanceof Object[] ? asList(a) : List.of(a));
        }
        if (b != null) {
            out.addAll(b instanceof List<?> || b instanceof Object[] ? asList(b) : List.of(b));
        }
        return out;
    }

    /** array_upper(a, 1): the upper bound of a one-dimensional array (its length), NULL when empty. */
    /** array_upper(a, d) and array_length(a, d): the length of dimension d (nested lists), NULL past them. */
    public static Integer arrayUpper(DataContext root, Object array, Integer dimension) {
        int[] dims = io.tessera.coordinator.sql.functions.PgRuntime.arrayDimensions(asList(array));
        return dimension < 1 || dimension > dims.length ? null : dims[dimension - 1];
    }

    /** array_lower(a, d): 1 for each of the array's dimensions, NULL past them. */
    public static Integer arrayLower(DataContext root, Object array, Integer dimension) {
        int[] dims = io.tessera.coordinator.sql.functions.PgRuntime.arrayDimensions(asList(array));
        return dimension < 1 || dimension > dims.length ? null : 1;
    }

    /** array_position(a, x): the 1-based index of the first element equal to x, NULL when none. */
    public static Integer arrayPosition(DataContext root, Object array, Object element) {
        if (array == null) {
            return null;
        }
        List<?> l = asList(array);
        for (int i = 0; i < l.size(); i++) {
            if (Objects.equals(l.get(i), element)
                    || (l.get(i) != null && element != null && l.get(i).toString().equals(element.toString()))) {
                return i + 1;
            }
        }
        return null;
    }

    private static List<?> asList(Object array) {
        if (array instanceof List<?> l) {
            return l;
        }
        if (array instanceof Object[] a) {
            return Arrays.asList(a);
        }
        throw new TesseraException(SqlState.DATATYPE_MISMATCH, "argument must be an array");
    }

    public static String quoteIdent(DataContext root, String name) {
        return Relations.quote(name);
    }

    /** Tables are publishable (PostgreSQL: permanent, non-system tables). */
    public static Boolean relationIsPublishable(DataContext root, Integer oid) {
        Relations.Relation r = Relations.byOid(context(root), oid);
        return r != null && r.kind() == 'r' && r.table() != null;
    }

    /** Extended statistics do not exist in Tessera. */
    public static String statisticsObjdefColumns(DataContext root, Integer oid) {
        return null;
    }

    /**
     * acldefault(objtype "char", owner oid): the privileges an object of that kind has before any GRANT, as
     * PostgreSQL's acldefault() lists them (acl.c): the owner holds every privilege of the kind, and PUBLIC holds
     * EXECUTE on functions ('f'), USAGE on languages ('l') and types ('T'), CONNECT and TEMPORARY on databases
     * ('d'). Kinds: 'c' column, 'r' relation, 's' sequence, 'd' database, 'f' function, 'l' language, 'L' large
     * object, 'n' schema, 't' tablespace, 'F' foreign-data wrapper, 'S' server, 'T' type. aclitem[] reads as text[].
     */
    public static List<String> aclDefault(DataContext root, String objtype, Integer owner) {
        String o = Relations.quote(Roles.name(context(root), owner));
        String ownerPrivileges = switch (objtype) {
            case "c" -> "";
            case "r" -> "arwdDxt";
            case "s" -> "rwU";
            case "d" -> "CTc";
            case "f" -> "X";
            case "l", "T", "F", "S" -> "U";
            case "L" -> "rw";
            case "n" -> "UC";
            case "t" -> "C";
            default -> throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                    "unrecognized object type abbreviation: " + objtype);
        };
        String publicPrivileges = switch (objtype) {
            case "d" -> "Tc";
            case "f" -> "X";
            case "l", "T" -> "U";
            default -> "";
        };
        List<String> out = new ArrayList<>();
        if (!publicPrivileges.isEmpty()) {
            out.add("=" + publicPrivileges + "/" + o);
        }
        if (!ownerPrivileges.isEmpty()) {
            out.add(o + "=" + ownerPrivileges + "/" + o);
        }
        return out;
    }

    /**
     * quote_literal(text): the string as a SQL literal, quotes doubled; with backslashes doubled and an {@code E}
     * prefix when it has any (PostgreSQL's quote.c).
     */
    public static String quoteLiteral(DataContext root, String text) {
        String quoted = "'" + text.replace("'", "''").replace("\\", "\\\\") + "'";
        return text.indexOf('\\') >= 0 ? "E" + quoted : quoted;
    }

    /**
     * array_remove(array, element): the array without the elements equal to {@code element} (NULL removes NULLs);
     * NULL for a NULL array. Over the catalogs' text arrays (reloptions, as pg_dump calls it).
     */
    public static List<Object> arrayRemove(DataContext root, Object array, Object element) {
        if (array == null) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (Object o : (List<?>) array) {
            if (!(element == null ? o == null : o != null && String.valueOf(o).equals(String.valueOf(element)))) {
                out.add(o);
            }
        }
        return out;
    }

    /** to_regclass(text): the OID, or NULL when no such relation. */
    public static Integer regclassIn(DataContext root, String name) {
        Relations.Relation r = Relations.byName(context(root), name);
        return r == null ? null : r.oid();
    }
}
