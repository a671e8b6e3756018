-- LIKE's default escape (backslash), ILIKE, ESCAPE, string functions' results and errors as PostgreSQL's, and the
-- column names of common string functions (issue 11, "Correct values").

create table like136 (id int primary key, s text) distribute by hash(id);

insert into like136 values (1, 'a_c'), (2, 'abc'), (3, 'a%c'), (4, 'A_C'), (5, null), (6, 'a\c'), (7, 'a\_c');

-- backslash is LIKE's default escape: \_ matches an underscore only
select 'a_c' like 'a\_c', 'abc' like 'a\_c', 'a_c' not like 'a\_c', 'A_C' ilike 'a\_c', 'abc' ilike 'A\_C';

-- an escaped ordinary character is that character; a doubled backslash matches one backslash
select 'abc' like 'a\bc', 'a\c' like 'a\\c', 'a%c' like 'a\%c', 'abc' like 'a\%c';

-- ESCAPE names another escape character; ESCAPE '' turns escaping off
select 'a_c' like 'a#_c' escape '#', 'abc' like 'a#_c' escape '#', 'a\c' like 'a\c' escape '', 'a\xc' like 'a\_c' escape '';

-- a pattern ending in the escape character is 22025 when matching reaches it with text left, false otherwise
select 'ab' like 'a\';

select 'xab' like '%a#' escape '#';

select 'a' like 'a\', 'a' like '%a\', 'b' like 'a\';

-- an escape string longer than one character is 22025
select 'a' like 'a' escape 'ab';

-- on a table column, evaluated on the datanodes
select id from like136 where s like 'a\_c' order by id;

select id from like136 where s not like 'a\_c' order by id;

select id from like136 where s ilike 'a\_c' order by id;

select id from like136 where s not ilike 'a\_c' order by id;

select 'abc' not ilike 'A\_C', 'A_C' not ilike 'a\_c', null not like 'a';

select id from like136 where s like 'a\\%' order by id;

select id from like136 where s like 'a#%c' escape '#' order by id;

select id, s like '%\_%' as u, s ilike 'A%' as a from like136 order by id;

-- sha2 of bytea is bytea; md5 is text
select sha224('abc'::bytea), sha256('abc'::bytea), sha384('abc'::bytea), sha512(''::bytea);

select md5('abc'), md5('abc'::bytea), md5(''), sha256('\x00ff'::bytea);

-- functions are named as PostgreSQL names them
select translate('12345', '143', 'ax'), replace('abc', 'b', 'x'), split_part('a,b', ',', 1), repeat('ab', 2),
       lpad('x', 3), rpad('x', 3), reverse('abc'), initcap('hi there'), strpos('hello', 'l'), chr(65), ascii('a');

select upper('a'), lower('A'), length('abc'), char_length('ab'), character_length('ab'), octet_length('ab'),
       concat('a', 'b'), concat_ws('-', 'a', 'b'), left('abc', 1), right('abc', 1), md5('a') is not null as m;

select substr('hello', 2, 3), substring('hello', 2, 3), starts_with('abc', 'a'), to_hex(255), quote_ident('a b'),
       quote_literal('x'), btrim('xax', 'x'), ltrim('xa', 'x'), rtrim('ax', 'x');

-- translate deletes the characters without a counterpart
select translate('12345', '143', 'ax'), translate('abc', '', 'x'), translate('aaa', 'a', ''), translate('héllo', 'é', 'e');

-- split_part counts from the end for a negative field, is '' past the last field, and rejects field 0
select split_part('a,b,c', ',', 2), split_part('a,b,c', ',', 5), split_part('a,b,c', ',', -1),
       split_part('a,b,c', ',', -3), split_part('a,b,c', ',', -4), split_part('a,b,c', '', 1), split_part('', ',', 1),
       split_part('a||b', '||', 2);

select split_part('a,b,c', ',', 0);

-- chr: a negative code is 22023; 0, past U+10FFFF and surrogates are 54000
select chr(65), chr(233), chr(128512);

select chr(0);

select chr(-1);

select chr(1114112);

select chr(55296);

-- repeat and lpad past PostgreSQL's 1 GB are 54000
select repeat('ab', 3), repeat('x', 0), repeat('x', -1), repeat('', 5);

select repeat('xy', 600000000);

select lpad('x', 300000000);

select rpad('x', 300000000, 'y');

-- lpad/rpad: cut to the length, padding cycles through the fill, an empty fill pads nothing
select lpad('hi', 5), lpad('hi', 5, 'xy'), rpad('hi', 1), lpad('hello', 3), rpad('hi', 5, ''), lpad('hi', -1),
       rpad('hi', 6, 'xyz'), lpad('héé', 5, 'é');

-- overlay past the end appends; a negative length re-reads characters; a start below 1 is 22011
select overlay('Txxxxas' placing 'hom' from 2 for 4), overlay('abc' placing 'X' from 5),
       overlay('abc' placing 'X' from 2 for -1), overlay('abc' placing 'XYZ' from 2), overlay('abc' placing '' from 2 for 1);

select overlay('abc' placing 'X' from 0);

-- NULL arguments give NULL
select translate(null, 'a', 'b'), split_part(null, ',', 1), chr(null), repeat(null, 2), lpad(null, 2), lpad('a', null),
       overlay('abc' placing null from 1), sha256(null::bytea);
