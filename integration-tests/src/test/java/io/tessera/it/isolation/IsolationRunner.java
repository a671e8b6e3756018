package io.tessera.it.isolation;

import io.tessera.it.isolation.IsolationSpec.Await;
import io.tessera.it.isolation.IsolationSpec.Run;
import io.tessera.it.isolation.IsolationSpec.Step;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one {@link IsolationSpec} against one system and renders what happened as text, the same text for every
 * system that behaves the same: per step its label, then its rows (column names, then values, {@code |}-separated)
 * or {@code INSERT n}/{@code UPDATE n}/{@code DELETE n}, or {@code ERROR: <SQLSTATE>} (never the message, which
 * differs between systems). Each session is its own pgjdbc connection in autocommit mode (BEGIN/COMMIT are SQL),
 * driven by its own thread; the main thread issues the steps one by one in the spec's order.
 *
 * <p>A step marked {@code &} is expected to block: it is started in the background and the runner then decides
 * whether it waits before going on. Against PostgreSQL this is exact: the runner polls {@code pg_stat_activity}
 * until the session's backend waits on a lock (or the step finishes). Against a system without such a view it
 * gives the step a grace period ({@link Target#blockGracePeriodMillis()}); a step that should block still blocks
 * then, so the check can only miss a bug on a slow machine, never invent one. Either way the step's result is
 * printed when the spec awaits it, so the output never depends on timing. A step that should not block but does
 * not finish within {@link #STEP_TIMEOUT_SECONDS} abandons the permutation (reported in the output).
 */
public final class IsolationRunner {
    /** How long a step (or an await) may take before the permutation is abandoned. */
    public static final long STEP_TIMEOUT_SECONDS = Long.getLong("tessera.isolation.stepTimeout", 30);

    private static final String WAITING = " <waiting ...>";
    private static final String DID_NOT_WAIT = " <did not wait>";

    private IsolationRunner() {
    }

    /** A system to run specs on. */
    public interface Target {
        /** A name for messages: {@code postgres}, {@code tessera}. */
        String name();

        /** A new connection for the spec's session {@code index} (0-based, in declaration order). */
        Connection connectSession(int index) throws SQLException;

        /** A new connection for setup and teardown, and for watching the sessions' lock waits. */
        Connection connectAdmin() throws SQLException;

        /**
         * Whether this system has PostgreSQL's {@code pg_stat_activity.wait_event_type} and
         * {@code pg_backend_pid()}, so that a lock wait can be observed exactly.
         */
        boolean canObserveLockWaits();

        /** Without {@link #canObserveLockWaits()}: how long a background step must run to count as waiting. */
        default long blockGracePeriodMillis() {
            return Long.getLong("tessera.isolation.blockGraceMs", 1000);
        }
    }

    /**
     * What a run produced: {@code output}, the text compared between systems, and {@code transcript}, the same
     * with error messages and timings, for a human reading a mismatch.
     */
    public record Result(String output, String transcript) {
    }

    public static Result run(IsolationSpec spec, Target target) throws SQLException {
        return new Execution(spec, target).run();
    }

    /** The result of one statement: output lines, and the error message (if any) for the transcript. */
    private record Outcome(List<String> lines, String message) {
    }

    /** One spec session: its connection and the thread that runs its steps. */
    private static final class Session {
        final String name;
        final Connection connection;
        final ExecutorService thread;
        final AtomicReference<Statement> current = new AtomicReference<>();
        int backendPid = -1;
        Future<Outcome> pending;
        String pendingSql;

        Session(String name, Connection connection) {
            this.name = name;
            this.connection = connection;
            this.thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "isolation-" + name);
                t.setDaemon(true);
                return t;
            });
        }

        Future<Outcome> submit(String sql) {
            return thread.submit(() -> execute(connection, sql, current));
        }
    }

    private static final class Abandoned extends Exception {
        Abandoned(String message) {
            super(message);
        }
    }

    private static final class Execution {
        final IsolationSpec spec;
        final Target target;
        final List<String> output = new ArrayList<>();
        final List<String> transcript = new ArrayList<>();
        final Map<String, Session> sessions = new LinkedHashMap<>();
        final long started = System.nanoTime();
        Connection admin;

        Execution(IsolationSpec spec, Target target) {
            this.spec = spec;
            this.target = target;
        }

        Result run() throws SQLException {
            note("spec " + spec.name() + " on " + target.name());
            admin = target.connectAdmin();
            try {
                boolean setUp = runAdmin("setup", spec.setup());
                if (setUp) {
                    boolean abandoned = false;
                    try {
                        openSessions();
                        for (Step step : spec.steps()) {
                            if (step instanceof Run r) {
                                runStep(r);
                            } else {
                                await((Await) step);
                            }
                        }
                    } catch (Abandoned e) {
                        abandoned = true;
                        emit(e.getMessage());
                    } finally {
                        closeSessions(abandoned);
                    }
                }
                runAdmin("teardown", spec.teardown());
            } finally {
                admin.close();
            }
            return new Result(String.join("\n", output) + "\n", String.join("\n", transcript) + "\n");
        }

        /** Setup or teardown, statement by statement; a failure is reported and ends that phase. */
        boolean runAdmin(String phase, List<String> statements) {
            for (String sql : statements) {
                AtomicReference<Statement> current = new AtomicReference<>();
                Outcome o = execute(admin, sql, current);
                note(phase + ": " + oneLine(sql) + (o.message() == null ? "" : "  -> " + o.message()));
                if (o.message() != null) {
                    emit(phase + " failed: " + oneLine(sql));
                    o.lines().forEach(this::emit);
                    return false;
                }
            }
            return true;
        }

        void openSessions() throws SQLException, Abandoned {
            for (int i = 0; i < spec.sessions().size(); i++) {
                String name = spec.sessions().get(i);
                Session s = new Session(name, target.connectSession(i));
                sessions.put(name, s);
                if (target.canObserveLockWaits()) {
                    try (Statement st = s.connection.createStatement(); ResultSet rs = st.executeQuery(
                            "select pg_backend_pid()")) {
                        rs.next();
                        s.backendPid = rs.getInt(1);
                    }
                }
            }
        }

        void runStep(Run r) throws Abandoned {
            Session s = sessions.get(r.session());
            String label = "step " + r.session() + ": " + oneLine(r.sql());
            Future<Outcome> f = s.submit(r.sql());
            if (!r.blocks()) {
                Outcome o = get(f, label);
                emit(label);
                report(label, o);
                return;
            }
            boolean waits = waitsForLock(s, f);
            emit(label + (waits ? WAITING : DID_NOT_WAIT));
            s.pending = f;
            s.pendingSql = r.sql();
        }

        void await(Await a) throws Abandoned {
            Session s = sessions.get(a.session());
            String label = "step " + a.session() + ": <... completed>";
            Outcome o = get(s.pending, "step " + a.session() + ": " + oneLine(s.pendingSql) + " (awaited)");
            s.pending = null;
            s.pendingSql = null;
            emit(label);
            report(label, o);
        }

        /** Whether the background step waits: observed exactly, or inferred from the grace period. */
        boolean waitsForLock(Session s, Future<Outcome> f) throws Abandoned {
            if (!target.canObserveLockWaits()) {
                try {
                    f.get(target.blockGracePeriodMillis(), TimeUnit.MILLISECONDS);
                    return false;
                } catch (TimeoutException e) {
                    return true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Abandoned("<interrupted>");
                } catch (ExecutionException e) {
                    return false; // reported when awaited
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_TIMEOUT_SECONDS);
            try (PreparedStatement ps = admin.prepareStatement(
                    "select wait_event_type = 'Lock' from pg_stat_activity where pid = ?")) {
                ps.setInt(1, s.backendPid);
                while (System.nanoTime() < deadline) {
                    if (f.isDone()) {
                        return false;
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getBoolean(1)) {
                            return true;
                        }
                    }
                    Thread.sleep(5);
                }
            } catch (SQLException e) {
                throw new Abandoned("<cannot watch session " + s.name + " for lock waits: " + e.getSQLState() + ">");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Abandoned("<interrupted>");
            }
            throw new Abandoned("<session " + s.name + " neither waited on a lock nor finished within "
                    + STEP_TIMEOUT_SECONDS + " s: the permutation was abandoned>");
        }

        Outcome get(Future<Outcome> f, String label) throws Abandoned {
            try {
                return f.get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                emit(label);
                throw new Abandoned("<did not finish within " + STEP_TIMEOUT_SECONDS
                        + " s: the permutation was abandoned>");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Abandoned("<interrupted>");
            } catch (ExecutionException e) {
                emit(label);
                throw new Abandoned("<harness failure: " + e.getCause() + ">");
            }
        }

        void report(String label, Outcome o) {
            o.lines().forEach(this::emit);
            if (o.message() != null) {
                note("    (" + o.message() + ")");
            }
        }

        /** Closes every session; after an abandoned permutation, first cancels and aborts what still runs. */
        void closeSessions(boolean abandoned) {
            for (Session s : sessions.values()) {
                if (s.pending != null || abandoned) {
                    Statement st = s.current.get();
                    if (st != null) {
                        try {
                            st.cancel();
                        } catch (SQLException e) {
                            note("cancel of " + s.name + " failed: " + e.getMessage());
                        }
                    }
                    try {
                        s.connection.abort(Runnable::run);
                    } catch (SQLException e) {
                        note("abort of " + s.name + " failed: " + e.getMessage());
                    }
                }
                try {
                    s.connection.close();
                } catch (SQLException e) {
                    note("close of " + s.name + " failed: " + e.getMessage());
                }
                s.thread.shutdownNow();
                try {
                    if (!s.thread.awaitTermination(10, TimeUnit.SECONDS)) {
                        note("the thread of session " + s.name + " is still running");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        void emit(String line) {
            output.add(line);
            note(line);
        }

        void note(String line) {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            transcript.add(String.format(Locale.ROOT, "%6d ms  %s", ms, line));
        }
    }

    /** Runs one statement and renders its results (all of them, should there be several). */
    static Outcome execute(Connection connection, String sql, AtomicReference<Statement> current) {
        List<String> lines = new ArrayList<>();
        try (Statement st = connection.createStatement()) {
            current.set(st);
            boolean isResultSet = st.execute(sql);
            while (true) {
                if (isResultSet) {
                    try (ResultSet rs = st.getResultSet()) {
                        render(rs, lines);
                    }
                } else {
                    int count = st.getUpdateCount();
                    if (count == -1) {
                        break;
                    }
                    String verb = sql.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
                    if (verb.equals("INSERT") || verb.equals("UPDATE") || verb.equals("DELETE")) {
                        lines.add(verb + " " + count);
                    }
                }
                isResultSet = st.getMoreResults();
            }
            return new Outcome(lines, null);
        } catch (SQLException e) {
            String state = e.getSQLState();
            lines.add("ERROR: " + (state == null ? "<no SQLSTATE>" : state));
            return new Outcome(lines, "ERROR " + state + ": " + e.getMessage());
        } finally {
            current.set(null);
        }
    }

    private static void render(ResultSet rs, List<String> lines) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> cells = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            cells.add(md.getColumnLabel(i));
        }
        lines.add(String.join("|", cells));
        int rows = 0;
        while (rs.next()) {
            cells.clear();
            for (int i = 1; i <= n; i++) {
                String v = rs.getString(i);
                cells.add(v == null ? "<null>" : v);
            }
            lines.add(String.join("|", cells));
            rows++;
        }
        lines.add("(" + rows + (rows == 1 ? " row)" : " rows)"));
    }

    private static String oneLine(String sql) {
        return sql.replaceAll("\\s*\n\\s*", " ");
    }
}
