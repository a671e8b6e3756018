package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code pg_proc}: the built-in functions and aggregates Tessera evaluates, with PostgreSQL 15's rows for them (OID,
 * name, kind, volatility, argument and result types, {@code prosrc}, description), so that psql's {@code \df} and
 * {@code \df+}, {@code 'abs'::regproc} and clients' function lookups see what they would on PostgreSQL.
 *
 * <p>The rows come from {@code pg_proc.tsv} beside this class: PostgreSQL 15's own rows (a {@code COPY} of
 * {@code pg_proc} joined with {@code pg_get_function_result}, {@code pg_get_function_arguments},
 * {@code pg_get_function_identity_arguments} and {@code obj_description}, see {@code pg_proc.sql}), kept for the
 * overloads that Tessera answers exactly as PostgreSQL does when called with a sample argument of each parameter's
 * type (a volatile function: with the same result type). A function Tessera does not implement is not listed.
 * Every row is in {@code pg_catalog} (namespace 11), owned by the bootstrap superuser (10), with no ACL.
 */
public final class PgProc extends CatalogTable {
    private static final List<Col> COLUMNS = cols("oid", OID, "proname", NAME, "pronamespace", OID, "proowner", OID,
            "prolang", OID, "procost", FLOAT4, "prorows", FLOAT4, "provariadic", OID, "prosupport", TEXT,
            "prokind", CHAR, "prosecdef", BOOL, "proleakproof", BOOL, "proisstrict", BOOL, "proretset", BOOL,
            "provolatile", CHAR, "proparallel", CHAR, "pronargs", INT2, "pronargdefaults", INT2,
            "prorettype", OID, "proargtypes", OID_ARRAY, "proallargtypes", OID_ARRAY, "proargmodes", CHAR_ARRAY,
            "proargnames", TEXT_ARRAY, "proargdefaults", TEXT, "protrftypes", OID_ARRAY, "prosrc", TEXT,
            "probin", TEXT, "prosqlbody", TEXT, "proconfig", TEXT_ARRAY, "proacl", TEXT_ARRAY);

    /** The bootstrap superuser, owner of every built-in function. */
    private static final int BOOTSTRAP_SUPERUSER = 10;

    /** One function of {@code pg_proc.tsv}. */
    record Function(int oid, String name, String kind, String volatility, String parallel, boolean strict,
            boolean returnsSet, int returnType, List<Integer> argumentTypes, short defaults, String source,
            int language, float cost, float rows, List<String> argumentNames, String description, String result,
            String arguments, String identityArguments) {
    }

    private static final List<Function> FUNCTIONS = load();
    private static final Map<Integer, Function> BY_OID = new HashMap<>();

    static {
        for (Function f : FUNCTIONS) {
            BY_OID.put(f.oid(), f);
        }
    }

    @Override
    public List<Col> columns() {
        return COLUMNS;
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        List<Object[]> out = new ArrayList<>(FUNCTIONS.size());
        for (Function f : FUNCTIONS) {
            out.add(new Object[] {f.oid(), f.name(), CatalogOids.PG_CATALOG, BOOTSTRAP_SUPERUSER, f.language(),
                f.cost(), f.rows(), 0, "-", f.kind(), false, false, f.strict(), f.returnsSet(), f.volatility(),
                f.parallel(), (short) f.argumentTypes().size(), f.defaults(), f.returnType(), f.argumentTypes(),
                null, null, f.argumentNames(), null, null, f.source(), null, null, null, null});
        }
        return out;
    }

    /** The function with this OID, or null. */
    static Function byOid(Integer oid) {
        return oid == null ? null : BY_OID.get(oid);
    }

    /** The OIDs of the functions with this name, in OID order. */
    static List<Integer> oidsOf(String name) {
        List<Integer> out = new ArrayList<>();
        for (Function f : FUNCTIONS) {
            if (f.name().equals(name)) {
                out.add(f.oid());
            }
        }
        Collections.sort(out);
        return out;
    }

    private static List<Function> load() {
        InputStream in = PgProc.class.getResourceAsStream("pg_proc.tsv");
        if (in == null) {
            throw new IllegalStateException("pg_proc.tsv is missing from the coordinator's resources");
        }
        List<Function> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                for (int i = 0; i < f.length; i++) {
                    f[i] = unescape(f[i]);
                }
                out.add(new Function(Integer.parseInt(f[0]), f[1], f[2], f[3], f[4], f[5].equals("t"),
                        f[6].equals("t"), Integer.parseInt(f[7]), integers(f[8]), Short.parseShort(f[9]), f[10],
                        Integer.parseInt(f[11]), Float.parseFloat(f[12]), Float.parseFloat(f[13]),
                        f[14] == null || f[14].isEmpty() ? null : Arrays.asList(f[14].split(" ")), f[15], f[16],
                        f[17], f[18]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }

    private static List<Integer> integers(String spaceSeparated) {
        if (spaceSeparated == null || spaceSeparated.isEmpty()) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (String s : spaceSeparated.split(" ")) {
            out.add(Integer.parseInt(s));
        }
        return List.copyOf(out);
    }

    /** COPY's text format: {@code \N} is NULL, backslash escapes {@code \t \n \\}. */
    private static String unescape(String s) {
        if (s.equals("\\N")) {
            return null;
        }
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
