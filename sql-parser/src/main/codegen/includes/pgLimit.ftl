<#--
  PostgreSQL's LIMIT and OFFSET counts (https://www.postgresql.org/docs/15/sql-select.html#SQL-LIMIT): Calcite's
  LimitClause and OffsetClause read PgLimitCount instead of an unsigned literal (the pom's patch of Parser.jj).
-->

/**
 * A LIMIT or OFFSET count: an unsigned or negated numeric literal, a parameter, or NULL. PostgreSQL casts the count
 * to bigint, so a fraction rounds half away from zero ({@code LIMIT 1.5} is 2, {@code LIMIT -0.4} is 0); a negative
 * count stays a literal whose execution fails (2201W, 2201X), as PostgreSQL's does; NULL returns null: no limit, an
 * offset of 0, as {@code LIMIT ALL}.
 */
SqlNode PgLimitCount() :
{
    final SqlNode e;
    final SqlNumericLiteral n;
    boolean negative = false;
    final Span s;
}
{
    (
        e = DynamicParam() { return e; }
    |
        <NULL> { return null; }
    |
        { s = span(); }
        [ <MINUS> { negative = true; } ]
        n = UnsignedNumericLiteral() {
            java.math.BigDecimal v = n.getValueAs(java.math.BigDecimal.class);
            if (negative) {
                v = v.negate();
            }
            v = v.setScale(0, java.math.RoundingMode.HALF_UP);
            if (v.signum() == 0) {
                v = java.math.BigDecimal.ZERO; // -0.4 rounds to 0, not to a negative zero
            }
            return SqlLiteral.createExactNumeric(v.toPlainString(), s.end(this));
        }
    )
}
