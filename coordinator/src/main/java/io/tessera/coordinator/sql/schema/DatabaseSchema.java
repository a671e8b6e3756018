package io.tessera.coordinator.sql.schema;

import io.tessera.coordinator.catalog.TableDef;
import java.util.HashMap;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/** One schema of one database at one catalog version: its distributed tables and its sequences. */
public final class DatabaseSchema extends AbstractSchema {
    private final Map<String, Table> tables;
    private final Map<String, org.apache.calcite.rel.type.RelProtoDataType> types;

    public DatabaseSchema(Map<String, TableDef> defs) {
        this(defs, io.tessera.coordinator.stats.StatisticsSource.NONE);
    }

    /** The tables of {@code defs}, whose planner estimates come from {@code statistics}. */
    public DatabaseSchema(Map<String, TableDef> defs, io.tessera.coordinator.stats.StatisticsSource statistics) {
        this(defs, statistics, Map.of());
    }

    /**
     * The tables of {@code defs}, and the database's enum types by name ({@code 'x'::mood},
     * {@code io.tessera.coordinator.sql.EnumValues}).
     */
    public DatabaseSchema(Map<String, TableDef> defs, io.tessera.coordinator.stats.StatisticsSource statistics,
            Map<String, io.tessera.coordinator.catalog.EnumTypeDef> enumTypes) {
        this(defs, statistics, enumTypes, Map.of());
    }

    /**
     * As above, with the database's sequences, each readable as a one-row relation ({@link SequenceRelation}).
     */
    public DatabaseSchema(Map<String, TableDef> defs, io.tessera.coordinator.stats.StatisticsSource statistics,
            Map<String, io.tessera.coordinator.catalog.EnumTypeDef> enumTypes,
            Map<String, io.tessera.coordinator.catalog.SequenceDef> sequences) {
        Map<String, Table> m = new HashMap<>();
        sequences.forEach((name, def) -> m.put(name, new SequenceRelation(def)));
        defs.forEach((name, def) -> m.put(name, new TesseraTable(def, statistics)));
        this.tables = Map.copyOf(m);
        Map<String, org.apache.calcite.rel.type.RelProtoDataType> t = new HashMap<>();
        enumTypes.forEach((name, def) -> t.put(name,
                factory -> io.tessera.coordinator.sql.EnumValues.relType(factory, def)));
        this.types = Map.copyOf(t);
    }

    @Override
    protected Map<String, org.apache.calcite.rel.type.RelProtoDataType> getTypeMap() {
        return types;
    }

    /**
     * The enum types by name; the planner also adds them to its root schema, where Calcite resolves an unqualified
     * type name.
     */
    public Map<String, org.apache.calcite.rel.type.RelProtoDataType> enumTypeStandIns() {
        return types;
    }

    @Override
    protected Map<String, Table> getTableMap() {
        return tables;
    }
}
