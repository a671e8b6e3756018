-- Numerics of different scales (1.0, 1.00, 1) and floats 0 and -0 are equal in PostgreSQL, so GROUP BY, DISTINCT
-- and UNION make one group of them, on the coordinator as on the datanodes (GroupingEquality). Each group's value
-- is printed with a scale all its members share where the choice of PostgreSQL's representative could differ.

create table ge140a (id int, x numeric, f float8) distribute by hash(id);

create table ge140b (id int, y numeric, g float8) distribute by roundrobin;

insert into ge140a values (1, 1.0, 0.0), (2, 2.50, -0.0::float8), (3, -0.0, 1.5), (4, null, null),
(5, 1.000, 'NaN'::float8);

insert into ge140b values (10, 1.00, -0.0::float8), (20, 2.5, 0), (30, 0, 'NaN'::float8), (40, null, 1.50);

-- VALUES, grouped on the coordinator
select x::numeric(10,3) as x, count(*) from (values (1.0), (1.00), (1), (2.5), (2.50)) t(x) group by x order by x;

select count(*) from (select distinct x from (values (1.0), (1.00), (1)) t(x)) d;

select f, count(*) from (values (0.0::float8), (-0.0::float8), ('NaN'::float8), ('NaN'::float8)) t(f)
group by f order by f;

-- UNION (distinct) of two tables, NULLs one group
select count(*), count(x) from (select x from ge140a union select y from ge140b) u;

select round(x, 2) as x from (select x from ge140a union select y from ge140b) u order by 1 nulls first;

select count(*) from (select f from ge140a union select g from ge140b) u;

-- GROUP BY over a UNION ALL and over a join (coordinator aggregates), with the aggregates beside the key
select round(x, 3) as x, count(*), sum(id) from (select x, id from ge140a union all select y, id from ge140b) u
group by x order by 1 nulls first;

select a.f = 0 as zero, count(*) from ge140a a join ge140b b on a.id * 10 = b.id group by a.f order by 1;

-- a table's own GROUP BY (partial on the datanodes) and DISTINCT
select round(x, 1) as x, count(*) from ge140a group by x order by 1 nulls first;

select count(distinct x), count(distinct f) from ge140a;

-- grouping sets keep the equality, and a key grouped out of a set is NULL (abs: a group of 0 and -0 prints
-- either, as in PostgreSQL, whose choice is its first row)
select round(x, 1) as x, abs(f) as f, count(*), grouping(x)::int as gx
from (select x, f from ge140a union all select y, g from ge140b) u group by rollup(x, f)
order by 4, 1 nulls first, 2 nulls first;

select count(distinct x), count(distinct f), count(*)
from (select x, f from ge140a union all select y, g from ge140b) u;
