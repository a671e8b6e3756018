-- PostgreSQL's data type formatting functions (formatting.c): to_char of timestamps, timestamps with time zone,
-- dates and numbers, to_timestamp and to_date. Timestamps stay within milliseconds (the engine's precision).

create table formatting_ts (id int primary key, t timestamp, tz timestamptz, d date) distribute by hash(id);
insert into formatting_ts values
  (1, '2024-12-30 14:07:09.123', '2024-12-30 14:07:09.123+00', '2024-12-30'),
  (2, '2021-01-03 00:00:00', '2021-01-03 23:59:59+00', '2021-01-03'),
  (3, '0044-03-15 12:00:00 BC', '1999-12-31 12:30:00+00', '0001-01-01 BC'),
  (4, null, null, null),
  (5, '2000-02-29 09:05:01.5', '2010-01-01 00:00:00+00', '2012-12-31');

-- dates and times, ISO weeks (2024-12-30 is in ISO year 2025), names padded to 9 unless FM
select id, to_char(t, 'YYYY-MM-DD HH24:MI:SS.MS'), to_char(t, 'IYYY-IW-ID IDDD'),
       to_char(t, 'Day DY dy Month MON mon FMMonth FMDay') from formatting_ts order by id;
-- 12-hour clock, meridiem, time zone fields: empty TZ for a timestamp, UTC for timestamptz and date
select id, to_char(t, 'HH12:MI:SS AM a.m. pm TZ tz TZH:TZM OF'), to_char(tz, 'HH12:MI:SS AM a.m. pm TZ tz TZH:TZM OF FMOF'),
       to_char(d, 'YYYY-MM-DD TZ') from formatting_ts order by id;
-- centuries and years BC, day and week numbers, Julian days, Roman months, ordinals
select id, to_char(t, 'CC Y,YYY YYY YY Y BC A.D. b.c.'), to_char(t, 'DDD DD D W WW Q J RM rm FMRM'),
       to_char(t, 'DDth DDTH FMDDth MMth HH24th SSSS SSSSS US FF1 FF2 FF3') from formatting_ts order by id;
-- quoted text and escapes; an empty or NULL format gives NULL
select id, to_char(d, 'FMDD/FMMM/YYYY "quoted YYYY" \"x'), to_char(tz, 'YYYYMMDD"T"HH24MISS'), to_char(t, ''),
       to_char(t, null) from formatting_ts order by id;
-- infinity formats to NULL
select to_char(timestamp 'infinity', 'YYYY'), to_char(date '-infinity', 'YYYY');
-- ISO years and weeks across a year boundary
select g, to_char(date '2024-01-01' + g, 'IYYY IW ID I IY IYY') from generate_series(-3, 3) g order by g;
-- TM: names without padding; HH of midnight is 12
select to_char(timestamp '2024-03-05 14:07:09', 'TMMonth TMDay'), to_char(timestamp '2024-03-05 00:00:00', 'HH HH12 HH24 AM');

-- to_char of numbers: padding, signs (S, MI, PL, SG, PR), zeros, fill mode, overflow as #
select to_char(v, '9999.99') a, to_char(v, 'FM9999.99') b, to_char(v, '0000.00') c, to_char(v, 'S9999.99') d,
       to_char(v, '9999.99S') e, to_char(v, 'MI9999.99') f, to_char(v, '9999.99PL') g, to_char(v, 'SG9999') h,
       to_char(v, '9999PR') i
  from (values (0::numeric), (0.5), (-0.5), (1234.567), (-1234.567), (12345.6), (0.001), (-7)) t(v) order by v;
-- group separators, currency, V, Roman numerals (1 to 3999), scientific notation, ordinals
select to_char(v, 'FM9,999,999') a, to_char(v, '9G999G999D99') b, to_char(v, 'L9999') c, to_char(v, '99V99') d,
       to_char(v, 'RN') e, to_char(v, 'FMRN') f, to_char(v, 'rn') g, to_char(v, '9.99EEEE') h, to_char(v, 'FM999th') i,
       to_char(v, '999TH') j
  from (values (1::numeric), (2.5), (-3), (11), (21), (102), (3999), (4000), (1234567)) t(v) order by v;
-- double precision keeps 15 significant digits; a negative value rounded to zero keeps its sign
select to_char(v, '999.999') a, to_char(v, 'FM999.999') b, to_char(v, '9.9EEEE') c, to_char(v, 'FM0.00') d
  from (values (0::float8), (1.5), (-0.001), (123456.789), (1e20), (2.5), (0.125)) t(v) order by v;
-- real keeps 6; integer types
select to_char(1.5::real, '9.999999'), to_char(123.456789::real, '999.99999'), to_char(12345678::bigint, '99,999,999'),
       to_char(5::smallint, '00');
-- literal text, a too small pattern, leading blanks and zeros
select to_char(12, '"num:" 99 "end"'), to_char(12, 'x99y'), to_char(123, '9.9'), to_char(-123, '99'),
       to_char(1, 'FM0999'), to_char(0.1, '9.9'), to_char(0.1, 'FM9.9'), to_char(0, 'FM9.9'), to_char(0, 'FM9.0'),
       to_char(10, 'FM99.');
select to_char(null::numeric, '999'), to_char(1::numeric, null), to_char(1, '');
select to_char('NaN'::float8, '999'), to_char('Infinity'::float8, '9.9EEEE'), to_char('-Infinity'::float8, '999.9');
-- malformed number patterns: 42601
select to_char(1, '9.9.9');
select to_char(1, 'S9S');
select to_char(1, 'EEEE9');
select to_char(1, '9PR9');
select to_char(1, '99V9.9');
-- Roman numerals of a value past integer range: 22003
select to_char(5000000000::bigint, 'RN');

-- to_timestamp and to_date: separators match any separator, fields followed by one read all their digits
select to_date('2024-1-1', 'YYYY-MM-DD'), to_date('20240101', 'YYYYMMDD'), to_date('2024011', 'YYYYMMDD'),
       to_date('2024/03/05', 'YYYY-MM-DD'), to_date('2024 03 05', 'YYYY-MM-DD');
-- month names in any case, two-digit years nearest 2020, BC
select to_date('05 Mar 2024', 'DD Mon YYYY'), to_date('05 march 2024', 'DD Month YYYY'), to_date('24-03-05', 'YY-MM-DD'),
       to_date('99-03-05', 'YY-MM-DD'), to_date('0001-03-05 BC', 'YYYY-MM-DD BC');
-- times, fractions, the 12-hour clock, offsets
select to_timestamp('2024-03-05 14:07:09.123', 'YYYY-MM-DD HH24:MI:SS.MS'), to_timestamp('2024-03-05 14:07:09.5', 'YYYY-MM-DD HH24:MI:SS.MS'),
       to_timestamp('2024-01-01 1:00 PM', 'YYYY-MM-DD HH:MI PM'), to_timestamp('2024-03-05 12:00 AM', 'YYYY-MM-DD HH12:MI AM'),
       to_timestamp('2024-03-05 12:00 a.m.', 'YYYY-MM-DD HH12:MI A.M.'), to_timestamp('2024-03-05 14:07:09 +02:30', 'YYYY-MM-DD HH24:MI:SS TZH:TZM');
-- missing fields default to 1 BC, January 1st, midnight; the rest of the input or format is ignored
select to_timestamp('12:00', 'HH24:MI'), to_date('', 'YYYY'), to_date('2024', ''), to_date('2024-01-01 junk', 'YYYY-MM-DD'),
       to_timestamp('2024-03-05', 'YYYY-MM-DD TZ');
-- day of the year, Julian days, day names read and ignored, years past 9999
select to_date('2024 061', 'YYYY DDD'), to_date('2460375', 'J'), to_date('2024-03-05 Tuesday', 'YYYY-MM-DD Day'),
       to_date('Tue 2024-03-05', 'Dy YYYY-MM-DD'), to_timestamp('10000-01-01', 'YYYY-MM-DD');
-- seconds since the epoch
select to_timestamp(1700000000.5), to_timestamp(-1), to_timestamp(0), to_timestamp('infinity'::float8);
select to_date('2024-03-05', null), to_timestamp(null, 'YYYY');
-- out of range dates and times: 22008 with the input quoted
select to_date('2024-02-30', 'YYYY-MM-DD');
select to_date('2024-13-01', 'YYYY-MM-DD');
select to_date('2024-00-05', 'YYYY-MM-DD');
select to_timestamp('2024-01-01 25:00', 'YYYY-MM-DD HH24:MI');
select to_date('2024--03-05', 'YYYY-MM-DD');
select to_timestamp('2024-01-01 13:00 PM', 'YYYY-MM-DD HH:MI PM');
-- a value no name matches, digits missing: 22007
select to_date('5 Foo 2024', 'DD Mon YYYY');
select to_date('2024-xx-01', 'YYYY-MM-DD');
select to_date('2024', 'YYYYMM');
select to_timestamp('NaN'::float8);

-- the common type of numerics of different typmods is numeric without one: no value is rounded to a common scale
select v = 0.5, v < 0.5 from (values (0::numeric), (0.5), (0.25)) t(v) order by v;
select sum(v), max(v) = 2.5 from (values (1::numeric), (2.5), (0.125)) t(v);
