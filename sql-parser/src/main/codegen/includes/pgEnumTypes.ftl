<#--
  Enum types, PostgreSQL 15's grammar (gram.y: DefineStmt's CREATE TYPE ... AS ENUM, AlterEnumStmt, DropStmt's
  DROP TYPE; https://www.postgresql.org/docs/15/sql-createtype.html and sql-altertype.html).

  ENUM and RENAME are not Calcite keywords: they are matched by semantic lookahead on an identifier's text, so
  they stay usable as names.
-->

/** <pre>CREATE TYPE name AS ENUM ( [ 'label' [, ...] ] )</pre> */
SqlCreate SqlCreatePgEnumType(Span s, boolean replace) :
{
    final SqlIdentifier id;
    final List<String> labels = new ArrayList<String>();
    String label;
}
{
    <TYPE> {
        if (replace) {
            throw new SqlPositionedException(null, null, getPos());
        }
    }
    id = CompoundIdentifier()
    <AS>
    LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "enum".equalsIgnoreCase(getToken(1).image) })
    <IDENTIFIER>
    <LPAREN>
    [
        label = SimpleStringLiteral() { labels.add(label); }
        ( <COMMA> label = SimpleStringLiteral() { labels.add(label); } )*
    ]
    <RPAREN>
    {
        return new SqlCreateEnumType(s.end(this), id, labels);
    }
}

/** <pre>DROP TYPE [ IF EXISTS ] name [, ...] [ CASCADE | RESTRICT ]</pre> */
SqlDrop SqlDropPgType(Span s, boolean replace) :
{
    final boolean ifExists;
    final List<SqlIdentifier> names = new ArrayList<SqlIdentifier>();
    SqlIdentifier id;
    boolean cascade = false;
}
{
    <TYPE>
    ifExists = PgIfExistsOpt()
    id = CompoundIdentifier() { names.add(id); }
    ( <COMMA> id = CompoundIdentifier() { names.add(id); } )*
    [ <CASCADE> { cascade = true; } | <RESTRICT> ]
    {
        return new SqlDropType(s.end(this), ifExists, names, cascade);
    }
}

/**
 * <pre>
 * ALTER TYPE name ADD VALUE [ IF NOT EXISTS ] 'new' [ { BEFORE | AFTER } 'neighbor' ]
 * ALTER TYPE name RENAME VALUE 'existing' TO 'new'
 * ALTER TYPE name RENAME TO new_name
 * ALTER TYPE name OWNER TO role
 * ALTER TYPE name SET SCHEMA new_schema
 * </pre>
 */
SqlNode PgAlterEnumType() :
{
    final Span s;
    final SqlIdentifier id;
    final boolean ifNotExists;
    String value;
    String other = null;
    boolean before = false;
    SqlIdentifier newName;
}
{
    <ALTER> { s = span(); } <TYPE>
    id = CompoundIdentifier()
    (
        <ADD> <VALUE>
        ifNotExists = PgIfNotExistsOpt()
        value = SimpleStringLiteral()
        [
            ( <BEFORE> { before = true; } | <AFTER> { before = false; } )
            other = SimpleStringLiteral()
        ]
        {
            return new SqlAlterEnumType(s.end(this), id, SqlAlterEnumType.Action.ADD_VALUE, value, other, before,
                ifNotExists);
        }
    |
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "rename".equalsIgnoreCase(getToken(1).image) })
        <IDENTIFIER>
        (
            <VALUE> value = SimpleStringLiteral() <TO> other = SimpleStringLiteral() {
                return new SqlAlterEnumType(s.end(this), id, SqlAlterEnumType.Action.RENAME_VALUE, value, other,
                    false, false);
            }
        |
            <TO> newName = SimpleIdentifier() {
                return new SqlAlterEnumType(s.end(this), id, SqlAlterEnumType.Action.RENAME, newName.getSimple(),
                    null, false, false);
            }
        )
    |
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER && "owner".equalsIgnoreCase(getToken(1).image) })
        <IDENTIFIER> <TO> newName = SimpleIdentifier() {
            return new SqlAlterEnumType(s.end(this), id, SqlAlterEnumType.Action.OWNER, newName.getSimple(), null,
                false, false);
        }
    |
        <SET> <SCHEMA> newName = SimpleIdentifier() {
            return new SqlAlterEnumType(s.end(this), id, SqlAlterEnumType.Action.SET_SCHEMA, newName.getSimple(),
                null, false, false);
        }
    )
}
