<#--
  PostgreSQL's locking clause at the end of a top-level query:

    query [ ORDER BY ... ] [ LIMIT ... | OFFSET ... | FETCH ... ]
        FOR { UPDATE | NO KEY UPDATE | SHARE | KEY SHARE } [ OF table [, ...] ] [ NOWAIT | SKIP LOCKED ]

  builds an io.tessera.sql.parser.dml.SqlLockingQuery around the query node exactly as core's
  OrderedQueryOrExpr produced it; a query without the clause is returned unchanged.

  Why a token of its own: core's table reference ends in "[ Snapshot(tableRef) ]", chosen on FOR alone, so
  "FROM t FOR UPDATE" would be read as the start of "FOR SYSTEM_TIME AS OF" and fail. The clause's FOR is
  therefore a different token kind, LOCKING_FOR, which the lexer never produces by itself (it is declared in
  a lexical state that is never entered): io.tessera.sql.parser.LockingForTokenManager gives FOR that kind
  when it starts a locking clause (at parenthesis depth 0 of a statement that starts like a query, not after
  NEXT VALUE, followed by UPDATE, NO, KEY or "share"). Every other FOR — FOR SYSTEM_TIME, SUBSTRING(x FROM 1
  FOR 2), EXPLAIN PLAN FOR, NEXT VALUE FOR — stays the FOR token core expects.

  SHARE, NOWAIT and LOCKED are not keywords (they stay ordinary identifiers): they are matched as
  <IDENTIFIER> and checked in the action, so a wrong word is blamed on itself.

  Limits: one locking clause (a second one is refused with 0A000); the clause after LIMIT/OFFSET/FETCH only
  (PostgreSQL also takes it before LIMIT); not inside parentheses or sub-queries; set operations and VALUES
  are refused with 0A000 as PostgreSQL refuses them. DISTINCT, GROUP BY, aggregates and window functions,
  which PostgreSQL refuses too, are left to the coordinator's validation.

  Grammar: gram.y (select_no_parens, for_locking_clause, for_locking_item, for_locking_strength,
  locked_rels_list, opt_nowait_or_skip).
-->

<PG_LOCKING_NEVER_ENTERED> TOKEN :
{
    < LOCKING_FOR: "FOR" >
}

/**
 * A top-level query with an optional locking clause. Registered last in statementParserMethods (tried with
 * LOOKAHEAD(2) before core's statements; the statements after it start with reserved words, which no query
 * starts with). The query is parsed by core's OrderedQueryOrExpr, as core's own SqlStmt parses it, so a
 * query without the clause comes back exactly as before.
 */
SqlNode PgLockingQuery() :
{
    final SqlNode query;
    SqlNode stmt;
}
{
    query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) { stmt = query; }
    [
        stmt = PgLockingClause(query)
        [
            <LOCKING_FOR> {
                throw new SqlPositionedException(io.tessera.common.error.SqlState.FEATURE_NOT_SUPPORTED,
                    "multiple locking clauses are not supported", getPos());
            }
        ]
    ]
    { return stmt; }
}

/**
 * <pre>
 *   FOR { UPDATE | NO KEY UPDATE | SHARE | KEY SHARE } [ OF table [, ...] ] [ NOWAIT | SKIP LOCKED ]
 * </pre>
 */
SqlNode PgLockingClause(SqlNode query) :
{
    final Span s;
    final SqlParserPos forPos;
    final LockStrength strength;
    final List<SqlNode> tables = new ArrayList<SqlNode>();
    SqlParserPos tablesPos;
    SqlIdentifier table;
    LockWaitPolicy waitPolicy = LockWaitPolicy.WAIT;
}
{
    <LOCKING_FOR> { forPos = getPos(); s = span(); }
    (
        <UPDATE> { strength = LockStrength.UPDATE; }
    |
        <NO> <KEY> <UPDATE> { strength = LockStrength.NO_KEY_UPDATE; }
    |
        <KEY> PgWord("share") { strength = LockStrength.KEY_SHARE; }
    |
        PgWord("share") { strength = LockStrength.SHARE; }
    )
    {
        // What PostgreSQL's analysis refuses whatever the tables: the clause applies to a SELECT.
        SqlNode core = query;
        while (core instanceof SqlOrderBy || core instanceof SqlWith) {
            core = core instanceof SqlOrderBy ? ((SqlOrderBy) core).query : ((SqlWith) core).body;
        }
        if (!query.isA(SqlKind.QUERY)) {
            throw new SqlPositionedException(null, null, forPos);
        }
        if (core.isA(SqlKind.SET_QUERY)) {
            throw new SqlPositionedException(io.tessera.common.error.SqlState.FEATURE_NOT_SUPPORTED,
                strength.sql() + " is not allowed with UNION/INTERSECT/EXCEPT", forPos);
        }
        if (core.getKind() == SqlKind.VALUES) {
            throw new SqlPositionedException(io.tessera.common.error.SqlState.FEATURE_NOT_SUPPORTED,
                strength.sql() + " cannot be applied to VALUES", forPos);
        }
        tablesPos = getPos();
    }
    [
        <OF> { tablesPos = getPos(); }
        table = CompoundTableIdentifier() { tables.add(table); }
        ( <COMMA> table = CompoundTableIdentifier() { tables.add(table); } )*
        { tablesPos = tablesPos.plus(getPos()); }
    ]
    [
        PgWord("nowait") { waitPolicy = LockWaitPolicy.NOWAIT; }
    |
        <SKIP_> PgWord("locked") { waitPolicy = LockWaitPolicy.SKIP_LOCKED; }
    ]
    {
        return new SqlLockingQuery(query.getParserPosition().plus(s.end(this)), query, strength,
            new SqlNodeList(tables, tablesPos), waitPolicy);
    }
}

/**
 * An unquoted word that PostgreSQL treats as a keyword but Tessera leaves an identifier ({@code share},
 * {@code nowait}, {@code locked}); any other identifier is a syntax error at that identifier.
 */
void PgWord(String word) :
{
}
{
    <IDENTIFIER> {
        if (!word.equalsIgnoreCase(token.image)) {
            throw new SqlPositionedException(null, null, getPos());
        }
    }
}
