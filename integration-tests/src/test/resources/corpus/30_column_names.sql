-- Result column names as PostgreSQL's FigureColname gives them.

-- aggregates are named after the function
select count(*), count(id), sum(k), min(s), max(d) from t_hash;

-- window functions are named after the function
select id, row_number() over (order by id), rank() over (order by k), sum(k) over () from t_hash order by id;

-- a FILTER aggregate is named after its function
select count(*) filter (where k > 2), sum(id) filter (where b) from t_hash;

-- a scalar subquery is named after its select item, or ?column? when that has no name
select (select max(id) from t_hash), (select 1);

-- an operator expression is ?column?
select 1 + 1, id * 2 from t_hash where id = 1;

-- VALUES columns are column1, column2, ...
values (1, 'a'), (2, 'b');
select * from (values (1, 'a'), (2, 'b')) v order by 1;

-- a cast is named after its operand, a cast of a literal after the type
select 1::int, 'a'::text, 1.5::numeric, id::text, cast(k as bigint) from t_hash where id = 1;
select '2023-01-01'::date, 1::int8, 'x'::varchar, true::boolean;

-- CASE, COALESCE, NULLIF, EXISTS, literals
select case when true then 1 end, coalesce(null, 1), nullif(1, 2), exists(select 1), 1, 'a', null;
