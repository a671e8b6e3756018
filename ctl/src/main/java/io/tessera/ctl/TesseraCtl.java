package io.tessera.ctl;

import io.tessera.common.config.ClusterConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessera}: the cluster lifecycle tool, in the role of Postgres-XL's pgxc_ctl.
 *
 * <pre>
 * tessera init   [--home DIR] [--coordinators N] [--datanodes N] [--base-port P] | [--config FILE]
 * tessera start  [--home DIR]        start what is not running; 0 when every node is ready
 * tessera status [--home DIR]        one line per process: ROLE NAME HOST:PORT PID up|down; 0 all up, 3 otherwise;
 *                                    then one line per running redistribution job (phase, rows, lag)
 * tessera redistribute [--home DIR] --cancel TABLE [--database DB]   rolls a running ALTER TABLE ... DISTRIBUTE BY back
 * tessera stop   [--home DIR]        SIGTERM, grace period, SIGKILL; 0
 * tessera up                         init ./tessera-home if absent, start, print how to connect
 * tessera down                       stop ./tessera-home
 * </pre>
 *
 * {@code --home} defaults to {@code ./tessera-home}, the home of {@code up} and {@code down}.
 *
 * Exit codes: 0 success, 1 failure, 2 bad usage, 3 status with a node down. Every failure is one line on
 * stderr ({@code tessera: ...}), followed only by a log tail when a process died while starting; never a
 * stack trace.
 */
@Command(name = "tessera", mixinStandardHelpOptions = true, version = "tessera 0.1.0",
        description = "Creates, starts, stops and inspects a Tessera cluster.",
        subcommands = {TesseraCtl.Init.class, TesseraCtl.Start.class, TesseraCtl.Status.class, TesseraCtl.Stop.class,
                TesseraCtl.Up.class, TesseraCtl.Down.class, TesseraCtl.Redistribute.class})
