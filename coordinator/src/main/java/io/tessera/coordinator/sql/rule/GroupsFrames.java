package io.tessera.coordinator.sql.rule;

import com.google.common.collect.ImmutableList;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.sql.parser.GroupsFrameMode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexFieldCollation;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexWindow;
import org.apache.calcite.rex.RexWindowBounds;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;

/**
 * PostgreSQL's GROUPS frame mode: the frame's offsets count peer groups (rows equal in the window's ORDER BY), not
 * rows or values. A frame of peer groups is a RANGE frame over the peer group's number, the dense rank in the
 * window's order, so the window is rewritten in two steps:
 * <pre>
 *   parsed:     sum(x) OVER (PARTITION BY p ORDER BY y1 DESC, y2 GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW)
 *   {@link #rewrite(SqlWindow)}, before validation (the mode becomes RANGE, the order one key):
 *               sum(x) OVER (PARTITION BY p ORDER BY tessera_groups(y1, 1, y2, 4) RANGE BETWEEN 1 PRECEDING ...)
 *   {@link #rewrite(RelNode)}, on the logical plan:
 *     Project(sum(x) OVER (PARTITION BY p ORDER BY $n RANGE BETWEEN 1 PRECEDING AND CURRENT ROW))
 *       Project(input fields..., $n = dense_rank() OVER (PARTITION BY p ORDER BY y1 DESC NULLS FIRST,
 *                                                              y2 NULLS LAST))
 * </pre>
 * The key's flags after each sort key keep its direction ({@link #DESC}, {@link #NULLS_FIRST},
 * {@link #NULLS_LAST}); the dense rank makes PostgreSQL's defaults explicit (NULLS LAST ascending, NULLS FIRST
 * descending). Without ORDER BY, GROUPS fails with 42P20, a constant NULL or negative offset with 22004 or 22013, as
 * in PostgreSQL.
 */
public final class GroupsFrames {
    /** The order key that marks a GROUPS window between the two rewrites; it never runs. */
    public static final SqlFunction KEY = new SqlFunction("tessera_groups", SqlKind.OTHER_FUNCTION,
            ReturnTypes.BIGINT, null, OperandTypes.ONE_OR_MORE, SqlFunctionCategory.SYSTEM);

    /** PostgreSQL's error for a negative RANGE offset ({@code in_range_int4_int4} and its siblings). */
    private static final String RANGE_NEGATIVE = "invalid preceding or following size in window function";

    static final int DESC = 1;
    static final int NULLS_FIRST = 2;
    static final int NULLS_LAST = 4;

    private GroupsFrames() {
    }

    /**
     * Rewrites {@code window} in place when it was written in GROUPS mode: its mode becomes RANGE and its ORDER BY
     * the one key {@link #KEY}{@code (y1, flags1, ...)}.
     *
     * @throws TesseraException 42P20 when the window has no ORDER BY
     */
    public static void rewrite(SqlWindow window) {
        if (!GroupsFrameMode.of(window)) {
            if (!window.isRows() && (isOffset(window.getLowerBound()) || isOffset(window.getUpperBound()))
                    && window.getRefName() == null && window.getOrderList().size() != 1) {
                throw new TesseraException(SqlState.WINDOWING_ERROR,
                        "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column");
            }
            if (!window.isRows()) { // RANGE: PostgreSQL's in_range functions refuse a negative offset
                checkOffset(window.getLowerBound(), "starting", RANGE_NEGATIVE);
                checkOffset(window.getUpperBound(), "ending", RANGE_NEGATIVE);
            } else { // ROWS: nodeWindowAgg.c's messages (Calcite's were "ROWS value must be ...")
                checkOffset(window.getLowerBound(), "starting", null);
                checkOffset(window.getUpperBound(), "ending", null);
            }
            return;
        }
        SqlParserPos pos = window.getParserPosition();
        SqlNodeList order = window.getOrderList();
        if (order == null || order.isEmpty()) {
            throw new TesseraException(SqlState.WINDOWING_ERROR, "GROUPS mode requires an ORDER BY clause");
        }
        checkOffset(window.getLowerBound(), "starting", null);
        checkOffset(window.getUpperBound(), "ending", null);
        List<SqlNode> args = new ArrayList<>();
        for (SqlNode item : order) {
            int flags = 0;
            while (item instanceof SqlCall c && (c.getKind() == SqlKind.DESCENDING
                    || c.getKind() == SqlKind.NULLS_FIRST || c.getKind() == SqlKind.NULLS_LAST)) {
                flags |= c.getKind() == SqlKind.DESCENDING ? DESC : c.getKind() == SqlKind.NULLS_FIRST ? NULLS_FIRST
                        : NULLS_LAST;
                item = c.operand(0);
            }
            args.add(item);
            args.add(SqlLiteral.createExactNumeric(Integer.toString(flags), pos));
        }
        window.setOrderList(new SqlNodeList(List.of(KEY.createCall(pos, args)), pos));
        window.setRows(SqlLiteral.createBoolean(false, pos));
    }

    /** Whether {@code bound} is {@code n PRECEDING} or {@code n FOLLOWING}. */
    private static boolean isOffset(SqlNode bound) {
        return bound instanceof SqlCall c && (c.getKind() == SqlKind.PRECEDING || c.getKind() == SqlKind.FOLLOWING);
    }

