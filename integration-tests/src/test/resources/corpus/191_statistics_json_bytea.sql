-- 191: the two-argument statistics aggregates (corr, covar_pop, covar_samp, regr_*), array_to_json and
-- row_to_json, get_byte/set_byte/get_bit/set_bit of bytea, and the julian and time zone fields of extract.

-- a table of (y, x) pairs with NULLs on either side, hash distributed; g groups them, o orders them
create table st191 (o int, g int, y float8, x float8) distribute by hash(o);

insert into st191 values
  (1, 1, 1, 2), (2, 1, 2, 3.5), (3, 1, 4, 7), (4, 1, null, 1), (5, 1, 3, null), (6, 1, 5, 11),
  (7, 2, 10, 1), (8, 2, 10, 2), (9, 2, 10, 3),
  (10, 3, 1, 5), (11, 3, 2, 5),
  (12, 4, null, null),
  (13, 5, 0.1, 0.3), (14, 5, 0.7, 0.2), (15, 5, 1e10, 3), (16, 5, -2.5, 1e-3);

-- the same rows replicated: every datanode holds them all, in insertion order
create table st191r (o int, g int, y float8, x float8) distribute by replication;

insert into st191r select * from st191;

-- corr and its kin are function names, not a syntax error; over VALUES the rows arrive in order, so the
-- Youngs-Cramer sums round as PostgreSQL's do (regr_sxx 48.18749999999999, not the exact 48.1875)
select corr(y, x), covar_pop(y, x), covar_samp(y, x), regr_avgx(y, x), regr_avgy(y, x), regr_count(y, x) from (values (1.0::float8, 2.0::float8), (2, 3.5), (4, 7), (null, 1), (3, null), (5, 11)) v(y, x);

-- the regression's sums and line, rows in order
select regr_intercept(y, x), regr_r2(y, x), regr_slope(y, x), regr_sxx(y, x), regr_sxy(y, x), regr_syy(y, x) from (values (1.0::float8, 2.0::float8), (2, 3.5), (4, 7), (null, 1), (3, null), (5, 11)) v(y, x);

-- result types: double precision, regr_count bigint
select pg_typeof(corr(y, x)), pg_typeof(regr_count(y, x)), pg_typeof(regr_sxx(y, x)) from st191;

-- per group over a hash-distributed table (12 significant digits: the arrival order may round the last one): a
-- vertical line (all x equal) gives NULL slope, intercept, r2 and corr, a horizontal one (all y equal) NULL corr
-- and r2 = 1; a group of NULL pairs counts 0 and the others are NULL
select g, regr_count(y, x), round(corr(y, x)::numeric, 12), round(regr_r2(y, x)::numeric, 12), round(regr_slope(y, x)::numeric, 12), round(regr_intercept(y, x)::numeric, 12), round(covar_samp(y, x)::numeric, 12), round(regr_sxx(y, x)::numeric, 10), round(regr_syy(y, x)::numeric, 10) from st191 where g <> 5 group by g order by g;

-- mixed magnitudes (1e10 beside 0.1), rows in order: the same rounding as PostgreSQL's sequential sums
select corr(y, x), regr_slope(y, x), regr_intercept(y, x), covar_pop(y, x), regr_syy(y, x) from (values (0.1::float8, 0.3::float8), (0.7, 0.2), (1e10, 3), (-2.5, 1e-3)) v(y, x);

-- over a hash-distributed table: the values agree to 12 significant digits whatever the order
select round(corr(y, x)::numeric, 12), round(regr_slope(y, x)::numeric, 12), round(regr_sxx(y, x)::numeric, 10), regr_count(y, x), regr_avgx(y, x) from st191 where g in (1, 2, 3);

-- a replicated table is read on one datanode
select round(corr(y, x)::numeric, 12), round(regr_sxx(y, x)::numeric, 10), round(regr_intercept(y, x)::numeric, 12), round(covar_samp(y, x)::numeric, 12), regr_count(y, x) from st191r where g = 1;

-- NULL pairs are skipped: regr_count counts only rows with both values
select regr_count(y, x), count(*), count(y), count(x) from st191;

-- empty input: NULL, regr_count 0
select corr(y, x), covar_pop(y, x), covar_samp(y, x), regr_avgx(y, x), regr_count(y, x), regr_sxx(y, x), regr_slope(y, x) from st191 where g = 99;

-- over an empty table, grouped: no groups at all
select k, regr_count(f, v) from t_empty group by k;

