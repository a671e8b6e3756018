package io.tessera.sql.parser.ddl;

import io.tessera.common.error.SqlState;
import io.tessera.sql.parser.SqlPositionedException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.Litmus;

/**
 * A column type as PostgreSQL names it: the canonical {@code pg_type.typname} plus its type modifiers, because
 * the catalog stores PostgreSQL types, not Calcite's.
 *
 * <p>Every spelling the grammar accepts folds to one canonical name: {@code bool, int2, int4, int8, float4,
 * float8, numeric, text, varchar, bpchar, date, timestamp, timestamptz, bytea, json, jsonb, uuid, time, interval}. Modifiers are
 * {@code [length]} for varchar/bpchar, {@code [precision]} or {@code [precision, scale]} for numeric,
 * {@code [precision]} for timestamp/timestamptz, and empty otherwise ({@code char} alone is {@code bpchar(1)}
 * as in PostgreSQL; {@code varchar} alone has no length limit).
 *
 * <p>It is also a {@link SqlDataTypeSpec} whose Calcite type is {@link #toTypeNameSpec()}, so the validator
 * can derive a type from it; casts ({@code x::int8}) use that Calcite spec directly.
 */
public final class PgTypeName extends SqlDataTypeSpec {
    /** PostgreSQL type names that are identifiers rather than SQL keywords, by lower-case spelling. */
    private static final Map<String, String> IDENTIFIER_TYPES = Map.ofEntries(
            Map.entry("bool", "bool"),
            Map.entry("int2", "int2"),
            Map.entry("int4", "int4"),
            Map.entry("int8", "int8"),
            Map.entry("float4", "float4"),
            Map.entry("float8", "float8"),
            Map.entry("text", "text"),
            Map.entry("bpchar", "bpchar"),
            Map.entry("bytea", "bytea"),
            Map.entry("timestamptz", "timestamptz"),
            Map.entry("jsonb", "jsonb"),
            Map.entry("varbit", "varbit"));

    private final String typeName;
    private final List<Integer> modifiers;
    private final boolean userDefined;
    private final String schema;
    private final boolean array;

    /**
     * @param typeName a canonical name (see the class comment)
     * @param modifiers the type modifiers, possibly empty
     */
    public PgTypeName(String typeName, List<Integer> modifiers, SqlParserPos pos) {
        this(typeName, modifiers, false, pos);
    }

    private PgTypeName(String typeName, List<Integer> modifiers, boolean array, SqlParserPos pos) {
        super(array ? new org.apache.calcite.sql.SqlCollectionTypeNameSpec(calciteSpec(typeName, modifiers, pos),
                SqlTypeName.ARRAY, pos) : calciteSpec(typeName, modifiers, pos), pos);
        this.typeName = Objects.requireNonNull(typeName, "typeName");
        this.modifiers = List.copyOf(modifiers);
        this.userDefined = false;
        this.schema = null;
        this.array = array;
    }

    /**
     * The array type of this type ({@code int4[]}; any number of dimensions, declared or not, is one array type,
     * as in PostgreSQL). A user-defined type's array is not a column type yet (0A000).
     */
    public PgTypeName asArray() {
        if (userDefined) {
            throw new SqlPositionedException(SqlState.FEATURE_NOT_SUPPORTED,
                    "arrays of type \"" + typeName + "\" are not supported as column types", getParserPosition());
        }
        return array ? this : new PgTypeName(typeName, modifiers, true, getParserPosition());
    }

    /** Whether this is the array type of {@link #typeName()} ({@code int4[]}), whose elements are of that type. */
    public boolean array() {
        return array;
    }

    /** A user-defined type's name (an enum type's), which the catalog resolves; Calcite sees a user-defined type. */
    private PgTypeName(org.apache.calcite.sql.SqlIdentifier name, SqlParserPos pos) {
        super(new org.apache.calcite.sql.SqlUserDefinedTypeNameSpec(name, pos), pos);
        this.typeName = name.names.get(name.names.size() - 1);
        this.modifiers = List.of();
        this.userDefined = true;
        this.array = false;
        this.schema = name.names.size() == 2 ? name.names.get(0) : null;
    }

    /** A user-defined type's schema as written ({@code s} of {@code s.mood}), or null when unqualified. */
    public String schema() {
        return schema;
    }

    /**
     * Whether this names no built-in type but possibly a user-defined one ({@code CREATE TYPE ... AS ENUM}), which
     * only the catalog can resolve: {@link #typeName()} is then the name as written (case-folded).
     */
    public boolean userDefined() {
        return userDefined;
    }

    /** The canonical PostgreSQL name, e.g. {@code int4}, {@code varchar}, {@code timestamptz}. */
    public String typeName() {
        return typeName;
    }

    /** The type modifiers as written (after PostgreSQL's defaults): empty, {@code [n]} or {@code [p, s]}. */
    public List<Integer> modifiers() {
        return modifiers;
    }

