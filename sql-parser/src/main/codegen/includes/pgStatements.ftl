<#--
  PostgreSQL session and transaction statements.

  SHOW, DISCARD, BEGIN, COMMIT and ROLLBACK build Babel's nodes (org.apache.calcite.sql.babel.postgres), so
  code written against Babel keeps working; START TRANSACTION builds a SqlBegin and END a SqlCommit, as
  PostgreSQL treats them as synonyms. Savepoints build Tessera's nodes (io.tessera.sql.parser.tcl). SET and
  RESET build core's SqlSetOption with PostgreSQL's GUC names where PostgreSQL has one (SET TIME ZONE sets
  "timezone", SET SCHEMA sets "search_path", SET NAMES sets "client_encoding").

  Grammar: https://www.postgresql.org/docs/current/sql-commands.html and gram.y (TransactionStmt,
  VariableSetStmt, VariableShowStmt, DiscardStmt).
-->

<DEFAULT, DQID, BTID, BQID, BQHID> TOKEN :
{
    < NEGATE: "!" >
|   < TILDE: "~" >
}

/**
 * <pre>SHOW { ALL | TIME ZONE | TRANSACTION ISOLATION LEVEL | SESSION AUTHORIZATION | name }</pre>
 * The name is the GUC name ("timezone", "transaction_isolation", ...).
 */
SqlNode PgShow() :
{
    final Span s;
    final String name;
}
{
    <SHOW> { s = span(); }
    (
        <ALL> { name = "all"; }
    |
        <TIME> <ZONE> { name = "timezone"; }
    |
        LOOKAHEAD(2) <TRANSACTION> <ISOLATION> <LEVEL> { name = "transaction_isolation"; }
    |
        LOOKAHEAD(2) <SESSION> <AUTHORIZATION> { name = "session_authorization"; }
    |
        name = Identifier()
    )
    {
        return SqlShow.OPERATOR.createCall(null, s.end(this), new SqlIdentifier(name, getPos()));
    }
}

/** <pre>DISCARD { ALL | PLANS | SEQUENCES | TEMPORARY | TEMP }</pre> */
SqlNode PgDiscard() :
{
    final Span s;
}
{
    <DISCARD> { s = span(); }
    ( <ALL> | <PLANS> | <SEQUENCES> | <TEMPORARY> | <TEMP> )
    {
        return SqlDiscard.OPERATOR.createCall(s.end(this),
            new SqlIdentifier(token.image.toUpperCase(Locale.ROOT), getPos()));
    }
}

/** <pre>BEGIN [ WORK | TRANSACTION ] [ transaction_mode [, ...] ]</pre> */
SqlNode PgBegin() :
{
    final Span s;
    SqlNodeList modes = SqlNodeList.EMPTY;
}
{
    <BEGIN> { s = span(); }
    [ <WORK> | <TRANSACTION> ]
    [ modes = PgTransactionModeList() ]
    {
        return SqlBegin.OPERATOR.createCall(s.end(this), (SqlNode) modes);
    }
}

/** <pre>START TRANSACTION [ transaction_mode [, ...] ]</pre> — the same as BEGIN. */
SqlNode PgStartTransaction() :
{
    final Span s;
    SqlNodeList modes = SqlNodeList.EMPTY;
}
{
    <START> { s = span(); } <TRANSACTION>
    [ modes = PgTransactionModeList() ]
    {
        return SqlBegin.OPERATOR.createCall(s.end(this), (SqlNode) modes);
    }
}

/** Transaction modes, separated by commas or (as PostgreSQL also allows) by white space only. */
SqlNodeList PgTransactionModeList() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlNode e;
}
{
    { s = span(); }
    e = PgTransactionMode() { list.add(e); }
    (
        [ <COMMA> ] e = PgTransactionMode() { list.add(e); }
    )*
    { return new SqlNodeList(list, s.end(this)); }
}

/**
 * <pre>
 *   ISOLATION LEVEL { SERIALIZABLE | REPEATABLE READ | READ COMMITTED | READ UNCOMMITTED }
 *   | READ WRITE | READ ONLY | [ NOT ] DEFERRABLE
 * </pre>
 */
