<#--
  PostgreSQL's COPY and TRUNCATE (io.tessera.sql.parser.copy).

  COPY: both option syntaxes PostgreSQL 15 accepts — the parenthesized list
  "WITH ( FORMAT csv, FREEZE on, ... )" and the pre-9.0 keyword list "[WITH] CSV HEADER DELIMITER AS ';'" that
  older psql and pgbench scripts send. Option names are checked by the coordinator, not here, so an unknown one
  gets PostgreSQL's 42601 "option \"x\" not recognized" rather than a bare syntax error.

  Grammar: https://www.postgresql.org/docs/15/sql-copy.html and https://www.postgresql.org/docs/15/sql-truncate.html
  (gram.y: CopyStmt, copy_options, copy_opt_list, copy_generic_opt_list, TruncateStmt).
-->

/**
 * <pre>
 * COPY table [ ( column [, ...] ) ] FROM { STDIN | 'file' | PROGRAM 'command' } [ [ WITH ] opts ]
 * COPY { table [ ( column [, ...] ) ] | ( query ) } TO { STDOUT | 'file' | PROGRAM 'command' } [ [ WITH ] opts ]
 * </pre>
 */
SqlNode PgCopy() :
{
    final Span s;
    SqlIdentifier table = null;
    SqlNodeList columns = null;
    SqlNode query = null;
    final boolean from;
    String file = null;
    boolean program = false;
    SqlIdentifier target;
    SqlNode literal;
    final List<String> opts = new ArrayList<String>();
}
{
    <COPY> { s = span(); }
    (
        <LPAREN> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) <RPAREN>
    |
        table = CompoundIdentifier()
        [ columns = ParenthesizedSimpleIdentifierList() ]
    )
    (
        <FROM> { from = true; }
    |
        <TO> { from = false; }
    )
    (
        literal = StringLiteral() { file = SqlLiteral.unchain(literal).getValueAs(String.class); }
    |
        LOOKAHEAD(2) target = SimpleIdentifier() literal = StringLiteral() {
            if (!target.getSimple().equalsIgnoreCase("program")) {
                throw new SqlPositionedException(null, null, literal.getParserPosition());
            }
            program = true;
            file = SqlLiteral.unchain(literal).getValueAs(String.class);
        }
    |
        target = SimpleIdentifier() {
            String name = target.getSimple().toLowerCase(Locale.ROOT);
            if (!(from ? name.equals("stdin") : name.equals("stdout"))) {
                throw new SqlPositionedException(null, null, target.getParserPosition());
            }
        }
    )
    [ LOOKAHEAD(2) <WITH> ]
    (
        <LPAREN>
        PgCopyGenericOption(opts)
        ( <COMMA> PgCopyGenericOption(opts) )*
        <RPAREN>
    |
        ( PgCopyLegacyOption(opts) )*
    )
    {
        if (query != null && from) {
            throw new SqlPositionedException(io.tessera.common.error.SqlState.SYNTAX_ERROR,
                "syntax error at or near \"FROM\"", s.pos());
        }
        return new SqlCopy(s.end(this), table, columns, query, from, file, program, opts);
    }
}

/** One option of the parenthesized list: a name and an optional value (a word, a string, a number, *, or a column list). */
void PgCopyGenericOption(List<String> opts) :
{
    final String name;
    String value = null;
    SqlIdentifier id;
    SqlNodeList cols;
}
{
    (
        <NULL> { name = "null"; }
    |
        <ESCAPE> { name = "escape"; }
    |
        <BINARY> { name = "binary"; }
    |
        id = SimpleIdentifier() { name = id.getSimple().toLowerCase(Locale.ROOT); }
    )
    [
        <STAR> { value = "*"; }
    |
        cols = ParenthesizedSimpleIdentifierList() { value = SqlCopy.columnList(cols); }
    |
        <BINARY> { value = "binary"; }
    |
        value = PgWithOptionValue()
    ]
    {
        opts.add(name);
        opts.add(value);
    }
}

/**
 * One option of the pre-9.0 list:
 * <pre>BINARY | FREEZE | DELIMITER [AS] 'c' | NULL [AS] 's' | CSV | HEADER | QUOTE [AS] 'q' | ESCAPE [AS] 'e'
 *   | FORCE QUOTE { * | col [, ...] } | FORCE NOT NULL col [, ...] | FORCE NULL col [, ...]</pre>
 * stored under the parenthesized list's names (CSV is {@code format csv}).
 */
void PgCopyLegacyOption(List<String> opts) :
{
    SqlIdentifier id;
    SqlNode literal;
    SqlIdentifier col;
    final List<String> cols = new ArrayList<String>();
    String name;
}
{
    <NULL> [ <AS> ] literal = StringLiteral() {
        opts.add("null");
        opts.add(SqlLiteral.unchain(literal).getValueAs(String.class));
    }
|
    <ESCAPE> [ <AS> ] literal = StringLiteral() {
        opts.add("escape");
        opts.add(SqlLiteral.unchain(literal).getValueAs(String.class));
    }
|
    <BINARY> {
        opts.add("format");
        opts.add("binary");
    }
|
    id = SimpleIdentifier() { name = id.getSimple().toLowerCase(Locale.ROOT); }
    (
        LOOKAHEAD(1, { name.equals("delimiter") || name.equals("quote") })
        [ <AS> ] literal = StringLiteral() {
            opts.add(name);
            opts.add(SqlLiteral.unchain(literal).getValueAs(String.class));
        }
    |
        LOOKAHEAD(1, { name.equals("force") })
        (
            <NOT> <NULL> { name = "force_not_null"; }
        |
            <NULL> { name = "force_null"; }
        |
            id = SimpleIdentifier() {
                if (!id.getSimple().equalsIgnoreCase("quote")) {
                    throw new SqlPositionedException(null, null, id.getParserPosition());
                }
                name = "force_quote";
            }
        )
        (
            <STAR> { cols.add("*"); }
        |
            col = SimpleIdentifier() { cols.add(col.getSimple()); }
            ( <COMMA> col = SimpleIdentifier() { cols.add(col.getSimple()); } )*
        )
        {
            opts.add(name);
            opts.add(String.join(",", cols));
        }
    |
        {
            if (name.equals("csv")) {
                opts.add("format");
                opts.add("csv");
            } else {
                // FREEZE, HEADER, or a word the coordinator rejects with PostgreSQL's message
                opts.add(name);
                opts.add("true");
            }
        }
    )
}

/**
 * <pre>TRUNCATE [ TABLE ] [ ONLY ] name [ * ] [, ...] [ RESTART IDENTITY | CONTINUE IDENTITY ] [ CASCADE | RESTRICT ]</pre>
 */
SqlNode PgTruncate() :
{
    final Span s;
    final List<SqlIdentifier> names = new ArrayList<SqlIdentifier>();
    SqlIdentifier id;
    boolean restartIdentity = false;
    boolean cascade = false;
}
{
    <TRUNCATE> { s = span(); }
    [ <TABLE> ]
    [ <ONLY> ]
    id = CompoundIdentifier() { names.add(id); }
    [ <STAR> ]
    (
        <COMMA> [ <ONLY> ] id = CompoundIdentifier() { names.add(id); } [ <STAR> ]
    )*
    [
        <RESTART> <IDENTITY> { restartIdentity = true; }
    |
        <CONTINUE> <IDENTITY>
    ]
    [
        <CASCADE> { cascade = true; }
    |
        <RESTRICT>
    ]
    {
        return new SqlTruncateTables(s.end(this), names, restartIdentity, cascade);
    }
}
