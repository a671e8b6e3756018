package io.tessera.executor.expr;

import io.tessera.common.types.PgType;

/**
 * PostgreSQL's integer bitwise operators ({@code int2and} ... {@code int8shr}, src/backend/utils/adt/int.c and
 * int8.c) on values of one integer type, shared by the datanodes' {@link ExprCompiler} and the coordinator's
 * runtime so that an expression means the same wherever it runs.
 *
 * <p>Operands and results are the integer's value as a long, in range for {@code type} (smallint, integer or
 * bigint: the operator's result type, which is also its first operand's). {@code &}, {@code |}, {@code #} and
 * {@code ~} cannot leave the range. A shift is computed in C's width for the type (a smallint is promoted to a
 * 32-bit int, as C does, and the result truncated back to 16 bits) with the shift count taken modulo that width,
 * which is what the x86-64 shift instructions PostgreSQL's {@code arg1 << arg2} compiles to do: {@code 1 << 40} is
 * 256, {@code 1::bigint << 40} is 1099511627776, {@code -8 >> 1} is -4 (arithmetic shift).
 * https://www.postgresql.org/docs/15/functions-math.html
 */
public final class Bitwise {
    private Bitwise() {
    }

    /** {@code a & b}. */
    public static long and(long a, long b) {
        return a & b;
    }

    /** {@code a | b}. */
    public static long or(long a, long b) {
        return a | b;
    }

    /** {@code a # b} (exclusive or). */
    public static long xor(long a, long b) {
        return a ^ b;
    }

    /** {@code ~a}. */
    public static long not(long a) {
        return ~a;
    }

    /** {@code a << n} in {@code type}'s width (see the class comment). */
    public static long shiftLeft(long a, long n, PgType type) {
        return switch (type) {
            case INT2 -> (short) ((int) a << (int) n);
            case INT4 -> (int) a << (int) n;
            default -> a << n;
        };
    }

    /** {@code a >> n}, arithmetic, in {@code type}'s width (see the class comment). */
    public static long shiftRight(long a, long n, PgType type) {
        return switch (type) {
            case INT2 -> (short) ((int) a >> (int) n);
            case INT4 -> (int) a >> (int) n;
            default -> a >> n;
        };
    }
}
