-- Character types and string functions.

-- char(n) pads, but padding does not count in length() and is stripped by ||
create table strings_char (id int, c char(5), vc varchar(5)) distribute by hash(id);
insert into strings_char values (1, 'ab', 'ab'), (2, 'abcde', 'abcde'), (3, null, null), (4, '', '');
select id, c, length(c), c || '|', vc || '|' from strings_char order by id;
select 'ab'::char(5) || 'x', length('ab  '::char(4)), length('ab  '::varchar);

-- blanks in string literals count: a literal is text, not char(n), and || yields text
select 'a' || ' ' || 'b', 'a ' || 'b', length('a' || ' '), ('x' || '  ') || '|';
select id, vc || ' ' || vc, c || ' ' || vc, upper(c) || '|', length(upper(c)) from strings_char order by id;

-- char(n) comparison ignores trailing blanks
select id from strings_char where c = 'ab' order by id;
select 'ab'::char(3) = 'ab '::char(5);

-- octet_length counts bytes in UTF-8, length characters
select octet_length('héllo'), length('héllo'), octet_length('ab'::char(4)), char_length('héllo');

-- left/right with negative counts drop characters from the other end
select left('abcdef', 2), left('abcdef', -2), right('abcdef', 2), right('abcdef', -2), left('abc', -5), right('abc', 10);
select id, left(s, -1), right(s, 1) from t_hash order by id;

-- substring, position, upper/lower, trim, repeat, replace, reverse, lpad/rpad
select substring('hello' from 2 for 3), substr('hello', 2), position('l' in 'hello'), upper('abc'), lower('ABC');
select trim('  x  '), ltrim('xxaxx', 'x'), rtrim('xxaxx', 'x'), btrim('xxaxx', 'x');
select repeat('ab', 3), replace('abcabc', 'b', 'X'), reverse('abc'), lpad('7', 3, '0'), rpad('7', 3, '*');
select split_part('a,b,c', ',', 2), strpos('hello', 'll'), initcap('hello world'), md5('a');

-- concat skips NULLs, || with NULL is NULL
select concat('a', null, 'b'), 'a' || null, concat_ws('-', 'a', null, 'b');

-- string comparison and LIKE
select id, s from t_rr where s like 'a%' or s > 'f' order by id;

-- a string too long for varchar(n) is 22001
insert into strings_char values (5, 'abcdefg', 'x');
