-- current_date, age(x) and the relative date specials: values that depend on the clock, compared as relations
-- that hold on any day (CURRENT_DATE read the transaction's microseconds as milliseconds: the year 58904).

-- current_date is the date of now(), the transaction's start, in the session's time zone (UTC)
select current_date = now()::date as same_day, pg_typeof(current_date);

-- date arithmetic from current_date stays near today
select current_date + 1 - current_date as one, current_date - 1 < current_date as earlier,
       extract(year from current_date) = extract(year from now()) as this_year;

-- the column keeps PostgreSQL's name
select current_date is not null;

-- age(x) counts from today's midnight: age(current_date, x) with the date cast to x's type
select age(current_date::timestamp) = interval '0' as zero, age(timestamp '2000-01-01') = age(current_date, timestamp '2000-01-01') as same;

-- age of a timestamptz counts from today's midnight in UTC
select age(current_date::timestamptz) = interval '0', pg_typeof(age(timestamptz '2001-02-03 04:05:06+00'));

-- age's operands of different date/time types are made one type as PostgreSQL resolves them
select age(date '2020-01-01', timestamp '2019-06-15 12:00'), age(timestamptz '2020-01-01 00:00+00', timestamp '2019-06-15'),
       age(date '2020-01-01', timestamptz '2019-06-15 00:00+00'), age(date '2020-03-01', date '2020-01-31'),
       pg_typeof(age(date '2020-03-01', date '2020-01-31')), age(timestamp '2020-03-01', date '2020-01-31');

-- a NULL argument gives NULL
select age(null::timestamp), age(date '2020-01-01', null::timestamptz);

-- 'today', 'tomorrow' and 'yesterday' are days relative to the current one
select 'today'::date = current_date as today, 'tomorrow'::date - 'yesterday'::date as two_days,
       'today'::timestamp = current_date::timestamp as midnight, 'TOMORROW'::date = current_date + 1 as tomorrow;

-- 'now' is the current moment (PostgreSQL: the transaction's start; Tessera: when the text is read)
select 'now'::timestamptz between now() - interval '1 minute' and now() + interval '1 minute' as about_now,
       'now'::date = current_date as now_date;

-- a misspelt special is an error
select 'todays'::date;

create table c181 (id int primary key, d date, ts timestamp) distribute by hash(id);

-- current_date and the specials in stored rows
insert into c181 values (1, current_date, 'today'), (2, 'yesterday', current_date - 1), (3, '2000-01-01', '2000-01-01');

-- rows compared with current_date on the datanodes and the coordinator
select id, d = current_date as is_today, ts = current_date::timestamp as at_midnight, d between current_date - 7 and current_date as this_week from c181 order by id;

-- ages of stored timestamps against literals
select id, age(timestamp '2030-01-01', ts) >= interval '0' from c181 order by id;

drop table c181;
