package io.tessera.ctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tessera.common.config.ClusterConfig;
import io.tessera.common.config.ClusterConfig.NodeConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Tessera home: the directory holding {@code cluster.yaml}, {@code log/} and (by default) every node's data
 * directory. Creates the default layout, validates a cluster file, and lists the nodes in start order
 * (ZooKeeper, GTM, datanodes, coordinators).
 *
 * <p>Default port layout for a base port P, so that a cluster owns exactly [P, P+100): coordinator i's client
 * port P+i−1 and gRPC port P+30+i−1, datanode j's gRPC port P+60+j−1, ZooKeeper P+90, GTM P+91.
 */
public final class Cluster {
    public static final int DEFAULT_BASE_PORT = 5432;
    public static final int MAX_COORDINATORS = 30;
    public static final int MAX_DATANODES = 30;
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");

    private final Path home;
    private final ClusterConfig config;

    private Cluster(Path home, ClusterConfig config) {
        this.home = home;
        this.config = config;
    }

    public Path home() {
        return home;
    }

    public ClusterConfig config() {
        return config;
    }

    /** The canonical form of a home path: absolute, normalized, symlinks resolved where it exists. */
    public static Path canonical(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            return Files.exists(abs) ? abs.toRealPath() : abs;
        } catch (IOException e) {
            return abs;
        }
    }

    /** True when {@code dir} holds a cluster file. */
    public static boolean isHome(Path dir) {
        return Files.isRegularFile(dir.resolve(ClusterConfig.FILE_NAME));
    }

    /**
     * Opens an existing home.
     *
     * @throws CtlException when the directory or its cluster file is missing or invalid
     */
    public static Cluster open(Path dir) {
        Path home = canonical(dir);
        if (!Files.isDirectory(home)) {
            throw new CtlException("no Tessera home at " + home + " (run 'tessera init --home " + dir + "' first)");
        }
        if (!isHome(home)) {
            throw new CtlException(home + " is not a Tessera home: it has no " + ClusterConfig.FILE_NAME);
        }
        ClusterConfig config;
        try {
            config = ClusterConfig.load(home);
        } catch (NoSuchFileException e) {
            throw new CtlException(home + " is not a Tessera home: it has no " + ClusterConfig.FILE_NAME);
        } catch (IOException e) {
            throw new CtlException("the cluster file " + home.resolve(ClusterConfig.FILE_NAME) + " is corrupt: "
                    + firstLine(e));
        }
        if (config == null) {
            throw new CtlException("the cluster file " + home.resolve(ClusterConfig.FILE_NAME) + " is empty");
        }
        try {
            validate(config);
        } catch (CtlException e) {
            throw new CtlException("the cluster file " + home.resolve(ClusterConfig.FILE_NAME) + " is invalid: "
                    + e.getMessage());
        }
        return new Cluster(home, config);
    }

    static String firstLine(Throwable e) {
        String m = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (m == null) {
            m = e.toString();
        }
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).trim();
    }

    /** The default configuration: {@code coordinators} coordinators, {@code datanodes} datanodes, base port P. */
    public static ClusterConfig defaultConfig(int coordinators, int datanodes, int basePort) {
        if (coordinators < 0 || coordinators > MAX_COORDINATORS) {
            throw new CtlException(2, "--coordinators must be between 0 and " + MAX_COORDINATORS
                    + ", got " + coordinators, null);
        }
        if (datanodes < 0 || datanodes > MAX_DATANODES) {
            throw new CtlException(2, "--datanodes must be between 0 and " + MAX_DATANODES + ", got " + datanodes, null);
        }
        if (basePort < 1 || basePort + 99 > 65535) {
            throw new CtlException(2, "--base-port must be between 1 and 65436 (the cluster uses P..P+99), got "
                    + basePort, null);
        }
        ClusterConfig c = new ClusterConfig();
        c.basePort = basePort;
        c.superusers = defaultSuperusers();
        c.zookeeper = new NodeConfig("zookeeper", "127.0.0.1", basePort + 90, 0, "zookeeper");
        c.gtm = new NodeConfig("gtm", "127.0.0.1", basePort + 91, 0, "gtm");
        for (int i = 1; i <= coordinators; i++) {
            c.coordinators.add(new NodeConfig("coord" + i, "127.0.0.1", basePort + i - 1, basePort + 30 + i - 1,
                    "coord" + i));
        }
        for (int j = 1; j <= datanodes; j++) {
            c.datanodes.add(new NodeConfig("dn" + j, "127.0.0.1", basePort + 60 + j - 1, 0, "dn" + j));
        }
        return c;
    }

    static List<String> defaultSuperusers() {
        Set<String> users = new LinkedHashSet<>(List.of("tessera", "postgres"));
        String os = System.getProperty("user.name");
        if (os != null && !os.isBlank()) {
            users.add(os);
        }
        return new ArrayList<>(users);
    }

    /**
     * Checks a cluster file: every node named, local, on its own port, with a data directory.
     *
     * @throws CtlException naming the first problem
     */
    public static void validate(ClusterConfig c) {
        if (c.zookeeper == null) {
            throw new CtlException("it has no 'zookeeper' entry");
        }
        if (c.gtm == null) {
            throw new CtlException("it has no 'gtm' entry");
        }
        if (c.datanodes == null || c.coordinators == null) {
            throw new CtlException("'coordinators' and 'datanodes' must be lists");
        }
        if (c.superusers == null || c.superusers.isEmpty()) {
            c.superusers = defaultSuperusers();
        }
        Set<String> names = new LinkedHashSet<>();
        Map<Integer, String> ports = new HashMap<>();
        for (Node n : nodes(Path.of("/"), c)) {
            NodeConfig nc = n.config();
            if (nc.name == null || !NAME.matcher(nc.name).matches()) {
                throw new CtlException("a " + n.role().label() + " has an invalid name '" + nc.name
                        + "' (a letter, then letters, digits or _)");
            }
            if (!names.add(nc.name)) {
                throw new CtlException("the node name '" + nc.name + "' is used twice");
            }
            if (nc.host == null || nc.host.isBlank()) {
                nc.host = "127.0.0.1";
            }
            if (!isLocal(nc.host)) {
                throw new CtlException(n + ": remote host '" + nc.host + "' is not supported yet;"
                        + " every node must run on this machine (use 127.0.0.1)");
            }
            if (nc.dataDir == null || nc.dataDir.isBlank()) {
                nc.dataDir = nc.name;
            }
            if (n.role() != Role.COORDINATOR && nc.grpcPort != 0) {
                throw new CtlException(n + ": grpcPort is only for coordinators");
            }
            if (n.role() == Role.COORDINATOR && nc.grpcPort == 0) {
                throw new CtlException(n + ": a coordinator needs a grpcPort");
            }
            for (int p : n.ports()) {
                if (p < 1 || p > 65535) {
                    throw new CtlException(n + ": port " + p + " is out of range");
                }
                String other = ports.putIfAbsent(p, n.toString());
                if (other != null) {
                    throw new CtlException("port " + p + " is used by both " + other + " and " + n);
                }
            }
        }
    }

    private static boolean isLocal(String host) {
        if (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Creates a home in {@code dir} (created if absent) with this configuration: the cluster file, {@code log/}
     * and every data directory. Refuses an existing home and a non-empty directory that is not a home.
     */
    public static Cluster init(Path dir, ClusterConfig config) {
        Path home = canonical(dir);
        if (Files.exists(home) && !Files.isDirectory(home)) {
            throw new CtlException(home + " exists and is not a directory");
        }
        if (isHome(home)) {
            throw new CtlException(home + " is already a Tessera home (it has a " + ClusterConfig.FILE_NAME
                    + "); use 'tessera start --home " + dir + "'");
        }
        if (Files.isDirectory(home)) {
            try (var entries = Files.list(home)) {
                if (entries.findAny().isPresent()) {
                    throw new CtlException(home + " is not empty and is not a Tessera home; choose an empty or new"
                            + " directory");
                }
            } catch (IOException e) {
                throw new CtlException("cannot read " + home + ": " + e.getMessage());
            }
        }
        validate(config);
        Cluster cluster = new Cluster(home, config);
        try {
            Files.createDirectories(home.resolve("log"));
            for (Node n : cluster.nodes()) {
                Files.createDirectories(n.dataDir());
            }
            Path tmp = home.resolve(ClusterConfig.FILE_NAME + ".tmp");
            config.save(home);
            String yaml = Files.readString(home.resolve(ClusterConfig.FILE_NAME), StandardCharsets.UTF_8);
            Files.writeString(tmp, HEADER + yaml, StandardCharsets.UTF_8);
            Files.move(tmp, home.resolve(ClusterConfig.FILE_NAME), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CtlException("cannot create the Tessera home " + home + ": " + e.getMessage());
        }
        return cluster;
    }

    private static final String HEADER = """
            # Tessera cluster file (the counterpart of Postgres-XL's pgxc_ctl.conf), written by 'tessera init'.
            # Every process of the cluster reads it at start; edit it only while the cluster is stopped.
            #   basePort      the base port P the default layout was derived from (informational)
            #   superusers    roles created as superusers when the catalog is first initialized
            #   zookeeper     the embedded ZooKeeper (membership, catalog, elections): client port
            #   gtm           the global transaction manager: gRPC port
            #   coordinators  port = PostgreSQL client port, grpcPort = internal gRPC port
            #   datanodes     port = gRPC port
            # Each node: name (unique), host (only this machine for now: 127.0.0.1), port, dataDir (relative to
            # this directory unless absolute). Logs go to log/<name>.log.
            """;

    /** Every node in start order: ZooKeeper, GTM, datanodes, coordinators. */
    public List<Node> nodes() {
        return nodes(home, config);
    }

    private static List<Node> nodes(Path home, ClusterConfig c) {
        List<Node> nodes = new ArrayList<>();
        nodes.add(new Node(Role.ZOOKEEPER, c.zookeeper, home));
        nodes.add(new Node(Role.GTM, c.gtm, home));
        for (NodeConfig d : c.datanodes) {
            nodes.add(new Node(Role.DATANODE, d, home));
        }
        for (NodeConfig co : c.coordinators) {
            nodes.add(new Node(Role.COORDINATOR, co, home));
        }
        return nodes;
    }

    /** The node with this name, or a CtlException naming the known ones. */
    public Node node(String name) {
        return nodes().stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new CtlException("no node named '" + name + "' in " + home));
    }
}
