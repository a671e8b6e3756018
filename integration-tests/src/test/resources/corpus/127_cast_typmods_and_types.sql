-- An explicit cast to varchar(n) or char(n) cuts the string to n characters without an error (char(n) pads), and
-- one to numeric(p,s) rounds to s digits (22003 when too large), in SET, SELECT and INSERT alike; an assignment to
-- a varchar(n) column of a longer string is still 22001. RowDescription reports PostgreSQL's types and typmods:
-- json 114, jsonb 3802, varchar 1043 (typmod n + 4, or -1 unbounded), numeric(p,s)'s typmod, and a cast to text
-- or numeric reports text or numeric without a typmod.

create table u127 (id int primary key, s varchar(5), c char(3), n numeric(6,2), t text, vu varchar, nu numeric, j json, jb jsonb) distribute by hash(id);
insert into u127 values (1, 'abcde', 'xyz', 12.345, 'hello world', 'unbounded', 1.23456, '{"a": 1}', '{"b": 2}');
insert into u127 values (2, 'ab', 'q', -7.5, 'hi', 'v', 100, '[1, 2]', '[]');

-- explicit casts in SET: cut or rounded, evaluated where the rows are
update u127 set s = t::varchar(3) where id = 1;
update u127 set c = t::char(2) where id = 1;
update u127 set n = n::numeric(4,1);
select id, s, c, n from u127 order by id;
update u127 set s = t::varchar(5), c = t::char(3) where id = 2;
update u127 set t = t::varchar(2), vu = vu::char(4);
select id, s, c, t, vu, length(c) as lc, c || '|' as cc from u127 order by id;

-- an explicit cast of a constant in SET
update u127 set s = 'abcdef'::varchar(4), c = 'abcdef'::char(2), n = 99.949::numeric(4,1) where id = 1;
select id, s, c, n from u127 order by id;

-- an assignment of a longer string or a larger number is still an error
update u127 set s = 'abcdefgh' where id = 1;
update u127 set s = t || 'abcdef' where id = 1;
update u127 set n = 123456.7 where id = 1;

-- numeric(p,s) casts that overflow are 22003
update u127 set n = n::numeric(2,1) where id = 1;
update u127 set n = 99.99::numeric(3,1) where id = 1;
select n::numeric(2,1) from u127 where id = 1;

-- in SELECT, over columns and in a pushed-down WHERE
select id, s::varchar(2) as a, c::char(1) as b, n::numeric(3,0) as c, t::varchar(1) as d from u127 order by id;
select id from u127 where s::varchar(2) = 'ab' order by id;
select id from u127 where n::numeric(3,0) = 100 order by id;

-- in INSERT ... VALUES and INSERT ... SELECT
insert into u127 (id, s, c, n) values (3, 'abcdefgh'::varchar(4), 'zzzz'::char(2), 9.99::numeric(3,1));
insert into u127 (id, s, c, n, t) select 4, t::varchar(1), s::char(1), n::numeric(3,0), s::varchar(3) from u127 where id = 1;
select id, s, c, n, t from u127 order by id;

-- RowDescription: column types and typmods as PostgreSQL's
select s, c, n, t, vu, nu, j, jb from u127 where id = 1;
select j::text as j, jb::text as jb, s::text as s, vu::text as vu, n::numeric as n, nu::numeric(5,2) as nu, c::text as c from u127 where id = 1;
select v.* from (select id, j, s, n from u127) v order by v.id limit 1;
select x.j, x.n from (select id, j::text as j, n::numeric as n from u127) x order by x.id limit 1;
select s || 'x' as a, n + 1 as b, j::jsonb as c, jb::json as d from u127 where id = 1;