    /**
     * Fails for a constant offset of a GROUPS, RANGE or ROWS frame bound that PostgreSQL refuses: NULL (22004) or
     * negative (22013, with {@code negative} as its message, or GROUPS' and ROWS' when null).
     */
    private static void checkOffset(SqlNode bound, String which, String negativeMessage) {
        if (!(bound instanceof SqlCall c) || c.getKind() != SqlKind.PRECEDING && c.getKind() != SqlKind.FOLLOWING) {
            return;
        }
        SqlNode offset = c.operand(0);
        if (offset instanceof SqlLiteral lit && lit.getTypeName() == org.apache.calcite.sql.type.SqlTypeName.NULL) {
            throw new TesseraException(SqlState.NULL_VALUE_NOT_ALLOWED, "frame " + which
                    + " offset must not be null");
        }
        boolean negative = offset instanceof org.apache.calcite.sql.SqlNumericLiteral n
                && n.getValueAs(BigDecimal.class).signum() < 0
                || offset instanceof SqlCall minus && minus.getKind() == SqlKind.MINUS_PREFIX
                && minus.operand(0) instanceof org.apache.calcite.sql.SqlNumericLiteral m
                && m.getValueAs(BigDecimal.class).signum() > 0;
        if (negative) {
            throw new TesseraException(SqlState.INVALID_PRECEDING_OR_FOLLOWING_SIZE, negativeMessage != null
                    ? negativeMessage : "frame " + which + " offset must not be negative");
        }
    }

    /** {@code rel} with every window ordered by {@link #KEY} ordered by its peer group's number instead. */
    public static RelNode rewrite(RelNode rel) {
        return WindowFunctionRewrites.rewriteWindowProjects(rel, GroupsFrames::withGroupNumbers);
    }

    private static RexCall groupsKey(RexOver over) {
        ImmutableList<RexFieldCollation> order = over.getWindow().orderKeys;
        return order.size() == 1 && order.get(0).left instanceof RexCall c && c.getOperator() == KEY ? c : null;
    }

    private static RelNode withGroupNumbers(Project project) {
        RexBuilder rex = project.getCluster().getRexBuilder();
        RelNode input = project.getInput();
        int fields = input.getRowType().getFieldCount();
        List<RexNode> below = new ArrayList<>();
        for (int i = 0; i < fields; i++) {
            below.add(rex.makeInputRef(input, i));
        }
        // one dense rank per distinct (partition, order)
        Map<String, Integer> numbers = new LinkedHashMap<>();
        RexShuttle shuttle = new RexShuttle() {
            @Override
            public RexNode visitOver(RexOver over) {
                RexCall key = groupsKey(over);
                if (key == null) {
                    return super.visitOver(over);
                }
                RexWindow w = over.getWindow();
                String digest = w.partitionKeys + " " + key;
                Integer number = numbers.get(digest);
                if (number == null) {
                    number = below.size();
                    numbers.put(digest, number);
                    below.add(denseRank(rex, w.partitionKeys, key));
                }
                RelDataType type = below.get(number).getType();
                return rex.makeOver(over.getType(), over.getAggOperator(), over.getOperands(), w.partitionKeys,
                        ImmutableList.of(new RexFieldCollation(rex.makeInputRef(type, number), Set.of())),
                        w.getLowerBound(), w.getUpperBound(), w.getExclude(), false, true, false, over.isDistinct(),
                        over.ignoreNulls());
            }
        };
        List<RexNode> above = new ArrayList<>();
        for (RexNode e : project.getProjects()) {
            above.add(e.accept(shuttle));
        }
        if (numbers.isEmpty()) {
            return project;
        }
        RelNode numbered = project.copy(project.getTraitSet(), input, below,
                rex.getTypeFactory().createStructType(below.stream().map(RexNode::getType).toList(),
                        namesOf(input, below.size())));
        return project.copy(project.getTraitSet(), numbered, above, project.getRowType());
    }

    private static List<String> namesOf(RelNode input, int count) {
        List<String> names = new ArrayList<>(input.getRowType().getFieldNames());
        while (names.size() < count) {
            names.add("$groups" + names.size());
        }
        return names;
    }

    private static RexNode denseRank(RexBuilder rex, List<RexNode> partition, RexCall key) {
        ImmutableList.Builder<RexFieldCollation> order = ImmutableList.builder();
        List<RexNode> args = key.getOperands();
        for (int i = 0; i < args.size(); i += 2) {
            int flags = ((RexLiteral) args.get(i + 1)).getValueAs(BigDecimal.class).intValue();
            Set<SqlKind> kinds = EnumSet.noneOf(SqlKind.class);
            boolean desc = (flags & DESC) != 0;
            if (desc) {
                kinds.add(SqlKind.DESCENDING);
            }
            boolean nullsFirst = (flags & NULLS_FIRST) != 0 || (flags & NULLS_LAST) == 0 && desc;
            kinds.add(nullsFirst ? SqlKind.NULLS_FIRST : SqlKind.NULLS_LAST);
            order.add(new RexFieldCollation(args.get(i), kinds));
        }
        return rex.makeOver(rex.getTypeFactory().createSqlType(org.apache.calcite.sql.type.SqlTypeName.BIGINT),
                SqlStdOperatorTable.DENSE_RANK, List.of(), partition, order.build(),
                RexWindowBounds.UNBOUNDED_PRECEDING, RexWindowBounds.CURRENT_ROW, false, true, false, false, false);
    }
}