SqlNode PgTransactionMode() :
{
    final Span s;
    final TransactionMode m;
}
{
    { s = span(); }
    (
        <READ>
        (
            <WRITE> { m = TransactionMode.READ_WRITE; }
        |
            <ONLY> { m = TransactionMode.READ_ONLY; }
        )
    |
        <DEFERRABLE> { m = TransactionMode.DEFERRABLE; }
    |
        <NOT> <DEFERRABLE> { m = TransactionMode.NOT_DEFERRABLE; }
    |
        <ISOLATION> <LEVEL>
        (
            <SERIALIZABLE> { m = TransactionMode.ISOLATION_LEVEL_SERIALIZABLE; }
        |
            <REPEATABLE> <READ> { m = TransactionMode.ISOLATION_LEVEL_REPEATABLE_READ; }
        |
            <READ>
            (
                <COMMITTED> { m = TransactionMode.ISOLATION_LEVEL_READ_COMMITTED; }
            |
                <UNCOMMITTED> { m = TransactionMode.ISOLATION_LEVEL_READ_UNCOMMITTED; }
            )
        )
    )
    { return m.symbol(s.end(this)); }
}

/** <pre>COMMIT [ WORK | TRANSACTION ] [ AND [ NO ] CHAIN ]</pre> */
SqlNode PgCommit() :
{
    final Span s;
    TransactionChainingMode chaining = TransactionChainingMode.AND_NO_CHAIN;
}
{
    <COMMIT> { s = span(); }
    [ <WORK> | <TRANSACTION> ]
    [ chaining = PgChainingMode() ]
    {
        final SqlParserPos pos = s.end(this);
        return SqlCommit.OPERATOR.createCall(pos, chaining.symbol(pos));
    }
}

/** <pre>END [ WORK | TRANSACTION ] [ AND [ NO ] CHAIN ]</pre> — the same as COMMIT. */
SqlNode PgEnd() :
{
    final Span s;
    TransactionChainingMode chaining = TransactionChainingMode.AND_NO_CHAIN;
}
{
    <END> { s = span(); }
    [ <WORK> | <TRANSACTION> ]
    [ chaining = PgChainingMode() ]
    {
        final SqlParserPos pos = s.end(this);
        return SqlCommit.OPERATOR.createCall(pos, chaining.symbol(pos));
    }
}

/**
 * <pre>
 *   ROLLBACK [ WORK | TRANSACTION ] [ AND [ NO ] CHAIN ]
 *   ROLLBACK [ WORK | TRANSACTION ] TO [ SAVEPOINT ] name
 * </pre>
 */
SqlNode PgRollback() :
{
    final Span s;
    TransactionChainingMode chaining = TransactionChainingMode.AND_NO_CHAIN;
    final SqlIdentifier name;
}
{
    <ROLLBACK> { s = span(); }
    [ <WORK> | <TRANSACTION> ]
    (
        <TO> [ <SAVEPOINT> ] name = SimpleIdentifier() {
            return new SqlRollbackToSavepoint(s.end(this), name);
        }
    |
        [ chaining = PgChainingMode() ]
        {
            final SqlParserPos pos = s.end(this);
            return SqlRollback.OPERATOR.createCall(pos, chaining.symbol(pos));
        }
    )
}

TransactionChainingMode PgChainingMode() :
{
    TransactionChainingMode chaining = TransactionChainingMode.AND_CHAIN;
}
{
    <AND> [ <NO> { chaining = TransactionChainingMode.AND_NO_CHAIN; } ] <CHAIN>
    { return chaining; }
}

/** <pre>SAVEPOINT name</pre> */
SqlNode PgSavepoint() :
{
    final Span s;
    final SqlIdentifier name;
}
{
    <SAVEPOINT> { s = span(); } name = SimpleIdentifier() {
        return new SqlSavepoint(s.end(this), name);
    }
}

/** <pre>RELEASE [ SAVEPOINT ] name</pre> */
SqlNode PgReleaseSavepoint() :
{
    final Span s;
    final SqlIdentifier name;
}
{
    <RELEASE> { s = span(); } [ <SAVEPOINT> ] name = SimpleIdentifier() {
        return new SqlReleaseSavepoint(s.end(this), name);
    }
}

/**
 * SET and RESET (also reached from core's ALTER { SYSTEM | SESSION }, which passes the scope):
 * <pre>
 *   SET [ SESSION | LOCAL ] name { TO | = } { value [, ...] | DEFAULT }
 *   SET [ SESSION | LOCAL ] TIME ZONE { value | LOCAL | DEFAULT }
 *   SET [ SESSION | LOCAL ] { SCHEMA | NAMES } value
 *   SET [ SESSION | LOCAL ] TRANSACTION transaction_mode [, ...]
 *   SET [ SESSION | LOCAL ] TRANSACTION SNAPSHOT value
 *   SET SESSION CHARACTERISTICS AS TRANSACTION transaction_mode [, ...]
 *   SET [ SESSION | LOCAL ] SESSION AUTHORIZATION { value | DEFAULT }
 *   SET [ SESSION | LOCAL ] ROLE { value | NONE }
 *   RESET { ALL | TIME ZONE | SESSION AUTHORIZATION | TRANSACTION ISOLATION LEVEL | name }
 * </pre>
 * The scope of the resulting SqlSetOption is "SESSION", "LOCAL" or the caller's scope.
 */
