package io.tessera.coordinator.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * How a table's rows are spread over datanodes (Postgres-XL's locator, plus the shard map).
 *
 * <ul>
 *   <li>HASH and SHARD: the distribution column's {@code DistributionHash} falls into one of {@code shardCount}
 *       equal ranges of the 32-bit space ({@code ShardMath}); {@code shardNodes[s]} holds shard s. The shard map
 *       assigns shards round-robin over {@code nodes}, so adding a node moves shards instead of rehashing.</li>
 *   <li>MODULO: the column's value modulo the node count picks the node; shard s = node index s.</li>
 *   <li>ROUNDROBIN: rows go to the nodes in turn; shard s = node index s.</li>
 *   <li>REPLICATION: every node in {@code nodes} holds every row, in shard 0.</li>
 * </ul>
 *
 * @param kind the distribution method
 * @param column the distribution column's name (HASH, SHARD, MODULO), else null
 * @param nodes the datanodes of the table, in order
 * @param shardNodes for each shard, the datanode that holds it
 * @param shardMapVersion bumped each time shards move (redistribution, rebalancing)
 */
public record Distribution(Kind kind, String column, List<String> nodes, List<String> shardNodes, long shardMapVersion) {

    /** Distribution methods, with Postgres-XL's {@code pgxc_class.pclocatortype} letter. */
    public enum Kind {
        HASH('H'), MODULO('M'), ROUNDROBIN('N'), REPLICATION('R'), SHARD('S');

        private final char locatorType;

        Kind(char locatorType) {
            this.locatorType = locatorType;
        }

        /** Postgres-XL's {@code pclocatortype}. */
        public char locatorType() {
            return locatorType;
        }
    }

    /** Shards of a hash-family table in the default shard map (as PolarDB-X's polarx, a power of two). */
    public static final int DEFAULT_SHARD_COUNT = 64;

    /** Builds a distribution with a fresh shard map over {@code nodes}. */
    public static Distribution create(Kind kind, String column, List<String> nodes) {
        int shards = switch (kind) {
            case HASH, SHARD -> DEFAULT_SHARD_COUNT;
            case MODULO, ROUNDROBIN -> nodes.size();
            case REPLICATION -> 1;
        };
        List<String> shardNodes = new java.util.ArrayList<>(shards);
        for (int s = 0; s < shards; s++) {
            shardNodes.add(nodes.get(s % nodes.size()));
        }
        return new Distribution(kind, column, List.copyOf(nodes), List.copyOf(shardNodes), 1);
    }

    @JsonIgnore
    public int shardCount() {
        return shardNodes.size();
    }

    @JsonIgnore
    public boolean replicated() {
        return kind == Kind.REPLICATION;
    }
}
