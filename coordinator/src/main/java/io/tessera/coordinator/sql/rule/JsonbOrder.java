package io.tessera.coordinator.sql.rule;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.sql.functions.JsonFunctions;
import io.tessera.coordinator.sql.schema.TesseraTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * ORDER BY, GROUP BY, DISTINCT and {@code count(DISTINCT ...)} of jsonb in jsonb's order and equality (null &lt;
 * string &lt; number &lt; boolean &lt; array &lt; object, numbers by value: {@code 1.0} and {@code 1} are one
 * group), where Calcite, to which jsonb is text, would compare the values' text. Each jsonb key is replaced by its
 * sort key ({@code JsonFunctions.sortKey}, text whose order is jsonb's), computed below the sort or aggregate, on
 * the datanodes too when the sort or aggregate is pushed there (the fragment op {@code JSONB_SORT_KEY}):
 * <pre>
 *   Sort(keys jb)                   ==&gt;  Project(input's fields, Sort(keys k, Project(input's fields, k := key(jb))))
 *   Aggregate(group {jb, g}, calls)  ==&gt;  Project(jb := min(jb), g, calls,
 *                                            Aggregate(group {g, k}, calls, min(jb), Project(..., k := key(jb))))
 * </pre>
 * A group is output as its least value's text (PostgreSQL prints the first it met: the same value when the group's
 * texts are equal). Which fields are jsonb is read from the plan ({@link #isJsonb}): a jsonb column of a table, a
 * function or operator returning jsonb ({@code JsonFunctions.isJsonb}), through projections, filters, joins and
 * grouping. Applied to the logical plan, before the search, so pushed-down sorts and partial aggregates group
 * by the same keys. {@code min}/{@code max} of jsonb fail as in PostgreSQL (42883: jsonb has no such aggregate).
 * Not covered: window PARTITION BY and ORDER BY, set operations, ORDER BY inside an aggregate, grouping sets.
 */
public final class JsonbOrder {
    /** The name prefix of the sort key fields this adds below a sort. */
    private static final String SORT_KEY_FIELD = "jsonb_sort_key";

    private JsonbOrder() {
    }

    /**
     * {@code rel} with its jsonb sorts and groupings on sort keys.
     *
     * @throws TesseraException 42883 for {@code min} or {@code max} of a jsonb value
     */
    public static RelNode rewrite(RelNode rel) {
        List<RelNode> inputs = rel.getInputs();
        List<RelNode> rewritten = new ArrayList<>(inputs.size());
        boolean changed = false;
        for (RelNode input : inputs) {
            RelNode r = rewrite(input);
            changed |= r != input;
            rewritten.add(r);
        }
        RelNode out = changed ? rel.copy(rel.getTraitSet(), rewritten) : rel;
        if (out instanceof LogicalSort sort) {
            return sortByKeys(sort);
        }
        if (out instanceof LogicalAggregate agg) {
            return groupByKeys(agg);
        }
        return out;
    }

    /**
     * The collation the planner must deliver for the statement whose ORDER BY is {@code collation} over
     * {@code rel} (rewritten): none when the top sort sorts jsonb keys, whose order the rewritten plan produces
     * already (Calcite would add a sort by the jsonb text on top).
     */
    public static RelCollation rootCollation(RelCollation collation, RelNode rel) {
        if (rel instanceof Project p && p.getInput() instanceof Sort s) {
            List<RelDataTypeField> fields = s.getRowType().getFieldList();
            for (RelFieldCollation k : s.getCollation().getFieldCollations()) {
                if (fields.get(k.getFieldIndex()).getName().startsWith(SORT_KEY_FIELD)) {
                    return RelCollations.EMPTY;
                }
            }
        }
        return collation;
    }

    /** Whether field {@code i} of {@code rel} holds jsonb values. */
    public static boolean isJsonb(RelNode rel, int i) {
        if (rel instanceof Project p) {
            return JsonFunctions.isJsonb(p.getProjects().get(i), j -> isJsonb(p.getInput(), j));
        }
        if (rel instanceof Filter || rel instanceof Sort) {
            return isJsonb(rel.getInput(0), i);
        }
        if (rel instanceof Aggregate a) {
            if (i < a.getGroupCount()) {
                return isJsonb(a.getInput(), a.getGroupSet().nth(i));
            }
            AggregateCall c = a.getAggCallList().get(i - a.getGroupCount());
            SqlKind kind = c.getAggregation().getKind();
            return (kind == SqlKind.MIN || kind == SqlKind.MAX || kind == SqlKind.ANY_VALUE
                    || kind == SqlKind.SINGLE_VALUE) && c.getArgList().size() == 1
                    && isJsonb(a.getInput(), c.getArgList().get(0));
        }
        if (rel instanceof Join || rel instanceof Correlate) {
            int left = rel.getInput(0).getRowType().getFieldCount();
            return i < left ? isJsonb(rel.getInput(0), i) : isJsonb(rel.getInput(1), i - left);
        }
        if (rel instanceof SetOp) {
            for (RelNode input : rel.getInputs()) {
                if (!isJsonb(input, i)) {
                    return false;
                }
            }
            return !rel.getInputs().isEmpty();
        }
        if (rel instanceof TableScan scan) {
            TesseraTable t = scan.getTable().unwrap(TesseraTable.class);
            if (t == null) {
                return false;
            }
            String name = scan.getRowType().getFieldList().get(i).getName();
            for (ColumnDef c : t.def().columns()) {
                if (c.name().equals(name)) {
                    return c.type() == PgType.JSONB;
                }
            }
        }
        return false;
    }

    private static RelNode sortByKeys(LogicalSort sort) {
        RelNode input = sort.getInput();
        List<RelFieldCollation> keys = sort.getCollation().getFieldCollations();
        List<Integer> jsonb = new ArrayList<>();
        for (RelFieldCollation k : keys) {
            if (isJsonb(input, k.getFieldIndex())) {
                jsonb.add(k.getFieldIndex());
            }
        }
        if (jsonb.isEmpty()) {
            return sort;
        }
        RexBuilder rex = sort.getCluster().getRexBuilder();
        List<RexNode> projects = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (RelDataTypeField f : input.getRowType().getFieldList()) {
            projects.add(rex.makeInputRef(input, f.getIndex()));
            names.add(f.getName());
        }
        Map<Integer, Integer> keyOf = new HashMap<>();
        List<RelFieldCollation> newKeys = new ArrayList<>();
        for (RelFieldCollation k : keys) {
            int field = k.getFieldIndex();
            if (!jsonb.contains(field)) {
                newKeys.add(k);
                continue;
            }
            Integer key = keyOf.get(field);
            if (key == null) {
                key = projects.size();
                keyOf.put(field, key);
                projects.add(JsonFunctions.sortKey(rex, rex.makeInputRef(input, field)));
                names.add(SORT_KEY_FIELD + key);
            }
            newKeys.add(k.withFieldIndex(key));
        }
        RelNode widened = LogicalProject.create(input, List.of(), projects, names, java.util.Set.of());
        RelNode sorted = LogicalSort.create(widened, RelCollations.of(newKeys), sort.offset, sort.fetch);
        List<RexNode> back = new ArrayList<>();
        for (int i = 0; i < input.getRowType().getFieldCount(); i++) {
            back.add(rex.makeInputRef(sorted, i));
        }
        return LogicalProject.create(sorted, List.of(), back, sort.getRowType().getFieldNames(), java.util.Set.of());
    }

    private static RelNode groupByKeys(LogicalAggregate agg) {
        RelNode input = agg.getInput();
        for (AggregateCall c : agg.getAggCallList()) {
            SqlKind kind = c.getAggregation().getKind();
            if ((kind == SqlKind.MIN || kind == SqlKind.MAX) && c.getArgList().size() == 1
                    && isJsonb(input, c.getArgList().get(0))) {
                String name = kind == SqlKind.MIN ? "min" : "max";
                throw new TesseraException(SqlState.UNDEFINED_FUNCTION, "function " + name
                        + "(jsonb) does not exist", null, "No function matches the given name and argument types."
                        + " You might need to add explicit type casts.", 0, null);
            }
        }
        if (agg.getGroupType() != Aggregate.Group.SIMPLE) {
            return agg;
        }
        List<Integer> jsonbKeys = new ArrayList<>();
        for (int k : agg.getGroupSet()) {
            if (isJsonb(input, k)) {
                jsonbKeys.add(k);
            }
        }
        List<Integer> jsonbCounts = new ArrayList<>(); // count(DISTINCT jb): the distinct keys' count
        for (AggregateCall c : agg.getAggCallList()) {
            if (c.isDistinct() && c.getAggregation().getKind() == SqlKind.COUNT) {
                for (int arg : c.getArgList()) {
                    if (isJsonb(input, arg) && !jsonbCounts.contains(arg)) {
                        jsonbCounts.add(arg);
                    }
                }
            }
        }
        if (jsonbKeys.isEmpty() && jsonbCounts.isEmpty()) {
            return agg;
        }
        RexBuilder rex = agg.getCluster().getRexBuilder();
        List<RexNode> projects = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (RelDataTypeField f : input.getRowType().getFieldList()) {
            projects.add(rex.makeInputRef(input, f.getIndex()));
            names.add(f.getName());
        }
        Map<Integer, Integer> keyOf = new HashMap<>();
        for (int field : agg.getGroupSet()) {
            keyOf.put(field, field);
        }
        List<Integer> keyed = new ArrayList<>(jsonbKeys);
        jsonbCounts.stream().filter(f -> !keyed.contains(f)).forEach(keyed::add);
        for (int field : keyed) {
            keyOf.put(field, projects.size());
            projects.add(JsonFunctions.sortKey(rex, rex.makeInputRef(input, field)));
            names.add(SORT_KEY_FIELD + projects.size());
        }
        RelNode widened = LogicalProject.create(input, List.of(), projects, names, java.util.Set.of());
        ImmutableBitSet.Builder group = ImmutableBitSet.builder();
        for (int field : agg.getGroupSet()) {
            group.set(keyOf.get(field));
        }
        ImmutableBitSet newGroup = group.build();
        List<AggregateCall> calls = new ArrayList<>();
        for (AggregateCall c : agg.getAggCallList()) {
            boolean keyedCount = c.isDistinct() && c.getAggregation().getKind() == SqlKind.COUNT;
            calls.add(keyedCount ? c.withArgList(c.getArgList().stream().map(a -> keyOf.getOrDefault(a, a)).toList())
                    : c);
        }
        int groups = newGroup.cardinality();
        List<RelDataTypeField> outFields = agg.getRowType().getFieldList();
        Map<Integer, Integer> representative = new HashMap<>(); // jsonb key's field -> its min's output
        for (int p = 0; p < agg.getGroupCount(); p++) {
            int field = agg.getGroupSet().nth(p);
            if (jsonbKeys.contains(field)) {
                representative.put(field, groups + calls.size());
                calls.add(AggregateCall.create(SqlStdOperatorTable.MIN, false, false, false, List.of(),
                        List.of(field), -1, null, RelCollations.EMPTY, outFields.get(p).getType(),
                        outFields.get(p).getName()));
            }
        }
        LogicalAggregate grouped = LogicalAggregate.create(widened, agg.getHints(), newGroup, null, calls);
        List<RexNode> back = new ArrayList<>();
        for (int p = 0; p < agg.getGroupCount(); p++) {
            int field = agg.getGroupSet().nth(p);
            back.add(rex.makeInputRef(grouped, jsonbKeys.contains(field) ? representative.get(field)
                    : newGroup.indexOf(field)));
        }
        for (int j = 0; j < agg.getAggCallList().size(); j++) {
            back.add(rex.makeInputRef(grouped, groups + j));
        }
        return LogicalProject.create(grouped, List.of(), back, agg.getRowType().getFieldNames(), java.util.Set.of());
    }
}