SqlAlter PgSetOption(Span s, String scope) :
{
    final SqlAlter node;
}
{
    { s.add(this); }
    (
        <SET>
        (
            LOOKAHEAD(2) node = PgSetParameter(s, scope)
        |
            <SESSION> { scope = "SESSION"; } node = PgSetParameter(s, scope)
        |
            <LOCAL> { scope = "LOCAL"; } node = PgSetParameter(s, scope)
        )
    |
        node = PgResetParameter(s, scope)
    )
    { return node; }
}

SqlAlter PgSetParameter(Span s, String scope) :
{
    SqlNode name;
    SqlNode val;
}
{
    (
        LOOKAHEAD(2)
        <SESSION>
        (
            <CHARACTERISTICS> <AS> <TRANSACTION> {
                name = SqlSetOptions.Names.SESSION_CHARACTERISTICS_AS_TRANSACTION.symbol(getPos());
            }
            val = PgTransactionModeList()
        |
            <AUTHORIZATION> { name = new SqlIdentifier("session_authorization", getPos()); }
            val = PgOptionValue()
        )
    |
        LOOKAHEAD(2)
        <TRANSACTION>
        (
            LOOKAHEAD({ getToken(1).kind == IDENTIFIER
                && "snapshot".equalsIgnoreCase(getToken(1).image) })
            <IDENTIFIER> { name = SqlSetOptions.Names.TRANSACTION_SNAPSHOT.symbol(getPos()); }
            val = PgOptionValue()
        |
            { name = SqlSetOptions.Names.TRANSACTION.symbol(getPos()); }
            val = PgTransactionModeList()
        )
    |
        <TIME> <ZONE> { name = new SqlIdentifier("timezone", getPos()); }
        (
            <LOCAL> { val = SqlSetOptions.Values.LOCAL.symbol(getPos()); }
        |
            val = PgOptionValue()
        )
    |
        // ROLE, SCHEMA and NAMES are non-reserved: "SET schema = 'x'" names a parameter. (A semantic-only
        // LOOKAHEAD has a syntactic limit of 0, hence the check of the keyword itself.)
        LOOKAHEAD({ getToken(1).kind == ROLE && getToken(2).kind != EQ && getToken(2).kind != TO
            && getToken(2).kind != DOT })
        <ROLE> { name = new SqlIdentifier("role", getPos()); }
        (
            <NONE> { val = SqlSetOptions.Values.NONE.symbol(getPos()); }
        |
            val = PgOptionValue()
        )
    |
        // ROLE, SCHEMA and NAMES are non-reserved: "SET schema = 'x'" names a parameter.
        LOOKAHEAD({ getToken(1).kind == SCHEMA && getToken(2).kind != EQ && getToken(2).kind != TO
            && getToken(2).kind != DOT })
        <SCHEMA> { name = new SqlIdentifier("search_path", getPos()); }
        val = PgOptionValue()
    |
        // ROLE, SCHEMA and NAMES are non-reserved: "SET schema = 'x'" names a parameter.
        LOOKAHEAD({ getToken(1).kind == NAMES && getToken(2).kind != EQ && getToken(2).kind != TO
            && getToken(2).kind != DOT })
        <NAMES> { name = new SqlIdentifier("client_encoding", getPos()); }
        val = PgOptionValue()
    |
        name = CompoundIdentifier()
        ( <EQ> | <TO> )
        val = PgOptionValues()
    )
    {
        return new SqlSetOption(s.end(val), scope, name, val);
    }
}

SqlAlter PgResetParameter(Span s, String scope) :
{
    final SqlNode name;
}
{
    <RESET> { s.add(this); }
    (
        <ALL> { name = SqlSetOptions.Names.ALL.symbol(getPos()); }
    |
        LOOKAHEAD(2) <SESSION> <AUTHORIZATION> { name = new SqlIdentifier("session_authorization", getPos()); }
    |
        <TIME> <ZONE> { name = new SqlIdentifier("timezone", getPos()); }
    |
        LOOKAHEAD(2) <TRANSACTION> <ISOLATION> <LEVEL> { name = new SqlIdentifier("transaction_isolation", getPos()); }
    |
        name = CompoundIdentifier()
    )
    {
        return new SqlSetOption(s.end(name), scope, name, null);
    }
}

