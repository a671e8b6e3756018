package io.tessera.datanode.redistribute;

import io.tessera.common.distribution.DistributionHash;
import io.tessera.common.distribution.ShardMath;
import io.tessera.common.types.PgType;
import io.tessera.protocol.redistribute.Layout;
import java.util.List;

/**
 * Where the new layout puts a row: its shard, the same function the coordinator's {@code Router} computes for
 * inserts (HASH and SHARD: {@link DistributionHash} into {@link ShardMath}'s equal ranges; MODULO: the value modulo
 * the shard count; REPLICATION: shard 0 on every target). ROUNDROBIN spreads rows by the hash of their storage key
 * rather than in turn, so that every round of a job (the copy, each catch-up) sends a row to the same place.
 */
final class RowRouter {
    private final Layout layout;
    private final int column;
    private final PgType type;
    private final int shardCount;

    RowRouter(Layout layout, List<PgType> types) {
        this.layout = layout;
        this.column = layout.getColumn();
        this.type = column < 0 ? null : types.get(column);
        this.shardCount = layout.getShardTargetsCount();
        if (layout.getKind() != Layout.Kind.REPLICATION && shardCount == 0) {
            throw new IllegalArgumentException("a layout without shards");
        }
    }

    /** Whether routing needs the row's values (else {@link #shardOf} ignores its argument). */
    boolean needsRow() {
        return column >= 0;
    }

    boolean replicated() {
        return layout.getKind() == Layout.Kind.REPLICATION;
    }

    /**
     * The new shard of a row (its values in table order; only the distribution column is read) stored under
     * {@code rowKey} (its row id or primary-key bytes).
     */
    int shardOf(Object[] row, byte[] rowKey) {
        return switch (layout.getKind()) {
            case REPLICATION -> 0;
            case ROUNDROBIN -> ShardMath.shardOf(DistributionHash.hash(rowKey, PgType.BYTEA), shardCount);
            case MODULO -> row[column] == null ? 0 : ShardMath.moduloNode(row[column], type, shardCount);
            default -> ShardMath.shardOf(DistributionHash.hash(row[column], type), shardCount);
        };
    }

    /** The index (into the layout's targets) of the node holding {@code shard}. */
    int targetOf(int shard) {
        return layout.getShardTargets(shard);
    }
}
