-- x op ANY/ALL (array) with a NULL x (was a NullPointerException on every row whose x is NULL), over array
-- constructors (the comparisons they stand for, pushed to the datanodes, in UPDATE/DELETE too) and other arrays;
-- variance/stddev as PostgreSQL computes them (exact sums: the last digits, 0 for no spread, floats without
-- cancellation).

create table q167 (pk int primary key, c int, t text, n numeric(8, 2));
insert into q167 values (1, 698, 'a', 1.50), (2, 8, null, null), (3, null, 'c', 2.25), (4, 40, 'b ', 0);
-- NULL x: NULL (not an error), false over no elements for ANY, true for ALL
select pk, c = any(array[698, null]), c <> all(array[698, null]), c = any(array[698, 8]) from q167 order by pk;
select pk from q167 where c = any(array[698, 8, null]) order by pk;
select pk from q167 where c <> all(array[698, null]) order by pk;
select pk, c = any(array[]::int[]), c <> all(array[]::int[]) from q167 order by pk;
select pk from q167 where c = any(array[]::int[]) order by pk;
-- element types: a numeric array against an integer, text against char-typed literals
select pk, c > any(array[1.5, 700]), c < all(array[10, 700.5]) from q167 order by pk;
select pk from q167 where t = any(array['a', null]) order by pk;
select pk from q167 where t = any(array['a', 'b']) order by pk;
select pk from q167 where n = any(array[1.5, 0]) order by pk;
-- an array that is not a constructor: a cast string, with NULL elements, empty, NULL
select pk, c = any('{698, 8}'::int[]), c = any('{null, 40}'::int[]), c = any('{}'::int[]),
       c = any(null::int[]), c <> all('{}'::int[]) from q167 order by pk;
select 1 = any(array[1, null]), 2 = any(array[1, null]), 2 <> all(array[1, null]), null::int = any(array[1]);
-- UPDATE and DELETE with ANY/ALL over a constructor run on the datanodes
update q167 set t = 'u' where c = any(array[8, 9]);
select * from q167 order by pk;
delete from q167 where c <> all(array[8, 40]);
select * from q167 order by pk;

-- variance and standard deviation: integers and numerics with numeric_stddev_internal's scale
create table v167 (k int primary key, s smallint, i int, b bigint, n numeric, f float8, r real);
insert into v167 values (1, 40, 40, 40, 40.5, 0.1, 0.1), (2, 58, 58, 58, 58.25, 0.2, 0.3),
    (3, 23, 23, 23, 23.125, 0.4, 0.7), (4, null, null, null, null, null, null);
select variance(s), variance(i), variance(b), variance(n) from v167;
select var_pop(s), var_pop(i), var_pop(b), var_pop(n) from v167;
select stddev(s), stddev(i), stddev(b), stddev(n), stddev_pop(i), stddev_pop(n) from v167;
select variance(s), stddev(i) from v167 where k = 1;
select var_pop(s), stddev_pop(i) from v167 where k = 1;
select variance(i), stddev(n), var_pop(f) from v167 where k > 10;
-- no spread: 0, not 0.000...
select variance(x), var_pop(x), stddev(x), stddev_pop(x) from (values (1.5), (1.5)) t(x);
select variance(x), var_pop(x), stddev(x), stddev_pop(x) from (values (1), (1)) t(x);
select var_samp(x), var_pop(x) from (values (2::smallint), (3), (3)) t(x);
-- grouped, with FILTER, and beside other aggregates (partial on the datanodes)
select i % 2 as g, variance(i), stddev(n) filter (where k < 3), count(*), sum(i) from v167 group by 1 order by 1;
select variance(i) filter (where i > 30), var_pop(n) filter (where n is not null), avg(i) from v167;
-- floats: no cancellation (1e10 + 0, 1, 2 has variance 1), infinities and NaN give NaN
select variance(x), var_pop(x), stddev(x), stddev_pop(x) from (values (1e10::float8), (1e10 + 1), (1e10 + 2)) t(x);
create table f167 (k int primary key, f float8);
insert into f167 values (1, 1), (3, 3), (5, -2.5);
insert into f167 values (2, 'Infinity');
insert into f167 values (4, 'NaN');
select variance(f), stddev(f), var_pop(f) from f167 where k < 4;
select variance(f), stddev_pop(f) from f167 where k in (1, 3, 4);
select variance(f), stddev(f), var_pop(f), stddev_pop(f) from f167 where k in (1, 3, 5);
select variance(f) from f167 where k = 2;
select var_pop(f) from f167 where k = 2;
select variance(r), stddev(r), var_pop(r) from v167;
