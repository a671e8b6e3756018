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
int PgUniqueTiming(String kind, boolean column) :
{
    final int flags;
    final Span s;
}
{
    { s = span(); }
    flags = PgConstraintTiming(column)
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
    String clause;
    final SqlParserPos pos;
}
{
    (
        <DEFERRABLE> { pos = getPos(); clause = "DEFERRABLE"; }
    |
        <NOT> { pos = getPos(); } <DEFERRABLE> { clause = "NOT DEFERRABLE"; }
    |
        <INITIALLY> { pos = getPos(); }
        ( <DEFERRED> { clause = "INITIALLY DEFERRED"; } | <IMMEDIATE> { clause = "INITIALLY IMMEDIATE"; } )
    )
    {
        throw new SqlPositionedException(io.tessera.common.error.SqlState.SYNTAX_ERROR,
            "misplaced " + clause + " clause", pos);
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
    flags = PgConstraintTiming(false)
    {
        if (flags != 0) {
            throw new SqlPositionedException(io.tessera.common.error.SqlState.FEATURE_NOT_SUPPORTED,
                "CHECK constraints cannot be marked DEFERRABLE", s.end(this));
        }
    }
}

/**
 * <pre>{ DEFERRABLE | NOT DEFERRABLE | INITIALLY DEFERRED | INITIALLY IMMEDIATE } ...</pre> in any order, as
 * flags: 1 deferrable, 2 initially deferred (INITIALLY DEFERRED alone implies DEFERRABLE, so it gives 3). The errors
 * (42601) are PostgreSQL's: a table constraint's clauses are checked as gram.y's ConstraintAttributeSpec does
 * ({@code conflicting constraint properties}), a column constraint's one by one as transformConstraintAttrs does
 * ({@code multiple DEFERRABLE/NOT DEFERRABLE clauses not allowed}); with both, INITIALLY DEFERRED with NOT
 * DEFERRABLE is {@code constraint declared INITIALLY DEFERRED must be DEFERRABLE}.
 */
int PgConstraintTiming(boolean column) :
{
    // PostgreSQL's CAS bits: 1 NOT DEFERRABLE, 2 DEFERRABLE, 4 INITIALLY IMMEDIATE, 8 INITIALLY DEFERRED
    int seen = 0;
    int elem;
    SqlParserPos pos;
}
{
    (
        LOOKAHEAD(2)
        (
            <DEFERRABLE> { elem = 2; pos = getPos(); }
        |
            <NOT> { pos = getPos(); } <DEFERRABLE> { elem = 1; }
        |
            <INITIALLY> { pos = getPos(); } ( <DEFERRED> { elem = 8; } | <IMMEDIATE> { elem = 4; } )
        )
        {
            String error = null;
            if (column) {
                if ((elem & 3) != 0 && (seen & 3) != 0) {
                    error = "multiple DEFERRABLE/NOT DEFERRABLE clauses not allowed";
                } else if ((elem & 12) != 0 && (seen & 12) != 0) {
                    error = "multiple INITIALLY IMMEDIATE/DEFERRED clauses not allowed";
                }
            }
            seen |= elem;
            if (error == null && (seen & 9) == 9) {
                error = "constraint declared INITIALLY DEFERRED must be DEFERRABLE";
            }
            if (error == null && !column && ((seen & 3) == 3 || (seen & 12) == 12)) {
                error = "conflicting constraint properties";
            }
            if (error != null) {
                throw new SqlPositionedException(io.tessera.common.error.SqlState.SYNTAX_ERROR, error, pos);
            }
        }
    )+
    {
        return (seen & 8) != 0 ? 3 : (seen & 2) != 0 ? 1 : 0;
    }
}
