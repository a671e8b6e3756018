package io.tessera.it.isolation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One isolation spec: the invariant it checks, setup and teardown SQL, the sessions, and one ordered permutation
 * of steps. The format (line-oriented; see {@code src/test/resources/isolation/README.md}):
 *
 * <pre>
 * # Invariant: ... (the leading comment block; required)
 * setup    create table t(id int, v int)
 * setup    insert into t values (1, 10)
 * teardown drop table t
 * session  s1
 * session  s2
 * s1: begin
 * s1: update t set v = v + 1 where id = 1
 * s2: update t set v = v * 2 where id = 1 &amp;     -- expected to block: runs in the background
 * s1: commit                                    -- releases it
 * await s2                                      -- waits for s2's step and prints its result
 * s2: select id, v from t order by id
 * </pre>
 *
 * A line starting with whitespace continues the previous line's SQL; {@code #} starts a comment line.
 */
public record IsolationSpec(String name, String invariant, List<String> setup, List<String> teardown,
        List<String> sessions, List<Step> steps) {

    /** A step of the permutation. */
    public sealed interface Step permits Run, Await {
        String session();

        int line();
    }

    /** {@code session: SQL}, in the background when {@code blocks} (the spec's trailing {@code &}). */
    public record Run(String session, String sql, boolean blocks, int line) implements Step {
    }

    /** {@code await session}: wait for that session's blocked step and report its result. */
    public record Await(String session, int line) implements Step {
    }

    private static final Pattern SESSION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern RUN = Pattern.compile("([A-Za-z][A-Za-z0-9_]*)\\s*:\\s*(.*)");

    /** Parses a spec; {@code name} is used in messages. Throws {@link IllegalArgumentException} with the line. */
    public static IsolationSpec parse(String name, String text) {
        List<String> invariant = new ArrayList<>();
        boolean leadingComments = true;
        List<String> setup = new ArrayList<>();
        List<String> teardown = new ArrayList<>();
        List<String> sessions = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        // the directive that a continuation line extends: [kind, index into its list]
        String lastKind = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String raw = lines[i];
            String line = raw.strip();
            if (line.isEmpty()) {
                lastKind = null;
                continue;
            }
            if (line.startsWith("#")) {
                if (leadingComments) {
                    invariant.add(line.substring(1).strip());
                }
                continue;
            }
            leadingComments = false;
            if (Character.isWhitespace(raw.charAt(0))) {
                if (lastKind == null) {
                    throw error(name, lineNo, "a continuation line (leading whitespace) must follow setup, teardown or a step");
                }
                switch (lastKind) {
                    case "setup" -> setup.set(setup.size() - 1, setup.get(setup.size() - 1) + "\n" + line);
                    case "teardown" -> teardown.set(teardown.size() - 1, teardown.get(teardown.size() - 1) + "\n" + line);
                    case "run" -> {
                        Run r = (Run) steps.get(steps.size() - 1);
                        if (r.blocks()) {
                            throw error(name, lineNo, "the blocking marker & must end the step's last line");
                        }
                        String sql = r.sql() + "\n" + line;
                        boolean blocks = sql.endsWith("&");
                        steps.set(steps.size() - 1, new Run(r.session(), blocks ? stripMarker(sql) : sql, blocks, r.line()));
                    }
                    default -> throw error(name, lineNo, "nothing to continue");
                }
                continue;
            }
            String keyword = line.split("\\s+", 2)[0];
            String rest = line.length() > keyword.length() ? line.substring(keyword.length()).strip() : "";
            switch (keyword) {
                case "setup" -> {
                    require(!rest.isEmpty(), name, lineNo, "setup needs SQL");
                    require(sessions.isEmpty() && steps.isEmpty(), name, lineNo, "setup must come before sessions and steps");
                    setup.add(rest);
                    lastKind = "setup";
                }
                case "teardown" -> {
                    require(!rest.isEmpty(), name, lineNo, "teardown needs SQL");
                    require(sessions.isEmpty() && steps.isEmpty(), name, lineNo, "teardown must come before sessions and steps");
                    teardown.add(rest);
                    lastKind = "teardown";
                }
                case "session" -> {
                    require(SESSION_NAME.matcher(rest).matches(), name, lineNo, "bad session name '" + rest + "'");
                    require(!sessions.contains(rest), name, lineNo, "session " + rest + " declared twice");
                    require(steps.isEmpty(), name, lineNo, "sessions must be declared before the steps");
                    sessions.add(rest);
                    lastKind = null;
                }
                case "await" -> {
                    require(sessions.contains(rest), name, lineNo, "await of an undeclared session '" + rest + "'");
                    steps.add(new Await(rest, lineNo));
                    lastKind = null;
                }
                default -> {
                    Matcher m = RUN.matcher(line);
                    require(m.matches(), name, lineNo, "expected setup, teardown, session, await or 'session: SQL'");
                    String session = m.group(1);
                    require(sessions.contains(session), name, lineNo, "undeclared session '" + session + "'");
                    String sql = m.group(2).strip();
                    boolean blocks = sql.endsWith("&");
                    if (blocks) {
                        sql = stripMarker(sql);
                    }
                    require(!sql.isEmpty(), name, lineNo, "a step needs SQL");
                    steps.add(new Run(session, sql, blocks, lineNo));
                    lastKind = "run";
                }
            }
        }
        while (!invariant.isEmpty() && invariant.get(invariant.size() - 1).isEmpty()) {
            invariant.remove(invariant.size() - 1);
        }
        if (invariant.isEmpty()) {
            throw error(name, 1, "a spec starts with a comment block stating the invariant it checks");
        }
        if (sessions.isEmpty() || steps.isEmpty()) {
            throw error(name, lines.length, "a spec needs at least one session and one step");
        }
        validateAwaits(name, steps);
        return new IsolationSpec(name, String.join("\n", invariant), List.copyOf(setup), List.copyOf(teardown),
                List.copyOf(sessions), List.copyOf(steps));
    }

    /**
     * A blocked session does nothing until it is awaited, every blocking step is awaited before the end, and
     * awaits name a session that has a blocked step; and a blocking step is never the last action of the spec
     * before its own await (something else must release it).
     */
    private static void validateAwaits(String name, List<Step> steps) {
        Map<String, Run> pending = new HashMap<>();
        Set<String> releasedSince = new LinkedHashSet<>();
        for (Step step : steps) {
            if (step instanceof Run r) {
                require(!pending.containsKey(r.session()), name, r.line(),
                        "session " + r.session() + " still waits in its step of line " + (pending.containsKey(r.session())
                                ? pending.get(r.session()).line() : 0) + ": await it first");
                if (r.blocks()) {
                    pending.put(r.session(), r);
                    releasedSince.remove(r.session());
                } else {
                    releasedSince.addAll(pending.keySet());
                }
            } else if (step instanceof Await a) {
                require(pending.containsKey(a.session()), name, a.line(),
                        "await " + a.session() + ", but that session has no step running in the background");
                require(releasedSince.contains(a.session()), name, a.line(),
                        "await " + a.session() + " right after its blocking step: some other step must release it first");
                pending.remove(a.session());
                releasedSince.remove(a.session());
            }
        }
        if (!pending.isEmpty()) {
            Run r = pending.values().iterator().next();
            throw error(name, r.line(), "the blocking step of " + r.session() + " is never awaited");
        }
    }

    private static String stripMarker(String sql) {
        return sql.substring(0, sql.length() - 1).strip();
    }

    private static void require(boolean condition, String name, int line, String message) {
        if (!condition) {
            throw error(name, line, message);
        }
    }

    private static IllegalArgumentException error(String name, int line, String message) {
        return new IllegalArgumentException(name + ":" + line + ": " + message);
    }
}
