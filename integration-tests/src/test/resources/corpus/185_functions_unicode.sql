-- Text outside Latin-1 end to end (literals, storage on the datanodes, WHERE, LIKE, the functions of text), the
-- functions num_nulls/num_nonnulls, aggregates PostgreSQL has no form for, FETCH ... WITH TIES over distributed
-- tables, and math functions whose last digit is the C library's. Case mapping of non-ASCII letters depends on
-- LC_CTYPE (C here, C.UTF-8 on Tessera): those cases are in UnicodeTextIT, not here.

create table u185 (id int, s text, v varchar(10)) distribute by hash(id);
create table ur185 (id int, s text) distribute by replication;
create table urr185 (id int, s text) distribute by roundrobin;
create table ue185 (id int, s text) distribute by hash(id);

-- string literals of any Unicode character: Latin-1 is not the limit (Calcite's default charset refused them)
select 'İ', '日本語', 'ß€😀', 'Ωμέγα' as greek;
-- the length counts characters, octet_length UTF-8 bytes (an astral character is one character, four bytes)
select length('日本語'), octet_length('日本語'), length('😀'), octet_length('😀'), length('ß€😀'), octet_length('ß€😀');
-- bit_length is 8 bits per byte
select bit_length('€');

-- rows with non-ASCII text are stored and read back on every distribution
insert into u185 values (1, 'İstanbul', 'çay'), (2, '日本語', '東京'), (3, 'ß€😀', '😀😀'), (4, null, null),
    (5, 'plain', 'x');
insert into ur185 select id, s from u185;
insert into urr185 select id, s from u185;
select id, s, v from u185 order by id;
select id, s from ur185 order by id;
select id, s from urr185 order by id;
-- varchar(n) counts characters, not bytes: four astral characters fit varchar(4)
insert into u185 values (6, 'x', '😀😀😀😀');
-- one character too many is 22001
insert into u185 values (7, 'x', '東京東京東京東京東京東');
-- WHERE with a non-ASCII literal runs on the datanodes (hash, replicated, round-robin tables)
select id from u185 where s = '日本語';
select id from ur185 where s = 'İstanbul';
select id from urr185 where s = 'ß€😀';
select id from u185 where v = '東京' and s is not null;
-- no row matches a character the table does not hold
select id from u185 where s = 'Ωμέγα';
select count(*) from ue185 where s = '日本語';
-- IN lists and <> of non-ASCII literals
select id from u185 where s in ('日本語', 'ß€😀') order by id;
select id from u185 where s <> '日本語' order by id;
-- LIKE with non-ASCII patterns: _ is one character, however many bytes
select id from u185 where s like '日%' order by id;
select id from u185 where s like '_本_' order by id;
select id from u185 where s like '%😀' order by id;
select id from u185 where v like '😀_' order by id;
select id from u185 where s not like '%€%' order by id;
-- ILIKE folds ASCII letters; a non-ASCII character matches itself
select id from u185 where s ilike '%STANBUL' order by id;
select id from u185 where s ilike 'ß€%' order by id;
select 'Ωμέγα' ilike 'Ωμέγα', '日本語' ilike '日本_';
-- substr, position, left, right, reverse, replace, split_part count characters
select substr('日本語テキスト', 2, 3), substring('ß€😀x' from 3 for 2), position('語' in '日本語'), strpos('ß€😀', '😀');
select left('日本語', 2), right('日本語', -1), reverse('ß€😀'), replace('日本語', '本', 'ほん'), split_part('a€b€c', '€', 2);
select lpad('日本', 5, '・'), rpad('😀', 3, 'é'), repeat('€', 3), translate('日本語', '本', 'X');
select substr(s, 2), length(s), octet_length(s), strpos(s, '本') from u185 order by id;
-- concatenation of non-ASCII text: literals, columns, numbers
select '日本' || '語', 'ß' || 1 || '€', s || '✓' from u185 where id = 2;
select concat('日', null, '本', 1), concat_ws('・', '日', '本', null, '語');
-- upper and lower of text without letters that change case, and of ASCII beside non-ASCII
select upper('日本語 abc'), lower('ABC😀'), upper(s), lower(v) from u185 order by id;
-- chr and ascii of non-ASCII code points
select chr(304), chr(26085), chr(128512), ascii('日'), ascii('😀');
-- E'' and U&'' escapes of characters beyond Latin-1
select E'\u65e5\u672c', E'\U0001F600', U&'\65E5\672C', U&'\0041\00e9';
select E'\u00e9' = 'é', U&'\00e9' || 'x';
-- quoted identifiers of non-ASCII letters
select 1 as "日本", 2 as "Ωμέγα";
create table "表185" ("列" int, "名前" text) distribute by hash("列");
insert into "表185" values (1, 'ä'), (2, '日');
select "列", "名前" from "表185" order by "列";
select t."名前" from "表185" t where t."名前" = '日';
-- group by and distinct of non-ASCII values, on the datanodes and the coordinator
select s, count(*) from (select s from u185 union all select s from urr185) x group by s order by s;
select distinct v from u185 order by v;
-- string_agg and max/min of text keep the characters
select string_agg(s, '・' order by id), max(s), min(v) from u185;
-- convert_to gives the UTF-8 bytes
select convert_to('日€', 'UTF8'), md5('日本語'), encode(convert_to('😀', 'UTF8'), 'hex');
-- update and delete by non-ASCII values
update u185 set v = v || '✓' where s = '日本語';
select v from u185 where id = 2;
delete from u185 where v = '😀😀';
select id from u185 order by id;

-- num_nulls and num_nonnulls: arguments of any types, the count an integer
select num_nulls(1, null, 'a'), num_nonnulls(1, null, 'a'), num_nulls(null), num_nonnulls(null::int),
       num_nulls(1), num_nonnulls(1, 2.5, now(), true, array[1]);
select pg_typeof(num_nulls(1)), pg_typeof(num_nonnulls(null));
-- over columns, on every distribution, NULL rows included
select id, num_nulls(s, v), num_nonnulls(s, v, id) from u185 order by id;
select id, num_nulls(s) from urr185 order by id;
select count(*) from u185 where num_nulls(s, v) = 0;
select num_nulls(s), count(*) from ur185 group by num_nulls(s) order by 1;
-- without arguments there is no such function
select num_nulls();

-- aggregates over types PostgreSQL has no form for are 42883 (Calcite took max(boolean), coerced sum(text))
select max(true);
select min(false);
select max(x) from (values (true), (false)) v(x);
select sum('a'::text);
select sum(s) from u185;
select avg(true);
select avg(date '2020-01-01');
select sum(date '2020-01-01');
select sum(now());
select min('{}'::json);
select max('{}'::jsonb);
select max('\x01'::bytea);
select max(gen_random_uuid());
select stddev(true);
select variance('a'::text);
-- an unknown literal matches several forms of sum and avg: 42725
select sum('1');
select avg(null);
-- min and max read an unknown literal as text; of NULL, NULL
select max('a'), min('b'), max(null);
-- the forms PostgreSQL has: numbers, text, dates, intervals, arrays; sum and avg of intervals
select max(s), min(s), max(id), sum(id), avg(id) from u185;
select max(date '2020-01-01'), min(interval '1 day'), sum(interval '1 day'), avg(interval '2 days'), max(array[1, 2]);

-- FETCH FIRST n ROWS WITH TIES: the first n rows and every peer of the last
create table t185 (id int, k int, g text) distribute by hash(id);
insert into t185 values (1, 1, 'a'), (2, 1, 'b'), (3, 2, 'a'), (4, 2, 'b'), (5, 2, 'c'), (6, 3, 'a'), (7, null, 'n'),
    (8, null, 'm'), (9, 4, 'z');
create table tr185 (id int, k int, g text) distribute by replication;
insert into tr185 select * from t185;
create table trr185 (id int, k int, g text) distribute by roundrobin;
insert into trr185 select * from t185;
create table te185 (id int, k int) distribute by hash(id);
-- ties of the last row come along (k = 2 three times)
select k from t185 order by k fetch first 3 rows with ties;
select k from tr185 order by k fetch first 3 rows with ties;
select k from trr185 order by k fetch first 3 rows with ties;
-- the rows themselves, ordered fully outside
select * from (select id, k from t185 order by k fetch first 3 rows with ties) s order by id;
-- no tie beyond n: exactly n rows
select k from t185 order by k fetch first 2 rows with ties;
select k from t185 order by k fetch first 5 rows with ties;
-- FETCH FIRST ROW (one row and its ties), FETCH NEXT
select k from t185 order by k fetch first row with ties;
select k from t185 order by k fetch next 4 rows with ties;
select k from t185 order by k fetch next 1 row only;
select k from t185 order by k fetch first row only;
-- with OFFSET: the ties counted after the skipped rows
select k from t185 order by k offset 1 rows fetch first 1 row with ties;
select k from t185 order by k offset 2 rows fetch next 2 rows with ties;
select k from t185 order by k offset 8 rows fetch first 3 rows with ties;
select k from t185 order by k offset 20 rows fetch first 3 rows with ties;
-- descending, NULLs first there (NULLs are peers of each other)
select k from t185 order by k desc fetch first 1 rows with ties;
select k from t185 order by k desc fetch first 3 rows with ties;
select k from t185 order by k nulls first fetch first 1 row with ties;
-- several keys: ties need every key equal
select k, g from t185 order by k, g fetch first 3 rows with ties;
select k, g from t185 order by g, k desc fetch first 2 rows with ties;
-- by position and by an output column's alias
select k as kk from t185 order by 1 fetch first 2 rows with ties;
select * from (select k as kk, g from t185 order by 1 fetch first 2 rows with ties) s order by kk, g;
select * from (select k + 1 as kk from t185 order by kk desc fetch first 2 rows with ties) s order by kk;
-- by an expression
select k from t185 order by k % 2, k fetch first 1 row with ties;
-- with WHERE, GROUP BY and aggregates
select k, count(*) from t185 where k is not null group by k order by count(*) desc fetch first 1 row with ties;
select g, count(*) as n from t185 group by g order by n desc fetch first 1 rows with ties;
-- DISTINCT and set operations: the ties of the distinct rows
select distinct k from t185 order by k fetch first 2 rows with ties;
select k from t185 union all select k from tr185 order by k fetch first 3 rows with ties;
-- an empty table, and a count of 0
select k from te185 order by k fetch first 2 rows with ties;
select k from t185 order by k fetch first 0 rows with ties;
-- a count of an expression
select k from t185 order by k fetch first (1 + 1) rows with ties;
-- in a sub-query and a join
select count(*) from (select k from t185 order by k fetch first 1 row with ties) s;
select a.id, b.id from t185 a join (select id from tr185 order by k desc nulls last fetch first 1 row with ties) b
    on a.id = b.id;
-- without ORDER BY: 42601
select k from t185 fetch first 1 row with ties;
-- a NULL count: 2201W (FETCH FIRST NULL ROWS ONLY is no limit)
select k from t185 order by k fetch first null rows with ties;
select count(*) from (select k from t185 order by k fetch first null rows only) s;
-- a negative count: 2201W; a negative offset: 2201X
select k from t185 order by k fetch first -1 rows with ties;
select k from t185 order by k offset -1 rows fetch first 1 row with ties;
-- LIMIT has no WITH TIES
select k from t185 order by k limit 1 with ties;

-- cbrt is the C library's: its last digit too (3.0000000000000004 for 27)
select cbrt(27), cbrt(8), cbrt(-27), cbrt(2), cbrt(1e300), cbrt(1e-300), cbrt(0), cbrt(-0::float8);
select cbrt('inf'), cbrt('-inf'), cbrt('nan'), cbrt(null), ||/ 27, ||/ -1000;
select x, cbrt(x) from generate_series(1, 30) x order by x;
select cbrt(k), cbrt(id::float8 / 7) from t185 order by id;
-- math edge cases agree with PostgreSQL: logs, powers, exponentials
select log(100), log(2, 8), log(10, 1000), ln(exp(1.0)), exp(0), power(2, 10), power(2.0, -2), power(-8, 3);
select log(0);
select ln(-1);
select log(-10);
select exp(1000);
select exp(-1000::float8), exp(-1000);
select power(0, -1);
select power(-8, 1.0 / 3);
select power(0.0, 0), power(0::float8, 0), sqrt(0), sqrt(2::numeric);
select sqrt(-1);
-- trunc and round with negative scales, halves away from zero for numeric
select trunc(1234.567, -2), round(1234.567, -2), round(-1250::numeric, -2), round(1250.5, -3), trunc(-1299.9, -2),
       round(5.5), round(-5.5), round(2.5::float8), trunc(-2.7::float8);
-- div, gcd, lcm, factorial, width_bucket
select div(7, -2), div(-7, 2), div(9.5, 2.1), mod(-7, 2), gcd(12, 18), gcd(-12, 18), lcm(4, 6), gcd(0, 0), lcm(0, 5);
select factorial(5), factorial(0), factorial(20);
select factorial(-1);
select div(1, 0);
select gcd(-2147483648, 0);
select width_bucket(5.35, 0.024, 10.06, 5), width_bucket(-1, 0, 10, 5), width_bucket(10, 0, 10, 5),
       width_bucket(3.5::float8, 0, 10, 4), width_bucket(5, 10, 0, 5);
select width_bucket(1, 0, 10, 0);
select width_bucket(1, 1, 1, 5);

-- characters past U+FFFF count as one in length, substr, position and strpos (Java's strings hold two units)
select length('😀'), char_length('😀😀'), character_length('a😀'), position('x' in '😀x'), strpos('😀😀x', 'x');
select substr('😀😀abc', 2, 2), substring('😀😀abc' from 3), substring('😀abc' from 0 for 3), substr('😀x', 2);
select substr('abc', 2, -1);
select '😀' like '_', '😀a' like '_a', 'a😀' like 'a_', left('😀😀x', 1), right('x😀😀', 1), reverse('a😀b');
select lpad('x', 3, '😀'), rpad('😀', 3, 'x'), overlay('😀😀😀' placing 'x' from 2 for 1), split_part('a😀b😀c', '😀', 3);
select id, length(s), position('😀' in s), substr(s, 3, 1) from u185 order by id;
