package io.tessera.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away reference PostgreSQL 15 server for tests that compare Tessera with the real thing, built from the
 * Debian server binaries ({@code /usr/lib/postgresql/15/bin}, see NOTES.md "A reference PostgreSQL").
 *
 * <pre>
 * try (ReferencePostgres pg = ReferencePostgres.start()) {   // a copy of initdb + pg_ctl start, ready on return
 *     DriverManager.getConnection(pg.jdbcUrl());             // database postgres, user postgres, trust auth
 * }                                                          // pg_ctl -m immediate stop; directory removed
 * </pre>
 *
 * The server refuses to run as root, and CI runs as root: then the temporary directory is handed to the
 * {@code postgres} user and initdb/pg_ctl run through {@code runuser -u postgres --}; otherwise they run directly.
 * The server listens on a free port of 127.0.0.1 only, with its Unix socket in the temporary directory (so it
 * never collides with a system cluster's {@code /var/run/postgresql}), fsync off. Its log is
 * {@code DIR/server.log}; the directory is kept when the system property {@code tessera.it.keep} is set.
 * A JVM shutdown hook stops the server should the test JVM exit without {@link #close()}.
 */
public final class ReferencePostgres implements AutoCloseable {
    /** Where Debian's postgresql-15 package puts the server binaries; {@code tessera.it.pgbin} overrides. */
    public static final Path BIN = Path.of(System.getProperty("tessera.it.pgbin", "/usr/lib/postgresql/15/bin"));
    private static final String OS_USER = "postgres";
    private static Path template;
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Path dir;
    private final Path data;
    private final boolean asPostgresUser;
    private final int port;
    private final Thread shutdownHook;
    private boolean stopped;

    private ReferencePostgres(Path dir, boolean asPostgresUser, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.asPostgresUser = asPostgresUser;
        this.port = port;
        this.shutdownHook = new Thread(this::stopQuietly, "reference-postgres-stop");
    }

    /** initdb in a fresh temporary directory and start the server; returns once it accepts connections. */
    public static ReferencePostgres start() {
        for (String tool : List.of("initdb", "pg_ctl", "postgres")) {
            if (!Files.isExecutable(BIN.resolve(tool))) {
                throw new IllegalStateException("the reference PostgreSQL needs the PostgreSQL 15 server binaries, but "
                        + BIN.resolve(tool) + " is missing: install the Debian package postgresql-15 "
                        + "(or point -Dtessera.it.pgbin at a directory holding initdb, pg_ctl and postgres)");
            }
        }
        boolean root = isRoot();
        Path dir = ownedTempDirectory("tessera-refpg-", root);
        ReferencePostgres pg = null;
        try {
            Path data = dir.resolve("data");
            // cp -a keeps the template's owner and modes (0700, as the server requires)
            run(root, List.of("cp", "-a", template(root).toString(), data.toString()), "the copy of initdb's template");
            IllegalStateException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = freePort();
                pg = new ReferencePostgres(dir, root, port);
                try {
                    run(root, List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                            dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                            "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                                    + " -c synchronous_commit=off -c full_page_writes=off",
                            "start"), "pg_ctl start");
                    Runtime.getRuntime().addShutdownHook(pg.shutdownHook);
                    return pg;
                } catch (IllegalStateException e) {
                    // most likely the port was taken between freePort() and the server's bind: try another
                    last = e;
                    pg.stopQuietly();
                }
            }
            throw new IllegalStateException(last.getMessage() + "\n--- server.log\n" + readQuietly(
                    dir.resolve("server.log")), last);
        } catch (RuntimeException | Error e) {
            if (System.getProperty("tessera.it.keep") == null) {
                ProcessCluster.deleteTree(dir);
            }
            throw e;
        }
    }

    /**
     * The data directory of one {@code initdb} per test JVM, made on first use and deleted when the JVM exits:
     * every server starts from a copy of it, which is much cheaper than an initdb per test class.
     */
    private static synchronized Path template(boolean root) {
        if (template == null) {
            Path t = ownedTempDirectory("tessera-refpg-template-", root);
            try {
                run(root, List.of(BIN.resolve("initdb").toString(), "-D", t.resolve("data").toString(), "-A",
                        "trust", "-U", OS_USER, "-E", "UTF8", "--locale=C", "--no-sync"), "initdb");
            } catch (RuntimeException | Error e) {
                ProcessCluster.deleteTree(t);
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessCluster.deleteTree(t), "refpg-template"));
            template = t.resolve("data");
        }
        return template;
    }

    /** A new temporary directory; owned by the {@code postgres} user when this JVM runs as root. */
    private static Path ownedTempDirectory(String prefix, boolean root) {
        try {
            Path dir = Files.createTempDirectory(prefix).toRealPath();
            if (root) {
                UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
                PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
                view.setOwner(users.lookupPrincipalByName(OS_USER));
                GroupPrincipal group = users.lookupPrincipalByGroupName(OS_USER);
                view.setGroup(group);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a directory for the reference PostgreSQL"
                    + (root ? " (owned by the user " + OS_USER + ")" : ""), e);
        }
    }

    /** A pgjdbc URL for database postgres, user postgres. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + OS_USER
                + "&connectTimeout=10&socketTimeout=120";
    }

    public int port() {
        return port;
    }

    public Path directory() {
        return dir;
    }

    /** The server's log so far. */
    public String log() {
        return readQuietly(dir.resolve("server.log"));
    }

    /** {@code pg_ctl -m immediate stop} (timed), then removes the directory. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook does the same
        }
        try {
            stop();
        } finally {
            if (System.getProperty("tessera.it.keep") == null) {
                ProcessCluster.deleteTree(dir);
            }
        }
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid = -1;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } catch (IOException | RuntimeException e) {
            // no pid to watch: rely on pg_ctl alone
        }
        run(asPostgresUser, List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w",
                "-t", "30", "stop"), "pg_ctl stop");
        // pg_ctl returns when postmaster.pid is gone; make sure the postmaster itself has exited too
        ProcessHandle.of(pid).ifPresent(h -> {
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
                throw new IllegalStateException("the reference PostgreSQL (pid " + h.pid() + ") survived pg_ctl stop");
            }
        });
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("could not stop the reference PostgreSQL in " + dir + ": " + e.getMessage());
        }
    }

    /** Runs one PostgreSQL tool to completion (as the postgres user when we are root); fails unless it exits 0. */
    private static void run(boolean asPostgresUser, List<String> command, String what) {
        List<String> cmd = new ArrayList<>();
        if (asPostgresUser) {
            cmd.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        cmd.addAll(command);
        Path out = null;
        try {
            // output to a file, not a pipe: pg_ctl start leaves a server behind that must not hold our pipe open
            out = Files.createTempFile("tessera-refpg-cmd-", ".out");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("LC_ALL", "C");
            pb.environment().remove("PGDATA");
            pb.environment().remove("PGPORT");
            Process p = pb.start();
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(what + " did not finish in " + COMMAND_TIMEOUT_SECONDS + " s: "
                        + String.join(" ", cmd) + "\n" + readQuietly(out));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "): " + String.join(" ", cmd)
                        + "\n" + readQuietly(out));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + what, e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a stray temp file is harmless
                }
            }
        }
    }

    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
