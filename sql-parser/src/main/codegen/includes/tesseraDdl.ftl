<#--
  Tessera DDL: CREATE/DROP TABLE with Postgres-XL's distribution clauses, CREATE/DROP DATABASE.

  Core's SqlCreate() calls each create method with (Span s, boolean replace) after CREATE [OR REPLACE];
  core's SqlDrop() does the same after DROP. PostgreSQL has no CREATE OR REPLACE TABLE/DATABASE, so replace
  is refused here.

  Postgres-XL: https://www.postgres-xl.org/documentation/sql-createtable.html
-->

boolean PgIfNotExistsOpt() :
{
}
{
    LOOKAHEAD(3) <IF> <NOT> <EXISTS> { return true; }
|
    { return false; }
}

boolean PgIfExistsOpt() :
{
}
{
    LOOKAHEAD(2) <IF> <EXISTS> { return true; }
|
    { return false; }
}

/**
 * <pre>
 * CREATE [ [ GLOBAL | LOCAL ] { TEMPORARY | TEMP } ] TABLE [ IF NOT EXISTS ] name ( column_def | [ CONSTRAINT c ] PRIMARY KEY ( col [, ...] ) [, ...] )
 *     [ WITH ( option [ = value ] [, ...] ) ]
 *     [ { DISTRIBUTE | DIST } BY { HASH ( col ) | MODULO ( col ) | SHARD ( col ) | ROUNDROBIN | REPLICATION } ]
 *     [ TO { NODE ( node [, ...] ) | GROUP group } ]
 *     [ ON COMMIT { PRESERVE ROWS | DELETE ROWS | DROP } ]
 * CREATE [ TEMP ] TABLE [ IF NOT EXISTS ] name [ ( column_name [, ...] ) ] [ the three clauses above ]
 *     AS query [ WITH [ NO ] DATA ]
 * </pre>
 * The four trailing clauses may come in any order, each at most once. A parenthesised list of bare names (each
 * followed by a comma or the closing parenthesis) is CREATE TABLE AS's column name list.
 */
