-- ALTER TYPE ... ADD VALUE inside a transaction block, as PostgreSQL 15 has it: the statement runs, but the new
-- value cannot be used before COMMIT (55P04 "unsafe use of new value"): not as a literal, not through a cast of
-- text at run time, not in enum_range or enum_last; the old values stay usable, and after COMMIT the new one is.

create type mood133 as enum ('sad', 'ok');

create table e133 (id int primary key, m mood133) distribute by hash (id);

insert into e133 values (1, 'sad'), (2, 'ok');

begin;

alter type mood133 add value 'happy';

-- the old values are safe
select 'sad'::mood133;

select id, m from e133 where m = 'ok';

-- a literal of the new value is unsafe
select 'happy'::mood133;

rollback;

begin;

alter type mood133 add value 'happy';

-- an insert of it is unsafe
insert into e133 values (3, 'happy');

rollback;

begin;

alter type mood133 add value 'happy';

-- a comparison with it is unsafe
select count(*) from e133 where m = 'happy';

rollback;

begin;

alter type mood133 add value 'happy';

-- text cast at run time is unsafe
select id, ('h' || 'appy')::mood133 from e133 order by id;

rollback;

begin;

alter type mood133 add value 'happy';

-- a cast of a text the new value is not goes on as before
select id, m::text::mood133 from e133 order by id;

-- enum_range reaches the new value: unsafe
select enum_range(null::mood133);

rollback;

begin;

alter type mood133 add value 'happy' before 'sad';

-- enum_first is the new value: unsafe
select enum_first(null::mood133);

rollback;

begin;

alter type mood133 add value 'happy';

-- enum_first is an old value: safe
select enum_first(null::mood133);

-- enum_last is the new one
select enum_last(null::mood133);

rollback;

begin;

alter type mood133 add value 'glad';

savepoint s;

select 'glad'::mood133;

rollback to s;

-- a renamed new value is still new
alter type mood133 rename value 'glad' to 'joy';

select 'joy'::mood133;

rollback;

-- a type created in the block: its own values are safe, an added one is not
begin;

create type m133 as enum ('a');

alter type m133 add value 'b';

select 'a'::m133;

select 'b'::m133;

rollback;

-- after COMMIT the value is usable, in this session and in its next statements
begin;

alter type mood133 add value 'happy';

commit;

select 'happy'::mood133;

insert into e133 values (3, 'happy');

select id, m from e133 order by m, id;
