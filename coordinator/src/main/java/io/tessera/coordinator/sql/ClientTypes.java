package io.tessera.coordinator.sql;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.pgcatalog.CatalogSyntax;
import io.tessera.coordinator.catalog.pgcatalog.CatalogTable;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * The PostgreSQL types a query's result columns have where Calcite's type cannot tell them apart from another
 * PostgreSQL type, for RowDescription: Calcite has one VARCHAR for {@code text} and {@code name}, CHAR(1) for
 * {@code character(1)} and {@code "char"}, and no {@code regtype}, {@code void} or {@code xid8}. The values are the
 * same either way (their text form is what the client reads); the type OID is what a client's metadata shows
 * (pgjdbc's {@code ResultSetMetaData.getColumnTypeName}: {@code name}, {@code char}, {@code regtype}, ...).
 *
 * <p>Found on the converted query, by column: a column taken as it is from a system catalog column of type
 * {@code name} (oid 19), {@code "char"} (oid 18) or {@code oid} (26) (its one column origin, not derived: through
 * sub-queries, joins and aliases), or a select-list item that is a call of {@code current_user},
 * {@code session_user}, {@code user}, {@code current_role}, {@code current_schema()}, {@code current_database()}
 * (name), {@code pg_typeof} (regtype, 2206), {@code pg_sleep} and the advisory lock functions (void, 2278) or
 * {@code pg_current_xact_id[_if_assigned]()} (xid8, 5069), or a cast to {@code oid} (26; the engine computes oids
 * as int4), also under {@code min}/{@code max}, or to {@code "char"} (18) or {@code name} (19). An expression
 * over them ({@code relkind || ''}, {@code upper(current_user)}) has the type Calcite gives it, as in PostgreSQL
 * where such operators return text.
 *
 * <p>Also with a typmod ({@link Types}): a column taken as it is from a table's json (114), jsonb (3802), varchar
 * (1043, typmod n + 4, or -1 unbounded, which Calcite's type cannot tell from text) or numeric(p,s) column (1700,
 * typmod {@code ((p << 16) | s) + 4}, which an expression's numeric lacks), but only in a query without a cast to a
 * string or numeric type: Calcite drops a cast to the type a value has already ({@code j::text},
 * {@code vu::varchar}, {@code n::numeric}), which leaves the column origin as if there were no cast, while PostgreSQL
 * reports the cast's type. A select item that is a cast to json, jsonb, varchar or numeric(p,s) reports that type.
 * Likewise a table's {@code time(p)}, {@code timestamp(p)} and {@code timestamptz(p)} column reports typmod p (a
 * timestamp's unless the query casts to a timestamp of the engine's precision, a cast Calcite drops), and a select
 * item {@code x::time(p)}, {@code x::timestamp(p)} typmod p: CREATE TABLE AS keeps them as PostgreSQL does.
 */
public final class ClientTypes {
    /** oid of {@code "char"}. */
    static final int CHAR = 18;
    /** oid of {@code name}. */
    static final int NAME = 19;
    /** oid of {@code oid}. */
    static final int OID = 26;
    /** The largest precision of time and timestamp (PostgreSQL's MAX_TIME_PRECISION, MAX_TIMESTAMP_PRECISION). */
    static final int MAX_TIME_PRECISION = 6;
    /** oid of {@code void}, the result of pg_sleep, setseed and the advisory lock functions. */
    static final int VOID = 2278;
    /** oid of {@code record}, an anonymous row type ({@link RecordOutput}). */
    static final int RECORD = 2249;

    private static final Map<String, Integer> FUNCTIONS = withVoid(Map.of("current_user", NAME, "session_user", NAME,
            "user", NAME, "current_role", NAME, "current_schema", NAME, "current_database", NAME,
            "pg_typeof", 2206, "pg_sleep", 2278, "pg_current_xact_id", 5069, "pg_current_xact_id_if_assigned", 5069),
            "pg_advisory_lock", "pg_advisory_lock_shared", "pg_advisory_xact_lock", "pg_advisory_xact_lock_shared",
            "pg_advisory_unlock_all", "setseed");

    /** {@code functions} and the advisory lock functions that return void (2278), as {@code pg_sleep}. */
    private static Map<String, Integer> withVoid(Map<String, Integer> functions, String... voids) {
        Map<String, Integer> all = new java.util.HashMap<>(functions);
        for (String v : voids) {
            all.put(v, VOID);
        }
        return Map.copyOf(all);
    }

    private ClientTypes() {
    }

    /**
     * The RowDescription overrides of a query's columns: per column a type OID (0: the one its Calcite type maps to,
     * {@link TypeMapping#toPgType}) and the typmod reported with it (-1: none).
     */
    record Types(int[] oids, int[] typmods) {
    }

    /** pg_type.typlen of a type {@link #of} reports. */
    static int typlen(int oid) {
        return switch (oid) {
            case CHAR -> 1;
            case NAME -> 64;
            case OID -> 4;
            case 5069 -> 8;
            case 114, 3802, 1043, 1042, 25, 1700, RECORD -> -1; // json, jsonb, varchar, bpchar, text, numeric, record
            case 1009, 1015, 1014, 1003 -> -1; // text[], varchar[], bpchar[], name[]
            case 1083, 1114, 1184 -> 8; // time, timestamp, timestamptz
            default -> 4; // regtype, void
        };
    }

    /**
     * The client type of each result column of {@code validated} where it differs from the one its Calcite type
     * maps to ({@link TypeMapping#toPgType}, {@link TypeMapping#typmod}); null when no column has one.
     */
    static Types of(SqlValidator validator, SqlNode validated, org.apache.calcite.rel.RelRoot root) {
        int n = root.fields.size();
        int[] out = new int[n];
        int[] typmods = new int[n];
        java.util.Arrays.fill(typmods, -1);
        boolean any = false;
        boolean casts = castsToStringOrNumber(validator, validated);
        SqlNode query = validated instanceof org.apache.calcite.sql.SqlWith with ? with.body : validated;
        query = query instanceof SqlOrderBy o ? o.query : query;
        java.util.List<SqlNode> items = query instanceof SqlSelect select ? expandedSelectList(validator, select)
                : null;
        boolean timestampCasts = castsToTimestamp(validator, validated, items != null && items.size() == n ? items : null);
        org.apache.calcite.rel.metadata.RelMetadataQuery mq = root.rel.getCluster().getMetadataQuery();
        for (int i = 0; i < n; i++) {
            java.util.Set<org.apache.calcite.rel.metadata.RelColumnOrigin> origins;
            try {
                origins = mq.getColumnOrigins(root.rel, root.fields.get(i).getKey());
            } catch (RuntimeException notTraceable) {
                origins = null;
            }
            if (origins != null && origins.size() == 1) {
                org.apache.calcite.rel.metadata.RelColumnOrigin origin = origins.iterator().next();
                out[i] = catalogColumnOid(origin);
                ColumnDef column = out[i] == 0 ? tableColumn(origin) : null;
                int oid = column == null ? 0 : tableColumnOid(column);
                if (oid != 0 && !(isTimestamp(oid) ? timestampCasts : casts)) {
                    out[i] = oid;
                    typmods[i] = column.typmod();
                }
                any |= out[i] != 0;
            }
        }
        if (query instanceof SqlSelect select && items.size() == n
                && validator.getValidatedNodeType(validated).getFieldCount() == n) {
            for (int i = 0; i < n; i++) {
                SqlNode item = items.get(i);
                if (item.getKind() == SqlKind.AS) {
                    item = ((SqlCall) item).operand(0);
                }
                // a json or jsonb function's or operator's result, or a column of one read through a sub-query
                PgType json = item instanceof SqlBasicCall || item instanceof org.apache.calcite.sql.SqlIdentifier
                        ? io.tessera.coordinator.sql.functions.JsonFunctions.kind(item, selectScope(validator, select))
                        : null;
                if (json != null) {
                    // a json or jsonb function's or operator's result (JsonFunctions.kind)
                    out[i] = json.oid();
                    typmods[i] = -1;
                    any = true;
                    continue;
                }
                if (item instanceof SqlBasicCall call) {
                    Integer oid = FUNCTIONS.get(call.getOperator().getName().toLowerCase(Locale.ROOT));
                    if (oid == null && call.getOperator().getName().equalsIgnoreCase(RecordOutput.OUT)) {
                        oid = RECORD;
                    }
                    if (oid == null && isCast(call, CatalogSyntax.CharSpec.class)) {
                        oid = CHAR;
                    }
                    if (oid == null && isCast(call, CatalogSyntax.NameSpec.class)) {
                        oid = NAME;
                    }
                    if (oid == null && (isOidCast(call) || (call.getKind() == SqlKind.MIN
                            || call.getKind() == SqlKind.MAX) && call.operandCount() == 1
                            && call.operand(0) instanceof SqlBasicCall arg && isOidCast(arg))) {
                        oid = OID; // x::oid, and min/max of a regtype (TesseraValidator casts its argument to oid)
                    }
                    if (oid == null && call.getKind() == SqlKind.CAST && call.operandCount() == 2) {
                        oid = castOid(validator, call, typmods, i);
                    }
                    int timePrecision = io.tessera.coordinator.sql.functions.IntervalFunctions.timeCastPrecision(call);
                    if (oid == null && timePrecision >= 0) {
                        oid = PgType.TIME.oid(); // x::time(p): time with typmod p
                        typmods[i] = timePrecision;
                    }
                    if (oid != null) {
                        out[i] = oid;
                        any = true;
                        continue;
                    } else if (call.getKind() == SqlKind.CAST) {
                        out[i] = 0; // a catalog column cast to another type (oid::int4) is of that type
                    }
                }
                any |= stringType(out, typmods, i, StringTyping.of(validator, selectScope(validator, select), item));
                StringTyping.StringType element = out[i] != 0 ? null
                        : StringTyping.arrayElement(validator, selectScope(validator, select), item);
                if (element != null && element.type() == PgType.TEXT) { // ARRAY['a', 'b']: text[], not bpchar[]
                    out[i] = StringTyping.arrayOid(element);
                    typmods[i] = -1;
                    any = true;
                }
            }
        } else if (query != null && !(query instanceof SqlSelect) && root.validatedRowType.getFieldCount() == n) {
            for (int i = 0; i < n; i++) { // VALUES, a set operation
                if (out[i] == 0 && SqlTypeName.CHAR_TYPES.contains(root.validatedRowType.getFieldList().get(i).getType()
                        .getSqlTypeName())) {
                    any |= stringType(out, typmods, i, StringTyping.ofColumn(validator, query, i));
                }
            }
        }
        return any ? new Types(out, typmods) : null;
    }

    /**
     * {@code columns}, the RowDescription of the select list {@code validated} made from its Calcite types, with
     * the string columns given the types PostgreSQL gives them ({@link StringTyping}): a RETURNING list's
     * ({@code returning '[' || c || ']'} is text, not Calcite's char(n)), and json and jsonb columns theirs.
     */
    static java.util.List<io.tessera.coordinator.session.Column> withStringTypes(SqlValidator validator,
            SqlNode validated, java.util.List<io.tessera.coordinator.session.Column> columns) {
        if (!(validated instanceof SqlSelect select)) {
            return columns;
        }
        java.util.List<SqlNode> items = expandedSelectList(validator, select);
        if (items == null || items.size() != columns.size()) {
            return columns;
        }
        java.util.List<io.tessera.coordinator.session.Column> out = new java.util.ArrayList<>(columns);
        for (int i = 0; i < items.size(); i++) {
            SqlNode item = items.get(i).getKind() == SqlKind.AS ? ((SqlCall) items.get(i)).operand(0) : items.get(i);
            io.tessera.coordinator.session.Column c = columns.get(i);
            if (c.typeOid() != PgType.BPCHAR.oid() && c.typeOid() != PgType.VARCHAR.oid()
                    && c.typeOid() != PgType.TEXT.oid()) {
                continue;
            }
            PgType json = item instanceof SqlBasicCall || item instanceof org.apache.calcite.sql.SqlIdentifier
                    ? io.tessera.coordinator.sql.functions.JsonFunctions.kind(item, selectScope(validator, select))
                    : null;
            if (json != null) { // a jsonb column or a json operator's result: text to Calcite
                out.set(i, new io.tessera.coordinator.session.Column(c.name(), json.oid(), -1, -1, c.tableOid(),
                        c.columnNumber()));
                continue;
            }
            StringTyping.StringType t = StringTyping.of(validator, selectScope(validator, select), item);
            if (t != null) {
                t = t.resolved();
                out.set(i, new io.tessera.coordinator.session.Column(c.name(), t.type().oid(), t.typmod(),
                        typlen(t.type().oid()), c.tableOid(), c.columnNumber()));
            }
        }
        return out;
    }

    /** Sets column {@code i} to string type {@code t} ({@link StringTyping}) when there is one. */
    private static boolean stringType(int[] out, int[] typmods, int i, StringTyping.StringType t) {
        if (t == null) {
            return false;
        }
        out[i] = t.resolved().type().oid();
        typmods[i] = t.resolved().typmod();
        return true;
    }

    /** The select list of {@code select} with its stars expanded, as the validator expanded them. */
    private static java.util.List<SqlNode> expandedSelectList(SqlValidator validator, SqlSelect select) {
        org.apache.calcite.sql.validate.SelectScope scope;
        try {
            scope = validator.getRawSelectScope(select);
        } catch (RuntimeException notValidated) {
            scope = null;
        }
        return scope != null && scope.getExpandedSelectList() != null ? scope.getExpandedSelectList()
                : select.getSelectList().getList();
    }

    /**
     * json, jsonb, unbounded varchar, numeric(p,s) or timestamp[tz](p) (setting {@code typmods[i]}) for a cast to
     * one of them, else null.
     */
    private static Integer castOid(SqlValidator validator, SqlBasicCall cast, int[] typmods, int i) {
        if (cast.operand(1) instanceof org.apache.calcite.sql.SqlDataTypeSpec spec
                && spec.getTypeNameSpec() instanceof io.tessera.sql.parser.ddl.PgTypeName.Named named) {
            if (named.pgName().equals("json")) {
                return PgType.JSON.oid();
            }
            if (named.pgName().equals("jsonb")) {
                return PgType.JSONB.oid();
            }
            if (named.pgName().equals("varchar") && named.getPrecision() < 0) {
                return PgType.VARCHAR.oid(); // unbounded: Calcite's VARCHAR maps to text
            }
        }
        if (cast.operand(1) instanceof org.apache.calcite.sql.SqlDataTypeSpec spec
                && spec.getTypeNameSpec() instanceof org.apache.calcite.sql.SqlBasicTypeNameSpec basic
                && basic.getPrecision() >= 0) {
            // timestamp(p), timestamptz(p) (also SqlValueFunctions' current_timestamp(p)): typmod p
            org.apache.calcite.sql.type.SqlTypeName name = validatedTypeName(validator, cast);
            if (name == org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP
                    || name == org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
                typmods[i] = Math.min(basic.getPrecision(), MAX_TIME_PRECISION);
                return (name == org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP ? PgType.TIMESTAMP
                        : PgType.TIMESTAMPTZ).oid();
            }
        }
        org.apache.calcite.rel.type.RelDataType type;
        try {
            type = validator.getValidatedNodeType(cast);
        } catch (RuntimeException notValidated) {
            return null;
        }
        int typmod = TypeMapping.castTypmod(type);
        if (type.getSqlTypeName() != org.apache.calcite.sql.type.SqlTypeName.DECIMAL || typmod < 0) {
            return null;
        }
        typmods[i] = typmod;
        return PgType.NUMERIC.oid();
    }

    /** The SQL type name {@code node} validated as, or null. */
    private static org.apache.calcite.sql.type.SqlTypeName validatedTypeName(SqlValidator validator, SqlNode node) {
        try {
            return validator.getValidatedNodeType(node).getSqlTypeName();
        } catch (RuntimeException notValidated) {
            return null;
        }
    }

    /**
     * Whether {@code validated} holds a cast to {@code timestamp} or {@code timestamptz} of the engine's precision
     * other than a select item of the query itself ({@code items}, whose casts {@link #of} reads): Calcite drops it
     * from a column of that type ({@code ts::timestamp} of a {@code timestamp(3)} column), whose typmod PostgreSQL
     * does not report through the cast.
     */
    private static boolean castsToTimestamp(SqlValidator validator, SqlNode validated, java.util.List<SqlNode> items) {
        java.util.Set<SqlNode> top = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (SqlNode item : items == null ? java.util.List.<SqlNode>of() : items) {
            top.add(item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item);
        }
        boolean[] found = {false};
        validated.accept(new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call.getKind() == SqlKind.CAST && !top.contains(call)) {
                    org.apache.calcite.rel.type.RelDataType t;
                    org.apache.calcite.sql.type.SqlTypeName from;
                    try {
                        t = validator.getValidatedNodeType(call);
                    } catch (RuntimeException notValidated) {
                        t = null;
                    }
                    org.apache.calcite.rel.type.RelDataType operand = validator.getValidatedNodeTypeIfKnown(
                            call.operand(0));
                    from = operand == null ? null : operand.getSqlTypeName();
                    // only a cast of a timestamp to its own type is dropped ('2000-01-01'::timestamp is not)
                    found[0] |= t == null || t.getSqlTypeName() == from
                            && (from == org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP
                                    || from == org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE)
                            && t.getPrecision() == PgTypeSystem.timestampPrecision();
                }
                return super.visit(call);
            }
        });
        return found[0];
    }

    private static boolean isTimestamp(int oid) {
        return oid == PgType.TIMESTAMP.oid() || oid == PgType.TIMESTAMPTZ.oid();
    }

    /**
     * Whether {@code validated} holds a cast to a string or numeric type anywhere (one Calcite may have dropped:
     * see the class comment).
     */
    private static boolean castsToStringOrNumber(SqlValidator validator, SqlNode validated) {
        boolean[] found = {false};
        validated.accept(new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call.getKind() == SqlKind.CAST && !(call.operand(1) instanceof org.apache.calcite.sql.SqlDataTypeSpec
                        spec && spec.getTypeNameSpec() instanceof io.tessera.sql.parser.ddl.PgTypeName.Named named
                        && (named.pgName().equals("json") || named.pgName().equals("jsonb")))) {
                    org.apache.calcite.sql.type.SqlTypeName t;
                    try {
                        t = validator.getValidatedNodeType(call).getSqlTypeName();
                    } catch (RuntimeException notValidated) {
                        t = null;
                    }
                    found[0] |= t == null || org.apache.calcite.sql.type.SqlTypeName.CHAR_TYPES.contains(t)
                            || t == org.apache.calcite.sql.type.SqlTypeName.DECIMAL;
                }
                return super.visit(call);
            }
        });
        return found[0];
    }

    private static org.apache.calcite.sql.validate.SqlValidatorScope selectScope(SqlValidator validator,
            SqlSelect select) {
        try {
            return validator.getSelectScope(select);
        } catch (RuntimeException noScope) {
            return null;
        }
    }

    /** The column of a Tessera table that {@code origin} takes as it is, or null. */
    private static ColumnDef tableColumn(org.apache.calcite.rel.metadata.RelColumnOrigin origin) {
        io.tessera.coordinator.sql.schema.TesseraTable table = origin.isDerived() ? null
                : origin.getOriginTable().unwrap(io.tessera.coordinator.sql.schema.TesseraTable.class);
        int column = origin.getOriginColumnOrdinal();
        return table == null || column >= table.def().columns().size() ? null : table.def().columns().get(column);
    }

    /**
     * The OID a table's json, jsonb, varchar, numeric, time(p) or timestamp[tz](p) column reports, where Calcite's
     * type loses it (or its typmod); else 0.
     */
    private static int tableColumnOid(ColumnDef c) {
        if (EnumValues.typeOid(c) != 0) {
            return 0;
        }
        return switch (c.type()) {
            case JSON, JSONB, VARCHAR, NUMERIC -> c.type().oid();
            case TIME, TIMESTAMP, TIMESTAMPTZ -> c.typmod() >= 0 ? c.type().oid() : 0; // time(p), timestamp(p)
            default -> c.type().isArray() ? c.type().oid() : 0; // _varchar, _uuid, _jsonb: Calcite's array of text
        };
    }

    private static boolean isOidCast(SqlBasicCall call) {
        return isCast(call, CatalogSyntax.OidSpec.class);
    }

    /** Whether {@code node} is a cast whose type is written as {@code spec} ({@code CatalogSyntax}'s markers). */
    static boolean isCast(SqlNode node, Class<? extends org.apache.calcite.sql.SqlDataTypeSpec> spec) {
        return node instanceof SqlCall call && call.getKind() == SqlKind.CAST && call.operandCount() == 2
                && spec.isInstance(call.operand(1));
    }

    /**
     * 19, 18 or 26 when {@code origin} is a catalog table's name, "char" or oid column taken as it is
     * ({@link CatalogTable.Type#clientOid}).
     */
    static int catalogColumnOid(org.apache.calcite.rel.metadata.RelColumnOrigin origin) {
        CatalogTable catalog = origin.isDerived() ? null : origin.getOriginTable().unwrap(CatalogTable.class);
        int column = origin.getOriginColumnOrdinal();
        if (catalog == null || column >= catalog.columns().size()) {
            return 0;
        }
        return catalog.columns().get(column).type().clientOid();
    }

    /** A validator that knows the types of {@code pg_typeof} calls of catalog columns. */
    public interface TypeofOids {
        /** The pg_type OID {@code pg_typeof} call {@code call} gives, when the validator knows it; else 0. */
        int typeofOid(SqlNode call);
    }

    /**
     * The pg_type OID {@code pg_typeof} gives for {@code call}'s argument where its Calcite type would say another:
     * a cast to {@code oid}, {@code name} or {@code "char"} ({@code CatalogSyntax}'s markers), a catalog column
     * ({@link #catalogColumnTypeOid}, as {@code validator} noted it); 0 otherwise.
     */
    public static int typeofOid(org.apache.calcite.sql.validate.SqlValidator validator, SqlCall call) {
        SqlNode arg = call.operand(0);
        int cast = isCast(arg, CatalogSyntax.OidSpec.class) ? OID : isCast(arg, CatalogSyntax.CharSpec.class) ? CHAR
                : isCast(arg, CatalogSyntax.NameSpec.class) ? NAME : 0;
        if (cast == 0 && arg instanceof SqlCall c && FUNCTIONS.getOrDefault(
                c.getOperator().getName().toLowerCase(java.util.Locale.ROOT), 0) == VOID) {
            return VOID; // pg_sleep, setseed, the advisory locks: their Calcite type is the text of the empty value
        }
        return cast != 0 ? cast : validator instanceof TypeofOids t ? t.typeofOid(call) : 0;
    }

    /** Catalog columns that are regproc in PostgreSQL (they hold the function's name in Tessera). */
    private static final java.util.Set<String> REGPROC_COLUMNS = java.util.Set.of("amhandler", "typinput",
            "typoutput", "typreceive", "typsend", "typmodin", "typmodout", "typanalyze", "aggfnoid",
            "aggtransfn", "aggfinalfn");

    /**
     * PostgreSQL's type of catalog column {@code c}, where Calcite's does not tell it: name, "char" and oid
     * ({@link CatalogTable.Type#clientOid}), regproc (24), int2vector (22: {@code indkey}, {@code indoption}),
     * oidvector (30: {@code indclass}, {@code indcollation}, {@code proargtypes}), aclitem[] (1034: {@code relacl}
     * and the other {@code *acl} columns); 0 for the others.
     */
    static int catalogColumnTypeOid(CatalogTable.Col c) {
        String n = c.name();
        if (REGPROC_COLUMNS.contains(n) && c.type() == CatalogTable.Type.TEXT) {
            return 24;
        }
        if (c.type() == CatalogTable.Type.INT2_ARRAY && (n.equals("indkey") || n.equals("indoption"))) {
            return 22;
        }
        if (c.type() == CatalogTable.Type.OID_ARRAY && (n.equals("indclass") || n.equals("indcollation")
                || n.equals("proargtypes"))) {
            return 30;
        }
        if (c.type() == CatalogTable.Type.TEXT_ARRAY && n.endsWith("acl")) {
            return 1034;
        }
        return c.type().clientOid();
    }
}