SqlCreate SqlCreateTesseraTable(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    final List<SqlColumnDef> columns = new ArrayList<SqlColumnDef>();
    final List<SqlIdentifier> primaryKey = new ArrayList<SqlIdentifier>();
    final List<String> primaryKeyName = new ArrayList<String>();
    List<String> withOptions = null;
    Distribution distribution = null;
    List<SqlIdentifier> toNodes = null;
    SqlIdentifier toGroup = null;
    SqlIdentifier node;
    final List<SqlColumnDef.Check> checks = new ArrayList<SqlColumnDef.Check>();
    final List<TableConstraint> constraints = new ArrayList<TableConstraint>();
    boolean as = false;
    List<String> asColumns = new ArrayList<String>();
    SqlNode query = null;
    boolean withData = true;
    SqlParserPos queryStart = null;
    SqlParserPos queryEnd = null;
    boolean temporary = false;
    String onCommit = null;
}
{
    [
        ( <GLOBAL> | <LOCAL> )? ( <TEMPORARY> | <TEMP> ) { temporary = true; }
    ]
    <TABLE> {
        if (replace) {
            // PostgreSQL has no CREATE OR REPLACE TABLE: a syntax error at TABLE, as psql reports it.
            throw new SqlPositionedException(null, null, getPos());
        }
    }
    ifNotExists = PgIfNotExistsOpt()
    id = CompoundIdentifier()
    (
        LOOKAHEAD(<LPAREN> SimpleIdentifier() (<COMMA> | <RPAREN>))
        asColumns = PgColumnNameList() { as = true; }
    |
        <LPAREN>
        PgTableElement(columns, primaryKey, primaryKeyName, checks, constraints)
        ( <COMMA> PgTableElement(columns, primaryKey, primaryKeyName, checks, constraints) )*
        <RPAREN>
    |
        { as = true; }
    )
    (
        <WITH> {
            if (withOptions != null) {
                throw new SqlPositionedException(null, null, getPos());
            }
        }
        withOptions = PgWithOptions()
    |
        <ON> {
            if (onCommit != null) {
                throw new SqlPositionedException(null, null, getPos());
            }
        }
        <COMMIT>
        (
            <PRESERVE> <ROWS> { onCommit = "PRESERVE ROWS"; }
        |
            <DELETE> <ROWS> { onCommit = "DELETE ROWS"; }
        |
            <DROP> { onCommit = "DROP"; }
        )
    |
        ( <DISTRIBUTE> | <DIST> ) {
            if (distribution != null) {
                throw new SqlPositionedException(null, null, getPos());
            }
        }
        <BY> distribution = PgDistribution()
    |
        <TO> {
            if (toNodes != null || toGroup != null) {
                throw new SqlPositionedException(null, null, getPos());
            }
        }
        (
            <NODE> { toNodes = new ArrayList<SqlIdentifier>(); }
            <LPAREN>
            node = SimpleIdentifier() { toNodes.add(node); }
            ( <COMMA> node = SimpleIdentifier() { toNodes.add(node); } )*
            <RPAREN>
        |
            <GROUP> toGroup = SimpleIdentifier()
        )
    )*
    [
        <AS> {
            if (!as) {
                throw new SqlPositionedException(null, null, getPos());
            }
            queryStart = new SqlParserPos(getToken(1).beginLine, getToken(1).beginColumn);
        }
        query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) {
            queryEnd = new SqlParserPos(token.endLine, token.endColumn);
        }
        [
            <WITH> ( <NO> <DATA> { withData = false; } | <DATA> )
        ]
    ]
    {
        if (as && query == null) {
            throw new SqlPositionedException(null, null, new SqlParserPos(getToken(1).beginLine,
                getToken(1).beginColumn));
        }
        if (as) {
            return new SqlCreateTableAs(s.end(this), ifNotExists, id, asColumns,
                SqlCreateTesseraTable.optionMap(withOptions), distribution, toNodes, toGroup, query, withData,
                queryStart, queryEnd).withTemporary(temporary, onCommit);
        }
        return new SqlCreateTesseraTable(s.end(this), ifNotExists, id, columns, primaryKey,
            SqlCreateTesseraTable.optionMap(withOptions), distribution, toNodes, toGroup, checks)
            .withConstraints(constraints).withPrimaryKeyName(primaryKeyName.isEmpty() ? null : primaryKeyName.get(0))
            .withTemporary(temporary, onCommit);
    }
}

/**
 * A column definition, a table-level PRIMARY KEY or a table-level CHECK; a second primary key is an error, as in
 * PostgreSQL.
 */
