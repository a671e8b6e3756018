package io.tessera.ctl;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a node process detached from the caller:
 * {@code setsid java -Xmx256m $TESSERA_JVM_OPTS -cp <ctl's classpath> <MainClass> --home <home> --name <name>},
 * stdin from /dev/null, stdout and stderr appended to {@code <home>/log/<name>.log}. Its own session means a
 * terminal's hang-up or Ctrl-C does not reach it, and a caller capturing ctl's output never waits on it.
 *
 * <p>The node runs on the same java binary and classpath as ctl (the distribution is one classpath).
 * {@code TESSERA_JVM_OPTS} comes after {@code -Xmx256m}, so {@code TESSERA_JVM_OPTS=-Xmx1g} overrides it.
 * The system property {@code tessera.classpath} replaces ctl's own classpath, and {@value #JVM_OPTS_PROPERTY} adds
 * options after {@code TESSERA_JVM_OPTS} (both for embedding ctl, e.g. in tests).
 */
public final class Launcher {
    public static final String DEFAULT_HEAP = "-Xmx256m";
    /** System property of ctl's JVM whose value (options separated by spaces) is added to every node's JVM. */
    public static final String JVM_OPTS_PROPERTY = "tessera.node.jvm.opts";

    private Launcher() {
    }

    /** The command line that runs this node. */
    public static List<String> command(Node node) {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        } else if (Files.isExecutable(Path.of("/bin/setsid"))) {
            cmd.add("/bin/setsid");
        }
        cmd.add(javaBinary());
        cmd.add(DEFAULT_HEAP);
        for (String opts : new String[] {System.getenv("TESSERA_JVM_OPTS"), System.getProperty(JVM_OPTS_PROPERTY)}) {
            if (opts != null && !opts.isBlank()) {
                cmd.addAll(List.of(opts.trim().split("\\s+")));
            }
        }
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(node.role().mainClass());
        cmd.add("--home");
        cmd.add(node.home().toString());
        cmd.add("--name");
        cmd.add(node.name());
        return cmd;
    }

    /** Starts the node; returns the launched process (its pid is the node's, as setsid does not fork here). */
    public static Process launch(Node node) {
        try {
            Files.createDirectories(node.logFile().getParent());
            Files.createDirectories(node.dataDir());
            return new ProcessBuilder(command(node))
                    .directory(node.home().toFile())
                    .redirectInput(new File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(node.logFile().toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new CtlException("cannot launch " + node + ": " + e.getMessage());
        }
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command()
                .filter(c -> c.endsWith("java"))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    static String classpath() {
        String cp = System.getProperty("tessera.classpath");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        List<String> entries = new ArrayList<>();
        for (String e : cp.split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(e.endsWith("*") ? e : Path.of(e).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
