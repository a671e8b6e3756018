package io.tessera.sql.parser;

import java.util.Locale;

/**
 * Lexical rewrites of PostgreSQL spellings that Calcite's grammar does not have, applied by
 * {@link ParameterRewriter} outside string constants, quoted identifiers and comments:
 * <ul>
 *   <li>bit string constants {@code B'1010'} and {@code X'1F'} become casts of bit_in's text forms
 *       ({@link #bitStringConstant});</li>
 *   <li>Unicode-escaped constants and identifiers {@code U&'d\0061t\+000061' UESCAPE '\'} become the plain
 *       constant or quoted identifier they spell ({@link UnicodeEscapes});</li>
 *   <li>{@code OPERATOR(pg_catalog.~)} (psql's qualified operators) becomes the bare operator {@code ~}: Tessera
 *       has one schema of operators, so the qualification changes nothing;</li>
 *   <li>{@code COLLATE pg_catalog.default}, {@code COLLATE "default"}, {@code COLLATE "C"} and
 *       {@code COLLATE "POSIX"} are dropped: Tessera compares text by code point, which is what these
 *       collations mean (other collations are left for the parser to refuse);</li>
 *   <li>a keyword Calcite reserves but PostgreSQL allows as a column label is quoted after a qualifier
 *       ({@code m.member} becomes {@code m."member"});</li>
 *   <li>{@code pg_catalog.unnest(...)} and other built-ins whose names Calcite reserves lose the qualifier;</li>
 *   <li>{@code result}, {@code cardinality} and {@code last_value} (a sequence's column) when not a call, words Calcite reserves and PostgreSQL does not, are
 *       quoted, and so is {@code value} except in {@code ADD VALUE}, {@code RENAME VALUE} and {@code NEXT VALUE}
 *       (TPC-H's Q11 names a column {@code value});</li>
 *   <li>other words PostgreSQL does not reserve and Calcite does ({@code year}, {@code ref}, {@code position},
 *       {@code filter}, ...) are quoted where they stand as a column name;</li>
 *   <li>{@code current_schema} and {@code current_schema()} call PostgreSQL's function (Calcite reserves the
 *       word), and so does {@code width_bucket(...)};</li>
 *   <li>empty brackets after a type name ({@code int2[]}) become Calcite's {@code ARRAY} suffix;</li>
 *   <li>an empty array constructor with a cast, {@code ARRAY[]::int[]}, becomes an empty ARRAY subquery;</li>
 *   <li>{@code timestamptz 'text'} becomes the standard spelling {@code timestamp with time zone 'text'}, and a
 *       typed literal of another type ({@code numeric '1.5'}, {@code int8 '7'}, {@code jsonb '{}'}) a cast of the string;</li>
 *   <li>{@code SELECT DISTINCT ON (e, ...)} becomes a marker call {@code "$distinct_on"(e, ...)} first in the select
 *       list, which the planner turns back into DISTINCT ON;</li>
 *   <li>a dollar-quoted string {@code $tag$ body $tag$} becomes the standard string constant {@code ' body '}
 *       (quotes doubled), which is what PostgreSQL's lexer makes of it.</li>
 * </ul>
 * Lexical rules: https://www.postgresql.org/docs/15/sql-syntax-lexical.html
 */
final class PgSyntax {
    /** Characters PostgreSQL allows in operator names. */
    private static final String OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?";

    /** A replacement of {@code sql[start, end)} by {@code replacement}. */
    record Edit(int end, String replacement) {
    }

    private PgSyntax() {
    }

    /**
     * {@code B'1010'} and {@code X'1F'}, PostgreSQL's bit string constants (a bit string of the binary digits, or 4
     * bits per hexadecimal digit; Calcite would read X'1F' as a binary string, a bytea), become
     * {@code CAST('b1010' AS bit(4))} / {@code CAST('x1F' AS bit(8))}: bit_in's text forms with the constant's length,
     * so a wrong digit is bit_in's 22P02. An empty constant is a {@code bit varying} (bit(0) does not exist).
     */
    private static Edit bitStringConstant(String sql, int quote, boolean hex) {
        int end = SqlLexer.skipQuoted(sql, quote, '\'', false);
        String body = sql.substring(quote + 1, Math.max(quote + 1, end - 1));
        int length = hex ? body.length() * 4 : body.length();
        String type = length == 0 ? "varbit" : "bit(" + length + ")";
        return new Edit(end, "CAST('" + (hex ? "x" : "b") + body + "' AS " + type + ")");
    }

