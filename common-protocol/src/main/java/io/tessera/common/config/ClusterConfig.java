package io.tessera.common.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster file, {@code cluster.yaml} at the root of a Tessera home — the counterpart of Postgres-XL's
 * {@code pgxc_ctl.conf}: every node's name, host, ports and data directory. {@code tessera init} writes it;
 * every role process reads it at start. Data directories are relative to the home unless absolute.
 *
 * <pre>
 * basePort: 5432
 * superusers: [tessera, postgres, alice]
 * zookeeper: {name: zookeeper, host: 127.0.0.1, port: 5522, dataDir: zookeeper}
 * gtm:       {name: gtm, host: 127.0.0.1, port: 5523, dataDir: gtm}
 * coordinators:
 *   - {name: coord1, host: 127.0.0.1, port: 5432, grpcPort: 5462, dataDir: coord1}
 * datanodes:
 *   - {name: dn1, host: 127.0.0.1, port: 5492, dataDir: dn1}
 * gc: {autovacuum: true, naptimeMs: 10000, reportIntervalMs: 1000, oldSnapshotThresholdMs: -1}   # optional
 * unixSocketDirectories: [/var/run/postgresql]                                                    # optional
 * </pre>
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class ClusterConfig {
    /** The file name of the cluster file inside a home directory. */
    public static final String FILE_NAME = "cluster.yaml";

    public int basePort;
    public List<String> superusers = new ArrayList<>();
    public NodeConfig zookeeper;
    public NodeConfig gtm;
    public List<NodeConfig> coordinators = new ArrayList<>();
    public List<NodeConfig> datanodes = new ArrayList<>();
    /** MVCC garbage collection; absent from older cluster files, which get the defaults. */
    public GcConfig gc = new GcConfig();
    /** Settings of the SQL engine every node must agree on; absent from older cluster files (the defaults). */
    public EngineConfig engine = new EngineConfig();
    /**
     * PostgreSQL's {@code unix_socket_directories}: each coordinator also listens on {@code dir/.s.PGSQL.<port>} in
     * each of these directories, so that libpq clients reach it without a host ({@code psql -p 5432}). The default
     * is the directory Debian's libpq looks in. A directory the coordinator cannot create its socket in is skipped
     * with a warning in its log; an empty list means TCP only.
     */
    public List<String> unixSocketDirectories = new ArrayList<>(List.of(DEFAULT_UNIX_SOCKET_DIRECTORY));

    /** Where Debian's libpq (psql, pgbench) looks for a server's socket when no host is given. */
    public static final String DEFAULT_UNIX_SOCKET_DIRECTORY = "/var/run/postgresql";

    /**
     * MVCC garbage collection settings (DESIGN.md "Transactions", GC; docs/architecture.md "Garbage collection").
     * Named after the PostgreSQL settings they play the part of.
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static final class GcConfig {
        /**
         * Whether datanodes purge old versions in the background (PostgreSQL's {@code autovacuum}). When false only
         * VACUUM purges; safe points are still computed and sent.
         */
        public boolean autovacuum = true;
        /**
         * The least time between two background purges on one datanode, in milliseconds (PostgreSQL's
         * {@code autovacuum_naptime}). A purge scans all of the datanode's data.
         */
        public long naptimeMs = 10_000;
        /**
         * With {@link #vacuumScaleFactor}: a background purge walks the datanode's data only once at least
         * {@code vacuumThreshold + vacuumScaleFactor × keys} writes (RocksDB sequence numbers: versions, intents,
         * commit records) were made since its last walk, where keys is what that walk visited; otherwise it only moves
         * the horizon (PostgreSQL's {@code autovacuum_vacuum_threshold}, which counts dead tuples per table). 0 and
         * 0 walk after any write.
         */
        public long vacuumThreshold = 50;
        /** The share of the datanode's keys in the walk's threshold ({@link #vacuumThreshold}); 0.2 as PostgreSQL's. */
        public double vacuumScaleFactor = 0.2;
        /**
         * How often, in milliseconds, each coordinator refreshes its oldest-snapshot report and the elected
         * coordinator sends the safe point to the datanodes.
         */
        public long reportIntervalMs = 1_000;
        /**
         * A snapshot held longer than this many milliseconds stops holding back the safe point; once the horizon
         * passes it, its reads fail with 72000 "snapshot too old" (PostgreSQL's {@code old_snapshot_threshold}).
         * -1 (the default) disables the limit.
         */
        public long oldSnapshotThresholdMs = -1;
    }

    /**
     * Settings of the SQL engine that every coordinator and datanode reads at start and that must be equal on all of
     * them ({@link io.tessera.common.types.EngineUnit} refuses a call between nodes that disagree).
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static final class EngineConfig {
        /**
         * {@code engine.microseconds}: kept so that a cluster file of an older version still reads. Only
         * {@code true} (the default) is accepted: the millisecond engine ({@code false}) is gone, and a node whose
         * file sets it refuses to start ({@link io.tessera.common.types.EngineUnit#init}).
         */
        public boolean microseconds = true;
    }

    /** One process of the cluster. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static final class NodeConfig {
        public String name;
        public String host = "127.0.0.1";
        /** The client port: pgwire for a coordinator, gRPC for the GTM and datanodes, ZooKeeper's client port. */
        public int port;
        /** A coordinator's internal gRPC port (0 for other roles). */
        public int grpcPort;
        public String dataDir;

        public NodeConfig() {
        }

        public NodeConfig(String name, String host, int port, int grpcPort, String dataDir) {
            this.name = name;
            this.host = host;
            this.port = port;
            this.grpcPort = grpcPort;
            this.dataDir = dataDir;
        }

        /** The data directory resolved against the home. */
        public Path dataPath(Path home) {
            Path p = Path.of(dataDir);
            return p.isAbsolute() ? p : home.resolve(p);
        }

        public String address() {
            return host + ":" + port;
        }
    }

    /** The ZooKeeper connect string, {@code host:port}. */
    public String zookeeperConnect() {
        return zookeeper.address();
    }

    /** The datanode with this name, or null. */
    public NodeConfig datanode(String name) {
        return datanodes.stream().filter(n -> n.name.equals(name)).findFirst().orElse(null);
    }

    /** The coordinator with this name, or null. */
    public NodeConfig coordinator(String name) {
        return coordinators.stream().filter(n -> n.name.equals(name)).findFirst().orElse(null);
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper(new YAMLFactory());
    }

    /**
     * Reads {@code home/cluster.yaml}.
     *
     * @throws IOException when the file is missing or is not a valid cluster file
     */
    public static ClusterConfig load(Path home) throws IOException {
        return read(home.resolve(FILE_NAME));
    }

    /** Reads a cluster file. @throws IOException when it is missing or malformed */
    public static ClusterConfig read(Path file) throws IOException {
        return mapper().readValue(file.toFile(), ClusterConfig.class);
    }

    /** Writes this configuration to {@code home/cluster.yaml}. */
    public void save(Path home) throws IOException {
        Files.createDirectories(home);
        mapper().writeValue(home.resolve(FILE_NAME).toFile(), this);
    }
}
