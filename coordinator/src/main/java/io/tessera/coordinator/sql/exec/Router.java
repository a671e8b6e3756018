package io.tessera.coordinator.sql.exec;

import io.tessera.common.distribution.DistributionHash;
import io.tessera.common.distribution.ShardMath;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.TableDef;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides which shard a row of a table belongs to, from its distribution column (DESIGN.md "Data distribution"):
 * HASH and SHARD through the type-aware hash and the equal-range shard math, MODULO through the value modulo the
 * node count, ROUNDROBIN in turn starting at a random shard, REPLICATION always shard 0 (on every node).
 */
public final class Router {
    private final TableDef table;
    private final Distribution dist;
    private final int column;
    private final ColumnDef columnDef;
    private int next = ThreadLocalRandom.current().nextInt(1 << 16);

    public Router(TableDef table) {
        this.table = table;
        this.dist = table.distribution();
        this.column = dist.column() == null ? -1 : table.columnIndex(dist.column());
        this.columnDef = column < 0 ? null : table.columns().get(column);
    }

    /** Index of the distribution column in the table's columns, or -1. */
    public int distributionColumn() {
        return column;
    }

    /** The shard of a row (values in the columns' PgType representation). */
    public int shardOf(Object[] row) {
        return switch (dist.kind()) {
            case REPLICATION -> 0;
            case ROUNDROBIN -> Math.floorMod(next++, dist.shardCount());
            default -> shardOfValue(row[column]);
        };
    }

    /** The shard that holds rows whose distribution column equals {@code value} (HASH, SHARD, MODULO only). */
    public int shardOfValue(Object value) {
        if (dist.kind() == Distribution.Kind.MODULO) {
            return value == null ? 0 : ShardMath.moduloNode(value, columnDef.type(), dist.shardCount());
        }
        return ShardMath.shardOf(DistributionHash.hash(value, columnDef.type()), dist.shardCount());
    }

    public TableDef table() {
        return table;
    }
}
