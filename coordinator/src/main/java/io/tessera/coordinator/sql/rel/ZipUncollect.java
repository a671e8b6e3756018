package io.tessera.coordinator.sql.rel;

import com.google.common.primitives.Ints;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.EnumerableUncollect;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.function.Function1;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.Uncollect;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import org.apache.calcite.runtime.FlatLists;
import org.apache.calcite.runtime.SqlFunctions.FlatProductInputType;
import org.apache.calcite.sql.type.MapSqlType;
import org.apache.calcite.util.BuiltInMethod;

/**
 * PostgreSQL's {@code unnest(a, b, ...)} of several arrays in FROM: the arrays side by side, row i holding each
 * array's i-th element, the shorter arrays padded with NULLs, a NULL array counting as empty, a multi-dimensional
 * array read in storage order ({@code ExecMakeTableFunctionResult} over {@code ROWS FROM}; the SQL standard's UNNEST
 * zips the same way). Calcite's {@code EnumerableUncollect} forms the arrays' cross product instead, which returned
 * six rows for {@code unnest(array[1,2], array['a','b','c'])} where PostgreSQL returns three. One array is unnested
 * by Calcite's code, as before. An array typed as an array of arrays ({@code array[[1,2],[3,4]]}) is refused (0A000):
 * Calcite would return its sub-arrays where PostgreSQL returns the elements.
 */
public final class ZipUncollect extends EnumerableUncollect {
    /** Replaces Calcite's {@code EnumerableUncollectRule} (whose class is not public). */
    public static final ConverterRule RULE = new ConverterRule(ConverterRule.Config.INSTANCE
            .withConversion(Uncollect.class, Convention.NONE, EnumerableConvention.INSTANCE, "ZipUncollectRule")
            .withRuleFactory(c -> null)) {
        @Override
        public RelNode convert(RelNode rel) {
            Uncollect uncollect = (Uncollect) rel;
            RelNode input = uncollect.getInput();
            for (RelDataTypeField f : input.getRowType().getFieldList()) {
                RelDataType element = f.getType().getComponentType();
                if (element != null && element.getComponentType() != null) { // Calcite would return the sub-arrays
                    throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                            "unnest of a multidimensional array constructor is not supported");
                }
            }
            return new ZipUncollect(rel.getCluster(), uncollect.getTraitSet().replace(EnumerableConvention.INSTANCE),
                    convert(input, input.getTraitSet().replace(EnumerableConvention.INSTANCE)),
                    uncollect.withOrdinality);
        }
    };

    private ZipUncollect(RelOptCluster cluster, RelTraitSet traits, RelNode input, boolean withOrdinality) {
        super(cluster, traits, input, withOrdinality);
    }

    @Override
    public EnumerableUncollect copy(RelTraitSet traitSet, RelNode newInput) {
        return new ZipUncollect(getCluster(), traitSet, newInput, withOrdinality);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        List<RelDataTypeField> arrays = getInput().getRowType().getFieldList();
        if (arrays.size() < 2) {
            return super.implement(implementor, pref);
        }
        BlockBuilder builder = new BlockBuilder();
        Result result = implementor.visitChild(this, 0, (org.apache.calcite.adapter.enumerable.EnumerableRel) getInput(),
                pref);
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.LIST);
        Expression child = builder.append("child", result.block);
        List<Integer> widths = new ArrayList<>();
        List<FlatProductInputType> kinds = new ArrayList<>();
        for (RelDataTypeField field : arrays) {
            RelDataType type = field.getType();
            if (type instanceof MapSqlType) {
                widths.add(2);
                kinds.add(FlatProductInputType.MAP);
            } else if (type.getComponentType() != null && type.getComponentType().isStruct()) {
                widths.add(type.getComponentType().getFieldCount());
                kinds.add(FlatProductInputType.LIST);
            } else {
                widths.add(1);
                kinds.add(FlatProductInputType.SCALAR);
            }
        }
        Expression zip = Expressions.call(ZipUncollect.class, "zip", Expressions.constant(Ints.toArray(widths)),
                Expressions.constant(withOrdinality),
                Expressions.constant(kinds.toArray(new FlatProductInputType[0])));
        builder.add(Expressions.return_(null, Expressions.call(child, BuiltInMethod.SELECT_MANY.method, zip)));
        return implementor.result(physType, builder.toBlock());
    }

    /**
     * The rows of one input row's arrays, zipped (called by the generated code).
     *
     * @param widths the columns each array gives (1 for scalar elements, the field count for composite ones, 2 for
     *     a map's entries)
     * @param withOrdinality whether each row ends with its 1-based position (an int)
     * @param kinds how each array's elements are held
     * @return a function from the input row (an {@code Object[]} of the arrays, each a {@code List} or null) to the
     *     output rows, each a {@code List} of {@code sum(widths)} (+1) values
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Function1<Object, Enumerable<List<Object>>> zip(int[] widths, boolean withOrdinality,
            FlatProductInputType[] kinds) {
        return row -> {
            Object[] arrays = (Object[]) row;
            List<List<?>> elements = new ArrayList<>(arrays.length);
            int rows = 0;
            int columns = withOrdinality ? 1 : 0;
            for (int i = 0; i < arrays.length; i++) {
                List<?> e = elements(arrays[i], kinds[i]);
                elements.add(e);
                rows = Math.max(rows, e.size());
                columns += widths[i];
            }
            List<List<Object>> out = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                Object[] values = new Object[columns];
                int c = 0;
                for (int i = 0; i < arrays.length; i++) {
                    List<?> e = elements.get(i);
                    Object v = r < e.size() ? e.get(r) : null;
                    if (kinds[i] == FlatProductInputType.SCALAR) {
                        values[c] = v;
                    } else if (v != null) {
                        List<?> fields = (List<?>) v;
                        for (int f = 0; f < widths[i]; f++) {
                            values[c + f] = fields.get(f);
                        }
                    }
                    c += widths[i];
                }
                if (withOrdinality) {
                    values[c] = r + 1;
                }
                out.add(FlatLists.ofComparable((List) Arrays.asList(values)));
            }
            return Linq4j.asEnumerable(out);
        };
    }

    /** The elements of one array in order (a multi-dimensional one flattened), a map's entries as pairs. */
    private static List<?> elements(Object array, FlatProductInputType kind) {
        if (array == null) {
            return List.of();
        }
        if (kind == FlatProductInputType.MAP) {
            List<List<Object>> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) array).entrySet()) {
                entries.add(Arrays.asList(e.getKey(), e.getValue()));
            }
            return entries;
        }
        if (kind == FlatProductInputType.LIST) {
            return (List<?>) array;
        }
        List<Object> flat = new ArrayList<>();
        flatten((List<?>) array, flat);
        return flat;
    }

    private static void flatten(List<?> array, List<Object> into) {
        for (Object o : array) {
            if (o instanceof List<?> inner) {
                flatten(inner, into);
            } else {
                into.add(o);
            }
        }
    }
}
