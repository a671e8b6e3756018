package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.EnumTypeDef;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCollation;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql2rel.SqlRexConvertlet;

/**
 * Values of enum types ({@code CREATE TYPE mood AS ENUM (...)}) in columns, expressions and results.
 *
 * <p>Representation, everywhere below the client: a value is its label's {@link EnumTypeDef.Label#sortKey} (a string
 * over {@code [0-9A-Za-z]} whose {@link String#compareTo} order is the enum's order, {@code catalog.EnumSortKeys}).
 * A column of an enum type is stored as {@code text} holding that key ({@link ColumnDef} with type TEXT and the enum
 * type's OID as its typmod), so datanodes compare, sort, group, hash and route enum values as the strings they are,
 * and ALTER TYPE ... ADD VALUE (a new key between two) and RENAME VALUE (the key unchanged) rewrite no row.
 *
 * <p>To Calcite an enum type is {@code VARCHAR} with an {@link EnumCollation} naming the type: the same type compares
 * with itself, the collation keeps two enum types apart, and labels turn into keys where a value enters the enum type
 * (casts, comparisons with a string literal: {@code PgRexBuilder}; INSERT and COPY: {@link #toStored}; bound
 * parameters: {@link #bindParameter}) and back into labels where it leaves it (casts to text, and every result row:
 * {@link #labelsOut}). Two enum types' collations differ, and Calcite's CAST would carry the operand's collation
 * to its result: {@code TesseraValidator} types a cast to or from an enum as its target type. PostgreSQL's own enum_in/enum_out (src/backend/utils/adt/enum.c) give the errors and messages.
 */
public final class EnumValues {
    /** Separates labels and keys in the map string the runtime functions take. */
    private static final char SEP = '\u0001';
    private static final Map<String, Map<String, String>> PARSED = new ConcurrentHashMap<>();

    private EnumValues() {
    }

    /**
     * The collation that marks a Calcite VARCHAR as enum type {@code def}: compared by the plain string order of the
     * sort keys (no {@link java.text.Collator}). Two collations are equal when they name the same type OID.
     */
    public static final class EnumCollation extends SqlCollation {
        private final transient EnumTypeDef def;

        EnumCollation(EnumTypeDef def, java.nio.charset.Charset charset) {
            // the labels are in the name: Calcite interns types by digest across planners, and a type of an older
            // catalog version (fewer or other labels) must not stand in for this one
            super(Coercibility.IMPLICIT, Locale.ROOT, charset, "enum" + def.oid() + "_" + fingerprint(def));
            this.def = def;
        }

        /** The enum type, as the catalog had it when the statement was planned. */
        public EnumTypeDef def() {
            return def;
        }

        @Override
        public java.text.Collator getCollator() {
            return null;
        }
    }

    private static String fingerprint(EnumTypeDef def) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(mapString(def).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Calcite type of enum type {@code def} (nullable). */
    public static RelDataType relType(RelDataTypeFactory f, EnumTypeDef def) {
        RelDataType varchar = f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true);
        // the factory's charset, which string literals and text columns have too (Calcite refuses to compare two)
        java.nio.charset.Charset charset = f.getDefaultCharset();
        return f.createTypeWithCharsetAndCollation(varchar, charset, new EnumCollation(def, charset));
    }

    /** {@link #commonType}'s answer for types with no common type. */
    static final RelDataType NO_COMMON_TYPE = new org.apache.calcite.sql.type.BasicSqlType(
            org.apache.calcite.rel.type.RelDataTypeSystem.DEFAULT, SqlTypeName.NULL);

    /**
     * The common type of {@code types} when one is an enum type: that enum (nullable if any is) when the others are
     * the same enum, strings or NULL, as PostgreSQL resolves {@code unknown} literals to the enum
     * ({@code CASE}, {@code COALESCE}, {@code UNION}, and Calcite's casts to a comparison's common type);
     * {@link #NO_COMMON_TYPE} when another type is there; null when none is an enum.
     */
    static RelDataType commonType(RelDataTypeFactory f, List<RelDataType> types) {
        RelDataType found = null;
        boolean nullable = false;
        for (RelDataType t : types) {
            if (of(t) != null) {
                if (found != null && of(found).oid() != of(t).oid()) {
                    return NO_COMMON_TYPE;
                }
                found = t;
            }
            nullable |= t.isNullable();
        }
        if (found == null) {
            return null;
        }
        for (RelDataType t : types) {
            if (of(t) == null && t.getSqlTypeName() != SqlTypeName.NULL
                    && !org.apache.calcite.sql.type.SqlTypeUtil.inCharFamily(t)) {
                return NO_COMMON_TYPE;
            }
        }
        return f.createTypeWithNullability(found, nullable);
    }

