<#--
  Views and comments, PostgreSQL 15's grammar (gram.y: ViewStmt without options and CHECK OPTION, DropStmt for
  views, CommentStmt for relations and columns). COMMENT and INDEX are not Calcite keywords: they are matched by
  semantic lookahead on an identifier's text (INDEX) or added as a non-reserved keyword (COMMENT), so they stay
  usable as names.
-->

/** <pre>CREATE [ OR REPLACE ] VIEW name [ ( column [, ...] ) ] AS query</pre> */
SqlCreate SqlCreateTesseraView(Span s, boolean replace) :
{
    final SqlIdentifier id;
    final List<String> cols = new ArrayList<String>();
    SqlIdentifier c;
    final SqlNode query;
}
{
    <VIEW> id = CompoundIdentifier()
    [
        <LPAREN>
        c = SimpleIdentifier() { cols.add(c.getSimple()); }
        ( <COMMA> c = SimpleIdentifier() { cols.add(c.getSimple()); } )*
        <RPAREN>
    ]
    <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    {
        return new SqlCreateTesseraView(s.end(this), replace, id, cols, query);
    }
}

/** <pre>DROP VIEW [ IF EXISTS ] name [, ...] [ CASCADE | RESTRICT ]</pre> */
SqlDrop SqlDropTesseraView(Span s, boolean replace) :
{
    final boolean ifExists;
    final List<SqlIdentifier> names = new ArrayList<SqlIdentifier>();
    SqlIdentifier id;
    boolean cascade = false;
}
{
    <VIEW>
    ifExists = PgIfExistsOpt()
    id = CompoundIdentifier() { names.add(id); }
    ( <COMMA> id = CompoundIdentifier() { names.add(id); } )*
    [ <CASCADE> { cascade = true; } | <RESTRICT> ]
    {
        return new SqlDropTesseraView(s.end(this), ifExists, names, cascade);
    }
}

/**
 * <pre>COMMENT ON { TABLE | VIEW | SEQUENCE | INDEX | COLUMN } name IS { 'text' | NULL }</pre>, and
 * <pre>COMMENT ON SCHEMA name IS { 'text' | NULL }</pre> (the name any word, as PostgreSQL's ColId).
 */
SqlNode PgComment() :
{
    final Span s;
    String type;
    SqlIdentifier id;
    String word;
    String text = null;
}
{
    <COMMENT> { s = span(); } <ON>
    (
        <SCHEMA> { type = "SCHEMA"; } word = PgName() { id = new SqlIdentifier(word, getPos()); }
    |
    (
        <TABLE> { type = "TABLE"; }
    |
        <VIEW> { type = "VIEW"; }
    |
        <SEQUENCE> { type = "SEQUENCE"; }
    |
        <COLUMN> { type = "COLUMN"; }
    |
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "index".equalsIgnoreCase(getToken(1).image) })
        <IDENTIFIER> { type = "INDEX"; }
    )
    id = CompoundIdentifier()
    )
    <IS>
    (
        <NULL>
    |
        text = PgCommentText()
    )
    {
        return new SqlComment(s.end(this), type, id, text);
    }
}

/** A string literal's value. */
String PgCommentText() :
{
    final SqlNode literal;
}
{
    literal = StringLiteral() { return SqlLiteral.unchain(literal).getValueAs(String.class); }
}

/**
 * <pre>ALTER VIEW [ IF EXISTS ] name { RENAME TO new | RENAME [ COLUMN ] a TO b | OWNER TO role | SET SCHEMA s }</pre>
 */
SqlNode PgAlterView() :
{
    final Span s;
    final boolean ifExists;
    final SqlIdentifier id;
    SqlIdentifier a;
    SqlIdentifier b;
    String renameTo = null;
    String column = null;
    String columnTo = null;
    String ownerTo = null;
    String setSchema = null;
}
{
    <ALTER> { s = span(); } <VIEW>
    ifExists = PgIfExistsOpt()
    id = CompoundIdentifier()
    (
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "rename".equalsIgnoreCase(getToken(1).image) })
        <IDENTIFIER>
        (
            <TO> a = SimpleIdentifier() { renameTo = a.getSimple(); }
        |
            [ <COLUMN> ] a = SimpleIdentifier() <TO> b = SimpleIdentifier() {
                column = a.getSimple();
                columnTo = b.getSimple();
            }
        )
    |
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "owner".equalsIgnoreCase(getToken(1).image) })
        <IDENTIFIER> <TO> a = SimpleIdentifier() { ownerTo = a.getSimple(); }
    |
        <SET> <SCHEMA> a = SimpleIdentifier() { setSchema = a.getSimple(); }
    )
    {
        return new SqlAlterView(s.end(this), ifExists, id, renameTo, column, columnTo, ownerTo, setSchema);
    }
}
