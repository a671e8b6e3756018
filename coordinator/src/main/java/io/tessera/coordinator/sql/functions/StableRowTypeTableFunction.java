package io.tessera.coordinator.sql.functions;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.TableFunction;
import org.apache.calcite.schema.impl.TableFunctionImpl;

/**
 * A reflective table function ({@link TableFunctionImpl}) whose row type does not depend on its argument values,
 * usable with arguments that are not constants ({@code generate_series(0, array_upper(a, 1))} in a correlated
 * subquery, as psql sends). Calcite derives a table function's row type by calling the Java method with the
 * constant arguments — and fails when an argument is an expression; this wrapper calls it with stand-ins
 * (1, converted to the parameter's type) where the value is not known, and delegates everything else.
 */
public final class StableRowTypeTableFunction implements TableFunction, ImplementableFunction {
    private final TableFunctionImpl delegate;
    private final Class<?>[] parameterTypes;

    private StableRowTypeTableFunction(TableFunctionImpl delegate, Class<?>[] parameterTypes) {
        this.delegate = delegate;
        this.parameterTypes = parameterTypes;
    }

    /** Wraps {@code TableFunctionImpl.create(method)}. */
    public static TableFunction of(java.lang.reflect.Method method) {
        return new StableRowTypeTableFunction((TableFunctionImpl) TableFunctionImpl.create(method),
                method.getParameterTypes());
    }

    private List<Object> standIns(List<?> arguments) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            Object a = arguments.get(i);
            Class<?> t = i < parameterTypes.length ? parameterTypes[i] : Object.class;
            Number n = a instanceof Number number ? number : 1;
            if (t == int.class || t == Integer.class) {
                out.add(n.intValue());
            } else if (t == long.class || t == Long.class) {
                out.add(n.longValue());
            } else {
                out.add(a);
            }
        }
        return out;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory, List<? extends Object> arguments) {
        return delegate.getRowType(typeFactory, standIns(arguments));
    }

    @Override
    public Type getElementType(List<? extends Object> arguments) {
        return delegate.getElementType(standIns(arguments));
    }

    @Override
    public List<FunctionParameter> getParameters() {
        return delegate.getParameters();
    }

    @Override
    public CallImplementor getImplementor() {
        return delegate.getImplementor();
    }
}
