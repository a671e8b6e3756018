-- CREATE TABLE ... AS query [WITH [NO] DATA] and SELECT ... INTO table: the new table's columns are the query's
-- names and types as PostgreSQL derives them (typmods of numeric(p,s), varchar(n) and char(n)
-- kept; untyped literals and NULLs are text), a column name list renames the first columns, the rows are the query's;
-- the command tag is SELECT n (CREATE TABLE AS for WITH NO DATA and a skipped IF NOT EXISTS); DISTRIBUTE BY as
-- CREATE TABLE takes it, else CREATE TABLE's default; inside a transaction block the table and its rows roll back
-- together, and a failing query leaves no table behind. Timestamps keep their microseconds (the only engine unit).

create table ctas174 (a int, n numeric(6,2), v varchar(5), c char(3), ts timestamp, tz timestamptz, t time, d date, x text, b boolean, f float8, u uuid) distribute by hash(a);

insert into ctas174 values (1, 1.5, 'ab', 'x', '2024-01-01 10:00:00.1234', '2024-01-01 10:00:00.123456+00', '10:00:00.126', '2024-01-01', 'one', true, 1.25, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'), (2, null, null, null, null, null, null, null, null, null, null, null), (3, -99.99, 'abcde', 'xyz', '1999-12-31 23:59:59.999', 'infinity', '24:00:00', '0044-03-15 BC', '', false, 'NaN', null), (4, 0, '', '', '-infinity', '2000-01-01 00:00:00.000001+00', '00:00:00', 'infinity', 'four', null, -0.5, null);

-- every column, typmods of numeric, varchar and char included, as the source table's; SELECT 4
create table ctas174_all as select * from ctas174;

-- the column types, as format_type names them (typmods kept)
select attname, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'ctas174_all'::regclass and attnum > 0 order by attnum;

-- the rows, microseconds and NULLs included
select * from ctas174_all order by a;

-- a column name list renames the first columns, the rest keep the query's names; a filter chooses the rows
create table ctas174_names (k, amount) as select a, n, v from ctas174 where a <= 2;

-- the renamed columns and their types
select attname, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'ctas174_names'::regclass and attnum > 0 order by attnum;

-- the rows of the filter
select * from ctas174_names order by k;

-- more names than columns is 42601
create table ctas174_bad (a, b, c) as select 1, 2;

-- untyped literals and NULLs become text, expressions keep their computed types, unnamed columns are ?column?
create table ctas174_lits as select 'lit' as l, null as nn, 1 as i, 1.5 as num, a + 1, count(*) over () as cnt, ts + interval '1 day' as ts1, now() - now() as iv from ctas174 where a = 1;

-- their types
select attname, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'ctas174_lits'::regclass and attnum > 0 order by attnum;

-- their values
select l, nn, i, num, "?column?", cnt, ts1, iv from ctas174_lits;

-- WITH NO DATA creates the table empty (tag CREATE TABLE AS)
create table ctas174_empty as select a, v from ctas174 with no data;

-- no rows
select count(*) from ctas174_empty;

-- an empty query result gives an empty table (SELECT 0)
create table ctas174_none as select a, x from ctas174 where a > 100;

-- still no rows
select count(*) from ctas174_none;

-- the empty table's columns are typed all the same
select attname, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'ctas174_none'::regclass and attnum > 0 order by attnum;

-- an existing name is 42P07
create table ctas174_all as select 1 as only_col;

-- IF NOT EXISTS skips an existing table with a NOTICE and writes nothing
create table if not exists ctas174_all as select 1 as only_col;

-- the existing table is unchanged
select count(*) from ctas174_all;

-- IF NOT EXISTS of a new name creates it
create table if not exists ctas174_ine as select a from ctas174 where a = 3;

-- its row
select * from ctas174_ine;

-- the query is checked before IF NOT EXISTS: an unknown relation is 42P01
create table if not exists ctas174_all as select * from ctas174_nosuch;

-- duplicate column names are 42701
create table ctas174_dup as select 1 as a, 2 as a;

-- a failing query (division by zero) is 22012 and leaves no table behind
create table ctas174_div as select a / (a - 2) as q from ctas174;

-- the failed statement's table does not exist: 42P01
select * from ctas174_div;

-- DISTRIBUTE BY HASH of a query column
create table ctas174_h distribute by hash(a) as select a, x from ctas174;

-- its rows
select * from ctas174_h order by a;

-- DISTRIBUTE BY REPLICATION
create table ctas174_rep distribute by replication as select a, d from ctas174 where a in (1, 3);

-- its rows
select * from ctas174_rep order by a;

-- DISTRIBUTE BY ROUNDROBIN, with a column name list
create table ctas174_rr (id, val) distribute by roundrobin as select a, f from ctas174;

-- its rows (NaN sorts last)
select * from ctas174_rr order by val, id;

-- VALUES as the query: column1, column2
create table ctas174_vals as values (1, 'a'), (2, 'b'), (3, null);

-- their types
select attname, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'ctas174_vals'::regclass and attnum > 0 order by attnum;

-- their rows
select * from ctas174_vals order by column1;

-- a WITH query, an aggregate and ORDER BY ... LIMIT
create table ctas174_agg as with w as (select a, n from ctas174 where n is not null) select count(*) as c, sum(n) as s, max(a) as m from w;

-- the aggregate's row and types
select c, s, m, pg_typeof(c)::text, pg_typeof(s)::text from ctas174_agg;

-- UNION of two queries
create table ctas174_union as select a from ctas174 where a < 2 union all select a from ctas174 where a > 3;

-- its rows
select * from ctas174_union order by a;

-- a join of two tables
create table ctas174_join as select l.a, r.v from ctas174 l join ctas174_names r on l.a = r.k;

-- its rows
select * from ctas174_join order by a;

-- SELECT ... INTO: a new table of the query's columns, tag SELECT n
select a, v, ts into ctas174_sel from ctas174 where a between 1 and 3;

-- its types
select attname, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'ctas174_sel'::regclass and attnum > 0 order by attnum;

-- its rows
select * from ctas174_sel order by a;

-- SELECT ... INTO TABLE with an expression and no FROM
select 42 as answer, 'x'::varchar(3) as code into table ctas174_sel2;

-- its row
select * from ctas174_sel2;

-- SELECT ... INTO an existing table is 42P07
select 1 into ctas174_sel;

-- the new table is an ordinary table: INSERT, UPDATE and DELETE work on it
insert into ctas174_sel values (10, 'new', '2024-02-02 02:02:02.5');

-- UPDATE it
update ctas174_sel set v = 'upd' where a = 1;

-- DELETE from it
delete from ctas174_sel where a = 2;

-- the rows after the writes
select * from ctas174_sel order by a;

-- inside a transaction block, the table and its rows are the block's
begin;

-- CREATE TABLE AS inside the block
create table ctas174_blk as select a, x from ctas174 where a < 3;

-- the block sees it and may write to it
insert into ctas174_blk values (9, 'nine');

-- the block's rows
select * from ctas174_blk order by a;

-- ROLLBACK drops the table with its rows
rollback;

-- gone: 42P01
select * from ctas174_blk;

-- committed in a block, it stays
begin;

-- CREATE TABLE AS inside the block, committed
create table ctas174_blk2 as select a from ctas174 where a = 4;

-- COMMIT
commit;

-- its row after COMMIT
select * from ctas174_blk2;

-- an empty source table gives an empty table
create table ctas174_src_empty (a int, b text) distribute by hash(a);

-- the empty source's copy (SELECT 0)
create table ctas174_copy_empty as select * from ctas174_src_empty;

-- no rows
select count(*) from ctas174_copy_empty;