    /** The declared length of varchar/bpchar/bit/varbit, or -1. */
    public int length() {
        return (typeName.equals("varchar") || typeName.equals("bpchar") || typeName.equals("bit")
                || typeName.equals("varbit")) && !modifiers.isEmpty()
                ? modifiers.get(0) : -1;
    }

    /** The declared precision of numeric/timestamp/timestamptz/time, or -1. */
    public int precision() {
        return (typeName.equals("numeric") || typeName.startsWith("timestamp") || typeName.equals("time"))
                && !modifiers.isEmpty()
                ? modifiers.get(0) : -1;
    }

    /** The declared scale of numeric, or -1 (numeric(p) has scale 0, as in PostgreSQL). */
    public int scale() {
        if (!typeName.equals("numeric") || modifiers.isEmpty()) {
            return -1;
        }
        return modifiers.size() > 1 ? modifiers.get(1) : 0;
    }

    /**
     * The Calcite type this PostgreSQL type validates as: bool→BOOLEAN, int2→SMALLINT, int4→INTEGER,
     * int8→BIGINT, float4→REAL, float8→DOUBLE, numeric(p,s)→DECIMAL(p,s) (unconstrained numeric→DECIMAL with
     * the type system's default precision), text/json/jsonb→VARCHAR, varchar(n)→VARCHAR(n), bpchar(n)→CHAR(n)
     * (bpchar without length→VARCHAR), date→DATE, timestamp(p)→TIMESTAMP(p),
     * timestamptz(p)→TIMESTAMP(p) WITH LOCAL TIME ZONE (an instant, as PostgreSQL's timestamptz is),
     * bytea→VARBINARY, uuid→UUID, interval→{@link IntervalTypeNameSpec}, time(p)→TIME(3) (milliseconds, the engine's precision for times; see
     * docs/compatibility.md).
     */
    public SqlTypeNameSpec toTypeNameSpec() {
        return calciteSpec(typeName, modifiers, getParserPosition());
    }

    /**
     * The canonical name of a PostgreSQL type spelled as a plain identifier ({@code text}, {@code int8}, ...),
     * or null when the identifier names no type Tessera knows. Called by the grammar's semantic lookahead.
     */
    public static String canonicalIdentifierType(String image) {
        return image == null ? null : IDENTIFIER_TYPES.get(image.toLowerCase(Locale.ROOT));
    }

    /** Whether an identifier-spelled type takes a parenthesized modifier ({@code bpchar(n)}, {@code timestamptz(p)}). */
    public static boolean takesModifiers(String canonicalName) {
        return canonicalName.equals("bpchar") || canonicalName.equals("timestamptz") || canonicalName.equals("varbit");
    }

    /** {@code t}: every type the grammar names as a column type is stored (a hook for types that are not). */
    public static PgTypeName storable(PgTypeName t) {
        return t;
    }

    /**
     * A column type that is not a built-in spelling: a plain or schema-qualified name the catalog may know as
     * a user-defined type (PostgreSQL's grammar, too, leaves that to the catalog), else {@link #unsupported}'s error.
     */
    public static PgTypeName userDefinedOrUnsupported(SqlDataTypeSpec spec) {
        SqlPositionedException e = unsupported(spec);
        if (e.sqlState() == SqlState.UNDEFINED_OBJECT && spec.getTypeNameSpec()
                instanceof org.apache.calcite.sql.SqlUserDefinedTypeNameSpec u && spec.getCollectionsTypeName() == null) {
            List<String> names = u.getTypeName().names;
            if (names.size() == 1 || names.size() == 2 && !names.get(0).equals("pg_catalog")) {
                // pg_catalog holds only the built-in types, which the spelling tables know: no catalog lookup
                return new PgTypeName(u.getTypeName(), spec.getParserPosition());
            }
        }
        return null;
    }

    /**
     * The error for a column type Tessera does not store: {@code 0A000 type "serial" is not supported} for
     * PostgreSQL types it lacks, {@code 42704 type "x" does not exist} for names PostgreSQL does not know either.
     */
    public static SqlPositionedException unsupported(SqlDataTypeSpec spec) {
        String name = spec.getTypeNameSpec().getTypeName().toString().toLowerCase(Locale.ROOT);
        boolean known = spec.getTypeNameSpec() instanceof SqlBasicTypeNameSpec
                || spec.getCollectionsTypeName() != null
                || switch (name) {
                    case "serial", "serial4", "bigserial", "serial8", "smallserial", "serial2", "money",
                            "oid", "name", "timetz", "xml", "inet", "cidr" -> true;
                    default -> false;
                };
        if (known) {
            return new SqlPositionedException(SqlState.FEATURE_NOT_SUPPORTED,
                    "type \"" + name + "\" is not supported", spec.getParserPosition());
        }
        return new SqlPositionedException(SqlState.UNDEFINED_OBJECT,
                "type \"" + name + "\" does not exist", spec.getParserPosition());
    }

