-- real (float4) beside an integer or a numeric: PostgreSQL has no such float4 operator and resolves to the float8
-- ones (float48pl, float48eq), so the arithmetic is double precision and a comparison compares the float4 value
-- widened to double (1.1::float4 = 1.1 is false). Two reals stay real.

create table fw145 (id int, f float4, i int, n numeric) distribute by hash(id);

insert into fw145 values (1, 1.1, 1, 1.1), (2, 2.5, 3, 0.1), (3, null, 2, 2), (4, 0.3, null, null);

select 1.1::float4 + 1 as a, pg_typeof(1.1::float4 + 1) as t;

select 1.1::float4 * 3::numeric as a, pg_typeof(1.1::float4 * 3::numeric) as t;

select 1.1::float4 * 3::int2 as a, 1.1::float4 - 1::int8 as b, 2 - 1.1::float4 as c, 1.1::float4 / 3 as d;

select 1.1::float4 + 1.1::float4 as a, pg_typeof(1.1::float4 + 1.1::float4) as t;

select 1.1::float4 = 1.1 as eq, 1.1::float4 <> 1.1 as ne, 1.1::float4 > 1.1 as gt, 1.1::float4 = 1.1::float4 as same;

-- columns: computed and compared on the datanodes or the coordinator, the same answers
select id, f + i as a, f * n as b, f / 2 as c, f = n as eq, f < i as lt from fw145 order by id;

select pg_typeof(f + i) as t from fw145 limit 1;

select count(*) from fw145 where f = 1.1;

select count(*) from fw145 where f = 1.1::float4;

select sum(f + i) from fw145;

-- numeric as text keeps its leading zero (numeric_out), in casts, ||, concat, concat_ws and format
select concat_ws(',', 0.00::numeric, 1) as a, concat(0.00) as b, format('%s', 0.00) as c, 0.00::numeric::text as d,
'x' || 0.00 as e, 0.5::numeric::varchar as f, (-0.5)::text as g;

select id, n::text as t, n || 'x' as c, concat(n, 'y') as d from fw145 order by id;

drop table fw145;
