package io.tessera.coordinator.session;

import io.tessera.common.error.TesseraException;

/**
 * The coordinator's SQL layer as the pgwire frontend sees it: it authenticates a startup packet's user and
 * database and opens a {@link SqlSession}.
 *
 * <p>The frontend ({@code io.tessera.coordinator.pgwire}) knows nothing of planning or storage; the SQL layer
 * knows nothing of the wire. This interface is the whole contract between them.
 */
public interface SqlEngine {
    /**
     * Opens a session for an authenticated connection.
     *
     * @param user the startup packet's {@code user}
     * @param database the startup packet's {@code database} (defaults to the user name, as PostgreSQL)
     * @param options the other startup parameters (application_name, client_encoding, options, ...)
     * @throws TesseraException 28000 for an unknown role, 3D000 for an unknown database
     */
    SqlSession openSession(String user, String database, java.util.Map<String, String> options);
}
