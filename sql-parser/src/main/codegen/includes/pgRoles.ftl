<#--
  Roles, table privileges and schemas, as PostgreSQL 15 writes them: CREATE/ALTER/DROP ROLE (and USER), GRANT and
  REVOKE on tables, CREATE/ALTER/DROP SCHEMA (COMMENT ON SCHEMA is in pgViews.ftl's PgComment). Names here are
  PostgreSQL's RoleSpec/ColId, which take any word: io.tessera.sql.parser.PgWords reads them keyword-blind, and the
  role options and privileges, which are words this parser has no keywords for.
-->

/** One name: any word, folded unless quoted (PgWords.word). */
JAVACODE String PgName() {
    return PgWords.word(this);
}

/** Role options up to the statement's end (PgWords.roleOptions). */
JAVACODE Map<String, Object> PgRoleOptions() {
    return PgWords.roleOptions(this);
}

/** One table privilege of GRANT/REVOKE, in lower case (PgWords.privilege). */
JAVACODE String PgPrivilege() {
    return PgWords.privilege(this);
}

/** A dot-qualified name, its parts folded (PgWords.qualifiedName). */
JAVACODE List<String> PgQualifiedName() {
    return PgWords.qualifiedName(this);
}

/** <pre>CREATE { ROLE | USER } name [ [ WITH ] option [ ... ] ]</pre> */
SqlCreate SqlCreateRole(Span s, boolean replace) :
{
    boolean user = false;
    final String name;
    final Map<String, Object> roleOptions;
}
{
    ( <ROLE> | <USER> { user = true; } ) {
        if (replace) {
            throw new SqlPositionedException(null, null, getPos());
        }
    }
    name = PgName()
    roleOptions = PgRoleOptions()
    {
        return new SqlCreateRole(s.end(this), name, roleOptions, user);
    }
}

/** <pre>DROP { ROLE | USER } [ IF EXISTS ] name [, ...]</pre> */
SqlDrop SqlDropRole(Span s, boolean replace) :
{
    final boolean ifExists;
    final List<String> names = new ArrayList<String>();
    String name;
}
{
    ( <ROLE> | <USER> )
    ifExists = PgIfExistsOpt()
    name = PgName() { names.add(name); }
    ( <COMMA> name = PgName() { names.add(name); } )*
    {
        return new SqlDropRole(s.end(this), ifExists, names);
    }
}

/** <pre>ALTER { ROLE | USER } name { RENAME TO new | [ WITH ] option [ ... ] }</pre> */
SqlNode PgAlterRole() :
{
    final Span s;
    final String name;
    String renameTo = null;
    Map<String, Object> roleOptions = Collections.emptyMap();
}
{
    <ALTER> { s = span(); } ( <ROLE> | <USER> )
    name = PgName()
    {
        if (getToken(1).kind == SET || getToken(1).kind == RESET) {
            throw PgWords.unsupported("ALTER ROLE ... SET/RESET is not supported", getToken(1));
        }
    }
    (
        LOOKAHEAD({ PgWords.isWord(getToken(1), "rename") })
        <IDENTIFIER> <TO> renameTo = PgName()
    |
        roleOptions = PgRoleOptions()
    )
    {
        return new SqlAlterRole(s.end(this), name, roleOptions, renameTo);
    }
}

/**
 * <pre>
 * GRANT { privilege [, ...] | ALL [ PRIVILEGES ] } ON { [ TABLE ] name [, ...] | ALL TABLES IN SCHEMA s }
 *     TO grantee [, ...] [ WITH GRANT OPTION ]
 * REVOKE [ GRANT OPTION FOR ] { privilege [, ...] | ALL [ PRIVILEGES ] } ON ... FROM grantee [, ...] [ RESTRICT ]
 * </pre>
 * grantee is <pre>[ GROUP ] role | PUBLIC</pre>.
 */
SqlNode PgGrant() :
{
    final Span s;
    final boolean grant;
    boolean grantOption = false;
    final List<String> privileges = new ArrayList<String>();
    final List<List<String> > tables = new ArrayList<List<String> >();
    final List<String> grantees = new ArrayList<String>();
    final List<String> schemas = new ArrayList<String>();
    String schema = null;
    String word;
    List<String> name;
}
{
    ( <GRANT> { grant = true; } | <REVOKE> { grant = false; } ) { s = span(); }
    [
        LOOKAHEAD({ !grant && getToken(1).kind == GRANT && getToken(2).kind == OPTION })
        <GRANT> <OPTION> <FOR> { grantOption = true; }
    ]
    (
        LOOKAHEAD({ getToken(1).kind == ALL })
        <ALL> [ <PRIVILEGES> ]
    |
        word = PgPrivilege() { privileges.add(word); }
        ( <COMMA> word = PgPrivilege() { privileges.add(word); } )*
    )
    { PgWords.refuseMembership(this); }
    <ON>
    (
        LOOKAHEAD({ getToken(1).kind == ALL })
        <ALL> { PgWords.expectTables(this); } <IN> <SCHEMA> schema = PgName()
    |
        <SCHEMA> word = PgName() { schemas.add(word); }
        ( <COMMA> word = PgName() { schemas.add(word); } )*
    |
        { PgWords.refuseOtherObjects(this); }
        [ <TABLE> ]
        name = PgQualifiedName() { tables.add(name); }
        ( <COMMA> name = PgQualifiedName() { tables.add(name); } )*
    )
    ( LOOKAHEAD({ grant }) <TO> | <FROM> )
    PgGrantee(grantees)
    ( <COMMA> PgGrantee(grantees) )*
    [
        LOOKAHEAD({ grant && getToken(1).kind == WITH })
        <WITH> <GRANT> <OPTION> { grantOption = true; }
    ]
    {
        if (getToken(1).kind == GRANTED) {
            throw PgWords.unsupported("GRANTED BY is not supported", getToken(1));
        }
        if (!grant && getToken(1).kind == CASCADE) {
            throw PgWords.unsupported("REVOKE ... CASCADE is not supported", getToken(1));
        }
    }
    [ <RESTRICT> ]
    {
        return new SqlGrant(s.end(this), grant, privileges, tables, schema, grantees, grantOption)
            .onSchemas(schemas);
    }
}

/** <pre>[ GROUP ] role | PUBLIC</pre>; PUBLIC is added as null. */
void PgGrantee(List<String> grantees) :
{
    String role;
}
{
    [ <GROUP> ]
    (
        <PUBLIC> { grantees.add(null); }
    |
        role = PgName() { grantees.add(role); }
    )
}

/**
 * <pre>CREATE SCHEMA [ IF NOT EXISTS ] { name [ AUTHORIZATION role ] | AUTHORIZATION role }</pre>; schema elements
 * after it are refused with 0A000.
 */
SqlCreate SqlCreateSchema(Span s, boolean replace) :
{
    boolean ifNotExists = false;
    String name = null;
    String owner = null;
}
{
    <SCHEMA> {
        if (replace) {
            throw new SqlPositionedException(null, null, getPos());
        }
    }
    [ <IF> <NOT> <EXISTS> { ifNotExists = true; } ]
    (
        <AUTHORIZATION> owner = PgName()
    |
        name = PgName() [ <AUTHORIZATION> owner = PgName() ]
    )
    {
        if (getToken(1).kind == CREATE || getToken(1).kind == GRANT) {
            throw new SqlPositionedException(io.tessera.common.error.SqlState.FEATURE_NOT_SUPPORTED,
                    "schema elements in CREATE SCHEMA are not supported",
                    "Run CREATE SCHEMA, then each statement with schema-qualified names.",
                    new SqlParserPos(getToken(1).beginLine, getToken(1).beginColumn));
        }
        return new SqlCreateSchema(s.end(this), ifNotExists, name, owner);
    }
}

/** <pre>DROP SCHEMA [ IF EXISTS ] name [, ...] [ CASCADE | RESTRICT ]</pre> */
SqlDrop SqlDropSchema(Span s, boolean replace) :
{
    final boolean ifExists;
    final List<String> names = new ArrayList<String>();
    String name;
    boolean cascade = false;
}
{
    <SCHEMA>
    ifExists = PgIfExistsOpt()
    name = PgName() { names.add(name); }
    ( <COMMA> name = PgName() { names.add(name); } )*
    [ <CASCADE> { cascade = true; } | <RESTRICT> ]
    {
        return new SqlDropSchema(s.end(this), ifExists, names, cascade);
    }
}

/** <pre>ALTER SCHEMA name { RENAME TO new | OWNER TO role }</pre> */
SqlNode PgAlterSchema() :
{
    final Span s;
    final String name;
    String renameTo = null;
    String ownerTo = null;
}
{
    <ALTER> { s = span(); } <SCHEMA>
    name = PgName()
    (
        LOOKAHEAD({ PgWords.isWord(getToken(1), "rename") })
        <IDENTIFIER> <TO> renameTo = PgName()
    |
        LOOKAHEAD({ PgWords.isWord(getToken(1), "owner") })
        <IDENTIFIER> <TO> ownerTo = PgName()
    )
    {
        return new SqlAlterSchema(s.end(this), name, renameTo, ownerTo);
    }
}
