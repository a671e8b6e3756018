package io.tessera.coordinator.sql.schema;

import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.sql.exec.TesseraDataContext;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A catalog view computed on the coordinator from the statement's catalog snapshot ({@code pgxc_node},
 * {@code pgxc_class}, {@code pg_shard_map}, ...). Rows are built when the view is scanned; catalogs are small.
 */
final class VirtualTable extends AbstractTable implements ScannableTable {
    /** A column of the view. */
    record Col(String name, SqlTypeName type, int precision) {
        Col(String name, SqlTypeName type) {
            this(name, type, -1);
        }
    }

    private final List<Col> columns;
    private final Function<CatalogSnapshot, List<Object[]>> rows;

    VirtualTable(List<Col> columns, Function<CatalogSnapshot, List<Object[]>> rows) {
        this.columns = columns;
        this.rows = rows;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
        RelDataTypeFactory.Builder b = f.builder();
        for (Col c : columns) {
            RelDataType t = c.precision() >= 0 ? f.createSqlType(c.type(), c.precision()) : f.createSqlType(c.type());
            b.add(c.name(), f.createTypeWithNullability(t, true));
        }
        return b.build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
        return Linq4j.asEnumerable(rows.apply(TesseraDataContext.statement(root).catalog()));
    }
}
