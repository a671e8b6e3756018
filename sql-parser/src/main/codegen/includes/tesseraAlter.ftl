<#--
  Sequences and ALTER TABLE, PostgreSQL 15's grammar (gram.y: CreateSeqStmt, AlterSeqStmt, SeqOptElem,
  AlterTableStmt, alter_table_cmd), plus Postgres-XL's ALTER TABLE ... DISTRIBUTE BY / TO NODE / TO GROUP /
  ADD NODE / DELETE NODE (https://www.postgres-xl.org/documentation/sql-altertable.html).

  Words that are not Calcite keywords (CACHE, OWNED, RENAME, OWNER, VALIDATE, VALID) are matched by semantic
  lookahead on an identifier's text, so they stay usable as names.
-->

/** A signed integer literal as a long; out of range is 22003, as PostgreSQL reports it. */
long PgSignedLong() :
{
    boolean negative = false;
}
{
    [ <MINUS> { negative = true; } | <PLUS> ]
    <UNSIGNED_INTEGER_LITERAL> {
        java.math.BigInteger v = new java.math.BigInteger(token.image);
        if (negative) {
            v = v.negate();
        }
        if (v.bitLength() > 63) {
            throw new SqlPositionedException(io.tessera.common.error.SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                "value \"" + v + "\" is out of range for type bigint", getPos());
        }
        return v.longValue();
    }
}

/**
 * One sequence option:
 * <pre>
 *   AS type | INCREMENT [BY] n | MINVALUE n | NO MINVALUE | MAXVALUE n | NO MAXVALUE | START [WITH] n
 *   | RESTART [[WITH] n] | CACHE n | [NO] CYCLE | OWNED BY { table.column | NONE }
 *   | SEQUENCE NAME name   (an identity column's options only: the coordinator refuses it elsewhere)
 * </pre>
 */
void PgSequenceOption(SequenceOptions o) :
{
    long n;
    final PgTypeName t;
    final SqlIdentifier id;
}
{
    <AS> t = PgType() { o.type = t.typeName(); }
|
    <INCREMENT> [ <BY> ] n = PgSignedLong() { o.increment = n; }
|
    <MINVALUE> n = PgSignedLong() { o.minValue = n; }
|
    <MAXVALUE> n = PgSignedLong() { o.maxValue = n; }
|
    <NO> ( <MINVALUE> { o.noMinValue = true; } | <MAXVALUE> { o.noMaxValue = true; } | <CYCLE> { o.cycle = false; } )
|
    <START> [ <WITH> ] n = PgSignedLong() { o.start = n; }
|
    <RESTART> { o.restart = true; }
    [ [ <WITH> ] n = PgSignedLong() { o.restartWith = n; } ]
|
    LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "cache".equalsIgnoreCase(getToken(1).image) })
    <IDENTIFIER> n = PgSignedLong() { o.cache = n; }
|
    <CYCLE> { o.cycle = true; }
|
    LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "owned".equalsIgnoreCase(getToken(1).image) })
    <IDENTIFIER> <BY>
    (
        <NONE> { o.ownedByNone = true; }
    |
        id = CompoundIdentifier() { o.ownedBy = id.names; }
    )
|
    <SEQUENCE> <NAME> id = CompoundIdentifier() { o.sequenceName = id.names; }
}

/** <pre>CREATE SEQUENCE [ IF NOT EXISTS ] name [ option ... ]</pre> */
SqlCreate SqlCreateSequence(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    final SequenceOptions o = new SequenceOptions();
}
{
    <SEQUENCE> {
        if (replace) {
            throw new SqlPositionedException(null, null, getPos());
        }
    }
    ifNotExists = PgIfNotExistsOpt()
    id = CompoundIdentifier()
    ( PgSequenceOption(o) )*
    {
        return new SqlCreateSequence(s.end(this), ifNotExists, id, o);
    }
}

