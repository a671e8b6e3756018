-- array_agg and string_agg run as partial aggregates on the datanodes (each datanode's array or text, concatenated
-- on the coordinator); ordered and DISTINCT calls stay on the coordinator. Without ORDER BY the element order is
-- the input's, which no distributed plan fixes, so unordered cases look at lengths, containment or one-row groups.
-- Window functions partitioned by the distribution column or by other columns.

create table p151 (id int, g int, s text, v varchar(10), c char(3), n numeric(6,2), d date) distribute by hash(id);
insert into p151 values
  (1, 1, 'a', 'x', 'ab', 1.50, date '2020-01-01'),
  (2, 1, 'b', null, 'c', null, null),
  (3, 2, null, 'y', 'd', 2.00, date '2021-02-03'),
  (4, 2, 'd', 'z', null, 3.25, date '2022-01-01'),
  (5, 3, null, null, null, null, null),
  (6, 1, 'f', 'w', 'ef', -1.00, date '2019-12-31'),
  (7, 4, 'g', 'v', 'g', 7.00, date '2024-02-29'),
  (8, 4, 'g', 'u', 'h', 7.00, date '2024-03-01');
create table p151_empty (id int, g int, s text) distribute by hash(id);

-- one-row groups: the arrays and texts are exact, NULL elements kept, NULL values skipped by string_agg
select id, array_agg(s), array_agg(n), array_agg(d), string_agg(s, ','), string_agg(v, ' - ')
  from p151 group by id order by id;
-- grouped by another column: every value reaches its group once (lengths, containment)
select g, array_length(array_agg(id), 1), array_agg(id) @> array[1], length(string_agg(s, ',')), count(*)
  from p151 group by g order by g;
-- a group of NULLs only: array of NULLs, string_agg NULL
select array_agg(s), string_agg(s, ',') from p151 where g = 3;
-- no rows: NULL, not an empty array or text
select array_agg(id), string_agg(s, ',') from p151_empty;
select array_agg(id), string_agg(s, ',') from p151 where id > 100;
select g, array_agg(id) from p151_empty group by g;
-- with other aggregates in the same call list
select g, count(*), sum(n), avg(n), array_length(array_agg(n), 1), max(length(s)) from p151 group by g order by g;
-- ORDER BY inside the aggregate: the order is PostgreSQL's
select g, string_agg(s, ',' order by id), array_agg(n order by id desc), array_agg(d order by d nulls first)
  from p151 group by g order by g;
select string_agg(s, ';' order by s desc, id), array_agg(id order by n, id) from p151;
-- DISTINCT: each value once, in its order
select array_agg(distinct s), array_agg(distinct g) from p151;
select g, array_agg(distinct s order by s), string_agg(distinct s, ',' order by s) from p151 group by g order by g;
-- a delimiter column is evaluated on the coordinator
select id, string_agg(s, v) from p151 where v is not null group by id order by id;
-- the shared tables: hash, modulo, round robin, replicated
select k, array_length(array_agg(v), 1), length(string_agg(s, '')) from t_hash group by k order by k;
select k, array_length(array_agg(v), 1), length(string_agg(s, '')) from t_mod group by k order by k;
select k, array_length(array_agg(v), 1), length(string_agg(s, '')) from t_rr group by k order by k;
select k, array_length(array_agg(v), 1), length(string_agg(s, '')) from t_rep group by k order by k;
select id, array_length(array_agg(f), 1), length(string_agg(s, '|')) from t_hash group by id order by id;

-- window functions partitioned by the distribution column
select id, g, row_number() over (partition by id order by g), sum(n) over (partition by id),
       count(*) over (partition by id)
  from p151 order by id;
-- and by another column, with frames and offsets
select id, g, rank() over w, dense_rank() over w,
       sum(n) over (partition by g order by id rows between 1 preceding and current row), lag(s) over w,
       lead(id, 1, -1) over w, min(n) over w, max(n) over w, avg(n) over (partition by g)
  from p151 window w as (partition by g order by id) order by id;
select id, k, sum(v) over (partition by k order by id range between unbounded preceding and current row)
  from t_hash order by id;
select id, row_number() over (partition by id) from p151_empty;
