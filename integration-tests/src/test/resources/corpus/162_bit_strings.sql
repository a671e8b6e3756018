-- Bit strings: bit(n) and bit varying(n) (issue 11): constants, casts, length checks, operators, functions,
-- columns of distributed tables (hash, round robin, replicated), NULLs, empty tables and errors.

-- B'...' and X'...' are bit string constants (X'1F' is 8 bits, not a bytea), printed as their digits
select B'1010' as b, X'1F' as x, pg_typeof(X'1F')::text as t, pg_typeof(B'1')::text as t2;

-- a wrong digit is bit_in's 22P02
select B'102';

-- a wrong hexadecimal digit is 22P02 too
select X'1G';

-- text to bit(n) and bit varying(n): explicit casts pad with zero bits and cut
select '101'::bit(4) as a, '1011'::varbit(3) as b, B'101'::bit(2) as c, B'101'::bit(5) as d, 'x1f'::bit varying as e;

-- bit without a length is bit(1); bit varying has none
select B'101'::bit as a, B'101'::bit varying as b, ''::varbit as c;

-- integer and bigint to bit(n): the rightmost n bits, the sign repeated beyond the width
select 5::bit(4) as a, (-1)::bit(40) as b, 300::bit(4) as c, 5::bigint::bit(70) as d, (-2)::bigint::bit(3) as e;

-- bit to integer and bigint: the bits as a number
select B'101'::int as a, B'11111111111111111111111111111111'::int as b, B'101'::bigint as c;

-- more than 32 bits do not fit an integer: 22003
select B'1'::bit(40)::int;

-- there is no cast from integer to bit varying: 42846
select 5::varbit;

-- bit to text is its digits
select B'10'::text as a, B'0011'::varchar as b;

-- comparison is bit_cmp's: the common bytes, then the shorter first
select B'1' < B'10' as a, B'11' > B'100' as b, B'10' = B'10' as c, B'0' < B'' as d, B'1' = '1' as e;

-- & | # of bit strings of one length, ~, and shifts that keep the length
select B'101' & B'110' as a, B'101' | B'110' as b, B'101' # B'110' as c, ~B'101' as d, B'101' << 1 as e,
       B'101' >> 2 as f, B'101' << -1 as g, B'101' >> 5 as h;

-- & of different lengths: 22026
select B'101' & B'10';

-- | of different lengths: 22026
select B'101' | B'10';

-- # of different lengths: 22026
select B'101' # B'10';

-- length, bit_length and octet_length count bits and packed bytes
select length(B'10') as a, bit_length(B'101') as b, octet_length(B'101010101') as c, octet_length(B'') as d;

-- get_bit and set_bit count from the left, from 0
select get_bit(B'101', 0) as a, get_bit(B'101', 1) as b, set_bit(B'101', 1, 1) as c;

-- get_bit beyond the string: 2202E
select get_bit(B'101', 5);

-- set_bit to a value other than 0 and 1: 22023
select set_bit(B'101', 0, 2);

-- substring, position, overlay and || work on bit strings as on their digits (|| compared as text: its type is bit
-- here, bit varying in PostgreSQL, docs/compatibility.md)
select substring(B'110101' from 2 for 3) as a, position(B'01' in B'1101') as b,
       overlay(B'1111' placing B'00' from 2) as c, (B'1' || B'01')::text as d;

-- NULL propagates through the operators and functions
select B'101' & null::bit(3) as a, ~null::bit(3) as b, length(null::varbit) as c, null::bit(2)::int as d;

-- bit(0) does not exist: 22023
create table bits_zero (b bit(0));

-- a hash-distributed table with bit(n) and bit varying(n) columns
create table bits_hash (id int primary key, a bit(3), b varbit(5)) distribute by hash(id);

-- a round-robin table
create table bits_rr (id int, a bit(3), b bit varying) distribute by roundrobin;

-- a replicated table
create table bits_rep (id int, a bit(3), b varbit(5)) distribute by replication;

-- nothing in an empty table
select * from bits_hash;

-- rows of bit constants, strings read by bit_in, NULLs
insert into bits_hash values (1, B'101', B'1'), (2, '010', '10101'), (3, null, null), (4, B'111', X'F'),
       (5, B'000', B'');

-- bit(3) takes exactly 3 bits: 22026
insert into bits_hash values (6, B'10', B'1');

-- bit varying(5) takes at most 5: 22001
insert into bits_hash values (6, B'101', B'111111');

-- a string with a non-binary digit: 22P02
insert into bits_hash values (6, '1a1', null);

-- the same rows in the other tables
insert into bits_rr select * from bits_hash;

-- and in the replicated one
insert into bits_rep select * from bits_hash;

-- ORDER BY in bit_cmp's order, NULLs last
select * from bits_hash order by b, id;

-- ORDER BY DESC on the round-robin table
select id, a, b from bits_rr order by a desc, id;

-- GROUP BY a bit column
select a, count(*) from bits_rr group by a order by a;

-- DISTINCT on bit varying
select distinct b from bits_rep order by b;

-- WHERE with a bit constant, pushed or not
select id from bits_hash where a = B'101' order by id;

-- WHERE with a string read as a bit string
select id from bits_hash where b > '1' order by id;

-- bitwise operators over columns
select id, a & B'011' as x, a | B'100' as y, ~a as z, a << 1 as s from bits_hash order by id;

-- functions over columns
select id, length(b), bit_length(b), octet_length(b), a::int as n from bits_hash order by id;

-- a bit column joined with another table's
select h.id, r.id from bits_hash h join bits_rep r on h.a = r.a order by 1, 2;

-- UPDATE with a bit expression and RETURNING
update bits_hash set b = a || a where id = 1 returning id, a, b;

-- UPDATE past bit varying(5): 22001
update bits_hash set b = a || a where id = 2;

-- UPDATE setting a string
update bits_rr set a = '110' where id = 4 returning id, a;

-- DELETE by a bit value
delete from bits_rep where a = B'000';

-- the rows left
select * from bits_rep order by id;

-- UNION of bit and bit varying has the first one's type, bit
select a from bits_hash where id = 1 union all select b from bits_hash where id = 2 order by 1;

-- the catalog's view of the columns
select attname, format_type(atttypid, atttypmod), atttypmod from pg_attribute
 where attrelid = 'bits_hash'::regclass and attnum > 0 order by attnum;

-- information_schema's data type and length
select column_name, data_type, character_maximum_length from information_schema.columns
 where table_name = 'bits_hash' order by ordinal_position;

-- pg_type rows of bit and varbit
select oid::int, typname::text, typlen, typcategory::text from pg_type where oid in (1560, 1562) order by oid;

-- clean up
drop table bits_hash, bits_rr, bits_rep;
