package io.tessera.sql.parser;

import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeTransforms;

/**
 * PostgreSQL's json and jsonb operators as the parser builds them ({@code j -> 'a'} is a call of {@link #FIELD}
 * on j and 'a'): {@code -> ->> #> #>>} (json and jsonb), {@code #-} and {@code ? ?| ?&} (jsonb; the client's
 * {@code ?} reaches the grammar as {@link #EXISTS_MARK}, since {@code ?} is Calcite's parameter mark). The coordinator's
 * {@code JsonFunctions} types and evaluates them; {@code @>}, {@code <@}, {@code ||} and {@code -} of jsonb are the
 * array and string operators' tokens, told apart by their operands' types there.
 *
 * <p>Precedence: PostgreSQL's "any other operator" group, as {@link ArrayOperators}'.
 * https://www.postgresql.org/docs/15/functions-json.html
 */
public final class JsonOperators {
    private static final int PRECEDENCE = 36;

    /** {@code j -> key} or {@code j -> index}: a json or jsonb value. */
    public static final SqlBinaryOperator FIELD = operator("->");
    /** {@code j ->> key} or {@code j ->> index}: text. */
    public static final SqlBinaryOperator FIELD_TEXT = operator("->>");
    /** {@code j #> path}: a json or jsonb value. */
    public static final SqlBinaryOperator PATH = operator("#>");
    /** {@code j #>> path}: text. */
    public static final SqlBinaryOperator PATH_TEXT = operator("#>>");
    /** {@code j #- path}. */
    public static final SqlBinaryOperator DELETE_PATH = operator("#-");

    /** {@code jb ? key}: whether the key (or string element) exists. */
    public static final SqlBinaryOperator EXISTS = operator("?");
    /** {@code jb ?| keys}: whether any of the text[] keys exists. */
    public static final SqlBinaryOperator EXISTS_ANY = operator("?|");
    /** {@code jb ?& keys}: whether all of the text[] keys exist. */
    public static final SqlBinaryOperator EXISTS_ALL = operator("?&");

    /**
     * What the client's {@code ?} (PostgreSQL's operator character: its protocol has only {@code $n} parameters)
     * becomes in the text given to Calcite, whose lexer reads a bare {@code ?} as a parameter mark: {@code ?} followed
     * by a digit, which a parameter mark never is ({@code $10} is one parameter). The grammar's tokens {@code ?0},
     * {@code ?0|} and {@code ?0&} are {@link #EXISTS}, {@link #EXISTS_ANY} and {@link #EXISTS_ALL}.
     */
    public static final String EXISTS_MARK = "?0";

    /** All of them. */
    public static final java.util.List<SqlBinaryOperator> ALL = java.util.List.of(FIELD, FIELD_TEXT, PATH,
            PATH_TEXT, DELETE_PATH, EXISTS, EXISTS_ANY, EXISTS_ALL);

    /**
     * The first argument of the {@code array_agg} call that stands for {@code json_agg}, {@code jsonb_agg},
     * {@code json_object_agg} or {@code jsonb_object_agg} (the marker, then the function's name): Calcite's grammar
     * takes an ORDER BY among the arguments only for its own aggregates, so {@code json_agg(x ORDER BY y)} is parsed
     * as {@code array_agg('<mark>json_agg', x ORDER BY y)}, and the coordinator's {@code JsonFunctions} makes the
     * json of the array.
     */
    public static final String AGGREGATE_MARK = "tessera.json_aggregate:";

    /** The aggregates {@link #AGGREGATE_MARK} stands for. */
    public static final java.util.Set<String> AGGREGATES = java.util.Set.of("json_agg", "jsonb_agg",
            "json_object_agg", "jsonb_object_agg");

    private JsonOperators() {
    }

    /**
     * The name of the json aggregate that {@code call} stands for ({@link #AGGREGATE_MARK}), or null when it is
     * not such an {@code array_agg} call.
     */
    public static String aggregate(org.apache.calcite.sql.SqlCall call) {
        if (call.getKind() != SqlKind.ARRAY_AGG && !call.getOperator().getName().equalsIgnoreCase("array_agg")
                || call.operandCount() < 1
                || !(call.operand(0) instanceof org.apache.calcite.sql.SqlCharStringLiteral mark)) {
            return null;
        }
        String text = mark.getValueAs(String.class);
        return text.startsWith(AGGREGATE_MARK) ? text.substring(AGGREGATE_MARK.length()) : null;
    }

    /** Whether {@code op} is one of these operators. */
    public static boolean is(SqlOperator op) {
        return ALL.contains(op);
    }

    /** Whether the {@code ?} at {@code i} of Calcite's text is a parameter mark, not {@link #EXISTS_MARK}'s. */
    public static boolean isParameterMark(CharSequence sql, int i) {
        return sql.charAt(i) == '?' && (i + 1 >= sql.length() || sql.charAt(i + 1) != EXISTS_MARK.charAt(1));
    }

    private static SqlBinaryOperator operator(String name) {
        boolean predicate = name.startsWith("?");
        return new SqlBinaryOperator(name, SqlKind.OTHER, PRECEDENCE, true, predicate ? ReturnTypes.BOOLEAN_NULLABLE
                : ReturnTypes.explicit(org.apache.calcite.sql.type.SqlTypeName.VARCHAR)
                        .andThen(SqlTypeTransforms.FORCE_NULLABLE), InferTypes.FIRST_KNOWN, OperandTypes.ANY_ANY);
    }
}