    /** The enum type {@code t} is, or null when it is not an enum type. */
    public static EnumTypeDef of(RelDataType t) {
        return t != null && t.getCollation() instanceof EnumCollation e && t.getSqlTypeName() != SqlTypeName.NULL
                ? e.def() : null;
    }

    /** The OID RowDescription reports for {@code t}: the enum type's, else {@code otherwise}. */
    public static int oid(RelDataType t, int otherwise) {
        EnumTypeDef def = of(t);
        return def == null ? otherwise : def.oid();
    }

    /** The enum type OID a column stores, or 0 when it is not an enum column. */
    public static int typeOid(ColumnDef c) {
        return c.enumTypeOid();
    }

    /** The column definition of a column of enum type {@code def}. */
    public static ColumnDef column(String name, EnumTypeDef def, boolean notNull) {
        return new ColumnDef(name, io.tessera.common.types.PgType.TEXT, def.oid(), notNull);
    }

    /** The enum type with that OID among {@code types}, or null. */
    public static EnumTypeDef byOid(Map<String, EnumTypeDef> types, int oid) {
        for (EnumTypeDef t : types.values()) {
            if (t.oid() == oid) {
                return t;
            }
        }
        return null;
    }

    /**
     * The type's name as PostgreSQL's messages print it ({@code format_type_be}): bare when the bound session's
     * search path finds it by that name, else schema-qualified (bare for a {@code public} type on an unbound thread).
     */
    static String displayName(EnumTypeDef def) {
        io.tessera.coordinator.catalog.CatalogSnapshot catalog =
                io.tessera.coordinator.catalog.SearchPath.catalog(null);
        if (catalog == null) {
            return def.schema() == null ? def.name() : def.schemaName() + "." + def.name();
        }
        return EnumTypeDdl.displayName(catalog, def);
    }

    /**
     * The stored form of {@code label} (enum_in).
     *
     * @throws TesseraException 22P02 {@code invalid input value for enum mood: "x"} when the type has no such label
     */
    public static String toKey(EnumTypeDef def, String label) {
        EnumTypeDef.Label l = def.byLabel(label);
        if (l == null) {
            throw new TesseraException(SqlState.INVALID_TEXT_REPRESENTATION,
                    "invalid input value for enum " + displayName(def) + ": \"" + label + "\"");
        }
        if (CatalogStore.isUncommittedEnumLabel(def.oid(), l.sortKey())) {
            throw unsafe(label, displayName(def));
        }
        return l.sortKey();
    }

    /**
     * PostgreSQL's check_safe_enum_use: a label ALTER TYPE ... ADD VALUE made in the open transaction block cannot
     * be used before COMMIT.
     */
    private static TesseraException unsafe(String label, String type) {
        return new TesseraException(SqlState.UNSAFE_NEW_ENUM_VALUE_USAGE, "unsafe use of new value \"" + label
                + "\" of enum type " + type, null, "New enum values must be committed before they can be used.", 0,
                null);
    }

    /** Prefix, in a {@link #mapString}, of the key of a label {@link #unsafe} to use (keys are [0-9A-Za-z]). */
    private static final String UNSAFE = "!";

    /** The label of stored value {@code key} (enum_out); the key itself if no label has it (cannot happen). */
    public static String toLabel(EnumTypeDef def, String key) {
        EnumTypeDef.Label l = def.bySortKey(key);
        return l == null ? key : l.label();
    }

