package io.tessera.coordinator.sql.functions;

import org.apache.calcite.schema.Function;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.type.SqlOperandMetadata;
import org.apache.calcite.sql.type.SqlOperandTypeInference;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * A function whose every call is an expression of its own: not deterministic, and equal only to itself. Calcite
 * treats two equal calls in one row as one common sub-expression (a {@link SqlUserDefinedFunction} equals another of
 * the same class, name and kind, and RexProgramBuilder keeps one of two equal calls), so {@code nextval('s'),
 * nextval('s')} or {@code random() = random()} would be evaluated once; each lookup of such a function makes a new
 * instance of this class instead, which no rule merges, folds or reduces.
 */
public class PerCallFunction extends SqlUserDefinedFunction {
    private final boolean dynamic;

    /**
     * @param dynamic also {@link #isDynamicFunction dynamic}: never reduced to a constant at planning, even with
     *     constant arguments (a plan with it is not cached with its values)
     */
    public PerCallFunction(SqlIdentifier name, SqlKind kind, SqlReturnTypeInference returnType,
            SqlOperandTypeInference operandTypeInference, SqlOperandMetadata operands, Function function,
            SqlSyntax syntax, boolean dynamic) {
        super(name, kind, returnType, operandTypeInference, operands, function, syntax);
        this.dynamic = dynamic;
    }

    @Override
    public boolean isDeterministic() {
        return false;
    }

    @Override
    public boolean isDynamicFunction() {
        return dynamic || super.isDynamicFunction();
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
