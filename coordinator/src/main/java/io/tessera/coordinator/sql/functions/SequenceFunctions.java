package io.tessera.coordinator.sql.functions;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.sql.exec.TesseraDataContext;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.ScalarFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.ListSqlOperatorTable;
import org.apache.calcite.sql.validate.SqlNameMatcher;

/**
 * PostgreSQL's sequence functions (https://www.postgresql.org/docs/15/functions-sequence.html):
 * {@code nextval(regclass)}, {@code currval(regclass)}, {@code setval(regclass, bigint [, boolean])} and
 * {@code lastval()}, all returning bigint. The sequence is named by text ({@code nextval('s')}, folded as an
 * identifier is: {@code 'S'} is {@code s}, {@code '"S"'} is {@code S}).
 *
 * <p>They are volatile: never folded at planning time, evaluated once per row. The compiled code reaches the
 * session through the statement's {@link TesseraDataContext} ({@link Access}).
 */
public final class SequenceFunctions {
    /** What the functions need from the session that runs the statement. */
    public interface Access {
        long nextval(String name);

        long currval(String name);

        long setval(String name, long value, boolean isCalled);

        long lastval();

        /** The sequence's {@code last_value} and {@code is_called}, without taking a value (SELECT FROM a sequence). */
        io.tessera.coordinator.catalog.SequenceStore.Counter state(String name);
    }

    /** The operator table holding the four functions. */
    public static final SqlOperatorTable TABLE = new FreshInstanceTable();

    private static final java.util.concurrent.atomic.AtomicInteger CALL_SITES = new java.util.concurrent.atomic.AtomicInteger();

    private SequenceFunctions() {
    }

    /** Runtime of {@code nextval(name)}; null in, null out (the function is strict). */
    public static Long nextval(DataContext root, Object name, int callSite) {
        return name == null ? null : access(root).nextval(name.toString());
    }

    public static Long currval(DataContext root, Object name, int callSite) {
        return name == null ? null : access(root).currval(name.toString());
    }

    public static Long setval(DataContext root, Object name, Object value, int callSite) {
        return setval(root, name, value, Boolean.TRUE, callSite);
    }

    public static Long setval(DataContext root, Object name, Object value, Object isCalled, int callSite) {
        if (name == null || value == null || isCalled == null) {
            return null;
        }
        return access(root).setval(name.toString(), ((Number) value).longValue(), (Boolean) isCalled);
    }

    public static Long lastval(DataContext root, int callSite) {
        return access(root).lastval();
    }

    private static Access access(DataContext root) {
        Access a = TesseraDataContext.statement(root).sequences();
        if (a == null) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "sequence functions are not available here");
        }
        return a;
    }

    private static SqlOperator function(String name, SqlTypeFamily... families) {
        Impl impl = new Impl(name);
        List<SqlTypeFamily> list = List.of(families);
        org.apache.calcite.sql.type.SqlOperandMetadata operands = OperandTypes.operandMetadata(list,
                tf -> list.stream().map(f -> tf.createTypeWithNullability(f.getDefaultConcreteType(tf), true)).toList(),
                i -> "arg" + i, i -> false);
        // each lookup makes its own instance: nextval('s'), nextval('s') are two values
        return new PerCallFunction(new SqlIdentifier(name, SqlParserPos.ZERO), org.apache.calcite.sql.SqlKind.OTHER_FUNCTION,
                ReturnTypes.explicit(SqlTypeName.BIGINT).andThen(org.apache.calcite.sql.type.SqlTypeTransforms.FORCE_NULLABLE),
                null, operands, impl, org.apache.calcite.sql.SqlSyntax.FUNCTION, true);
    }

    /** The Calcite function whose implementor calls the static method of the same name with the DataContext. */
    private record Impl(String javaName) implements ScalarFunction, ImplementableFunction {
        @Override
        public List<FunctionParameter> getParameters() {
            return List.of();
        }

        @Override
        public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
            return typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.BIGINT), true);
        }

        @Override
        public CallImplementor getImplementor() {
            return (translator, call, nullAs) -> {
                List<Expression> args = new ArrayList<>();
                args.add(translator.getRoot());
                for (Expression e : translator.translateList(call.getOperands())) {
                    args.add(Expressions.box(e));
                }
                // a distinct constant per call site: the code generator would otherwise share one result between
                // equal calls of a row (nextval('s'), nextval('s') must be two values)
                args.add(Expressions.constant(CALL_SITES.incrementAndGet()));
                Type[] types = new Type[args.size()];
                types[0] = DataContext.class;
                for (int i = 1; i < types.length - 1; i++) {
                    types[i] = Object.class;
                }
                types[types.length - 1] = int.class;
                try {
                    return Expressions.call(SequenceFunctions.class.getMethod(javaName, toClasses(types)),
                            convertAll(args));
                } catch (NoSuchMethodException e) {
                    throw new IllegalStateException(e);
                }
            };
        }

        private static Class<?>[] toClasses(Type[] types) {
            Class<?>[] out = new Class<?>[types.length];
            for (int i = 0; i < types.length; i++) {
                out[i] = (Class<?>) types[i];
            }
            return out;
        }

        private static List<Expression> convertAll(List<Expression> args) {
            List<Expression> out = new ArrayList<>();
            out.add(args.get(0));
            for (int i = 1; i < args.size() - 1; i++) {
                out.add(Expressions.convert_(args.get(i), Object.class));
            }
            out.add(args.get(args.size() - 1));
            return out;
        }
    }

    /**
     * Looks the functions up case-insensitively, as PostgreSQL's folded names need, and returns fresh operator
     * instances on every lookup (see {@code equals} above).
     */
    private static final class FreshInstanceTable implements SqlOperatorTable {
        private static List<SqlOperator> all() {
            return List.of(
                    function("nextval", SqlTypeFamily.CHARACTER),
                    function("currval", SqlTypeFamily.CHARACTER),
                    function("setval", SqlTypeFamily.CHARACTER, SqlTypeFamily.INTEGER),
                    function("setval", SqlTypeFamily.CHARACTER, SqlTypeFamily.INTEGER, SqlTypeFamily.BOOLEAN),
                    function("lastval"));
        }

        @Override
        public void lookupOperatorOverloads(SqlIdentifier opName, SqlFunctionCategory category, SqlSyntax syntax,
                List<SqlOperator> operatorList, SqlNameMatcher nameMatcher) {
            // pg_catalog.setval(...), as pg_dump writes it, is the same function
            boolean catalogQualified = opName.names.size() == 2 && opName.names.get(0).equalsIgnoreCase("pg_catalog");
            if ((!opName.isSimple() && !catalogQualified) || syntax != SqlSyntax.FUNCTION) {
                return;
            }
            String name = opName.names.get(opName.names.size() - 1);
            for (SqlOperator op : all()) {
                if (op.getName().equalsIgnoreCase(name)) {
                    operatorList.add(op);
                }
            }
        }

        @Override
        public List<SqlOperator> getOperatorList() {
            return all();
        }
    }
}
