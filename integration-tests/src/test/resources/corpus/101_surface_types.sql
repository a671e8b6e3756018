-- Transaction ids, enum ranges and the types of system functions and catalog columns (issue 11).

-- a read outside a transaction block has no transaction id until txid_current() assigns one
select txid_current_if_assigned() is null as no_id, pg_current_xact_id_if_assigned() is null as no_id8;

-- txid_current() assigns one: a number, the same for every call in the statement, then seen as assigned
select txid_current() > 0 as positive, txid_current() = txid_current() as stable,
    txid_current_if_assigned() = txid_current() as assigned;

-- the type names: bigint for the txid_* functions, xid8 for pg_current_xact_id
select pg_typeof(txid_current()) as t1, pg_typeof(txid_current_if_assigned()) as t2;

select pg_current_xact_id() is not null as assigned;

-- a transaction block that has only read has no id yet; txid_current() gives it one, kept to the end
begin;

select txid_current_if_assigned() is null as no_id;

select txid_current() = txid_current() as stable;

select txid_current_if_assigned() is not null as assigned;

commit;

create type mood101 as enum ('sad', 'ok', 'happy');

create type color101 as enum ('red', 'green');

-- enum_range(anyenum): every label in order, whatever the value (usually NULL cast to the type)
select array_to_string(enum_range(null::mood101), ',') as all_labels,
    array_to_string(enum_range('happy'::mood101), ',') as same;

-- enum_range(lower, upper): inclusive, a NULL bound open, an empty array when lower is after upper
select array_to_string(enum_range('ok'::mood101, null), ',') as from_ok,
    array_to_string(enum_range(null, 'ok'::mood101), ',') as to_ok,
    array_to_string(enum_range(null::mood101, null), ',') as all_labels,
    array_length(enum_range('happy'::mood101, 'sad'::mood101), 1) as empty_range,
    array_to_string(enum_range('ok'::mood101, 'ok'::mood101), ',') as single;

-- a string literal bound is read as a label of the other bound's type
select array_to_string(enum_range('sad'::mood101, 'ok'), ',') as r;

-- 22P02: a literal that is no label
select enum_range('sad'::mood101, 'furious');

-- 42883: no enum type to take the labels from, or two different ones
select enum_range(null, null);

select enum_range(1);

select enum_range('ok'::mood101, 'red'::color101);

-- enum_first, enum_last
select enum_first(null::mood101) as first, enum_last('ok'::mood101) as last;

-- enum_range over a column: each row's bounds
create table t101 (id int primary key, m mood101) distribute by hash(id);

insert into t101 values (1, 'sad'), (2, 'happy'), (3, null);

select id, array_to_string(enum_range(m, null), ',') as up, array_to_string(enum_range(null, m), ',') as down
from t101 order by id;

-- pg_typeof returns regtype; its text is the type's name
select pg_typeof(1) as t, pg_typeof('a'::text) as u, pg_typeof(1)::text = 'integer' as same;

-- pg_sleep returns void
select pg_sleep(0) as slept;

-- name-typed functions (name compares as text in this corpus; the two servers' user names differ)
select current_user = session_user as same_user, user = current_user as same_again, current_database() as db,
    current_schema as cs;

-- "char" catalog columns, without a cast: type "char", compared with a one-letter literal
create table c101 (id int primary key, v text, n int check (n > 0), unique (id, v)) distribute by hash(id);

select relkind, relpersistence from pg_class where relname = 'c101';

select contype from pg_constraint where conrelid = 'c101'::regclass order by contype;

select typtype, typcategory, typalign, typstorage from pg_type where typname in ('int4', 'text', 'mood101')
order by typname;

select attname, attalign, attstorage from pg_attribute where attrelid = 'c101'::regclass and attnum > 0
order by attnum;

select relname from pg_class where relkind = 'r' and relname = 'c101';

select relkind::text || '!' as text_cast, relkind = 'r' as is_table from pg_class where relname = 'c101';

drop table c101;

drop table t101;

drop type color101;

drop type mood101;
