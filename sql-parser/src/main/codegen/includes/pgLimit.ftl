<#--
  PostgreSQL's LIMIT and OFFSET counts (https://www.postgresql.org/docs/15/sql-select.html#SQL-LIMIT): Calcite's
  LimitClause and OffsetClause read PgLimitCount instead of an unsigned literal (the pom's patch of Parser.jj).
-->

/**
 * A LIMIT or OFFSET count: any expression ({@code LIMIT 2 + 1}, {@code OFFSET (select 1)}), read by
 * {@link LimitCount#of}: a numeric literal becomes PostgreSQL's bigint of it, NULL null (no limit, an offset of 0).
 */
SqlNode PgLimitCount() :
{
    final SqlNode e;
}
{
    e = Expression(ExprContext.ACCEPT_SUB_QUERY) { return LimitCount.of(e); }
}

/**
 * FETCH FIRST's count: PostgreSQL's c_expr (a literal, signed, a parameter, or a parenthesized expression), or 1
 * when it is left out ({@code FETCH FIRST ROW ONLY}); NULL is null, no limit (and 2201W WITH TIES).
 */
SqlNode PgFetchCount() :
{
    final SqlNode e;
    final Span s;
}
{
    (
        e = DynamicParam() { return e; }
    |
        <NULL> { return null; }
    |
        LOOKAHEAD(<LPAREN>)
        e = Expression3(ExprContext.ACCEPT_SUB_QUERY) { return LimitCount.of(e); }
    |
        LOOKAHEAD(2)
        <MINUS> e = UnsignedNumericLiteral() {
            return LimitCount.of(SqlStdOperatorTable.UNARY_MINUS.createCall(e.getParserPosition(), e));
        }
    |
        [ <PLUS> ] e = UnsignedNumericLiteral() { return LimitCount.of(e); }
    |
        { return SqlLiteral.createExactNumeric("1", getPos()); }
    )
}
