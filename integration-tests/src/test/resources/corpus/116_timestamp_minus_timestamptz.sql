-- timestamptz minus timestamp and timestamp minus timestamptz are intervals (PostgreSQL casts the timestamp to
-- timestamptz in the session's time zone, UTC here): now() - created_at is how applications age a row. On
-- constants and on columns of a distributed table (the datanodes evaluate the difference in fragments; PushdownCorpusIT
-- runs this file with pushdown off too), NULLs staying NULL.

select timestamptz '2024-01-02 12:00:00+00' - timestamp '2024-01-01 00:00:00',
       timestamp '2024-01-01 00:00:00' - timestamptz '2024-01-02 12:00:00+00';

select timestamptz '2024-01-01 00:00:00+02' - timestamp '2024-01-01 00:00:00';

create table t116 (id int primary key, ts timestamp, tz timestamptz);

insert into t116 values (1, '2024-01-01 10:00:00', '2024-01-03 12:30:00+00'),
    (2, '2023-12-31 23:59:59.5', '2024-01-01 00:00:00+00'), (3, null, '2024-01-01 00:00:00+00'),
    (4, '2024-01-01 00:00:00', null);

select id, tz - ts as age, ts - tz as neg from t116 order by id;

select id from t116 where tz - ts > interval '1 day' order by id;

select id, timestamptz '2024-02-01 00:00:00+00' - ts as since from t116 order by id;

drop table t116;
