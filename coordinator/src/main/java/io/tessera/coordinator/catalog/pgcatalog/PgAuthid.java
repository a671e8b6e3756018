package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code pg_authid}, {@code pg_roles} and {@code pg_user} (one class, three shapes): the roles of {@link Roles}.
 * Passwords are not stored (Tessera trusts local connections), so rolpassword is NULL in pg_authid and
 * {@code ********} in pg_roles, as PostgreSQL masks it.
 */
public final class PgAuthid extends CatalogTable {
    /** Which of the three catalogs. */
    public enum Shape { AUTHID, ROLES, USER }

    private static final List<Col> AUTHID = cols("oid", OID, "rolname", NAME, "rolsuper", BOOL, "rolinherit", BOOL,
            "rolcreaterole", BOOL, "rolcreatedb", BOOL, "rolcanlogin", BOOL, "rolreplication", BOOL,
            "rolbypassrls", BOOL, "rolconnlimit", INT4, "rolpassword", TEXT, "rolvaliduntil", TIMESTAMPTZ);
    private static final List<Col> ROLES = cols("rolname", NAME, "rolsuper", BOOL, "rolinherit", BOOL,
            "rolcreaterole", BOOL, "rolcreatedb", BOOL, "rolcanlogin", BOOL, "rolreplication", BOOL,
            "rolconnlimit", INT4, "rolpassword", TEXT, "rolvaliduntil", TIMESTAMPTZ, "rolbypassrls", BOOL,
            "rolconfig", TEXT_ARRAY, "oid", OID);
    private static final List<Col> USER = cols("usename", NAME, "usesysid", OID, "usecreatedb", BOOL,
            "usesuper", BOOL, "userepl", BOOL, "usebypassrls", BOOL, "passwd", TEXT, "valuntil", TIMESTAMPTZ,
            "useconfig", TEXT_ARRAY);

    private final Shape shape;

    public PgAuthid(Shape shape) {
        this.shape = shape;
    }

    @Override
    public List<Col> columns() {
        return switch (shape) {
            case AUTHID -> AUTHID;
            case ROLES -> ROLES;
            case USER -> USER;
        };
    }

    @Override
    protected List<Object[]> rows(CatalogContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (Roles.Role r : Roles.all(ctx)) {
            boolean su = r.superuser();
            switch (shape) {
                case AUTHID -> rows.add(new Object[] {r.oid(), r.name(), su, true, su, su, r.canLogin(), su, su, -1,
                    null, null});
                case ROLES -> rows.add(new Object[] {r.name(), su, true, su, su, r.canLogin(), su, -1, "********",
                    null, su, null, r.oid()});
                case USER -> {
                    if (r.canLogin()) {
                        rows.add(new Object[] {r.name(), r.oid(), su, su, su, su, "********", null, null});
                    }
                }
            }
        }
        return rows;
    }
}
