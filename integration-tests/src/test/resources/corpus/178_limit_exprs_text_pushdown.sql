-- LIMIT, OFFSET and FETCH FIRST counts as PostgreSQL evaluates them (any constant expression cast to bigint; NULL
-- is no limit / no offset; negative counts 2201W / 2201X), over distributed tables; upper, lower and nullif
-- evaluated on the datanodes (UPDATE's SET, WHERE, GROUP BY) with the coordinator's values, NULLs included.

create table l178 (id int, s text, v int) distribute by hash(id);
insert into l178 select g, 'S' || g, g % 3 from generate_series(1, 10) g;
create table r178 (id int, s text, v int) distribute by replication;
insert into r178 select * from l178;
create table rr178 (id int, s text, v int) distribute by roundrobin;
insert into rr178 select * from l178;
create table e178 (id int, s text, v int) distribute by hash(id);

-- LIMIT NULL and LIMIT ALL: no limit
select id from l178 order by id limit null;
select id from l178 order by id limit all;
-- OFFSET NULL: no offset
select id from l178 order by id offset null;
select id from l178 order by id limit null offset null;
-- LIMIT of an expression: evaluated once, cast to bigint
select id from l178 order by id limit 2+1;
select id from l178 order by id limit 1 + 1 offset 8;
select id from r178 order by id limit (2 * 2);
select id from rr178 order by id offset 1+1 limit 3;
-- a numeric expression rounds half away from zero (3.5 is 4)
select id from l178 order by id limit 2.5 + 1;
-- a string literal is read as bigint
select id from l178 order by id limit '2';
-- a scalar sub-query without tables
select id from l178 order by id limit (select 1);
select id from l178 order by id limit (select null::int);
select id from l178 order by id offset (select 7) limit (select 2);
-- negative counts fail even with no rows, OFFSET checked first
select id from l178 order by id limit -1;
select id from l178 order by id offset -2;
select id from e178 limit -1;
select id from l178 where false offset -1 limit -1;
select id from l178 order by id limit 1 - 2;
-- errors of the count's expression
select id from l178 order by id limit 1/0;
select id from l178 order by id limit 2147483647 + 1;
-- a count cannot read the query's columns (42P10)
select id from l178 order by id limit v;
select id from l178 order by id offset id;
-- FETCH FIRST with a parenthesized expression, a signed literal, or no count (one row)
select id from l178 order by id fetch first (1+1) rows only;
select id from l178 order by id fetch first row only;
select id from l178 order by id offset 2 rows fetch next 2 rows only;
select id from l178 order by id fetch first 3 rows only;
select id from l178 order by id offset 8 fetch first +5 rows only;
-- LIMIT in a sub-query and a set operation
select count(*) from (select id from l178 order by id limit 1 + 2) x;
(select id from l178 order by id limit 1 + 1) union all (select id from r178 order by id desc limit (select 1)) order by 1;
-- a prepared statement's parameter bound to NULL: no offset, no limit
prepare p178(int, int) as select id from l178 order by id offset $1 limit $2;
execute p178(null, 2);
execute p178(8, null);
execute p178(null, null);
execute p178(-1, 2);
execute p178(1, -2);
deallocate p178;
-- the same without ORDER BY (a bare LIMIT over the datanodes): only counts compared
prepare q178(int) as select count(*) from (select id from l178 offset $1) x;
execute q178(null);
execute q178(3);
deallocate q178;

-- upper and lower: NULLs, mixed case (ASCII only: CorpusIT's PostgreSQL runs with LC_CTYPE C, which maps no other
-- letter, where Tessera maps them as C.UTF-8 does)
create table u178 (id int primary key, s text, c varchar(10), v int) distribute by hash(id);
insert into u178 values (1, 'abc', 'Xy', 0), (2, null, null, null), (3, 'MiXeD Case', 'AbC', 5), (4, 'istanbul', 'Q', 0),
  (5, 'a b C 1', 'z', -1), (6, '', '', 2);
select id, upper(s), lower(s), upper(c), lower(c) from u178 order by id;
-- in WHERE, evaluated on the datanodes
select id from u178 where upper(s) = 'MIXED CASE' order by id;
select id from u178 where lower(c) = 'abc' order by id;
select id from u178 where lower(s) like 'i%' order by id;
-- GROUP BY lower(s) over a distributed table
select lower(s), count(*) from u178 group by lower(s) order by 1;
select lower(k::text), count(*) from (select case when id % 2 = 0 then 'A' else 'a' end as k from u178) x group by 1 order by 1;
-- nullif: NULL for equal values, a's value otherwise, NULL in, NULL out
select id, nullif(v, 0), nullif(s, 'abc'), nullif(c, null) from u178 order by id;
select id from u178 where nullif(v, 0) is null order by id;
-- UPDATE ... SET with upper, lower and nullif runs on the datanodes
update u178 set s = upper(s);
select id, s from u178 order by id;
update u178 set c = lower(c) where id > 2;
select id, c from u178 order by id;
update u178 set v = nullif(v, 0);
select id, v from u178 order by id;
update u178 set s = lower(nullif(s, '')) where id >= 5 returning id, s;
-- a varchar(n) column stays within its length (lower of a 10-character value is 10 characters)
update u178 set c = upper(c || 'abcdefghij') where id = 1;
select id, c from u178 order by id;
-- on a replicated and a round-robin table
update r178 set s = lower(s) where id <= 3;
select id, s from r178 order by id;
update rr178 set v = nullif(v, 1), s = upper(nullif(s, 'S2'));
select id, s, v from rr178 order by id;
-- over the empty table
update e178 set s = upper(s);
select lower(s), count(*) from e178 group by lower(s);
