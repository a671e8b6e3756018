package io.tessera.sql.parser.ddl;

import java.util.Objects;

/**
 * A {@code DISTRIBUTE BY} clause as written: the strategy and, for HASH/MODULO/SHARD, the column name (folded
 * as identifiers are). Whether the column exists and is hashable is the coordinator's DDL check, not the
 * parser's.
 */
public final class Distribution {
    private final DistributionKind kind;
    private final String column;

    /**
     * @param column the distribution column; required exactly when {@code kind.hasColumn()}
     * @throws IllegalArgumentException when the column's presence does not match the kind
     */
    public Distribution(DistributionKind kind, String column) {
        this.kind = Objects.requireNonNull(kind, "kind");
        if (kind.hasColumn() != (column != null)) {
            throw new IllegalArgumentException("kind=" + kind + " column=" + column);
        }
        this.column = column;
    }

    public DistributionKind kind() {
        return kind;
    }

    /** The distribution column, or null for ROUNDROBIN and REPLICATION. */
    public String column() {
        return column;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Distribution d && d.kind == kind && Objects.equals(d.column, column);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, column);
    }

    /** {@code HASH(col)} or {@code ROUNDROBIN}. */
    @Override
    public String toString() {
        return column == null ? kind.name() : kind.name() + "(" + column + ")";
    }
}
