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
 * A UNIQUE or PRIMARY KEY constraint's optional timing, as {@link #PgConstraintTiming} flags. A DEFERRABLE primary
 * key is refused (0A000): the primary key is the row's storage key, so two rows with one key cannot be stored even
 * for a while; a UNIQUE constraint may be DEFERRABLE (its index holds one entry per row).
 */
int PgUniqueTiming(String kind) :
{
    final int flags;
    final Span s;
}
{
    { s = span(); }
    flags = PgConstraintTiming()
    {
        if ((flags & 1) != 0 && kind.equals("primary key")) {
            throw new SqlPositionedException(io.tessera.common.error.SqlState.FEATURE_NOT_SUPPORTED,
                "DEFERRABLE primary key constraints are not supported: the primary key is the row's storage key, so"
                + " two rows with one key cannot exist even until COMMIT; use a DEFERRABLE UNIQUE constraint",
                s.end(this));
        }
        return flags;
    }
}

/**
 * A timing clause after a column constraint that cannot have one (NOT NULL, NULL, CHECK, DEFAULT): 42601
 * {@code misplaced DEFERRABLE clause}, as PostgreSQL's transformConstraintAttrs.
 */
void PgMisplacedTiming() :
{
    final String clause;
    final Span s;
}
{
    { s = span(); }
    (
        <DEFERRABLE> { clause = "DEFERRABLE"; }
    |
        <NOT> <DEFERRABLE> { clause = "NOT DEFERRABLE"; }
    |
        <INITIALLY> ( <DEFERRED> { clause = "INITIALLY DEFERRED"; } | <IMMEDIATE> { clause = "INITIALLY IMMEDIATE"; } )
    )
    {
        throw new SqlPositionedException(io.tessera.common.error.SqlState.SYNTAX_ERROR,
            "misplaced " + clause + " clause", s.pos());
    }
}

/**
 * A CHECK constraint's timing: NOT DEFERRABLE and INITIALLY IMMEDIATE are accepted; DEFERRABLE or INITIALLY
 * DEFERRED is 0A000, as PostgreSQL's processCASbits.
 */
void PgCheckTiming() :
{
    final int flags;
    final Span s;
}
{
    { s = span(); }
    flags = PgConstraintTiming()
    {
        if (flags != 0) {
            throw new SqlPositionedException(io.tessera.common.error.SqlState.FEATURE_NOT_SUPPORTED,
                "CHECK constraints cannot be marked DEFERRABLE", s.end(this));
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
