-- Arithmetic with PostgreSQL's types, results and errors.

-- ^ is exponentiation (float8), not bitwise xor
select 2 ^ 10;
select 2 ^ 0.5::float8, (-8) ^ 3, 2.5::float8 ^ 2;
select id, k ^ 2 from t_hash where k is not null order by id;

-- int4 + int4 overflows with 22003 instead of wrapping
select 2147483647 + 1;
select -2147483647 - 2;
select 65536 * 65536;
select id + 2147483647 from t_hash where id = 1;
select k * 2147483647 from t_mod where id = 3;

-- int2 and int8 overflow too
select 32767::int2 + 1::int2;
select 9223372036854775807 + 1;
select 9223372036854775807::int8 * 2;
select -9223372036854775807 - 2;

-- negation of the smallest value overflows
select -(-2147483647 - 1);
select -(-9223372036854775807::int8 - 1);

-- the result type of mixed integer arithmetic is the wider operand's
select 1::int2 + 1::int2, 1::int2 + 1, 1 + 1::int8, 2147483647::int8 + 1;

-- integer division truncates toward zero; % keeps the dividend's sign
select 7 / 2, -7 / 2, 7 % 3, -7 % 3, 7 % -3;

-- division by zero is 22012 for every numeric type
select 1 / 0;
select 1::int8 / 0;
select 1 % 0;
select 1.5 / 0;
select 1.5::float8 / 0;
select 1::float8 / 0::float8;
select id / (k - k) from t_hash where id = 1;

-- numeric division keeps PostgreSQL's result scale (select_div_scale: at least 16 significant digits)
select 1 / 3.0, 10 / 4.0, 2.0 / 3, 1::numeric / 3, 100000000000::numeric / 7;
select 7.000 / 2, 1 / 7.00000000000000000000;
select v / 3 from t_hash where v is not null order by id;

-- sum over int4 is int8, over int8 is numeric, over numeric is numeric
select sum(id), sum(id::int8), sum(v), sum(f) from t_hash;
select sum(2147483647) from t_rr;
select sum(9223372036854775807) from t_rr;

-- avg keeps the scale PostgreSQL gives (numeric of integers, float8 of floats)
select avg(id), avg(k), avg(v), avg(f) from t_hash;
select avg(id), avg(v) from t_mod where id <= 3;
select k, avg(v) from t_rr group by k order by k;
select avg(v) from t_empty;

-- numeric arithmetic is exact; scale of + - * is the operands'
select 0.1 + 0.2, 1.10 * 2.5, 10.50 - 0.5, 0.1::float8 + 0.2::float8;

-- mixing integer and float gives float8, integer and numeric gives numeric
select 1 + 1.5, 1 + 1.5::float8, 3 * 0.1;

-- abs, mod and round on numeric; round is half away from zero
select abs(-7.5), mod(7, 3), round(2.5), round(-2.5), round(1.2345, 2);

-- division and remainder over table columns, on every row
select id, k / 2, k % 2 from t_mod where k is not null order by id;
select id, v * 2, v / 4, f / 2 from t_rep where v is not null order by id;
select 5 / 2.0, -5 / 2.0, 1 / 7.0;

-- arithmetic is strict: a NULL operand gives NULL, no error, even under a division (sqllogictest's
-- 43 / -CAST(NULL AS INTEGER) * 29 once failed the connection)
select 43 / + + ( - cast ( null as integer ) ) * 29 + + - ( - 3 );
select - cast(null as integer) * 2, 7 % - cast(null as bigint), 2.5 / - cast(null as numeric) * 3;
select 43 / - cast(null as integer) * k from t_hash order by id;

-- nullif's type is its first argument's as promoted for the comparison: numeric against a numeric, so the
-- division below is not an integer division
select 74 * 58 * - ( ( - 92 ) ) - + - nullif ( ( - 97 ), - ( nullif ( + 1, - 35 * + 79 + avg ( all 4 ) * + ( - 40 ) ) ) ) / - + 16;
select nullif(1, 2.2), nullif(1::int4, 2::int8), nullif(1, 2.5::float8), nullif(null, 1), nullif(1, null), nullif(3, 3);
select nullif(1.50, 2), nullif(2::smallint, 1), nullif('a'::varchar, 'b'::text), nullif(k, 2.5) / 2 from t_hash order by id;
select pg_typeof(nullif(1, 2.2))::text, pg_typeof(nullif(1::int4, 2::int8))::text, pg_typeof(nullif(1, 2.5::float8))::text;

-- % of integers of different widths is computed in the wider type (bigint % int used to fail to compile); the
-- casts keep the result types out of the comparison (Calcite types a % b as b's type, PostgreSQL as the wider one)
select (5000000000::bigint % 7)::bigint, (7 % 5000000000::bigint)::bigint, ((-9)::smallint % 4)::int,
       (123456789012::bigint % (-1000))::bigint, (g::bigint * 7919 % 1000000)::int
  from generate_series(299999, 300001) g order by g;
select id, (id::bigint * 1000000007 % 97)::bigint from t_hash where id is not null order by id;
