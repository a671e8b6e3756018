package io.tessera.coordinator.sql.schema;

import io.tessera.coordinator.catalog.TableDef;
import java.util.HashMap;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/** The {@code public} schema of one database at one catalog version: its distributed tables. */
public final class DatabaseSchema extends AbstractSchema {
    private final Map<String, Table> tables;
    private final Map<String, org.apache.calcite.rel.type.RelProtoDataType> types;

    public DatabaseSchema(Map<String, TableDef> defs) {
        this(defs, io.tessera.coordinator.stats.StatisticsSource.NONE);
    }

    /** The tables of {@code defs}, whose planner estimates come from {@code statistics}. */
    public DatabaseSchema(Map<String, TableDef> defs, io.tessera.coordinator.stats.StatisticsSource statistics) {
        this(defs, statistics, java.util.Set.of());
    }

    /**
     * The tables of {@code defs}, and the names of the database's enum types: a cast to one ({@code 'x'::mood})
     * finds the type and is refused with 0A000, since the planner has no enum type yet, rather than reported as an
     * unknown type.
     */
    public DatabaseSchema(Map<String, TableDef> defs, io.tessera.coordinator.stats.StatisticsSource statistics,
            java.util.Set<String> enumTypes) {
        Map<String, Table> m = new HashMap<>();
        defs.forEach((name, def) -> m.put(name, new TesseraTable(def, statistics)));
        this.tables = Map.copyOf(m);
        Map<String, org.apache.calcite.rel.type.RelProtoDataType> t = new HashMap<>();
        for (String name : enumTypes) {
            t.put(name, factory -> {
                throw new io.tessera.common.error.TesseraException(
                        io.tessera.common.error.SqlState.FEATURE_NOT_SUPPORTED,
                        "values of enum type \"" + name + "\" are not supported yet");
            });
        }
        this.types = Map.copyOf(t);
    }

    @Override
    protected Map<String, org.apache.calcite.rel.type.RelProtoDataType> getTypeMap() {
        return types;
    }

    /**
     * The enum types by name, each a stand-in that refuses to be used (0A000); the planner also adds them to its
     * root schema, where Calcite resolves an unqualified type name.
     */
    public Map<String, org.apache.calcite.rel.type.RelProtoDataType> enumTypeStandIns() {
        return types;
    }

    @Override
    protected Map<String, Table> getTableMap() {
        return tables;
    }
}
