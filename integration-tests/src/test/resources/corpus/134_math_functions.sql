-- PostgreSQL's math functions as it computes them: abs of the minimum integers overflows, stddev of integers and
-- numerics is a numeric square root at the variance's scale, round(float8) rounds halves to even, sqrt/exp/ln/log/
-- power and ^ of numerics are numeric with PostgreSQL's result scales, and each function's errors are its own.

create table m134 (id int, x int, b bigint, s smallint, n numeric, f float8) distribute by hash(id);
insert into m134 values (1, 1, 1, 1, 1.1, 1.5), (2, 2, 2, 2, 2.2, 2.25), (3, 4, 4, 4, 4.3, 4.125),
  (4, 8, -9223372036854775808, -32768, null, -0.5), (5, null, null, null, 0.0001, 1e-300);

-- abs of the minimum int2/int4/int8 is out of range (22003), not the negative minimum
select abs('-2147483648'::int4);
select abs('-32768'::int2);
select abs('-9223372036854775808'::int8);
select abs(b) from m134;
select abs(s) from m134;
select abs(-5::int2), abs(-5.5), abs(-5.5::float4), abs(-7::int8);
-- abs of a column, also in a filter pushed to the datanodes
select id, abs(x), abs(n), abs(f) from m134 where id < 4 and abs(x) >= 1 order by id;

-- stddev/stddev_samp/stddev_pop of integers and numerics: numeric, the square root rounded to the variance's scale
select stddev(x), stddev_samp(x), stddev_pop(x), variance(x), var_pop(x) from m134;
select stddev(b), stddev_pop(b) from m134 where id < 4;
select stddev(s), stddev_pop(s) from m134;
select stddev(n), stddev_pop(n), stddev(f), stddev_pop(f) from m134;
select stddev(x), var_pop(x) from (values (1::int8), (2), (4)) t(x);
select stddev(x), var_pop(x) from (values (1.1::numeric), (2.2), (4.3)) t(x);
-- one row: the sample deviation is NULL, the population's 0; equal values: 0
select stddev(x), stddev_pop(x) from m134 where id = 1;
select stddev(x), stddev_pop(n) from (values (5, 2.5), (5, 2.5)) t(x, n);
select id % 2, stddev(x), stddev_pop(n) from m134 group by id % 2 order by 1;

-- round(float8) is rint(): halves to even, and -0 stays -0; round(numeric) rounds halves away from zero
select round(2.5::float8), round(-0.5::float8), round(3.5::float8), round(-2.5::float8),
  round(0.49999999999999994::float8), round(2.5), round(-2.5);
select id, round(f) from m134 order by id;

-- sqrt/exp/ln/log/log10 of a numeric are numeric with PostgreSQL's scales; of an integer or float, double precision
select sqrt(2), sqrt(2::numeric), sqrt(0::numeric), sqrt(0.00001::numeric), sqrt(12345678.9::numeric), sqrt(16.0),
  sqrt(1.44);
select exp(1), exp(2::numeric), exp(0::numeric), exp(50.5), exp(1.0), exp(0.5), exp(-1000::numeric);
select ln(10), ln(2::numeric), ln(1.0000001), ln(2.0), ln(10::numeric), ln(0.001);
select log(100), log(2, 8), log(10, 0.001), log(0.5), log10(2::numeric), log10(1000::numeric), log10(1000);
select power(2, 0.5), power(2, 3), power(2.0, 3), power(2.0, 3::float8), pow(2, 10), power(2.5, 2);
select 2::numeric ^ 100, 2 ^ 3, 2.0 ^ 0.5, 2 ^ -2, 2::numeric ^ 2.000, 1.12 ^ -3, 0::numeric ^ 0.5,
  0::numeric ^ 0, 2::numeric ^ 0.5000000000000000000001, 1.0001 ^ 1000.5, (-2.5) ^ 2, (-8)::numeric ^ 3;
select id, sqrt(n), n ^ 2, n ^ 0.5, exp(n), ln(n), log(n), log(2, n), sqrt(abs(f)), x ^ 2 from m134 order by id;
select pg_typeof(sqrt(n)), pg_typeof(power(n, 2)), pg_typeof(n ^ x), pg_typeof(exp(f)), pg_typeof(ln(x)),
  pg_typeof(log(2, x)), pg_typeof(round(f)) from m134 where id = 1;

-- each function's errors: 2201F for roots and powers, 2201E for logarithms, 22003 for overflow
select sqrt(-1);
select sqrt(-1::numeric);
select sqrt(f) from m134 where id = 4;
select ln(0);
select ln(-1);
select ln(0::numeric);
select log(-1.5);
select log(10, 0);
select log(1, 10);
select (-8) ^ (1.0/3);
select (-8)::float8 ^ 0.5::float8;
select 0 ^ -1;
select 0 ^ -1.5;
select 0::numeric ^ (-1);
select exp(1000);
select exp(-1000);
select exp(10000::numeric);
select 10::numeric ^ 200000;
select 1e300::float8 ^ 2;