/** <pre>DROP SEQUENCE [ IF EXISTS ] name [, ...] [ CASCADE | RESTRICT ]</pre> */
SqlDrop SqlDropSequence(Span s, boolean replace) :
{
    final boolean ifExists;
    final List<SqlIdentifier> names = new ArrayList<SqlIdentifier>();
    SqlIdentifier id;
    boolean cascade = false;
}
{
    <SEQUENCE>
    ifExists = PgIfExistsOpt()
    id = CompoundIdentifier() { names.add(id); }
    ( <COMMA> id = CompoundIdentifier() { names.add(id); } )*
    [ <CASCADE> { cascade = true; } | <RESTRICT> ]
    {
        return new SqlDropSequence(s.end(this), ifExists, names, cascade);
    }
}

/** <pre>ALTER SEQUENCE [ IF EXISTS ] name { option ... | RENAME TO new | OWNER TO role | SET SCHEMA s }</pre> */
SqlNode PgAlterSequence() :
{
    final Span s;
    final boolean ifExists;
    final SqlIdentifier id;
    final SequenceOptions o = new SequenceOptions();
    SqlIdentifier other;
    String renameTo = null;
    String ownerTo = null;
    String setSchema = null;
}
{
    <ALTER> { s = span(); } <SEQUENCE>
    ifExists = PgIfExistsOpt()
    id = CompoundIdentifier()
    (
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "rename".equalsIgnoreCase(getToken(1).image) })
        <IDENTIFIER> <TO> other = SimpleIdentifier() { renameTo = other.getSimple(); }
    |
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "owner".equalsIgnoreCase(getToken(1).image) })
        <IDENTIFIER> <TO> other = SimpleIdentifier() { ownerTo = other.getSimple(); }
    |
        LOOKAHEAD(2) <SET> <SCHEMA> other = SimpleIdentifier() { setSchema = other.getSimple(); }
    |
        ( PgSequenceOption(o) )+
    )
    {
        return new SqlAlterSequence(s.end(this), ifExists, id, o, renameTo, ownerTo, setSchema);
    }
}

/**
 * <pre>ALTER DEFAULT PRIVILEGES ...</pre> is refused with 0A000: privileges for objects created later are not kept.
 */
SqlNode PgAlterDefaultPrivileges() :
{
    final Span s;
}
{
    <ALTER> { s = span(); } <DEFAULT_>
    {
        throw new SqlPositionedException(io.tessera.common.error.SqlState.FEATURE_NOT_SUPPORTED,
            "ALTER DEFAULT PRIVILEGES is not supported: grant on the objects once they exist", s.end(this));
    }
}

/**
 * <pre>ALTER INDEX [ IF EXISTS ] name RENAME TO new</pre> INDEX is no keyword: any other word after ALTER is a syntax
 * error at that word, as in PostgreSQL.
 */
SqlNode PgAlterIndex() :
{
    final Span s;
    final boolean ifExists;
    final SqlIdentifier id;
    SqlIdentifier other;
}
{
    <ALTER> { s = span(); } <IDENTIFIER> { PgExpectWord("index"); }
    ifExists = PgIfExistsOpt()
    id = CompoundIdentifier()
    (
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "rename".equalsIgnoreCase(getToken(1).image) })
        <IDENTIFIER> <TO> other = SimpleIdentifier()
        {
            return new SqlAlterIndex(s.end(this), ifExists, id, other.getSimple());
        }
    |
        // SET TABLESPACE parses (a syntax error elsewhere, such as SET SCHEMA, is at PostgreSQL's word)
        <SET> <IDENTIFIER> { PgExpectWord("tablespace"); }
        {
            throw new SqlPositionedException(io.tessera.common.error.SqlState.FEATURE_NOT_SUPPORTED,
                "ALTER INDEX ... SET TABLESPACE is not supported: Tessera has no tablespaces", s.end(this));
        }
    )
}

/**
 * <pre>ALTER TABLE [ IF EXISTS ] [ ONLY ] name { action [, ...] | SET SCHEMA new_schema }</pre> (see SqlAlterTable for
 * the actions).
 */
