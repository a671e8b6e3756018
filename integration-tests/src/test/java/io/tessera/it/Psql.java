package io.tessera.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code psql} binary against a port:
 * {@code psql -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p PORT -U tessera -d DB (-c SQL | -f FILE)}, capturing stdout,
 * stderr and the exit code, killed after a timeout. {@code -X} ignores any ~/.psqlrc so output is predictable.
 */
public final class Psql {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private Psql() {
    }

    /** What psql printed and returned; {@code timedOut} when it had to be killed. */
    public record Result(int exitCode, String out, String err, boolean timedOut) {
        @Override
        public String toString() {
            return "psql exit " + exitCode + (timedOut ? " (timed out)" : "") + "\n--- stdout\n" + out
                    + "--- stderr\n" + err;
        }
    }

    /** Runs one command string ({@code -c}). */
    public static Result command(int port, String database, String sql) {
        return run(port, database, List.of("-c", sql), DEFAULT_TIMEOUT);
    }

    /** Runs a script file ({@code -f}), with psql's meta-commands (\c ...) honoured. */
    public static Result file(int port, String database, Path script) {
        return run(port, database, List.of("-f", script.toString()), DEFAULT_TIMEOUT);
    }

    /** Runs psql with extra arguments (e.g. {@code -A -t -c ...}) and a timeout. */
    public static Result run(int port, String database, List<String> args, Duration timeout) {
        List<String> cmd = new ArrayList<>(List.of("psql", "-X", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                "-p", Integer.toString(port), "-U", "tessera", "-d", database));
        cmd.addAll(args);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(
                    new java.io.File("/dev/null")));
            pb.environment().put("PGCONNECT_TIMEOUT", "10");
            pb.environment().remove("PGPASSWORD");
            Process p = pb.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            return new Result(done ? p.exitValue() : -1, out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS),
                    !done);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run psql (is postgresql-client installed?)", e);
        } catch (Exception e) {
            throw new IllegalStateException("psql failed: " + e, e);
        }
    }

    /**
     * The lines of psql output {@code out} that start with one of {@code prefixes}, each ending in a newline, in
     * their order; all of {@code out} when no prefix is given. Output tests compare these lines of Tessera's and
     * PostgreSQL's output where the rest legitimately differs.
     */
    public static String linesStartingWith(String out, String... prefixes) {
        if (prefixes.length == 0) {
            return out;
        }
        StringBuilder b = new StringBuilder();
        for (String line : out.split("\n")) {
            for (String p : prefixes) {
                if (line.startsWith(p)) {
                    b.append(line).append('\n');
                }
            }
        }
        return b.toString();
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
