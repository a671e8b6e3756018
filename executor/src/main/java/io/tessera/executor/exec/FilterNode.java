package io.tessera.executor.exec;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.executor.expr.CompiledExpr;
import java.util.List;

/** The rows of its input for which a condition is TRUE (NULL and FALSE drop the row, as in a WHERE clause). */
public final class FilterNode implements RowSource {
    private final RowSource input;
    private final CompiledExpr condition;

    /**
     * @param condition a boolean expression over the input row
     * @throws TesseraException 42804 when the condition is not boolean
     */
    public FilterNode(RowSource input, CompiledExpr condition) {
        if (condition.type() != PgType.BOOL) {
            throw new TesseraException(SqlState.DATATYPE_MISMATCH,
                    "argument of WHERE must be type boolean, not type " + condition.type().sqlName());
        }
        this.input = input;
        this.condition = condition;
    }

    @Override
    public Object[] next() {
        for (Object[] row = input.next(); row != null; row = input.next()) {
            if (condition.test(row)) {
                return row;
            }
        }
        return null;
    }

    @Override
    public List<PgType> types() {
        return input.types();
    }

    @Override
    public void close() {
        input.close();
    }
}
