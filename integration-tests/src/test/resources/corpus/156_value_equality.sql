-- Value equality where the coordinator (and the datanodes) compare values: numerics equal whatever their scale
-- (1.0 = 1.00, numeric_eq), float -0 = 0 and NaN = NaN (float8eq, NaN above every other value), in INTERSECT, EXCEPT,
-- UNION, DISTINCT, GROUP BY, window partitions, hash joins and IN; the first of equal values is the one output, as
-- PostgreSQL's hashed operators print it (only over VALUES, whose order is fixed: over a distributed table the
-- first value depends on which datanode answers first, so those cases print abs(-0), which is 0). min/max of floats
-- with NaN, avg/stddev of float4 accumulated in float8, and RANGE frames with an offset over NULL and descending keys.

create table e156_h (id int, n1 numeric(10,1), n2 numeric(10,2), f float8, r float4) distribute by hash(id);
create table e156_rr (id int, n1 numeric(10,1), n2 numeric(10,2), f float8, r float4) distribute by roundrobin;
create table e156_rep (id int, n1 numeric(10,1), n2 numeric(10,2), f float8, r float4) distribute by replication;
insert into e156_h values (1, 1.0, 1.00, '0', '0'), (2, 2.0, 1.00, '-0', '-0'), (3, null, null, 'NaN', 'NaN'),
  (4, 1.0, 2.50, 'NaN', 'NaN'), (5, 3.0, 3.00, null, null), (6, 4.0, 5.00, '1.5', '1.5');
insert into e156_rr select * from e156_h;
insert into e156_rep select * from e156_h;
create table e156_empty (id int, n numeric, f float8) distribute by hash(id);
create table e156_r4 (id int, g int, r float4) distribute by hash(id);
insert into e156_r4 values (1, 1, 3e38), (2, 1, 3e38), (3, 1, 3e38), (4, 2, 1), (5, 2, null), (6, 3, null);

