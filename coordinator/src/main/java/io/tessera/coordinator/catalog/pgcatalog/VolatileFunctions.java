package io.tessera.coordinator.catalog.pgcatalog;

import io.tessera.coordinator.sql.functions.PerCallFunction;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * The pg_catalog functions that are VOLATILE in PostgreSQL ({@code pg_proc.provolatile = 'v'}: {@code random()},
 * {@code clock_timestamp()}, {@code pg_sleep}, the advisory lock functions, ...), and what keeps each call of them
 * a call of its own.
 *
 * <p>Calcite sees two calls {@code f()} and {@code f()} as one expression: the catalog reader makes equal
 * operators for them (a {@link SqlUserDefinedFunction} is equal to another of the same class, name and kind), so
 * the RexProgram keeps one, and the code generator's block builder declares equal method calls once. So
 * {@code random() = random()} compared a value with itself and {@code pg_advisory_unlock(1), pg_advisory_unlock(1)}
 * unlocked once and answered twice. Two measures, as {@code SequenceFunctions} takes for {@code nextval}:
 * <ul>
 *   <li>{@link #freshInstances} replaces each looked-up operator of a volatile function by its own instance,
 *       equal only to itself and not deterministic (no rule folds, merges or reduces it);</li>
 *   <li>{@link ContextFunction} passes the statement's DataContext to a volatile function through
 *       {@link #callSite(DataContext, int)} with a number of its own, so no two generated calls are equal.</li>
 * </ul>
 * None of these functions is translated into a datanode fragment ({@code RexToExpr} knows none of them): they run
 * on the coordinator, once per row.
 */
public final class VolatileFunctions {
    /** The names, as PostgreSQL 15's pg_proc marks them volatile, of the functions of {@link PgCatalogFunctions}. */
    static final Set<String> NAMES = Set.of("random", "setseed", "clock_timestamp", "timeofday", "pg_sleep",
            "set_config", "pg_cancel_backend", "pg_terminate_backend", "pg_is_in_recovery", "pg_database_size",
            "pg_relation_size", "pg_tablespace_size", "pg_advisory_lock", "pg_advisory_lock_shared",
            "pg_advisory_unlock", "pg_advisory_unlock_all", "pg_advisory_unlock_shared", "pg_advisory_xact_lock",
            "pg_advisory_xact_lock_shared", "pg_try_advisory_lock", "pg_try_advisory_lock_shared",
            "pg_try_advisory_xact_lock", "pg_try_advisory_xact_lock_shared");

    private static final AtomicInteger CALL_SITES = new AtomicInteger();

    private VolatileFunctions() {
    }

    /**
     * Replaces, in place, each operator of {@code operators} that calls a volatile {@link ContextFunction} by a
     * fresh instance of it: equal only to itself, not deterministic, dynamic (never cached with a plan's constants).
     */
    public static void freshInstances(List<SqlOperator> operators) {
        for (int i = 0; i < operators.size(); i++) {
            if (operators.get(i) instanceof SqlUserDefinedFunction f && f.getFunction() instanceof ContextFunction c
                    && c.isVolatile()) {
                operators.set(i, fresh(f));
            }
        }
    }

    private static SqlUserDefinedFunction fresh(SqlUserDefinedFunction f) {
        return new PerCallFunction(f.getSqlIdentifier(), f.getKind(), f.getReturnTypeInference(),
                f.getOperandTypeInference(), f.getOperandTypeChecker(), f.getFunction(), f.getSyntax(), true);
    }

    /**
     * {@code root} itself: the generated code's way of passing the DataContext to a volatile function with a
     * number no other call has, so that the code generator sees every call as a different expression.
     */
    public static DataContext callSite(DataContext root, int site) {
        return root;
    }

    /** The expression {@code callSite(root, n)} for a new call site n. */
    static Expression callSite(Expression root) {
        return Expressions.call(VolatileFunctions.class, "callSite", root,
                Expressions.constant(CALL_SITES.incrementAndGet()));
    }
}
