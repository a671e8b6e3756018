-- Set-returning functions in a select list (PostgreSQL's ProjectSet): each row repeated once per row of the
-- function, dropped when it returns none; several functions in lockstep, the shorter padded with NULLs.

create table srf143 (id int, v text) distribute by hash(id);

insert into srf143 values (0, 'w'), (1, 'x'), (2, 'y'), (3, 'z');

-- a select list of one set-returning function and no FROM: its rows, named after the function
select generate_series(1, 3);

-- per input row; a row whose series is empty (id 0) is dropped
select id, generate_series(1, id) from srf143 order by 1, 2;

-- the function inside an expression, named by the alias
select id, generate_series(1, id) + 1 as x from srf143 order by 1, 2;

-- inside an expression without alias: ?column?
select generate_series(1, 3) * 2;

-- a constant beside it is repeated
select generate_series(1, 3) x, 10;

-- two functions run in lockstep: three rows, the shorter padded with NULL
select generate_series(1, 2), generate_series(1, 3);

-- lockstep per input row
select id, generate_series(1, id), generate_series(id, 2) from srf143 order by 1, 2, 3;

-- ORDER BY and LIMIT apply to the function's rows
select generate_series(1, 5) order by 1 desc limit 2;

-- regexp_matches: the groups of the first match, as text[]
select regexp_matches('abc', '(b)(c)');

-- with flag g: one row per match
select regexp_matches('abcbc', '(b)(c)', 'g');

-- in a subquery, counted
select count(*) from (select generate_series(1, 5)) s;

-- WHERE false: no rows
select generate_series(1, 2) where false;

-- in a subquery with WHERE on the input rows
select s from (select id, generate_series(1, id) as s from srf143 where id >= 2) q order by s;
