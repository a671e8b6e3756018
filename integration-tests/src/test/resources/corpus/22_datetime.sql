-- Dates: input checks, extract/date_part of every field.

-- a date that does not exist is 22008
select '2023-02-29'::date;
select date '2023-04-31';
select '2023-13-01'::date;

-- a leap day exists in a leap year
select '2024-02-29'::date, date '2000-02-29';

-- junk date input is 22007
select 'not a date'::date;

-- dow: Sunday is 0; isodow: Sunday is 7
select extract(dow from date '2023-01-01'), extract(isodow from date '2023-01-01');
select d, extract(dow from d), extract(isodow from d) from t_hash where d is not null order by id;

-- day of year, week (ISO), quarter, month, year, day
select d, extract(doy from d), extract(week from d), extract(quarter from d) from t_hash where d is not null order by id;
select extract(year from d), extract(month from d), extract(day from d) from t_hash where id = 3;

-- epoch of a date is seconds since 1970-01-01
select extract(epoch from date '2023-01-01'), extract(epoch from date '1969-12-31');

-- century, decade, millennium, isoyear
select extract(century from date '2000-12-31'), extract(decade from date '1999-01-01'),
       extract(millennium from date '2001-01-01'), extract(isoyear from date '2021-01-01');

-- date_part gives float8
select date_part('dow', date '2023-01-07'), date_part('year', date '2023-01-07'), date_part('doy', date '2023-12-31');

-- timestamps: hour, minute, second, epoch
select extract(hour from timestamp '2023-05-06 07:08:09.5'), extract(minute from timestamp '2023-05-06 07:08:09.5'),
       extract(second from timestamp '2023-05-06 07:08:09.5');
select extract(epoch from timestamp '2023-05-06 07:08:09');
select date_part('dow', timestamp '2023-05-07 12:00:00');

-- date arithmetic with integers
select date '2023-01-31' + 1, date '2023-03-01' - 1, date '2023-03-01' - date '2023-02-01';

-- a cast to timestamp without a typmod keeps the fraction (PostgreSQL's default precision is 6)
select '2020-01-01 10:00:00.25'::timestamp, cast('2020-01-01 10:00:00.5' as timestamp);
-- timestamptz input applies the offset in the text; timestamp input ignores it
select '2020-01-01 10:00:00.25+02'::timestamptz, '2020-01-01 10:00:00-05:30'::timestamptz,
       '2020-01-01 10:00:00+02'::timestamp;
-- a typmod rounds the fraction
select '2020-01-01 10:00:00.26'::timestamp(1);
-- malformed timestamp text is 22007 naming the type
select 'yesterday-ish'::timestamptz;
-- a timestamp and an integer have no + operator; the message names PostgreSQL's types
select '2020-01-01'::timestamp + 1;

-- date_trunc of a timestamp at every field
select date_trunc('year', timestamp '2024-05-17 13:45:12.345'), date_trunc('quarter', timestamp '2024-05-17 13:45:12.345'),
       date_trunc('month', timestamp '2024-05-17 13:45:12.345'), date_trunc('week', timestamp '2024-05-17 13:45:12.345'),
       date_trunc('day', timestamp '2024-05-17 13:45:12.345'), date_trunc('hour', timestamp '2024-05-17 13:45:12.345'),
       date_trunc('minute', timestamp '2024-05-17 13:45:12.345'), date_trunc('second', timestamp '2024-05-17 13:45:12.345'),
       date_trunc('milliseconds', timestamp '2024-05-17 13:45:12.345'), date_trunc('decade', timestamp '2024-05-17 13:45:12'),
       date_trunc('century', timestamp '2024-05-17 13:45:12'), date_trunc('millennium', timestamp '2024-05-17 13:45:12');

-- an unknown unit is 22023
select date_trunc('fortnight', timestamp '2024-05-17 13:45:12');

-- age of two timestamps: years, months, days and time as PostgreSQL forms them
select age(timestamp '2024-03-31 10:00:00', timestamp '2023-12-31 12:00:00'), age(timestamp '2024-02-29 00:00:00', timestamp '2023-02-28 00:00:01');

-- now() minus now() is zero, and subtracting an hour goes back in time
select now() - now(), now() - interval '1 hour' < now(), current_timestamp + interval '1 day' > now();
-- a zone name after the time counts for timestamptz (PostgreSQL's own text output of a timestamptz reads back)
select '2020-01-01 10:00:00.5 UTC'::timestamptz, '2020-07-01 10:00:00 Europe/Paris'::timestamptz,
       '2020-01-01 10:00:00 UTC'::timestamp;
