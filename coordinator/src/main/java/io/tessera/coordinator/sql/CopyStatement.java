package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.session.Column;
import io.tessera.coordinator.session.CopyFormat;
import io.tessera.coordinator.session.CopyIn;
import io.tessera.coordinator.session.CopyOut;
import io.tessera.coordinator.session.PreparedStatement;
import io.tessera.coordinator.session.QueryResult;
import io.tessera.coordinator.sql.exec.InsertExecutor;
import io.tessera.coordinator.sql.exec.StatementContext;
import io.tessera.sql.parser.TesseraSqlParser;
import io.tessera.sql.parser.copy.SqlCopy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;

/**
 * {@code COPY ... FROM STDIN} and {@code COPY ... TO STDOUT}
 * (https://www.postgresql.org/docs/15/sql-copy.html).
 *
 * <pre>
 *   COPY t [(cols)] FROM STDIN   → CopyIn: the frontend parses CopyData into rows → InsertExecutor (push side):
 *                                  coerce, route, batch per datanode, ≤ 8 batches in flight → intents of the
 *                                  statement's transaction; committed at CopyDone outside a block, with COMMIT inside
 *   COPY t [(cols)] TO STDOUT    → SELECT cols FROM t, planned as any query → CopyOut: rows as CopyData lines
 *   COPY (query) TO STDOUT       → the query → CopyOut
 * </pre>
 * A COPY FROM runs as one statement: an error anywhere (a malformed line, 22P04; a value that does not parse,
 * 22P02; a NOT NULL column, 23502; CopyFail, 57014) fails it like any statement, so none of its rows is visible.
 * FREEZE is accepted and ignored (there is no table rewrite to skip). Server files and programs are refused
 * (0A000): the coordinator holds no user data and reads no files on a client's behalf; psql's {@code \copy}
 * sends the file through COPY FROM STDIN instead. The binary format is refused (0A000).
 */
final class CopyStatement {
    private CopyStatement() {
    }

    /** What COPY needs from its session: the statement lifecycle and query planning. */
    interface Host {
        CatalogSnapshot catalog();

        /** The session's planner (of the catalog {@link #catalog} returns). */
        QueryPlanner planner();

        String database();

        StatementContext begin(CatalogSnapshot catalog, boolean writes);

        void endStatement();

        void failStatement();

        /** A query statement over a tree the supplier parses afresh for each planning. */
        PreparedStatement query(Supplier<SqlNode> parse);
    }

