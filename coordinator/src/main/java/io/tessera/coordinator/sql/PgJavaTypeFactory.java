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
    PgJavaTypeFactory(RelDataTypeSystem typeSystem) {
        super(typeSystem);
    }

    @Override
    public Type getJavaClass(RelDataType type) {
        if (type instanceof BasicSqlType && type.getSqlTypeName() == SqlTypeName.UUID) {
            return java.util.UUID.class;
        }
        return super.getJavaClass(type);
    }
}
