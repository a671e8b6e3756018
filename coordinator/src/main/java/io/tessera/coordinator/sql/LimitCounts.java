package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableLimit;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * PostgreSQL's checks of a query's constant LIMIT and OFFSET counts, made when the query runs (not when EXPLAIN
 * plans it): {@code LIMIT -1} fails with 2201W "LIMIT must not be negative" and {@code OFFSET -2} with 2201X
 * "OFFSET must not be negative" even when no row would reach the limit ({@code WHERE false}), as PostgreSQL's
 * {@code recompute_limits} evaluates them when the Limit node starts, OFFSET first; parameters ({@code OFFSET $1})
 * are checked the same way when the plan is bound to their values. The parser ({@code pgLimit.ftl}) has rounded
 * fractions already.
 */
final class LimitCounts {
    private LimitCounts() {
    }

    /**
     * @throws TesseraException 2201X for a negative constant OFFSET, 2201W for a negative constant LIMIT, anywhere in
     *     {@code query} (sub-queries included)
     */
    static void check(SqlNode query) {
        query.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlOrderBy o) {
                    check(o.offset, o.fetch);
                } else if (call instanceof SqlSelect s) {
                    check(s.getOffset(), s.getFetch());
                }
                return super.visit(call);
            }
        });
    }

    /**
     * {@code bindable}, first checking the values bound to the parameters that are LIMIT or OFFSET counts of
     * {@code plan} (Calcite's own Limit skips a negative OFFSET silently).
     *
     * @throws TesseraException when bound: 2201X for a negative OFFSET, 2201W for a negative LIMIT
     */
    static <T> Bindable<T> checkingParameters(Bindable<T> bindable,
            RelNode plan) {
        List<Integer> counts = new ArrayList<>(); // offset, fetch pairs of parameter indexes
        collect(plan, counts);
        if (counts.isEmpty()) {
            return bindable;
        }
        return context -> {
            for (int i = 0; i < counts.size(); i += 2) {
                if (negative(counts.get(i), context)) {
                    throw new TesseraException(SqlState.INVALID_ROW_COUNT_IN_RESULT_OFFSET_CLAUSE,
                            "OFFSET must not be negative");
                }
                if (negative(counts.get(i + 1), context)) {
                    throw new TesseraException(SqlState.INVALID_ROW_COUNT_IN_LIMIT_CLAUSE,
                            "LIMIT must not be negative");
                }
            }
            return bindable.bind(context);
        };
    }

    private static void collect(RelNode rel, List<Integer> counts) {
        RexNode offset = null;
        RexNode fetch = null;
        if (rel instanceof Sort s) {
            offset = s.offset;
            fetch = s.fetch;
        } else if (rel instanceof EnumerableLimit l) {
            offset = l.offset;
            fetch = l.fetch;
        }
        if (offset instanceof RexDynamicParam || fetch instanceof RexDynamicParam) {
            counts.add(offset instanceof RexDynamicParam p ? p.getIndex() : -1);
            counts.add(fetch instanceof RexDynamicParam p ? p.getIndex() : -1);
        }
        for (RelNode in : rel.getInputs()) {
            collect(in, counts);
        }
    }

    private static boolean negative(int param, DataContext context) {
        return param >= 0 && context.get("?" + param) instanceof Number n && new BigDecimal(n.toString()).signum() < 0;
    }

    private static void check(SqlNode offset, SqlNode fetch) {
        if (negative(offset)) {
            throw new TesseraException(SqlState.INVALID_ROW_COUNT_IN_RESULT_OFFSET_CLAUSE,
                    "OFFSET must not be negative");
        }
        if (negative(fetch)) {
            throw new TesseraException(SqlState.INVALID_ROW_COUNT_IN_LIMIT_CLAUSE, "LIMIT must not be negative");
        }
    }

    private static boolean negative(SqlNode count) {
        return count instanceof SqlNumericLiteral n && n.getValueAs(BigDecimal.class).signum() < 0;
    }
}