public final class TesseraCtl implements Callable<Integer> {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_NOT_ALL_UP = 3;
    /** The home {@code up} and {@code down} use, relative to the current directory. */
    public static final String DEFAULT_HOME = "tessera-home";

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /** Runs one ctl command, writing to the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new TesseraCtl());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            String cmd = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println("tessera: " + oneLine(ex.getMessage()) + " (see '" + cmd + " --help')");
            err.flush();
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof CtlException ce) {
                err.println("tessera: " + oneLine(ce.getMessage()));
                if (ce.detail() != null) {
                    err.println(ce.detail());
                }
                err.flush();
                return ce.exitCode();
            }
            err.println("tessera: unexpected error: " + oneLine(String.valueOf(ex)));
            err.flush();
            return EXIT_FAILURE;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ').trim();
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("tessera: a command is required: init, start, status, stop, up or down"
                + " (see 'tessera --help')");
        return EXIT_USAGE;
    }

    abstract static class HomeCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--home", paramLabel = "DIR", defaultValue = DEFAULT_HOME,
                description = "The cluster's home directory (default: ./" + DEFAULT_HOME + ", as up and down).")
        Path home;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Creates a cluster in DIR (created if absent; an empty directory or a new one) without"
                    + " starting it. By default coordinator i listens for clients on P+i-1 and every port the"
                    + " cluster uses lies in [P, P+100).")
    static final class Init extends HomeCommand {
        @Option(names = "--coordinators", paramLabel = "N", description = "Coordinators (default 2).")
        Integer coordinators;

        @Option(names = "--datanodes", paramLabel = "N", description = "Datanodes (default 2).")
        Integer datanodes;

        @Option(names = "--base-port", paramLabel = "P", description = "Base port P (default 5432).")
        Integer basePort;

        @Option(names = "--config", paramLabel = "FILE",
                description = "A cluster file (cluster.yaml format) naming every node's host, ports and data"
                        + " directory, instead of the default layout.")
        Path config;

        @Override
        public Integer call() {
            ClusterConfig c;
            if (config != null) {
                if (coordinators != null || datanodes != null || basePort != null) {
                    throw new CtlException(EXIT_USAGE,
                            "--config cannot be combined with --coordinators, --datanodes or --base-port", null);
                }
                c = readConfig(config);
            } else {
                c = Cluster.defaultConfig(coordinators == null ? 2 : coordinators, datanodes == null ? 2 : datanodes,
                        basePort == null ? Cluster.DEFAULT_BASE_PORT : basePort);
            }
            Cluster cluster = Cluster.init(home, c);
            out().println("initialized a Tessera cluster in " + cluster.home() + ": 1 ZooKeeper, 1 GTM, "
                    + c.coordinators.size() + " coordinator(s), " + c.datanodes.size() + " datanode(s)");
            out().println("start it with: tessera start --home " + home);
            return EXIT_OK;
        }

        private static ClusterConfig readConfig(Path file) {
            if (!Files.isRegularFile(file)) {
                throw new CtlException("the cluster file " + file + " does not exist");
            }
            ClusterConfig c;
            try {
                c = ClusterConfig.read(file);
            } catch (IOException e) {
                throw new CtlException("the cluster file " + file + " is not valid: " + Cluster.firstLine(e));
            }
            if (c == null) {
                throw new CtlException("the cluster file " + file + " is empty");
            }
            try {
                Cluster.validate(c);
            } catch (CtlException e) {
                throw new CtlException("the cluster file " + file + " is not valid: " + e.getMessage());
            }
            return c;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Starts every process of the cluster that is not running (ZooKeeper, GTM, datanodes,"
                    + " coordinators) and returns 0 once all are up and every coordinator accepts a PostgreSQL"
                    + " connection.")
    static final class Start extends HomeCommand {
        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
                description = "How long to wait for the cluster to be ready (default ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Override
        public Integer call() {
            Cluster cluster = Cluster.open(home);
            new ClusterControl(cluster, out()).start(Duration.ofSeconds(timeoutSeconds));
            out().println("cluster in " + cluster.home() + " is up");
            return EXIT_OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Prints one line per process, ROLE NAME HOST:PORT PID up|down; exits 0 when all are up,"
                    + " 3 otherwise.")
    static final class Status extends HomeCommand {
        @Override
        public Integer call() {
            Cluster cluster = Cluster.open(home);
            List<ClusterControl.NodeStatus> status = new ClusterControl(cluster, out()).status();
            for (ClusterControl.NodeStatus s : status) {
                out().println(s.line());
            }
            boolean allUp = status.stream().allMatch(ClusterControl.NodeStatus::up);
            if (allUp) { // the running redistribution jobs, from their znodes
                try {
                    for (String line : RedistributeJobs.lines(cluster)) {
                        out().println(line);
                    }
                } catch (CtlException e) { // the processes' status stands
                    spec.commandLine().getErr().println("tessera: " + e.getMessage());
                }
            }
            return allUp ? EXIT_OK : EXIT_NOT_ALL_UP;
        }
    }

    @Command(name = "redistribute", mixinStandardHelpOptions = true,
            description = "Acts on a running ALTER TABLE ... DISTRIBUTE BY / TO NODE / ADD NODE / DELETE NODE:"
                    + " --cancel rolls it back (the table stays whole in its old layout; its ALTER fails with 57014)."
                    + " Exits 0 when a job was cancelled, 1 when none was running on the table.")
    static final class Redistribute extends HomeCommand {
        @Option(names = "--cancel", required = true, paramLabel = "TABLE", description = "The table whose job to cancel.")
        String table;

        @Option(names = "--database", paramLabel = "DB", defaultValue = "postgres",
                description = "The table's database (default ${DEFAULT-VALUE}).")
        String database;

        @Override
        public Integer call() {
            if (!RedistributeJobs.cancel(Cluster.open(home), database, table)) {
                throw new CtlException("no redistribution of \"" + table + "\" is running in database \"" + database
                        + "\"");
            }
            out().println("cancelled the redistribution of " + database + "." + table);
            return EXIT_OK;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stops every running process of the cluster (SIGTERM, then SIGKILL after the grace"
                    + " period), checking each pid really is that node first.")
    static final class Stop extends HomeCommand {
        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "15",
                description = "Grace period before SIGKILL (default ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Override
        public Integer call() {
            Cluster cluster = Cluster.open(home);
            int n = new ClusterControl(cluster, out()).stop(Duration.ofSeconds(timeoutSeconds));
            out().println(n == 0 ? "nothing was running in " + cluster.home() : "cluster in " + cluster.home()
                    + " is stopped");
            return EXIT_OK;
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Initializes ./" + DEFAULT_HOME + " with the defaults if it does not exist, starts it and"
                    + " prints how to connect.")
    static final class Up implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path home = Path.of(DEFAULT_HOME);
            if (!Cluster.isHome(home)) {
                Cluster.init(home, Cluster.defaultConfig(2, 2, Cluster.DEFAULT_BASE_PORT));
                out.println("initialized a Tessera cluster in " + Cluster.canonical(home));
            }
            Cluster cluster = Cluster.open(home);
            new ClusterControl(cluster, out).start(Duration.ofSeconds(120));
            out.println("cluster in " + cluster.home() + " is up; connect with:");
            if (!cluster.config().coordinators.isEmpty()) {
                var c = cluster.config().coordinators.get(0);
                out.println("psql -h " + c.host + " -p " + c.port + " -U tessera postgres");
            }
            return EXIT_OK;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stops ./" + DEFAULT_HOME + ".")
    static final class Down implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path home = Path.of(DEFAULT_HOME);
            if (!Cluster.isHome(home)) {
                out.println("no cluster in " + Cluster.canonical(home) + "; nothing to stop");
                return EXIT_OK;
            }
            Cluster cluster = Cluster.open(home);
            new ClusterControl(cluster, out).stop(Duration.ofSeconds(15));
            out.println("cluster in " + cluster.home() + " is stopped");
            return EXIT_OK;
        }
    }
}
