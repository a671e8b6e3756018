package io.tessera.coordinator.catalog.pgcatalog;

import io.tessera.coordinator.catalog.RoleDef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The roles {@code pg_authid}, {@code pg_roles} and {@code pg_user} list: Tessera's roles (CREATE ROLE, and the
 * bootstrap superusers, which have every attribute) and PostgreSQL's predefined {@code pg_database_owner}, which owns
 * the public schema.
 */
final class Roles {
    /** A role as the catalogs show it. */
    record Role(int oid, String name, boolean superuser, boolean canLogin, RoleDef def) {
    }

    private Roles() {
    }

    static List<Role> all(CatalogContext ctx) {
        List<Role> out = new ArrayList<>();
        for (RoleDef r : ctx.snapshot().roles().values().stream().sorted(Comparator.comparingInt(RoleDef::oid))
                .toList()) {
            out.add(new Role(r.oid(), r.name(), r.superuser(), r.canLogin(), r));
        }
        out.add(new Role(CatalogOids.PG_DATABASE_OWNER, "pg_database_owner", false, false,
                new RoleDef("pg_database_owner", CatalogOids.PG_DATABASE_OWNER, false, false, true, false, false,
                        false, false, -1, null)));
        return out;
    }

    /** The name of the role with this OID, or null ({@code pg_get_userbyid} prints "unknown (OID=n)"). */
    static String name(CatalogContext ctx, int oid) {
        for (Role r : all(ctx)) {
            if (r.oid() == oid) {
                return r.name();
            }
        }
        return null;
    }
}
