package io.tessera.sql.parser;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces PostgreSQL's {@code $n} parameters by {@code ?}, and rewrites the few PostgreSQL spellings Calcite's
 * grammar lacks ({@link PgSyntax}: {@code OPERATOR(pg_catalog.~)}, {@code COLLATE pg_catalog.default},
 * {@code $$...$$}).
 *
 * <p>What is not code — strings, quoted identifiers and {@code $} inside identifiers ({@code a$1}) — is left alone
 * ({@link SqlLexer}); dollar-quoted strings become standard string constants; comments (block comments nest, as in
 * PostgreSQL) become blanks of the same length, line breaks kept.
 */
final class ParameterRewriter {
    private ParameterRewriter() {
    }

    /**
     * A {@code ?} outside literals is an operator character in PostgreSQL (its protocol's parameters are
     * {@code $n}; pgjdbc rewrites its own {@code ?} placeholders, and sends a jsonb {@code ??} as {@code ?}): it
     * becomes {@link JsonOperators#EXISTS_MARK}.
     *
     * @throws TesseraException for {@code $0}/{@code $n} beyond int range
     */
    static Rewritten rewrite(String sql) {
        if (sql.indexOf('$') < 0 && sql.indexOf('?') < 0 && sql.indexOf("/*") < 0
                && !PgSyntax.mayNeedRewrite(sql, sql.indexOf('.') >= 0 || sql.indexOf('[') >= 0)) {
            return Rewritten.identity(sql);
        }
        StringBuilder out = new StringBuilder(sql.length());
        List<Integer> numbers = new ArrayList<>();
        List<int[]> replacements = new ArrayList<>(); // {rewrittenOffset, shrink}
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            int end;
            int skipped = c == '$' ? i : SqlLexer.skipNonCode(sql, i); // dollar quotes become literals below
            if (skipped > i && SqlLexer.isComment(sql, i)) {
                // a comment becomes blanks of its length (line breaks kept, so positions stay): the rewrites below
                // read the text before a word (a comment ending "a." is no qualifier), and Calcite's lexer does
                // not nest block comments as PostgreSQL's does
                for (int k = i; k < skipped; k++) {
                    char ch = sql.charAt(k);
                    out.append(ch == '\n' || ch == '\r' ? ch : ' ');
                }
                i = skipped;
                continue;
            } else if (skipped > i) {
                end = skipped;
            } else if (SqlLexer.isIdentifierStart(c)) {
                end = i + 1;
                while (end < n && SqlLexer.isIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                PgSyntax.Edit edit = PgSyntax.at(sql, i, end, out);
                if (edit != null) {
                    replacements.add(new int[] {out.length(), (edit.end() - i) - edit.replacement().length()});
                    out.append(edit.replacement());
                    i = edit.end();
                    continue;
                }
            } else if (Character.isDigit(c)) {
                // A number: keeps "1$" style junk out of the parameter path, as identifier-part chars follow.
                end = i + 1;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '.'
                        || sql.charAt(end) == '_')) {
                    end++;
                }
            } else if (c == '$') {
                int digitsEnd = i + 1;
                while (digitsEnd < n && Character.isDigit(sql.charAt(digitsEnd))) {
                    digitsEnd++;
                }
                if (digitsEnd > i + 1) {
                    int number = parameterNumber(sql, i, digitsEnd);
                    replacements.add(new int[] {out.length(), digitsEnd - i - 1});
                    numbers.add(number);
                    out.append('?');
                    i = digitsEnd;
                    continue;
                }
                end = SqlLexer.skipDollarQuoted(sql, i);
                if (end > i + 1) {
                    // $tag$body$tag$ -> 'body' (Calcite has no dollar quoting; the body is taken literally)
                    String literal = PgSyntax.dollarQuotedAsLiteral(sql, i, end);
                    replacements.add(new int[] {out.length(), (end - i) - literal.length()});
                    out.append(literal);
                    i = end;
                    continue;
                }
            } else if (c == '[' && PgSyntax.emptyBrackets(sql, i) > 0) {
                // int2[] -> int2 ARRAY (empty brackets only ever follow a type name)
                end = PgSyntax.emptyBrackets(sql, i);
                replacements.add(new int[] {out.length(), (end - i) - " ARRAY ".length()});
                out.append(" ARRAY ");
                i = end;
                continue;
            } else if (c == '?') {
                // PostgreSQL's operator character (jsonb's ? ?| ?&), never a parameter: pgjdbc sends $n
                replacements.add(new int[] {out.length(), 1 - JsonOperators.EXISTS_MARK.length()});
                out.append(JsonOperators.EXISTS_MARK);
                i++;
                continue;
            } else {
                end = i + 1;
            }
            out.append(sql, i, end);
            i = end;
        }
        int[] offsets = new int[replacements.size()];
        int[] shrinks = new int[replacements.size()];
        for (int k = 0; k < offsets.length; k++) {
            offsets[k] = replacements.get(k)[0];
            shrinks[k] = replacements.get(k)[1];
        }
        return new Rewritten(sql, out.toString(), numbers, offsets, shrinks);
    }

    private static int parameterNumber(String sql, int dollar, int digitsEnd) {
        int number;
        try {
            number = Integer.parseInt(sql.substring(dollar + 1, digitsEnd));
        } catch (NumberFormatException e) {
            number = 0;
        }
        if (number <= 0) {
            throw new TesseraException(SqlState.UNDEFINED_PARAMETER,
                    "there is no parameter " + sql.substring(dollar, digitsEnd), null, null,
                    sql.codePointCount(0, dollar) + 1, null);
        }
        return number;
    }
}
