package io.tessera.coordinator.sql.functions;

import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.adapter.enumerable.AggAddContext;
import org.apache.calcite.adapter.enumerable.AggImplementor;
import org.apache.calcite.adapter.enumerable.RexImpTable;
import org.apache.calcite.linq4j.tree.BlockStatement;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableAggFunction;

/**
 * Shared pieces of the coordinator's aggregates that generate their own code ({@link ArrayAgg},
 * {@link OrderedSetAggregates}): the function behind a {@code SqlUserDefinedAggFunction} whose type is its call's,
 * and the FILTER test around an add.
 */
final class CallTypedAggregates {
    private CallTypedAggregates() {
    }

    /** The function behind an internal aggregate named {@code name}: only its implementor matters. */
    static ImplementableAggFunction function(String name, Supplier<AggImplementor> implementor) {
        return new ImplementableAggFunction() {
            @Override
            public AggImplementor getImplementor(boolean windowContext) {
                return implementor.get();
            }

            @Override
            public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
                throw new UnsupportedOperationException("the type of " + name + " is its call's");
            }

            @Override
            public List<FunctionParameter> getParameters() {
                return List.of();
            }
        };
    }

    /** Adds {@code body} to the add block, run only for rows that pass the call's FILTER (if it has one). */
    static void addFiltered(AggAddContext add, BlockStatement body) {
        RexNode filter = add.rexFilterArgument();
        if (filter == null) {
            add.currentBlock().add(body);
        } else {
            Expression passes = add.rowTranslator().translateList(List.of(filter), RexImpTable.NullAs.FALSE).get(0);
            add.currentBlock().add(Expressions.ifThen(passes, body));
        }
    }
}