    /**
     * @param reparse parses the statement again (Calcite's validator rewrites trees in place)
     * @throws TesseraException 42601 for an unknown or repeated option, 22023 / 0A000 for a bad option value,
     *     42P01 / 42703 for an unknown table or column, 0A000 for files, programs and the binary format
     */
    static PreparedStatement prepare(Host host, SqlCopy copy, Supplier<SqlCopy> reparse) {
        CopyFormat format = format(copy);
        if (copy.file() != null) {
            String what = copy.isProgram() ? (copy.isFrom() ? "COPY from a program" : "COPY to a program")
                    : copy.isFrom() ? "COPY from a file" : "COPY to a file";
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, what + " is not supported", null,
                    "Anyone can COPY to stdout or from stdin. psql's \\copy command also works for anyone.", 0, null);
        }
        if (copy.query() != null) {
            boolean[] first = {true};
            PreparedStatement q = host.query(() -> {
                SqlCopy tree = first[0] ? copy : reparse.get();
                first[0] = false;
                return tree.query();
            });
            return copyOut(q, format);
        }
        TableDef table = table(host.catalog(), host.database(), copy.table());
        List<ColumnDef> targets = targets(table, copy);
        checkForcedColumns(format, targets, copy.isFrom());
        if (!copy.isFrom()) {
            StringBuilder sql = new StringBuilder("SELECT ");
            for (int i = 0; i < targets.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(quote(targets.get(i).name()));
            }
            sql.append(" FROM ").append(quote(io.tessera.coordinator.catalog.CatalogSnapshot.schemaOf(table.schema())))
                    .append(".").append(quote(table.name())); // whatever the search path (pg_dump empties it)
            String text = sql.toString();
            return copyOut(host.query(() -> TesseraSqlParser.parse(text)), format);
        }
        return new PreparedStatement() {
            @Override
            public List<Integer> parameterTypes() {
                return List.of();
            }

            @Override
            public List<Column> columns() {
                return List.of();
            }

            @Override
            public QueryResult execute(List<Object> params) {
                CatalogSnapshot catalog = host.catalog();
                TableDef current = catalog.tables(host.database()).get(table.key());
                if (current == null || current.id() != table.id()) {
                    throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + table.name()
                            + "\" does not exist");
                }
                // defaults and CHECK constraints are planned before the statement starts (an error there leaves
                // no transaction)
                CopyDefaults defaults = CopyDefaults.plan(current, targets, host::query);
                io.tessera.executor.expr.CheckConstraints checks = checks(host.planner(), current, copy.table());
                StatementContext ctx = host.begin(catalog, true);
                int[] filled = defaults.columns();
                int[] idx = new int[targets.size() + filled.length];
                List<Column> cols = new ArrayList<>();
                for (int i = 0; i < targets.size(); i++) {
                    ColumnDef c = targets.get(i);
                    idx[i] = current.columnIndex(c.name());
                    cols.add(new Column(c.name(), c.type().oid()));
                }
                System.arraycopy(filled, 0, idx, targets.size(), filled.length);
                InsertExecutor insert = new InsertExecutor(current, idx, ctx).withRowChecks(checks);
                ForeignKeyRows fk = null;
                if (io.tessera.coordinator.sql.constraint.ForeignKeys.checksInsert(current)) {
                    fk = new ForeignKeyRows(current);
                    insert.returning(fk);
                }
                return new CopyFromStdin(host, current, insert, cols, format, fk, defaults, ctx);
            }
        };
    }

    /**
     * The foreign-key values of the rows a COPY FROM loads, each distinct combination once (memory grows with the
     * distinct parent keys, not the rows): a sink for {@link InsertExecutor#returning} keeping, of each row, only
     * the columns some foreign key of the table reads.
     */
    private static final class ForeignKeyRows extends java.util.AbstractList<Object[]> {
        private final int[] columns;
        private final int width;
        private final Set<List<Object>> seen = new HashSet<>();
        private final List<Object[]> rows = new ArrayList<>();

        ForeignKeyRows(TableDef t) {
            Set<Integer> cols = new java.util.TreeSet<>();
            for (io.tessera.coordinator.catalog.ForeignKeyDef fk : t.foreignKeys()) {
                fk.columns().forEach(c -> cols.add(t.columnIndex(c)));
            }
            this.columns = cols.stream().mapToInt(Integer::intValue).toArray();
            this.width = t.columns().size();
        }

        @Override
        public boolean add(Object[] row) {
            List<Object> key = new ArrayList<>(columns.length);
            for (int c : columns) {
                key.add(row[c]);
            }
            if (seen.add(key)) {
                Object[] sparse = new Object[width];
                for (int c : columns) {
                    sparse[c] = row[c];
                }
                rows.add(sparse);
            }
            return true;
        }

        @Override
        public Object[] get(int index) {
            return rows.get(index);
        }

        @Override
        public int size() {
            return rows.size();
        }
    }

    /** The rows of a COPY FROM STDIN, pushed by the frontend. */
    private static final class CopyFromStdin implements CopyIn {
        private final Host host;
        private final TableDef table;
        private final InsertExecutor insert;
        private final List<Column> targets;
        private final CopyFormat format;
        /** The loaded rows' foreign-key values, checked against the referenced tables at the end; or null. */
        private final ForeignKeyRows foreignKeys;
        /** The values of the columns the COPY leaves out that have a DEFAULT. */
        private final CopyDefaults defaults;
        private final StatementContext ctx;
        private boolean ended;

        CopyFromStdin(Host host, TableDef table, InsertExecutor insert, List<Column> targets, CopyFormat format,
                ForeignKeyRows foreignKeys, CopyDefaults defaults, StatementContext ctx) {
            this.host = host;
            this.table = table;
            this.insert = insert;
            this.targets = targets;
            this.format = format;
            this.foreignKeys = foreignKeys;
            this.defaults = defaults;
            this.ctx = ctx;
        }

        @Override
        public CopyFormat format() {
            return format;
        }

        @Override
        public List<Column> targetColumns() {
            return targets;
        }

        @Override
        public String relation() {
            return table.name();
        }

        @Override
        public void row(Object[] values) {
            insert.addSourceRow(defaults.isEmpty() ? values : defaults.complete(values, ctx));
        }

        @Override
        public String finish() {
            long n = insert.finish();
            if (foreignKeys != null) { // after the rows, as PostgreSQL's RI triggers fire at the statement's end
                io.tessera.coordinator.sql.constraint.ForeignKeys.afterInsert(table, foreignKeys, ctx,
                        host.planner().typeFactory());
            }
            ended = true;
            host.endStatement();
            return "COPY " + n;
        }

        @Override
        public void fail(TesseraException cause) {
            if (ended) {
                return;
            }
            ended = true;
            try {
                insert.abandon();
            } finally {
                host.failStatement();
            }
        }

        @Override
        public List<Column> columns() {
            return List.of();
        }

        @Override
        public Object[] next() {
            return null;
        }

        @Override
        public String commandTag() {
            return "COPY";
        }

        @Override
        public void close() {
        }
    }

    /** A COPY TO STDOUT over a planned query: the same rows, counted for the {@code COPY n} tag. */
    private static PreparedStatement copyOut(PreparedStatement query, CopyFormat format) {
        return new PreparedStatement() {
            @Override
            public List<Integer> parameterTypes() {
                return List.of();
            }

            @Override
            public List<Column> columns() {
                return List.of(); // Describe answers NoData, as PostgreSQL does for COPY
            }

            @Override
            public QueryResult execute(List<Object> params) {
                QueryResult rows = query.execute(params);
                return new CopyOut() {
                    private long n;

                    @Override
                    public CopyFormat format() {
                        return format;
                    }

                    @Override
                    public List<Column> columns() {
                        return rows.columns();
                    }

                    @Override
                    public Object[] next() {
                        Object[] row = rows.next();
                        if (row != null) {
                            n++;
                        }
                        return row;
                    }

                    @Override
                    public String commandTag() {
                        return "COPY " + n;
                    }

                    @Override
                    public void close() {
                        rows.close();
                    }
                };
            }
        };
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static TableDef table(CatalogSnapshot catalog, String database, SqlIdentifier id) {
        String name = DdlExecutor.tableName(id);
        TableDef t = catalog.tables(database).get(name);
        if (t == null) {
            throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist");
        }
        return t;
    }

    private static List<ColumnDef> targets(TableDef table, SqlCopy copy) {
        if (copy.columns() == null || copy.columns().isEmpty()) {
            return table.columns();
        }
        List<ColumnDef> out = new ArrayList<>();
        for (SqlNode n : copy.columns()) {
            String col = ((SqlIdentifier) n).getSimple();
            int idx = table.columnIndex(col);
            if (idx < 0) {
                throw new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + col + "\" of relation \""
                        + table.name() + "\" does not exist");
            }
            ColumnDef c = table.columns().get(idx);
            if (out.contains(c)) {
                throw new TesseraException(SqlState.DUPLICATE_COLUMN, "column \"" + col + "\" specified more than once");
            }
            out.add(c);
        }
        return out;
    }

    private static void checkForcedColumns(CopyFormat f, List<ColumnDef> targets, boolean from) {
        Set<String> names = new HashSet<>();
        targets.forEach(c -> names.add(c.name()));
        for (Set<String> forced : List.of(f.forceQuote(), f.forceNotNull(), f.forceNull())) {
            for (String c : forced) {
                if (!names.contains(c)) {
                    String option = forced == f.forceQuote() ? "FORCE_QUOTE" : forced == f.forceNotNull()
                            ? "FORCE_NOT_NULL" : "FORCE_NULL";
                    throw new TesseraException(SqlState.INVALID_COLUMN_REFERENCE, option + " column \"" + c
                            + "\" not referenced by COPY");
                }
            }
        }
    }

    /**
     * The options' meaning, checked as PostgreSQL's {@code ProcessCopyOptions} does (same messages and SQLSTATEs).
     */
    static CopyFormat format(SqlCopy copy) {
        Set<String> seen = new HashSet<>();
        String fmt = "text";
        Character delimiter = null;
        String nullString = null;
        boolean header = false;
        Character quote = null;
        Character escape = null;
        boolean forceQuoteAll = false;
        Set<String> forceQuote = new LinkedHashSet<>();
        Set<String> forceNotNull = new LinkedHashSet<>();
        Set<String> forceNull = new LinkedHashSet<>();
        for (Map.Entry<String, String> o : copy.options()) {
            String name = o.getKey();
            String value = o.getValue();
            if (!seen.add(name)) {
                throw new TesseraException(SqlState.SYNTAX_ERROR, "conflicting or redundant options");
            }
            switch (name) {
                case "format" -> {
                    fmt = value == null ? "" : value.toLowerCase(Locale.ROOT);
                    if (fmt.equals("binary")) {
                        throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "COPY BINARY is not supported");
                    }
                    if (!fmt.equals("text") && !fmt.equals("csv")) {
                        throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "COPY format \"" + value
                                + "\" not recognized");
                    }
                }
                case "freeze" -> bool(name, value); // accepted and ignored: nothing to freeze
                case "delimiter" -> delimiter = oneByte("delimiter", value);
                case "null" -> {
                    if (value == null) {
                        throw new TesseraException(SqlState.SYNTAX_ERROR, "null requires a parameter");
                    }
                    nullString = value;
                }
                case "header" -> header = value != null && value.equalsIgnoreCase("match")
                        ? matchHeader(copy) : bool(name, value);
                case "quote" -> quote = oneByte("quote", value);
                case "escape" -> escape = oneByte("escape", value);
                case "force_quote" -> {
                    if ("*".equals(value)) {
                        forceQuoteAll = true;
                    } else {
                        forceQuote.addAll(columnsOf(name, value));
                    }
                }
                case "force_not_null" -> forceNotNull.addAll(columnsOf(name, value));
                case "force_null" -> forceNull.addAll(columnsOf(name, value));
                case "encoding" -> {
                    String e = value == null ? "" : value.toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
                    if (!e.equals("UTF8")) {
                        throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "only UTF8 COPY encoding is "
                                + "supported");
                    }
                }
                default -> throw new TesseraException(SqlState.SYNTAX_ERROR, "option \"" + name + "\" not recognized");
            }
        }
        boolean csv = fmt.equals("csv");
        if (!csv) {
            if (quote != null) {
                throw csvOnly("COPY quote available only in CSV mode");
            }
            if (escape != null) {
                throw csvOnly("COPY escape available only in CSV mode");
            }
            if (forceQuoteAll || !forceQuote.isEmpty()) {
                throw csvOnly("COPY force quote available only in CSV mode");
            }
            if (!forceNotNull.isEmpty()) {
                throw csvOnly("COPY force not null available only in CSV mode");
            }
            if (!forceNull.isEmpty()) {
                throw csvOnly("COPY force null available only in CSV mode");
            }
        }
        if ((forceQuoteAll || !forceQuote.isEmpty()) && copy.isFrom()) {
            throw csvOnly("COPY force quote only available using COPY TO");
        }
        if ((!forceNotNull.isEmpty() || !forceNull.isEmpty()) && !copy.isFrom()) {
            throw csvOnly(!forceNotNull.isEmpty() ? "COPY force not null only available using COPY FROM"
                    : "COPY force null only available using COPY FROM");
        }
        CopyFormat defaults = csv ? CopyFormat.CSV : CopyFormat.TEXT;
        char d = delimiter != null ? delimiter : defaults.delimiter();
        char q = quote != null ? quote : '"';
        char e = escape != null ? escape : q;
        String n = nullString != null ? nullString : defaults.nullString();
        if (d == '\n' || d == '\r') {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                    "COPY delimiter cannot be newline or carriage return");
        }
        if (n.indexOf('\n') >= 0 || n.indexOf('\r') >= 0) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                    "COPY null representation cannot use newline or carriage return");
        }
        if (!csv && (d == '\\' || "abcdefghijklmnopqrstuvwxyz0123456789.".indexOf(Character.toLowerCase(d)) >= 0)) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                    "COPY delimiter cannot be \"" + d + "\"");
        }
        if (csv && d == q) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "COPY delimiter and quote must be different");
        }
        if (n.indexOf(d) >= 0) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                    "COPY delimiter must not appear in the NULL specification");
        }
        return new CopyFormat(csv, d, n, header, q, e, forceQuoteAll, Set.copyOf(forceQuote), Set.copyOf(forceNotNull),
                Set.copyOf(forceNull));
    }

    private static boolean matchHeader(SqlCopy copy) {
        if (!copy.isFrom()) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "cannot use \"match\" with HEADER in COPY TO");
        }
        return true; // the header line is skipped; its names are not compared yet
    }

    private static TesseraException csvOnly(String message) {
        return new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, message);
    }

    private static List<String> columnsOf(String option, String value) {
        if (value == null || value.isEmpty()) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "argument to option \"" + option
                    + "\" must be a list of column names");
        }
        return List.of(value.split(","));
    }

    private static char oneByte(String option, String value) {
        if (value == null || value.length() != 1 || value.charAt(0) > 0x7F) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "COPY " + option
                    + " must be a single one-byte character");
        }
        return value.charAt(0);
    }

    /** PostgreSQL's boolean option values: true/false, on/off, 1/0, yes/no (a name alone is true). */
    private static boolean bool(String option, String value) {
        if (value == null) {
            return true;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "on", "1", "yes", "t", "y" -> true;
            case "false", "off", "0", "no", "f", "n" -> false;
            default -> throw new TesseraException(SqlState.SYNTAX_ERROR, option + " requires a Boolean value");
        };
    }

    /** The functions used by {@link TesseraSession} to build a host (kept here so the session change stays small). */
    static Host host(Supplier<QueryPlanner> planner, String database,
            java.util.function.BiFunction<CatalogSnapshot, Boolean, StatementContext> begin, Runnable end,
            Runnable fail, Function<Supplier<SqlNode>, PreparedStatement> query) {
        return new Host() {
            @Override
            public CatalogSnapshot catalog() {
                return planner.get().catalog();
            }

            @Override
            public QueryPlanner planner() {
                return planner.get();
            }

            @Override
            public String database() {
                return database;
            }

            @Override
            public StatementContext begin(CatalogSnapshot c, boolean writes) {
                return begin.apply(c, writes);
            }

            @Override
            public void endStatement() {
                end.run();
            }

            @Override
            public void failStatement() {
                fail.run();
            }

            @Override
            public PreparedStatement query(Supplier<SqlNode> parse) {
                return query.apply(parse);
            }
        };
    }

    /**
     * The table's CHECK constraints compiled for the rows COPY FROM loads (tested on the coordinator, on each row
     * as it will be stored), or null when it has none.
     */
    private static io.tessera.executor.expr.CheckConstraints checks(QueryPlanner planner, TableDef t,
            SqlIdentifier named) {
        if (t.checks().isEmpty()) {
            return null;
        }
        List<io.tessera.protocol.datanode.CheckConstraint> planned = CheckPlanner.plan(planner, t, named);
        return io.tessera.executor.expr.CheckConstraints.compile(planned,
                t.columns().stream().map(ColumnDef::type).toList());
    }
}
