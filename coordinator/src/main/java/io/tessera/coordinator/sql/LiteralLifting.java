package io.tessera.coordinator.sql;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.tessera.common.types.PgType;
import io.tessera.sql.parser.Rewritten;
import io.tessera.sql.parser.SqlLexer;
import io.tessera.sql.parser.TesseraSqlParser;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Generic plans for the simple query protocol: statements that differ only in integer constants — pgbench's
 * {@code SELECT abalance FROM pgbench_accounts WHERE aid = 12345}, an ORM's {@code UPDATE ... WHERE id = 7} — share
 * one plan, with the constants lifted into parameters of type int4, so a new constant costs a cache lookup instead
 * of Calcite planning (milliseconds).
 *
 * <p>What is lifted keeps PostgreSQL's typing: only decimal integer constants that fit int4 (PostgreSQL types such a
 * constant int4, so {@code $n::int4} behaves the same; larger ones, which PostgreSQL types int8 or numeric, stay in
 * the text), and only where a constant and an int4 parameter mean the same: operands of comparisons, of
 * {@code + - * /}, of {@code AND OR NOT}, {@code BETWEEN}, in the WHERE of a query, UPDATE or DELETE, UPDATE's SET
 * values and INSERT's VALUES rows. Never in a select list, GROUP BY, ORDER BY (ordinals), LIMIT/OFFSET, function
 * arguments, type modifiers or subqueries. String constants (PostgreSQL's {@code unknown} type, resolved from
 * context) are never lifted.
 *
 * <p>Which constants of a statement are liftable depends only on its shape, so it is decided once per
 * <em>skeleton</em> (the text with its integer constants blanked) by parsing the first statement of that shape —
 * once per coordinator: the decisions depend on the grammar alone, so all sessions share them ({@link #DECISIONS});
 * the next statement of the same shape, in any session, is lifted by a lexical scan alone. Constants that are not
 * lifted stay in the lifted text verbatim, so statements that differ in them get distinct plans (and distinct
 * {@link PlanCache} keys): a NULL, a string, a number too large for int4 never reach a plan made for an int4. The
 * caller prepares the lifted text (falling back to the original text when that fails) and runs it with
 * {@link Lifted#values()}.
 *
 * <p>Lexical rules (strings, quoted identifiers, comments, dollar quotes, numeric constants):
 * https://www.postgresql.org/docs/15/sql-syntax-lexical.html. Not thread-safe: one per session (the shared
 * decisions are a concurrent cache).
 */
final class LiteralLifting {
    /** Refused shapes remembered per session. */
    static final int CAPACITY = 256;

    /** Shapes whose decision the coordinator remembers (all sessions together). */
    static final int SHARED_CAPACITY = 4096;

    /**
     * A statement with its liftable constants replaced by {@code $1..$n}.
     *
     * @param sql the text with parameters
     * @param parameterTypes their type OIDs (int4)
     * @param values the constants' values ({@link Integer}), by parameter number - 1
     */
    record Lifted(String sql, List<Integer> parameterTypes, List<Object> values) {
    }

    /** The integer constant tokens of a text: start and end offsets, and the skeleton they make. */
    private record Scan(String skeleton, int[] starts, int[] ends) {
    }

    /**
     * Statements with more integer constants than this are not lifted: a multi-row VALUES of thousands of rows would
     * become a plan with thousands of parameters, whose generated code is slow to compile (or too large for the
     * JVM), while with its constants in place Calcite plans it as one constant VALUES.
     */
    static final int MAX_CONSTANTS = 100;

    private static final boolean[] NONE = new boolean[0];

    /**
     * Per skeleton: which of its integer constants are lifted (NONE: nothing is), as parsing decided — for every
     * session of the coordinator. The arrays are never written once published.
     */
    private static final Cache<String, boolean[]> DECISIONS = CacheBuilder.newBuilder()
            .maximumSize(SHARED_CAPACITY).build();

    /** Skeletons whose lifted text this session could not prepare ({@link #refuse}): nothing is lifted. */
    private final Map<String, Boolean> refused = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    /** The statement with its liftable constants as parameters, or null when it has none. */
    Lifted lift(String sql) {
        Scan scan = scan(sql);
        if (scan == null || scan.starts.length == 0 || scan.starts.length > MAX_CONSTANTS) {
            return null;
        }
        if (refused.containsKey(scan.skeleton)) {
            return null;
        }
        boolean[] mask = DECISIONS.getIfPresent(scan.skeleton);
        if (mask == null) {
            mask = decide(sql, scan);
            DECISIONS.put(scan.skeleton, mask);
        }
        if (mask == NONE) {
            return null;
        }
        StringBuilder out = new StringBuilder(sql.length() + 8);
        List<Object> values = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < scan.starts.length; i++) {
            if (!mask[i]) {
                continue;
            }
            out.append(sql, at, scan.starts[i]);
            values.add(Integer.parseInt(sql, scan.starts[i], scan.ends[i], 10));
            out.append('$').append(values.size());
            at = scan.ends[i];
        }
        out.append(sql, at, sql.length());
        return new Lifted(out.toString(), Collections.nCopies(values.size(), PgType.INT4.oid()),
                Collections.unmodifiableList(values));
    }

    /** Lifts nothing from statements shaped as {@code sql} from now on (their lifted text could not be prepared). */
    void refuse(String sql) {
        Scan scan = scan(sql);
        if (scan != null) {
            refused.put(scan.skeleton, Boolean.TRUE);
        }
    }

    /**
     * The integer constants of {@code sql} that fit int4, outside strings, quoted identifiers, comments and
     * dollar quotes; null when the text has parameters ({@code $n} or {@code ?}) of its own.
     */
    static Scan scan(String sql) {
        StringBuilder skeleton = null;
        List<int[]> found = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '?' || (c == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                return null; // the statement has parameters of its own
            }
            int skipped = SqlLexer.skipNonCode(sql, i);
            if (skipped > i) {
                i = skipped;
            } else if (SqlLexer.isIdentifierStart(c)) {
                while (i < n && SqlLexer.isIdentifierPart(sql.charAt(i))) {
                    i++;
                }
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
                boolean plain = (i >= n || !(SqlLexer.isIdentifierPart(sql.charAt(i)) || sql.charAt(i) == '.'))
                        && (start == 0 || sql.charAt(start - 1) != '.');
                if (!plain) { // 1.5, 1e5, 0x1F, .5: not an integer constant
                    while (i < n && (SqlLexer.isIdentifierPart(sql.charAt(i)) || sql.charAt(i) == '.'
                            || ((sql.charAt(i) == '+' || sql.charAt(i) == '-')
                            && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E')))) {
                        i++;
                    }
                } else if (i - start <= 10 && Long.parseLong(sql, start, i, 10) <= Integer.MAX_VALUE) {
                    found.add(new int[] {start, i});
                }
            } else {
                i++;
            }
        }
        int[] starts = new int[found.size()];
        int[] ends = new int[found.size()];
        int at = 0;
        skeleton = new StringBuilder(sql.length());
        for (int k = 0; k < starts.length; k++) {
            starts[k] = found.get(k)[0];
            ends[k] = found.get(k)[1];
            skeleton.append(sql, at, starts[k]).append('\u0001');
            at = ends[k];
        }
        skeleton.append(sql, at, n);
        return new Scan(skeleton.toString(), starts, ends);
    }

    /** Parses the statement and marks the constants that sit where an int4 parameter means the same. */
    private static boolean[] decide(String sql, Scan scan) {
        Rewritten rewritten;
        SqlNode statement;
        try {
            rewritten = TesseraSqlParser.rewriteParameters(sql);
            statement = TesseraSqlParser.parse(rewritten);
        } catch (RuntimeException e) { // a TesseraException too: the normal path reports it
            return NONE; // the normal path reports it
        }
        List<SqlNumericLiteral> liftable = new ArrayList<>();
        statement(statement, liftable);
        if (liftable.isEmpty()) {
            return NONE;
        }
        boolean[] mask = new boolean[scan.starts.length];
        int[] lineStarts = lineStarts(rewritten.sql());
        boolean any = false;
        for (SqlNumericLiteral literal : liftable) {
            SqlParserPos pos = literal.getParserPosition();
            if (pos.getLineNum() < 1 || pos.getLineNum() > lineStarts.length) {
                continue;
            }
            int offset = rewritten.originalOffset(lineStarts[pos.getLineNum() - 1] + pos.getColumnNum() - 1);
            if (offset >= 0 && offset < sql.length() && sql.charAt(offset) == '-') {
                // the parser folds "-123" into one literal; the digits are lifted, the sign stays: -$1, as int4
                do {
                    offset++;
                } while (offset < sql.length() && Character.isWhitespace(sql.charAt(offset)));
            }
            for (int k = 0; k < scan.starts.length; k++) {
                if (scan.starts[k] == offset && matches(literal, sql, scan.starts[k], scan.ends[k])) {
                    mask[k] = true;
                    any = true;
                }
            }
        }
        return any ? mask : NONE;
    }

    /** Whether the literal is the token's value, or its negation (a literal folded with its minus sign). */
    private static boolean matches(SqlNumericLiteral literal, String sql, int start, int end) {
        BigDecimal v = literal.getValueAs(BigDecimal.class);
        return v.abs().compareTo(BigDecimal.valueOf(Long.parseLong(sql, start, end, 10))) == 0;
    }

    private static int[] lineStarts(String sql) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < sql.length(); i++) {
            if (sql.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Collects the liftable constants of a top-level query, INSERT, UPDATE or DELETE. */
    private static void statement(SqlNode node, List<SqlNumericLiteral> out) {
        if (node instanceof SqlOrderBy orderBy) {
            statement(orderBy.query, out); // never its ORDER BY ordinals, LIMIT or OFFSET
        } else if (node instanceof SqlSelect select) {
            if (select.getFetch() == null && select.getOffset() == null) {
                expression(select.getWhere(), out);
            }
        } else if (node instanceof SqlInsert insert) {
            SqlNode source = insert.getSource();
            if (source.getKind() == SqlKind.VALUES) {
                for (SqlNode row : ((SqlCall) source).getOperandList()) {
                    if (row.getKind() == SqlKind.ROW) {
                        for (SqlNode value : ((SqlCall) row).getOperandList()) {
                            expression(value, out);
                        }
                    }
                }
            } else {
                statement(source, out);
            }
        } else if (node instanceof SqlUpdate update) {
            for (SqlNode value : update.getSourceExpressionList()) {
                expression(value, out);
            }
            expression(update.getCondition(), out);
        } else if (node instanceof SqlDelete delete) {
            expression(delete.getCondition(), out);
        }
    }

    /** Operators whose integer operands may be int4 parameters instead of constants without changing meaning. */
    private static final Set<SqlKind> TRANSPARENT = Set.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN,
            SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.PLUS,
            SqlKind.MINUS, SqlKind.TIMES, SqlKind.DIVIDE, SqlKind.MINUS_PREFIX, SqlKind.PLUS_PREFIX, SqlKind.AND,
            SqlKind.OR, SqlKind.NOT, SqlKind.BETWEEN);

    private static void expression(SqlNode node, List<SqlNumericLiteral> out) {
        if (node instanceof SqlNumericLiteral literal) {
            if (literal.isExact() && literal.isInteger()) {
                out.add(literal);
            }
        } else if (node instanceof SqlBasicCall call && TRANSPARENT.contains(call.getKind())) {
            for (SqlNode operand : call.getOperandList()) {
                if (operand != null && !(operand instanceof SqlNodeList)) {
                    expression(operand, out);
                }
            }
        }
    }
}
