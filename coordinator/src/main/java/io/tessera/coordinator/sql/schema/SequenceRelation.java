package io.tessera.coordinator.sql.schema;

import io.tessera.coordinator.catalog.SequenceDef;
import io.tessera.coordinator.sql.exec.TesseraDataContext;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A sequence read as a relation, as PostgreSQL allows ({@code SELECT last_value, is_called FROM s}, which pg_dump
 * sends to dump a sequence's state): one row of {@code last_value bigint, log_cnt bigint, is_called boolean}.
 * {@code last_value} and {@code is_called} are the sequence's counter in ZooKeeper ({@code SequenceStore}), read
 * after the reading coordinator gave back the unused rest of its block: the last value handed out, as PostgreSQL
 * shows it for CACHE 1, unless another coordinator reserved a block since (then that block's end, as PostgreSQL
 * shows the end of what a backend cached). {@code log_cnt} (PostgreSQL's count of values logged ahead in
 * its WAL) is always 0: Tessera writes no WAL for sequences.
 */
final class SequenceRelation extends AbstractTable implements ScannableTable {
    private final SequenceDef sequence;

    SequenceRelation(SequenceDef sequence) {
        this.sequence = sequence;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
        return f.builder()
                .add("last_value", f.createSqlType(SqlTypeName.BIGINT))
                .add("log_cnt", f.createSqlType(SqlTypeName.BIGINT))
                .add("is_called", f.createSqlType(SqlTypeName.BOOLEAN))
                .build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
        var access = TesseraDataContext.statement(root).sequences();
        if (access == null) {
            throw new io.tessera.common.error.TesseraException(io.tessera.common.error.SqlState.FEATURE_NOT_SUPPORTED,
                    "sequence \"" + sequence.name() + "\" cannot be read here");
        }
        var counter = access.state(io.tessera.coordinator.catalog.pgcatalog.Relations.quote(sequence.schemaName())
                + "." + io.tessera.coordinator.catalog.pgcatalog.Relations.quote(sequence.name()));
        return Linq4j.asEnumerable(List.<Object[]>of(new Object[] {counter.value(), 0L, counter.called()}));
    }
}