-- one pair: covar_samp NULL (needs two), covar_pop 0, regr_sxx 0, slope NULL
select covar_samp(y, x), covar_pop(y, x), regr_sxx(y, x), regr_slope(y, x), regr_avgy(y, x) from st191 where o = 1;

-- FILTER keeps only the rows it passes
select regr_count(y, x) filter (where o > 2), round(regr_avgx(y, x) filter (where o > 2)::numeric, 12), round(regr_sxy(y, x) filter (where g = 1)::numeric, 12) from st191;

-- FILTER with GROUP BY
select g, regr_count(y, x) filter (where x > 2), covar_pop(y, x) filter (where x > 2) from st191 where g < 4 group by g order by g;

-- integer and numeric arguments are taken as float8
select regr_count(k, id), regr_avgx(k, id), regr_avgy(k, id), round(regr_slope(v, k)::numeric, 8), round(covar_pop(v, id)::numeric, 8) from t_hash;

-- the same over every distribution method: only the order-independent results
select regr_count(k, id), regr_avgx(k, id), regr_avgy(k, id) from t_mod;
select regr_count(k, id), regr_avgx(k, id), regr_avgy(k, id) from t_rr;
select regr_count(k, id), regr_avgx(k, id), regr_avgy(k, id) from t_rep;
select regr_count(k, id), regr_avgx(k, id), regr_avgy(k, id) from t_shard;

-- an infinite input makes the dependent sums NaN; the averages stay infinite
select regr_sxx(y, x), regr_avgx(y, x), corr(y, x), regr_count(y, x) from (values (1.0::float8, 2.0::float8), (2, 'infinity'), (3, 4)) v(y, x);

-- NaN as the first input: NaN sums, not a variance of zero
select regr_sxx(y, x), regr_syy(y, x), covar_pop(y, x) from (values (1.0::float8, 'NaN'::float8)) v(y, x);

-- sums of finite values that overflow float8: 22003
select regr_sxx(y, x) from (values (1::float8, 1e308::float8), (2, -1e308)) v(y, x);

-- as window functions, over running frames in a fixed order
select o, regr_count(y, x) over (order by o), regr_slope(y, x) over (order by o), corr(y, x) over (order by o) from st191 where g = 1 order by o;

-- as window functions per partition, with FILTER
select o, g, covar_pop(y, x) over (partition by g), regr_count(y, x) filter (where o % 2 = 1) over (partition by g) from st191 where g in (1, 2) order by o;

-- DISTINCT pairs
select regr_count(distinct y, x), regr_avgx(distinct y, x) from (values (1.0::float8, 2.0::float8), (1, 2), (3, 4)) v(y, x);

-- one argument: no such function
select corr(y) from st191;

-- array_to_json: nested arrays, NULLs, numbers as numeric_out prints them, strings quoted
select array_to_json(array[[1,2],[3,null]]), array_to_json(array[1.50, null, -2]), array_to_json(array['a', 'b"c', null]);

-- array_to_json of float8 (shortest digits, NaN quoted), booleans, and the empty array
select array_to_json('{1.5,1e20,NaN}'::float8[]), array_to_json(array[true, false]), array_to_json('{}'::int[]);

-- pretty: line feeds between the outermost elements only
select array_to_json(array[1,2,3], true), array_to_json(array[[1,2],[3,4]], true), array_to_json(array[1,2], false);

-- NULL array and NULL pretty flag: NULL
select array_to_json(null::int[]), array_to_json(array[1], null::boolean);

-- result type json
select pg_typeof(array_to_json(array[1]));

-- a non-array: no such function
select array_to_json(1);

-- array_to_json of a table's column arrays
select k, array_to_json(array_agg(id order by id)) from t_hash group by k order by k;

-- row_to_json of a table alias: column names as keys, NULLs as null, numbers and dates as PostgreSQL prints them
select row_to_json(t) from t_hash t order by id;

-- row_to_json pretty: a line feed between fields
select row_to_json(t, true) from (select 1 as a, 'x' as b, null::int as c) t;

-- row_to_json of a row with json, jsonb, a timestamp and an array in it
select row_to_json(t) from (select '{"a": [1, 2]}'::json as j, '{"b": 1}'::jsonb as jb, timestamp '2020-01-02 03:04:05.5' as ts, array[1, 2] as arr) t;

