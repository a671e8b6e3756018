<#--
  PostgreSQL type names.

  PgType() recognises the spellings PostgreSQL accepts for the types Tessera stores and returns a PgTypeName
  carrying the canonical pg_type name (int4, varchar, timestamptz, ...) and its modifiers. CREATE TABLE keeps
  that node (the catalog stores PostgreSQL types); casts go through PgCastTypeName(), which maps it to the
  Calcite type the validator understands. Type names that are plain identifiers in PostgreSQL (text, int8,
  bytea, ...) are matched by semantic lookahead on the identifier's text, so they stay usable as column names
  and unknown names still reach Calcite's user-defined-type path (x::regclass).
-->

/**
 * Parses a PostgreSQL type name:
 * <pre>
 *   BOOLEAN | bool | SMALLINT | int2 | INT | INTEGER | int4 | BIGINT | int8
 *   REAL | float4 | DOUBLE [PRECISION] | float8 | FLOAT [(p)]
 *   { NUMERIC | DECIMAL | DEC } [(p [, s])]
 *   text | VARCHAR [(n)] | CHARACTER VARYING [(n)] | { CHAR | CHARACTER } [(n)] | bpchar [(n)]
 *   DATE | TIMESTAMP [(p)] [ WITH[OUT] TIME ZONE ] | timestamptz [(p)] | TIME [(p)] [ WITHOUT TIME ZONE ]
 *   bytea | JSON | jsonb | UUID | INTERVAL
 *   bit [(n)] | bit varying [(n)] | varbit [(n)]
 * </pre>
 */
PgTypeName PgType() :
{
    final Span s;
    String name;
    final List<Integer> mods = new ArrayList<Integer>();
    int p = -1;
    int sc = -1;
}
{
    (
        <BOOLEAN> { s = span(); name = "bool"; }
    |
        <SMALLINT> { s = span(); name = "int2"; }
    |
        ( <INTEGER> | <INT> ) { s = span(); name = "int4"; }
    |
        <BIGINT> { s = span(); name = "int8"; }
    |
        <REAL> { s = span(); name = "float4"; }
    |
        <DOUBLE> { s = span(); name = "float8"; } [ <PRECISION> ]
    |
        <FLOAT> { s = span(); name = "float8"; }
        [
            <LPAREN> p = UnsignedIntLiteral() <RPAREN> {
                // PostgreSQL: float(1..24) is real, float(25..53) is double precision.
                name = p <= 24 ? "float4" : "float8";
            }
        ]
    |
        ( <NUMERIC> | <DECIMAL> | <DEC> ) { s = span(); name = "numeric"; }
        [
            <LPAREN> p = UnsignedIntLiteral() { mods.add(p); }
            [ <COMMA> sc = UnsignedIntLiteral() { mods.add(sc); } ]
            <RPAREN>
        ]
    |
        ( <CHARACTER> | <CHAR> ) { s = span(); }
        (
            <VARYING> { name = "varchar"; }
            p = PrecisionOpt() { if (p >= 0) { mods.add(p); } }
        |
            { name = "bpchar"; }
            p = PrecisionOpt() {
                // PostgreSQL: CHAR without a length means CHAR(1).
                mods.add(p >= 0 ? p : 1);
            }
        )
    |
        <VARCHAR> { s = span(); name = "varchar"; }
        p = PrecisionOpt() { if (p >= 0) { mods.add(p); } }
    |
        <DATE> { s = span(); name = "date"; }
    |
        <TIMESTAMP> { s = span(); name = "timestamp"; }
        p = PrecisionOpt() { if (p >= 0) { mods.add(p); } }
        (
            LOOKAHEAD(2) <WITH> <TIME> <ZONE> { name = "timestamptz"; }
        |
            <WITHOUT> <TIME> <ZONE>
        |
            { /* TIMESTAMP alone is WITHOUT TIME ZONE */ }
        )
    |
        LOOKAHEAD({ getToken(1).kind == TIME && getToken(2).kind != WITH
            && !(getToken(2).kind == LPAREN && getToken(5).kind == WITH) })
        <TIME> { s = span(); name = "time"; }
        p = PrecisionOpt() { if (p >= 0) { mods.add(p); } }
        [ <WITHOUT> <TIME> <ZONE> ]
    |
        <INTERVAL> { s = span(); name = "interval"; }
    |
        <JSON> { s = span(); name = "json"; }
    |
        <UUID> { s = span(); name = "uuid"; }
    |
        <BIT> { s = span(); name = "bit"; }
        (
            <VARYING> { name = "varbit"; }
            p = PrecisionOpt() { if (p >= 0) { mods.add(p); } }
        |
            p = PrecisionOpt() {
                // PostgreSQL: BIT without a length means BIT(1).
                mods.add(p >= 0 ? p : 1);
            }
        )
    |
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER
            && PgTypeName.canonicalIdentifierType(getToken(1).image) != null })
        <IDENTIFIER> {
            s = span();
            name = PgTypeName.canonicalIdentifierType(token.image);
        }
        [
            LOOKAHEAD({ getToken(1).kind == LPAREN && PgTypeName.takesModifiers(name) })
            <LPAREN> p = UnsignedIntLiteral() { mods.add(p); } <RPAREN>
        ]
    )
    {
        return new PgTypeName(name, mods, s.end(this));
    }
}