void PgTableElement(List<SqlColumnDef> columns, List<SqlIdentifier> primaryKey, List<String> primaryKeyName,
        List<SqlColumnDef.Check> checks, List<TableConstraint> constraints) :
{
    SqlIdentifier col;
    SqlIdentifier cname = null;
    final SqlColumnDef def;
    final Span s;
    final SqlNode e;
    List<String> cols;
    TableConstraint.ForeignKey fk;
    int timing = 0;
}
{
    (
        LOOKAHEAD(3)
        [ <CONSTRAINT> cname = SimpleIdentifier() ]
        <CHECK> <LPAREN> e = Expression(ExprContext.ACCEPT_NON_QUERY) <RPAREN> [ LOOKAHEAD(2) PgCheckTiming() ] {
            checks.add(new SqlColumnDef.Check(cname == null ? null : cname.getSimple(), e));
        }
    |
        LOOKAHEAD(3)
        [ <CONSTRAINT> cname = SimpleIdentifier() ]
        <UNIQUE> cols = PgColumnNameList() [ timing = PgUniqueTiming("unique", false) ] {
            constraints.add(new TableConstraint.Unique(cname == null ? null : cname.getSimple(), cols)
                .withTiming(timing));
        }
    |
        LOOKAHEAD(3)
        [ <CONSTRAINT> cname = SimpleIdentifier() ]
        <FOREIGN> <KEY> cols = PgColumnNameList()
        fk = PgReferences(cname == null ? null : cname.getSimple(), cols, false) { constraints.add(fk); }
    |
        [ <CONSTRAINT> cname = SimpleIdentifier() ]
        <PRIMARY> { s = span(); } <KEY> {
            if (!primaryKey.isEmpty() || SqlColumnDef.anyPrimaryKey(columns)) {
                throw new SqlPositionedException(
                    io.tessera.common.error.SqlState.INVALID_TABLE_DEFINITION,
                    "multiple primary keys for table are not allowed", s.pos());
            }
        }
        <LPAREN>
        col = SimpleIdentifier() { primaryKey.add(col); }
        ( <COMMA> col = SimpleIdentifier() { primaryKey.add(col); } )*
        <RPAREN>
        [ PgUniqueTiming("primary key", false) ]
        { primaryKeyName.add(cname == null ? null : cname.getSimple()); }
    |
        def = PgColumnDef() {
            if (def.primaryKey() && (!primaryKey.isEmpty() || SqlColumnDef.anyPrimaryKey(columns))) {
                throw new SqlPositionedException(
                    io.tessera.common.error.SqlState.INVALID_TABLE_DEFINITION,
                    "multiple primary keys for table are not allowed", def.getParserPosition());
            }
            columns.add(def);
        }
    )
}

/**
 * <pre>name type [ [ CONSTRAINT c ] { NOT NULL | NULL | PRIMARY KEY | DEFAULT expr } ]...</pre>
 * A DEFAULT is a literal, a signed number or a function call (Expression3: no binary operators, so the
 * following NOT NULL is not read as part of it).
 */
SqlColumnDef PgColumnDef() :
{
    final SqlIdentifier name;
    PgTypeName type;
    boolean notNull = false;
    boolean primaryKey = false;
    SqlNode defaultValue = null;
    final Span s;
    String serial = null;
    char identity = 0;
    SequenceOptions identityOptions = null;
    SqlIdentifier cname = null;
    String primaryKeyName = null;
    SqlNode e;
    final List<SqlColumnDef.Check> checks = new ArrayList<SqlColumnDef.Check>();
    final List<TableConstraint> constraints = new ArrayList<TableConstraint>();
    final List<String> self = new ArrayList<String>();
    TableConstraint.ForeignKey fk;
    int timing;
}
{
    name = SimpleIdentifier() { s = span(); self.add(name.getSimple()); }
    (
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER && PgSerialType(getToken(1).image) != null })
        <IDENTIFIER> {
            serial = PgSerialType(token.image);
            type = new PgTypeName(serial.equals("bigserial") ? "int8" : serial.equals("smallserial") ? "int2" : "int4",
                new ArrayList<Integer>(), getPos());
        }
    |
        type = PgColumnType()
    )
    (
        { cname = null; }
        [ <CONSTRAINT> cname = SimpleIdentifier() ]
        (
            LOOKAHEAD(2) <NOT> <NULL> { notNull = true; }
        |
            <NULL> { notNull = false; }
        |
            <PRIMARY> <KEY> { primaryKey = true; primaryKeyName = cname == null ? null : cname.getSimple(); }
            [ LOOKAHEAD(2) PgUniqueTiming("primary key", true) ]
        |
            <DEFAULT_> defaultValue = PgDefaultExpr()
        |
            <CHECK> <LPAREN> e = Expression(ExprContext.ACCEPT_NON_QUERY) <RPAREN> {
                checks.add(new SqlColumnDef.Check(cname == null ? null : cname.getSimple(), e));
            }
        |
            <UNIQUE> { timing = 0; } [ LOOKAHEAD(2) timing = PgUniqueTiming("unique", true) ]
            { constraints.add(new TableConstraint.Unique(cname == null ? null : cname.getSimple(), self)
                .withTiming(timing)); }
        |
            LOOKAHEAD(2) PgMisplacedTiming()
        |
            fk = PgReferences(cname == null ? null : cname.getSimple(), self, true) { constraints.add(fk); }
        |
            <GENERATED>
            ( <ALWAYS> { identity = 'a'; } | <BY> <DEFAULT_> { identity = 'd'; } )
            <AS> <IDENTITY>
            [
                <LPAREN> { identityOptions = new SequenceOptions(); }
                ( PgSequenceOption(identityOptions) )+
                <RPAREN>
            ]
        )
    )*
    {
        return new SqlColumnDef(s.end(this), name, type, notNull || primaryKey || serial != null || identity != 0,
            primaryKey, defaultValue, serial, identity, identityOptions, checks).withConstraints(constraints)
            .withPrimaryKeyName(primaryKeyName);
    }
}

