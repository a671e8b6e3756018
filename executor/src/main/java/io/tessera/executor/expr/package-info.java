/**
 * Scalar expression evaluation shared by coordinator and datanodes.
 *
 * <p>A fragment carries its expressions as {@code expr.proto} trees; {@link io.tessera.executor.expr.ExprCompiler}
 * turns each into a {@link io.tessera.executor.expr.CompiledExpr} once per fragment (DESIGN.md "Query processing":
 * expressions are compiled or interpreted once per fragment, never per row). Compilation resolves operand types,
 * comparison domains, casts, LIKE patterns and IN-list sets; evaluation walks a tree of small lambdas over
 * {@code Object[]} rows in {@link io.tessera.common.types.PgType}'s Java representations. {@link
 * io.tessera.executor.expr.Casts} and {@link io.tessera.executor.expr.Values} hold PostgreSQL's conversion and
 * ordering rules. Compiled expressions hold no per-row state and may be shared between threads.
 */
package io.tessera.executor.expr;
