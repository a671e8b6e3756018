package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.math.BigDecimal;
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
 * {@code recompute_limits} evaluates them when the Limit node starts, OFFSET first. Parameters are checked where the
 * plan reads them ({@code RemoteTopN.count}); the parser ({@code pgLimit.ftl}) has rounded fractions already.
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