SqlNode PgAlterTable() :
{
    final Span s;
    final boolean ifExists;
    final SqlIdentifier id;
    SqlIdentifier other;
    final List<SqlAlterTable.Action> actions = new ArrayList<SqlAlterTable.Action>();
}
{
    <ALTER> { s = span(); } <TABLE>
    ifExists = PgIfExistsOpt()
    [ <ONLY> ]
    id = CompoundIdentifier()
    (
        LOOKAHEAD(2) <SET> <SCHEMA> other = SimpleIdentifier() {
            actions.add(new SqlAlterTable.SetSchema(other.getSimple())); // PostgreSQL's AlterObjectSchemaStmt: alone
        }
    |
        PgAlterTableAction(actions)
        ( <COMMA> PgAlterTableAction(actions) )*
    )
    {
        return new SqlAlterTable(s.end(this), ifExists, id, actions);
    }
}

/** A parenthesised list of node names: <pre>( name [, ...] )</pre> */
List<String> PgNodeList() :
{
    final List<String> nodes = new ArrayList<String>();
    SqlIdentifier n;
}
{
    <LPAREN>
    n = SimpleIdentifier() { nodes.add(n.getSimple()); }
    ( <COMMA> n = SimpleIdentifier() { nodes.add(n.getSimple()); } )*
    <RPAREN>
    { return nodes; }
}

