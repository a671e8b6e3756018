package io.tessera.ctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds a node's process and checks it really is that node before anyone signals it.
 *
 * <p>A pid file alone is not trusted: after a SIGKILL it names a dead process, and after a reboot or pid
 * wrap-around it may name an unrelated one. A pid counts as the node only if its command line
 * ({@code /proc/<pid>/cmdline}) has the role's main class, {@code --home <home>} and {@code --name <name>}.
 * When the pid file is missing or stale (a process that has not written it yet, or one that lost it), the
 * process table is searched for that command line.
 */
public final class Processes {
    private Processes() {
    }

    /** The pid of the live process that is this node, if any. */
    public static OptionalLong find(Node node) {
        OptionalLong fromFile = readPidFile(node.pidFile());
        if (fromFile.isPresent() && isNode(fromFile.getAsLong(), node)) {
            return fromFile;
        }
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid() && isNode(p.pid(), node))
                .mapToLong(ProcessHandle::pid)
                .findFirst();
    }

    /** Every live process started for this home (any node, matched by {@code --home <home>}). */
    public static List<ProcessHandle> ofHome(Path home) {
        String h = home.toString();
        List<ProcessHandle> result = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> {
            List<String> args = commandLine(p.pid());
            int i = args.indexOf("--home");
            if (i >= 0 && i + 1 < args.size() && args.get(i + 1).equals(h) && args.contains("--name")) {
                result.add(p);
            }
        });
        return result;
    }

    /** The pid recorded in a pid file, if the file exists and holds a number. */
    public static OptionalLong readPidFile(Path pidFile) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** True when {@code pid} is alive and its command line is this node's. */
    public static boolean isNode(long pid, Node node) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !isAlive(handle.get())) {
            return false;
        }
        List<String> args = commandLine(pid);
        return args.contains(node.role().mainClass())
                && follows(args, "--home", node.home().toString())
                && follows(args, "--name", node.name());
    }

    /**
     * True while the process runs: not gone and not a zombie. A node started by a ctl that has since exited is
     * reparented to the system's init, which may reap it seconds after it exited; {@link ProcessHandle#isAlive()}
     * counts such an exited, unreaped process ({@code Z} in {@code /proc/<pid>/stat}) as alive.
     */
    public static boolean isAlive(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"),
                    StandardCharsets.US_ASCII);
            // pid (comm) state ...: the command may hold spaces and parentheses, the state follows the last ')'
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
        } catch (IOException e) {
            return process.isAlive(); // not Linux, or gone just now
        }
    }

    private static boolean follows(List<String> args, String flag, String value) {
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals(flag) && args.get(i + 1).equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** The process's command line, argv[0] first; empty when the process is gone or unreadable. */
    static List<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            if (raw.length == 0) {
                return List.of();
            }
            String s = new String(raw, StandardCharsets.UTF_8);
            if (s.endsWith("\0")) {
                s = s.substring(0, s.length() - 1);
            }
            return Arrays.asList(s.split("\0", -1));
        } catch (IOException e) {
            // not Linux, or the process is gone: fall back on what the JDK knows
            return ProcessHandle.of(pid).flatMap(p -> p.info().arguments()).map(Arrays::asList).orElse(List.of());
        }
    }
}
