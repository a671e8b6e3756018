-- PostgreSQL's common type of real beside integers and numerics is real (VALUES, UNION, CASE, coalesce, greatest,
-- ARRAY[], an IN list of two or more constants), while a comparison or arithmetic of the two is in double precision
-- (float48eq, float48pl: BETWEEN, a one-item IN list, IN over a sub-query, = ANY of a numeric array, nullif, a row
-- IN). Dates beside timestamps unify to timestamp, or timestamptz when one is. CASE is named after its ELSE column.

create table rf86 (k int primary key, r real, n numeric, i int, d date, ts timestamp) distribute by hash(k);
insert into rf86 values (1, 0.1, 0.1, 1, '2020-01-01', '2020-01-01 10:00'), (2, 0.3, 0.3, 2, '2020-01-02', null),
  (3, null, null, null, null, null), (4, 1, 1, 1, '2020-01-04', '2020-01-03 00:00');
create table rr86 (k int primary key, r real, n numeric) distribute by replication;
insert into rr86 select k, r, n from rf86;
-- unification: real, so 0.3 reads back as a real's digits
select x, pg_typeof(x), x::float8 from (values (0.1::float4), (0.3)) v(x) order by 1;
select x, pg_typeof(x) from (values (0.3), (0.1::float4)) v(x) order by 1;
select x, pg_typeof(x) from (values (1::int8), (2.5::float4), (null)) v(x) order by 1;
select x, pg_typeof(x) from (values (1.5::float4), (2.5::float8)) v(x) order by 1;
select r from rf86 union select n from rf86 order by 1;
select r from rr86 union all select i from rf86 order by 1;
select k, coalesce(r, n), greatest(r, n, i), least(r, 0.2), array[r, n] from rf86 order by k;
select k, case when k > 1 then r else n end, pg_typeof(case when k > 1 then r else n end) from rf86 order by k;
select x::float8 from (select 0.1::float4 union all select 0.3) v(x) order by 1;
-- comparisons: double precision
select k from rf86 where r between 0.1 and 0.3 order by k;
select k from rf86 where r not between 0.1 and 0.3 order by k;
select k from rf86 where r in (0.1) order by k;
select k from rf86 where r not in (0.1) order by k;
select k from rf86 where r in (0.1, 0.3) order by k;
select k from rf86 where r not in (0.1, 0.3) order by k;
select k from rf86 where r in (1, 2) order by k;
select k from rf86 where r is distinct from 0.1 order by k;
select k, case r when 0.1 then 'a' when 1 then 'b' else 'c' end from rf86 order by k;
select k, nullif(r, 0.1), nullif(r, 1), pg_typeof(nullif(r, 1)) from rf86 order by k;
select k from rf86 where r = any(array[0.1, 0.3]) order by k;
select k from rf86 where r = n order by k;
select k, r + n, r * i from rf86 order by k;
select k from rf86 where (r, k) in ((0.1, 1), (1, 4)) order by k;
select k from rf86 where r in (select n from rr86) order by k;
select k from rf86 where n in (select r from rr86) order by k;
select k from rf86 where r in (select i from rf86) order by k;
select a.k, b.k from rf86 a join rr86 b on a.r = b.n order by 1, 2;
select k from rf86 r1 where exists (select 1 from rr86 r2 where r2.n = r1.r) order by k;
select count(*) from rf86 where r in (select n from rf86 where n is not null);
-- dates beside timestamps
select x, pg_typeof(x) from (values (date '2020-01-01'), (timestamp '2020-01-02 10:00')) v(x) order by 1;
select x, pg_typeof(x) from (values (timestamp '2020-01-01 10:00'), (timestamptz '2020-01-02 10:00+02')) v(x) order by 1;
select x, pg_typeof(x) from (values (date '2020-01-01'), (timestamptz '2020-01-02 10:00')) v(x) order by 1;
select x from (values (date '2020-01-01'), (null), (timestamp '2020-01-02 10:00')) v(x) order by 1;
select k, x from rf86, lateral (values (d), (ts)) v(x) order by k, x;
select d from rf86 union select ts from rf86 order by 1;
-- a CASE is named after its ELSE column, or case
select case when k > 1 then r else n end, case when k > 1 then 1 end, case when k > 1 then k else 0 end,
       case when k > 1 then r else abs(n) end from rf86 order by k;
-- float to numeric: 6 significant digits of a real, 15 of a double precision, on the coordinator and the datanodes
select 0.1::float4::numeric, (0.1::float4 + 0.2::float4)::numeric, 1234567.5::float4::numeric,
       (0.1::float8 + 0.2::float8)::numeric, 1e-7::float4::numeric, (-2.5e10)::float4::numeric;
select k, r::numeric, (r * 3)::numeric, r::numeric(5, 3) from rf86 order by k;
select k from rf86 where r::numeric = 0.1 order by k;
select k from rf86 where (r + 0.2::float4)::numeric in (0.3, 0.5) order by k;
-- a FROM item's column alias list may name fewer columns than it has, or repeat a name; more is 42P10
select * from (values (1, 2, 3)) v(a);
select * from (values (1, 2, 3)) v(a, b);
select * from (select 1 as x, 2 as y) s(a);
select * from rf86 t(a, b) where a = 1;
select a, b, n from rf86 t(a, b) order by a;
select * from rf86 t(a, b, c, d, e, f) order by a;
select * from (values (1, 2)) v(a, b, c);
select * from rf86 t(a, b, c, d, e, f, g);
select * from generate_series(1, 2) g(a);
