package io.tessera.coordinator.catalog.pgcatalog;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * PostgreSQL's {@code pg_partition_ancestors(regclass)} (https://www.postgresql.org/docs/15/functions-info.html):
 * the ancestors of a partition, the relation itself included, and no rows for a relation that is neither a partition
 * nor partitioned — always the case in Tessera, which has no declarative partitioning, so it returns no rows. psql's
 * {@code \d} calls it for "Referenced by" ({@code SELECT pg_partition_ancestors(x)}, a set-returning function in
 * a select list, which the lexer (sql-parser PgSyntax) turns into {@code SELECT relid AS pg_partition_ancestors FROM
 * pg_partition_ancestors(x) AS "srf$ancestors"(relid)}) and for inherited triggers (in FROM {@code WITH ORDINALITY},
 * which the lexer turns into {@code pg_partition_ancestors_ordinality(...)}, the same rows with their 1-based
 * {@code depth}).
 */
public final class PartitionAncestors {
    static final String NAME = "pg_partition_ancestors";

    private PartitionAncestors() {
    }

    /** pg_partition_ancestors(regclass) → setof regclass (column {@code relid}). */
    public static ScannableTable ancestors(int relation) {
        return new Empty(false);
    }

    /** pg_partition_ancestors(regclass) WITH ORDINALITY → (relid, depth). */
    public static ScannableTable ancestorsWithOrdinality(int relation) {
        return new Empty(true);
    }

    private static final class Empty extends AbstractTable implements ScannableTable {
        private final boolean ordinality;

        Empty(boolean ordinality) {
            this.ordinality = ordinality;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory f) {
            RelDataTypeFactory.Builder b = f.builder().add("relid", SqlTypeName.INTEGER);
            if (ordinality) {
                b.add("depth", SqlTypeName.BIGINT);
            }
            return b.build();
        }

        @Override
        public Enumerable<Object[]> scan(DataContext root) {
            return Linq4j.emptyEnumerable();
        }
    }
}