-- INTERSECT and EXCEPT compare numerics by value: the left input's value is output, in its scale
select 1.0 intersect select 1.00;
select 1.00 intersect select 1.0;
select 1.0 except select 1.00;
select 1.00 except select 2.0;
select x from (values (1.0), (1.00), (2.0)) a(x) intersect all select y from (values (1.000), (1.0), (1.00)) b(y);
select x from (values (1.0), (1.00), (2.0), (1)) a(x) except all select y from (values (1.000)) b(y);
-- numeric(10,1) against numeric(10,2) columns of a hashed table: NULL equals NULL in set operations
select n1 from e156_h intersect select n2 from e156_h;
select n2 from e156_h intersect select n1 from e156_h;
select n1 from e156_h intersect all select n2 from e156_rr;
select n1 from e156_h except select n2 from e156_rr;
select n1 from e156_h except all select n2 from e156_rep;
select n2 from e156_rep except all select n1 from e156_h;
select n1, n1 from e156_h intersect select n2, n2 from e156_rr;
select n1 from e156_h intersect select n from e156_empty;
select n1 from e156_h except select n from e156_empty;
-- floats: -0 equals 0 (the left's is output), NaN equals NaN
select '-0'::float8 intersect select 0::float8;
select 0::float8 intersect select '-0'::float8;
select '-0'::float4 intersect select 0::float4;
select 'NaN'::float8 intersect select 'NaN'::float8;
select 'NaN'::float8 except select 'NaN'::float8;
select '-0'::float8 except select 0::float8;
select abs(f) from (select f from e156_h intersect select f from e156_rr) s;
select abs(f) from (select f from e156_h except all select f from e156_rep where id <> 2) s;
select abs(r) from (select r from e156_h intersect all select r from e156_rr) s;
select id, f from e156_h intersect select id, f from e156_rr;

-- UNION, DISTINCT and GROUP BY output the first of equal values: -0 or 0, 1.00 or 1.0
select '-0'::float8 union select 0::float8;
select 0::float8 union select '-0'::float8;
select '-0'::float4 union select 0::float4;
select 1.00 union select 1.0;
select distinct x from (values ('-0'::float8), (0::float8), ('NaN'::float8), ('NaN'::float8)) v(x);
select distinct x from (values ('-0'::float4), (0::float4)) v(x);
select x, count(*) from (values ('-0'::float8), (0::float8)) v(x) group by x;
select x, count(*) from (values (0::float8), ('-0'::float8)) v(x) group by x;
select x, count(*) from (values ('-0'::float4), (0::float4), ('NaN'::float4), ('NaN'::float4), (null)) v(x) group by x;
select x, count(*) from (values (1.0::numeric), (1.00), (1.000), (2)) v(x) group by x;
-- over distributed tables: one group for 0 and -0, one for NaN, one for NULL (float4 too)
select abs(f), count(*) from e156_h group by f;
select abs(r), count(*) from e156_rr group by r;
select abs(r), count(*) from e156_rep group by r;
select distinct abs(r) from (select distinct r from e156_h) s;
select count(distinct f), count(distinct r) from e156_h;
select n, count(*) from (select n1 from e156_h union all select n2 from e156_rr) s(n) group by n;

-- a window's PARTITION BY groups numerics by value, -0 with 0 and NaN with NaN
select id, count(*) over (partition by f) from e156_h order by id;
select id, count(*) over (partition by r) from e156_rr order by id;
select id, count(*) over (partition by n2), sum(id) over (partition by n2 order by id) from e156_h order by id;
select x, count(*) over (partition by x) from (values (1.00), (1.0), (2)) v(x);
select x, y, count(*) over (partition by x, y) from (values ('-0'::float8, 1.0), (0, 1.00), (0, 2.0)) v(x, y);

-- hash joins, semi joins (IN, EXISTS) and anti joins (NOT IN, NOT EXISTS) match numerics by value, -0 with 0
select a.id, b.id from e156_h a join e156_rr b on a.n1 = b.n2 order by 1, 2;
select a.id, b.id from e156_h a join e156_rr b on a.f = b.f order by 1, 2;
select a.id, b.id from e156_h a join e156_rr b on a.r = b.r order by 1, 2;
select a.id, b.id from e156_h a join e156_rep b on a.f = b.f order by 1, 2;
select a.id, b.id from e156_h a join e156_h b on a.n1 = b.n2 order by 1, 2;
select a.id, b.id from e156_h a left join e156_rr b on a.f = b.f order by 1, 2;
select a.id, b.id from e156_h a full join e156_rr b on a.n1 = b.n2 and a.id < b.id order by 1, 2;
select id from e156_h where n1 in (select n2 from e156_rr) order by id;
select id from e156_h where n1 not in (select n2 from e156_rr where n2 is not null) order by id;
select id from e156_h where f in (select f from e156_rr) order by id;
select id from e156_h where exists (select 1 from e156_rr where e156_rr.f = e156_h.f) order by id;
select id from e156_h where not exists (select 1 from e156_rr where e156_rr.n2 = e156_h.n1) order by id;
select id from e156_h where f in ('-0'::float8, 'NaN') order by id;
select id from e156_h where r in ('-0'::float4, 'NaN') order by id;
select id from e156_h where n2 in (1.0, 2.5) order by id;
select x from (values (1.0), (1.00)) v(x) where x in (select 1.000);
select a.x, b.y from (values (1.0), (2.0)) a(x) join (values (1.00), (2.000)) b(y) on a.x = b.y order by 1;

-- min and max of floats: NaN is the greatest value, min skips it unless every value is NaN
select min(x), max(x) from (values ('NaN'::float8), (1), (null)) v(x);
select min(x), max(x) from (values ('NaN'::float4), (1), (null)) v(x);
select min(x), max(x) from (values ('NaN'::float8), ('NaN'::float8)) v(x);
select min(x), max(x) from (values ('Infinity'::float8), ('NaN'::float8), ('-Infinity'::float8)) v(x);
select min(f), max(f), min(r), max(r) from e156_h where id > 2;
select min(f), max(f) from e156_h where id in (3, 4);
select id % 2, abs(min(f)), max(f), abs(min(r)), max(r) from e156_rr group by 1 order by 1;
select min(f), max(f) from e156_empty;
select g, min(x), max(x) from (values (1, 'NaN'::float8), (1, 2::float8), (2, null), (3, 'NaN'::float8)) v(g, x) group by g order by g;

-- avg, stddev and variance of float4 accumulate in float8: no overflow where PostgreSQL's result is finite
select avg(x) from (values (3e38::float4), (3e38::float4)) v(x);
select stddev(x), variance(x) from (values (3e38::float4), (3e38::float4)) v(x);
select avg(r), stddev_pop(r), var_samp(r) from e156_r4;
select g, avg(r), stddev(r) from e156_r4 group by g order by g;
-- sum(float4) stays float4 and overflows there, as in PostgreSQL
select sum(r) from e156_r4;
select sum(x) from (values (3e38::float4), (3e38::float4)) v(x);

-- RANGE frames with an offset: NULL keys are peers of each other only (their frame is their peer group), a non-NULL
-- row's offset never reaches them; NULLS FIRST and LAST, and descending keys
select x, sum(x) over (order by x range between 1 preceding and 1 following) from (values (1), (2), (null), (null), (4)) v(x);
select x, sum(x) over (order by x nulls first range between 1 preceding and 1 following) from (values (1), (2), (null), (null), (4)) v(x);
select x, count(*) over (order by x desc range between 1 preceding and 1 following) from (values (1), (2), (null), (null), (4)) v(x);
select x, count(*) over (order by x desc range between 1 preceding and 1 following) from (values (1), (2), (4)) v(x);
select x, count(*) over (order by x desc nulls last range between 2 preceding and 1 preceding) from (values (1), (2), (4), (null)) v(x);
select x, sum(x) over (order by x desc range between current row and 2 following) from (values (1::bigint), (2), (4), (null)) v(x);
select x, count(*) over (order by x range between unbounded preceding and 1 following) from (values (1), (2), (null), (null), (4)) v(x);
select x, count(*) over (order by x range between current row and 1 following) from (values (1), (2), (null), (null), (4)) v(x);
select x, count(*) over (order by x range between 2 preceding and 1 preceding), count(*) over (order by x range between 1 following and 2 following) from (values (1), (2), (null), (null), (4)) v(x);
select x, count(*) over (order by x nulls first range between 1 preceding and unbounded following) from (values (1), (2), (null), (null), (4)) v(x);
select x, count(*) over (order by x range between 1 preceding and 1 following) from (values (1::float8), (2), (null)) v(x);
select id, r, count(*) over (order by r range between 1 preceding and 1 following) from e156_r4 order by id;
select g, id, count(*) over (partition by g order by r desc range between 1 preceding and current row) from e156_r4 order by g, id;
-- a negative or NULL offset is an error
select x, count(*) over (order by x range between -1 preceding and 1 following) from (values (1), (2)) v(x);
select x, count(*) over (order by x range between 1 preceding and -1 following) from (values (1), (2)) v(x);
