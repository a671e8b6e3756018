-- GRANT and REVOKE ... ON SCHEMA: USAGE and CREATE kept as the schema's ACL (pg_namespace.nspacl, psql's \dn+),
-- with PostgreSQL's merging of grants, grant options and owner changes; has_schema_privilege answers from it. The
-- corpus runs as a superuser (named differently on the two systems: the ACL's text shows it as "su"); the checks a
-- role without the privilege meets (42501 permission denied for schema s) are in PrivilegeIT.

create role r150a nologin;
create role r150b nologin;
create schema s150;
create table s150.t (id int primary key) distribute by hash(id);

-- a schema that never had GRANT or REVOKE shows a NULL ACL: its owner holds USAGE and CREATE, nobody else any
select nspname, nspacl is null from pg_namespace where nspname = 's150';
select has_schema_privilege('r150a', 's150', 'USAGE'), has_schema_privilege('r150a', 's150', 'CREATE');

-- GRANT USAGE starts from the owner's default entry; CREATE merges into the same entry
grant usage on schema s150 to r150a;
select replace(array_to_string(nspacl, ','), current_user, 'su') from pg_namespace where nspname = 's150';
grant create on schema s150 to r150a;
select replace(array_to_string(nspacl, ','), current_user, 'su') from pg_namespace where nspname = 's150';

-- ALL, several schemas and grantees, PUBLIC, WITH GRANT OPTION (not to PUBLIC)
create schema s150b;
grant all privileges on schema s150, s150b to r150b, public with grant option;
grant all privileges on schema s150, s150b to r150b with grant option;
grant usage on schema s150b to public;
select nspname, replace(array_to_string(nspacl, ','), current_user, 'su') from pg_namespace where nspname like 's150%' order by 1;

-- has_schema_privilege by name, by OID, with grant option
select has_schema_privilege('r150b', 's150', 'USAGE WITH GRANT OPTION'),
  has_schema_privilege('r150b', (select oid from pg_namespace where nspname = 's150b'), 'CREATE'),
  has_schema_privilege('r150a', 's150', 'CREATE WITH GRANT OPTION'),
  has_schema_privilege('r150a', 's150b', 'USAGE');

-- REVOKE GRANT OPTION FOR keeps the right; REVOKE removes it, and an emptied entry
revoke grant option for create on schema s150 from r150b;
revoke all on schema s150b from r150b;
revoke create on schema s150 from r150a;
select nspname, replace(array_to_string(nspacl, ','), current_user, 'su') from pg_namespace where nspname like 's150%' order by 1;

-- a new owner takes the old owner's place in the ACL, merged with its own entry
alter schema s150 owner to r150b;
select nspowner = (select oid from pg_roles where rolname = 'r150b'), replace(array_to_string(nspacl, ','), current_user, 'su')
  from pg_namespace where nspname = 's150';

-- psql's \dn+ query
select n.nspname, replace(pg_catalog.pg_get_userbyid(n.nspowner), current_user, 'su'),
  replace(pg_catalog.array_to_string(n.nspacl, E'\n'), current_user, 'su')
  from pg_catalog.pg_namespace n where n.nspname like 's150%' order by 1;

-- GRANT on schema public is accepted (every role holds USAGE there), and REVOKE from a role
grant usage on schema public to r150a;
revoke usage on schema public from r150a;

-- errors: a privilege the object does not have, a missing schema or role
grant select on schema s150 to r150a;
grant usage on table s150.t to r150a;
grant usage, create on schema s150, nope150 to r150a;
grant usage on schema s150 to nobody150;
revoke usage on schema nope150 from r150a;

alter schema s150 owner to current_user;
drop schema s150, s150b cascade;
drop role r150a, r150b;