    /**
     * A source value for an enum column (INSERT, COPY): its label's key. Values arrive as labels (string literals,
     * text, results of queries, which carry labels: {@link #labelsOut}).
     *
     * @throws TesseraException 22P02 for a string that is no label; 42804 for a value that is not a string
     */
    public static Object toStored(Object v, ColumnDef c, io.tessera.coordinator.catalog.CatalogSnapshot catalog,
            String database) {
        int oid = typeOid(c);
        if (oid == 0 || v == null) {
            return v;
        }
        EnumTypeDef def = byOid(catalog.types(database), oid);
        if (def == null) {
            throw new TesseraException(SqlState.UNDEFINED_OBJECT, "type with OID " + oid + " does not exist");
        }
        if (!(v instanceof String s)) {
            throw new TesseraException(SqlState.DATATYPE_MISMATCH, "column \"" + c.name() + "\" is of type "
                    + def.name() + " but expression is of another type");
        }
        return toKey(def, s);
    }

    /** A bound parameter's value for a parameter of type {@code t}: an enum's key for a label, else {@code v}. */
    public static Object bindParameter(Object v, RelDataType t) {
        EnumTypeDef def = of(t);
        return def == null || v == null ? v : toKey(def, v.toString());
    }

    /**
     * The labels in place of the keys of a row type's enum columns and enum array columns, or null when it has none.
     *
     * @return for each field, the enum type it or its elements hold, or null
     */
    public static EnumTypeDef[] enumFields(RelDataType rowType) {
        EnumTypeDef[] out = new EnumTypeDef[rowType.getFieldCount()];
        boolean any = false;
        for (int i = 0; i < out.length; i++) {
            RelDataType type = rowType.getFieldList().get(i).getType();
            out[i] = of(type) != null ? of(type) : of(type.getComponentType());
            any |= out[i] != null;
        }
        return any ? out : null;
    }

    /** Replaces, in place, each key of a result row's enum fields (and enum arrays' elements) with its label. */
    public static Object labelsOut(Object row, EnumTypeDef[] fields) {
        if (row instanceof Object[] values) {
            for (int i = 0; i < values.length && i < fields.length; i++) {
                if (fields[i] != null) {
                    values[i] = labelOut(fields[i], values[i]);
                }
            }
            return values;
        }
        return fields[0] != null ? labelOut(fields[0], row) : row;
    }

    private static Object labelOut(EnumTypeDef def, Object value) {
        if (value instanceof String key) {
            return toLabel(def, key);
        }
        if (value instanceof List<?> keys) {
            List<Object> labels = new java.util.ArrayList<>(keys.size());
            for (Object k : keys) {
                labels.add(k instanceof String key ? toLabel(def, key) : k);
            }
            return labels;
        }
        return value;
    }

    /**
     * The labels and keys of {@code def} as one string, the constant argument of the runtime conversions
     * ({@link #enumIn}, {@link #enumOut}) that fragments of compiled code call.
     */
    public static String mapString(EnumTypeDef def) {
        StringBuilder b = new StringBuilder(def.name());
        for (EnumTypeDef.Label l : def.labels()) {
            boolean unsafe = CatalogStore.isUncommittedEnumLabel(def.oid(), l.sortKey());
            b.append(SEP).append(l.label()).append(SEP).append(unsafe ? UNSAFE : "").append(l.sortKey());
        }
        return b.toString();
    }

    private static Map<String, String> parse(String map, boolean labelToKey) {
        return PARSED.computeIfAbsent((labelToKey ? "i" : "o") + map, k -> {
            List<String> parts = List.of(map.split(String.valueOf(SEP), -1));
            Map<String, String> m = new HashMap<>();
            m.put("", parts.get(0));
            for (int i = 1; i + 1 < parts.size(); i += 2) {
                if (labelToKey) {
                    m.put("\u0000" + parts.get(i), parts.get(i + 1));
                } else {
                    m.put("\u0000" + parts.get(i + 1), parts.get(i));
                }
            }
            return m;
        });
    }

    /**
     * Runtime enum_in: text to the key of the enum type described by {@code map} ({@link #mapString}).
     *
     * @throws TesseraException 22P02 when the text is no label of the type
     */
    public static String enumIn(String text, String map) {
        if (text == null) {
            return null;
        }
        Map<String, String> m = parse(map, true);
        String key = m.get("\u0000" + text);
        if (key == null) {
            throw new TesseraException(SqlState.INVALID_TEXT_REPRESENTATION,
                    "invalid input value for enum " + m.get("") + ": \"" + text + "\"");
        }
        if (key.startsWith(UNSAFE)) {
            throw unsafe(text, m.get(""));
        }
        return key;
    }

