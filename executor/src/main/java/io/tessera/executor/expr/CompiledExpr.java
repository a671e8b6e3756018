package io.tessera.executor.expr;

import io.tessera.common.types.PgType;
import io.tessera.protocol.expr.Expr;
import java.util.List;

/**
 * A scalar expression compiled once per fragment into a tree of evaluator nodes ({@link ExprCompiler}); evaluating
 * it per row does no type dispatch on the expression's shape, only on values where SQL requires it.
 *
 * <p>Values are the {@link PgType} Java representations; NULL is {@code null}. Instances are immutable and may be
 * shared between threads (nodes hold no per-row state).
 */
public final class CompiledExpr {
    /** One evaluator node: the value of a sub-expression for an input row. */
    @FunctionalInterface
    public interface Node {
        Object eval(Object[] row);
    }

    private final Node node;
    private final PgType type;
    private final boolean constant;

    CompiledExpr(Node node, PgType type, boolean constant) {
        this.node = node;
        this.type = type;
        this.constant = constant;
    }

    /** Compiles {@code expr} over input rows whose column {@code i} has type {@code inputTypes.get(i)}. */
    public static CompiledExpr compile(Expr expr, List<PgType> inputTypes) {
        return ExprCompiler.compile(expr, inputTypes);
    }

    /** The value for {@code row}, or null for SQL NULL. */
    public Object eval(Object[] row) {
        return node.eval(row);
    }

    /** Whether the expression is TRUE for {@code row} (NULL and FALSE are not): a WHERE clause's test. */
    public boolean test(Object[] row) {
        return Boolean.TRUE.equals(node.eval(row));
    }

    /**
     * Whether the value was computed once, at compile time, and is the same for every row: a literal, or an
     * expression reading no column whose evaluation did not fail (sub-expressions reading no column are folded
     * likewise inside one that does).
     */
    public boolean constant() {
        return constant;
    }

    /** The result type. */
    public PgType type() {
        return type;
    }
}
