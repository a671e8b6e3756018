-- string_agg(DISTINCT x, sep) and array_agg(DISTINCT x) without ORDER BY: PostgreSQL sorts the values to remove
-- duplicates, so the result is in x's order (the corpus database's collation is C: 'B' before 'a').

create table da146 (k int, s text, n int) distribute by hash(k);

insert into da146 values (1, 'z', 3), (2, 'y', 1), (3, 'x', 2), (4, 'y', 3), (5, 'B', null), (6, null, 1);

select string_agg(distinct x, ',') as s, array_agg(distinct y) as a
from (values ('b', 2), ('a', 1), ('B', 3), ('c', 1), ('a', 2)) v(x, y);

select string_agg(distinct s, '-') as s, array_agg(distinct s) as a, array_agg(distinct n) as n from da146;

select k % 2 as g, string_agg(distinct s, ',') as s, array_agg(distinct n) as n from da146 group by k % 2 order by 1;

select string_agg(distinct s, '-' order by s desc) as s from da146;

drop table da146;
