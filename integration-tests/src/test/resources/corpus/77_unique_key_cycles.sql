-- UPDATEs of a unique key (the primary key, or a UNIQUE constraint over the distribution column) whose rows pass
-- their keys around in a cycle: PostgreSQL checks a NOT DEFERRABLE key row by row, so in any order the first row of
-- the cycle meets the next one's old key (23505, naming the new key of the first row); nothing changes. Keys moved
-- out of the way or kept are no conflict.

create table ukc (id int primary key, v text) distribute by hash(id);

create table ukc_u (a int unique, b text) distribute by hash(a);

insert into ukc values (1, 'a'), (2, 'b'), (3, 'c');

insert into ukc_u values (1, 'x'), (2, 'y'), (null, 'n');

-- a swap of two primary keys is 23505
update ukc set id = 3 - id where id in (1, 2);

-- a cycle of three keys is 23505
update ukc set id = id % 3 + 1;

-- nothing changed
select id, v from ukc order by id;

-- every key moved to a free one: no conflict
update ukc set id = id + 10;

-- a row that keeps its key meets only itself
update ukc set id = id, v = v || '!' where id = 11;

select id, v from ukc order by id;

-- a swap of a UNIQUE constraint's keys is 23505 too; a NULL never conflicts
update ukc_u set a = 3 - a;

select a, b from ukc_u order by a nulls last;

drop table ukc;

drop table ukc_u;
