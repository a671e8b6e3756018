package io.tessera.coordinator.sql.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.protocol.datanode.ColumnDescriptor;
import io.tessera.protocol.datanode.TableDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableScansTest {
    private static TableDef table(String... columns) {
        List<ColumnDef> defs = java.util.Arrays.stream(columns).map(c -> new ColumnDef(c, PgType.INT4, -1, false))
                .toList();
        return new TableDef(901, "postgres", "public", "t", defs,
                Distribution.create(Distribution.Kind.HASH, "id", List.of("dn1", "dn2")));
    }

    private static List<String> names(TableDescriptor d) {
        return d.getColumnsList().stream().map(ColumnDescriptor::getName).toList();
    }

    @Test
    void aTablesDescriptorIsBuiltOncePerDefinitionObject() {
        TableDef before = table("id", "v");
        TableDescriptor first = TableScans.descriptor(before);
        assertSame(first, TableScans.descriptor(before));
        assertEquals(List.of("id", "v"), names(first));
        assertEquals(901, first.getTableId());
    }

    @Test
    void aReplacedDefinitionOfTheSameTableGetsItsOwnDescriptor() {
        TableDef before = table("id", "v");
        TableDef after = table("id", "v", "w"); // ALTER TABLE ADD COLUMN: a new object, same id
        assertEquals(List.of("id", "v"), names(TableScans.descriptor(before)));
        assertEquals(List.of("id", "v", "w"), names(TableScans.descriptor(after)));
        assertEquals(List.of("id", "v"), names(TableScans.descriptor(before)));
        TableDef equal = table("id", "v", "w");
        assertEquals(TableScans.descriptor(after), TableScans.descriptor(equal));
    }
}
