-- Array columns (issue 11): int[], text[], varchar(n)[], numeric[], float8[], bool[], date[], timestamp[],
-- timestamptz[], uuid[], jsonb[], bigint[] and the spellings int[][], int[3], integer ARRAY in CREATE TABLE and
-- ALTER TABLE ADD COLUMN; values stored on the datanodes and read back exactly (a NULL array, an empty array and an
-- array holding NULL stay apart; two dimensions); literals, ARRAY[...], subscripts, slices, ||, array_append,
-- = ANY, @>, <@, &&, comparison, ORDER BY, GROUP BY and DISTINCT of array columns; UPDATE of a whole array and of
-- one element; the catalog's view of the columns. Hash, replicated and round-robin tables, and an empty one.

create table a192 (id int, a int[], t text[], v varchar(5)[], n numeric[], f float8[], b bool[], d date[], ts timestamp[], tz timestamptz[], u uuid[], j jsonb[], i8 bigint[], m int[][], k int[3], g integer array) distribute by hash(id);

-- every element type round-trips: NULL elements, quoted text elements with commas, spaces, quotes and the word NULL
insert into a192 values (1, '{1,2,NULL}', '{a,"b c",NULL,"NULL","x,y","q\"r",""}', '{ab,NULL}', '{1.50,NULL,-0.001}', '{1.5,-2,NULL}', '{t,f,NULL}', '{2024-02-29,NULL}', '{"2024-01-01 10:00:00.5",NULL}', '{"2024-01-01 10:00+02"}', '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,NULL}', '{"{\"a\": [1, 2]}",NULL}', '{9223372036854775807,-9223372036854775808}', '{{1,2},{3,NULL}}', array[7], array[8, 9]);

-- an empty array, a NULL array and an array holding only NULL are three different values
insert into a192 (id, a, t, m) values (2, '{}', '{}', '{}'), (3, null, null, null), (4, '{NULL}', '{NULL}', '{{NULL}}');

-- ARRAY[...] constructors and casts assigned to array columns
insert into a192 (id, a, t, i8, f) values (5, array[5, 4, 3], array['z', null], array[1, 2]::bigint[], array[0.5, 1]);

-- the stored values as psql prints them
select * from a192 order by id;

-- NULL array vs empty array vs {NULL}: IS NULL, cardinality, array_length
select id, a is null as isnull, cardinality(a), array_length(a, 1), array_ndims(m), array_dims(m) from a192 order by id;

-- subscripts: past either end NULL, a NULL array NULL
select id, a[1], a[3], a[0], a[4], t[2], i8[2] from a192 order by id;

-- slices
select id, a[1:2], a[2:], a[:1], t[2:3] from a192 order by id;

-- || with an element on either side and with another array; array_append and array_prepend of a column
select id, a || 10, 0 || a, a || array[20, 30], array_append(a, 1), array_prepend(1, a) from a192 order by id;

-- || of a NULL array and an element is the one-element array
select id, a || null::int from a192 where id = 3;

-- = ANY over an array column: NULL elements give NULL, not false
select id, 2 = any(a), 9 = any(a), 9 <> all(a) from a192 order by id;

-- WHERE with = ANY (filtered on the datanodes or the coordinator, the same rows)
select id from a192 where 3 = any(a) order by id;

-- containment and overlap with an untyped literal on either side
select id, a @> '{1}', '{1,2}' <@ a, a && '{3,5}', a @> '{}' from a192 order by id;

-- WHERE with containment
select id from a192 where a @> '{5}' order by id;

-- equality and ordering of array columns: element by element, then by length, NULL elements last
select id, a = '{1,2,NULL}', a < '{2}', a > '{0}', a <> '{100}' from a192 order by id;

-- ORDER BY an array column ascending and descending
select id, a from a192 order by a, id;

select id, a from a192 order by a desc nulls last, id;

-- GROUP BY and DISTINCT of an array column: the NULL array one group, {NULL} another, {} a third
select a, count(*) from a192 group by a order by a;

select distinct t from a192 order by t;