/**
 * A PostgreSQL type name in an expression ({@code x::int8}, {@code CAST(x AS text)}), mapped to the Calcite
 * type the validator accepts (see PgTypeName#toTypeNameSpec).
 */
SqlTypeNameSpec PgCastTypeName() :
{
    final PgTypeName t;
}
{
    t = PgType() { return t.toTypeNameSpec(); }
}

/** Parses PostgreSQL's infix cast {@code expr::type}. */
void InfixCast(List<Object> list, ExprContext exprContext, Span s) :
{
    final SqlDataTypeSpec dt;
}
{
    <INFIX_CAST> {
        checkNonQueryExpression(exprContext);
    }
    dt = DataType() {
        list.add(new SqlParserUtil.ToTreeListItem(SqlLibraryOperators.INFIX_CAST, s.pos()));
        list.add(dt);
    }
}

/**
 * PostgreSQL's {@code x AT TIME ZONE zone} ({@link AtTimeZone}: a call of timezone(zone, x) once reduced); the
 * zone is a primary expression, as the operator binds tighter than every arithmetic operator.
 */
void AtTimeZoneOperator(List<Object> list, ExprContext exprContext, Span s) :
{
}
{
    <AT> <TIME> <ZONE> {
        checkNonQueryExpression(exprContext);
        list.add(new SqlParserUtil.ToTreeListItem(AtTimeZone.OPERATOR, getPos()));
    }
    AddExpression2b(list, ExprContext.ACCEPT_SUB_QUERY)
}

/**
 * {@code unnest(array)} as an expression, PostgreSQL's set-returning function in a select list ({@code SELECT
 * unnest(a), 5}): the UNNEST operator's call, which the planner turns into a lateral join of the function
 * (SelectListSetFunctions). In FROM, core's table reference parses UNNEST before any expression.
 */
SqlNode UnnestFunctionCall() :
{
    final Span s;
    final SqlNode e;
}
{
    <UNNEST> { s = span(); }
    <LPAREN> e = Expression(ExprContext.ACCEPT_SUB_QUERY) <RPAREN> {
        return SqlStdOperatorTable.UNNEST.createCall(s.end(this), e);
    }
}

/**
 * PostgreSQL's array operators contains, is contained by and overlaps ({@link ArrayOperators}); the
 * operators' precedence orders them among the other binary operators.
 */
void ArrayOperator(List<Object> list, ExprContext exprContext, Span s) :
{
    final SqlOperator op;
}
{
    (
        <ARRAY_CONTAINS> { op = ArrayOperators.CONTAINS; }
    |
        <ARRAY_CONTAINED_BY> { op = ArrayOperators.CONTAINED_BY; }
    |
        <ARRAY_OVERLAPS> { op = ArrayOperators.OVERLAPS; }
    )
    {
        checkNonQueryExpression(exprContext);
        list.add(new SqlParserUtil.ToTreeListItem(op, getPos()));
    }
    AddExpression2b(list, ExprContext.ACCEPT_SUB_QUERY)
}

