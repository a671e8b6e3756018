-- enum types: CREATE TYPE ... AS ENUM, ALTER TYPE (ADD VALUE, RENAME VALUE, RENAME TO), DROP TYPE, and what
-- pg_type, pg_enum and format_type show of them. Columns and values of them: 63_enum_columns.sql.

-- a type's labels keep their order and get sort orders 1, 2, 3
create type enum_mood as enum ('sad', 'ok', 'happy');
select enumlabel, enumsortorder from pg_enum where enumtypid = 'enum_mood'::regtype order by enumsortorder;

-- pg_type shows an enum: typtype e, category E, 4 bytes by value, enum_in/enum_out; format_type prints its name
select typname::text, typtype::text, typcategory::text, typlen, typbyval, typinput::text, typoutput::text,
       typalign::text, typstorage::text
from pg_type where typname = 'enum_mood';
select format_type('enum_mood'::regtype, null), 'enum_mood'::regtype::text, pg_type_is_visible('enum_mood'::regtype);

-- a schema-qualified name and an empty label list are accepted
create type public.enum_empty as enum ();
select count(*) from pg_enum where enumtypid = 'enum_empty'::regtype;

-- a second type of the same name is 42710, as is one named like a table (its row type)
create type enum_mood as enum ('x');
create table enum_tab (id int primary key);
create type enum_tab as enum ('x');

-- a label given twice is refused (23505, PostgreSQL's unique index on pg_enum)
create type enum_dup as enum ('a', 'b', 'a');

-- a label longer than 63 bytes is 42602
create type enum_long as enum ('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');

-- ADD VALUE appends (last + 1); BEFORE and AFTER take the midpoint of the neighbours; BEFORE the first is first - 1
alter type enum_mood add value 'ecstatic';
alter type enum_mood add value 'meh' before 'ok';
alter type enum_mood add value 'fine' after 'ok';
alter type enum_mood add value 'awful' before 'sad';
select enumlabel, enumsortorder from pg_enum where enumtypid = 'enum_mood'::regtype order by enumsortorder;

-- adding a label that exists is 42710; with IF NOT EXISTS a notice and nothing changes
alter type enum_mood add value 'ok';
alter type enum_mood add value if not exists 'ok';
select count(*) from pg_enum where enumtypid = 'enum_mood'::regtype;

-- a neighbour that is not a label is 22023
alter type enum_mood add value 'x' after 'nope';
alter type enum_mood add value 'x' before 'nope';

-- RENAME VALUE keeps the label's place; an unknown label is 22023, a taken new name 42710
alter type enum_mood rename value 'sad' to 'blue';
alter type enum_mood rename value 'nope' to 'y';
alter type enum_mood rename value 'blue' to 'ok';
select enumlabel, enumsortorder from pg_enum where enumtypid = 'enum_mood'::regtype order by enumsortorder;

-- ALTER of a type that does not exist is 42704; of a table's row type 42809
alter type enum_nope add value 'x';

-- RENAME TO moves the type and its labels; onto a taken name it is 42710
alter type enum_empty rename to enum_mood;
alter type enum_empty rename to enum_void;
select typname from pg_type where typname in ('enum_empty', 'enum_void') order by 1;

-- DROP TYPE removes the type and its labels; IF EXISTS skips a missing one with a notice; a missing one is 42704
drop type enum_void;
select count(*) from pg_type where typname = 'enum_void';
drop type if exists enum_void;
drop type enum_void;
-- dropping a table's row type is 2BP01
drop type enum_tab;
drop table enum_tab;

-- several types in one DROP, then none is left
create type enum_a as enum ('a');
create type enum_b as enum ('b');
drop type enum_a, enum_b restrict;
drop type enum_mood cascade;
select count(*) from pg_type where typname like 'enum\_%';
select count(*) from pg_enum e where not exists (select 1 from pg_type t where t.oid = e.enumtypid);