void PgAlterTableAction(List<SqlAlterTable.Action> actions) :
{
    SqlIdentifier a;
    SqlIdentifier b;
    SqlIdentifier cname = null;
    final SqlColumnDef def;
    boolean flag = false;
    boolean cascade = false;
    SqlNode e;
    PgTypeName t;
    Distribution d;
    List<String> nodes;
    List<String> opts;
    final List<String> cols = new ArrayList<String>();
    List<String> keyCols;
    TableConstraint.ForeignKey fk;
    int timing = 0;
    SequenceOptions identityOptions;
    char identity;
}
{
    (
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "rename".equalsIgnoreCase(getToken(1).image) })
        <IDENTIFIER>
        (
            <TO> a = SimpleIdentifier() { actions.add(new SqlAlterTable.RenameTable(a.getSimple())); }
        |
            <CONSTRAINT> a = SimpleIdentifier() <TO> b = SimpleIdentifier() {
                actions.add(new SqlAlterTable.RenameConstraint(a.getSimple(), b.getSimple()));
            }
        |
            [ <COLUMN> ] a = SimpleIdentifier() <TO> b = SimpleIdentifier() {
                actions.add(new SqlAlterTable.RenameColumn(a.getSimple(), b.getSimple()));
            }
        )
    |
        ( <DISTRIBUTE> | <DIST> ) <BY> d = PgDistribution() {
            actions.add(new SqlAlterTable.Redistribute("DISTRIBUTE BY", d, null));
        }
    |
        LOOKAHEAD(2) <TO> <NODE> nodes = PgNodeList() {
            actions.add(new SqlAlterTable.Redistribute("TO NODE", null, nodes));
        }
    |
        LOOKAHEAD(2) <TO> <GROUP> a = SimpleIdentifier() {
            actions.add(new SqlAlterTable.Redistribute("TO GROUP", null, List.of(a.getSimple())));
        }
    |
        LOOKAHEAD(3) <ADD> <NODE> nodes = PgNodeList() {
            actions.add(new SqlAlterTable.Redistribute("ADD NODE", null, nodes));
        }
    |
        LOOKAHEAD(3) <DELETE> <NODE> nodes = PgNodeList() {
            actions.add(new SqlAlterTable.Redistribute("DELETE NODE", null, nodes));
        }
    |
        <ADD>
        (
            [ <CONSTRAINT> cname = SimpleIdentifier() ]
            (
                <CHECK> <LPAREN> e = Expression(ExprContext.ACCEPT_NON_QUERY) <RPAREN>
                [ LOOKAHEAD(2) PgCheckTiming() ]
                [ <NOT>
                  LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "valid".equalsIgnoreCase(getToken(1).image) })
                  <IDENTIFIER> { flag = true; } ]
                {
                    actions.add(new SqlAlterTable.AddCheck(cname == null ? null : cname.getSimple(), e, flag));
                }
            |
                <PRIMARY> <KEY> <LPAREN>
                a = SimpleIdentifier() { cols.add(a.getSimple()); }
                ( <COMMA> a = SimpleIdentifier() { cols.add(a.getSimple()); } )*
                <RPAREN> [ PgUniqueTiming("primary key", false) ] {
                    actions.add(new SqlAlterTable.AddPrimaryKey(cname == null ? null : cname.getSimple(), cols));
                }
            |
                <UNIQUE> keyCols = PgColumnNameList() [ timing = PgUniqueTiming("unique", false) ] {
                    actions.add(new SqlAlterTable.AddConstraint(
                        new TableConstraint.Unique(cname == null ? null : cname.getSimple(), keyCols)
                            .withTiming(timing)));
                }
            |
                <FOREIGN> <KEY> keyCols = PgColumnNameList()
                fk = PgReferences(cname == null ? null : cname.getSimple(), keyCols, false)
                [ <NOT>
                  LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "valid".equalsIgnoreCase(getToken(1).image) })
                  <IDENTIFIER> { fk = fk.notValidated(); } ]
                {
                    actions.add(new SqlAlterTable.AddConstraint(fk));
                }
            )
        |
            [ <COLUMN> ]
            flag = PgIfNotExistsOpt()
            def = PgColumnDef() { actions.add(new SqlAlterTable.AddColumn(def, flag)); }
        )
    |
        <DROP>
        (
            <CONSTRAINT> flag = PgIfExistsOpt() a = SimpleIdentifier()
            [ <CASCADE> | <RESTRICT> ] {
                actions.add(new SqlAlterTable.DropConstraint(a.getSimple(), flag));
            }
        |
            [ <COLUMN> ]
            flag = PgIfExistsOpt() a = SimpleIdentifier()
            [ <CASCADE> { cascade = true; } | <RESTRICT> ] {
                actions.add(new SqlAlterTable.DropColumn(a.getSimple(), flag, cascade));
            }
        )
    |
        LOOKAHEAD(2)
        <ALTER> <CONSTRAINT> a = SimpleIdentifier() [ timing = PgConstraintTiming(false) ] {
            actions.add(new SqlAlterTable.AlterConstraint(a.getSimple(), (timing & 1) != 0, (timing & 2) != 0));
        }
    |
        <ALTER> [ <COLUMN> ] a = SimpleIdentifier()
        (
            <SET>
            (
                <DEFAULT_> e = Expression(ExprContext.ACCEPT_NON_QUERY) {
                    actions.add(new SqlAlterTable.ColumnDefault(a.getSimple(), e));
                }
            |
                <NOT> <NULL> { actions.add(new SqlAlterTable.ColumnNotNull(a.getSimple(), true)); }
            |
                <DATA> <TYPE> t = PgColumnType() { e = null; }
                [ <USING> e = Expression(ExprContext.ACCEPT_NON_QUERY) ] {
                    actions.add(new SqlAlterTable.ColumnType(a.getSimple(), t, e));
                }
            )
        |
            <DROP>
            (
                <DEFAULT_> { actions.add(new SqlAlterTable.ColumnDefault(a.getSimple(), null)); }
            |
                <NOT> <NULL> { actions.add(new SqlAlterTable.ColumnNotNull(a.getSimple(), false)); }
            )
        |
            <TYPE> t = PgColumnType() { e = null; }
            [ <USING> e = Expression(ExprContext.ACCEPT_NON_QUERY) ] {
                actions.add(new SqlAlterTable.ColumnType(a.getSimple(), t, e));
            }
        |
            <ADD> <GENERATED> { identityOptions = new SequenceOptions(); }
            ( <ALWAYS> { identity = 'a'; } | <BY> <DEFAULT_> { identity = 'd'; } )
            <AS> <IDENTITY>
            [ <LPAREN> ( PgSequenceOption(identityOptions) )+ <RPAREN> ] {
                actions.add(new SqlAlterTable.AddIdentity(a.getSimple(), identity, identityOptions));
            }
        )
    |
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "validate".equalsIgnoreCase(getToken(1).image) })
        <IDENTIFIER> <CONSTRAINT> a = SimpleIdentifier() {
            actions.add(new SqlAlterTable.ValidateConstraint(a.getSimple()));
        }
    |
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "owner".equalsIgnoreCase(getToken(1).image) })
        <IDENTIFIER> <TO> a = SimpleIdentifier() { actions.add(new SqlAlterTable.OwnerTo(a.getSimple())); }
    |
        <SET> opts = PgWithOptions() {
            actions.add(new SqlAlterTable.StorageOptions(SqlCreateTesseraTable.optionMap(opts), false));
        }
    |
        <RESET> { opts = new ArrayList<String>(); }
        <LPAREN>
        a = SimpleIdentifier() { opts.add(a.getSimple().toLowerCase(Locale.ROOT)); opts.add(null); }
        ( <COMMA> a = SimpleIdentifier() { opts.add(a.getSimple().toLowerCase(Locale.ROOT)); opts.add(null); } )*
        <RPAREN> {
            actions.add(new SqlAlterTable.StorageOptions(SqlCreateTesseraTable.optionMap(opts), true));
        }
    )
}

