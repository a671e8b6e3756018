package io.tessera.coordinator.catalog.pgcatalog;

import static org.apache.calcite.sql.type.SqlTypeName.INTEGER;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

import com.google.common.collect.ImmutableMultimap;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.pgcatalog.PgTypeCatalog.TypeRow;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.DataContext;
import org.apache.calcite.schema.Function;

/**
 * PostgreSQL's object-identifier types {@code regclass}, {@code regtype}, {@code regnamespace}, {@code regrole} and
 * {@code regproc} (https://www.postgresql.org/docs/15/datatype-oid.html). Tessera has no such column types: a cast
 * to one is rewritten ({@link CatalogSyntax}) into a lookup — {@code 'pg_class'::regclass} is the OID (an integer,
 * to compare with oid columns), {@code c.oid::regclass} the name as PostgreSQL prints it (text, for display and
 * ordering). The SQL names of the lookups are these classes' {@code *in}/{@code *out} functions.
 */
public final class RegCasts {
    private RegCasts() {
    }

    static void register(ImmutableMultimap.Builder<String, Function> b) {
        PgCatalogFunctions.fn(b, RegCasts.class, "regclassin", "regclassIn", true, INTEGER, VARCHAR);
        PgCatalogFunctions.fn(b, RegCasts.class, "regclassout", "regclassOut", true, VARCHAR, INTEGER);
        PgCatalogFunctions.fn(b, RegCasts.class, "regtypein", "regtypeIn", true, INTEGER, VARCHAR);
        PgCatalogFunctions.fn(b, RegCasts.class, "regtypeout", "regtypeOut", true, VARCHAR, INTEGER);
        PgCatalogFunctions.fn(b, RegCasts.class, "regnamespacein", "regnamespaceIn", true, INTEGER, VARCHAR);
        PgCatalogFunctions.fn(b, RegCasts.class, "regnamespaceout", "regnamespaceOut", true, VARCHAR, INTEGER);
        PgCatalogFunctions.fn(b, RegCasts.class, "regrolein", "regroleIn", true, INTEGER, VARCHAR);
        PgCatalogFunctions.fn(b, RegCasts.class, "regroleout", "regroleOut", true, VARCHAR, INTEGER);
        PgCatalogFunctions.fn(b, RegCasts.class, "regprocin", "regprocIn", true, INTEGER, VARCHAR);
        PgCatalogFunctions.fn(b, RegCasts.class, "regprocout", "regprocOut", true, VARCHAR, INTEGER);
        PgCatalogFunctions.fn(b, RegCasts.class, "regprocname", "regprocName", true, VARCHAR, VARCHAR);
    }

    private static Integer numeric(String text) {
        String t = text.trim();
        return t.matches("[0-9]+") ? (int) Long.parseLong(t) : null;
    }

    /** @throws TesseraException 42P01 when no such relation */
    public static Integer regclassIn(DataContext root, String name) {
        Integer oid = numeric(name);
        if (oid != null) {
            return oid;
        }
        if (name.trim().equals("-")) {
            return 0; // regclassout's text for OID 0, read back as PostgreSQL does
        }
        Relations.Relation r = Relations.byName(PgCatalogFunctions.context(root), name);
        if (r == null) {
            throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist");
        }
        return r.oid();
    }

    /**
     * {@code text::regclass} in regclass's representation below the client: the OID as ten digits
     * ({@code io.tessera.coordinator.sql.RegtypeValues#key}).
     *
     * @throws TesseraException 42P01 when no such relation
     */
    public static String regclassKey(DataContext root, String name) {
        return String.format(Locale.ROOT, "%010d", Integer.toUnsignedLong(regclassIn(root, name)));
    }

    public static String regclassOut(DataContext root, Integer oid) {
        return oid == 0 ? "-" : Relations.regclassOut(PgCatalogFunctions.context(root), oid);
    }

    /** @throws TesseraException 42704 when no such type */
    public static Integer regtypeIn(DataContext root, String name) {
        Integer oid = numeric(name);
        if (oid != null) {
            return oid;
        }
        List<String> parts = NameParts.split(name);
        String simple = parts.get(parts.size() - 1);
        TypeRow t = PgTypeCatalog.byName(simple);
        if (t == null) {
            for (TypeRow r : PgTypeCatalog.all()) {
                if (r.formatName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                    t = r;
                }
            }
        }
        if (t == null) {
            CatalogContext ctx = PgCatalogFunctions.context(root);
            io.tessera.coordinator.catalog.EnumTypeDef e = parts.size() <= 2 ? PgEnum.byName(ctx, parts) : null;
            if (e != null) {
                return e.oid();
            }
            throw new TesseraException(SqlState.UNDEFINED_OBJECT, "type \"" + name + "\" does not exist");
        }
        return t.oid();
    }

    /**
     * {@code text::regtype} of a non-constant text, in regtype's representation below the client: the OID as ten
     * digits ({@code io.tessera.coordinator.sql.RegtypeValues#key}).
     *
     * @throws TesseraException 42704 when no such type
     */
    public static String regtypeKey(DataContext root, String name) {
        return String.format(Locale.ROOT, "%010d", Integer.toUnsignedLong(regtypeIn(root, name)));
    }