-- result type json
select pg_typeof(row_to_json(t)) from (select 1 as a) t;

-- get_byte: zero-based, 0..255
select get_byte('\x01ff0304'::bytea, 0), get_byte('\x01ff0304'::bytea, 1), get_byte('\x01ff0304'::bytea, 3);

-- get_byte past the end: 2202E with the valid range
select get_byte('\x01020304'::bytea, 10);

-- get_byte of a negative index: 2202E
select get_byte('\x01020304'::bytea, -1);

-- get_byte of the empty bytea: range 0..-1
select get_byte(''::bytea, 0);

-- set_byte: a copy with one byte changed (the low 8 bits of the new value)
select set_byte('\x01020304'::bytea, 1, 255), set_byte('\x01020304'::bytea, 3, 0), set_byte('\x01020304'::bytea, 0, 257);

-- set_byte out of range: 2202E
select set_byte('\x01020304'::bytea, 4, 1);

-- get_bit: bit n % 8 of byte n / 8, the least significant bit first
select get_bit('\x0180'::bytea, 0), get_bit('\x0180'::bytea, 7), get_bit('\x0180'::bytea, 15), get_bit('\x0180'::bytea, 8);

-- get_bit out of range: 2202E, range 0..8*len-1
select get_bit('\x0180'::bytea, 16);

-- set_bit: a copy with one bit set or cleared
select set_bit('\x0000'::bytea, 0, 1), set_bit('\x0000'::bytea, 15, 1), set_bit('\xffff'::bytea, 9, 0);

-- set_bit out of range: 2202E
select set_bit('\x00'::bytea, 8, 1);

-- set_bit with a bit other than 0 or 1: 22023
select set_bit('\x00'::bytea, 1, 2);

-- NULL arguments: NULL
select get_byte(null::bytea, 1), get_byte('\x01'::bytea, null), set_byte('\x01'::bytea, 0, null), get_bit(null::bytea, 0), set_bit('\x01'::bytea, null, 1);

-- over a distributed table's bytea column
create table by191 (id int, b bytea) distribute by hash(id);

insert into by191 values (1, '\x00ff'), (2, '\x1234'), (3, null), (4, '');

-- per row; the empty value is not read
select id, get_byte(b, 1), get_bit(b, 9), set_byte(b, 0, 7), set_bit(b, 0, 1) from by191 where id <> 4 order by id;

-- extract(julian ...): the Julian day, numeric; of a timestamp with the fraction of the day
select extract(julian from date '2020-01-01'), extract(julian from timestamp '2020-01-01 18:00:00.5'), extract(julian from timestamp '2020-01-01'), extract(julian from timestamptz '2020-01-01 12:00+00');

-- date_part('julian', ...): the same as float8
select date_part('julian', date '2020-01-01'), date_part('julian', timestamp '2020-01-01 06:00'), date_part('julian', timestamptz '1999-12-31 23:59:59.999999+00');

-- result types: numeric for extract, double precision for date_part
select pg_typeof(extract(julian from date '2020-01-01')), pg_typeof(date_part('julian', date '2020-01-01')), pg_typeof(extract(timezone from now()));

-- julian before the common era and of a table's dates
select extract(julian from date '0001-12-31 BC'), extract(julian from timestamp '0001-01-01 00:00 BC');
select d, extract(julian from d), date_part('julian', d) from t_hash order by id;

-- the zone fields of a timestamptz: the session zone's offset (UTC: 0)
select extract(timezone from timestamptz '2020-01-01 12:00+05'), extract(timezone_hour from timestamptz '2020-01-01 12:00+00'), extract(timezone_minute from timestamptz '2020-01-01 12:00+00'), date_part('timezone', timestamptz '2020-01-01'), date_part('timezone_hour', timestamptz '2020-01-01');

-- timezone of a timestamp without time zone: 0A000
select extract(timezone from timestamp '2020-01-01');

-- timezone_hour of a date: 0A000
select extract(timezone_hour from date '2020-01-01');

-- julian of a time: 0A000
select extract(julian from time '12:00');

-- timezone of a time without time zone: 0A000
select extract(timezone from time '12:00');

-- julian of an interval: 0A000
select extract(julian from interval '1 day');

-- date_part('timezone_minute', timestamp): 0A000
select date_part('timezone_minute', timestamp '2020-01-01');

-- NULL input: NULL
select extract(julian from null::date), date_part('julian', null::timestamp), extract(timezone from null::timestamptz);
