-- char(n) (bpchar) semantics as PostgreSQL 15 resolves them: trailing blanks of a char(n) value are padding, not
-- data. bpchar against bpchar, an unknown literal, a parameter or varchar(n) compares as bpchar (both sides without
-- trailing blanks); bpchar against text compares as text (the char(n) side loses its padding, the text side keeps
-- its blanks). LIKE sees the padding; length() does not, octet_length() does; || and casts to text drop it. Every
-- query runs on the datanodes (pushed down) and on the coordinator (PushdownCorpusIT).

create table c88_nation (n_nationkey int, n_name char(25), n_code char(3)) distribute by hash(n_nationkey);
create table c88_words (id int, w text, c char(6), v varchar(10)) distribute by hash(id);
create table c88_rep (id int, c char(6)) distribute by replication;
insert into c88_nation values (1, 'GERMANY', 'DE'), (2, 'FRANCE  ', 'FR '), (3, 'CANADA', null), (4, null, 'XX'),
  (5, 'CANADA ', 'CA');
insert into c88_words values (1, 'w1', 'abc', 'abc'), (2, 'w1 ', 'abc   ', 'abc '), (3, 'x', 'ab', 'ab'),
  (4, 'ab ', 'ab ', 'ab  '), (5, 'abc', 'abc', 'abc  '), (6, null, null, null), (7, 'ab', ' ab', ' ab');
insert into c88_rep values (1, 'abc'), (2, 'ab  '), (3, null);

-- a literal against char(n) is bpchar: its trailing blanks do not count
select n_nationkey from c88_nation where n_name = 'GERMANY   ' order by 1;
select n_nationkey from c88_nation where n_name <> 'CANADA ' order by 1;
select n_nationkey from c88_nation where n_name < 'FRANCE  ' order by 1;
select n_nationkey from c88_nation where n_name >= 'FRANCE ' order by 1;
select n_nationkey from c88_nation where n_code = 'FR' order by 1;
select n_nationkey from c88_nation where n_name is not distinct from 'CANADA  ' order by 1;

-- IN lists against char(n): each item is bpchar
select n_nationkey from c88_nation where n_name in ('FRANCE', 'CANADA ') order by 1;
select n_nationkey from c88_nation where n_name not in ('FRANCE', 'CANADA ') order by 1;
select n_nationkey from c88_nation where n_code in ('DE ', 'CA') order by 1;

-- constants: bpchar against varchar is bpchar, against text it is text
select 'a '::char(3) = 'a'::varchar, 'a'::char(3) = 'a '::varchar(5), 'a '::char(3) = 'a '::text,
  'a'::char(3) = 'a '::text, 'a'::char(3) = 'a  ';

-- char(n) against varchar(n) columns: as bpchar; against text columns: as text
select id from c88_words where c = v order by 1;
select id from c88_words where v = c order by 1;
select id from c88_words where c = w order by 1;
select id from c88_words where w = c order by 1;
select id from c88_words where c < w order by 1;

-- a text column against a literal keeps the literal's blanks
select count(*) from c88_words where w >= 'w1 ';
select count(*) from c88_words where w = 'ab ';
select count(*) from c88_words where v = 'ab  ';

-- LIKE on char(n) sees the padding; on its text cast it does not
select id from c88_words where c like 'ab' order by 1;
select id from c88_words where c like 'ab %' order by 1;
select id from c88_words where c::text like 'ab' order by 1;

-- length ignores the padding, octet_length counts it; || and casts to text or varchar drop it
select id, length(c), octet_length(c), c || '|', '|' || c, c || c from c88_words order by id;
select id, c::text || '|', c::varchar(10) || '|', upper(c) || '|', substr(c, 1, 4) || '|' from c88_words order by id;

-- simple CASE compares as bpchar
select id, case c when 'ab ' then 1 when 'abc' then 2 else 0 end from c88_words order by id;
select id, case when c = 'ab  ' then 1 end from c88_words order by id;

-- ORDER BY, GROUP BY, DISTINCT, min/max over char(n)
select c, count(*) from c88_words group by c order by c;
select distinct c from c88_words order by c;
select max(c) || '|', min(c) || '|' from c88_words;
select id, c from c88_words order by c, id;

-- joins on char(n) keys: bpchar against bpchar, against text, against varchar(n)
select a.id, b.id from c88_words a join c88_rep b on a.c = b.c order by 1, 2;
select a.id, b.id from c88_words a join c88_words b on a.c = b.w order by 1, 2;
select a.id, b.id from c88_words a join c88_words b on a.c = b.v order by 1, 2;
select a.id, b.id from c88_words a left join c88_rep b on a.c = b.c where a.id < 6 order by 1, 2;

-- IN with column items
select id, c in (w, v) from c88_words order by id;