    /** A cheap test whether {@code sql} may contain something {@link #at} rewrites. */
    static boolean mayNeedRewrite(String sql, boolean dotsOrBrackets) {
        String lower = sql.toLowerCase(Locale.ROOT);
        if (lower.contains("b'") || lower.contains("x'") || UnicodeEscapes.mayHold(sql)) {
            return true;
        }
        for (String w : COLUMN_WORDS) {
            if (lower.contains(w)) {
                return true;
            }
        }
        for (String w : KEYWORD_NAMES) {
            if (lower.contains(w)) {
                return true;
            }
        }
        if (dotsOrBrackets) {
            return true;
        }
        if (lower.indexOf('\'') >= 0) {
            for (String w : TYPED_LITERAL_TYPES) {
                if (lower.contains(w + " '") || lower.contains(w + "'")) {
                    return true;
                }
            }
        }
        if (lower.contains("lateral")) {
            return true;
        }
        if (lower.contains("_agg")) {
            for (String w : JsonOperators.AGGREGATES) {
                if (lower.contains(w)) {
                    return true;
                }
            }
        }
        for (String w : OTHER_WORDS) {
            if (lower.contains(w)) {
                return true;
            }
        }
        return containsWord(lower, "at");
    }

    /**
     * Whether {@code word} occurs in {@code lower} as a whole word (not inside an identifier): {@code at} right
     * after a parenthesis ({@code upper(at)}) has no space before it.
     */
    private static boolean containsWord(String lower, String word) {
        for (int i = lower.indexOf(word); i >= 0; i = lower.indexOf(word, i + 1)) {
            int end = i + word.length();
            if ((i == 0 || !SqlLexer.isIdentifierPart(lower.charAt(i - 1)))
                    && (end == lower.length() || !SqlLexer.isIdentifierPart(lower.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    /** The type names {@link #at} reads as a typed literal's when a string constant follows them. */
    private static final java.util.Set<String> TYPED_LITERAL_TYPES = java.util.Set.of("numeric", "decimal", "int",
            "int2", "int4", "int8", "integer", "smallint", "bigint", "real", "float4", "float8", "text", "varchar",
            "char", "character", "bpchar", "bool", "boolean", "json", "jsonb", "uuid", "bytea");

    /** Other words {@link #at} may rewrite, or that start a construct it rewrites. */
    private static final java.util.List<String> OTHER_WORDS = java.util.List.of("array", "operator", "result",
            "last_value", "cardinality", "value", "collate", "current_schema", "ordinality", "pg_partition_ancestors",
            "interval", "timestamptz", "width_bucket", "date_trunc", "distinct", "_to_record");

    /** The functions returning {@code record} whose column definition list {@link #columnDefinitionList} moves. */
    private static final java.util.Set<String> RECORD_FUNCTIONS = java.util.Set.of("json_to_record", "jsonb_to_record",
            "json_to_recordset", "jsonb_to_recordset");

    /**
     * Words PostgreSQL does not reserve (unreserved keywords, or not keywords) that Calcite's grammar reserves, quoted
     * where they stand as a name ({@link #usedAsName}): {@code CREATE TABLE t (year int, ref int)},
     * {@code SELECT position, filter FROM t}. Left out are words whose keyword use can look the same (CYCLE and
     * IDENTITY end a clause, PRECISION follows DOUBLE, type names start a column's type).
     */
    private static final java.util.Set<String> DATE_FIELDS = java.util.Set.of("year", "month", "day", "hour", "minute",
            "second");
    private static final java.util.Set<String> COLUMN_WORDS = java.util.Set.of("year", "month", "day", "hour",
            "minute", "second", "member", "ref", "position", "filter", "over", "language", "method", "next", "reset",
            "rows", "start", "trigger", "cursor", "each", "escape", "external", "function", "global",
            "groups", "hold");
    /**
     * Keywords that both grammars have, that PostgreSQL 15 lets name a column, a table or a result column (unreserved
     * or col_name keywords, and bare labels: {@code select 1 as max}, {@code select x max from t},
     * {@code create table range (...)}) and that Calcite reserves; quoted where they stand as a name
     * ({@link #keywordAsName}). And {@code version}, which Calcite's validator would read, bare, as a call of the
     * function {@code version()} (a quoted identifier is never a call): PostgreSQL reads it as a column.
     */
    private static final java.util.Set<String> KEYWORD_NAMES = java.util.Set.of("max", "row", "values", "new",
            "partition", "range", "rollup", "current", "version");
    /** Words after which a name ends: a clause, an operator word, or a column's type in CREATE TABLE. */
    private static final java.util.Set<String> AFTER_NAME = java.util.Set.of("from", "as", "is", "in", "and", "or",
            "asc", "desc", "not", "like", "ilike", "then", "else", "end", "when", "where", "group", "order", "limit",
            "offset", "having", "union", "except", "intersect", "nulls", "on", "using", "join", "left", "right",
            "inner", "full", "cross", "int", "int2", "int4", "int8", "integer", "bigint", "smallint", "text",
            "varchar", "numeric", "decimal", "boolean", "bool", "date", "timestamp", "timestamptz", "real", "double",
            "float4", "float8", "char", "character", "serial", "bigserial", "smallserial", "uuid", "json", "jsonb",
            "bytea", "time", "interval", "primary", "references", "default", "unique", "check", "null");

    /**
     * Whether the word ending at {@code identEnd} stands as a name: followed by the end, {@code , ) ; = < > + - * / % | :
     * !} or a word of {@link #AFTER_NAME}. A date field stays a keyword after a string ({@code interval '1' day}),
     * after TO ({@code day to second}) and right after an opening parenthesis when FROM or a comma follows
     * ({@code extract(day from d)}, {@code timestampadd(day, 1, t)}).
     */
    private static boolean usedAsName(String sql, int identEnd, CharSequence out, boolean dateField) {
        int next = skipSpace(sql, identEnd);
        char c = next < sql.length() ? sql.charAt(next) : ';';
        String following = sql.substring(next, identifierEnd(sql, next)).toLowerCase(Locale.ROOT);
        if (dateField) {
            int k = out.length() - 1;
            while (k >= 0 && Character.isWhitespace(out.charAt(k))) {
                k--;
            }
            boolean afterParen = k >= 0 && out.charAt(k) == '(' && (c == ',' || following.equals("from"));
            if (afterParen || (k >= 0 && out.charAt(k) == '\'') || previousWord(out).equals("to")) {
                return false;
            }
        }
        return ",);=<>+-*/%|:!".indexOf(c) >= 0 || AFTER_NAME.contains(following);
    }

    /**
     * Whether {@link #KEYWORD_NAMES} word {@code word}, ending at {@code identEnd} after {@code previous}, is a name:
     * after TABLE, INTO, UPDATE, EXISTS (a relation's name), before a dot (a qualifier), after FROM or JOIN unless
     * a call follows, or where {@link #usedAsName} sees a name end — except where its keyword use looks the same:
     * {@code CURRENT ROW} of a window frame, {@code FOR EACH ROW} of a trigger, {@code DEFAULT VALUES} of INSERT and
     * {@code FOR VALUES} of a partition. A call ({@code max(x)}, {@code row(1, 2)}) or {@code VALUES (...)} is never
     * a name.
     */
    private static boolean keywordAsName(String sql, int identEnd, String word, String previous) {
        if (java.util.Set.of("table", "into", "update", "exists").contains(previous)) {
            return true;
        }
        if (followedBy(sql, identEnd, '.')) {
            return true;
        }
        if (followedBy(sql, identEnd, '(')) {
            return false;
        }
        if (previous.equals("from") || previous.equals("join")) {
            return true;
        }
        if (word.equals("row") && (previous.equals("current") || previous.equals("each"))
                || word.equals("values") && (previous.equals("default") || previous.equals("for"))) {
            return false;
        }
        return usedAsName(sql, identEnd, "", false);
    }

    /** The offset past {@code [ ]} at {@code i} (white space allowed inside), or -1. */
    static int emptyBrackets(String sql, int i) {
        int j = skipSpace(sql, i + 1);
        return j < sql.length() && sql.charAt(j) == ']' ? j + 1 : -1;
    }

    /**
     * Reserved words of Calcite's grammar that PostgreSQL accepts as column names after a qualifier
     * ({@code m.member}, {@code t.value}): PostgreSQL allows any keyword there (ColLabel).
     */
    private static volatile java.util.Set<String> reserved;

    private static boolean isCalciteReserved(String word) {
        java.util.Set<String> r = reserved;
        if (r == null) {
            org.apache.calcite.sql.parser.SqlAbstractParserImpl.Metadata md =
                    org.apache.calcite.sql.parser.SqlParser.create("", TesseraSqlParser.config()).getMetadata();
            r = new java.util.HashSet<>();
            for (String t : md.getTokens()) {
                if (md.isReservedWord(t)) {
                    r.add(t.toLowerCase(Locale.ROOT));
                }
            }
            reserved = r;
        }
        return r.contains(word);
    }

    /**
     * {@code ARRAY[]::type[]} (an empty array constructor, which Calcite's grammar lacks) becomes
     * {@code ARRAY(SELECT NULL::type WHERE false)::type[]}: an empty array of the type, still named {@code array}.
     * Without the cast PostgreSQL cannot type it either (42P18); it is left to the parser then.
     */
    private static Edit emptyArray(String sql, int identEnd) {
        int open = skipSpace(sql, identEnd);
        if (open >= sql.length() || sql.charAt(open) != '[') {
            return null;
        }
        int close = skipSpace(sql, open + 1);
        if (close >= sql.length() || sql.charAt(close) != ']') {
            return null;
        }
        int cast = skipSpace(sql, close + 1);
        if (!sql.startsWith("::", cast)) {
            return null;
        }
        int typeStart = skipSpace(sql, cast + 2);
        int bracket = sql.indexOf('[', typeStart);
        if (bracket < 0) {
            return null;
        }
        String type = sql.substring(typeStart, bracket).trim();
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == ' ' || c == '.' || c == '"' || c == '(' || c == ')'
                    || c == ',')) {
                return null;
            }
        }
        return type.isEmpty() ? null : new Edit(close + 1, "array(select null::" + type + " where false)");
    }

    /**
     * The edit for the identifier (or keyword) {@code sql[start, identEnd)}, or null when none applies.
     */
    static Edit at(String sql, int start, int identEnd, CharSequence rewrittenSoFar) {
        String word = sql.substring(start, identEnd).toLowerCase(Locale.ROOT);
        if ((word.equals("b") || word.equals("x")) && identEnd < sql.length() && sql.charAt(identEnd) == '\'') {
            return bitStringConstant(sql, identEnd, word.charAt(0) == 'x');
        }
        if (UnicodeEscapes.opens(sql, word, identEnd)) {
            return UnicodeEscapes.decode(sql, identEnd + 1); // U&'d\0061t\+000061' [UESCAPE 'c']
        }
        if (afterDot(rewrittenSoFar) && !followedBy(sql, identEnd, '(') && isCalciteReserved(word)) {
            return new Edit(identEnd, "\"" + word + "\"");
        }
        if (word.equals("pg_catalog") && followedBy(sql, identEnd, '.')) {
            // pg_catalog.unnest(...): built-ins whose names Calcite reserves parse only unqualified
            int dot = skipSpace(sql, identEnd);
            int nameStart = skipSpace(sql, dot + 1);
            int nameEnd = identifierEnd(sql, nameStart);
            String name = sql.substring(nameStart, Math.max(nameStart, nameEnd)).toLowerCase(Locale.ROOT);
            if (nameEnd > nameStart && followedBy(sql, nameEnd, '(') && (isCalciteReserved(name)
                    || name.equals("array_agg") || name.equals("string_agg"))) {
                // array_agg and string_agg take ORDER BY in their arguments only unqualified
                return new Edit(nameStart, "");
            }
        }
        if (JsonOperators.AGGREGATES.contains(word) && !afterDot(rewrittenSoFar) && followedBy(sql, identEnd, '(')) {
            // json_agg(x ORDER BY y) -> array_agg('<mark>json_agg', x ORDER BY y): see JsonOperators.AGGREGATE_MARK
            int argsStart = skipSpace(sql, identEnd) + 1;
            int first = skipSpace(sql, argsStart);
            String quantifier = sql.substring(first, Math.max(first, identifierEnd(sql, first)))
                    .toLowerCase(Locale.ROOT);
            boolean quantified = quantifier.equals("distinct") || quantifier.equals("all");
            int end = quantified ? identifierEnd(sql, first) : argsStart;
            return new Edit(end, "array_agg(" + (quantified ? quantifier + " " : "") + "'"
                    + JsonOperators.AGGREGATE_MARK + word + "', ");
        }
        if (RECORD_FUNCTIONS.contains(word) && !afterDot(rewrittenSoFar) && followedBy(sql, identEnd, '(')) {
            Edit definitions = columnDefinitionList(sql, start, identEnd, false);
            if (definitions != null) {
                return definitions;
            }
        }
        if (word.equals("lateral") && !afterDot(rewrittenSoFar)) {
            Edit lateral = lateralJsonFunction(sql, identEnd);
            if (lateral != null) {
                return lateral;
            }
        }
        if (word.equals("array") && !afterDot(rewrittenSoFar)) {
            Edit empty = emptyArray(sql, identEnd);
            if (empty != null) {
                return empty;
            }
        }
        if (word.equals("at") && !afterDot(rewrittenSoFar)) {
            // a table alias (pg_dump's "pg_attribute at ... at.attname"): Calcite reserves AT, PostgreSQL only in
            // AT TIME ZONE
            int next = skipSpace(sql, identEnd);
            String following = sql.substring(next, Math.max(next, identifierEnd(sql, next))).toLowerCase(Locale.ROOT);
            if (!following.equals("time") && !following.equals("local")) {
                return new Edit(identEnd, "\"at\"");
            }
        }
        if (word.endsWith("name") && !afterDot(rewrittenSoFar) && followedBy(sql, identEnd, '[')) {
            // a name's character by 0-based subscript (pg_dump's typname[0] = '_'): name is a fixed-length array
            // of "char" in PostgreSQL, text in Tessera
            int open = skipSpace(sql, identEnd);
            int digitsEnd = skipSpace(sql, open + 1);
            int digitsStart = digitsEnd;
            while (digitsEnd < sql.length() && Character.isDigit(sql.charAt(digitsEnd))) {
                digitsEnd++;
            }
            int close = skipSpace(sql, digitsEnd);
            if (digitsEnd > digitsStart && close < sql.length() && sql.charAt(close) == ']') {
                int index = Integer.parseInt(sql.substring(digitsStart, digitsEnd));
                return new Edit(close + 1, "substring(" + sql.substring(start, identEnd) + " from " + (index + 1)
                        + " for 1)");
            }
        }
        if (word.equals("interval") && !afterDot(rewrittenSoFar)) {
            // interval 'text' (no qualifier after it): PostgreSQL's typed literal, which Calcite's grammar lacks
            int open = skipSpace(sql, identEnd);
            if (open < sql.length() && sql.charAt(open) == '\'') {
                int close = SqlLexer.skipQuoted(sql, open, '\'', false);
                int next = skipSpace(sql, close);
                int nextEnd = identifierEnd(sql, next);
                String qualifier = sql.substring(next, Math.max(next, nextEnd)).toLowerCase(Locale.ROOT);
                if (close <= sql.length() && !java.util.Set.of("year", "month", "day", "hour", "minute", "second")
                        .contains(qualifier)) {
                    return new Edit(close, "CAST(" + sql.substring(open, close) + " AS interval)");
                }
            }
        }
        if (word.equals("width_bucket") && !afterDot(rewrittenSoFar) && followedBy(sql, identEnd, '(')) {
            // PostgreSQL's function; a reserved word of Calcite's grammar, which has no function of that name
            return new Edit(identEnd, "\"width_bucket\"");
        }
        if (word.equals("date_trunc") && !afterDot(rewrittenSoFar) && followedBy(sql, identEnd, '(')
                && topLevelCommas(sql, skipSpace(sql, identEnd)) == 2) {
            // date_trunc(unit, timestamptz, zone): Calcite's grammar takes DATE_TRUNC with two arguments only; the
            // quoted name is an ordinary call, resolved by its argument types
            return new Edit(identEnd, "\"date_trunc\"");
        }
        if (TYPED_LITERAL_TYPES.contains(word) && !afterDot(rewrittenSoFar)) {
            // numeric '1.5', int '3', text 'x', char 'y', jsonb '{}': PostgreSQL's typed literal (a constant of that
            // type, as '1.5'::numeric), which Calcite's grammar has for the date/time types only
            int open = skipSpace(sql, identEnd);
            if (open < sql.length() && sql.charAt(open) == '\'') {
                int close = SqlLexer.skipQuoted(sql, open, '\'', false);
                if (close <= sql.length()) {
                    // char 'yz' has no length there (both characters stay): the cast is to bpchar
                    String type = word.equals("char") || word.equals("character") ? "bpchar" : word;
                    return new Edit(close, "CAST(" + sql.substring(open, close) + " AS " + type + ")");
                }
            }
        }
        if (word.equals("timestamptz") && !afterDot(rewrittenSoFar)) {
            // timestamptz 'text': PostgreSQL's typed literal; the grammar has it as TIMESTAMP WITH TIME ZONE 'text'
            int open = skipSpace(sql, identEnd);
            if (open < sql.length() && sql.charAt(open) == '\'') {
                return new Edit(identEnd, "timestamp with time zone");
            }
        }
        if (word.equals("current_schema") && !afterDot(rewrittenSoFar)) {
            // a niladic keyword in Calcite; PostgreSQL's function (pg_catalog.current_schema), with or without ()
            int open = skipSpace(sql, identEnd);
            if (open < sql.length() && sql.charAt(open) == '(') {
                int close = skipSpace(sql, open + 1);
                if (close < sql.length() && sql.charAt(close) == ')') {
                    return new Edit(close + 1, "\"current_schema\"()");
                }
                return null;
            }
            return new Edit(identEnd, "\"current_schema\"()");
        }
        if ((word.equals("result") || word.equals("cardinality") || word.equals("last_value"))
                && !followedBy(sql, identEnd, '(')) {
            // not keywords in PostgreSQL (pgjdbc's getPrimaryKeys names a subquery "result", getIndexInfo a column
            // "cardinality"), reserved in Calcite
            return new Edit(identEnd, "\"" + word + "\"");
        }
        if (COLUMN_WORDS.contains(word) && !afterDot(rewrittenSoFar) && !(word.equals("rows")
                && (afterCount(rewrittenSoFar) || onCommitRows(rewrittenSoFar))) && usedAsName(sql, identEnd, rewrittenSoFar,
                DATE_FIELDS.contains(word))) {
            return new Edit(identEnd, "\"" + word + "\"");
        }
        if (KEYWORD_NAMES.contains(word) && !afterDot(rewrittenSoFar) && keywordAsName(sql, identEnd, word,
                previousWord(rewrittenSoFar))) {
            return new Edit(identEnd, "\"" + word + "\"");
        }
        if (word.equals("value") && !afterDot(rewrittenSoFar) && !followedBy(sql, identEnd, '(')
                && !java.util.Set.of("add", "rename", "next").contains(previousWord(rewrittenSoFar))) {
            return new Edit(identEnd, "\"value\"");
        }
        if (word.equals("pg_partition_ancestors")) {
            return withOrdinality(sql, identEnd, word);
        }
        if (word.equals("select")) {
            return setReturningSelect(sql, identEnd);
        }
        if (word.equals("distinct") && "select".equals(previousWord(rewrittenSoFar))) {
            return distinctOn(sql, identEnd);
        }
        if (word.equals("operator")) {
            return operator(sql, identEnd);
        }
        if (word.equals("collate")) {
            return collate(sql, identEnd);
        }
        return null;
    }

    /**
     * {@code SELECT [pg_catalog.]pg_partition_ancestors(args)} (a set-returning function alone in a select list
     * without FROM, as psql's {@code \\d} sends it) becomes {@code SELECT relid AS pg_partition_ancestors FROM
     * pg_partition_ancestors(args) AS "srf$ancestors"(relid)}, the same rows; null for any other SELECT.
     */
    private static Edit setReturningSelect(String sql, int identEnd) {
        int start = skipSpace(sql, identEnd);
        int end = identifierEnd(sql, start);
        String name = sql.substring(start, end).toLowerCase(Locale.ROOT);
        if (name.equals("pg_catalog") && followedBy(sql, end, '.')) {
            start = skipSpace(sql, skipSpace(sql, end) + 1);
            end = identifierEnd(sql, start);
            name = sql.substring(start, end).toLowerCase(Locale.ROOT);
        }
        if (!name.equals("pg_partition_ancestors")) {
            return null;
        }
        int open = skipSpace(sql, end);
        int close = closingParen(sql, open);
        if (close < 0) {
            return null;
        }
        int next = skipSpace(sql, close);
        String following = sql.substring(next, identifierEnd(sql, next)).toLowerCase(Locale.ROOT);
        if (next < sql.length() && sql.charAt(next) != ')' && sql.charAt(next) != ';' && !following.equals("union")) {
            return null;
        }
        return new Edit(close, "SELECT relid AS pg_partition_ancestors FROM pg_partition_ancestors"
                + sql.substring(open, close) + " AS \"srf$ancestors\"(relid)");
    }

    /**
     * {@code SELECT DISTINCT ON (e1, ...) items} (PostgreSQL's, which Calcite's grammar lacks) becomes
     * {@code SELECT "$distinct_on"(e1, ...), items}: a marker first item the planner takes out again and turns into
     * the query's DISTINCT ON ({@code DistinctOn} in the coordinator). Null when no {@code ON (} follows, and for
     * parameters inside the list (rewritten here, their numbers would be lost).
     */
    private static Edit distinctOn(String sql, int identEnd) {
        int on = skipSpace(sql, identEnd);
        int onEnd = identifierEnd(sql, on);
        if (!sql.substring(on, onEnd).equalsIgnoreCase("on")) {
            return null;
        }
        int open = skipSpace(sql, onEnd);
        int close = closingParen(sql, open);
        if (close < 0 || sql.substring(open, close).indexOf('$') >= 0) {
            return null;
        }
        return new Edit(close, DISTINCT_ON_MARKER + ParameterRewriter.rewrite(sql.substring(open, close)).sql()
                + ",");
    }

    /**
     * {@code LATERAL jsonb_array_elements(t.j)} (a json set-returning function over a column of a table before it)
     * becomes Calcite's {@code LATERAL TABLE(jsonb_array_elements(t.j))}. Null when no json function's call follows,
     * and for parameters inside the call (rewritten here, their numbers would be lost).
     */
    private static Edit lateralJsonFunction(String sql, int identEnd) {
        int name = skipSpace(sql, identEnd);
        int nameEnd = identifierEnd(sql, name);
        if (!sql.substring(name, nameEnd).toLowerCase(Locale.ROOT).startsWith("json")) {
            return null;
        }
        if (RECORD_FUNCTIONS.contains(sql.substring(name, nameEnd).toLowerCase(Locale.ROOT))) {
            Edit definitions = columnDefinitionList(sql, name, nameEnd, true);
            if (definitions != null) {
                return definitions;
            }
        }
        int open = skipSpace(sql, nameEnd);
        int close = closingParen(sql, open);
        if (close < 0 || sql.substring(open, close).indexOf('$') >= 0) {
            return null;
        }
        return new Edit(close, "lateral TABLE(" + ParameterRewriter.rewrite(sql.substring(name, close)).sql() + ")");
    }

    /**
     * {@code jsonb_to_recordset(j) [AS] x(a int, b numeric(4,2))}, a function returning {@code record} with a column
     * definition list (Calcite's alias takes names only), becomes {@code jsonb_to_recordset(j,
     * '[["a","int"],["b","numeric(4,2)"]]') AS x(a, b)}: the names and types as a JSON constant the table function
     * reads its columns from ({@code JsonTables}), and the names as the alias's column list; after LATERAL
     * ({@code lateral}) the call is in Calcite's {@code LATERAL TABLE(...)}. Null when no such list follows (Calcite
     * then reports what it finds), and for parameters inside the call (their numbers would be lost).
     */
    private static Edit columnDefinitionList(String sql, int start, int identEnd, boolean lateral) {
        int open = skipSpace(sql, identEnd);
        int close = closingParen(sql, open);
        if (close < 0 || sql.substring(open, close).indexOf('$') >= 0) {
            return null;
        }
        int alias = skipSpace(sql, close);
        int aliasEnd = nameEnd(sql, alias);
        if (sql.substring(alias, aliasEnd).equalsIgnoreCase("as")) {
            alias = skipSpace(sql, aliasEnd);
            aliasEnd = nameEnd(sql, alias);
        }
        int listOpen = skipSpace(sql, aliasEnd);
        int listClose = aliasEnd > alias ? closingParen(sql, listOpen) : -1;
        if (listClose < 0) {
            return null;
        }
        StringBuilder names = new StringBuilder();
        StringBuilder definitions = new StringBuilder("[");
        int i = listOpen + 1;
        while (i < listClose - 1) {
            int name = skipSpace(sql, i);
            int nameEnd = nameEnd(sql, name);
            int typeEnd = nameEnd;
            int depth = 0;
            while (typeEnd < listClose - 1 && (depth > 0 || sql.charAt(typeEnd) != ',')) {
                depth += sql.charAt(typeEnd) == '(' ? 1 : sql.charAt(typeEnd) == ')' ? -1 : 0;
                typeEnd++;
            }
            String type = sql.substring(nameEnd, typeEnd).strip();
            if (nameEnd == name || type.isEmpty() || type.indexOf('\'') >= 0 || type.indexOf('"') >= 0) {
                return null; // names only, or not a list of types: Calcite's alias or its error
            }
            String quoted = sql.substring(name, nameEnd);
            String folded = quoted.startsWith("\"") ? quoted.substring(1, quoted.length() - 1).replace("\"\"", "\"")
                    : quoted.toLowerCase(Locale.ROOT);
            names.append(names.length() == 0 ? "" : ", ").append(quoted);
            definitions.append(definitions.length() == 1 ? "" : ",").append("[\"")
                    .append(folded.replace("\\", "\\\\").replace("\"", "\\\"").replace("'", "''"))
                    .append("\",\"").append(type).append("\"]");
            i = typeEnd + 1;
        }
        String call = ParameterRewriter.rewrite(sql.substring(start, close - 1)).sql() + ", '" + definitions + "]')";
        return new Edit(listClose, (lateral ? "lateral TABLE(" + call + ")" : call) + " AS "
                + sql.substring(alias, aliasEnd) + "(" + names + ")");
    }

    /** The end of the name at {@code i}: an identifier, or a quoted one. */
    private static int nameEnd(String sql, int i) {
        return i < sql.length() && sql.charAt(i) == '"' ? SqlLexer.skipQuoted(sql, i, '"', false)
                : identifierEnd(sql, i);
    }

    /** The function name {@link #distinctOn} gives the DISTINCT ON list, quoted. */
    static final String DISTINCT_ON_MARKER = "\"$distinct_on\"";

    /** The offset past the parenthesis closing the one at {@code open} (quotes skipped), or -1. */
    private static int closingParen(String sql, int open) {
        if (open >= sql.length() || sql.charAt(open) != '(') {
            return -1;
        }
        int depth = 0;
        int i = open;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                i = SqlLexer.skipQuoted(sql, i, c, false);
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        return -1;
    }

    /** The commas directly inside the parentheses opened at {@code open} (quotes and nested ones skipped), or -1. */
    private static int topLevelCommas(String sql, int open) {
        int close = closingParen(sql, open);
        if (close < 0) {
            return -1;
        }
        int depth = 0;
        int commas = 0;
        for (int i = open; i < close; i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                i = SqlLexer.skipQuoted(sql, i, c, false) - 1;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 1) {
                commas++;
            }
        }
        return commas;
    }

    /**
     * {@code f(args) WITH ORDINALITY} (a function in FROM; Calcite's grammar has WITH ORDINALITY only after UNNEST)
     * becomes {@code f_ordinality(args)}, a table function returning f's columns and the ordinal; null when no WITH
     * ORDINALITY follows the call.
     */
    private static Edit withOrdinality(String sql, int identEnd, String function) {
        int open = skipSpace(sql, identEnd);
        int close = closingParen(sql, open);
        if (close < 0) {
            return null;
        }
        int with = skipSpace(sql, close);
        int withEnd = identifierEnd(sql, with);
        int ord = skipSpace(sql, withEnd);
        int ordEnd = identifierEnd(sql, ord);
        if (!sql.substring(with, withEnd).equalsIgnoreCase("with")
                || !sql.substring(ord, ordEnd).equalsIgnoreCase("ordinality")) {
            return null;
        }
        return new Edit(ordEnd, function + "_ordinality" + sql.substring(open, close));
    }

    /** {@code OPERATOR ( [schema .] op )}. */
    private static Edit operator(String sql, int from) {
        int i = skipSpace(sql, from);
        if (i >= sql.length() || sql.charAt(i) != '(') {
            return null;
        }
        i = skipSpace(sql, i + 1);
        int nameEnd = identifierEnd(sql, i);
        if (nameEnd > i) {
            int dot = skipSpace(sql, nameEnd);
            if (dot >= sql.length() || sql.charAt(dot) != '.') {
                return null;
            }
            i = skipSpace(sql, dot + 1);
        }
        int opStart = i;
        while (i < sql.length() && OPERATOR_CHARS.indexOf(sql.charAt(i)) >= 0) {
            i++;
        }
        if (i == opStart) {
            return null;
        }
        String op = sql.substring(opStart, i);
        i = skipSpace(sql, i);
        if (i >= sql.length() || sql.charAt(i) != ')') {
            return null;
        }
        return new Edit(i + 1, " " + op + " ");
    }

    /** {@code COLLATE [schema .] name} for the code-point collations only. */
    private static Edit collate(String sql, int from) {
        int i = skipSpace(sql, from);
        String[] parts = new String[2];
        int count = 0;
        while (count < 2) {
            int end;
            String name;
            if (i < sql.length() && sql.charAt(i) == '"') {
                end = SqlLexer.skipQuoted(sql, i, '"', false);
                name = sql.substring(i + 1, Math.max(i + 1, end - 1)).replace("\"\"", "\"");
            } else {
                end = identifierEnd(sql, i);
                if (end == i) {
                    return null;
                }
                name = sql.substring(i, end).toLowerCase(Locale.ROOT);
            }
            parts[count++] = name;
            i = end;
            int dot = skipSpace(sql, i);
            if (count == 1 && dot < sql.length() && sql.charAt(dot) == '.') {
                i = skipSpace(sql, dot + 1);
            } else {
                break;
            }
        }
        String schema = count == 2 ? parts[0] : null;
        String name = parts[count - 1];
        if (schema != null && !schema.equals("pg_catalog")) {
            return null;
        }
        if (name.equals("default") || name.equals("C") || name.equals("POSIX")) {
            return new Edit(i, " ");
        }
        return null;
    }

    /** {@code $tag$body$tag$} as a standard string constant; the text unchanged when unterminated. */
    static String dollarQuotedAsLiteral(String sql, int start, int end) {
        int tagEnd = sql.indexOf('$', start + 1) + 1;
        String tag = sql.substring(start, tagEnd);
        if (end - start < 2 * tag.length() || !sql.startsWith(tag, end - tag.length())) {
            return sql.substring(start, end);
        }
        String body = sql.substring(tagEnd, end - tag.length());
        return "'" + body.replace("'", "''") + "'";
    }

    private static boolean afterDot(CharSequence out) {
        int k = out.length() - 1;
        while (k >= 0 && Character.isWhitespace(out.charAt(k))) {
            k--;
        }
        return k >= 0 && out.charAt(k) == '.' && (k == 0 || !Character.isDigit(out.charAt(k - 1)));
    }

    /** The word (lower case) that ends {@code out} before trailing white space, or "" when it ends otherwise. */
    private static String previousWord(CharSequence out) {
        int end = out.length();
        while (end > 0 && Character.isWhitespace(out.charAt(end - 1))) {
            end--;
        }
        int start = end;
        // the whole identifier: INTO ends t_into, which is no INTO
        while (start > 0 && (Character.isLetterOrDigit(out.charAt(start - 1)) || out.charAt(start - 1) == '_')) {
            start--;
        }
        return out.subSequence(start, end).toString().toLowerCase(Locale.ROOT);
    }

    /** Whether {@code rows} ends CREATE TEMP TABLE's {@code ON COMMIT DELETE ROWS} or {@code PRESERVE ROWS}. */
    private static boolean onCommitRows(CharSequence out) {
        String previous = previousWord(out);
        return "delete".equals(previous) || "preserve".equals(previous);
    }

    /**
     * Whether a count ends {@code out} (a number or a parameter, {@code $1} or {@code ?}): ROWS after it is the keyword
     * of {@code OFFSET n ROWS} and {@code FETCH FIRST n ROWS ONLY}, which Hibernate 6 writes.
     */
    private static boolean afterCount(CharSequence out) {
        int k = out.length() - 1;
        while (k >= 0 && Character.isWhitespace(out.charAt(k))) {
            k--;
        }
        return k >= 0 && (Character.isDigit(out.charAt(k)) || out.charAt(k) == '?');
    }

    private static boolean followedBy(String sql, int i, char c) {
        int j = skipSpace(sql, i);
        return j < sql.length() && sql.charAt(j) == c;
    }

    private static int skipSpace(String sql, int i) {
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int identifierEnd(String sql, int i) {
        if (i >= sql.length() || !SqlLexer.isIdentifierStart(sql.charAt(i))) {
            return i;
        }
        int end = i + 1;
        while (end < sql.length() && SqlLexer.isIdentifierPart(sql.charAt(end))) {
            end++;
        }
        return end;
    }
}
