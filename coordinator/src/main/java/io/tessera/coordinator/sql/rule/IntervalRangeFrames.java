package io.tessera.coordinator.sql.rule;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgInterval;
import java.math.BigDecimal;
import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * RANGE frames whose offsets are intervals ({@code ORDER BY d RANGE BETWEEN interval '1 day' PRECEDING AND CURRENT
 * ROW}) over a date, timestamp, timestamptz or time key, which Calcite's validator refused (42000 "Data Type mismatch
 * between ORDER BY and RANGE clause"). Rewritten before validation into a frame over the key's seconds, which the
 * executor's window computes with numeric offsets ({@code RangeOffsets}, NULL keys as PostgreSQL's):
 * <pre>
 *   ORDER BY k [DESC] RANGE BETWEEN interval '1 day' PRECEDING AND interval '1 hour' FOLLOWING
 *   ==&gt;
 *   ORDER BY extract(epoch FROM k) [DESC] RANGE BETWEEN 86400 PRECEDING AND 3600 FOLLOWING
 * </pre>
 * {@code extract(epoch ...)} is exact (numeric, microseconds) and keeps the keys' order and peers, and
 * {@code k ± offset} in seconds is PostgreSQL's {@code in_range_timestamp_interval} (a date is its midnight, as
 * {@code in_range_date_interval}) for an interval of days and time: days are 24 hours, as they are in UTC. An offset
 * with months or years (whose length depends on the key) is 0A000, a negative one 22013, as PostgreSQL's.
 */
public final class IntervalRangeFrames {
    private IntervalRangeFrames() {
    }

    /**
     * Rewrites {@code window} in place as above when it is a RANGE frame with an interval literal offset and one
     * ORDER BY key of its own; leaves every other window alone.
     *
     * @throws TesseraException 0A000 for an offset with months, 22013 for a negative one
     */
    public static void rewrite(SqlWindow window) {
        if (window.isRows()) {
            return;
        }
        PgInterval lower = offset(window.getLowerBound());
        PgInterval upper = offset(window.getUpperBound());
        SqlNodeList order = window.getOrderList();
        if (lower == null && upper == null || order == null || order.size() != 1) {
            return;
        }
        SqlParserPos pos = window.getParserPosition();
        if (lower != null) {
            window.setLowerBound(bound(window.getLowerBound(), lower, pos));
        }
        if (upper != null) {
            window.setUpperBound(bound(window.getUpperBound(), upper, pos));
        }
        // ORDER BY k DESC NULLS FIRST: the key inside its direction and NULL ordering
        SqlNode item = order.get(0);
        if (!(item instanceof SqlCall)) {
            order.set(0, epoch(item, pos));
            return;
        }
        SqlCall inner = (SqlCall) item;
        while (inner.operand(0) instanceof SqlCall c && isOrdering(c)) {
            inner = c;
        }
        if (isOrdering(inner)) {
            inner.setOperand(0, epoch(inner.operand(0), pos));
        } else {
            order.set(0, epoch(item, pos));
        }
    }

    private static boolean isOrdering(SqlCall c) {
        return c.getKind() == SqlKind.DESCENDING || c.getKind() == SqlKind.NULLS_FIRST
                || c.getKind() == SqlKind.NULLS_LAST;
    }

    /** {@code extract(epoch FROM k)} as numeric, as {@code PgRewriter} types extract. */
    private static SqlNode epoch(SqlNode key, SqlParserPos pos) {
        SqlNode extract = SqlStdOperatorTable.EXTRACT.createCall(pos, new org.apache.calcite.sql.SqlIntervalQualifier(
                org.apache.calcite.avatica.util.TimeUnit.EPOCH, null, pos), key);
        return SqlStdOperatorTable.CAST.createCall(pos, extract, new org.apache.calcite.sql.SqlDataTypeSpec(
                new org.apache.calcite.sql.SqlBasicTypeNameSpec(SqlTypeName.DECIMAL, 1000, 0, pos), pos));
    }

    /** The PRECEDING or FOLLOWING {@code bound} with the interval's seconds as its offset. */
    private static SqlNode bound(SqlNode bound, PgInterval offset, SqlParserPos pos) {
        if (offset.months() != 0) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "RANGE with an offset of months or years is "
                    + "not supported");
        }
        BigDecimal seconds = BigDecimal.valueOf(offset.days()).multiply(BigDecimal.valueOf(86_400))
                .add(BigDecimal.valueOf(offset.micros(), 6)).stripTrailingZeros();
        if (seconds.signum() < 0) {
            throw new TesseraException(SqlState.INVALID_PRECEDING_OR_FOLLOWING_SIZE,
                    "invalid preceding or following size in window function");
        }
        SqlNode literal = SqlLiteral.createExactNumeric(seconds.toPlainString(), pos);
        return bound.getKind() == SqlKind.PRECEDING ? SqlWindow.createPreceding(literal, pos)
                : SqlWindow.createFollowing(literal, pos);
    }

    /**
     * The interval of a PRECEDING or FOLLOWING bound whose offset is an interval literal ({@code interval '1 day'},
     * {@code '1 day'::interval}, {@code interval '1' day}), else null.
     */
    private static PgInterval offset(SqlNode bound) {
        if (!(bound instanceof SqlCall c) || c.getKind() != SqlKind.PRECEDING && c.getKind() != SqlKind.FOLLOWING) {
            return null;
        }
        SqlNode offset = c.operand(0);
        String text = null;
        if (offset instanceof org.apache.calcite.sql.SqlUnknownLiteral u
                && u.tag.toUpperCase(Locale.ROOT).equals("INTERVAL")) {
            text = u.getValue();
        } else if (offset instanceof SqlCall cast && cast.getKind() == SqlKind.CAST
                && cast.operand(0) instanceof org.apache.calcite.sql.SqlCharStringLiteral s
                && cast.operand(1) instanceof org.apache.calcite.sql.SqlDataTypeSpec spec
                && spec.getTypeName().isSimple()
                && spec.getTypeName().getSimple().equalsIgnoreCase("interval")) {
            text = s.getValueAs(String.class);
        } else if (offset instanceof org.apache.calcite.sql.SqlIntervalLiteral i) {
            long v = i.getValueAs(Long.class); // months, or milliseconds
            return i.getValueAs(org.apache.calcite.sql.SqlIntervalLiteral.IntervalValue.class).getIntervalQualifier()
                    .isYearMonth() ? new PgInterval((int) v, 0, 0) : new PgInterval(0, 0, v * 1000);
        }
        return text == null ? null : io.tessera.executor.expr.Intervals.parse(text);
    }
}
