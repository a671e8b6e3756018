-- casts to real (float4) out of its range raise 22003 with PostgreSQL's messages instead of giving Infinity or 0

-- a numeric literal past float4's range: numeric_float4 reads the numeric's text
select 1e39::float4;

-- negative, and a typed cast
select (-1e39)::float4;
select cast(3.5e38 as real);

-- a non-zero numeric that rounds to zero
select 1e-50::float4;

-- text input: past the range, and underflow to zero
select '1e39'::float4;
select '1e-50'::float4;

-- float8 to float4: float84's overflow and underflow
select 1e300::float8::float4;
select 1e-50::float8::float4;

-- infinities and NaN pass through; in-range values round to float4
select 'inf'::float8::float4, '-inf'::float8::float4, 'nan'::float8::float4, 3.4e38::float4, 1.5e-45::float8::float4;

-- from a column: the first row in range, the second past it
select x::float4 from (values (1.5::float8), (1e39::float8)) v(x);

-- numeric column values to real, and NULL
select x::real from (values (1.25::numeric), (null)) v(x);

-- integers never overflow real
select 2147483647::float4, (-9223372036854775808)::int8::float4;
