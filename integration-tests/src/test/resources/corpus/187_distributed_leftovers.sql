-- Distributed execution leftovers of issue 9: ordered and DISTINCT array_agg / string_agg partial on the datanodes
-- (each sorts its values with their keys, the coordinator merges the runs in order), LIMIT/OFFSET counts holding
-- parameters or sub-queries that read tables (evaluated once when the query starts), views whose LIMIT/OFFSET
-- counts are expressions. Ties of an aggregate's ORDER BY are broken by a unique key so results are deterministic.

create table a187 (id int, g int, x int, s text, k int, n numeric(6,2)) distribute by hash(id);
insert into a187 select i, i % 3, case when i % 5 = 0 then null else i % 7 end,
  case when i % 4 = 0 then null else 's' || (i % 6) end, 50 - i, (i % 9) / 4.0 from generate_series(1, 40) i;
create table r187 (id int, g int, x int, s text, k int, n numeric(6,2)) distribute by roundrobin;
insert into r187 select * from a187;
create table p187 (id int, g int, x int, s text, k int, n numeric(6,2)) distribute by replication;
insert into p187 select * from a187;
create table m187 (id int, g int, x int, s text, k int, n numeric(6,2)) distribute by modulo(id);
insert into m187 select * from a187;
create table e187 (id int, g int, x int, s text, k int, n numeric(6,2)) distribute by hash(id);

