package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.ColumnDef;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Maps between PostgreSQL types (the catalog's and the wire's) and Calcite's {@link RelDataType}s.
 *
 * <p>Stored types map to the Calcite type whose runtime representation is {@link PgType}'s; a Calcite result type
 * maps back to the OID and typmod RowDescription reports. Unbounded {@code VARCHAR} reports as {@code text}, as
 * PostgreSQL's text-returning functions (md5, ||, ...) do; a table's json, jsonb, unbounded varchar and
 * numeric(p,s) columns report their own types through {@code ClientTypes}.
 */
public final class TypeMapping {
    private TypeMapping() {
    }

    /** The Calcite type of a column (nullability from NOT NULL). */
    public static RelDataType toRelType(RelDataTypeFactory f, ColumnDef c) {
        RelDataType t = toRelType(f, c.type(), c.typmod());
        return f.createTypeWithNullability(t, !c.notNull());
    }

    /** The Calcite type of a PostgreSQL type with a typmod (-1 for none). */
    public static RelDataType toRelType(RelDataTypeFactory f, PgType type, int typmod) {
        if (type == PgType.TEXT && typmod >= io.tessera.coordinator.catalog.TableDef.FIRST_NORMAL_OID
                && f instanceof PgJavaTypeFactory p && p.enumType(typmod) != null) {
            return EnumValues.relType(f, p.enumType(typmod)); // an enum column: text holding sort keys
        }
        if (type.isArray()) {
            return f.createArrayType(f.createTypeWithNullability(toRelType(f, type.element(), typmod), true), -1);
        }
        return switch (type) {
            case BOOL -> f.createSqlType(SqlTypeName.BOOLEAN);
            case INT2 -> f.createSqlType(SqlTypeName.SMALLINT);
            case INT4, OID -> f.createSqlType(SqlTypeName.INTEGER);
            case INT8 -> f.createSqlType(SqlTypeName.BIGINT);
            case FLOAT4 -> f.createSqlType(SqlTypeName.REAL);
            case FLOAT8 -> f.createSqlType(SqlTypeName.DOUBLE);
            case NUMERIC -> typmod >= 4
                    ? f.createSqlType(SqlTypeName.DECIMAL, ((typmod - 4) >> 16) & 0xffff, (typmod - 4) & 0xffff)
                    : f.createSqlType(SqlTypeName.DECIMAL, 1000, 0 /* unconstrained numeric: see coercion */);
            case VARCHAR -> typmod >= 4 ? f.createSqlType(SqlTypeName.VARCHAR, typmod - 4) : f.createSqlType(SqlTypeName.VARCHAR);
            case BPCHAR -> f.createSqlType(SqlTypeName.CHAR, typmod >= 4 ? typmod - 4 : 1);
            case TEXT, NAME, JSON, JSONB -> f.createSqlType(SqlTypeName.VARCHAR);
            case BYTEA -> f.createSqlType(SqlTypeName.VARBINARY);
            case UUID -> f.createSqlType(SqlTypeName.UUID);
            case BIT, VARBIT -> io.tessera.sql.parser.ddl.BitStringType.relType(f, type == PgType.VARBIT, typmod);
            case TIME -> f.createJavaType(io.tessera.common.types.PgTime.class); // microseconds (docs/architecture.md)
            case INTERVAL -> f.createJavaType(io.tessera.common.types.PgInterval.class);
            case DATE -> f.createSqlType(SqlTypeName.DATE);
            case TIMESTAMP -> f.createSqlType(SqlTypeName.TIMESTAMP, PgTypeSystem.timestampPrecision());
            case TIMESTAMPTZ -> f.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE,
                    PgTypeSystem.timestampPrecision());
            default -> throw new AssertionError(type); // arrays are above
        };
    }

    /** The PostgreSQL type a Calcite result type is reported as. */
    /**
     * The OID of the one-dimensional array type PostgreSQL gives an array whose elements Calcite types as
     * {@code element} (pg_type.dat: _bool 1000, _int2 1005, _int4 1007, _int8 1016, _float4 1021, _float8 1022,
     * _numeric 1231, _date 1182, _timestamp 1115, _timestamptz 1185), {@code text[]} (1009) for anything else,
     * strings of every kind included: Calcite types a string literal char(n), and PostgreSQL's {@code array['a']} is
     * text[] (as {@code pg_typeof} says). Array columns are sent in text form ({@code pgwire.types.ArrayType}).
     */
    public static int arrayOid(org.apache.calcite.sql.type.SqlTypeName element) {
        return switch (element) {
            case BOOLEAN -> 1000;
            case TINYINT, SMALLINT -> 1005;
            case INTEGER -> 1007;
            case BIGINT -> 1016;
            case DOUBLE -> 1022;
            case REAL, FLOAT -> 1021;
            case DATE -> 1182;
            case TIMESTAMP -> 1115;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE, TIMESTAMP_TZ -> 1185;
            case DECIMAL -> 1231;
            default -> 1009;
        };
    }

    public static PgType toPgType(RelDataType t) {
        if (io.tessera.coordinator.sql.functions.IntervalFunctions.isInterval(t)) {
            return PgType.INTERVAL;
        }
        if (io.tessera.coordinator.sql.functions.IntervalFunctions.isTime(t)) {
            return PgType.TIME;
        }
        if (io.tessera.sql.parser.ddl.BitStringType.is(t)) {
            return io.tessera.sql.parser.ddl.BitStringType.isVarying(t) ? PgType.VARBIT : PgType.BIT;
        }
        return switch (t.getSqlTypeName()) {
            case BOOLEAN -> PgType.BOOL;
            case TINYINT, SMALLINT -> PgType.INT2;
            case INTEGER -> PgType.INT4;
            case BIGINT -> PgType.INT8;
            case DECIMAL -> PgType.NUMERIC;
            case REAL, FLOAT -> PgType.FLOAT4;
            case DOUBLE -> PgType.FLOAT8;
            case CHAR -> PgType.BPCHAR;
            case VARCHAR -> t.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED ? PgType.TEXT : PgType.VARCHAR;
            case BINARY, VARBINARY -> PgType.BYTEA;
            case UUID -> PgType.UUID;
            case TIME -> PgType.TIME;
            case DATE -> PgType.DATE;
            case TIMESTAMP -> PgType.TIMESTAMP;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE, TIMESTAMP_TZ -> PgType.TIMESTAMPTZ;
            case NULL, UNKNOWN, ANY -> PgType.TEXT;
            case ARRAY -> {
                PgType element = t.getComponentType() == null ? null : PgType.arrayOf(toPgType(t.getComponentType()));
                if (element == null) {
                    throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                            "type " + t.getFullTypeString() + " cannot be returned to a client yet");
                }
                yield element;
            }
            default -> throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                    "type " + t.getFullTypeString() + " cannot be returned to a client yet");
        };
    }

    /** PostgreSQL's typmod for a Calcite result type (-1 when it has none). */
    public static int typmod(RelDataType t) {
        if (io.tessera.sql.parser.ddl.BitStringType.is(t)) {
            return io.tessera.sql.parser.ddl.BitStringType.length(t); // bit(n): n itself
        }
        return switch (t.getSqlTypeName()) {
            case CHAR -> t.getPrecision() + 4;
            case VARCHAR -> t.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED ? -1 : t.getPrecision() + 4;
            default -> -1;
        };
    }

    /**
     * PostgreSQL's typmod of a cast's target type: varchar(n) and char(n) n + 4, numeric(p,s)
     * {@code ((p << 16) | s) + 4}; -1 for none (an unconstrained numeric, Calcite's {@code DECIMAL(1000, s)}).
     */
    public static int castTypmod(RelDataType t) {
        if (t.getSqlTypeName() == SqlTypeName.DECIMAL) {
            return t.getPrecision() >= io.tessera.coordinator.sql.functions.PgRexRewriter.UNCONSTRAINED ? -1
                    : ((t.getPrecision() << 16) | Math.max(t.getScale(), 0)) + 4;
        }
        return typmod(t);
    }

    /** Canonical PostgreSQL type names as the parser reports them (int4, varchar, ...) → PgType. */
    public static PgType ofName(String name) {
        return switch (name) {
            case "bool", "boolean" -> PgType.BOOL;
            case "int2", "smallint" -> PgType.INT2;
            case "int4", "int", "integer" -> PgType.INT4;
            case "int8", "bigint" -> PgType.INT8;
            case "float4", "real" -> PgType.FLOAT4;
            case "float8", "double precision", "float" -> PgType.FLOAT8;
            case "numeric", "decimal" -> PgType.NUMERIC;
            case "text" -> PgType.TEXT;
            case "varchar", "character varying" -> PgType.VARCHAR;
            case "bpchar", "char", "character" -> PgType.BPCHAR;
            case "date" -> PgType.DATE;
            case "timestamp" -> PgType.TIMESTAMP;
            case "timestamptz" -> PgType.TIMESTAMPTZ;
            case "bytea" -> PgType.BYTEA;
            case "uuid" -> PgType.UUID;
            case "bit" -> PgType.BIT;
            case "varbit", "bit varying" -> PgType.VARBIT;
            case "time" -> PgType.TIME;
            case "interval" -> PgType.INTERVAL;
            case "json" -> PgType.JSON;
            case "jsonb" -> PgType.JSONB;
            default -> throw new TesseraException(SqlState.UNDEFINED_OBJECT, "type \"" + name + "\" does not exist");
        };
    }
}
