<#--
  Postgres-XL's node groups: CREATE NODE GROUP / DROP NODE GROUP
  (https://www.postgres-xl.org/documentation/sql-createnodegroup.html, sql-dropnodegroup.html), and
  ALTER TABLE ... TO GROUP (in tesseraAlter.ftl). NODE is a non-reserved keyword of this parser, GROUP a reserved one.
-->

/** <pre>node [, ...]</pre> or <pre>( node [, ...] )</pre>, as Postgres-XL's pgxcnodes. */
List<String> PgNodeGroupMembers() :
{
    List<String> nodes = new ArrayList<String>();
    SqlIdentifier n;
}
{
    (
        nodes = PgNodeList()
    |
        n = SimpleIdentifier() { nodes.add(n.getSimple()); }
        ( <COMMA> n = SimpleIdentifier() { nodes.add(n.getSimple()); } )*
    )
    { return nodes; }
}

/** <pre>CREATE NODE GROUP name WITH ( node [, ...] )</pre> */
SqlCreate SqlCreateNodeGroup(Span s, boolean replace) :
{
    final SqlIdentifier id;
    final List<String> nodes;
}
{
    <NODE> {
        if (replace) {
            throw new SqlPositionedException(null, null, getPos());
        }
    }
    <GROUP> id = SimpleIdentifier()
    <WITH> nodes = PgNodeGroupMembers()
    {
        return new SqlCreateNodeGroup(s.end(this), id, nodes);
    }
}

/** <pre>DROP NODE GROUP name</pre> */
SqlDrop SqlDropNodeGroup(Span s, boolean replace) :
{
    final SqlIdentifier id;
}
{
    <NODE> <GROUP> id = SimpleIdentifier()
    {
        return new SqlDropNodeGroup(s.end(this), id);
    }
}
