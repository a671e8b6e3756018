package io.tessera.coordinator.sql.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.adapter.enumerable.EnumerableValues;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * A compiled plan that is one row of parameters — the source of a single-row {@code INSERT ... VALUES ($1, $2, ...,
 * CURRENT_TIMESTAMP)}, pgbench's history INSERT — evaluated without Calcite's enumerable code. Calcite plans such a
 * VALUES as
 * <pre>
 *   EnumerableCalc(exprs: ?0, CAST(?1 AS type), CURRENT_TIMESTAMP, ...)
 *     EnumerableValues(one row)
 * </pre>
 * whose compiled form wraps the row in linq4j enumerables on every execution. The parameters are already bound
 * to the types validation inferred for them (the session's {@code bind}, through {@link Coercion}), so a CAST to
 * the type its operand already has changes nothing, and the value is what the compiled code would read from the
 * data context. The row's conversion to the table's columns stays where it is for every INSERT source
 * ({@link InsertExecutor#toRow}).
 *
 * <p>Only these expressions are taken: a parameter, a CAST to its operand's own type, NULL, and
 * {@code now()}/{@code CURRENT_TIMESTAMP}/{@code LOCALTIMESTAMP} (the transaction's start, as the compiled code
 * reads it from the data context). Anything else (a conversion, an arithmetic, a default's function call, a CHECK
 * constraint's value) leaves the plan to its compiled form: {@link #of} returns null.
 */
public final class DirectValues implements DirectPlan {
    private final List<Function<DataContext, Object>> values;

    private DirectValues(List<Function<DataContext, Object>> values) {
        this.values = values;
    }

    /** The direct form of a physical plan, or null when it is not one row of what the class comment lists. */
    public static DirectValues of(RelNode rel) {
        if (!(rel instanceof EnumerableCalc calc) || !(calc.getInput() instanceof EnumerableValues source)
                || source.getTuples().size() != 1) {
            return null;
        }
        RexProgram program = calc.getProgram();
        if (program.getCondition() != null) {
            return null;
        }
        List<Function<DataContext, Object>> values = new ArrayList<>();
        for (RexNode e : program.expandList(program.getProjectList())) {
            Function<DataContext, Object> v = value(e);
            if (v == null) {
                return null;
            }
            values.add(v);
        }
        return new DirectValues(List.copyOf(values));
    }

    /** How to compute {@code e} from the data context, or null when it is not one of the taken expressions. */
    private static Function<DataContext, Object> value(RexNode e) {
        if (e instanceof RexDynamicParam p) {
            String name = "?" + p.getIndex();
            return root -> root.get(name);
        }
        if (e instanceof RexLiteral l && l.isNull()) {
            return root -> null;
        }
        if (!(e instanceof RexCall call)) {
            return null;
        }
        if (call.getKind() == SqlKind.CAST && call.getOperands().size() == 1
                && SqlTypeUtil.equalSansNullability(call.getOperands().get(0).getType(), call.getType())) {
            return value(call.getOperands().get(0));
        }
        if (call.getOperator() == SqlStdOperatorTable.CURRENT_TIMESTAMP && call.getOperands().isEmpty()) {
            return root -> DataContext.Variable.CURRENT_TIMESTAMP.get(root);
        }
        if (call.getOperator() instanceof org.apache.calcite.sql.validate.SqlUserDefinedFunction f
                && f.getName().equalsIgnoreCase("now") && call.getOperands().isEmpty()) {
            // now(), and CURRENT_TIMESTAMP, which the validator makes now() (PgCatalogFunctions.transactionTimestamp)
            return root -> DataContext.Variable.CURRENT_TIMESTAMP.get(root);
        }
        if (call.getOperator() == SqlStdOperatorTable.LOCALTIMESTAMP && call.getOperands().isEmpty()) {
            return root -> DataContext.Variable.LOCAL_TIMESTAMP.get(root);
        }
        return null;
    }

    @Override
    public Enumerator<Object[]> open(DataContext root) {
        Object[] row = new Object[values.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = values.get(i).apply(root);
        }
        return Linq4j.singletonEnumerator(row);
    }
}