-- the array's text form and its types
select id, a::text, pg_typeof(a), pg_typeof(t), pg_typeof(v), pg_typeof(m), pg_typeof(a[1]) from a192 where id = 1;

-- unnest of an array column in FROM, with the table
select a192.id, x from a192, unnest(a192.a) as x order by 1, 2;

-- array_agg of the elements back
select id, array_agg(x order by x) from a192, unnest(a192.a) as x group by id order by id;

-- UPDATE of a whole array column with ||, on the datanodes
update a192 set a = a || 100 where id in (1, 2, 3);

select id, a from a192 order by id;

-- UPDATE of one element: inside the array, and past its end (the gap is NULLs)
update a192 set a[2] = 50 where id = 1;

update a192 set a[6] = 60 where id = 5;

-- an element assigned on an array holding only NULL
update a192 set a[1] = 1 where id = 4;

select id, a from a192 order by id;

-- array_append in SET
update a192 set t = array_append(t, 'new') where id = 2;

select id, t from a192 where id = 2;

-- varchar(5)[]: an element too long is 22001, as for a varchar(5) column
insert into a192 (id, v) values (10, '{abcdef}');

-- a malformed array literal is 22P02 with array_in's message
insert into a192 (id, a) values (11, '{1,2');

-- an element that is no integer is 22P02
insert into a192 (id, a) values (12, '{1,x}');

-- an integer element out of range is 22003
insert into a192 (id, a) values (13, '{2147483648}');

-- a ragged multi-dimensional literal is 22P02
insert into a192 (id, m) values (14, '{{1,2},{3}}');

-- the catalog: pg_attribute's array type OIDs and typmods, format_type with the element's modifiers
select attname, atttypid, atttypmod, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'a192'::regclass and attnum > 0 order by attnum;

-- information_schema: data_type ARRAY, udt_name the array type's name
select column_name, data_type, udt_name, character_maximum_length from information_schema.columns where table_name = 'a192' order by ordinal_position;

-- ALTER TABLE ADD COLUMN of array types: rows written before read the default, or NULL
alter table a192 add column e text[];

alter table a192 add column q int[] default '{1,2}';

select id, e, q from a192 order by id;

-- the added columns hold values like the others
update a192 set e = '{x}', q = q || 3 where id = 1;

select id, e, q from a192 where id = 1;

-- an array column cannot be the distribution column (0A000 in Tessera; PostgreSQL has no DISTRIBUTE BY and creates
-- the table, so this checks only a table with an array column next to a hash key)
create table a192_dist (k int, a int[]) distribute by hash(k);

insert into a192_dist values (1, '{1}'), (2, '{2,2}'), (3, null);

select k, a from a192_dist where a = '{2,2}';

-- replicated and round-robin tables with array columns
create table a192_rep (id int, a text[]) distribute by replication;

insert into a192_rep values (1, '{a,b}'), (2, '{}'), (3, null), (4, '{NULL}');

select id, a, a[1], cardinality(a) from a192_rep order by id;

update a192_rep set a = a || 'c'::text where id = 1;

select id, a from a192_rep order by id;

create table a192_rr (id int, a numeric[]) distribute by roundrobin;

insert into a192_rr values (1, '{1.5,2.25}'), (2, '{}'), (3, null), (4, '{NULL,1}');

select id, a, a[2], a || 3.5 from a192_rr order by id;

-- an empty table with an array column
create table a192_empty (id int, a int[]) distribute by hash(id);

select a, count(*) from a192_empty group by a;

select id from a192_empty where 1 = any(a);

-- INSERT ... SELECT copies arrays between tables
insert into a192_empty select id, a from a192 where a is not null;

select id, a from a192_empty order by id;

-- CAST targets of every listed spelling
select '{1,2}'::int[] as a, '{1,2}'::integer[] as b, '{1,2}'::int4[] as c, '{1}'::bigint[] as d, '{x}'::varchar(10)[] as e, '{1.5}'::numeric[] as f, '{1.5}'::float8[] as g, '{t}'::bool[] as h, cast('{{1,2},{3,4}}' as int[][]) as j, cast('{1}' as integer array) as k;
