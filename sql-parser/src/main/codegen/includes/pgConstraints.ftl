<#--
  Constraint timing (PostgreSQL 15's ConstraintAttributeSpec: DEFERRABLE, INITIALLY DEFERRED) and
  SET CONSTRAINTS. https://www.postgresql.org/docs/15/sql-createtable.html,
  https://www.postgresql.org/docs/15/sql-set-constraints.html
-->

/** <pre>SET CONSTRAINTS { ALL | name [, ...] } { DEFERRED | IMMEDIATE }</pre> */
SqlNode PgSetConstraints() :
{
    final Span s;
    final List<SqlIdentifier> names = new ArrayList<SqlIdentifier>();
    SqlIdentifier n;
    boolean deferred;
}
{
    <SET> { s = span(); } <CONSTRAINTS>
    (
        <ALL>
    |
        n = CompoundIdentifier() { names.add(n); }
        ( <COMMA> n = CompoundIdentifier() { names.add(n); } )*
    )
    ( <DEFERRED> { deferred = true; } | <IMMEDIATE> { deferred = false; } )
    {
        return new SqlSetConstraints(s.end(this), names, deferred);
    }
}

/**
 * A UNIQUE or PRIMARY KEY constraint's optional timing: NOT DEFERRABLE and INITIALLY IMMEDIATE are accepted (the
 * default); DEFERRABLE is refused (0A000): the datanodes check a unique key as each row is written, so the check
 * cannot wait for COMMIT.
 */
void PgUniqueTiming(String kind) :
{
    final int flags;
    final Span s;
}
{
    { s = span(); }
    flags = PgConstraintTiming()
    {
        if ((flags & 1) != 0) {
            throw new SqlPositionedException(io.tessera.common.error.SqlState.FEATURE_NOT_SUPPORTED,
                "DEFERRABLE " + kind + " constraints are not supported: a unique key is checked as each row is"
                + " written; declare it NOT DEFERRABLE (the default)", s.end(this));
        }
    }
}

/**
 * <pre>{ DEFERRABLE | NOT DEFERRABLE | INITIALLY DEFERRED | INITIALLY IMMEDIATE } ...</pre> in any order, as
 * flags: 1 deferrable, 2 initially deferred. INITIALLY DEFERRED alone implies DEFERRABLE; with NOT DEFERRABLE it
 * is 42601, as in PostgreSQL's grammar.
 */
int PgConstraintTiming() :
{
    int flags = 0;
    boolean notDeferrable = false;
    final Span s;
}
{
    { s = span(); }
    (
        LOOKAHEAD(2)
        (
            <DEFERRABLE> { flags |= 1; }
        |
            <NOT> <DEFERRABLE> { notDeferrable = true; }
        |
            <INITIALLY> ( <DEFERRED> { flags |= 2; } | <IMMEDIATE> )
        )
    )+
    {
        if ((flags & 2) != 0 && notDeferrable) {
            throw new SqlPositionedException(io.tessera.common.error.SqlState.SYNTAX_ERROR,
                "constraint declared INITIALLY DEFERRED must be DEFERRABLE", s.end(this));
        }
        if ((flags & 1) != 0 && notDeferrable) {
            throw new SqlPositionedException(io.tessera.common.error.SqlState.SYNTAX_ERROR,
                "conflicting constraint properties", s.end(this));
        }
        return (flags & 2) != 0 ? 3 : flags;
    }
}
