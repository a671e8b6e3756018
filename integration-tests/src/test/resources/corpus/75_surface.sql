-- PostgreSQL surface details checked one by one against PostgreSQL 15: result types of mixed-width integer
-- + - * /, numeric scales of literals, to_number, pg_sequences and last_value, pg_get_viewdef(text), keywords as
-- column names.

-- + - * / of integers of different widths have the wider operand's type
select 2::int2 + 3::int8 as a, 2::int8 - 3::int2 as b, 2::int4 * 3::int8 as c, 7::int8 / 2::int4 as d,
       7::int2 / 2::int4 as e, 7::int2 - 2::int2 as f;

-- a VALUES column of numbers of different scales is numeric without a typmod: each value keeps its scale
values (1), (2.5);

-- the same in every column, with negative and wide values
select * from (values (1, 2.50, -3), (2.5, 3, 0.125), (100000000000, 0, 1.0)) v(a, b, c) order by a;

-- UNION of numbers of different scales keeps each value's scale too
select 1.0 union all select 2.50 union all select 3 order by 1;

-- CASE, COALESCE and GREATEST mixing integers and numerics keep each value's scale
select case when id = 1 then 1 else 2.50 end as c, coalesce(null, 1, 2.5) as k, greatest(1, 0.5) as g
from t_hash where id in (1, 2) order by id;

-- to_number reads digits, decimal point, group separators and signs as the pattern places them
select to_number('12,454.8-', '99G999D9S') as a, to_number('-34,338,492', '99G999G999') as b,
       to_number('<123.45>', '999.99PR') as c, to_number('0042.10', '0000.00') as d, to_number('1.5', '99.99') as e;

-- to_number: one input character per pattern position, digits past the pattern dropped, blanks and junk skipped
select to_number('12345', '99') as a, to_number('1,2,3', '999') as b, to_number('12.3456', '99.99') as c,
       to_number('  42', '9999') as d, to_number('12 345', '99 999') as e, to_number('12', '9 9') as f,
       to_number('1234', '9,999') as g, to_number('-.5', '9.9') as h, to_number('5-', '9MI') as i,
       to_number('$12', 'L99') as j, to_number('ab12', '"ab"99') as k, to_number(null, '9') as l;

-- to_number of a text without a digit is 22P02
select to_number('abc', '999');

-- to_number with two decimal points in the pattern is 42601
select to_number('1.2.3', '9.9.9');

-- to_number of column values
select id, to_number(v::text, '99999D99') as n, to_number(id || ',' || k, '99G9') as m from t_hash
where v is not null and k is not null order by id;

create sequence surf_s;

-- pg_sequences lists a sequence with PostgreSQL's columns; last_value is null before the first nextval
-- (cycle, a Calcite keyword, is read after a qualifier)
select schemaname, sequencename, data_type::text, start_value, min_value, max_value, increment_by, p.cycle,
       cache_size, last_value from pg_sequences p where sequencename = 'surf_s';

select nextval('surf_s');

-- after one nextval, last_value is 1 (the value handed out, not the end of a reserved block), and is_called true
select last_value, is_called from surf_s;

-- pg_sequences shows the same last_value
select sequencename, last_value from pg_sequences where sequencename = 'surf_s';

select nextval('surf_s'), nextval('surf_s');

-- last_value follows the values handed out
select last_value, is_called from surf_s;

-- setval(s, 10, false): last_value 10, not called; pg_sequences' last_value is null then
select setval('surf_s', 10, false);

select last_value, is_called from surf_s;

select sequencename, last_value from pg_sequences where sequencename = 'surf_s';

drop sequence surf_s;

-- a sequence whose name needs quotes: read directly and through pg_sequences
create sequence "Surf Seq";

select nextval('"Surf Seq"');

select last_value, is_called from "Surf Seq";

select sequencename, last_value from pg_sequences where sequencename = 'Surf Seq';

drop sequence "Surf Seq";

create table surf_viewdef (id int primary key, a int) distribute by hash(id);

create view surf_viewdef_v as select id, a from surf_viewdef where a > 0;

-- pg_get_viewdef with a text argument names the view (PostgreSQL's pg_get_viewdef(text)), as with its oid
select pg_get_viewdef('surf_viewdef_v') = pg_get_viewdef('surf_viewdef_v'::regclass),
       pg_get_viewdef('surf_viewdef_v', true) = pg_get_viewdef('surf_viewdef_v'::regclass, true);

-- pg_get_viewdef of a name that is no relation is 42P01
select pg_get_viewdef('surf_no_such_view');

drop view surf_viewdef_v;

drop table surf_viewdef;

-- words PostgreSQL does not reserve are column names (Calcite reserves year, ref, position, filter, over, ...)
create table surf_kw (id int primary key, year int, month int, day int, member int, ref int, position int,
    filter int, over int, language text, rows int, start int, next int, value int, name text, type text, key int,
    action text, data text) distribute by hash(id);

insert into surf_kw (id, year, month, day, member, ref, position, filter, over, language, rows, start, next, value,
    name, type, key, action, data) values
  (1, 2023, 1, 15, 7, 10, 1, 0, 5, 'sql', 3, 1, 2, 100, 'a', 't1', 11, 'insert', 'x'),
  (2, 2024, 2, 29, 8, 20, 2, 1, 6, 'plpgsql', 4, 2, 3, 200, 'b', 't2', 12, 'update', 'y');

-- they read, filter, group, order and update as any column
select year, month, day, member, ref, position, filter, over, language, rows, start, next, value, name, type, key,
       action, data from surf_kw order by year;

select k.year, k.ref, k.position from surf_kw k where k.filter = 1 and ref > 5 order by position desc;

select year, count(*) as n, sum(ref) as refs from surf_kw group by year order by year;

update surf_kw set ref = ref + 1, over = over * 2 where year = 2023 and member = 7;

select id, ref, over, filter + position as fp from surf_kw order by id;

-- the keywords still work as keywords beside them
select extract(year from date '2023-05-01') as y, count(*) filter (where ref > 10) as f,
       sum(ref) over (order by id rows between 1 preceding and current row) as w, position('b' in 'abc') as p
from surf_kw group by id, ref order by id;

drop table surf_kw;