-- array_agg(x ORDER BY k): the values in k's order across every datanode, NULL values kept
select g, array_agg(x order by k) from a187 group by g order by g;
select g, array_agg(x order by k) from r187 group by g order by g;
select g, array_agg(x order by k) from m187 group by g order by g;
select g, array_agg(x order by k) from p187 group by g order by g;
-- DESC, and several keys with NULLS FIRST (NULL x first, ties broken by id)
select g, array_agg(x order by k desc) from a187 group by g order by g;
select array_agg(x order by x nulls first, id) from a187;
select array_agg(x order by x desc nulls last, id desc) from r187;
-- a NULL sort key sorts last ascending, first descending (PostgreSQL's default placement)
select array_agg(id order by x, id) from a187 where id <= 12;
select array_agg(id order by x desc, id) from a187 where id <= 12;
-- the sort key is a computed expression evaluated on the datanodes
select g, array_agg(id order by k % 7, id) from a187 group by g order by g;
-- string_agg(s, ',' ORDER BY k): NULL values skipped with their delimiter
select g, string_agg(s, ',' order by k) from a187 group by g order by g;
select g, string_agg(s, '-' order by id desc) from r187 group by g order by g;
select string_agg(s, '' order by id) from m187;
-- DISTINCT without ORDER BY sorts by the value (PostgreSQL sorts to remove repeats); one NULL kept by array_agg
select g, array_agg(distinct x) from a187 group by g order by g;
select g, array_agg(distinct x order by x desc) from r187 group by g order by g;
select g, string_agg(distinct s, ',') from a187 group by g order by g;
select string_agg(distinct s, ';' order by s desc) from m187;
-- numeric values and keys keep their scale
select array_agg(n order by n, id) from a187 where id < 10;
select array_agg(distinct n) from a187;
-- several ordered aggregates next to partial ones
select g, count(*), sum(x), array_agg(x order by id), string_agg(s, ',' order by id desc), max(k) from a187 group by g order by g;
-- a filter on the datanodes before the ordered aggregate
select array_agg(id order by k) from a187 where x > 3;
-- no rows: NULL, also grouped (no groups)
select array_agg(x order by k), string_agg(s, ',' order by k) from e187;
select array_agg(x order by k), string_agg(s, ',' order by k) from a187 where id > 100;
select g, array_agg(x order by k) from e187 group by g;
-- only NULL values: array_agg keeps them, string_agg is NULL
select array_agg(s order by id), string_agg(s, ',' order by id) from a187 where s is null;
-- over a co-located join
select a.g, array_agg(b.x order by b.id) from a187 a join m187 b on a.id = b.id group by a.g order by a.g;
-- pushdown off gives the same results
set tessera.enable_pushdown = off;
select g, array_agg(x order by k), string_agg(s, ',' order by id) from a187 group by g order by g;
reset tessera.enable_pushdown;

-- LIMIT / OFFSET of a sub-query reading a table: evaluated once, before the query's rows
select id from a187 order by id limit (select count(*) from e187);
select id from a187 order by id limit (select min(id) + 1 from a187);
select id from a187 order by id offset (select count(*) from a187) - 2;
select id from r187 order by id limit (select max(g) from p187) offset (select min(id) from a187 where id > 35);
-- a sub-query of no rows is NULL: no limit
select count(*) from (select id from a187 limit (select k from a187 where id < 0)) q;
-- a negative value from a table is 2201W / 2201X, like a constant's
select id from a187 order by id limit (select min(k) - 100 from a187);
select id from a187 order by id offset (select -min(id) from a187);
-- a sub-query of several rows is 21000
select id from a187 order by id limit (select id from a187);
-- a count that names the query's own column is 42P10
select id from a187 order by id limit id;
-- LIMIT of parameters in an expression
prepare q187(int) as select id from a187 order by id limit $1 + 1;
execute q187(2);
execute q187(0);
execute q187(null);
-- a negative parameter expression is 2201W
execute q187(-5);
prepare q187b(int, int) as select id from a187 where id > $1 order by id limit $2 * 2 offset $2 - 1;
execute q187b(30, 2);
execute q187b(30, 1);
prepare q187c(int) as select id from a187 order by id limit (select count(*) from a187 where id < $1);
execute q187c(4);
deallocate q187;
deallocate q187b;
deallocate q187c;

-- views whose LIMIT / OFFSET counts are expressions store and read them back
create view v187 as select id from a187 order by id limit 1 + 1;
select * from v187;
create view v187b as select id from a187 order by id offset (select 38);
select * from v187b;
create view v187c as select id from a187 order by id fetch first (2 + 1) rows only;
select * from v187c;
-- FETCH NEXT with an unparenthesized expression is PostgreSQL's syntax error too
create view v187d as select id from a187 fetch next 1 + 1 rows only;

-- joins on expressions: the keys are computed below the join on the datanodes (redistributed by the computed
-- key, or co-located when a key is the distribution column itself)
create table j187 (id int, x int, s text, ts timestamp, d date) distribute by hash(id);
insert into j187 select i, i % 5, case when i % 4 = 0 then null else 'S' || (i % 3) end,
  timestamp '2024-01-01 10:00' + (i * interval '7 hours'), date '2024-01-01' + (i % 4) from generate_series(1, 24) i;
insert into j187 values (25, null, 'x', null, null);
create table k187 (id int, y int, s text, d date) distribute by hash(id);
insert into k187 select i, i % 7, case when i % 5 = 0 then null else 's' || (i % 4) end,
  date '2024-01-01' + (i % 6) from generate_series(1, 20) i;
insert into k187 values (21, null, null, null);
create table kr187 (id int, y int, s text, d date) distribute by roundrobin;
insert into kr187 select * from k187;
create table kp187 (id int, y int, s text, d date) distribute by replication;
insert into kp187 select * from k187;
-- an arithmetic key: NULLs match nothing
select a.id, b.id from j187 a join k187 b on a.x + 1 = b.y order by a.id, b.id;
select a.id, b.id from j187 a join kr187 b on a.x + 1 = b.y order by a.id, b.id;
select a.id, b.id from j187 a join kp187 b on b.y = a.x * 2 order by a.id, b.id;
-- a function of text
select a.id, b.id from j187 a join k187 b on lower(a.s) = b.s order by a.id, b.id;
-- a cast of a timestamp to date
select a.id, b.id from j187 a join k187 b on a.ts::date = b.d order by a.id, b.id;
-- an expression key next to a plain key and a residual
select a.id, b.id from j187 a join k187 b on a.id = b.id and a.x + 1 = b.y and a.s is not null order by a.id;
select a.id, b.id from j187 a join kr187 b on a.d = b.d and a.x + 2 = b.y + 1 and b.id > 3 order by a.id, b.id;
-- the distribution column itself through an expression of the other side (co-located only on plain keys)
select a.id, b.id from j187 a join k187 b on a.id = b.id + 1 order by a.id;
-- outer joins keep unmatched rows with NULLs, also for NULL keys
select a.id, b.id from j187 a left join k187 b on a.x + 1 = b.y where a.id > 18 order by a.id, b.id;
select a.id, b.id from j187 a right join k187 b on a.x + 1 = b.y where b.id > 15 order by b.id, a.id;
select a.id, b.id from j187 a full join k187 b on a.x * 10 = b.y order by a.id, b.id;
-- semi and anti joins on an expression
select id from j187 a where exists (select 1 from k187 b where b.y = a.x + 1) order by id;
select id from j187 a where a.x + 1 in (select y from kr187) order by id;
select id from j187 a where not exists (select 1 from k187 b where b.y = a.x + 1) order by id;
-- an aggregate over the join on an expression
select count(*), sum(a.x), sum(b.y) from j187 a join k187 b on a.x + 1 = b.y;
select a.x, count(*) from j187 a join k187 b on a.x + 1 = b.y group by a.x order by a.x;
-- no rows on one side
select count(*) from j187 a join e187 b on a.x + 1 = b.x;
-- a key expression that overflows fails as PostgreSQL's does
select count(*) from j187 a join k187 b on a.x + 2147483647 = b.y;
-- pushdown off gives the same rows
set tessera.enable_pushdown = off;
select a.id, b.id from j187 a join k187 b on a.x + 1 = b.y order by a.id, b.id;
reset tessera.enable_pushdown;
