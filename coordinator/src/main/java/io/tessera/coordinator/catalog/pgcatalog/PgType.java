package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import io.tessera.coordinator.catalog.pgcatalog.PgTypeCatalog.TypeRow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code pg_type}: the types of {@link PgTypeCatalog}, all base ('b') types in pg_catalog, then the connected
 * database's enum types ('e', category 'E', in their schemas; {@link PgEnum} lists their labels).
 */
public final class PgType extends CatalogTable {
    private static final List<Col> COLUMNS = cols("oid", OID, "typname", NAME, "typnamespace", OID, "typowner", OID,
            "typlen", INT2, "typbyval", BOOL, "typtype", CHAR, "typcategory", CHAR, "typispreferred", BOOL,
            "typisdefined", BOOL, "typdelim", CHAR, "typrelid", OID, "typsubscript", TEXT, "typelem", OID,
            "typarray", OID, "typinput", TEXT, "typoutput", TEXT, "typreceive", TEXT, "typsend", TEXT,
            "typmodin", TEXT, "typmodout", TEXT, "typanalyze", TEXT, "typalign", CHAR, "typstorage", CHAR,
            "typnotnull", BOOL, "typbasetype", OID, "typtypmod", INT4, "typndims", INT4, "typcollation", OID,
            "typdefaultbin", TEXT, "typdefault", TEXT, "typacl", TEXT_ARRAY);

    private static final Set<String> IO_FUNCTIONS = ioFunctions();

    /** The names in {@code typinput}, {@code typoutput}, {@code typreceive} and {@code typsend} of every type. */
    static Set<String> ioFunctionNames() {
        return IO_FUNCTIONS;
    }

    private static Set<String> ioFunctions() {
        Set<String> names = new HashSet<>();
        for (TypeRow t : PgTypeCatalog.all()) {
            for (String suffix : List.of("in", "out", "recv", "send")) {
                names.add(ioFunction(t, suffix));
            }
        }
        return Set.copyOf(names);
    }

    /** A type's input ({@code in}), output, receive ({@code recv}) or send function: {@code array_*} for arrays. */
    private static String ioFunction(TypeRow t, String suffix) {
        boolean array = t.category() == 'A' && t.name().startsWith("_");
        return (array ? "array_" : t.name()) + suffix;
    }

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        int su = ctx.bootstrapSuperuser();
        for (TypeRow t : PgTypeCatalog.all()) {
            boolean array = t.category() == 'A' && t.name().startsWith("_");
            boolean preferred = t.name().equals("text") || t.name().equals("float8") || t.name().equals("bool")
                    || t.name().equals("oid") || t.name().equals("timestamptz");
            rows.add(new Object[] {t.oid(), t.name(), CatalogOids.PG_CATALOG, su, (short) t.len(), t.byVal(),
                t.name().equals("void") ? "p" : "b", String.valueOf(t.category()), preferred, true, ",", 0,
                array ? "array_subscript_handler" : "-", t.elem(), t.array(), ioFunction(t, "in"),
                ioFunction(t, "out"), ioFunction(t, "recv"), ioFunction(t, "send"), "-", "-", "-",
                String.valueOf(t.align()), String.valueOf(t.storage()), false, 0, -1, 0,
                t.collatable() ? CatalogOids.DEFAULT_COLLATION : 0, null, null, null});
        }
        for (io.tessera.coordinator.catalog.EnumTypeDef e : PgEnum.enumTypes(ctx)) {
            io.tessera.coordinator.catalog.RoleDef owner = ctx.snapshot().roles().get(e.owner());
            // PostgreSQL's enum rows: 4-byte by-value, int-aligned, plain storage; no array type yet (typarray 0)
            rows.add(new Object[] {e.oid(), e.name(), ctx.schemaOid(e.schemaName()), owner != null ? owner.oid() : su,
                (short) 4, true, "e", "E", false, true, ",", 0, "-", 0, 0, "enum_in", "enum_out", "enum_recv",
                "enum_send", "-", "-", "-", "i", "p", false, 0, -1, 0, 0, null, null, null});
        }
        return rows;
    }
}
