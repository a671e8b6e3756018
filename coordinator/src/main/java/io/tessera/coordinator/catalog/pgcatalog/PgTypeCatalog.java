package io.tessera.coordinator.catalog.pgcatalog;

import java.util.ArrayList;
import java.util.List;

/**
 * The types {@code pg_type} lists: the base types Tessera stores, the catalog's own types ({@code name},
 * {@code oid}, {@code "char"}, the reg* types, {@code int2vector}, {@code oidvector}) and their array types, with
 * PostgreSQL 15's OIDs and attributes (from {@code src/include/catalog/pg_type.dat}).
 */
public final class PgTypeCatalog {
    /**
     * One pg_type row.
     *
     * @param oid the type's OID
     * @param name typname
     * @param len typlen (-1 variable)
     * @param byVal typbyval
     * @param category typcategory
     * @param elem typelem (0 unless an array or vector)
     * @param array typarray (0 when none)
     * @param align typalign
     * @param storage typstorage
     * @param collatable whether typcollation is the default collation
     * @param formatName what format_type prints
     */
    public record TypeRow(int oid, String name, int len, boolean byVal, char category, int elem, int array,
            char align, char storage, boolean collatable, String formatName) {
    }

    private static final List<TypeRow> TYPES;

    static {
        List<TypeRow> t = new ArrayList<>();
        base(t, 16, "bool", 1, true, 'B', 1000, 'c', 'p', false, "boolean");
        base(t, 17, "bytea", -1, false, 'U', 1001, 'i', 'x', false, "bytea");
        base(t, 18, "char", 1, true, 'Z', 1002, 'c', 'p', false, "\"char\"");
        base(t, 19, "name", 64, false, 'S', 1003, 'c', 'p', true, "name");
        base(t, 20, "int8", 8, true, 'N', 1016, 'd', 'p', false, "bigint");
        base(t, 21, "int2", 2, true, 'N', 1005, 's', 'p', false, "smallint");
        t.add(new TypeRow(22, "int2vector", -1, false, 'A', 21, 1006, 'i', 'p', false, "int2vector"));
        base(t, 23, "int4", 4, true, 'N', 1007, 'i', 'p', false, "integer");
        base(t, 24, "regproc", 4, true, 'N', 1008, 'i', 'p', false, "regproc");
        base(t, 25, "text", -1, false, 'S', 1009, 'i', 'x', true, "text");
        base(t, 26, "oid", 4, true, 'N', 1028, 'i', 'p', false, "oid");
        t.add(new TypeRow(30, "oidvector", -1, false, 'A', 26, 1013, 'i', 'p', false, "oidvector"));
        base(t, 114, "json", -1, false, 'U', 199, 'i', 'x', false, "json");
        base(t, 194, "pg_node_tree", -1, false, 'Z', 0, 'i', 'x', true, "pg_node_tree");
        base(t, 705, "unknown", -2, false, 'X', 0, 'c', 'p', false, "unknown");
        base(t, 2249, "record", -1, false, 'P', 2287, 'd', 'x', false, "record"); // a ROW(...) result column
        base(t, 700, "float4", 4, true, 'N', 1021, 'i', 'p', false, "real");
        base(t, 701, "float8", 8, true, 'N', 1022, 'd', 'p', false, "double precision");
        base(t, 1033, "aclitem", 12, false, 'U', 1034, 'i', 'p', false, "aclitem");
        base(t, 1042, "bpchar", -1, false, 'S', 1014, 'i', 'x', true, "character");
        base(t, 1043, "varchar", -1, false, 'S', 1015, 'i', 'x', true, "character varying");
        base(t, 1082, "date", 4, true, 'D', 1182, 'i', 'p', false, "date");
        base(t, 1114, "timestamp", 8, true, 'D', 1115, 'd', 'p', false, "timestamp without time zone");
        base(t, 1184, "timestamptz", 8, true, 'D', 1185, 'd', 'p', false, "timestamp with time zone");
        base(t, 1083, "time", 8, true, 'D', 1183, 'd', 'p', false, "time without time zone");
        base(t, 1186, "interval", 16, false, 'T', 1187, 'd', 'p', false, "interval");
        base(t, 1266, "timetz", 12, false, 'D', 1270, 'd', 'p', false, "time with time zone");
        base(t, 1560, "bit", -1, false, 'V', 1561, 'i', 'x', false, "bit");
        base(t, 1562, "varbit", -1, false, 'V', 1563, 'i', 'x', false, "bit varying");
        base(t, 1700, "numeric", -1, false, 'N', 1231, 'i', 'm', false, "numeric");
        base(t, 2205, "regclass", 4, true, 'N', 2210, 'i', 'p', false, "regclass");
        base(t, 2206, "regtype", 4, true, 'N', 2211, 'i', 'p', false, "regtype");
        base(t, 2278, "void", 4, true, 'P', 0, 'i', 'p', false, "void");
        base(t, 5069, "xid8", 8, true, 'U', 271, 'd', 'p', false, "xid8");
        base(t, 2950, "uuid", 16, false, 'U', 2951, 'c', 'p', false, "uuid");
        base(t, 3802, "jsonb", -1, false, 'U', 3807, 'i', 'x', false, "jsonb");
        base(t, 4089, "regnamespace", 4, true, 'N', 4090, 'i', 'p', false, "regnamespace");
        TYPES = List.copyOf(t);
    }

