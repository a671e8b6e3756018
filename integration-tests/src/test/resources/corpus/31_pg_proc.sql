-- pg_proc lists the built-in functions Tessera implements with PostgreSQL 15's rows (OIDs, kinds, types, prosrc),
-- and the functions psql's \df uses describe them as PostgreSQL does; regproc input resolves function names.

-- every overload of these names, as PostgreSQL lists them
select oid::int, proname::text, pronamespace::int, prokind::text, provolatile::text, proretset, pronargs, prorettype::int,
       prosrc, pg_get_function_result(oid), pg_get_function_arguments(oid), pg_get_function_identity_arguments(oid)
  from pg_proc where proname in ('abs', 'avg', 'justify_interval', 'make_interval', 'now', 'split_part', 'count')
  order by oid;

-- psql's \df query for one name
select n.nspname as "Schema", p.proname as "Name", pg_catalog.pg_get_function_result(p.oid) as "Result data type",
       pg_catalog.pg_get_function_arguments(p.oid) as "Argument data types",
       case p.prokind when 'a' then 'agg' when 'w' then 'window' when 'p' then 'proc' else 'func' end as "Type"
  from pg_catalog.pg_proc p left join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where p.proname operator(pg_catalog.~) '^(justify_.*|mod)$' and pg_catalog.pg_function_is_visible(p.oid)
  order by 1, 2, 4;

-- descriptions and languages of built-in functions
select p.proname::text, l.lanname::text, pg_catalog.obj_description(p.oid, 'pg_proc')
  from pg_catalog.pg_proc p left join pg_catalog.pg_language l on l.oid = p.prolang
  where p.proname in ('now', 'md5', 'gen_random_uuid') order by p.oid;

-- regproc: a name listed once resolves, to its name and its OID
select 'now'::regproc::text, 'now'::regproc::oid::int, 'make_interval'::regproc::oid::int, 'pg_catalog.gen_random_uuid'::regproc::text;

-- an overloaded name is ambiguous (42725); an unknown one does not exist (42883)
select 'abs'::regproc;
select 'no_such_function'::regproc;

-- functions of an OID that is no function's give NULL
select pg_get_function_result(0), pg_get_function_arguments(0), pg_get_function_identity_arguments(0);
