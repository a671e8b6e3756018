package io.tessera.reduce.exchange;

import io.tessera.common.distribution.DistributionHash;
import io.tessera.common.distribution.ShardMath;
import io.tessera.common.types.PgType;
import io.tessera.executor.exec.KeyHash;

/**
 * How an exchange's sender ({@link ExchangeSendNode}) picks the targets of a row ({@code datanode.proto}
 * ExchangeKind), targets being indexes into the exchange's target list:
 * <ul>
 *   <li>{@link Hash}: {@link KeyHash#target hash(row[key]) mod n} — both sides of a join moved by the same key;</li>
 *   <li>{@link ShardMap}: the datanode of the shard a table's router puts {@code row[key]} in (the type-aware hash and
 *       equal-range shard math of HASH and SHARD tables, or MODULO's), so the rows meet that table's rows where its
 *       shards are — one-side redistribution;</li>
 *   <li>{@link Broadcast}: every target — the small side of a join, copied whole to every datanode of the big side.</li>
 * </ul>
 * A row whose key is NULL stays on the sending node (its own target) under the keyed kinds: it matches nothing.
 */
public sealed interface Partitioning {
    /** Whether every row goes to every target. */
    default boolean broadcast() {
        return this instanceof Broadcast;
    }

    /**
     * The target of a row (keyed kinds only).
     *
     * @param self this node's target index, for NULL keys
     */
    int target(Object[] row, int targets, int self);

    /** The input column that decides a row's target, or -1 (broadcast). */
    int key();

    /** Hash of the key value over all targets (the executor's {@link KeyHash}). */
    record Hash(int key) implements Partitioning {
        @Override
        public int target(Object[] row, int targets, int self) {
            Object k = row[key];
            return k == null ? self : KeyHash.target(k, targets);
        }
    }

    /**
     * A table's placement: {@code shardTargets[shard]} is the target holding that shard of the table.
     *
     * @param type the key's type, the table's distribution column type (the hash depends on it)
     * @param modulo MODULO's function instead of HASH and SHARD's
     */
    record ShardMap(int key, PgType type, boolean modulo, int[] shardTargets) implements Partitioning {
        @Override
        public int target(Object[] row, int targets, int self) {
            Object k = row[key];
            if (k == null) {
                return self;
            }
            int shard = modulo ? ShardMath.moduloNode(k, type, shardTargets.length)
                    : ShardMath.shardOf(DistributionHash.hash(k, type), shardTargets.length);
            return shardTargets[shard];
        }
    }

    /**
     * As {@link Hash}, but every row with a NULL key goes to target 0: all the rows of one group — a window's
     * partition, NULL keys being one partition — reach one target.
     */
    record HashGroups(int key) implements Partitioning {
        @Override
        public int target(Object[] row, int targets, int self) {
            Object k = row[key];
            return k == null ? 0 : KeyHash.target(k, targets);
        }
    }

    /** Every row to every target. */
    record Broadcast() implements Partitioning {
        @Override
        public int target(Object[] row, int targets, int self) {
            throw new UnsupportedOperationException("a broadcast row goes to every target");
        }

        @Override
        public int key() {
            return -1;
        }
    }
}