    /**
     * Runtime of a cast of a text array to an array of the enum type described by {@code map}
     * ({@code array['sad','ok']::mood[]}): each label's key, NULL elements kept.
     *
     * @throws TesseraException 22P02 when an element is no label of the type
     */
    public static List<String> enumArrayIn(List<?> labels, String map) {
        if (labels == null) {
            return null;
        }
        List<String> keys = new java.util.ArrayList<>(labels.size());
        for (Object label : labels) {
            keys.add(label == null ? null : enumIn(label.toString(), map));
        }
        return keys;
    }

    /** Runtime of a cast of an enum array to a text array: each key's label, NULL elements kept. */
    public static List<String> enumArrayOut(List<?> keys, String map) {
        if (keys == null) {
            return null;
        }
        List<String> labels = new java.util.ArrayList<>(keys.size());
        for (Object key : keys) {
            labels.add(key == null ? null : enumOut(key.toString(), map));
        }
        return labels;
    }

    /** Runtime enum_out: a key of the enum type described by {@code map} to its label. */
    public static String enumOut(String key, String map) {
        if (key == null) {
            return null;
        }
        String label = parse(map, false).get("\u0000" + key);
        return label == null ? key : label;
    }

    /** The runtime of {@code enum_range}: {@link #enumRange}. */
    private static final org.apache.calcite.sql.SqlOperator ENUM_RANGE_RUNTIME = new org.apache.calcite.sql.validate
            .SqlUserDefinedFunction(new org.apache.calcite.sql.SqlIdentifier("tessera_enum_range",
            org.apache.calcite.sql.parser.SqlParserPos.ZERO), org.apache.calcite.sql.SqlKind.OTHER_FUNCTION,
            io.tessera.coordinator.sql.functions.TypeFunctions.ENUM_RANGE.getReturnTypeInference(), null,
            org.apache.calcite.sql.type.OperandTypes.operandMetadata(List.of(
                    org.apache.calcite.sql.type.SqlTypeFamily.CHARACTER,
                    org.apache.calcite.sql.type.SqlTypeFamily.CHARACTER,
                    org.apache.calcite.sql.type.SqlTypeFamily.CHARACTER), tf -> List.of(), i -> "arg" + i, i -> false),
            org.apache.calcite.schema.impl.ScalarFunctionImpl.create(EnumValues.class, "enumRange"));

