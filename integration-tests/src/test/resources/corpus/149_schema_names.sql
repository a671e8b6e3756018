-- Constraint and index names: CONSTRAINT c PRIMARY KEY (table and column level) keeps its name in pg_constraint,
-- pg_indexes and 23505's message, as named UNIQUE / CHECK / FOREIGN KEY constraints do; ALTER INDEX ... RENAME TO
-- renames an index, and a constraint's index renames its constraint; pg_get_serial_sequence finds the sequence a
-- serial or identity column owns.

create table c149_t (id int, v text, constraint c149_t_pk primary key (id)) distribute by hash(id);
create table c149_c (id int constraint c149_c_pk primary key, b int constraint c149_c_b_u unique,
  c int constraint c149_c_chk check (c > 0), d int constraint c149_c_fk references c149_t (id))
  distribute by replication;

-- named primary keys, unique, check and foreign key constraints keep the names they were given
select conname, contype::text, pg_get_constraintdef(oid) from pg_constraint
  where conrelid in (select oid from pg_class where relname in ('c149_t', 'c149_c')) order by conname;

-- the primary key's and the unique constraint's indexes carry the constraint names
select tablename, indexname, indexdef from pg_indexes where tablename in ('c149_t', 'c149_c') order by indexname;

-- psql \d's index footer query reads the same names from pg_class and pg_index
select c2.relname, i.indisprimary, i.indisunique, pg_get_indexdef(i.indexrelid, 0, true)
  from pg_class c, pg_class c2, pg_index i
  where c.relname in ('c149_t', 'c149_c') and c.oid = i.indrelid and i.indexrelid = c2.oid order by 1;

-- information_schema names them too
select constraint_name, constraint_type from information_schema.table_constraints
  where table_name in ('c149_t', 'c149_c') and constraint_type <> 'CHECK' order by 1;

insert into c149_t values (1, 'a'), (2, 'b');
insert into c149_c values (1, 1, 1, 1);

-- a duplicate key names the primary key constraint as written
insert into c149_t values (1, 'dup');

-- the column-level name too
insert into c149_c values (1, 2, 1, 1);

-- a named unique constraint
insert into c149_c values (2, 1, 1, 1);

-- a named check constraint
insert into c149_c values (3, 3, 0, 1);

-- a named foreign key
insert into c149_c values (4, 4, 1, 99);

-- the primary key's name may not be a relation's name, nor the table's own
create table c149_bad (a int constraint c149_t primary key);
create table c149_bad (a int constraint c149_bad primary key);

-- nor another constraint's name in the same statement: an index name (42P07) or a check's (42710)
create table c149_bad (a int constraint c149_x primary key, b int constraint c149_x unique)
  distribute by replication;
create table c149_bad (a int constraint c149_x primary key, b int constraint c149_x check (b > 0));

-- an unnamed primary key still gets PostgreSQL's name
create table c149_d (a int primary key, b int);
select conname from pg_constraint where conrelid = (select oid from pg_class where relname = 'c149_d');

-- ALTER INDEX renames a plain index
create index c149_d_b on c149_d (b);
alter index c149_d_b rename to c149_d_b2;
select indexname from pg_indexes where tablename = 'c149_d' order by 1;
select relname, relkind::text from pg_class where relname like 'c149_d%' order by 1;

-- ALTER INDEX of a primary key's index renames the constraint with it, and 23505 uses the new name
alter index c149_t_pk rename to c149_t_key;
select conname, contype::text from pg_constraint where conrelid = (select oid from pg_class where relname = 'c149_t');
select indexname from pg_indexes where tablename = 'c149_t';
insert into c149_t values (2, 'dup');

-- the same for a UNIQUE constraint's index
alter index c149_c_b_u rename to c149_c_b_key;
select conname from pg_constraint where conrelid = (select oid from pg_class where relname = 'c149_c') order by 1;
insert into c149_c values (5, 1, 1, 1);

-- schema-qualified, and IF EXISTS
alter index public.c149_d_b2 rename to c149_d_b3;
alter index if exists c149_nope rename to c149_nope2;
select indexname from pg_indexes where tablename = 'c149_d' order by 1;

-- errors: no such index, a taken name, a name of another constraint of the table
alter index c149_nope rename to c149_nope2;
alter index c149_d_b3 rename to c149_t;
alter index c149_d_b3 rename to c149_t_key;
alter index c149_c_b_key rename to c149_c_chk;

-- PostgreSQL has no ALTER INDEX ... SET SCHEMA
alter index c149_d_b3 set schema public;

-- pg_get_serial_sequence: serial and identity columns name their sequence, schema-qualified; other columns NULL
create table c149_s (a serial, b int generated always as identity, c int, "Mixed" bigserial);
select pg_get_serial_sequence('c149_s', 'a'), pg_get_serial_sequence('c149_s', 'b'),
  pg_get_serial_sequence('c149_s', 'c'), pg_get_serial_sequence('public.c149_s', 'Mixed');
select pg_typeof(pg_get_serial_sequence('c149_s', 'a')), pg_get_serial_sequence(null, 'a') is null,
  pg_get_serial_sequence('c149_s', null) is null;

-- the table is a name as ::regclass reads it; the column is taken as written
select pg_get_serial_sequence('"c149_s"', 'a'), pg_get_serial_sequence('C149_S', 'a');
select pg_get_serial_sequence('c149_s', 'A');
select pg_get_serial_sequence('c149_s', 'mixed');

-- a missing table or column
select pg_get_serial_sequence('c149_nope', 'a');
select pg_get_serial_sequence('c149_s', 'nope');

-- a renamed column and a renamed sequence are followed; a sequence OWNED BY a column counts too
alter table c149_s rename column a to aa;
alter sequence c149_s_a_seq rename to c149_other;
create sequence c149_owned owned by c149_s.c;
select pg_get_serial_sequence('c149_s', 'aa'), pg_get_serial_sequence('c149_s', 'c');

-- in another schema, the schema is part of the name
create schema c149_sch;
create table c149_sch.s (id serial primary key);
select pg_get_serial_sequence('c149_sch.s', 'id');
