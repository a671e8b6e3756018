package io.tessera.sql.parser.ddl;

/**
 * The distribution strategies of Postgres-XL's {@code DISTRIBUTE BY} clause (DESIGN.md "Data distribution").
 * HASH, MODULO and SHARD name a distribution column; ROUNDROBIN and REPLICATION do not.
 */
public enum DistributionKind {
    HASH(true),
    MODULO(true),
    SHARD(true),
    ROUNDROBIN(false),
    REPLICATION(false);

    private final boolean hasColumn;

    DistributionKind(boolean hasColumn) {
        this.hasColumn = hasColumn;
    }

    /** Whether the clause names a column: {@code HASH(col)} does, {@code ROUNDROBIN} does not. */
    public boolean hasColumn() {
        return hasColumn;
    }
}
