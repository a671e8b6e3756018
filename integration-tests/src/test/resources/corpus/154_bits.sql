-- PostgreSQL's integer bitwise operators (& | # ~ << >>), ^@ and starts_with, bit_length, octet_length of bytea,
-- numeric NaN, and "char" columns (issue 11). An expression means the same on the coordinator and on the datanodes:
-- the same operators appear in select lists, in pushed-down WHERE clauses and in UPDATE's SET and WHERE.

-- & | # share one precedence, left-associative: (1 | 2) & 3
select 1 | 2 & 3, 1 # 3 | 4, 12 & 10, 12 | 10, 12 # 10;
-- the "other operator" group binds looser than + and -, tighter than comparisons
select 1 + 2 & 6, 8 >> 1 + 1, 1 << 2 * 2, 3 & 1 = 1, 5 | 2 > 6;
-- a shift count is taken modulo the operand's width (int4: 32, int8: 64), as PostgreSQL on x86-64
select 1 << 40, 1::bigint << 40, 1 << 31, 1 << 32, 1::bigint << 63, 1::bigint << 64, -1 << 33;
-- >> is arithmetic: the sign is kept; unary minus binds tighter than >>
select -8 >> 1, - 8 >> 1, -1 >> 31, 2147483647 >> 30, -9223372036854775808 >> 63, 1 >> -1;
-- ~ is bitwise not, a prefix operator of the same precedence: ~ 1 + 2 is ~ (1 + 2)
select ~0, ~1, ~ 1 + 2, ~ 1 & 2, ~ -1, ~ ~5, ~2147483647, ~(-2147483648);
-- result types: smallint op smallint is smallint, the wider integer otherwise; a shift keeps its left operand's type
select pg_typeof(1::int2 & 1::int2), pg_typeof(1::int2 | 1), pg_typeof(1 # 1::int8), pg_typeof(1::int2 << 1),
  pg_typeof(1::int8 >> 1::int2), pg_typeof(~1::int2), pg_typeof(~1::int8);
-- smallint shifts wrap within 16 bits (computed in 32, truncated), bigint ones within 64
select 1::int2 << 15, 1::int2 << 16, 255::int2 << 8, (-32768)::int2 >> 15, 32767::int2 # (-1)::int2;
-- NULL in, NULL out
select null::int & 1, 1 | null::int, null::int8 # 5, ~null::int, null::int << 1, 1 << null::int, null::int2 >> 1;
-- column names: an operator is ?column?
select 6 & 3 as a, 6 & 3;

create table bits154 (id int primary key, a int, b bigint, c smallint) distribute by hash(id);
insert into bits154 values (1, 12, 10, 3), (2, -8, 1099511627776, -1), (3, null, null, null), (4, 0, -1, 32767),
  (5, 255, 255, 128);
-- bitwise operators over a hash-distributed table's columns, in the select list
select id, a & 6, a | b, b # c, ~a, a << 2, b >> 3, c << 1, c & c, -a >> 1 from bits154 order by id;
-- and in WHERE, which the datanodes evaluate
select id from bits154 where a & 4 = 4 order by id;
select id from bits154 where (b >> 40) = 1 or c # 1 = 2 order by id;
select id from bits154 where ~a < 0 and a | 1 > 1 order by id;
select count(*) from bits154 where a & 1 is null;
-- an UPDATE's SET and WHERE, evaluated where the rows are
update bits154 set a = a # 255, b = b << 1, c = ~c where id & 1 = 1;
select * from bits154 order by id;
-- smallint overflow in a SET: the result is a smallint, c << 1 wraps, c | 1 of 32767 stays
update bits154 set c = c << 1 where id = 4;
select c from bits154 where id = 4;
-- a replicated table and a round-robin one give the same answers
create table bitsrep154 (id int, a int) distribute by replication;
create table bitsrr154 (id int, a int) distribute by roundrobin;
insert into bitsrep154 select id, a from bits154;
insert into bitsrr154 select id, a from bits154;
select id, a # 7, a >> 1 from bitsrep154 where a & 2 = 2 order by id;
select id, a # 7, a >> 1 from bitsrr154 where a & 2 = 2 order by id;
-- over an empty table: no rows
select a & 1 from bits154 where id > 100;
-- aggregates over bitwise expressions
select sum(a & 15), max(b >> 1), bit_and(a), bit_or(a) from bits154;
-- the shared tables: hash, modulo, replicated, round robin, shard
select id, k & 1, k | 8, k << 1 from t_hash where k & 1 = 1 order by id;
select id, k # id from t_mod where (k # id) > 4 order by id;
select count(*) from t_rr where k & 2 = 2;
select count(*) from t_shard where ~k < -3;
select id from t_rep where id >> 2 = 1 order by id;
-- wrong operand types: 42883, as PostgreSQL has no such operator
select 1.5 & 1;
select 1 << 2::bigint;
select 'a'::text | 1;
select ~1.5;
select true & false;

-- ^@ and starts_with: whether a text starts with another (NULL in, NULL out; an empty prefix always)
select 'abc' ^@ 'ab', 'abc' ^@ 'b', 'abc' ^@ '', null ^@ 'a', 'abc' ^@ null;
select starts_with('abc', 'ab'), starts_with('abc', 'abcd'), starts_with('', ''), starts_with(null, 'a');
select s from t_hash where s ^@ 'a' order by id;
select id from t_hash where not s ^@ 'a' order by id;
-- ^@ binds looser than ||: 'a' || 'bc' ^@ 'ab' is ('a' || 'bc') ^@ 'ab'
select 'a' || 'bc' ^@ 'ab';

-- bit_length of text counts bits of its UTF-8 bytes; octet_length and bit_length of bytea count bytes and bits
select bit_length('abc'), bit_length(''), bit_length('é'), bit_length(null::text), bit_length('abc'::varchar(5));
select octet_length('\x0102'::bytea), bit_length('\x0102'::bytea), octet_length(''::bytea), bit_length(''::bytea),
  bit_length(null::bytea);
select id, bit_length(s) from t_hash order by id;
-- bit_length of char(n) counts its text (without the padding), octet_length the padded value
select bit_length('ab'::char(4)), octet_length('ab'::char(4));
select bit_length(c) from (values ('ab'::char(4))) v(c);
-- an operator's 42883 names it with its operand types: a prefix operator with a space, << not read as a type
select -true;
select 'a'::text << 1;
