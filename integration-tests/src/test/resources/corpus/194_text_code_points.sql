-- Text semantics past U+FFFF: the database's collation (C.UTF-8 on Tessera, C with UTF8 on the reference) orders text
-- by code point, so a character past U+FFFF (a UTF-16 surrogate pair in Java) sorts after U+E000-U+FFFF, on the
-- coordinator (constant folding, Calcite's runtime, sorts, aggregates, windows) as on the datanodes; and characters
-- are code points for lengths, substrings, padding and varchar(n)/char(n). Also U& escapes (\+XXXXXX, UESCAPE).

create table c194_h (id int, s text, v varchar(10), c char(3)) distribute by hash(id);
create table c194_r (id int, s text) distribute by replication;
create table c194_rr (id int, s text) distribute by roundrobin;
create table c194_empty (id int, s text) distribute by hash(id);
insert into c194_h values (1, 'ｱ', 'ｱ', 'ｱ'), (2, '😀', '😀', '😀'), (3, 'a', 'a', 'a'), (4, null, null, null),
  (5, '😀😀', '😀😀', '😀😀'), (6, 'ｱｱ', 'ｱｱ', 'ｱｱ'), (7, 'a😀', 'a😀', 'a😀'), (8, 'aｱ', 'aｱ', 'aｱ');
insert into c194_r select id, s from c194_h;
insert into c194_rr select id, s from c194_h;

-- comparisons of constants fold in code point order (U+FF71 < U+1F600)
select 'ｱ' < '😀', 'ｱ' > '😀', 'ｱ' = '😀', '😀' >= 'ｱ', 'a😀' < 'aｱ', '😀' between 'a' and 'ｱ';
-- the same through casts to text, varchar, char(n) and name
select 'ｱ'::varchar < '😀'::varchar, 'ｱ'::char(1) < '😀'::char(1), 'ｱ'::name < '😀'::name, 'ｱ'::text > '😀'::text;
-- greatest and least of text by code point, NULLs skipped
select greatest('ｱ', '😀'), least('ｱ', '😀', 'b'), greatest('ｱ', null, '😀'), least(null::text, null);
-- a filter evaluated on the coordinator (VALUES) by code point
select x from (values ('ｱ'), ('😀'), ('a')) v(x) where x > 'ｱ' order by x;
select x from (values ('ｱ'), ('😀'), ('a')) v(x) where x between 'ｱ' and '😀' order by x;
select x from (values ('ｱ'), ('😀'), ('a')) v(x) where x > 'a' and x < '😀' order by x;
-- ORDER BY, min/max and GROUP BY of VALUES on the coordinator
select x from (values ('ｱ'), ('😀'), ('a'), ('')) v(x) order by x;
select x from (values ('ｱ'), ('😀'), ('a')) v(x) order by x desc limit 2;
select min(x), max(x) from (values ('ｱ'), ('😀'), ('a')) v(x);
select min(x), max(x) from (values ('ｱ'), (null), ('😀')) v(x) where x <> 'q';
select x, count(*) from (values ('ｱ'), ('😀'), ('a'), ('😀')) v(x) group by x order by x;
-- window ORDER BY on the coordinator sorts text by code point
select x, row_number() over (order by x), rank() over (order by x desc) from (values ('ｱ'), ('😀'), ('a')) v(x) order by x;
-- ordered aggregates sort their text keys by code point
select string_agg(x, ',' order by x), array_agg(x order by x desc), percentile_disc(0.5) within group (order by x),
  mode() within group (order by x) from (values ('ｱ'), ('😀'), ('a'), ('😀')) v(x);

-- stored text, varchar and char(n) sorted on the coordinator and merged from the datanodes
select s from c194_h order by s, id;
select v from c194_h order by v desc nulls last, id;
select c from c194_h order by c, id;
select s from c194_h order by s limit 3;
select distinct s from c194_rr order by 1;
select s, count(*) from c194_h group by s order by s;
-- ranges pushed to the datanodes, on every distribution
select id from c194_h where s > 'ｱ' order by id;
select id from c194_h where v > 'ｱ' order by id;
select id from c194_h where c > 'ｱ' order by id;
select id from c194_h where s between 'ｱ' and '😀' order by id;
select id from c194_r where s >= '😀' order by id;
select id from c194_rr where s < '😀' order by id;
select id from c194_h where s in ('😀', 'ｱ') order by id;
-- min/max of every distribution, and of an empty table
select min(s), max(s), min(v), max(v), min(c), max(c) from c194_h;
select min(s), max(s) from c194_r;
select min(s), max(s) from c194_rr;
select min(s), max(s), count(*) from c194_empty;
-- comparisons between columns (a join evaluated on the coordinator)
select a.id, b.id from c194_h a join c194_r b on a.s < b.s where a.id < 4 and b.id < 4 order by 1, 2;
select id, s < 'ｱ', s >= '😀', greatest(s, 'ｱ'), least(s, 'ｱ') from c194_h order by id;
select id, rank() over (order by s), max(s) over (partition by id % 2) from c194_h order by id;
select string_agg(s, ',' order by s), percentile_disc(0.5) within group (order by s) from c194_rr;
-- a secondary index keeps code point order
create index c194_h_s on c194_h (s);
select id from c194_h where s > 'ｱ' order by id;
select id from c194_h where s >= 'ｱ' and s < '😀😀' order by id;
select s from c194_h where s < '😀' order by s, id limit 3;

-- varchar(n) and char(n) count code points: no surrogate pair is cut in half
select '😀😀'::varchar(1), '😀😀'::char(1), '😀a😀'::varchar(2), '😀'::char(3) || '|', '😀😀😀'::varchar(10);
select v::varchar(1), c::char(1), s::char(1), s::varchar(1) from c194_h order by id;
-- an assignment past the length is 22001, blanks past it are cut
insert into c194_h (id, v) values (9, '😀😀😀😀😀😀😀😀😀😀😀');
insert into c194_h (id, c) values (10, '😀😀😀 ');
select id, c, length(c), octet_length(c) from c194_h where id = 10;
-- lengths and substrings count code points
select length('😀😀'), char_length('😀a'), octet_length('😀'), bit_length('😀');
select substr('😀a😀b', 2, 2), substring('😀a😀b' from 3), substr('😀a😀b', 0, 2), substr('😀a😀b', -1, 3);
select left('😀a😀', 1), right('😀a😀', 1), left('😀a😀', -1), right('😀a😀', -1);
select lpad('😀', 3, '😀a'), rpad('😀', 4, 'b😀'), lpad('😀😀😀', 2), rpad('😀😀😀', 2);
select position('b' in '😀😀b'), strpos('😀😀b😀', '😀'), overlay('😀😀😀' placing 'x' from 2 for 1), reverse('a😀b');
select translate('😀a😀', '😀', 'x'), split_part('a😀b😀c', '😀', 2), ascii('😀'), chr(128512), '😀a' like '_a';
select s, length(s), reverse(s), substr(s, 2), left(s, 1), right(s, 1), lpad(s, 3, '*'), rpad(s, 3, '*'),
  position('😀' in s) from c194_h where id < 9 order by id;

-- U& constants: \XXXX, \+XXXXXX, a surrogate pair, the escape doubled, UESCAPE
select U&'d\0061t\+000061', U&'\+01F600x', U&'\D83D\DE00', U&'a\\b', U&'a'' \0062';
select U&'d!0061t!+000061' UESCAPE '!', u&'a#0062' uescape '#';
-- a U& identifier
select U&"d\0061t\+000061" from (select 1 as data) s;
-- malformed escapes are 42601
select U&'\zz';
select U&'\D83D';
select U&'\DE00\D83D';
select U&'\+110000';
select U&'\0000';
select U&'a' UESCAPE '+';
