package io.tessera.coordinator.session;

import io.tessera.common.error.TesseraException;
import java.util.List;

/** A parsed and planned statement (the extended protocol's prepared statement). */
public interface PreparedStatement {
    /** The type OID of each parameter {@code $1..$n}, as the SQL layer inferred or the client specified. */
    List<Integer> parameterTypes();

    /** The columns of the rows this statement returns, or an empty list when it returns none (Describe: NoData). */
    List<Column> columns();

    /**
     * Whether it returns rows (Describe: RowDescription, else NoData): a query does even with no columns
     * ({@code SELECT FROM t}), so this is not the same as {@code !columns().isEmpty()}, the default.
     */
    default boolean returnsRows() {
        return !columns().isEmpty();
    }

    /**
     * Executes the statement with parameter values bound.
     *
     * @param params one Java value per parameter, in the representation of {@link io.tessera.common.types.PgType}
     *     (null for SQL NULL)
     * @throws TesseraException for any error; the session stays usable
     */
    QueryResult execute(List<Object> params);
}