    /**
     * {@code enum_range(e)} or {@code enum_range(lower, upper)} as a call of {@link #enumRange}: each bound its key
     * (a string literal becomes its label's key, NULL an open end), the enum type's labels and keys a constant.
     *
     * @throws TesseraException 42883 when no operand is of an enum type or two are of different ones; 22P02 for a
     *     string literal that is no label
     */
    private static org.apache.calcite.rex.RexNode enumRangeCall(org.apache.calcite.sql2rel.SqlRexContext cx,
            org.apache.calcite.sql.SqlCall c) {
        // the operands' types as converted: a cast to an enum is typed as the enum there ({@code PgRexBuilder})
        List<org.apache.calcite.rex.RexNode> operands = new java.util.ArrayList<>();
        EnumTypeDef def = null;
        boolean mismatch = false;
        List<String> names = new java.util.ArrayList<>();
        for (org.apache.calcite.sql.SqlNode operand : c.getOperandList()) {
            // an untyped literal (NULL, a string) is PostgreSQL's unknown: it takes the other bound's type
            boolean literal = operand instanceof org.apache.calcite.sql.SqlLiteral lit
                    && (lit.getTypeName() == SqlTypeName.NULL || lit.getTypeName() == SqlTypeName.CHAR);
            org.apache.calcite.rex.RexNode rex = literal ? null : cx.convertExpression(operand);
            operands.add(rex);
            EnumTypeDef e = rex == null ? null : of(rex.getType());
            names.add(e != null ? e.name() : literal ? "unknown" : EnumExpressions.typeName(rex.getType()));
            if (e == null && !literal || e != null && def != null && def.oid() != e.oid()) {
                mismatch = true;
            }
            def = e != null ? e : def;
        }
        if (def == null || mismatch) {
            throw new TesseraException(SqlState.UNDEFINED_FUNCTION, "function enum_range(" + String.join(", ", names)
                    + ") does not exist", null, "No function matches the given name and argument types. You might"
                    + " need to add explicit type casts.", 0, null);
        }
        org.apache.calcite.rex.RexBuilder rb = cx.getRexBuilder();
        // an open end is the empty string, no key (a NULL literal would reach the constant reducer as a sentinel)
        List<org.apache.calcite.rex.RexNode> args = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            org.apache.calcite.sql.SqlNode operand = c.operandCount() == 1 ? null : c.operand(i);
            if (operand == null || operands.get(i) instanceof org.apache.calcite.rex.RexLiteral l && l.isNull()) {
                args.add(rb.makeLiteral(""));
            } else if (operands.get(i) == null) { // NULL (open), or a string literal: a label
                org.apache.calcite.sql.SqlLiteral lit = (org.apache.calcite.sql.SqlLiteral) operand;
                args.add(rb.makeLiteral(lit.getTypeName() == SqlTypeName.NULL ? ""
                        : toKey(def, lit.getValueAs(String.class))));
            } else {
                args.add(operands.get(i));
            }
        }
        args.add(rb.makeLiteral(mapString(def)));
        return rb.makeCall(cx.getValidator().getValidatedNodeType(c), ENUM_RANGE_RUNTIME, args);
    }

    /**
     * Runtime enum_range: the keys of the enum type described by {@code map} ({@link #mapString}) in order, from
     * key {@code lower} to key {@code upper} inclusive (null or empty: that end is open) — an array of the enum
     * type, whose elements compare with the type's values and leave as labels ({@link #labelsOut}).
     */
    public static List<String> enumRange(String lower, String upper, String map) {
        lower = lower == null || lower.isEmpty() ? null : lower;
        upper = upper == null || upper.isEmpty() ? null : upper;
        if (lower != null && upper != null && lower.compareTo(upper) > 0) {
            return List.of();
        }
        List<String> parts = List.of(map.split(String.valueOf(SEP), -1));
        java.util.TreeMap<String, String> byKey = new java.util.TreeMap<>();
        java.util.Set<String> unsafe = new java.util.HashSet<>();
        for (int i = 1; i + 1 < parts.size(); i += 2) {
            String key = parts.get(i + 1);
            if (key.startsWith(UNSAFE)) {
                key = key.substring(UNSAFE.length());
                unsafe.add(key);
            }
            byKey.put(key, parts.get(i));
        }
        java.util.NavigableMap<String, String> range = byKey;
        if (lower != null) {
            range = range.tailMap(lower, true);
        }
        if (upper != null) {
            range = range.headMap(upper, true);
        }
        for (Map.Entry<String, String> e : range.entrySet()) {
            if (unsafe.contains(e.getKey())) {
                throw unsafe(e.getValue(), parts.get(0));
            }
        }
        return List.copyOf(range.keySet());
    }

    /**
     * The conversion of a cast or comparison with an enum operand or target ({@code EnumExpressions}, through
     * {@code PgRexBuilder}): operands converted as they are, without Calcite's casts to a common type, which would
     * turn another enum or text into this enum; {@code otherwise} for anything else.
     */
    public static SqlRexConvertlet convertlet(org.apache.calcite.sql.SqlCall call,
            SqlRexConvertlet otherwise) {
        if (call.getOperator() == io.tessera.coordinator.sql.functions.TypeFunctions.ENUM_FIRST
                || call.getOperator() == io.tessera.coordinator.sql.functions.TypeFunctions.ENUM_LAST) {
            boolean first = call.getOperator() == io.tessera.coordinator.sql.functions.TypeFunctions.ENUM_FIRST;
            return (cx, c) -> {
                RelDataType type = cx.getValidator().getValidatedNodeType(c);
                EnumTypeDef def = of(type);
                if (def == null) {
                    throw new TesseraException(SqlState.UNDEFINED_FUNCTION, "function " + (first ? "enum_first"
                            : "enum_last") + "(" + EnumExpressions.typeName(type) + ") does not exist", null,
                            "No function matches the given name and argument types. You might need to add explicit"
                            + " type casts.", 0, null);
                }
                if (def.labels().isEmpty()) {
                    throw new TesseraException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE,
                            "enum " + def.name() + " contains no values");
                }
                EnumTypeDef.Label l = def.labels().get(first ? 0 : def.labels().size() - 1);
                return ((PgRexBuilder) cx.getRexBuilder()).enumLiteral(toKey(def, l.label()), type);
            };
        }
        if (call.getOperator() == io.tessera.coordinator.sql.functions.TypeFunctions.ENUM_RANGE) {
            return EnumValues::enumRangeCall;
        }
        if (call.getOperator().getName().equalsIgnoreCase("array_to_string") && call.operandCount() > 0) {
            return (cx, c) -> arrayToString(cx, c, otherwise);
        }
        org.apache.calcite.sql.SqlKind kind = call.getKind();
        boolean cast = kind == org.apache.calcite.sql.SqlKind.CAST;
        boolean comparison = kind.belongsTo(org.apache.calcite.sql.SqlKind.COMPARISON)
                || kind == org.apache.calcite.sql.SqlKind.IS_DISTINCT_FROM
                || kind == org.apache.calcite.sql.SqlKind.IS_NOT_DISTINCT_FROM;
        if (call.operandCount() != 2 || !cast && !comparison) {
            return otherwise;
        }
        return (cx, c) -> {
            org.apache.calcite.sql.validate.SqlValidator v = cx.getValidator();
            RelDataType a = v.getValidatedNodeTypeIfKnown(c.operand(0));
            RelDataType b = cast ? v.getValidatedNodeTypeIfKnown(c) : v.getValidatedNodeTypeIfKnown(c.operand(1));
            if (a == null || b == null || of(a) == null && of(b) == null && !RegtypeValues.is(a)
                    && !RegtypeValues.is(b)
                    && (!cast || of(a.getComponentType()) == null && of(b.getComponentType()) == null)) {
                return otherwise != null ? otherwise.convertCall(cx, c)
                        : org.apache.calcite.sql2rel.StandardConvertletTable.INSTANCE.convertCall(cx, c);
            }
            if (cast) {
                return cx.getRexBuilder().makeCast(b, cx.convertExpression(c.operand(0)));
            }
            return cx.getRexBuilder().makeCall(c.getOperator(), cx.convertExpression(c.operand(0)),
                    cx.convertExpression(c.operand(1)));
        };
    }

    /**
     * {@code array_to_string(a, ...)} of an enum array: of its labels (its keys cast to text[],
     * {@code EnumExpressions}); of any other array as {@code otherwise} converts it.
     */
    private static org.apache.calcite.rex.RexNode arrayToString(org.apache.calcite.sql2rel.SqlRexContext cx,
            org.apache.calcite.sql.SqlCall c, SqlRexConvertlet otherwise) {
        RelDataType array = cx.getValidator().getValidatedNodeTypeIfKnown(c.operand(0));
        if (array == null || of(array.getComponentType()) == null) {
            return otherwise != null ? otherwise.convertCall(cx, c)
                    : org.apache.calcite.sql2rel.StandardConvertletTable.INSTANCE.convertCall(cx, c);
        }
        RelDataTypeFactory f = cx.getTypeFactory();
        RelDataType text = f.createTypeWithNullability(f.createArrayType(
                f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true), -1), array.isNullable());
        List<org.apache.calcite.rex.RexNode> operands = new java.util.ArrayList<>();
        for (org.apache.calcite.sql.SqlNode operand : c.getOperandList()) {
            operands.add(cx.convertExpression(operand));
        }
        operands.set(0, cx.getRexBuilder().makeCast(text, operands.get(0)));
        return cx.getRexBuilder().makeCall(cx.getValidator().getValidatedNodeType(c), c.getOperator(), operands);
    }

    /** {@code table} with {@link #convertlet(org.apache.calcite.sql.SqlCall, SqlRexConvertlet)} for enum operands. */
    public static org.apache.calcite.sql2rel.SqlRexConvertletTable convertlet(
            org.apache.calcite.sql2rel.SqlRexConvertletTable table) {
        return call -> convertlet(call, table.get(call));
    }
}
