package io.tessera.ctl;

import io.tessera.common.config.ClusterConfig.NodeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One process of a cluster as ctl sees it: its role, its entry in the cluster file, and its files. */
public record Node(Role role, NodeConfig config, Path home) {
    public String name() {
        return config.name;
    }

    public Path dataDir() {
        return config.dataPath(home);
    }

    /** {@code <dataDir>/tessera.pid}, written by the process itself. */
    public Path pidFile() {
        return dataDir().resolve("tessera.pid");
    }

    /** {@code <home>/log/<name>.log}, where the launcher appends the process's stdout and stderr. */
    public Path logFile() {
        return home.resolve("log").resolve(name() + ".log");
    }

    /** Every port the process listens on. */
    public List<Integer> ports() {
        List<Integer> ports = new ArrayList<>();
        ports.add(config.port);
        if (config.grpcPort > 0) {
            ports.add(config.grpcPort);
        }
        return ports;
    }

    @Override
    public String toString() {
        return role.label() + " " + name();
    }
}
