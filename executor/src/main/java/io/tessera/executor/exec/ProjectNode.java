package io.tessera.executor.exec;

import io.tessera.common.types.PgType;
import io.tessera.executor.expr.CompiledExpr;
import java.util.ArrayList;
import java.util.List;

/** One output column per expression over its input row (a SELECT list). The output array is reused. */
public final class ProjectNode implements RowSource {
    private final RowSource input;
    private final CompiledExpr[] exprs;
    private final List<PgType> types;
    private final Object[] out;

    /** @param exprs the output columns, each over the input row */
    public ProjectNode(RowSource input, List<CompiledExpr> exprs) {
        this.input = input;
        this.exprs = exprs.toArray(new CompiledExpr[0]);
        List<PgType> t = new ArrayList<>();
        for (CompiledExpr e : exprs) {
            t.add(e.type());
        }
        this.types = List.copyOf(t);
        this.out = new Object[this.exprs.length];
    }

    @Override
    public Object[] next() {
        Object[] row = input.next();
        if (row == null) {
            return null;
        }
        for (int i = 0; i < exprs.length; i++) {
            out[i] = exprs[i].eval(row);
        }
        return out;
    }

    @Override
    public List<PgType> types() {
        return types;
    }

    @Override
    public void close() {
        input.close();
    }
}
