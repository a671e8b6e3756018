-- Role, privilege and schema statements as PostgreSQL 15's grammar has them (Tessera's grammar, pgRoles.ftl): names
-- are any word, folded to lower case unless quoted, options in any order; syntax errors name the token PostgreSQL
-- names.

create role r99 nologin;

-- quoted names keep their case; options after WITH, a doubled quote in the password
create user "R99 Quoted" with nocreatedb connection limit 5 password 'it''s';

alter role r99 with createdb;

alter user "R99 Quoted" rename to R99Q;

select rolname, rolcreatedb, rolcanlogin, rolconnlimit from pg_roles where rolname in ('r99', 'r99q') order by 1;

create table acl99 (id int primary key, v text) distribute by hash(id);

-- privilege lists, TABLE, several grantees, GROUP, WITH GRANT OPTION
grant select, insert on table acl99 to r99, group r99q with grant option;

revoke grant option for insert on acl99 from r99q;

revoke all privileges on acl99 from public, r99q restrict;

select has_table_privilege('r99', 'acl99', 'insert with grant option'), has_table_privilege('r99q', 'acl99', 'select');

-- syntax errors at the token PostgreSQL reports
create role r99x wat;

grant select on acl99;

create role;

alter schema public drop;

-- IF EXISTS over several missing roles
drop role if exists r99nosuch, r99nosuch2;

-- a quoted schema name, IF NOT EXISTS, AUTHORIZATION
create schema if not exists "Sch99" authorization r99;

select nspname from pg_namespace where nspname in ('Sch99', 'sch99');

alter schema "Sch99" rename to Sch99;

comment on schema sch99 is 'ninety-nine';

select obj_description(oid, 'pg_namespace') from pg_namespace where nspname = 'sch99';

drop schema if exists sch99, nosuch99 cascade;

drop table acl99;

drop role r99, r99q;
