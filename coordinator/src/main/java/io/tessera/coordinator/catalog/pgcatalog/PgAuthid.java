package io.tessera.coordinator.catalog.pgcatalog;

import static io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Type.*;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code pg_authid}, {@code pg_roles} and {@code pg_user} (one class, three shapes): the roles of {@link Roles}.
 * Authentication is trust: a role's password is kept as its md5 verifier, shown in pg_authid.rolpassword and
 * masked as {@code ********} in pg_roles and pg_user, as PostgreSQL does.
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
        for (Roles.Role role : Roles.all(ctx)) {
            io.tessera.coordinator.catalog.RoleDef r = role.def();
            boolean su = r.superuser();
            switch (shape) {
                case AUTHID -> rows.add(new Object[] {r.oid(), r.name(), su, r.inherit(), r.createRole(), r.createDb(),
                    r.canLogin(), r.replication(), r.bypassRls(), r.connectionLimit(), r.password(), null});
                case ROLES -> rows.add(new Object[] {r.name(), su, r.inherit(), r.createRole(), r.createDb(),
                    r.canLogin(), r.replication(), r.connectionLimit(), "********", null, r.bypassRls(), null,
                    r.oid()});
                case USER -> {
                    if (r.canLogin()) {
                        rows.add(new Object[] {r.name(), r.oid(), r.createDb(), su, r.replication(), r.bypassRls(),
                            "********", null, null});
                    }
                }
            }
        }
        return rows;
    }
}
