-- bytea as text, an enum column in information_schema.columns, and row comparisons in an UPDATE's or DELETE's WHERE
-- (found by a side-by-side probe: '41' for '\x41', data_type text, 0A000 with a plan dump).

-- a bytea's text is its output form (hex, with \x)
select '\x41'::bytea::text, 'abc'::bytea::text, ''::bytea::text, null::bytea::text, cast(decode('00ff', 'hex') as text);
select 'x' || '\x0a'::bytea::text;

create type mood85 as enum ('sad', 'ok');
create table enum85 (id int primary key, m mood85, t text, v varchar(5));
-- an enum column is USER-DEFINED, its type named by udt_schema and udt_name
select column_name, data_type, udt_schema, udt_name, character_maximum_length, character_octet_length
from information_schema.columns where table_name = 'enum85' order by ordinal_position;

create table rows85 (a int primary key, b int, c text);
insert into rows85 values (1, 1, 'x'), (2, 0, 'y'), (3, null, 'z');
-- row comparisons in DML conditions compare pair by pair, a NULL pair making the row comparison NULL
update rows85 set c = 'w' where (a, b) < (2, 1);
select * from rows85 order by a;
delete from rows85 where (a, b) = (3, null);
delete from rows85 where (b, a) >= (1, 1) returning a;
select * from rows85 order by a;
update rows85 set b = 5 where (a, c) in ((2, 'y'), (3, 'z')) returning *;