/**
 * <pre>INSERT INTO table DEFAULT VALUES</pre>, else core's INSERT. The DEFAULT VALUES form becomes an INSERT without
 * a column list whose source is one empty row ({@code VALUES ()}): the coordinator fills every column's default.
 */
SqlNode PgInsert() :
{
    final SqlIdentifier table;
    final Span s;
    final SqlNode node;
}
{
    (
        LOOKAHEAD(<INSERT> <INTO> CompoundIdentifier() <DEFAULT_>)
        <INSERT> { s = span(); } <INTO> table = CompoundIdentifier() <DEFAULT_> <VALUES> {
            return new SqlInsert(s.end(this), SqlNodeList.EMPTY, table,
                SqlStdOperatorTable.VALUES.createCall(s.end(this),
                    SqlStdOperatorTable.ROW.createCall(s.end(this), new ArrayList<SqlNode>())), null);
        }
    |
        node = SqlInsert() { return node; }
    )
}

/**
 * A column DEFAULT: PostgreSQL's b_expr, the arithmetic and {@code ||} operators over Expression3 operands, without
 * the boolean ones, so a following {@code NOT NULL} is a constraint, not part of the expression.
 */
SqlNode PgDefaultExpr() :
{
    SqlNode e;
    SqlNode r;
    SqlBinaryOperator op;
}
{
    e = PgDefaultTerm()
    (
        ( <PLUS> { op = SqlStdOperatorTable.PLUS; }
        | <MINUS> { op = SqlStdOperatorTable.MINUS; }
        | <CONCAT> { op = SqlStdOperatorTable.CONCAT; } )
        r = PgDefaultTerm() { e = op.createCall(e.getParserPosition().plus(r.getParserPosition()), e, r); }
    )*
    { return e; }
}

SqlNode PgDefaultTerm() :
{
    SqlNode e;
    SqlNode r;
    SqlBinaryOperator op;
}
{
    e = PgDefaultFactor()
    (
        ( <STAR> { op = SqlStdOperatorTable.MULTIPLY; }
        | <SLASH> { op = SqlStdOperatorTable.DIVIDE; }
        | <PERCENT_REMAINDER> { op = SqlStdOperatorTable.PERCENT_REMAINDER; } )
        r = PgDefaultFactor() { e = op.createCall(e.getParserPosition().plus(r.getParserPosition()), e, r); }
    )*
    { return e; }
}

/** An Expression3 with PostgreSQL's {@code ::type} casts after it ({@code 'x'::text}, as pg_dump writes defaults). */
SqlNode PgDefaultFactor() :
{
    SqlNode e;
    SqlDataTypeSpec dt;
}
{
    e = Expression3(ExprContext.ACCEPT_NON_QUERY)
    (
        <INFIX_CAST> dt = DataType() {
            e = SqlLibraryOperators.INFIX_CAST.createCall(e.getParserPosition().plus(dt.getParserPosition()), e, dt);
        }
    )*
    { return e; }
}
