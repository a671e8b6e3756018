package io.tessera.coordinator.pgwire;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.session.Column;
import io.tessera.coordinator.session.PreparedStatement;
import io.tessera.coordinator.session.QueryResult;
import io.tessera.coordinator.session.SqlEngine;
import io.tessera.coordinator.session.SqlSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny SqlEngine for the frontend's tests, understanding just enough SQL to drive every message flow:
 * <pre>
 *   select 42                         one int4 column "?column?"
 *   select $1::int4, $2::text, ...    echoes its parameters (types from the casts, else the client's OIDs)
 *   select * from series(N)           int8 column "g", rows 1..N, pulled lazily (rowsPulled counts them)
 *   select 1/0                        fails at execution with 22012
 *   select fail_after(N)              N rows, then 58030 from next()
 *   select sleep                      waits until cancelled (at most 20 s), then 57014
 *   select notice                     one row and a NOTICE
 *   begin / commit / rollback         transaction status I/T/E
 *   set NAME = VALUE                  reported as ParameterStatus
 *   insert ...                        INSERT 0 1
 * </pre>
 * Anything else is a 42601 syntax error at position 1.
 */
final class TestEngine implements SqlEngine {
    final AtomicLong rowsPulled = new AtomicLong();
    final AtomicInteger prepares = new AtomicInteger();
    final AtomicInteger openResults = new AtomicInteger();
    final List<TestSession> sessions = new CopyOnWriteArrayList<>();
    /** The answers "select answer" statements wait for, in the order they were executed. */
    final List<Answer> answers = new CopyOnWriteArrayList<>();
    /** Statements the sessions started without waiting ({@link SqlSession#executeWithoutWaiting}). */
    final AtomicInteger withoutWaits = new AtomicInteger();
    /** Whether the sessions refuse to start any statement without waiting. */
    volatile boolean refuseWithoutWaiting;

    @Override
    public SqlSession openSession(String user, String database, Map<String, String> options) {
        if (user.equals("nobody")) {
            throw new TesseraException(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, "role \"nobody\" does not exist");
        }
        if (database.equals("nodb")) {
            throw new TesseraException(SqlState.INVALID_CATALOG_NAME, "database \"nodb\" does not exist");
        }
        TestSession s = new TestSession(user, database, options);
        sessions.add(s);
        return s;
    }

    final class TestSession implements SqlSession {
        final String user;
        final String database;
        final Map<String, String> settings = new LinkedHashMap<>();
        volatile boolean cancelled;
        volatile boolean closed;
        char status = 'I';

        TestSession(String user, String database, Map<String, String> options) {
            this.user = user;
            this.database = database;
            settings.put("server_version", "15.0");
            settings.put("server_encoding", "UTF8");
            settings.put("client_encoding", "UTF8");
            settings.put("DateStyle", "ISO, MDY");
            settings.put("TimeZone", "UTC");
            settings.put("integer_datetimes", "on");
            settings.put("standard_conforming_strings", "on");
            settings.put("application_name", options.getOrDefault("application_name", ""));
        }

        @Override
        public PreparedStatement prepare(String sql, List<Integer> paramTypeOids) {
            prepares.incrementAndGet();
            String s = sql.strip().toLowerCase(Locale.ROOT);
            if (status == 'E' && !s.equals("rollback") && !s.equals("commit")) {
                throw new TesseraException(SqlState.IN_FAILED_SQL_TRANSACTION,
                        "current transaction is aborted, commands ignored until end of transaction block");
            }
            try {
                return doPrepare(sql, s, paramTypeOids);
            } catch (TesseraException e) {
                if (status == 'T') {
                    status = 'E';
                }
                throw e;
            }
        }

        private PreparedStatement doPrepare(String sql, String s, List<Integer> oids) {
            switch (s) {
                case "begin", "start transaction":
                    return command("BEGIN", () -> status = 'T');
                case "commit", "end":
                    return command(status == 'E' ? "ROLLBACK" : "COMMIT", () -> status = 'I');
                case "rollback":
                    return command("ROLLBACK", () -> status = 'I');
                case "select 1/0":
                    return new Stmt(List.of(), List.of(new Column("?column?", PgType.INT4.oid()))) {
                        @Override
                        public QueryResult execute(List<Object> params) {
                            throw new TesseraException(SqlState.DIVISION_BY_ZERO, "division by zero");
                        }
                    };
                case "select sleep":
                    return rows(List.of(new Column("sleep", PgType.INT4.oid())), new RowSource() {
                        @Override
                        public Object[] next() {
                            long deadline = System.nanoTime() + 20_000_000_000L;
                            while (!cancelled && System.nanoTime() < deadline) {
                                Thread.onSpinWait();
                                try {
                                    Thread.sleep(5);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                            cancelled = false;
                            throw new TesseraException(SqlState.QUERY_CANCELED, "canceling statement due to user request");
                        }
                    }, "SELECT 0");
                case "select answer":
                    return new AnswerStmt(List.of(), List.of(new Column("a", PgType.INT4.oid()))) {
                        @Override
                        public QueryResult execute(List<Object> params) {
                            Answer a = new Answer(columns());
                            answers.add(a);
                            return a;
                        }
                    };
                case "select notice":
                    return new Stmt(List.of(), List.of(new Column("n", PgType.INT4.oid()))) {
                        @Override
                        public QueryResult execute(List<Object> params) {
                            return new Result(columns(), counting(1, i -> new Object[] {1}), "SELECT 1") {
                                @Override
                                public List<TesseraException> notices() {
                                    return List.of(new TesseraException(SqlState.SUCCESSFUL_COMPLETION, "hello"));
                                }
                            };
                        }
                    };
                default:
                    break;
            }
            Matcher m;
            if ((m = Pattern.compile("set\\s+(\\w+)\\s*(?:=|to)\\s*'?([^']*)'?").matcher(s)).matches()) {
                String name = m.group(1);
                String value = m.group(2);
                return command("SET", () -> settings.put(name, value));
            }
            if (s.startsWith("insert")) {
                return command("INSERT 0 1", () -> { });
            }
            if ((m = Pattern.compile("select (-?\\d+)").matcher(s)).matches()) {
                int v = Integer.parseInt(m.group(1));
                return rows(List.of(new Column("?column?", PgType.INT4.oid())), counting(1, i -> new Object[] {v}),
                        "SELECT 1");
            }
            if ((m = Pattern.compile("select (?:\\*|g) from series\\((\\d+)\\)").matcher(s)).matches()) {
                long n = Long.parseLong(m.group(1));
                return rows(List.of(new Column("g", PgType.INT8.oid())), counting(n, i -> new Object[] {i}),
                        "SELECT " + n);
            }
            if ((m = Pattern.compile("select fail_after\\((\\d+)\\)").matcher(s)).matches()) {
                long n = Long.parseLong(m.group(1));
                RowSource inner = counting(n, i -> new Object[] {i});
                return rows(List.of(new Column("g", PgType.INT8.oid())), () -> {
                    Object[] row = inner.next();
                    if (row == null) {
                        throw new TesseraException(SqlState.DATANODE_UNAVAILABLE, "datanode dn1 went away");
                    }
                    return row;
                }, "SELECT " + n);
            }
            if (s.startsWith("select $")) {
                return echo(s.substring("select ".length()), oids);
            }
            String token = sql.strip().split("\\s+")[0];
            throw new TesseraException(SqlState.SYNTAX_ERROR, "syntax error at or near \"" + token + "\"",
                    null, null, 1, null);
        }

        private PreparedStatement echo(String list, List<Integer> oids) {
            List<Column> columns = new ArrayList<>();
            List<Integer> paramTypes = new ArrayList<>();
            for (String item : list.split(",")) {
                Matcher m = Pattern.compile("\\$(\\d+)(?:::(\\w+))?").matcher(item.strip());
                if (!m.matches()) {
                    throw new TesseraException(SqlState.SYNTAX_ERROR, "syntax error at or near \"" + item.strip() + "\"");
                }
                int index = Integer.parseInt(m.group(1)) - 1;
                int oid;
                if (m.group(2) != null) {
                    oid = switch (m.group(2)) {
                        case "int4", "integer" -> PgType.INT4.oid();
                        case "int8", "bigint" -> PgType.INT8.oid();
                        case "text" -> PgType.TEXT.oid();
                        case "numeric" -> PgType.NUMERIC.oid();
                        case "float8" -> PgType.FLOAT8.oid();
                        case "bool" -> PgType.BOOL.oid();
                        case "date" -> PgType.DATE.oid();
                        case "timestamp" -> PgType.TIMESTAMP.oid();
                        case "timestamptz" -> PgType.TIMESTAMPTZ.oid();
                        case "bytea" -> PgType.BYTEA.oid();
                        default -> throw new TesseraException(SqlState.UNDEFINED_OBJECT,
                                "type \"" + m.group(2) + "\" does not exist");
                    };
                } else {
                    oid = index < oids.size() && oids.get(index) != 0 ? oids.get(index) : PgType.TEXT.oid();
                }
                while (paramTypes.size() <= index) {
                    paramTypes.add(PgType.TEXT.oid());
                }
                paramTypes.set(index, oid);
                columns.add(new Column(m.group(2) == null ? "?column?" : m.group(2), oid));
            }
            List<Integer> indexes = new ArrayList<>();
            for (String item : list.split(",")) {
                Matcher m = Pattern.compile("\\$(\\d+).*").matcher(item.strip());
                m.matches();
                indexes.add(Integer.parseInt(m.group(1)) - 1);
            }
            return new Stmt(paramTypes, columns) {
                @Override
                public QueryResult execute(List<Object> params) {
                    Object[] row = new Object[indexes.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = params.get(indexes.get(i));
                    }
                    return new Result(columns, counting(1, i -> row), "SELECT 1");
                }
            };
        }

        @Override
        public Map<String, String> parameterStatus() {
            return new LinkedHashMap<>(settings);
        }

        @Override
        public char transactionStatus() {
            return status;
        }

        @Override
        public boolean idle() {
            return status == 'I';
        }

        /** "select answer" outside a block, unless {@link #refuseWithoutWaiting}; counted in {@link #withoutWaits}. */
        @Override
        public QueryResult executeWithoutWaiting(PreparedStatement statement, List<Object> params) {
            if (!(statement instanceof AnswerStmt) || status != 'I' || refuseWithoutWaiting) {
                return null;
            }
            withoutWaits.incrementAndGet();
            return statement.execute(params);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    interface RowSource {
        Object[] next();
    }

    RowSource counting(long n, java.util.function.LongFunction<Object[]> row) {
        long[] i = {0};
        return () -> {
            if (i[0] >= n) {
                return null;
            }
            rowsPulled.incrementAndGet();
            return row.apply(++i[0]);
        };
    }

    private PreparedStatement command(String tag, Runnable effect) {
        return new Stmt(List.of(), List.of()) {
            @Override
            public QueryResult execute(List<Object> params) {
                effect.run();
                return new Result(List.of(), () -> null, tag);
            }
        };
    }

    private PreparedStatement rows(List<Column> columns, RowSource source, String tag) {
        return new Stmt(List.of(), columns) {
            @Override
            public QueryResult execute(List<Object> params) {
                return new Result(columns, source, tag);
            }
        };
    }

    /** A statement whose result waits for an {@link Answer}: one a session may start without waiting. */
    private abstract static class AnswerStmt extends Stmt {
        AnswerStmt(List<Integer> params, List<Column> columns) {
            super(params, columns);
        }
    }

    private abstract static class Stmt implements PreparedStatement {
        private final List<Integer> params;
        private final List<Column> columns;

        Stmt(List<Integer> params, List<Column> columns) {
            this.params = params;
            this.columns = columns;
        }

        @Override
        public List<Integer> parameterTypes() {
            return params;
        }

        @Override
        public List<Column> columns() {
            return columns;
        }
    }

    class Result implements QueryResult {
        private final List<Column> columns;
        private final RowSource source;
        private final String tag;
        private boolean closed;

        Result(List<Column> columns, RowSource source, String tag) {
            this.columns = columns;
            this.source = source;
            this.tag = tag;
            openResults.incrementAndGet();
        }

        @Override
        public List<Column> columns() {
            return columns;
        }

        @Override
        public Object[] next() {
            return source.next();
        }

        @Override
        public String commandTag() {
            return tag;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                openResults.decrementAndGet();
            }
        }
    }

    /**
     * A one-row result whose row waits for an answer the test gives ({@link #answer}, {@link #fail}) on its own
     * thread, as a point read's comes on the gRPC transport thread; {@link #next} before the answer fails.
     */
    final class Answer extends Result {
        private Runnable callback;
        private volatile Boolean ok;

        Answer(List<Column> columns) {
            super(columns, null, "SELECT 1");
        }

        @Override
        public synchronized boolean whenAnswered(Runnable callback) {
            if (ok != null) {
                return false;
            }
            this.callback = callback;
            return true;
        }

        @Override
        public boolean answered() {
            return Boolean.TRUE.equals(ok);
        }

        /** The answer arrives: 42. */
        void answer() {
            complete(true);
        }

        /** The call fails: the row is an error. */
        void fail() {
            complete(false);
        }

        private void complete(boolean success) {
            Runnable c;
            synchronized (this) {
                ok = success;
                c = callback;
            }
            if (c != null) {
                c.run();
            }
        }

        private boolean pulled;

        @Override
        public Object[] next() {
            if (ok == null) {
                throw new AssertionError("next() before the answer");
            }
            if (!ok) {
                throw new TesseraException(SqlState.DATANODE_UNAVAILABLE, "datanode dn1 went away");
            }
            if (pulled) {
                return null;
            }
            pulled = true;
            return new Object[] {42};
        }
    }
}
