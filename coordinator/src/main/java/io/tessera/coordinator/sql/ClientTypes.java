package io.tessera.coordinator.sql;

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
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * The PostgreSQL types a query's result columns have where Calcite's type cannot tell them apart from another
 * PostgreSQL type, for RowDescription: Calcite has one VARCHAR for {@code text} and {@code name}, CHAR(1) for
 * {@code character(1)} and {@code "char"}, and no {@code regtype}, {@code void} or {@code xid8}. The values are the
 * same either way (their text form is what the client reads); the type OID is what a client's metadata shows
 * (pgjdbc's {@code ResultSetMetaData.getColumnTypeName}: {@code name}, {@code char}, {@code regtype}, ...).
 *
 * <p>Found on the converted query, by column: a column taken as it is from a system catalog column of type
 * {@code name} (oid 19) or {@code "char"} (oid 18) (its one column origin, not derived: through sub-queries, joins
 * and aliases), or a select-list item that is a call of {@code current_user}, {@code session_user}, {@code user},
 * {@code current_role}, {@code current_schema()}, {@code current_database()} (name), {@code pg_typeof} (regtype,
 * 2206), {@code pg_sleep} (void, 2278) or {@code pg_current_xact_id[_if_assigned]()} (xid8, 5069), or a cast to
 * {@code oid} (26; the engine computes oids as int4), also under {@code min}/{@code max}. An expression
 * over them ({@code relkind || ''}, {@code upper(current_user)}) has the type Calcite gives it, as in PostgreSQL
 * where such operators return text.
 */
final class ClientTypes {
    /** oid of {@code "char"}. */
    static final int CHAR = 18;
    /** oid of {@code name}. */
    static final int NAME = 19;
    /** oid of {@code oid}. */
    static final int OID = 26;

    private static final Map<String, Integer> FUNCTIONS = Map.of("current_user", NAME, "session_user", NAME,
            "user", NAME, "current_role", NAME, "current_schema", NAME, "current_database", NAME,
            "pg_typeof", 2206, "pg_sleep", 2278, "pg_current_xact_id", 5069, "pg_current_xact_id_if_assigned", 5069);

    private ClientTypes() {
    }

    /** pg_type.typlen of a type {@link #of} reports. */
    static int typlen(int oid) {
        return switch (oid) {
            case CHAR -> 1;
            case NAME -> 64;
            case 5069 -> 8;
            default -> 4; // regtype, void
        };
    }

    /**
     * The client type OID of each result column of {@code validated} where it differs from the one its Calcite
     * type maps to ({@link TypeMapping#toPgType}), 0 elsewhere; null when no column has one.
     */
    static int[] of(SqlValidator validator, SqlNode validated, org.apache.calcite.rel.RelRoot root) {
        int n = root.fields.size();
        int[] out = new int[n];
        boolean any = false;
        org.apache.calcite.rel.metadata.RelMetadataQuery mq = root.rel.getCluster().getMetadataQuery();
        for (int i = 0; i < n; i++) {
            java.util.Set<org.apache.calcite.rel.metadata.RelColumnOrigin> origins;
            try {
                origins = mq.getColumnOrigins(root.rel, root.fields.get(i).getKey());
            } catch (RuntimeException notTraceable) {
                origins = null;
            }
            if (origins != null && origins.size() == 1) {
                out[i] = catalogColumnOid(origins.iterator().next());
                any |= out[i] != 0;
            }
        }
        SqlNode query = validated instanceof SqlOrderBy o ? o.query : validated;
        if (query instanceof SqlSelect select && select.getSelectList().size() == n
                && validator.getValidatedNodeType(validated).getFieldCount() == n) {
            for (int i = 0; i < n; i++) {
                SqlNode item = select.getSelectList().get(i);
                if (item.getKind() == SqlKind.AS) {
                    item = ((SqlCall) item).operand(0);
                }
                if (item instanceof SqlBasicCall call) {
                    Integer oid = FUNCTIONS.get(call.getOperator().getName().toLowerCase(Locale.ROOT));
                    if (oid == null && (isOidCast(call) || (call.getKind() == SqlKind.MIN
                            || call.getKind() == SqlKind.MAX) && call.operandCount() == 1
                            && call.operand(0) instanceof SqlBasicCall arg && isOidCast(arg))) {
                        oid = OID; // x::oid, and min/max of a regtype (TesseraValidator casts its argument to oid)
                    }
                    if (oid != null) {
                        out[i] = oid;
                        any = true;
                    }
                }
            }
        }
        return any ? out : null;
    }

    private static boolean isOidCast(SqlBasicCall call) {
        return call.getKind() == SqlKind.CAST && call.operandCount() == 2
                && call.operand(1) instanceof CatalogSyntax.OidSpec;
    }

    /** 19 or 18 when {@code origin} is a catalog table's name or "char" column taken as it is. */
    private static int catalogColumnOid(org.apache.calcite.rel.metadata.RelColumnOrigin origin) {
        CatalogTable catalog = origin.isDerived() ? null : origin.getOriginTable().unwrap(CatalogTable.class);
        int column = origin.getOriginColumnOrdinal();
        if (catalog == null || column >= catalog.columns().size()) {
            return 0;
        }
        CatalogTable.Type type = catalog.columns().get(column).type();
        return type == CatalogTable.Type.NAME ? NAME : type == CatalogTable.Type.CHAR ? CHAR : 0;
    }
}
