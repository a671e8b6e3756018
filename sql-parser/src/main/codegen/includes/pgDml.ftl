<#--
  PostgreSQL's UPDATE ... FROM and DELETE ... USING (https://www.postgresql.org/docs/15/sql-update.html,
  sql-delete.html). Calcite's own UPDATE and DELETE productions, with the extra FROM / USING list; without one
  the statement is Calcite's plain SqlUpdate / SqlDelete, so everything else sees what it saw before.
-->

/** {@code UPDATE table [[AS] alias] SET col = { expr | DEFAULT } [, ...] [FROM from_list] [WHERE condition]}. */
SqlNode PgUpdate() :
{
    final SqlIdentifier tableName;
    SqlNode tableRef;
    final SqlIdentifier alias;
    final SqlNode where;
    final SqlNode from;
    final SqlNodeList sourceExpressionList;
    final SqlNodeList targetColumnList;
    SqlIdentifier id;
    final Span s;
}
{
    <UPDATE> {
        s = span();
        targetColumnList = new SqlNodeList(s.pos());
        sourceExpressionList = new SqlNodeList(s.pos());
    }
    tableName = CompoundTableIdentifier() { tableRef = tableName; }
    ( [ <AS> ] alias = SimpleIdentifier() | { alias = null; } )
    <SET> PgUpdateSetItem(targetColumnList, sourceExpressionList)
    (
        <COMMA> PgUpdateSetItem(targetColumnList, sourceExpressionList)
    )*
    ( <FROM> from = FromClause() | { from = null; } )
    ( where = Where() | { where = null; } )
    {
        final SqlParserPos pos = s.addAll(targetColumnList)
            .addAll(sourceExpressionList).addIf(from).addIf(where).pos();
        if (from == null) {
            return new SqlUpdate(pos, tableRef, targetColumnList, sourceExpressionList, where, null, alias);
        }
        return new SqlUpdateFrom(pos, tableRef, targetColumnList, sourceExpressionList, where, alias, from);
    }
}

/**
 * One SET item: {@code col = value}, or PostgreSQL's multiple-column forms {@code (col, ...) = [ROW] (value, ...)}
 * and {@code (col, ...) = (sub-SELECT)}, which become one {@code col = value} per column ({@link MultiColumnSet}).
 */
void PgUpdateSetItem(SqlNodeList targetColumnList, SqlNodeList sourceExpressionList) :
{
    SqlIdentifier id;
    final List<SqlNode> columns = new ArrayList<SqlNode>();
    final SqlNodeList values;
    boolean row = false;
    Span s;
    SqlNode index;
    SqlNode value;
}
{
    id = CompoundIdentifier() {
        targetColumnList.add(id);
    }
    (
        <EQ> PgUpdateValue(sourceExpressionList)
    |
        // col[i] = value: the column set to tessera_array_set(col, i, value), PostgreSQL's element assignment
        <LBRACKET> { s = span(); } index = Expression(ExprContext.ACCEPT_NON_QUERY) <RBRACKET>
        <EQ> value = Expression(ExprContext.ACCEPT_SUB_QUERY) {
            sourceExpressionList.add(new org.apache.calcite.sql.SqlUnresolvedFunction(new SqlIdentifier("tessera_array_set", s.pos()),
                null, null, null, null, SqlFunctionCategory.USER_DEFINED_FUNCTION).createCall(s.end(this),
                id, index, value));
        }
    )
|
    <LPAREN> { s = span(); }
    id = CompoundIdentifier() { columns.add(id); }
    ( <COMMA> id = CompoundIdentifier() { columns.add(id); } )*
    <RPAREN>
    <EQ>
    [ <ROW> { row = true; } ]
    values = ParenthesizedQueryOrCommaListWithDefault(ExprContext.ACCEPT_SUB_QUERY) {
        MultiColumnSet.expand(columns, values, row, s.end(this), targetColumnList, sourceExpressionList);
    }
}

/** A SET value: an expression, or {@code DEFAULT} (core's DEFAULT call, which the planner replaces). */
void PgUpdateValue(List<SqlNode> list) :
{
    SqlNode e;
}
{
    e = Default() { list.add(e); }
|
    AddExpression(list, ExprContext.ACCEPT_SUB_QUERY)
}

/** {@code DELETE FROM table [[AS] alias] [USING from_list] [WHERE condition]}. */
SqlNode PgDelete() :
{
    final SqlIdentifier tableName;
    SqlNode tableRef;
    final SqlIdentifier alias;
    final SqlNode where;
    final SqlNode using;
    final Span s;
}
{
    <DELETE> {
        s = span();
    }
    <FROM> tableName = CompoundTableIdentifier() { tableRef = tableName; }
    ( [ <AS> ] alias = SimpleIdentifier() | { alias = null; } )
    ( <USING> using = FromClause() | { using = null; } )
    ( where = Where() | { where = null; } )
    {
        final SqlParserPos pos = s.add(tableRef).addIf(alias).addIf(using).addIf(where).pos();
        if (using == null) {
            return new SqlDelete(pos, tableRef, where, null, alias);
        }
        return new SqlDeleteUsing(pos, tableRef, where, alias, using);
    }
}
