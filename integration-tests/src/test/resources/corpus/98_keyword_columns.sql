-- Words PostgreSQL 15 does not reserve (unreserved or col_name keywords in its kwlist.h) that Calcite's grammar
-- reserves: Tessera's grammar takes them as names (nonReservedKeywordsToAdd), so each is a column name, written bare
-- or qualified, in CREATE TABLE, INSERT, SELECT, WHERE, ORDER BY and UPDATE.

create table kw98 (id int primary key, cycle int, identity int, precision int, by int, system int, within int,
    without int, no int, old int, returns int, atomic int, cube int, deallocate int, double int,
    local int, match int, of int, prepare int, sql int, year int, value int, member int) distribute by hash(id);

insert into kw98 values (1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23);

-- a column list of keyword names
insert into kw98 (id, cycle, by, no, of, double) values (2, 10, 20, 30, 40, 50);

-- bare in the select list
select cycle, identity, precision, by, system, within, without, no, old, returns, atomic from kw98
order by id;

select cube, deallocate, double, local, match, of, prepare, sql, year, value, member from kw98 order by id;

-- qualified by an alias
select k.cycle, k.by, k.no, k.of, k.double, k.precision, k.within from kw98 k order by k.id;

-- in WHERE and ORDER BY
select id from kw98 where cycle = 1 and by = 4 and of = 18;

select id, cycle + no as total from kw98 order by by desc;

-- as the target of UPDATE's SET
update kw98 set within = 60, without = 70 where no = 30;

select id, within, without from kw98 order by id;

-- as output names
select sum(identity) as identity, max(system) as system, count(*) as cycle from kw98;

-- DOUBLE PRECISION stays a type where a type is expected
create table kw98b (id int primary key, double double precision, precision double precision) distribute by hash(id);

insert into kw98b values (1, 1.5, 2.5);

select double, precision, double * precision as product from kw98b;
