-- Arrays of an enum type (issue 11): array['sad','ok']::mood[], enum_range and array_agg of an enum column are
-- arrays of the enum, whose elements compare with the type's values and with string literals as labels, in the
-- enum's order, and print as labels (through unnest, subscripts, array_to_string and casts to text[]). Tessera's
-- pg_type has no array type of an enum yet, so a result column of one is shown here cast to text[].

create type mood110 as enum ('sad', 'ok', 'happy');

create table t110 (id int primary key, m mood110);

insert into t110 values (1, 'sad'), (2, 'ok'), (3, 'happy'), (4, null), (5, 'ok');

-- an array literal cast to the enum's array type
select array['sad', 'ok']::mood110[]::text[] as a, null::mood110[]::text[] as no_array;

select enum_range(null::mood110)::text[] as r, enum_range('ok'::mood110, null)::text[] as up;

-- a string literal compared with the elements of an enum array is a label
select 'ok' = any(enum_range(null::mood110)) as in_range, 'ok' = any(array['sad']::mood110[]) as not_in,
    'happy' = all(array['happy', 'happy']::mood110[]) as all_happy;

-- an enum column compared with the elements of an enum array
select id from t110 where m = any(enum_range(null::mood110)) order by id;

select id from t110 where m = any(array['ok', 'happy']::mood110[]) order by id;

select id from t110 where m <> all(array['ok']::mood110[]) order by id;

select id from t110 where m > any(enum_range(null::mood110, 'ok')) order by id;

select array_length(enum_range(null::mood110), 1) as n, (enum_range(null::mood110))[2] as second,
    (enum_range(null::mood110))[3] > 'ok' as later;

select * from unnest(enum_range(null::mood110)) as u(label);

-- every label with its count, in the enum's order
select u.m, count(t110.id) as n from unnest(enum_range(null::mood110)) as u(m) left join t110 on t110.m = u.m
group by u.m order by u.m;

-- array_agg of an enum column is an enum array
select array_agg(m order by id)::text[] as all_moods, array_agg(m order by m desc, id)::text[] as by_mood
from t110
where m is not null;

select array_to_string(array_agg(m order by id), ',') as s from t110 where m is not null;

select array_agg(m order by id)::text[] as labels from t110 where m is not null;

select 'ok' = any(array_agg(m)) as has_ok, 'sad' = all(array_agg(m)) as all_sad from t110;

select array_length(array_agg(m), 1) as n from t110 where m is not null;

select (array_agg(m order by m desc))[1] as top from t110 where m is not null;

select array_to_string(enum_range('ok'::mood110, 'happy'), '|') as r;

select enum_range(null::mood110)::text[] as t;

-- errors as PostgreSQL's: a string that is no label, an array of another type
select array['sad', 'furious']::mood110[];

select array[1, 2]::mood110[];

select 'furious' = any(enum_range(null::mood110));

drop table t110;

drop type mood110;