/** One value, or a comma-separated list of values as a SqlNodeList ({@code SET search_path TO a, b}). */
SqlNode PgOptionValues() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlNode e;
}
{
    e = PgOptionValue() { s = span(); list.add(e); }
    ( <COMMA> e = PgOptionValue() { list.add(e); } )*
    { return list.size() > 1 ? new SqlNodeList(list, s.end(this)) : e; }
}

/** DEFAULT, a literal (signed numbers included), an identifier, or ON (OFF is an identifier). */
SqlNode PgOptionValue() :
{
    final SqlNode val;
}
{
    (
        val = Default()
    |
        val = Literal()
    |
        val = SimpleIdentifier()
    |
        <ON> { val = new SqlIdentifier("on", getPos()); }
    )
    { return val; }
}

/**
 * <pre>
 *   VACUUM [ ( option [ value ] [, ...] ) ] [ FULL ] [ FREEZE ] [ VERBOSE ] [ ANALYZE ] [ table [, ...] ]
 * </pre>
 * FREEZE, VERBOSE and ANALYZE are matched by the identifier's text, so they stay ordinary names elsewhere.
 */
SqlNode PgVacuum() :
{
    final Span s;
    final List<String> opts = new ArrayList<String>();
    final List<SqlNode> tables = new ArrayList<SqlNode>();
    SqlIdentifier id;
}
{
    <VACUUM> { s = span(); }
    [
        <LPAREN> PgVacuumOption(opts) ( <COMMA> PgVacuumOption(opts) )* <RPAREN>
    ]
    [ <FULL> { opts.add("full"); } ]
    [
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "freeze".equalsIgnoreCase(getToken(1).image) })
        <IDENTIFIER> { opts.add("freeze"); }
    ]
    [
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "verbose".equalsIgnoreCase(getToken(1).image) })
        <IDENTIFIER> { opts.add("verbose"); }
    ]
    [
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "analyze".equalsIgnoreCase(getToken(1).image) })
        <IDENTIFIER> { opts.add("analyze"); }
    ]
    [
        id = CompoundIdentifier() { tables.add(id); }
        ( <COMMA> id = CompoundIdentifier() { tables.add(id); } )*
    ]
    {
        return new SqlVacuum(s.end(this), opts, new SqlNodeList(tables, s.end(this)));
    }
}

/** One option of VACUUM's parenthesized list: a name (FULL included) and an optional value. */
void PgVacuumOption(List opts) :
{
    final SqlIdentifier name;
}
{
    (
        <FULL> { opts.add("full"); }
    |
        name = SimpleIdentifier() { opts.add(name.getSimple().toLowerCase(Locale.ROOT)); }
    )
    [ PgOptionValue() ]
}

/**
 * <pre>
 *   ANALYZE [ ( option [ value ] [, ...] ) ] [ VERBOSE ] [ table [ ( column [, ...] ) ] [, ...] ]
 * </pre>
 * Also spelled ANALYSE. ANALYZE, ANALYSE and VERBOSE are matched by the identifier's text, so they stay ordinary
 * names elsewhere.
 */
SqlNode PgAnalyze() :
{
    final Span s;
    final List<String> opts = new ArrayList<String>();
    final List<SqlNode> tables = new ArrayList<SqlNode>();
    final List<List<String>> columns = new ArrayList<List<String>>();
}
{
    LOOKAHEAD({ getToken(1).kind == IDENTIFIER && ("analyze".equalsIgnoreCase(getToken(1).image)
            || "analyse".equalsIgnoreCase(getToken(1).image)) })
    <IDENTIFIER> { s = span(); }
    [
        <LPAREN> PgVacuumOption(opts) ( <COMMA> PgVacuumOption(opts) )* <RPAREN>
    ]
    [
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "verbose".equalsIgnoreCase(getToken(1).image) })
        <IDENTIFIER> { opts.add("verbose"); }
    ]
    [
        PgAnalyzeTarget(tables, columns)
        ( <COMMA> PgAnalyzeTarget(tables, columns) )*
    ]
    {
        return new SqlAnalyze(s.end(this), opts, new SqlNodeList(tables, s.end(this)), columns);
    }
}

/** One table of ANALYZE with its optional column list. */
void PgAnalyzeTarget(List tables, List columns) :
{
    final SqlIdentifier id;
    final List<String> cols = new ArrayList<String>();
    SqlIdentifier c;
}
{
    id = CompoundIdentifier()
    [
        <LPAREN> c = SimpleIdentifier() { cols.add(c.getSimple()); }
        ( <COMMA> c = SimpleIdentifier() { cols.add(c.getSimple()); } )*
        <RPAREN>
    ]
    { tables.add(id); columns.add(cols); }
}
