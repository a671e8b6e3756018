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
 * The same keys order and partition windows ({@code PARTITION BY jb}, {@code ORDER BY jb}), order an aggregate's
 * arguments ({@code array_agg(x ORDER BY jb)}), group grouping sets (a set without the key outputs NULL there) and
 * a UNION's rows (as a grouping of its UNION ALL). Not covered: INTERSECT and EXCEPT.
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
        if (out instanceof LogicalProject project) {
            return windowKeys(project);
        }
        if (out instanceof org.apache.calcite.rel.logical.LogicalUnion union) {
            return unionByKeys(union);
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
                if (isJsonb(input, i)) {
                    return true; // PostgreSQL reads the other branches' values as jsonb
                }
            }
            return false;
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
        List<Integer> jsonbKeys = new ArrayList<>();
        for (int k : agg.getGroupSet()) {
            if (isJsonb(input, k)) {
                jsonbKeys.add(k);
            }
        }
        // count(DISTINCT jb): the distinct keys' count; array_agg(x ORDER BY jb): ordered by the keys
        List<Integer> keyed = new ArrayList<>(jsonbKeys);
        for (AggregateCall c : agg.getAggCallList()) {
            if (c.isDistinct() && c.getAggregation().getKind() == SqlKind.COUNT) {
                for (int arg : c.getArgList()) {
                    if (isJsonb(input, arg) && !keyed.contains(arg)) {
                        keyed.add(arg);
                    }
                }
            }
            for (RelFieldCollation k : c.getCollation().getFieldCollations()) {
                if (isJsonb(input, k.getFieldIndex()) && !keyed.contains(k.getFieldIndex())) {
                    keyed.add(k.getFieldIndex());
                }
            }
        }
        if (keyed.isEmpty()) {
            return agg;
        }
        RexBuilder rex = agg.getCluster().getRexBuilder();
        List<RexNode> projects = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (RelDataTypeField f : input.getRowType().getFieldList()) {
            projects.add(rex.makeInputRef(input, f.getIndex()));
            names.add(f.getName());
        }
        Map<Integer, Integer> sortKeyOf = new HashMap<>(); // a jsonb field -> its sort key's field
        for (int field : keyed) {
            sortKeyOf.put(field, projects.size());
            projects.add(JsonFunctions.sortKey(rex, rex.makeInputRef(input, field)));
            names.add(SORT_KEY_FIELD + projects.size());
        }
        RelNode widened = LogicalProject.create(input, List.of(), projects, names, java.util.Set.of());
        java.util.function.IntUnaryOperator group = f -> jsonbKeys.contains(f) ? sortKeyOf.get(f) : f;
        ImmutableBitSet newGroup = mapped(agg.getGroupSet(), group);
        List<ImmutableBitSet> newGroupSets = new ArrayList<>();
        for (ImmutableBitSet set : agg.getGroupSets()) {
            newGroupSets.add(mapped(set, group));
        }
        newGroupSets.sort(ImmutableBitSet.ORDERING); // as Aggregate wants them
        List<AggregateCall> calls = new ArrayList<>();
        for (AggregateCall c : agg.getAggCallList()) {
            SqlKind kind = c.getAggregation().getKind();
            boolean keyedCount = c.isDistinct() && kind == SqlKind.COUNT;
            AggregateCall call = keyedCount || kind == SqlKind.GROUPING || kind == SqlKind.GROUPING_ID
                    ? c.withArgList(c.getArgList().stream().map(a -> keyedCount ? sortKeyOf.getOrDefault(a, a)
                            : group.applyAsInt(a)).toList())
                    : c;
            List<RelFieldCollation> order = new ArrayList<>();
            for (RelFieldCollation k : c.getCollation().getFieldCollations()) {
                order.add(k.withFieldIndex(sortKeyOf.getOrDefault(k.getFieldIndex(), k.getFieldIndex())));
            }
            calls.add(order.isEmpty() ? call : call.withCollation(RelCollations.of(order)));
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
        boolean simple = agg.getGroupType() == Aggregate.Group.SIMPLE;
        LogicalAggregate grouped = LogicalAggregate.create(widened, agg.getHints(), newGroup,
                simple ? null : newGroupSets, calls);
        List<RexNode> back = new ArrayList<>();
        for (int p = 0; p < agg.getGroupCount(); p++) {
            int field = agg.getGroupSet().nth(p);
            if (!jsonbKeys.contains(field)) {
                back.add(rex.makeInputRef(grouped, newGroup.indexOf(field)));
                continue;
            }
            RexNode least = rex.makeInputRef(grouped, representative.get(field));
            // a grouping set without the key: NULL there, as its key is (the least value is the whole group's)
            back.add(simple ? least : rex.makeCall(SqlStdOperatorTable.CASE, rex.makeCall(
                    SqlStdOperatorTable.IS_NULL, rex.makeInputRef(grouped, newGroup.indexOf(sortKeyOf.get(field)))),
                    rex.makeNullLiteral(least.getType()), least));
        }
        for (int j = 0; j < agg.getAggCallList().size(); j++) {
            back.add(rex.makeInputRef(grouped, groups + j));
        }
        return LogicalProject.create(grouped, List.of(), back, agg.getRowType().getFieldNames(), java.util.Set.of());
    }

    private static ImmutableBitSet mapped(ImmutableBitSet set, java.util.function.IntUnaryOperator f) {
        ImmutableBitSet.Builder out = ImmutableBitSet.builder();
        for (int i : set) {
            out.set(f.applyAsInt(i));
        }
        return out.build();
    }

    /**
     * {@code project} with the jsonb PARTITION BY and ORDER BY keys of its windows replaced by their sort keys
     * (jsonb's equality and order; the datanodes compute the same keys when the window is pushed).
     */
    private static RelNode windowKeys(LogicalProject project) {
        if (!org.apache.calcite.rex.RexOver.containsOver(project.getProjects(), null)) {
            return project;
        }
        RexBuilder rex = project.getCluster().getRexBuilder();
        java.util.function.Predicate<RexNode> jsonb = key -> JsonFunctions.isJsonb(key,
                j -> isJsonb(project.getInput(), j));
        org.apache.calcite.rex.RexShuttle keys = new org.apache.calcite.rex.RexShuttle() {
            @Override
            public RexNode visitOver(org.apache.calcite.rex.RexOver over) {
                org.apache.calcite.rex.RexWindow w = over.getWindow();
                if (w.partitionKeys.stream().noneMatch(jsonb) && w.orderKeys.stream().noneMatch(k -> jsonb.test(k.left))) {
                    return super.visitOver(over);
                }
                List<RexNode> partition = w.partitionKeys.stream()
                        .map(k -> jsonb.test(k) ? JsonFunctions.sortKey(rex, k) : k).toList();
                List<org.apache.calcite.rex.RexFieldCollation> order = w.orderKeys.stream()
                        .map(k -> jsonb.test(k.left)
                                ? new org.apache.calcite.rex.RexFieldCollation(JsonFunctions.sortKey(rex, k.left), k.right)
                                : k).toList();
                return rex.makeOver(over.getType(), over.getAggOperator(), over.getOperands(), partition,
                        com.google.common.collect.ImmutableList.copyOf(order), w.getLowerBound(), w.getUpperBound(),
                        w.getExclude(), w.isRows(), true, false, over.isDistinct(), over.ignoreNulls());
            }
        };
        List<RexNode> projects = project.getProjects().stream().map(e -> e.accept(keys)).toList();
        return projects.equals(project.getProjects()) ? project
                : project.copy(project.getTraitSet(), project.getInput(), projects, project.getRowType());
    }

    /**
     * A UNION (not ALL) of jsonb values as a grouping of their UNION ALL, which {@link #groupByKeys} groups in
     * jsonb's equality ({@code select '1'::jsonb union select '1.0'::jsonb} is one row).
     */
    private static RelNode unionByKeys(org.apache.calcite.rel.logical.LogicalUnion union) {
        int n = union.getRowType().getFieldCount();
        boolean any = false;
        for (int i = 0; i < n && !any; i++) {
            any = isJsonb(union, i);
        }
        if (union.all || !any) {
            return union;
        }
        RelNode all = org.apache.calcite.rel.logical.LogicalUnion.create(union.getInputs(), true);
        return groupByKeys(LogicalAggregate.create(all, List.of(), ImmutableBitSet.range(n), null, List.of()));
    }
}
