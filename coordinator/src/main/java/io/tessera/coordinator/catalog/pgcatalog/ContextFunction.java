package io.tessera.coordinator.catalog.pgcatalog;

import io.tessera.coordinator.sql.PgTypeSystem;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.adapter.enumerable.EnumUtils;
import org.apache.calcite.adapter.enumerable.NullPolicy;
import org.apache.calcite.adapter.enumerable.RexImpTable;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.ScalarFunction;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A scalar SQL function implemented by a static Java method whose first parameter is the statement's
 * {@link org.apache.calcite.DataContext} (so it can read the catalog snapshot and the session) and whose other
 * parameters and result use Calcite's Java representation of the declared SQL types (boxed, so NULL arrives as
 * null; {@link SqlTypeName#ANY} is {@code Object}, ARRAY a {@code java.util.List}).
 *
 * <p>Calcite's own {@code ScalarFunctionImpl} cannot pass the DataContext; this one generates
 * {@code method(root, args...)} through {@link RexImpTable#createImplementor}.
 */
final class ContextFunction implements ScalarFunction, ImplementableFunction {
    private final Method method;
    private final SqlTypeName returnType;
    private final SqlTypeName[] parameterTypes;
    private final boolean strict;
    private final boolean isVolatile;

    /**
     * @param strict whether the function returns NULL for any NULL argument without being called
     *     (PostgreSQL's STRICT)
     * @param isVolatile whether each call is a call of its own, never merged with an equal one or folded
     *     (PostgreSQL's VOLATILE: {@link VolatileFunctions})
     */
    ContextFunction(Method method, boolean strict, boolean isVolatile, SqlTypeName returnType,
            SqlTypeName... parameterTypes) {
        if (method.getParameterCount() != parameterTypes.length + 1) {
            throw new IllegalArgumentException(method + " does not take " + parameterTypes.length + " arguments");
        }
        this.method = method;
        this.strict = strict;
        this.isVolatile = isVolatile;
        this.returnType = returnType;
        this.parameterTypes = parameterTypes;
    }

    /** Whether the function is volatile (see the constructor). */
    boolean isVolatile() {
        return isVolatile;
    }

    @Override
    public RelDataType getReturnType(RelDataTypeFactory f) {
        return f.createTypeWithNullability(type(f, returnType), true);
    }

    private static RelDataType type(RelDataTypeFactory f, SqlTypeName t) {
        if (t == SqlTypeName.ARRAY) {
            return f.createArrayType(f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true), -1);
        }
        if (t == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
            // the engine's full precision (6 under engine.microseconds), as PostgreSQL's timestamptz without a typmod:
            // with 3, now() = current_timestamp cast current_timestamp to timestamptz(3) and rounded it (false)
            return f.createSqlType(t, PgTypeSystem.timestampPrecision());
        }
        return f.createSqlType(t);
    }

    @Override
    public List<FunctionParameter> getParameters() {
        List<FunctionParameter> out = new ArrayList<>();
        for (int i = 0; i < parameterTypes.length; i++) {
            int ordinal = i;
            out.add(new FunctionParameter() {
                @Override
                public int getOrdinal() {
                    return ordinal;
                }

                @Override
                public String getName() {
                    return "arg" + ordinal;
                }

                @Override
                public RelDataType getType(RelDataTypeFactory f) {
                    return f.createTypeWithNullability(type(f, parameterTypes[ordinal]), true);
                }

                @Override
                public boolean isOptional() {
                    return false;
                }
            });
        }
        return out;
    }

    @Override
    public CallImplementor getImplementor() {
        return RexImpTable.createImplementor((translator, call, operands) -> {
            List<Expression> args = new ArrayList<>();
            args.add(isVolatile ? VolatileFunctions.callSite(translator.getRoot()) : translator.getRoot());
            Type[] javaTypes = method.getGenericParameterTypes();
            for (int i = 0; i < operands.size(); i++) {
                args.add(EnumUtils.convert(operands.get(i), (Class<?>) erase(javaTypes[i + 1])));
            }
            return Expressions.call(method, args);
        }, strict ? NullPolicy.STRICT : NullPolicy.NONE, false);
    }

    private static Class<?> erase(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof java.lang.reflect.ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }
}
