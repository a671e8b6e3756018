-- Date/time typed literals and text input in PostgreSQL's forms: one parser serves casts, literals and parameters.

-- a time without seconds, a T between date and time, blanks around the value
select timestamp '2020-01-31 10:00', timestamp '2020-01-31T10:00:00', timestamp '  2020-1-5 1:2:3  ';
select '2020-01-31 10:00'::timestamp, '2020-01-31T10:00'::timestamp, cast('2020-01-31 10:00' as timestamp);

-- timestamptz literals with an offset, a zone name or Z; the spelling timestamp with time zone
select timestamptz '2020-01-31 10:00+02', timestamptz '2020-01-31 10:00:00 -05:30', timestamptz '2020-01-31T10:00Z';
select timestamp with time zone '2020-01-31 10:00 Europe/Paris', timestamptz '2020-07-31 10:00 Europe/Paris';
select '2020-01-01 10:00-0230'::timestamptz, '2020-01-01 10:00+530'::timestamptz, '2020-01-01 10:00:00 UTC'::timestamptz;

-- a zone on a timestamp without time zone is read and ignored
select timestamp '2020-01-31 10:00+02', '2020-01-01 10:00 Europe/Paris'::timestamp;

-- fractions round to the engine's milliseconds; second 60 carries into the next minute, 24:00 is the next day
select timestamp '2020-01-01 10:00:00.5', timestamp '2020-01-01 10:00:60', timestamp '2020-01-01 24:00';

-- time literals without seconds and with AM/PM
select time '10:00', time '23:59:59.25', time '1:02 pm', '10:00'::time;

-- the specials: epoch and infinity
select date 'epoch', timestamp 'epoch', timestamptz 'epoch', date 'infinity', timestamp '-infinity', timestamptz 'infinity';
select date '2020-01-31 10:00:00', '2020-01-31'::date, date '2020-1-5';

-- BC dates and years beyond 9999
select date '0044-03-15 BC', timestamp '2020-01-01 10:00 BC', date '12345-06-07', timestamp '12345-06-07 10:00';
select '0044-03-15 BC'::date, '12345-06-07 10:00'::timestamp;

-- literals compare and order with columns' values
select timestamp '2020-01-31 10:00' < timestamp '2020-01-31 10:00:01', timestamptz '2020-01-31 10:00+02' = timestamptz '2020-01-31 08:00Z';

-- bad text is 22007, a field out of range 22008, a zone offset beyond 15:59 22009, an unknown zone 22023
select timestamp 'x';
select timestamp '2020-01-31 10';
select timestamptz 'not a time';
select timestamp '2020-02-30 10:00';
select timestamp '2020-01-01 25:00';
select date '0000-01-01';
select date '2023-02-29';
select timestamptz '2020-01-01 10:00+16';
select timestamptz '2020-01-01 10:00 Foo/Bar';
select '2020-13-01'::timestamp;
select time '25:00';
