-- The object size functions (issue 11): what does not depend on the sizes themselves, which are RocksDB's
-- estimates here and 8 kB pages in PostgreSQL. Types, NULL inputs, unknown objects, views, sequences and errors.

create table t103 (id int primary key, v text);

create index t103_v on t103 (v);

create view v103 as select id from t103;

create sequence s103;

insert into t103 values (1, 'a'), (2, 'b');

-- every size function is strict: NULL in, NULL out
select pg_relation_size(NULL) as rel, pg_table_size(NULL) as tab, pg_total_relation_size(NULL) as total,
    pg_indexes_size(NULL) as idx, pg_database_size(NULL::name) as db_name, pg_database_size(NULL::oid) as db_oid;

-- a NULL fork name gives NULL too
select pg_relation_size('t103', NULL) as no_fork;

-- an OID that names no relation gives NULL, not an error (oid 0 included)
select pg_relation_size(999999) as rel, pg_table_size(999999) as tab, pg_total_relation_size(999999) as total,
    pg_indexes_size(999999) as idx, pg_relation_size(0) as zero;

-- the result type is bigint, and a stored table has a size of at least 0
select pg_typeof(pg_total_relation_size('t103'))::text as typ, pg_total_relation_size('t103') >= 0 as measured,
    pg_table_size('t103') >= 0 as table_measured, pg_indexes_size('t103') >= 0 as indexes_measured;

-- a view stores nothing: 0 for every function
select pg_relation_size('v103') as rel, pg_table_size('v103') as tab, pg_total_relation_size('v103') as total,
    pg_indexes_size('v103') as idx;

-- a sequence is one page, and has no indexes
select pg_relation_size('s103') as rel, pg_table_size('s103') as tab, pg_total_relation_size('s103') as total,
    pg_indexes_size('s103') as idx;

-- an index has no indexes of its own
select pg_indexes_size('t103_v') as idx;

-- the free space map, visibility map and init forks are empty
select pg_relation_size('t103', 'fsm') as fsm, pg_relation_size('t103', 'vm') as vm,
    pg_relation_size('t103', 'init') as init;

-- an unknown fork name: 22023 invalid fork name
select pg_relation_size('t103', 'heap');

-- a name that denotes no relation: 42P01
select pg_total_relation_size('no_such_103');

-- an unknown database name: 3D000; an unknown database OID: NULL
select pg_database_size('no_such_db_103');

select pg_database_size(4242424::oid) as unknown_oid, pg_database_size(current_database()) > 0 as measured;

-- tablespaces: the default one is measured, an unknown name is 42704, an unknown OID NULL
select pg_tablespace_size('pg_default') > 0 as measured, pg_tablespace_size(99999::oid) as unknown_oid;

select pg_tablespace_size('no_such_space_103');

drop view v103;

drop sequence s103;

drop table t103;
