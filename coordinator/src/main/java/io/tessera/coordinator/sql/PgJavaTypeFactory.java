package io.tessera.coordinator.sql;

import java.lang.reflect.Type;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.sql.type.BasicSqlType;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's Java type factory, told the Java class of the SQL types its own factory leaves as {@code Object}:
 * {@code UUID} is {@link java.util.UUID} (PgType's representation of uuid), so generated code casts row fields to
 * it and finds the runtime methods that take one.
 */
final class PgJavaTypeFactory extends JavaTypeFactoryImpl {
    /** The database's enum types, by OID ({@link EnumValues}). */
    private java.util.Map<Integer, io.tessera.coordinator.catalog.EnumTypeDef> enumTypes = java.util.Map.of();

    PgJavaTypeFactory(RelDataTypeSystem typeSystem) {
        super(typeSystem);
    }

    /** Makes the database's enum types known, so enum columns ({@link EnumValues#typeOid}) get their types. */
    void enumTypes(java.util.Collection<io.tessera.coordinator.catalog.EnumTypeDef> types) {
        java.util.Map<Integer, io.tessera.coordinator.catalog.EnumTypeDef> m = new java.util.HashMap<>();
        types.forEach(t -> m.put(t.oid(), t));
        this.enumTypes = java.util.Map.copyOf(m);
    }

    /** The enum type with OID {@code oid}, or null. */
    io.tessera.coordinator.catalog.EnumTypeDef enumType(int oid) {
        return enumTypes.get(oid);
    }

    @Override
    public Type getJavaClass(RelDataType type) {
        if (type instanceof BasicSqlType && type.getSqlTypeName() == SqlTypeName.UUID) {
            return java.util.UUID.class;
        }
        return super.getJavaClass(type);
    }

    /**
     * Intervals (a Java type to Calcite) are only like other intervals and NULL: the common type of intervals is
     * interval, of an interval and anything else none (the caller's type error), where Calcite's own rule has no
     * entry for Java types and fails an assertion. An enum type is only like itself, strings (literals, read as its
     * labels) and NULL ({@link EnumValues#commonType}).
     */
    @Override
    public RelDataType leastRestrictive(java.util.List<RelDataType> types,
            org.apache.calcite.sql.type.SqlTypeMappingRule mappingRule) {
        RelDataType enumType = EnumValues.commonType(this, types);
        if (enumType != null) {
            return enumType == EnumValues.NO_COMMON_TYPE ? null : enumType;
        }
        RelDataType interval = null;
        boolean nullable = false;
        for (RelDataType t : types) {
            if (io.tessera.coordinator.sql.functions.IntervalFunctions.isInterval(t)) {
                interval = t;
            }
            nullable |= t.isNullable();
        }
        if (interval == null) {
            return super.leastRestrictive(types, mappingRule);
        }
        for (RelDataType t : types) {
            if (!io.tessera.coordinator.sql.functions.IntervalFunctions.isInterval(t)
                    && t.getSqlTypeName() != SqlTypeName.NULL) {
                return null;
            }
        }
        return createTypeWithNullability(interval, nullable);
    }
}
