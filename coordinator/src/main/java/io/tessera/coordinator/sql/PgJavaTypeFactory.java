package io.tessera.coordinator.sql;

import java.lang.reflect.Type;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.sql.type.BasicSqlType;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

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

    /** The session's search path, for {@link #enumTypeNamed} of an unqualified name. */
    private java.util.List<String> searchPath = java.util.List.of();

    /**
     * Makes the database's enum types known, so enum columns ({@link EnumValues#typeOid}) get their types, with the
     * session's {@code searchPath} that resolves their unqualified names.
     */
    void enumTypes(java.util.Collection<io.tessera.coordinator.catalog.EnumTypeDef> types,
            java.util.List<String> searchPath) {
        java.util.Map<Integer, io.tessera.coordinator.catalog.EnumTypeDef> m = new java.util.HashMap<>();
        types.forEach(t -> m.put(t.oid(), t));
        this.enumTypes = java.util.Map.copyOf(m);
        this.searchPath = java.util.List.copyOf(searchPath);
    }

    /** The enum type with OID {@code oid}, or null. */
    io.tessera.coordinator.catalog.EnumTypeDef enumType(int oid) {
        return enumTypes.get(oid);
    }

    /**
     * The enum type named {@code name} in {@code schema}, or, when {@code schema} is null, in the first schema of the
     * search path that has one; null when there is none.
     */
    io.tessera.coordinator.catalog.EnumTypeDef enumTypeNamed(String schema, String name) {
        for (String s : schema != null ? java.util.List.of(schema) : searchPath) {
            for (io.tessera.coordinator.catalog.EnumTypeDef t : enumTypes.values()) {
                if (t.name().equals(name) && t.schemaName().equals(s)) {
                    return t;
                }
            }
        }
        return null;
    }

    @Override
    public Type getJavaClass(RelDataType type) {
        if (type instanceof BasicSqlType && type.getSqlTypeName() == SqlTypeName.UUID) {
            return java.util.UUID.class;
        }
        return super.getJavaClass(type);
    }

    /**
     * Intervals (a Java type to Calcite) are only like other intervals and NULL, and likewise times under
     * engine.microseconds ({@code PgTime}): the common type of intervals is
     * interval, of an interval and anything else none (the caller's type error), where Calcite's own rule has no
     * entry for Java types and fails an assertion. An enum type is only like itself, strings (literals, read as its
     * labels) and NULL ({@link EnumValues#commonType}); regtype likewise ({@link RegtypeValues#commonType}). A numeric
     * common type is PostgreSQL's {@code select_common_typmod}: the inputs' typmod when they all have the same one,
     * else unconstrained numeric ({@link #unconstrainedNumeric}); of timestamps, the finest precision
     * ({@link #finestTimestamp}).
     */
    /**
     * The common type of {@code types} when one is a bit string (VALUES rows, UNION, CASE): as PostgreSQL's
     * select_common_type, the first bit string's type (bit and bit varying cast to each other implicitly, so neither
     * displaces the other); the length kept only when
     * all have the same; strings and NULL join it (read by bit_in). Null when none is a bit string;
     * {@link EnumValues#NO_COMMON_TYPE} when another type is there.
     */
    private RelDataType bitStringCommonType(java.util.List<RelDataType> types) {
        boolean any = false;
        boolean varying = false;
        boolean nullable = false;
        int length = -2;
        for (RelDataType t : types) {
            nullable |= t.isNullable();
            if (io.tessera.sql.parser.ddl.BitStringType.is(t)) {
                varying = any ? varying : io.tessera.sql.parser.ddl.BitStringType.isVarying(t);
                any = true;
                int n = io.tessera.sql.parser.ddl.BitStringType.length(t);
                length = length == -2 || length == n ? n : -1;
            } else if (t.getSqlTypeName() != SqlTypeName.NULL
                    && !org.apache.calcite.sql.type.SqlTypeUtil.inCharFamily(t)) {
                return any ? EnumValues.NO_COMMON_TYPE : null;
            }
        }
        if (!any) {
            return null;
        }
        for (RelDataType t : types) {
            if (!io.tessera.sql.parser.ddl.BitStringType.is(t) && t.getSqlTypeName() != SqlTypeName.NULL) {
                length = -1; // a string's length is not known until read
            }
        }
        return createTypeWithNullability(io.tessera.sql.parser.ddl.BitStringType.relType(this, varying, length),
                nullable);
    }

    @Override
    public RelDataType leastRestrictive(java.util.List<RelDataType> types,
            org.apache.calcite.sql.type.SqlTypeMappingRule mappingRule) {
        RelDataType regtype = RegtypeValues.commonType(this, types);
        if (regtype != null) {
            return regtype == EnumValues.NO_COMMON_TYPE ? null : regtype;
        }
        RelDataType enumType = EnumValues.commonType(this, types);
        if (enumType != null) {
            return enumType == EnumValues.NO_COMMON_TYPE ? null : enumType;
        }
        RelDataType bits = bitStringCommonType(types);
        if (bits != null) {
            return bits == EnumValues.NO_COMMON_TYPE ? null : bits;
        }
        RelDataType interval = null;
        boolean nullable = false;
        for (RelDataType t : types) {
            if (io.tessera.coordinator.sql.functions.IntervalFunctions.isInterval(t)
                    || io.tessera.coordinator.sql.functions.IntervalFunctions.isTime(t)) {
                interval = t;
            }
            nullable |= t.isNullable();
        }
        if (interval == null) {
            RelDataType pg = realBesideExact(types);
            pg = pg != null ? pg : datetimes(types);
            return pg != null ? pg
                    : finestTimestamp(types, unconstrainedNumeric(types, super.leastRestrictive(types, mappingRule)));
        }
        boolean time = io.tessera.coordinator.sql.functions.IntervalFunctions.isTime(interval);
        for (RelDataType t : types) {
            boolean same = time ? io.tessera.coordinator.sql.functions.IntervalFunctions.isTime(t)
                    : io.tessera.coordinator.sql.functions.IntervalFunctions.isInterval(t);
            if (!same && t.getSqlTypeName() != SqlTypeName.NULL) {
                return null;
            }
        }
        return createTypeWithNullability(interval, nullable);
    }

    /**
     * PostgreSQL's common type of {@code real} beside integers and numerics is {@code real} (select_common_type:
     * they convert to real implicitly, real converts to neither), so {@code VALUES (0.1::float4), (0.3)} is two reals;
     * Calcite's is double precision, which kept 0.3 exact. Null unless the types are reals, integers, numerics and
     * NULLs with at least one real and one integer or numeric. Comparisons of the two compare in double precision
     * instead ({@link PgTypeCoercion#comparisonType}).
     */
    private RelDataType realBesideExact(java.util.List<RelDataType> types) {
        boolean real = false;
        boolean exact = false;
        boolean nullable = false;
        for (RelDataType t : types) {
            SqlTypeName name = t.getSqlTypeName();
            if (name == SqlTypeName.REAL || name == SqlTypeName.FLOAT) {
                real = true;
            } else if (SqlTypeUtil.isExactNumeric(t)) {
                exact = true;
            } else if (name != SqlTypeName.NULL) {
                return null;
            }
            nullable |= t.isNullable();
        }
        return real && exact ? createTypeWithNullability(createSqlType(SqlTypeName.REAL), nullable) : null;
    }

    /**
     * PostgreSQL's common type of dates and timestamps of both kinds (select_common_type: date converts implicitly
     * to either timestamp, timestamp to timestamptz, the datetime category's preferred type): timestamptz when one
     * is, else timestamp, of the finest precision among them. Calcite's has none for a date beside a timestamp
     * ({@code VALUES (date '2020-01-01'), (timestamp '...')} failed) and took timestamp for the two timestamps,
     * dropping the zone. Null unless the types are dates, timestamps and NULLs with two kinds among them.
     */
    private RelDataType datetimes(java.util.List<RelDataType> types) {
        java.util.EnumSet<SqlTypeName> kinds = java.util.EnumSet.noneOf(SqlTypeName.class);
        int precision = 0;
        boolean nullable = false;
        for (RelDataType t : types) {
            SqlTypeName name = t.getSqlTypeName();
            switch (name) {
                case DATE -> kinds.add(name);
                case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> {
                    kinds.add(name);
                    precision = Math.max(precision, t.getPrecision());
                }
                case NULL -> { }
                default -> {
                    return null;
                }
            }
            nullable |= t.isNullable();
        }
        if (kinds.size() < 2) {
            return null;
        }
        SqlTypeName common = kinds.contains(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE)
                ? SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE : SqlTypeName.TIMESTAMP;
        return createTypeWithNullability(createSqlType(common, precision), nullable);
    }

    /**
     * PostgreSQL's common type of timestamps of different typmods has none ({@code select_common_typmod}), so no
     * input is rounded, where Calcite's keeps the first input's precision: the comparison {@code current_timestamp =
     * now()} (Calcite's {@code TIMESTAMP(0)} beside a {@code timestamptz(6)}) cast now() to {@code timestamp(0)},
     * rounded it to whole seconds and was false. So a common timestamp type takes the finest precision of the inputs;
     * {@code common} is returned unchanged when it is not a timestamp or already as fine.
     */
    private RelDataType finestTimestamp(java.util.List<RelDataType> types, RelDataType common) {
        if (common == null || !SqlTypeUtil.isTimestamp(common)) {
            return common;
        }
        int precision = common.getPrecision();
        for (RelDataType t : types) {
            if (SqlTypeUtil.isTimestamp(t)) {
                precision = Math.max(precision, t.getPrecision());
            }
        }
        return precision == common.getPrecision() ? common
                : createTypeWithNullability(createSqlType(common.getSqlTypeName(), precision), common.isNullable());
    }

    /**
     * PostgreSQL's common type of numerics of different typmods, or of numerics and integers, is numeric without a
     * typmod: each value keeps its own scale ({@code VALUES (1), (2.5)} is 1 and 2.5). Calcite's rule gives a
     * DECIMAL(p, s) wide enough for every input, which rescales (1.0) or, once p reaches the maximum precision,
     * rounds the fraction away ({@code VALUES (0::numeric), (0.5)} gave 0 and 1). So such a common type is the
     * unconstrained DECIMAL(1000, s) (see {@code PgRexRewriter}), s the largest scale, which a cast never rescales.
     */
    private RelDataType unconstrainedNumeric(java.util.List<RelDataType> types, RelDataType common) {
        if (common == null || common.getSqlTypeName() != SqlTypeName.DECIMAL) {
            return common;
        }
        RelDataType first = null;
        boolean same = true;
        int scale = 0;
        for (RelDataType t : types) {
            if (t.getSqlTypeName() == SqlTypeName.NULL) {
                continue;
            }
            if (t.getSqlTypeName() == SqlTypeName.DECIMAL) {
                scale = Math.max(scale, t.getScale());
            }
            if (first == null) {
                first = t;
            } else if (t.getSqlTypeName() != first.getSqlTypeName() || t.getPrecision() != first.getPrecision()
                    || t.getScale() != first.getScale()) {
                same = false;
            }
        }
        if (same) {
            return common;
        }
        int max = getTypeSystem().getMaxPrecision(SqlTypeName.DECIMAL);
        return createTypeWithNullability(createSqlType(SqlTypeName.DECIMAL, max, scale), common.isNullable());
    }
}
