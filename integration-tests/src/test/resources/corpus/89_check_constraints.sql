-- CHECK constraints in the catalogs: pg_constraint rows (contype 'c', PostgreSQL's default names, conkey,
-- convalidated), pg_get_constraintdef as ruleutils.c prints it (plain and pretty), information_schema's
-- table_constraints and check_constraints, through ADD, RENAME, VALIDATE and DROP CONSTRAINT.

create table c89_t (a int check (a > 0), b int constraint c89_b_pos check (b >= 0), c text,
  check (a < b), check (c <> ''), check (a + b < 100)) distribute by hash(a);
alter table c89_t add check (b < 50);
alter table c89_t add constraint c89_nv check (a <> 7) not valid;

-- each CHECK is a pg_constraint row named as PostgreSQL names it (contype is "char" and confrelid/conindid oid in
-- PostgreSQL, character and int4 in Tessera's pg_constraint: compared as text and int4, as 66_alter_table_rebuilds does)
select conname, contype::text, condeferrable, condeferred, convalidated, conkey, conislocal, coninhcount,
  connoinherit, confrelid::int4, conindid::int4
  from pg_constraint where conrelid = (select oid from pg_class where relname = 'c89_t') order by conname;

-- pg_get_constraintdef prints the expression with ruleutils.c's parentheses, or without them in pretty mode
select conname, pg_get_constraintdef(oid), pg_get_constraintdef(oid, true), pg_get_constraintdef(oid, false)
  from pg_constraint where conrelid = (select oid from pg_class where relname = 'c89_t') order by conname;

-- psql's \d query for the "Check constraints:" footer
select r.conname, pg_catalog.pg_get_constraintdef(r.oid, true) from pg_catalog.pg_constraint r
  where r.conrelid = (select oid from pg_class where relname = 'c89_t') and r.contype = 'c' order by 1;

-- information_schema lists them as CHECK constraints with their clauses
select constraint_name, constraint_type, is_deferrable, initially_deferred, enforced
  from information_schema.table_constraints where table_name = 'c89_t' order by 1;
select constraint_name, check_clause from information_schema.check_constraints
  where constraint_name like 'c89%' order by 1;

-- RENAME and VALIDATE keep the constraint (and its OID); DROP CONSTRAINT takes the generated name
create table c89_oids (conname text, o bigint) distribute by replication;
insert into c89_oids select conname, oid::bigint from pg_constraint
  where conrelid = (select oid from pg_class where relname = 'c89_t') and contype = 'c';
alter table c89_t rename constraint c89_t_check1 to c89_sum;
alter table c89_t validate constraint c89_nv;
alter table c89_t drop constraint c89_t_check;
alter table c89_t drop constraint c89_t_b_check;
select conname, convalidated, pg_get_constraintdef(oid)
  from pg_constraint where conrelid = (select oid from pg_class where relname = 'c89_t') order by conname;
select o.conname, c.conname from c89_oids o left join pg_constraint c on c.oid::bigint = o.o order by 1;
alter table c89_t drop constraint c89_t_check;

-- the constraints still hold after the catalog changes
insert into c89_t values (7, 8, 'x');
insert into c89_t values (60, 45, 'x');
insert into c89_t values (1, 2, 'x');
select a, b, c from c89_t order by a;
