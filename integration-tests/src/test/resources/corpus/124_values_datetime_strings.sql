-- A VALUES column of string literals and date/time values reads the strings with the column type's input function,
-- as PostgreSQL resolves an unknown-typed literal; Calcite found no common type of a string and a timestamp literal
-- (or, with engine.microseconds, the cast of its text that such a literal is: docs/architecture.md, "Timestamps and
-- times") and refused the statement ("Values passed to VALUES operator must have compatible types").
values ('2024-01-01 12:00:00.5'), (timestamp '2024-01-01 12:00:00.25');
values ('2024-01-01 12:00'), (timestamp 'infinity'), (null), ('-infinity');
values (1, '2024-06-30 23:59:59-07'), (2, timestamptz '2024-01-01 12:00:00.125+00');
values ('2024-02-29'), (date '2024-03-01'), (date 'infinity');
values ('12:00:00.5'), (time '13:00:00.25');
select column1 + interval '1 day' from (values ('2024-01-01 12:00:00'), (timestamp '2024-01-01 00:00:00.5')) v order by 1;
values ('not a time'), (timestamp '2024-01-01 12:00:00');
create table v124 (n int, t timestamp, tz timestamptz, d date) distribute by hash(n);
insert into v124 values
  (1, '2024-01-01 12:00:00.125', timestamptz '2024-01-01 12:00:00.5+00', '2024-01-01'),
  (2, timestamp '2024-01-01 12:00:00.75', '2024-01-01 14:00:00+02', date '2024-01-02'),
  (3, timestamp 'infinity', timestamptz '-infinity', date 'infinity'),
  (4, '1999-12-31 23:59:59.999', null, '0044-03-15 BC');
select n, t, tz, d from v124 order by n;
select n from v124 where t > '2024-01-01 12:00:00.5' order by n;
drop table v124;