/** <pre>( name [, ...] )</pre> */
List<String> PgColumnNameList() :
{
    final List<String> cols = new ArrayList<String>();
    SqlIdentifier c;
}
{
    <LPAREN>
    c = SimpleIdentifier() { cols.add(c.getSimple()); }
    ( <COMMA> c = SimpleIdentifier() { cols.add(c.getSimple()); } )*
    <RPAREN>
    { return cols; }
}

/**
 * <pre>REFERENCES table [ ( col [, ...] ) ] [ MATCH FULL | MATCH SIMPLE ] [ ON DELETE action ] [ ON UPDATE action ]
 *     [ [ NOT ] DEFERRABLE ] [ INITIALLY { DEFERRED | IMMEDIATE } ]</pre>
 * with action one of NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT (PostgreSQL 15's, without SET NULL's
 * column list).
 */
TableConstraint.ForeignKey PgReferences(String cname, List<String> cols, boolean column) :
{
    final SqlIdentifier table;
    List<String> refCols = new ArrayList<String>();
    char match = 's';
    char onUpdate = 'a';
    char onDelete = 'a';
    int timing = 0;
}
{
    <REFERENCES> table = CompoundIdentifier()
    [ refCols = PgColumnNameList() ]
    (
        <MATCH>
        (
            <FULL> { match = 'f'; }
        |
            <SIMPLE> { match = 's'; }
        |
            <PARTIAL> {
                throw new SqlPositionedException(io.tessera.common.error.SqlState.FEATURE_NOT_SUPPORTED,
                    "MATCH PARTIAL not yet implemented", getPos());
            }
        )
    |
        LOOKAHEAD(2) <ON> <DELETE> onDelete = PgReferentialAction()
    |
        LOOKAHEAD(2) <ON> <UPDATE> onUpdate = PgReferentialAction()
    )*
    [ LOOKAHEAD(2) timing = PgConstraintTiming(column) ]
    {
        return new TableConstraint.ForeignKey(cname, cols, table, refCols, match, onUpdate, onDelete, false,
            (timing & 1) != 0, (timing & 2) != 0);
    }
}

/** A referential action as pg_constraint's letter: NO ACTION 'a', RESTRICT 'r', CASCADE 'c', SET NULL 'n', SET DEFAULT 'd'. */
char PgReferentialAction() :
{
}
{
    <NO> <ACTION> { return 'a'; }
|
    <RESTRICT> { return 'r'; }
|
    <CASCADE> { return 'c'; }
|
    LOOKAHEAD(2) <SET> <NULL> { return 'n'; }
|
    <SET> <DEFAULT_> { return 'd'; }
}

