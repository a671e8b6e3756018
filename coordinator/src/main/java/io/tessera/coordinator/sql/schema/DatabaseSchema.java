package io.tessera.coordinator.sql.schema;

import io.tessera.coordinator.catalog.TableDef;
import java.util.HashMap;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/** The {@code public} schema of one database at one catalog version: its distributed tables. */
public final class DatabaseSchema extends AbstractSchema {
    private final Map<String, Table> tables;

    public DatabaseSchema(Map<String, TableDef> defs) {
        this(defs, io.tessera.coordinator.stats.StatisticsSource.NONE);
    }

    /** The tables of {@code defs}, whose planner estimates come from {@code statistics}. */
    public DatabaseSchema(Map<String, TableDef> defs, io.tessera.coordinator.stats.StatisticsSource statistics) {
        Map<String, Table> m = new HashMap<>();
        defs.forEach((name, def) -> m.put(name, new TesseraTable(def, statistics)));
        this.tables = Map.copyOf(m);
    }

    @Override
    protected Map<String, Table> getTableMap() {
        return tables;
    }
}
