-- Issue 11, sub-queries and records: correlated scalar sub-queries of times, intervals, uuids and arrays (21000 only
-- for an outer row whose correlation yields several rows, NULL for none), records as a sub-query's or CTE's column
-- (printed, under a star, compared, tested for NULL, grouped, ordered), CTEs repeating a column name, and RETURNING
-- of UPDATE ... FROM / DELETE ... USING over sub-queries and VALUES.

create table t172_h (id int, t time, i interval, u uuid, x int, v text) distribute by hash(id);
insert into t172_h values (1, '10:00', '1 day', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 1, 'a'),
    (2, '11:00', '2 hours', null, 2, 'b c'), (2, '12:00:00.5', '1 mon', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12', null, null),
    (3, null, null, null, 3, '');
create table t172_rep (id int, x int, v text) distribute by replication;
insert into t172_rep values (1, 10, 'p'), (2, null, 'q'), (4, 40, null);
create table t172_rr (id int, x int) distribute by roundrobin;
insert into t172_rr values (1, 1), (2, null), (2, 2);
create table t172_empty (id int, t time, i interval, u uuid, x int) distribute by hash(id);

-- a time sub-query: one row for id 1 (key 2 has two rows, but it is not evaluated): no 21000
select id, (select t from t172_h s where s.id = o.id) from t172_h o where id = 1;

-- an interval, a uuid and an array sub-query alike
select id, (select i from t172_h s where s.id = o.id) from t172_h o where id = 1;
select id, (select u from t172_h s where s.id = o.id) from t172_h o where id = 1;
select id, (select array[x, 1] from t172_h s where s.id = o.id) from t172_h o where id = 1;

-- one row per correlation (id and time): each value, NULL values kept
select id, t, (select i from t172_h s where s.id = o.id and s.t = o.t) from t172_h o order by 1, 2;
select id, t, (select u from t172_h s where s.id = o.id and s.t = o.t) from t172_h o order by 1, 2;
select id, t, (select t from t172_h s where s.id = o.id and s.t = o.t) from t172_h o order by 1, 2;
select id, t, (select array[x] from t172_h s where s.id = o.id and s.t = o.t) from t172_h o order by 1, 2;

-- no row for the correlation: NULL
select id, (select t from t172_h s where s.id = o.id + 10) from t172_h o order by 1;
select id, (select i from t172_empty s where s.id = o.id) from t172_rep o order by 1;
select id, (select u from t172_empty s where s.id = o.id) from t172_rr o order by 1;

-- sub-queries over a replicated and a round-robin table
select id, (select t from t172_h s where s.id = o.id and s.x = o.x) from t172_rr o order by 1, 2;
select id, (select i + interval '1 hour' from t172_h s where s.id = o.id and s.x = o.x) from t172_rep o order by 1;

-- in WHERE: only the rows that pass the other conditions evaluate it
select id from t172_h o where id = 1 and (select i from t172_h s where s.id = o.id) = interval '1 day';
select id from t172_h o where (select i from t172_h s where s.id = o.id and s.t = o.t) > interval '1 hour' order by 1;

-- evaluated for id 2, whose correlation yields two rows: 21000
select id, (select t from t172_h s where s.id = o.id) from t172_h o;
select id, (select i from t172_h s where s.id = o.id) from t172_h o where id = 2;
select id, (select u from t172_h s where s.id = o.id) from t172_rr o;
select id, (select array[x] from t172_h s where s.id = o.id) from t172_h o where id >= 2;

-- a record as a sub-query's column, printed as record_out prints it
select r from (select row(1, 'a') as r) s;
select * from (select row(1, 'a') as r, 2 as b) s;
select s.r as x, s.* from (select (1, true, null::text, '', 'a b') as r) s;

-- a record as a CTE's column, over a hashed table: NULL fields empty, times and intervals in their text
with c as (select id, row(id, t, x) r from t172_h) select r from c order by id, r;
with c as (select id, (i, null::int, v) r from t172_h) select * from c order by id, r;
with c as (select id, row(id, row(x, u)) r from t172_h) select r, id from c order by id, r;

-- over a replicated, a round-robin and an empty table
with c as (select row(id, x, v) r from t172_rep) select r from c order by r;
with c as (select row(id, x) r from t172_rr) select r from c order by r desc;
with c as (select row(id, x) r from t172_empty) select r from c;

-- comparisons of record values: NULL fields equal each other and sort after values (record_eq, record_lt)
with c as (select row(id, x) r from t172_rr) select r, r = row(2, 2), r <> row(2, 2), r < row(2, 1), r >= row(2, 2)
    from c order by r;
with c as (select row(id, x) r from t172_rr) select a.r, b.r, a.r = b.r, a.r <> b.r, a.r < b.r, a.r <= b.r, a.r > b.r
    from c a, c b order by 1, 2;
with c as (select row(id, x) r from t172_rr) select r from c where r = row(2, 2);
with c as (select row(id, x) r from t172_rr) select r from c where r > row(1, 5) order by r;
with c as (select row(id, x) r from t172_rr) select a.r from c a join c b on a.r = b.r order by 1;

-- IS NULL of a record: every field NULL; IS NOT NULL: no field NULL
with c as (select row(id, x) r from t172_rr) select r, r is null, r is not null from c order by r;
select r is null, r is not null from (select row(null::int, null::int) as r) s;

-- GROUP BY, DISTINCT and ORDER BY of a record value
with c as (select row(id, x) r, id from t172_rr) select r, sum(id) from c group by r order by 2 desc, 1 desc;
with c as (select row(id, x) r from t172_rr union all select row(id, x) from t172_rr) select distinct r from c;
with c as (select row(id, x) r, id from t172_rr) select r, count(*) from c group by r order by r;

-- a CTE repeating a column name: allowed under a star, named as repeated
with c as (select 1 as a, 2 as a) select * from c;
with c as (select h.id, r.id from t172_h h, t172_rep r where h.id = 1) select * from c order by 2;
with c as (select 1 as a, 2 as a) select count(*) from c;

-- but naming it is 42702
with c as (select 1 as a, 2 as a) select a from c;
with c as (select 1 as a, 2 as a) select * from c where a = 1;

-- RETURNING of UPDATE ... FROM a sub-query: * is the target's columns, then the sub-query's
create table t172_u (k int primary key, v int, w text) distribute by hash(k);
insert into t172_u values (1, 10, 'a'), (2, 20, 'b'), (3, 30, null), (4, 40, 'd'), (5, null, null);
update t172_u set v = s.x from (select 1 as k, 5 as x) s where t172_u.k = s.k returning *;

-- expressions mixing the target's new row and the FROM item's columns; t.*
update t172_u set v = s.x from (select 1 as k, 6 as x) s where t172_u.k = s.k returning t172_u.v + s.x, t172_u.*;

-- bare target columns read the new row; s.* the sub-query's columns
update t172_u set v = v + 1 from (select 1 as k, 6 as x) s where t172_u.k = s.k returning v, x, s.*;

-- a VALUES list with column aliases
update t172_u set v = v + 1 from (values (2, 'q')) as s(k, x) where t172_u.k = s.k returning *;

-- a sub-query reading the target table itself
update t172_u set v = s.x from (select k, v * 2 as x from t172_u) s where t172_u.k = s.k and t172_u.k <= 2
    returning t172_u.k, s.x, t172_u.v, v - s.x as d;

-- functions and CASE over both
update t172_u set w = s.x from (select 3 as k, 'z' as x) s where t172_u.k = s.k
    returning w || s.x, concat(w, s.x), greatest(v, s.k), upper(w || s.x);
update t172_u set v = coalesce(v, 0) + 1 from (select 4 as k, 'z' as x union all select 5, null) s
    where t172_u.k = s.k returning k, length(s.x) + v, s.x is null, case when s.x is null then -v end;

-- no row matched: no rows returned
update t172_u set v = 1 from (select 9 as k, 1 as x) s where t172_u.k = s.k returning *;

-- DELETE ... USING a sub-query: RETURNING its columns, and * spanning both
delete from t172_u using (select 2 as k, 'z' as x) s where t172_u.k = s.k returning s.x;
delete from t172_u using (select 3 as k, 'z' as x) s where t172_u.k = s.k returning *, w || x;
select * from t172_u order by k;
