package io.tessera.coordinator.sql.acl;

import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.session.Column;
import io.tessera.coordinator.session.PreparedStatement;
import io.tessera.coordinator.session.QueryResult;
import java.util.List;
import java.util.function.Supplier;

/**
 * A prepared statement that checks its {@link Privileges.Need}s against the current catalog before every execution
 * (a REVOKE takes effect for statements prepared before it, cached plans and clients' prepared statements alike).
 */
public final class PrivilegeGuard implements PreparedStatement {
    private final PreparedStatement inner;
    private final List<Privileges.Need> needs;
    private final Supplier<CatalogSnapshot> catalog;
    private final String database;
    private final String user;
    private final Runnable onDenied;

    /**
     * @param catalog the current catalog (read at each execution)
     * @param onDenied what the session does when a check fails (fail the transaction block, as any error)
     */
    public PrivilegeGuard(PreparedStatement inner, List<Privileges.Need> needs, Supplier<CatalogSnapshot> catalog,
            String database, String user, Runnable onDenied) {
        this.inner = inner;
        this.needs = needs;
        this.catalog = catalog;
        this.database = database;
        this.user = user;
        this.onDenied = onDenied;
    }

    /** {@code statement} without its guard (the statement itself when it has none). */
    public static PreparedStatement unguarded(PreparedStatement statement) {
        PreparedStatement s = statement instanceof PrivilegeGuard g ? g.inner : statement;
        // a statement's table locks (TableLocking) wrap it inside the privilege check
        return s instanceof io.tessera.coordinator.sql.TableLocking.Unwrappable w ? w.inner() : s;
    }

    /**
     * Checks the privileges now.
     *
     * @throws TesseraException 42501 when the session's role lacks one
     */
    public void check() {
        try {
            Privileges.check(needs, catalog.get(), database, user);
        } catch (TesseraException e) {
            onDenied.run();
            throw e;
        }
    }

    /** Whether the privileges are held now (as {@link #check}, without failing). */
    public boolean allowed() {
        try {
            Privileges.check(needs, catalog.get(), database, user);
            return true;
        } catch (TesseraException e) {
            return false;
        }
    }

    @Override
    public List<Integer> parameterTypes() {
        return inner.parameterTypes();
    }

    @Override
    public List<Column> columns() {
        return inner.columns();
    }

    @Override
    public boolean returnsRows() {
        return inner.returnsRows();
    }

    @Override
    public QueryResult execute(List<Object> params) {
        check();
        return inner.execute(params);
    }
}
