-- Casts between types as PostgreSQL makes them: rounding, blanks, junk, range.

-- numeric to integer rounds half away from zero
select 90.50::int, 2.5::int, -2.5::int, 3.5::int, 0.5::int2, -1.5::int8;
select v::int from t_hash where v is not null order by id;

-- float to integer rounds half to even (rint)
select 2.5::float8::int, 3.5::float8::int, -2.5::float8::int;

-- numeric(p,s) rounds half away from zero to its scale
select 12.345::numeric(5,2), 12.344::numeric(5,2), -12.345::numeric(5,2), 0.005::numeric(3,2);

-- numeric(p,s) overflow is 22003
select 1234.5::numeric(5,2);

-- integer out of range is 22003
select 3000000000::int;
select 70000::int2;
select 1e20::int8;

-- text to number trims blanks
select ' 1.5 '::numeric, ' 42 '::int, '  -7'::int8, '3 '::int2, ' 2.5e1 '::float8;

-- text to number rejects junk with 22P02 and PostgreSQL's message
select 'x'::int;
select ''::int;
select '1.5'::int;
select '12abc'::numeric;
select 'abc'::float8;
select '99999999999'::int;

-- text to boolean
select 'yes'::boolean, ' off '::boolean, 't'::boolean;
select 'maybe'::boolean;

-- number to text
select 1.50::text, 10::text, 1.5::float8::text, (-0.0)::float8::text;

-- casts in a filter pushed to the datanodes agree with the coordinator's
select id from t_hash where v::int = 11 order by id;
select id from t_mod where s::text || '' = 'a' order by id;
select id from t_rr where (f::numeric(10,1))::text = '1.5' order by id;

-- signs and blanks in integer input; numeric(p,s) rounding of negatives
select '  12  '::int2 + 1, '-0'::int, '+5'::int8;
select 1e3::int, 123.456::numeric(6,1), (-0.05)::numeric(3,1), 0.5::float8::int2, 1.5::float8::int8;

-- an explicit cast to char(n) pads or cuts
select 'abc'::char(2), 'a'::char(3) || '|', length('abc'::char(5));

-- pg_typeof names the argument's type (regtype's text)
select pg_typeof(1)::text, pg_typeof(3000000000)::text, pg_typeof(1.5)::text, pg_typeof('a')::text, pg_typeof(null)::text;
select pg_typeof('a' || 'b')::text, pg_typeof(1::smallint)::text, pg_typeof(2.5::float8)::text, pg_typeof(true)::text;
select pg_typeof('x'::varchar(3))::text, pg_typeof('x'::char(3))::text, pg_typeof(date '2020-01-01')::text;
select pg_typeof(id)::text, pg_typeof(id::bigint + 1)::text, pg_typeof(sum(id))::text from t_hash group by id order by id limit 1;