/**
 * PostgreSQL's json and jsonb operators ({@link JsonOperators}); {@code ->} is Calcite's lambda arrow token, which
 * never follows an expression otherwise. The client's {@code ?}, {@code ?|}, {@code ?&} arrive as {@code ?0},
 * {@code ?0|}, {@code ?0&} ({@link JsonOperators#EXISTS_MARK}): a bare {@code ?} is the parameter mark ({@code $1} is
 * rewritten to it), and {@code ?||'x'} must stay a parameter and a concatenation.
 */
void JsonOperator(List<Object> list, ExprContext exprContext, Span s) :
{
    final SqlOperator op;
}
{
    (
        <LAMBDA> { op = JsonOperators.FIELD; }
    |
        <JSON_FIELD_TEXT> { op = JsonOperators.FIELD_TEXT; }
    |
        <JSON_PATH> { op = JsonOperators.PATH; }
    |
        <JSON_PATH_TEXT> { op = JsonOperators.PATH_TEXT; }
    |
        <JSON_DELETE_PATH> { op = JsonOperators.DELETE_PATH; }
    |
        <JSONB_EXISTS> { op = JsonOperators.EXISTS; }
    |
        <JSONB_EXISTS_ANY> { op = JsonOperators.EXISTS_ANY; }
    |
        <JSONB_EXISTS_ALL> { op = JsonOperators.EXISTS_ALL; }
    )
    {
        checkNonQueryExpression(exprContext);
        list.add(new SqlParserUtil.ToTreeListItem(op, getPos()));
    }
    AddExpression2b(list, ExprContext.ACCEPT_SUB_QUERY)
}

/**
 * The type of a column in CREATE TABLE: a PgType(), a name the catalog may know as a user-defined (enum) type,
 * or an error naming the type when it is one Tessera does not store (serial, timetz, arrays, ...).
 */
PgTypeName PgColumnType() :
{
    PgTypeName t = null;
    final SqlDataTypeSpec other;
}
{
    (
        LOOKAHEAD(PgType()) t = PgType() { t = PgTypeName.storable(t); }
        (
            // int[], int[][], int[3], integer ARRAY, integer ARRAY[3]: one array type, as PostgreSQL ignores the
            // declared dimensions (the parameter rewriter has turned [] into ARRAY)
            <ARRAY> { t = t.asArray(); }
            [ LOOKAHEAD(2) <LBRACKET> UnsignedIntLiteral() <RBRACKET> ]
        |
            <LBRACKET> UnsignedIntLiteral() <RBRACKET> { t = t.asArray(); }
        )*
    |
        other = DataType() {
            t = PgTypeName.userDefinedOrUnsupported(other);
            if (t == null) {
                throw PgTypeName.unsupported(other);
            }
        }
    )
    { return t; }
}

/**
 * The rows of a multi-dimensional array constructor written PostgreSQL's short way, {@code ARRAY[[1,2],[3,4]]}:
 * each bracketed list is an array constructor of its own ({@code ARRAY[ARRAY[1,2],ARRAY[3,4]]}, which PostgreSQL
 * reads the same), nested to any depth.
 */
SqlNodeList NestedArrayRows() :
{
    final List<SqlNode> rows = new ArrayList<SqlNode>();
    SqlNode row;
    final Span s = span();
}
{
    row = NestedArrayRow() { rows.add(row); }
    ( <COMMA> row = NestedArrayRow() { rows.add(row); } )*
    { return new SqlNodeList(rows, s.end(this)); }
}

SqlNode NestedArrayRow() :
{
    SqlNodeList args;
    final Span s;
}
{
    <LBRACKET> { s = span(); }
    (
        args = NestedArrayRows()
    |
        args = ExpressionCommaList(s, ExprContext.ACCEPT_SUB_QUERY)
    |
        { args = SqlNodeList.EMPTY; }
    )
    <RBRACKET> {
        return SqlStdOperatorTable.ARRAY_VALUE_CONSTRUCTOR.createCall(s.end(this), args.getList());
    }
}
