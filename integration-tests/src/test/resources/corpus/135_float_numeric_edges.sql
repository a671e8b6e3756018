-- float8 and numeric at their edges as PostgreSQL: float overflow and underflow raise 22003 (no Infinity or 0),
-- NaN equals NaN and sorts above every number (on the coordinator and on the datanodes), a literal with an exponent
-- is a numeric keeping its digits' scale, and the numeric functions Calcite lacks (trunc, div, scale, min_scale,
-- trim_scale, gcd, lcm, factorial), typed number literals and function-style casts.

create table f135 (id int, f float8, r float4, n numeric) distribute by hash(id);
insert into f135 values (1, 1.5, 1.5, 1.5), (2, 'NaN'::float8, 'NaN'::float4, 2.5),
  (3, '-Infinity'::float8, '-Infinity'::float4, -1), (4, 1e300, 1e30, 0), (5, -0.5, -0.5, null),
  (6, 'NaN'::float8, 2, 7), (7, 'Infinity'::float8, 'Infinity'::float4, 3), (8, null, null, 4);

-- float8 overflow and underflow in + - * / are errors
select 1e308::float8 * 10;
select 1e300::float8 * 1e10::float8;
select 1e-300::float8 * 1e-300::float8;
select 1e-300::float8 / 1e300::float8;
select -1e308::float8 - 1e308::float8;
select 1e308::float8 + 1e308::float8;
select 3e38::float4 * 10::float4;
select 1e-30::float4 * 1e-30::float4;
select f * 1e10::float8 from f135 where id = 4;
select f * f from f135 where id = 4;
select f + f from f135 where id = 4;
-- infinities in, infinities out; zero in, zero out
select 'Infinity'::float8 * 2, '-Infinity'::float8 + 1e308::float8, 0::float8 * 1e-300::float8, 1e300::float8 * 0;
select id, f * 2, f + 1, f - 1, f / 2 from f135 where id <> 4 order by id;

-- NaN = NaN and NaN > every number, in expressions, filters, ORDER BY and GROUP BY (not yet min/max: Calcite's
-- min/max on the coordinator skip NaN; docs/compatibility.md)
select 'NaN'::float8 = 'NaN'::float8, 'NaN'::float8 > 1e300::float8, 'NaN'::float8 > 'Infinity'::float8,
  'NaN'::float8 < 1::float8, 'NaN'::float8 <> 'NaN'::float8, -0::float8 = 0::float8;
select id, f from f135 where f > 1e200 order by id;
select id, f from f135 where f = 'NaN' order by id;
select id from f135 where f >= 'Infinity' order by id;
select id, r from f135 where r > 1e20::float4 order by id;
select id, f from f135 order by f, id;
select id, f from f135 order by f desc, id;
select id, r from f135 order by r nulls first, id;
select f, count(*) from f135 group by f order by f;
select id, f > 1 as big, f = f as self from f135 order by id;

-- a literal with an exponent is numeric, keeping its digits' scale
select 1.0e-6::numeric, 1.0e-6, 1e5, 1.50e2, 2.5e-3 * 2, 0.000001::float8::numeric, 1e20::float8::numeric;
select log(1e50), pg_typeof(1e5), 1e300::float8 * 1e-10::float8;

-- typed number literals and function-style casts
select numeric '1.23456789' * numeric '9.87654321', 1.000000001 * 1.000000001, int8 '42' + 1, float8 '1.5' * 2;
select int4 '7', int2 '3', float4 '2.5', integer '5', bigint '9', decimal '0.10';
select float8(3), int4(2.5), int8(7.5), int2(3), float4(1.5), text(5), float8(n) from f135 where id = 1;
select id, float8(n), int4(n), text(n) from f135 order by id;

-- trunc of numeric (toward zero, optionally to n decimals) and of float8 (-0 stays -0)
select trunc(2.7), trunc(-2.7), trunc(1.2399, 2), trunc(1234.5, -2), trunc(1.2, 3), trunc(-0.5::float8),
  trunc(2.7::float8), trunc(5);
select id, trunc(n), trunc(n, 1), trunc(f) from f135 where id in (1, 3, 5) order by id;
select ceil(-0.5), floor(-0.5), ceil(-0.5::float8), floor(-0.5::float8), sign(-3.2), sign(0), sign(-7),
  sign(2.5::float8), sign(0.0);
select id, sign(f), sign(n) from f135 order by id;

-- width_bucket of numerics and of floats, ascending and descending bounds, and its errors (2201G)
select width_bucket(5.35, 0.024, 10.06, 5), width_bucket(0, 1, 10, 3), width_bucket(10, 1, 10, 3),
  width_bucket(5, 10, 0, 4), width_bucket(5.35::float8, 0.024, 10.06, 5), width_bucket(-1::float8, 10, 0, 4),
  width_bucket(0.5, 0, 1, 2);
select id, width_bucket(n, 0, 10, 4), width_bucket(f, -1, 2, 3) from f135 where id in (1, 5, 8) order by id;
select width_bucket(1, 2, 2, 3);
select width_bucket(1, 0, 2, 0);
select width_bucket(1::float8, 0, 'Infinity'::float8, 2);

-- div, scale, min_scale, trim_scale
select div(7, 2), div(-7, 2), div(7.5, 2), div(9.9, 0.7), pg_typeof(div(7, 2));
select div(1, 0);
select scale(1.2300), min_scale(1.2300), trim_scale(1.2300), trim_scale(100.000), scale(5), min_scale(0.0);
select id, scale(n), min_scale(n), trim_scale(n) from f135 order by id;

-- gcd, lcm (integer, bigint, numeric), factorial (numeric)
select gcd(12, 18), gcd(12::int8, 18), gcd(1.5, 0.25), gcd(-12, 18), gcd(0, 0), lcm(4, 6), lcm(1.5, 0.25),
  lcm(0, 5), lcm(-4, 6);
select pg_typeof(gcd(12, 18)), pg_typeof(gcd(12::int8, 18)), pg_typeof(lcm(1.5, 2));
select gcd(-2147483648, 0);
select lcm(2147483647, 2147483646);
select factorial(5), factorial(0), factorial(20), factorial(25), pg_typeof(factorial(5));
select factorial(-1);
