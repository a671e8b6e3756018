-- PREPARE / EXECUTE / DEALLOCATE in SQL: declared and inferred parameter types, DML with RETURNING, errors.

create table prep_t (id int primary key, s text, v numeric(8,2)) distribute by hash(id);

insert into prep_t values (1, 'a', 1.5), (2, 'b', 2.5), (3, 'c', null);

-- a query with declared parameter types
prepare q1 (int) as select id, s from prep_t where id > $1 order by id;

execute q1(1);

execute q1 (2);

-- a parameter whose type is inferred from its use
prepare q2 as select s from prep_t where id = $1;

execute q2(3);

-- arguments are expressions, coerced to the parameters' types
execute q1(1 + 1);

-- DML with RETURNING
prepare ins (int, text, numeric) as insert into prep_t values ($1, $2, $3) returning id, v;

execute ins(4, 'd', 4.25);

prepare upd as update prep_t set v = v + $2 where id = $1 returning *;

execute upd(1, 10);

select * from prep_t order by id;

-- a name in use: 42P05
prepare q1 as select 1;

-- an unknown name: 26000
execute nosuch(1);

-- the wrong number of arguments: 42601
execute q1(1, 2);

-- DEALLOCATE removes one, DEALLOCATE ALL every one
deallocate q1;

execute q1(1);

deallocate prepare q2;

deallocate nosuch;

deallocate all;

execute ins(5, 'e', 5);