    private PgTypeCatalog() {
    }

    private static void base(List<TypeRow> out, int oid, String name, int len, boolean byVal, char category,
            int array, char align, char storage, boolean collatable, String formatName) {
        out.add(new TypeRow(oid, name, len, byVal, category, 0, array, align, storage, collatable, formatName));
        if (array != 0) {
            char arrayAlign = align == 'd' ? 'd' : 'i';
            out.add(new TypeRow(array, "_" + name, -1, false, 'A', oid, 0, arrayAlign, 'x', collatable,
                    formatName + "[]"));
        }
    }

    /** Every type, base types each followed by its array type. */
    public static List<TypeRow> all() {
        return TYPES;
    }

    /** The type with this OID, or null. */
    public static TypeRow byOid(int oid) {
        for (TypeRow r : TYPES) {
            if (r.oid() == oid) {
                return r;
            }
        }
        return null;
    }

    /** The type with this typname, or null. */
    public static TypeRow byName(String name) {
        for (TypeRow r : TYPES) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }

    /**
     * PostgreSQL's {@code format_type(oid, typmod)} (src/backend/utils/adt/format_type.c): the SQL name with its
     * modifiers, e.g. {@code character varying(100)}, {@code numeric(10,2)}, {@code character(1)}; {@code ???}
     * for an unknown OID, as PostgreSQL prints it.
     */
    public static String formatType(int oid, int typmod) {
        TypeRow r = byOid(oid);
        if (r == null) {
            return "???";
        }
        String base = r.formatName();
        if (typmod < 0) {
            return base;
        }
        if (r.category() == 'A') {
            return formatType(r.elem(), typmod) + "[]"; // varchar(10)[]: the element's typmod, as format_type.c
        }
        return switch (r.name()) {
            case "varchar", "bpchar" -> base + "(" + (typmod - 4) + ")";
            case "bit", "varbit" -> base + "(" + typmod + ")"; // bit(n)'s typmod is n
            case "numeric" -> typmod < 4 ? base
                    : "numeric(" + (((typmod - 4) >> 16) & 0xffff) + "," + ((typmod - 4) & 0xffff) + ")";
            case "timestamp" -> "timestamp(" + typmod + ") without time zone";
            case "timestamptz" -> "timestamp(" + typmod + ") with time zone";
            case "time" -> "time(" + typmod + ") without time zone";
            default -> base;
        };
    }
}
