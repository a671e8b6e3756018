-- String functions applications use that Tessera lacked: trims with a character set, reverse, to_hex,
-- quote_nullable, encode/decode, convert_to/convert_from, regexp_match, regexp_split_to_array (issue 11).

create table str137 (id int primary key, s text, b bytea) distribute by hash(id);

insert into str137 values (1, 'xxhixx', '\x616263'), (2, 'a1b22c', '\x00ff5c'), (3, null, null), (4, '', '\x');

-- trims with a character set; the set's characters in any order
select ltrim('xxaxx', 'x'), rtrim('xxaxx', 'x'), btrim('xyxaxy', 'xy'), ltrim('  a  '), rtrim('  a  ') || '|',
       btrim('  a  '), ltrim('abc', ''), rtrim('aaa', 'a'), btrim('éaé', 'é');

select id, ltrim(s, 'x'), rtrim(s, 'x'), btrim(s, 'x') from str137 order by id;

-- reverse, by characters
select reverse('abc'), reverse(''), reverse('héllo'), reverse(null);

-- to_hex of int4 and int8 (two's complement of the width)
select to_hex(255), to_hex(-1), to_hex(9223372036854775807), to_hex(-1::bigint), to_hex(0), to_hex(2147483648);

-- quote_nullable: NULL unquoted, else quote_literal's quoting (E'' with a backslash)
select quote_nullable(null), quote_nullable('it''s'), quote_nullable('a\b'), quote_nullable('');

-- encode and decode: hex, base64 (a newline every 76 characters), escape
select encode('abc'::bytea, 'hex'), encode('abc'::bytea, 'base64'), encode('\x00ff5c41'::bytea, 'escape'),
       encode(''::bytea, 'base64');

select encode(decode(repeat('ab', 60), 'hex'), 'base64');

select decode('616263', 'hex'), decode('YWJj', 'base64'), decode('a\000b\\', 'escape'), decode('', 'hex'),
       decode('61 62', 'hex');

select id, encode(b, 'hex'), encode(b, 'escape'), decode(encode(b, 'base64'), 'base64') = b from str137 order by id;

select encode('abc'::bytea, 'foo');

select decode('abc', 'hex');

select decode('zz', 'hex');

-- convert_to / convert_from in UTF8
select convert_to('é', 'UTF8'), convert_from('\xc3a9'::bytea, 'UTF8'), convert_to('abc', 'utf8'),
       length(convert_to('héllo', 'UTF8'));

-- regexp_match: the groups of the first match, the whole match without groups, NULL without a match
select regexp_match('foobar', '(o+)(b)'), regexp_match('foobar', 'o+'), regexp_match('foobar', 'x'),
       regexp_match('FOO', 'o+', 'i'), (regexp_match('abc123', '[0-9]+'))[1];

select id, regexp_match(s, '[0-9]+') from str137 order by id;

select regexp_match('abc', 'b', 'g');

-- regexp_split_to_array: pieces between matches; an empty pattern splits characters
select regexp_split_to_array('a1b2c', '[0-9]'), regexp_split_to_array('hello world', '\s+'),
       regexp_split_to_array('abc', ''), regexp_split_to_array('a,b,,c', ','), regexp_split_to_array('', ','),
       regexp_split_to_array('1a2', '[a-z]*'), regexp_split_to_array('AxBxc', 'X', 'i');

select id, regexp_split_to_array(s, '[0-9]+') from str137 order by id;

-- the set-returning forms in FROM: regexp_split_to_table, regexp_matches (every match with 'g')
select * from regexp_split_to_table('a1b22c', '[0-9]+');

select x, length(x) from regexp_split_to_table('hello big world', '\s+') as t(x) order by x;

select * from regexp_matches('abcabc', 'b', 'g');

select m from regexp_matches('a1b22c333', '([a-z])([0-9]+)', 'g') as r(m);

select * from regexp_matches('abc', 'x');

select * from regexp_matches('foobar', '(o)(o)');

select count(*) from regexp_matches('aaa', 'a*', 'g');

select * from regexp_split_to_table('a,b', ',', 'g');