    /**
     * A function for plans that Tessera's own rewrites call (not in pg_catalog): {@code javaName} of this class, which
     * takes the statement's DataContext first, strict, returning {@code result}.
     */
    public static org.apache.calcite.sql.SqlOperator runtimeFunction(String sqlName, String javaName,
            org.apache.calcite.sql.type.SqlTypeName result, org.apache.calcite.sql.type.SqlTypeName param) {
        java.lang.reflect.Method m = java.util.Arrays.stream(RegCasts.class.getMethods())
                .filter(x -> x.getName().equals(javaName) && x.getParameterCount() == 2).findFirst().orElseThrow();
        ContextFunction f = new ContextFunction(m, true, false, result, param);
        return new org.apache.calcite.sql.validate.SqlUserDefinedFunction(new org.apache.calcite.sql.SqlIdentifier(
                sqlName, org.apache.calcite.sql.parser.SqlParserPos.ZERO),
                org.apache.calcite.sql.SqlKind.OTHER_FUNCTION,
                org.apache.calcite.sql.type.ReturnTypes.explicit(result).andThen(
                        org.apache.calcite.sql.type.SqlTypeTransforms.TO_NULLABLE), null,
                org.apache.calcite.sql.type.OperandTypes.operandMetadata(List.of(
                        org.apache.calcite.sql.type.SqlTypeFamily.ANY), tf -> List.of(), i -> "arg" + i, i -> false),
                f);
    }

    public static String regtypeOut(DataContext root, Integer oid) {
        if (oid == 0) {
            return "-";
        }
        TypeRow t = PgTypeCatalog.byOid(oid);
        if (t == null) {
            CatalogContext ctx = PgCatalogFunctions.context(root);
            io.tessera.coordinator.catalog.EnumTypeDef e = ctx.snapshot().enumType(ctx.database(), oid);
            return e == null ? Integer.toString(oid) : PgEnum.formatName(ctx, e);
        }
        return t.formatName();
    }

    /** @throws TesseraException 3F000 when no such schema */
    public static Integer regnamespaceIn(DataContext root, String name) {
        Integer oid = numeric(name);
        if (oid != null) {
            return oid;
        }
        int ns = PgCatalogFunctions.context(root).schemaOid(NameParts.split(name).get(0));
        if (ns == 0) {
            throw new TesseraException(SqlState.INVALID_SCHEMA_NAME, "schema \"" + name + "\" does not exist");
        }
        return ns;
    }

    public static String regnamespaceOut(DataContext root, Integer oid) {
        String n = PgCatalogFunctions.context(root).schemaName(oid);
        return n == null ? Integer.toString(oid) : Relations.quote(n);
    }

    /** @throws TesseraException 42704 when no such role */
    public static Integer regroleIn(DataContext root, String name) {
        Integer oid = numeric(name);
        if (oid != null) {
            return oid;
        }
        String n = NameParts.split(name).get(0);
        for (Roles.Role r : Roles.all(PgCatalogFunctions.context(root))) {
            if (r.name().equals(n)) {
                return r.oid();
            }
        }
        throw new TesseraException(SqlState.UNDEFINED_OBJECT, "role \"" + name + "\" does not exist");
    }

    public static String regroleOut(DataContext root, Integer oid) {
        String n = Roles.name(PgCatalogFunctions.context(root), oid);
        return n == null ? Integer.toString(oid) : Relations.quote(n);
    }

    /**
     * {@code regprocin}: an OID as digits, or the name of a function {@link PgProc} lists once.
     *
     * @throws TesseraException 42725 for an overloaded name ({@code more than one function named "abs"}), 42883 for
     *     a name pg_proc does not list
     */
    public static Integer regprocIn(DataContext root, String name) {
        Integer oid = numeric(name);
        if (oid != null) {
            return oid;
        }
        List<Integer> oids = PgProc.oidsOf(functionName(name));
        if (oids.size() > 1) {
            throw new TesseraException(SqlState.AMBIGUOUS_FUNCTION, "more than one function named \"" + name + "\"");
        }
        if (oids.isEmpty()) {
            throw new TesseraException(SqlState.UNDEFINED_FUNCTION, "function \"" + name + "\" does not exist");
        }
        return oids.get(0);
    }

    /** A function's name without a {@code pg_catalog.} qualifier or quotes. */
    private static String functionName(String name) {
        String n = name.trim();
        if (n.startsWith("pg_catalog.")) {
            n = n.substring("pg_catalog.".length());
        }
        if (n.length() > 1 && n.startsWith("\"") && n.endsWith("\"")) {
            n = n.substring(1, n.length() - 1);
        }
        return n;
    }

    /**
     * {@code 'name'::regproc} for a function's name: the name itself, without a {@code pg_catalog.} qualifier or
     * quotes, as PostgreSQL prints a regproc. The names are the types' input, output, receive and send functions
     * that {@code pg_type} names (so pgjdbc's {@code typinput = 'pg_catalog.array_in'::regproc} compares names with
     * names) and the functions {@link PgProc} lists once.
     *
     * @throws TesseraException 42725 for an overloaded function, 42883 for any other name, as PostgreSQL
     */
    public static String regprocName(DataContext root, String name) {
        String n = functionName(name);
        if (!PgType.ioFunctionNames().contains(n)) {
            regprocIn(root, name); // a function of pg_proc, listed once (42725, 42883 otherwise)
        }
        return n;
    }

    public static String regprocOut(DataContext root, Integer oid) {
        PgProc.Function f = PgProc.byOid(oid);
        return oid == 0 ? "-" : f != null ? f.name() : Integer.toString(oid);
    }
}