/** The canonical serial pseudo-type name of an identifier (serial4 → serial, ...), or null. */
JAVACODE String PgSerialType(String image) {
    switch (image.toLowerCase(Locale.ROOT)) {
    case "serial":
    case "serial4":
        return "serial";
    case "bigserial":
    case "serial8":
        return "bigserial";
    case "smallserial":
    case "serial2":
        return "smallserial";
    default:
        return null;
    }
}

/**
 * <pre>( name [ = value ] [, ...] )</pre> as alternating keys and values (JavaCC 4.0 cannot declare
 * {@code Map<String, String>}); values as strings, a name alone meaning "true". Keys are lower-cased.
 */
List<String> PgWithOptions() :
{
    final List<String> opts = new ArrayList<String>();
}
{
    <LPAREN>
    PgWithOption(opts)
    ( <COMMA> PgWithOption(opts) )*
    <RPAREN>
    { return opts; }
}

void PgWithOption(List<String> opts) :
{
    final SqlIdentifier key;
    String value = "true";
}
{
    key = SimpleIdentifier()
    [ <EQ> value = PgWithOptionValue() ]
    {
        opts.add(key.getSimple().toLowerCase(Locale.ROOT));
        opts.add(value);
    }
}

String PgWithOptionValue() :
{
    final SqlNode literal;
    final SqlIdentifier id;
}
{
    literal = StringLiteral() {
        return SqlLiteral.unchain(literal).getValueAs(String.class);
    }
|
    literal = NumericLiteral() {
        return ((SqlLiteral) literal).toValue();
    }
|
    <TRUE> { return "true"; }
|
    <FALSE> { return "false"; }
|
    <ON> { return "on"; }
|
    id = SimpleIdentifier() { return id.getSimple(); }
}

/** <pre>HASH ( col ) | MODULO ( col ) | SHARD ( col ) | ROUNDROBIN | REPLICATION</pre> */
Distribution PgDistribution() :
{
    final DistributionKind kind;
    SqlIdentifier col = null;
}
{
    (
        ( <HASH> { kind = DistributionKind.HASH; }
        | <MODULO> { kind = DistributionKind.MODULO; }
        | <SHARD> { kind = DistributionKind.SHARD; }
        )
        <LPAREN> col = SimpleIdentifier() <RPAREN>
    |
        <ROUNDROBIN> { kind = DistributionKind.ROUNDROBIN; }
    |
        <REPLICATION> { kind = DistributionKind.REPLICATION; }
    )
    {
        return new Distribution(kind, col == null ? null : col.getSimple());
    }
}

/**
 * <pre>DROP TABLE [ IF EXISTS ] name [, ...] [ CASCADE | RESTRICT ]</pre>
 */
SqlDrop SqlDropTesseraTable(Span s, boolean replace) :
{
    final boolean ifExists;
    final List<SqlIdentifier> names = new ArrayList<SqlIdentifier>();
    SqlIdentifier id;
    boolean cascade = false;
}
{
    <TABLE>
    ifExists = PgIfExistsOpt()
    id = CompoundIdentifier() { names.add(id); }
    ( <COMMA> id = CompoundIdentifier() { names.add(id); } )*
    [ <CASCADE> { cascade = true; } | <RESTRICT> ]
    {
        return new SqlDropTesseraTable(s.end(this), ifExists, names, cascade);
    }
}

/** <pre>CREATE DATABASE name</pre> */
SqlCreate SqlCreateDatabase(Span s, boolean replace) :
{
    final SqlIdentifier id;
}
{
    <DATABASE> {
        if (replace) {
            throw new SqlPositionedException(null, null, getPos());
        }
    }
    id = SimpleIdentifier()
    {
        return new SqlCreateDatabase(s.end(this), id);
    }
}

/** <pre>DROP DATABASE [ IF EXISTS ] name</pre> */
SqlDrop SqlDropDatabase(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier id;
}
{
    <DATABASE>
    ifExists = PgIfExistsOpt()
    id = SimpleIdentifier()
    {
        return new SqlDropDatabase(s.end(this), ifExists, id);
    }
}
