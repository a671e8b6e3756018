package io.tessera.coordinator.sql;

import io.tessera.coordinator.session.Column;
import io.tessera.coordinator.session.PreparedStatement;
import io.tessera.coordinator.session.QueryResult;
import java.util.List;
import java.util.function.Function;

/**
 * A session's generic plans for simple-protocol text (and parameterless Parse): the statement's integer constants
 * are lifted into int4 parameters ({@link LiteralLifting}), the lifted text is prepared once — and cached like any
 * statement, by text and parameter types ({@link StatementCache}) — and each statement of that shape runs the same
 * plan with its own constants as the parameter values, as PostgreSQL's generic plans do for prepared statements.
 *
 * <p>When the lifted text cannot be prepared (a constant that has to stay one, e.g. where the grammar or a rule
 * wants a literal) the caller prepares the original text instead, so a statement never fails because of lifting.
 * {@value #HITS_SETTING} ({@code SHOW}) reports how many statements ran a plan some earlier statement of their
 * shape had made. Not thread-safe: one per session.
 */
final class GenericPlans {
    /** The read-only setting (SHOW) that reports {@link #hits()}. */
    static final String HITS_SETTING = "tessera_generic_plan_hits";

    private final LiteralLifting lifting = new LiteralLifting();
    private long hits;

    /**
     * The generic plan of {@code sql} bound to its constants, or null when there is none (no liftable constant,
     * or the lifted text cannot be prepared: the caller prepares {@code sql} itself).
     *
     * @param cached the cached statement for a lifted text, or null
     * @param prepare prepares a lifted text (and caches it); throws as preparing does, and returns a statement
     *     that is not cacheable for kinds whose effect is taken at prepare time (then null is returned here)
     */
    PreparedStatement prepare(String sql, Function<LiteralLifting.Lifted, PreparedStatement> cached,
            Function<LiteralLifting.Lifted, PreparedStatement> prepare) {
        LiteralLifting.Lifted lifted = lifting.lift(sql);
        if (lifted == null) {
            return null;
        }
        PreparedStatement statement = cached.apply(lifted);
        if (statement != null) {
            hits++;
        } else {
            try {
                statement = prepare.apply(lifted);
            } catch (RuntimeException e) { // a TesseraException too: the normal path reports it
                lifting.refuse(sql);
                return null;
            }
            if (cached.apply(lifted) == null) {
                lifting.refuse(sql);
                return null;
            }
        }
        return bound(statement, lifted.values());
    }

    /** Statements that ran a generic plan made by an earlier statement of their shape, since the session began. */
    long hits() {
        return hits;
    }

    /** {@code statement} with its parameters fixed to {@code values}: a statement without parameters. */
    private static PreparedStatement bound(PreparedStatement statement, List<Object> values) {
        return new PreparedStatement() {
            @Override
            public List<Integer> parameterTypes() {
                return List.of();
            }

            @Override
            public List<Column> columns() {
                return statement.columns();
            }

            @Override
            public boolean returnsRows() {
                return statement.returnsRows();
            }

            @Override
            public QueryResult execute(List<Object> params) {
                return statement.execute(values);
            }
        };
    }
}
