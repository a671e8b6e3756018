-- The types of the catalog's own values (issue 11): "char" (a cast to it keeps the first character and is "char",
-- 18, in RowDescription and pg_typeof), name, oid (PostgreSQL has no arithmetic on oid: 42883), and what
-- pg_typeof says of the catalog columns clients read.

-- a cast to "char" keeps the first character; its type is "char"
select 'abc'::"char" as c, pg_typeof('abc'::"char") as type;

select 'a'::"char" < 'b'::"char" as lt, 'ab'::"char" = 'a' as eq, 'x'::"char"::text || '!' as t;

-- catalog columns of type "char", name and oid are those types in pg_typeof and in RowDescription
select relkind, pg_typeof(relkind) as kind_type from pg_class where relname = 'pg_class';

select relname, pg_typeof(relname) as name_type, pg_typeof(oid) as oid_type,
    pg_typeof(relnamespace) as ns_type from pg_class where relname = 'pg_class';

select oid, relname from pg_class where relname = 'pg_type';

select typname, typtype, pg_typeof(typtype) as typtype_type from pg_type where typname = 'int4';

select pg_typeof(c.relacl) as acl_type from pg_class c where c.relname = 'pg_class';

select pg_typeof(typinput) as regproc_type from pg_type where typname = 'int4';

-- a cast to oid and to name are those types
select pg_typeof(23::oid) as oid_type, pg_typeof('x'::name) as name_type, 23::oid = 23 as eq, 23::oid < 24 as lt;

-- pg_typeof of arrays
select pg_typeof(array[1, 2]) as ints, pg_typeof(array['a', 'b']) as texts, pg_typeof(array[1.5]) as nums,
    pg_typeof(array[true]) as bools;

-- oid has no arithmetic operators: 42883 rather than a sum
select 23::oid + 1;

select 10 - 3::oid;