    private static SqlTypeNameSpec calciteSpec(String typeName, List<Integer> mods, SqlParserPos pos) {
        int m0 = mods.isEmpty() ? -1 : mods.get(0);
        switch (typeName) {
            case "bool":
                return new Named(typeName, SqlTypeName.BOOLEAN, pos);
            case "int2":
                return new Named(typeName, SqlTypeName.SMALLINT, pos);
            case "int4":
                return new Named(typeName, SqlTypeName.INTEGER, pos);
            case "int8":
                return new Named(typeName, SqlTypeName.BIGINT, pos);
            case "float4":
                return new Named(typeName, SqlTypeName.REAL, pos);
            case "float8":
                return new Named(typeName, SqlTypeName.DOUBLE, pos);
            case "numeric":
                if (mods.isEmpty()) {
                    return new Named(typeName, SqlTypeName.DECIMAL, pos);
                }
                return new Named(typeName, SqlTypeName.DECIMAL, m0, mods.size() > 1 ? mods.get(1) : 0, pos);
            case "text":
            case "json":
            case "jsonb":
                return new Named(typeName, SqlTypeName.VARCHAR, pos);
            case "varchar":
                return new Named(typeName, SqlTypeName.VARCHAR, m0, pos);
            case "bpchar":
                return m0 < 0
                        ? new Named(typeName, SqlTypeName.VARCHAR, pos)
                        : new Named(typeName, SqlTypeName.CHAR, m0, pos);
            case "date":
                return new Named(typeName, SqlTypeName.DATE, pos);
            case "timestamp":
                return new Named(typeName, SqlTypeName.TIMESTAMP, m0, pos);
            case "timestamptz":
                return new Named(typeName, SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, m0, pos);
            case "bytea":
                return new Named(typeName, SqlTypeName.VARBINARY, pos);
            case "uuid":
                return new Named(typeName, SqlTypeName.UUID, pos);
            case "time":
                return new Named(typeName, SqlTypeName.TIME, m0 >= 0 ? Math.min(m0, 3) : 3, pos, m0);
            case "interval":
                return new IntervalTypeNameSpec(pos);
            case "bit":
            case "varbit":
                return new BitStringType.Spec(typeName.equals("varbit"), m0, pos);
            default:
                throw new IllegalArgumentException("not a canonical PostgreSQL type name: " + typeName);
        }
    }

    /**
     * A Calcite type name that remembers the PostgreSQL type it was written as (json, jsonb and text are all
     * VARCHAR to Calcite), for what depends on the PostgreSQL name: a cast's column name, json input checks.
     */
    public static final class Named extends SqlBasicTypeNameSpec {
        private final String pgName;
        private final int pgPrecision;

        Named(String pgName, SqlTypeName type, int precision, SqlParserPos pos, int pgPrecision) {
            super(type, precision, pos);
            this.pgName = pgName;
            this.pgPrecision = pgPrecision;
        }

        Named(String pgName, SqlTypeName type, SqlParserPos pos) {
            super(type, pos);
            this.pgName = pgName;
            this.pgPrecision = -1;
        }

        Named(String pgName, SqlTypeName type, int precision, SqlParserPos pos) {
            super(type, precision, pos);
            this.pgName = pgName;
            this.pgPrecision = -1;
        }

        Named(String pgName, SqlTypeName type, int precision, int scale, SqlParserPos pos) {
            super(type, precision, scale, pos);
            this.pgName = pgName;
            this.pgPrecision = -1;
        }

        /**
         * The precision as written, {@code p} of {@code time(p)} (Calcite's TIME holds 3 at most), -1 when none was
         * written or the type is not time.
         */
        public int pgPrecision() {
            return pgPrecision;
        }

        /** The canonical PostgreSQL name ({@code jsonb}, {@code int4}, ...). */
        public String pgName() {
            return pgName;
        }
    }

    @Override
    public SqlNode clone(SqlParserPos pos) {
        return userDefined ? new PgTypeName(new org.apache.calcite.sql.SqlIdentifier(schema == null ? List.of(typeName)
                : List.of(schema, typeName), pos), pos) : new PgTypeName(typeName, modifiers, array, pos);
    }

    /** Prints the canonical name and modifiers, e.g. {@code VARCHAR(100)}, {@code NUMERIC(10, 2)}, {@code INT4}. */
    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        if (userDefined) {
            if (schema != null) {
                writer.identifier(schema, true);
                writer.sep(".");
            }
            writer.identifier(typeName, true);
            return;
        }
        writer.keyword(typeName.toUpperCase(Locale.ROOT));
        if (!modifiers.isEmpty()) {
            SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.FUN_CALL, "(", ")");
            writer.literal(String.join(", ", modifiers.stream().map(String::valueOf).toList()));
            writer.endList(frame);
        }
        if (array) {
            writer.keyword("ARRAY");
        }
    }

    @Override
    public boolean equalsDeep(SqlNode node, Litmus litmus) {
        if (!(node instanceof PgTypeName that)) {
            return litmus.fail("{} != {}", this, node);
        }
        if (!typeName.equals(that.typeName) || !modifiers.equals(that.modifiers) || userDefined != that.userDefined
                || array != that.array || !Objects.equals(schema, that.schema)) {
            return litmus.fail("{} != {}", this, node);
        }
        return litmus.succeed();
    }
}
