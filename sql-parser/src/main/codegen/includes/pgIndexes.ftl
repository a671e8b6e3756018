<#--
  CREATE INDEX and DROP INDEX, PostgreSQL 15's grammar (gram.y IndexStmt, DropStmt for indexes). INDEX,
  CONCURRENTLY and INCLUDE are not Calcite keywords: they are matched on an identifier's text, so they stay usable
  as names. Expression elements and WHERE are parsed so that the coordinator can refuse them with a clear message.
-->

/**
 * <pre>CREATE [ UNIQUE ] INDEX [ CONCURRENTLY ] [ [ IF NOT EXISTS ] name ] ON [ ONLY ] table [ USING method ]
 *     ( { column | ( expression ) } [ ASC | DESC ] [ NULLS { FIRST | LAST } ] [, ...] )
 *     [ INCLUDE ( column [, ...] ) ] [ WHERE predicate ]</pre>
 */
SqlCreate SqlCreateTesseraIndex(Span s, boolean replace) :
{
    boolean unique = false;
    boolean concurrently = false;
    boolean ifNotExists = false;
    SqlIdentifier name = null;
    final SqlIdentifier table;
    String method = null;
    final List<SqlCreateTesseraIndex.Element> elements = new ArrayList<SqlCreateTesseraIndex.Element>();
    final List<String> include = new ArrayList<String>();
    SqlIdentifier c;
    SqlNode where = null;
}
{
    [ <UNIQUE> { unique = true; } ]
    <IDENTIFIER> { PgExpectWord("index"); }
    [
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "concurrently".equalsIgnoreCase(getToken(1).image) })
        <IDENTIFIER> { concurrently = true; }
    ]
    [
        ifNotExists = PgIfNotExistsOpt()
        name = SimpleIdentifier()
    ]
    <ON>
    table = CompoundIdentifier()
    [ <USING> c = SimpleIdentifier() { method = c.getSimple(); } ]
    <LPAREN>
    PgIndexElement(elements)
    ( <COMMA> PgIndexElement(elements) )*
    <RPAREN>
    [
        <INCLUDE> <LPAREN>
        c = SimpleIdentifier() { include.add(c.getSimple()); }
        ( <COMMA> c = SimpleIdentifier() { include.add(c.getSimple()); } )*
        <RPAREN>
    ]
    [ <WHERE> where = Expression(ExprContext.ACCEPT_NON_QUERY) ]
    {
        if (replace) {
            throw new SqlPositionedException(null, null, getPos());
        }
        return new SqlCreateTesseraIndex(s.end(this), unique, concurrently, ifNotExists, name, table, method,
            elements, include, where);
    }
}

/** One key element of CREATE INDEX: a column or a parenthesised expression, with its ordering options. */
void PgIndexElement(List<SqlCreateTesseraIndex.Element> elements) :
{
    final SqlNode e;
    boolean desc = false;
    Boolean nullsFirst = null;
}
{
    (
        <LPAREN> e = Expression(ExprContext.ACCEPT_NON_QUERY) <RPAREN>
        {
            // a parenthesised plain column is still a column, as in PostgreSQL's index_elem
        }
    |
        e = Expression(ExprContext.ACCEPT_NON_QUERY)
    )
    [ <ASC> | <DESC> { desc = true; } ]
    [ <NULLS> ( <FIRST> { nullsFirst = Boolean.TRUE; } | <LAST> { nullsFirst = Boolean.FALSE; } ) ]
    {
        elements.add(new SqlCreateTesseraIndex.Element(e, desc, nullsFirst));
    }
}

/** <pre>DROP INDEX [ CONCURRENTLY ] [ IF EXISTS ] name [, ...] [ CASCADE | RESTRICT ]</pre> */
SqlDrop SqlDropTesseraIndex(Span s, boolean replace) :
{
    boolean concurrently = false;
    final boolean ifExists;
    final List<SqlIdentifier> names = new ArrayList<SqlIdentifier>();
    SqlIdentifier id;
    boolean cascade = false;
}
{
    <IDENTIFIER> { PgExpectWord("index"); }
    [
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "concurrently".equalsIgnoreCase(getToken(1).image)
                && getToken(2).kind != COMMA && getToken(2).kind != EOF && getToken(2).kind != SEMICOLON
                && getToken(2).kind != CASCADE && getToken(2).kind != RESTRICT })
        <IDENTIFIER> { concurrently = true; }
    ]
    ifExists = PgIfExistsOpt()
    id = CompoundIdentifier() { names.add(id); }
    ( <COMMA> id = CompoundIdentifier() { names.add(id); } )*
    [ <CASCADE> { cascade = true; } | <RESTRICT> ]
    {
        return new SqlDropTesseraIndex(s.end(this), concurrently, ifExists, names, cascade);
    }
}

/** Fails unless the token just read is the (non-keyword) word {@code word}. */
JAVACODE void PgExpectWord(String word) {
    if (!word.equalsIgnoreCase(token.image)) {
        throw new ParseException("Encountered \"" + token.image + "\" at line " + token.beginLine + ", column "
            + token.beginColumn + ".");
    }
}
