package io.tessera.coordinator.sql;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type system bent to PostgreSQL's rules where they differ and a client could tell: numeric precision up to
 * 1000, varchar up to 10485760, {@code sum(int4)} is {@code bigint}, {@code avg} of integers is {@code numeric}
 * (PostgreSQL's {@code pg_aggregate}), and {@code sum(int8)} is {@code numeric}.
 */
public final class PgTypeSystem extends RelDataTypeSystemImpl {
    public static final PgTypeSystem INSTANCE = new PgTypeSystem();

    private PgTypeSystem() {
    }

    @Override
    public int getMaxPrecision(SqlTypeName typeName) {
        return switch (typeName) {
            case DECIMAL -> 1000;
            case VARCHAR, CHAR -> 10_485_760;
            case VARBINARY, BINARY -> Integer.MAX_VALUE;
            case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> timestampPrecision();
            default -> super.getMaxPrecision(typeName);
        };
    }

    /**
     * The fraction digits the engine's {@code timestamp} and {@code timestamptz} values hold: 6 under
     * {@code engine.microseconds}, else 3. It is both the maximum and the default precision of Calcite's
     * {@code TIMESTAMP} types, so {@code timestamp(p)} for every p below it is a cast that rounds
     * ({@code PgRexRewriter}) and an unqualified {@code timestamp} is one that does not.
     */
    public static int timestampPrecision() {
        return 6;
    }

    @Override
    public int getMaxScale(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL ? 1000 : super.getMaxScale(typeName);
    }

    @Override
    public int getDefaultPrecision(SqlTypeName typeName) {
        return switch (typeName) {
            case VARCHAR, VARBINARY -> RelDataType.PRECISION_NOT_SPECIFIED;
            // PostgreSQL's timestamp, timestamptz and time keep their fraction unless a typmod is given; the
            // engine's representation holds milliseconds or microseconds (TypeMapping), so an unqualified cast keeps
            // all of them; time stays milliseconds under engine.microseconds (docs/architecture.md)
            case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> timestampPrecision();
            case TIME -> 3;
            default -> super.getDefaultPrecision(typeName);
        };
    }

    @Override
    public RelDataType deriveSumType(RelDataTypeFactory f, RelDataType argumentType) {
        SqlTypeName t = argumentType.getSqlTypeName();
        RelDataType result = switch (t) {
            case TINYINT, SMALLINT, INTEGER -> f.createSqlType(SqlTypeName.BIGINT);
            // PostgreSQL's sum(int8) is numeric; PgRexRewriter casts the argument to numeric below the aggregate,
            // because Calcite's enumerable SUM cannot accumulate longs into a decimal
            case BIGINT -> f.createSqlType(SqlTypeName.DECIMAL, 1000, 0);
            case DECIMAL -> f.createSqlType(SqlTypeName.DECIMAL, 1000, argumentType.getScale());
            default -> super.deriveSumType(f, argumentType);
        };
        return f.createTypeWithNullability(result, argumentType.isNullable());
    }

    @Override
    public RelDataType deriveAvgAggType(RelDataTypeFactory f, RelDataType argumentType) {
        SqlTypeName t = argumentType.getSqlTypeName();
        RelDataType result = switch (t) {
            case TINYINT, SMALLINT, INTEGER, BIGINT -> f.createSqlType(SqlTypeName.DECIMAL, 1000, 16);
            case DECIMAL -> f.createSqlType(SqlTypeName.DECIMAL, 1000, Math.max(16, argumentType.getScale()));
            case REAL, FLOAT -> f.createSqlType(SqlTypeName.DOUBLE);
            default -> super.deriveAvgAggType(f, argumentType);
        };
        return f.createTypeWithNullability(result, argumentType.isNullable());
    }

    /**
     * {@code a % b} with a numeric operand is PostgreSQL's {@code numeric_mod}: a numeric, of the larger scale, where
     * Calcite's is {@code b}'s type when both scales are 0 ({@code extract(epoch from t) % 1000000} was an integer,
     * losing the fraction). Null (Calcite's rule) unless an operand is a decimal and both are exact.
     */
    @Override
    public RelDataType deriveDecimalModType(RelDataTypeFactory f, RelDataType type1, RelDataType type2) {
        if (!org.apache.calcite.sql.type.SqlTypeUtil.isExactNumeric(type1)
                || !org.apache.calcite.sql.type.SqlTypeUtil.isExactNumeric(type2)
                || (type1.getSqlTypeName() != SqlTypeName.DECIMAL && type2.getSqlTypeName() != SqlTypeName.DECIMAL)) {
            return super.deriveDecimalModType(f, type1, type2);
        }
        int scale = Math.max(type1.getSqlTypeName() == SqlTypeName.DECIMAL ? type1.getScale() : 0,
                type2.getSqlTypeName() == SqlTypeName.DECIMAL ? type2.getScale() : 0);
        return f.createSqlType(SqlTypeName.DECIMAL, getMaxPrecision(SqlTypeName.DECIMAL), scale);
    }

    /** PostgreSQL rounds half away from zero when a cast drops digits ({@code 2.5::int} is 3). */
    @Override
    public java.math.RoundingMode roundingMode() {
        return java.math.RoundingMode.HALF_UP;
    }

    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
        return true;
    }
}
