package io.tessera.coordinator.sql;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.implicit.TypeCoercionImpl;

/**
 * Calcite's implicit coercion, with PostgreSQL's rule for a string beside a value of a type Calcite would rather
 * turn into a string: in {@code u = 'a0ee...'}, {@code u IN ('...', '...')} or {@code CASE} branches, the string
 * is an unknown-typed literal that PostgreSQL reads with the other type's input function, so the string is cast to
 * {@code uuid} (22P02 for bad input), never the uuid to text (which would compare text forms: {@code '{A0EE...}'}
 * would not equal its uuid).
 */
final class PgTypeCoercion extends TypeCoercionImpl {
    PgTypeCoercion(RelDataTypeFactory typeFactory, SqlValidator validator) {
        super(typeFactory, validator);
    }

    @Override
    public RelDataType commonTypeForBinaryComparison(RelDataType t1, RelDataType t2) {
        RelDataType t = stringBeside(t1, t2);
        return t != null ? t : super.commonTypeForBinaryComparison(t1, t2);
    }

    @Override
    public RelDataType getTightestCommonType(RelDataType t1, RelDataType t2) {
        RelDataType t = stringBeside(t1, t2);
        return t != null ? t : super.getTightestCommonType(t1, t2);
    }

    /** The non-string type when one of the two is a string and the other a uuid; else null. */
    private RelDataType stringBeside(RelDataType t1, RelDataType t2) {
        if (t1 == null || t2 == null) {
            return null;
        }
        if (t1.getSqlTypeName() == SqlTypeName.UUID && SqlTypeUtil.isCharacter(t2)) {
            return factory.createTypeWithNullability(t1, t1.isNullable() || t2.isNullable());
        }
        if (t2.getSqlTypeName() == SqlTypeName.UUID && SqlTypeUtil.isCharacter(t1)) {
            return factory.createTypeWithNullability(t2, t1.isNullable() || t2.isNullable());
        }
        return null;
    }
}
