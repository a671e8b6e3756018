-- INSERT's assignment typing (PostgreSQL's transformAssignedExpr with COERCION_ASSIGNMENT): a value goes into a
-- column when its SQL type has an implicit or assignment cast to the column's type (pg_cast 'i'/'a', or the I/O
-- conversion to a string type), converted by that cast; an untyped literal is read by the column's input
-- function; anything else is 42804. Every pair of the common types, literals, and INSERT ... SELECT.

create type mood107 as enum ('sad', 'ok', 'happy');
create table a107 (id int primary key, c_int2 int2, c_int4 int4, c_int8 int8, c_num numeric(8,2), c_f4 float4, c_f8 float8, c_text text, c_vc varchar(30), c_ch char(30), c_bool bool, c_date date, c_ts timestamp, c_tz timestamptz, c_time time, c_iv interval, c_json json, c_jsonb jsonb, c_bytea bytea, c_uuid uuid, c_mood mood107) distribute by hash(id);

-- a int2 expression into each column type: accepted where a cast exists, else 42804
insert into a107 (id, c_int2) values (1, 7::int2);
insert into a107 (id, c_int4) values (2, 7::int2);
insert into a107 (id, c_int8) values (3, 7::int2);
insert into a107 (id, c_num) values (4, 7::int2);
insert into a107 (id, c_f4) values (5, 7::int2);
insert into a107 (id, c_f8) values (6, 7::int2);
insert into a107 (id, c_text) values (7, 7::int2);
insert into a107 (id, c_vc) values (8, 7::int2);
insert into a107 (id, c_ch) values (9, 7::int2);
insert into a107 (id, c_bool) values (10, 7::int2);
insert into a107 (id, c_date) values (11, 7::int2);
insert into a107 (id, c_ts) values (12, 7::int2);
insert into a107 (id, c_tz) values (13, 7::int2);
insert into a107 (id, c_time) values (14, 7::int2);
insert into a107 (id, c_iv) values (15, 7::int2);
insert into a107 (id, c_json) values (16, 7::int2);
insert into a107 (id, c_jsonb) values (17, 7::int2);
insert into a107 (id, c_bytea) values (18, 7::int2);
insert into a107 (id, c_uuid) values (19, 7::int2);
insert into a107 (id, c_mood) values (20, 7::int2);

-- a int4 expression into each column type: accepted where a cast exists, else 42804
insert into a107 (id, c_int2) values (21, 70);
insert into a107 (id, c_int4) values (22, 70);
insert into a107 (id, c_int8) values (23, 70);
insert into a107 (id, c_num) values (24, 70);
insert into a107 (id, c_f4) values (25, 70);
insert into a107 (id, c_f8) values (26, 70);
insert into a107 (id, c_text) values (27, 70);
insert into a107 (id, c_vc) values (28, 70);
insert into a107 (id, c_ch) values (29, 70);
insert into a107 (id, c_bool) values (30, 70);
insert into a107 (id, c_date) values (31, 70);
insert into a107 (id, c_ts) values (32, 70);
insert into a107 (id, c_tz) values (33, 70);
insert into a107 (id, c_time) values (34, 70);
insert into a107 (id, c_iv) values (35, 70);
insert into a107 (id, c_json) values (36, 70);
insert into a107 (id, c_jsonb) values (37, 70);
insert into a107 (id, c_bytea) values (38, 70);
insert into a107 (id, c_uuid) values (39, 70);
insert into a107 (id, c_mood) values (40, 70);

-- a int8 expression into each column type: accepted where a cast exists, else 42804
insert into a107 (id, c_int2) values (41, 12::int8);
insert into a107 (id, c_int4) values (42, 12::int8);
insert into a107 (id, c_int8) values (43, 12::int8);
insert into a107 (id, c_num) values (44, 12::int8);
insert into a107 (id, c_f4) values (45, 12::int8);
insert into a107 (id, c_f8) values (46, 12::int8);
insert into a107 (id, c_text) values (47, 12::int8);
insert into a107 (id, c_vc) values (48, 12::int8);
insert into a107 (id, c_ch) values (49, 12::int8);
insert into a107 (id, c_bool) values (50, 12::int8);
insert into a107 (id, c_date) values (51, 12::int8);
insert into a107 (id, c_ts) values (52, 12::int8);
insert into a107 (id, c_tz) values (53, 12::int8);
insert into a107 (id, c_time) values (54, 12::int8);
insert into a107 (id, c_iv) values (55, 12::int8);
insert into a107 (id, c_json) values (56, 12::int8);
insert into a107 (id, c_jsonb) values (57, 12::int8);
insert into a107 (id, c_bytea) values (58, 12::int8);
insert into a107 (id, c_uuid) values (59, 12::int8);
insert into a107 (id, c_mood) values (60, 12::int8);

-- a numeric expression into each column type: accepted where a cast exists, else 42804
insert into a107 (id, c_int2) values (61, 2.5::numeric);
insert into a107 (id, c_int4) values (62, 2.5::numeric);
insert into a107 (id, c_int8) values (63, 2.5::numeric);
insert into a107 (id, c_num) values (64, 2.5::numeric);
insert into a107 (id, c_f4) values (65, 2.5::numeric);
insert into a107 (id, c_f8) values (66, 2.5::numeric);
insert into a107 (id, c_text) values (67, 2.5::numeric);
insert into a107 (id, c_vc) values (68, 2.5::numeric);
insert into a107 (id, c_ch) values (69, 2.5::numeric);
insert into a107 (id, c_bool) values (70, 2.5::numeric);
insert into a107 (id, c_date) values (71, 2.5::numeric);
insert into a107 (id, c_ts) values (72, 2.5::numeric);
insert into a107 (id, c_tz) values (73, 2.5::numeric);
insert into a107 (id, c_time) values (74, 2.5::numeric);
insert into a107 (id, c_iv) values (75, 2.5::numeric);
insert into a107 (id, c_json) values (76, 2.5::numeric);
insert into a107 (id, c_jsonb) values (77, 2.5::numeric);
insert into a107 (id, c_bytea) values (78, 2.5::numeric);
insert into a107 (id, c_uuid) values (79, 2.5::numeric);
insert into a107 (id, c_mood) values (80, 2.5::numeric);

-- a float4 expression into each column type: accepted where a cast exists, else 42804
insert into a107 (id, c_int2) values (81, 2.5::float4);
insert into a107 (id, c_int4) values (82, 2.5::float4);
insert into a107 (id, c_int8) values (83, 2.5::float4);
insert into a107 (id, c_num) values (84, 2.5::float4);
insert into a107 (id, c_f4) values (85, 2.5::float4);
insert into a107 (id, c_f8) values (86, 2.5::float4);
insert into a107 (id, c_text) values (87, 2.5::float4);
insert into a107 (id, c_vc) values (88, 2.5::float4);
insert into a107 (id, c_ch) values (89, 2.5::float4);
insert into a107 (id, c_bool) values (90, 2.5::float4);
insert into a107 (id, c_date) values (91, 2.5::float4);
insert into a107 (id, c_ts) values (92, 2.5::float4);
insert into a107 (id, c_tz) values (93, 2.5::float4);
insert into a107 (id, c_time) values (94, 2.5::float4);
insert into a107 (id, c_iv) values (95, 2.5::float4);
insert into a107 (id, c_json) values (96, 2.5::float4);
insert into a107 (id, c_jsonb) values (97, 2.5::float4);
insert into a107 (id, c_bytea) values (98, 2.5::float4);
insert into a107 (id, c_uuid) values (99, 2.5::float4);
insert into a107 (id, c_mood) values (100, 2.5::float4);

-- a float8 expression into each column type: accepted where a cast exists, else 42804
insert into a107 (id, c_int2) values (101, 3.5::float8);
insert into a107 (id, c_int4) values (102, 3.5::float8);
insert into a107 (id, c_int8) values (103, 3.5::float8);
insert into a107 (id, c_num) values (104, 3.5::float8);
insert into a107 (id, c_f4) values (105, 3.5::float8);
insert into a107 (id, c_f8) values (106, 3.5::float8);
insert into a107 (id, c_text) values (107, 3.5::float8);
insert into a107 (id, c_vc) values (108, 3.5::float8);
insert into a107 (id, c_ch) values (109, 3.5::float8);
insert into a107 (id, c_bool) values (110, 3.5::float8);
insert into a107 (id, c_date) values (111, 3.5::float8);
insert into a107 (id, c_ts) values (112, 3.5::float8);
insert into a107 (id, c_tz) values (113, 3.5::float8);
insert into a107 (id, c_time) values (114, 3.5::float8);
insert into a107 (id, c_iv) values (115, 3.5::float8);
insert into a107 (id, c_json) values (116, 3.5::float8);
insert into a107 (id, c_jsonb) values (117, 3.5::float8);
insert into a107 (id, c_bytea) values (118, 3.5::float8);
insert into a107 (id, c_uuid) values (119, 3.5::float8);
insert into a107 (id, c_mood) values (120, 3.5::float8);

-- a text expression into each column type: accepted where a cast exists, else 42804
insert into a107 (id, c_int2) values (121, 'abc'::text);
insert into a107 (id, c_int4) values (122, 'abc'::text);
insert into a107 (id, c_int8) values (123, 'abc'::text);
insert into a107 (id, c_num) values (124, 'abc'::text);
insert into a107 (id, c_f4) values (125, 'abc'::text);
insert into a107 (id, c_f8) values (126, 'abc'::text);
insert into a107 (id, c_text) values (127, 'abc'::text);
insert into a107 (id, c_vc) values (128, 'abc'::text);
insert into a107 (id, c_ch) values (129, 'abc'::text);
insert into a107 (id, c_bool) values (130, 'abc'::text);
insert into a107 (id, c_date) values (131, 'abc'::text);
insert into a107 (id, c_ts) values (132, 'abc'::text);
insert into a107 (id, c_tz) values (133, 'abc'::text);
insert into a107 (id, c_time) values (134, 'abc'::text);
insert into a107 (id, c_iv) values (135, 'abc'::text);
insert into a107 (id, c_json) values (136, 'abc'::text);
insert into a107 (id, c_jsonb) values (137, 'abc'::text);
insert into a107 (id, c_bytea) values (138, 'abc'::text);
insert into a107 (id, c_uuid) values (139, 'abc'::text);
insert into a107 (id, c_mood) values (140, 'abc'::text);

-- a varchar expression into each column type: accepted where a cast exists, else 42804
insert into a107 (id, c_int2) values (141, 'abc'::varchar(5));
insert into a107 (id, c_int4) values (142, 'abc'::varchar(5));
insert into a107 (id, c_int8) values (143, 'abc'::varchar(5));
insert into a107 (id, c_num) values (144, 'abc'::varchar(5));
insert into a107 (id, c_f4) values (145, 'abc'::varchar(5));
insert into a107 (id, c_f8) values (146, 'abc'::varchar(5));
insert into a107 (id, c_text) values (147, 'abc'::varchar(5));
insert into a107 (id, c_vc) values (148, 'abc'::varchar(5));
insert into a107 (id, c_ch) values (149, 'abc'::varchar(5));
insert into a107 (id, c_bool) values (150, 'abc'::varchar(5));
insert into a107 (id, c_date) values (151, 'abc'::varchar(5));
insert into a107 (id, c_ts) values (152, 'abc'::varchar(5));
insert into a107 (id, c_tz) values (153, 'abc'::varchar(5));
insert into a107 (id, c_time) values (154, 'abc'::varchar(5));
insert into a107 (id, c_iv) values (155, 'abc'::varchar(5));
insert into a107 (id, c_json) values (156, 'abc'::varchar(5));
insert into a107 (id, c_jsonb) values (157, 'abc'::varchar(5));
insert into a107 (id, c_bytea) values (158, 'abc'::varchar(5));
insert into a107 (id, c_uuid) values (159, 'abc'::varchar(5));
insert into a107 (id, c_mood) values (160, 'abc'::varchar(5));

-- a char expression into each column type: accepted where a cast exists, else 42804
insert into a107 (id, c_int2) values (161, 'abc'::char(5));
insert into a107 (id, c_int4) values (162, 'abc'::char(5));
insert into a107 (id, c_int8) values (163, 'abc'::char(5));
insert into a107 (id, c_num) values (164, 'abc'::char(5));
insert into a107 (id, c_f4) values (165, 'abc'::char(5));
insert into a107 (id, c_f8) values (166, 'abc'::char(5));
insert into a107 (id, c_text) values (167, 'abc'::char(5));
insert into a107 (id, c_vc) values (168, 'abc'::char(5));
insert into a107 (id, c_ch) values (169, 'abc'::char(5));
insert into a107 (id, c_bool) values (170, 'abc'::char(5));
insert into a107 (id, c_date) values (171, 'abc'::char(5));
insert into a107 (id, c_ts) values (172, 'abc'::char(5));
insert into a107 (id, c_tz) values (173, 'abc'::char(5));
insert into a107 (id, c_time) values (174, 'abc'::char(5));
insert into a107 (id, c_iv) values (175, 'abc'::char(5));
insert into a107 (id, c_json) values (176, 'abc'::char(5));
insert into a107 (id, c_jsonb) values (177, 'abc'::char(5));
insert into a107 (id, c_bytea) values (178, 'abc'::char(5));
insert into a107 (id, c_uuid) values (179, 'abc'::char(5));
insert into a107 (id, c_mood) values (180, 'abc'::char(5));

-- a bool expression into each column type: accepted where a cast exists, else 42804
insert into a107 (id, c_int2) values (181, true);
insert into a107 (id, c_int4) values (182, true);
insert into a107 (id, c_int8) values (183, true);
insert into a107 (id, c_num) values (184, true);
insert into a107 (id, c_f4) values (185, true);
insert into a107 (id, c_f8) values (186, true);
insert into a107 (id, c_text) values (187, true);
insert into a107 (id, c_vc) values (188, true);
insert into a107 (id, c_ch) values (189, true);
insert into a107 (id, c_bool) values (190, true);
insert into a107 (id, c_date) values (191, true);
insert into a107 (id, c_ts) values (192, true);
insert into a107 (id, c_tz) values (193, true);
insert into a107 (id, c_time) values (194, true);
insert into a107 (id, c_iv) values (195, true);
insert into a107 (id, c_json) values (196, true);
insert into a107 (id, c_jsonb) values (197, true);
insert into a107 (id, c_bytea) values (198, true);
insert into a107 (id, c_uuid) values (199, true);
insert into a107 (id, c_mood) values (200, true);

-- a date expression into each column type: accepted where a cast exists, else 42804
insert into a107 (id, c_int2) values (201, '2020-02-03'::date);
insert into a107 (id, c_int4) values (202, '2020-02-03'::date);
insert into a107 (id, c_int8) values (203, '2020-02-03'::date);
insert into a107 (id, c_num) values (204, '2020-02-03'::date);
insert into a107 (id, c_f4) values (205, '2020-02-03'::date);
insert into a107 (id, c_f8) values (206, '2020-02-03'::date);
insert into a107 (id, c_text) values (207, '2020-02-03'::date);
insert into a107 (id, c_vc) values (208, '2020-02-03'::date);
insert into a107 (id, c_ch) values (209, '2020-02-03'::date);
insert into a107 (id, c_bool) values (210, '2020-02-03'::date);
insert into a107 (id, c_date) values (211, '2020-02-03'::date);
insert into a107 (id, c_ts) values (212, '2020-02-03'::date);
insert into a107 (id, c_tz) values (213, '2020-02-03'::date);
insert into a107 (id, c_time) values (214, '2020-02-03'::date);
insert into a107 (id, c_iv) values (215, '2020-02-03'::date);
insert into a107 (id, c_json) values (216, '2020-02-03'::date);
insert into a107 (id, c_jsonb) values (217, '2020-02-03'::date);
insert into a107 (id, c_bytea) values (218, '2020-02-03'::date);
insert into a107 (id, c_uuid) values (219, '2020-02-03'::date);
insert into a107 (id, c_mood) values (220, '2020-02-03'::date);

-- a timestamp expression into each column type: accepted where a cast exists, else 42804
insert into a107 (id, c_int2) values (221, '2020-02-03 04:05:06'::timestamp);
insert into a107 (id, c_int4) values (222, '2020-02-03 04:05:06'::timestamp);
insert into a107 (id, c_int8) values (223, '2020-02-03 04:05:06'::timestamp);
insert into a107 (id, c_num) values (224, '2020-02-03 04:05:06'::timestamp);
insert into a107 (id, c_f4) values (225, '2020-02-03 04:05:06'::timestamp);
insert into a107 (id, c_f8) values (226, '2020-02-03 04:05:06'::timestamp);
insert into a107 (id, c_text) values (227, '2020-02-03 04:05:06'::timestamp);
insert into a107 (id, c_vc) values (228, '2020-02-03 04:05:06'::timestamp);
insert into a107 (id, c_ch) values (229, '2020-02-03 04:05:06'::timestamp);
insert into a107 (id, c_bool) values (230, '2020-02-03 04:05:06'::timestamp);
insert into a107 (id, c_date) values (231, '2020-02-03 04:05:06'::timestamp);
insert into a107 (id, c_ts) values (232, '2020-02-03 04:05:06'::timestamp);
insert into a107 (id, c_tz) values (233, '2020-02-03 04:05:06'::timestamp);
insert into a107 (id, c_time) values (234, '2020-02-03 04:05:06'::timestamp);
insert into a107 (id, c_iv) values (235, '2020-02-03 04:05:06'::timestamp);
insert into a107 (id, c_json) values (236, '2020-02-03 04:05:06'::timestamp);
insert into a107 (id, c_jsonb) values (237, '2020-02-03 04:05:06'::timestamp);
insert into a107 (id, c_bytea) values (238, '2020-02-03 04:05:06'::timestamp);
insert into a107 (id, c_uuid) values (239, '2020-02-03 04:05:06'::timestamp);
insert into a107 (id, c_mood) values (240, '2020-02-03 04:05:06'::timestamp);

-- a timestamptz expression into each column type: accepted where a cast exists, else 42804
insert into a107 (id, c_int2) values (241, '2020-02-03 04:05:06+00'::timestamptz);
insert into a107 (id, c_int4) values (242, '2020-02-03 04:05:06+00'::timestamptz);
insert into a107 (id, c_int8) values (243, '2020-02-03 04:05:06+00'::timestamptz);
insert into a107 (id, c_num) values (244, '2020-02-03 04:05:06+00'::timestamptz);
insert into a107 (id, c_f4) values (245, '2020-02-03 04:05:06+00'::timestamptz);
insert into a107 (id, c_f8) values (246, '2020-02-03 04:05:06+00'::timestamptz);
insert into a107 (id, c_text) values (247, '2020-02-03 04:05:06+00'::timestamptz);
insert into a107 (id, c_vc) values (248, '2020-02-03 04:05:06+00'::timestamptz);
insert into a107 (id, c_ch) values (249, '2020-02-03 04:05:06+00'::timestamptz);
insert into a107 (id, c_bool) values (250, '2020-02-03 04:05:06+00'::timestamptz);
insert into a107 (id, c_date) values (251, '2020-02-03 04:05:06+00'::timestamptz);
insert into a107 (id, c_ts) values (252, '2020-02-03 04:05:06+00'::timestamptz);
insert into a107 (id, c_tz) values (253, '2020-02-03 04:05:06+00'::timestamptz);
insert into a107 (id, c_time) values (254, '2020-02-03 04:05:06+00'::timestamptz);
insert into a107 (id, c_iv) values (255, '2020-02-03 04:05:06+00'::timestamptz);
insert into a107 (id, c_json) values (256, '2020-02-03 04:05:06+00'::timestamptz);
insert into a107 (id, c_jsonb) values (257, '2020-02-03 04:05:06+00'::timestamptz);
insert into a107 (id, c_bytea) values (258, '2020-02-03 04:05:06+00'::timestamptz);
insert into a107 (id, c_uuid) values (259, '2020-02-03 04:05:06+00'::timestamptz);
insert into a107 (id, c_mood) values (260, '2020-02-03 04:05:06+00'::timestamptz);

-- a time expression into each column type: accepted where a cast exists, else 42804
insert into a107 (id, c_int2) values (261, '04:05:06'::time);
insert into a107 (id, c_int4) values (262, '04:05:06'::time);
insert into a107 (id, c_int8) values (263, '04:05:06'::time);
insert into a107 (id, c_num) values (264, '04:05:06'::time);
insert into a107 (id, c_f4) values (265, '04:05:06'::time);
insert into a107 (id, c_f8) values (266, '04:05:06'::time);
insert into a107 (id, c_text) values (267, '04:05:06'::time);
insert into a107 (id, c_vc) values (268, '04:05:06'::time);
insert into a107 (id, c_ch) values (269, '04:05:06'::time);
insert into a107 (id, c_bool) values (270, '04:05:06'::time);
insert into a107 (id, c_date) values (271, '04:05:06'::time);
insert into a107 (id, c_ts) values (272, '04:05:06'::time);
insert into a107 (id, c_tz) values (273, '04:05:06'::time);
insert into a107 (id, c_time) values (274, '04:05:06'::time);
insert into a107 (id, c_iv) values (275, '04:05:06'::time);
insert into a107 (id, c_json) values (276, '04:05:06'::time);
insert into a107 (id, c_jsonb) values (277, '04:05:06'::time);
insert into a107 (id, c_bytea) values (278, '04:05:06'::time);
insert into a107 (id, c_uuid) values (279, '04:05:06'::time);
insert into a107 (id, c_mood) values (280, '04:05:06'::time);

-- a interval expression into each column type: accepted where a cast exists, else 42804
insert into a107 (id, c_int2) values (281, '1 day 02:00'::interval);
insert into a107 (id, c_int4) values (282, '1 day 02:00'::interval);
insert into a107 (id, c_int8) values (283, '1 day 02:00'::interval);
insert into a107 (id, c_num) values (284, '1 day 02:00'::interval);
insert into a107 (id, c_f4) values (285, '1 day 02:00'::interval);
insert into a107 (id, c_f8) values (286, '1 day 02:00'::interval);
insert into a107 (id, c_text) values (287, '1 day 02:00'::interval);
insert into a107 (id, c_vc) values (288, '1 day 02:00'::interval);
insert into a107 (id, c_ch) values (289, '1 day 02:00'::interval);
insert into a107 (id, c_bool) values (290, '1 day 02:00'::interval);
insert into a107 (id, c_date) values (291, '1 day 02:00'::interval);
insert into a107 (id, c_ts) values (292, '1 day 02:00'::interval);
insert into a107 (id, c_tz) values (293, '1 day 02:00'::interval);
insert into a107 (id, c_time) values (294, '1 day 02:00'::interval);
insert into a107 (id, c_iv) values (295, '1 day 02:00'::interval);
insert into a107 (id, c_json) values (296, '1 day 02:00'::interval);
insert into a107 (id, c_jsonb) values (297, '1 day 02:00'::interval);
insert into a107 (id, c_bytea) values (298, '1 day 02:00'::interval);
insert into a107 (id, c_uuid) values (299, '1 day 02:00'::interval);
insert into a107 (id, c_mood) values (300, '1 day 02:00'::interval);

-- a bytea expression into each column type: accepted where a cast exists, else 42804
insert into a107 (id, c_int2) values (301, '\x0102'::bytea);
insert into a107 (id, c_int4) values (302, '\x0102'::bytea);
insert into a107 (id, c_int8) values (303, '\x0102'::bytea);
insert into a107 (id, c_num) values (304, '\x0102'::bytea);
insert into a107 (id, c_f4) values (305, '\x0102'::bytea);
insert into a107 (id, c_f8) values (306, '\x0102'::bytea);
insert into a107 (id, c_text) values (307, '\x0102'::bytea);
insert into a107 (id, c_vc) values (308, '\x0102'::bytea);
insert into a107 (id, c_ch) values (309, '\x0102'::bytea);
insert into a107 (id, c_bool) values (310, '\x0102'::bytea);
insert into a107 (id, c_date) values (311, '\x0102'::bytea);
insert into a107 (id, c_ts) values (312, '\x0102'::bytea);
insert into a107 (id, c_tz) values (313, '\x0102'::bytea);
insert into a107 (id, c_time) values (314, '\x0102'::bytea);
insert into a107 (id, c_iv) values (315, '\x0102'::bytea);
insert into a107 (id, c_json) values (316, '\x0102'::bytea);
insert into a107 (id, c_jsonb) values (317, '\x0102'::bytea);
insert into a107 (id, c_bytea) values (318, '\x0102'::bytea);
insert into a107 (id, c_uuid) values (319, '\x0102'::bytea);
insert into a107 (id, c_mood) values (320, '\x0102'::bytea);

-- a uuid expression into each column type: accepted where a cast exists, else 42804
insert into a107 (id, c_int2) values (321, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid);
insert into a107 (id, c_int4) values (322, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid);
insert into a107 (id, c_int8) values (323, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid);
insert into a107 (id, c_num) values (324, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid);
insert into a107 (id, c_f4) values (325, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid);
insert into a107 (id, c_f8) values (326, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid);
insert into a107 (id, c_text) values (327, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid);
insert into a107 (id, c_vc) values (328, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid);
insert into a107 (id, c_ch) values (329, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid);
insert into a107 (id, c_bool) values (330, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid);
insert into a107 (id, c_date) values (331, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid);
insert into a107 (id, c_ts) values (332, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid);
insert into a107 (id, c_tz) values (333, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid);
insert into a107 (id, c_time) values (334, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid);
insert into a107 (id, c_iv) values (335, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid);
insert into a107 (id, c_json) values (336, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid);
insert into a107 (id, c_jsonb) values (337, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid);
insert into a107 (id, c_bytea) values (338, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid);
insert into a107 (id, c_uuid) values (339, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid);
insert into a107 (id, c_mood) values (340, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid);

-- a enum expression into each column type: accepted where a cast exists, else 42804
insert into a107 (id, c_int2) values (341, 'ok'::mood107);
insert into a107 (id, c_int4) values (342, 'ok'::mood107);
insert into a107 (id, c_int8) values (343, 'ok'::mood107);
insert into a107 (id, c_num) values (344, 'ok'::mood107);
insert into a107 (id, c_f4) values (345, 'ok'::mood107);
insert into a107 (id, c_f8) values (346, 'ok'::mood107);
insert into a107 (id, c_text) values (347, 'ok'::mood107);
insert into a107 (id, c_vc) values (348, 'ok'::mood107);
insert into a107 (id, c_ch) values (349, 'ok'::mood107);
insert into a107 (id, c_bool) values (350, 'ok'::mood107);
insert into a107 (id, c_date) values (351, 'ok'::mood107);
insert into a107 (id, c_ts) values (352, 'ok'::mood107);
insert into a107 (id, c_tz) values (353, 'ok'::mood107);
insert into a107 (id, c_time) values (354, 'ok'::mood107);
insert into a107 (id, c_iv) values (355, 'ok'::mood107);
insert into a107 (id, c_json) values (356, 'ok'::mood107);
insert into a107 (id, c_jsonb) values (357, 'ok'::mood107);
insert into a107 (id, c_bytea) values (358, 'ok'::mood107);
insert into a107 (id, c_uuid) values (359, 'ok'::mood107);
insert into a107 (id, c_mood) values (360, 'ok'::mood107);

-- untyped literals take the column's type by its text input (22P02, 22007 for bad text)
insert into a107 (id, c_int2, c_int4, c_int8, c_num, c_f4, c_f8, c_bool, c_date, c_ts, c_tz, c_time, c_iv) values (1001, '7', ' 8 ', '9', '1.005', '1.5', '2.25', 'yes', '2020-02-29', '2020-02-29 10:11:12', '2020-02-29 10:11:12+02', '10:11', '1 mon 2 days');
insert into a107 (id, c_text, c_vc, c_ch, c_json, c_jsonb, c_bytea, c_uuid, c_mood) values (1002, 'x', 'y', 'z', '{"a": [1, 2]}', '{"b": 1, "a": 2}', '\x0a0b', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'happy');
insert into a107 (id, c_int4, c_date, c_mood, c_bool) values (1003, null, null, null, null);
insert into a107 (id, c_int4) values (1004, 'x');
insert into a107 (id, c_date) values (1005, '2021-02-29');
insert into a107 (id, c_mood) values (1006, 'glad');

-- narrowing numbers: out of range is 22003; numeric rounds half away from zero, float half to even
insert into a107 (id, c_int4) values (1010, 5000000000::int8);
insert into a107 (id, c_int2) values (1011, 70000);
insert into a107 (id, c_int2, c_int4, c_int8, c_num) values (1012, -2.5::numeric, 2.5::float8, -3.5::float4, 1.005::float8);
insert into a107 (id, c_num) values (1013, 1234567.0);

-- varchar(n) and char(n): too long is 22001 unless the excess is blanks, typed or untyped
create table l107 (id int primary key, v varchar(3), c char(3)) distribute by hash(id);
insert into l107 values (1, 'abcd', null);
insert into l107 values (2, 'abcd'::text, null);
insert into l107 values (3, null, 'abcd'::varchar);
insert into l107 values (4, 'ab    '::text, 'ab      '::text);
insert into l107 values (5, 'ab    ', 'x    ');
insert into l107 values (6, 123, 4.5);
select id, v, length(v), c, octet_length(c) from l107 order by id;

-- several VALUES rows: NULL and typed values together, the column typed by its values
insert into a107 (id, c_int4, c_date) values (1020, null, '2020-01-01'::timestamp), (1021, 3.7, null), (1022, 4, '2020-12-31 23:59:59'::timestamp);
insert into a107 (id, c_ts) values (1023, null), (1024, 42);

-- INSERT ... SELECT: column to column by the same rules, refused at planning even when no row is selected
insert into a107 (id, c_date, c_text, c_int2) select id + 2000, c_ts, c_ts, c_int8 from a107 where c_ts is not null or c_int8 is not null;
insert into a107 (id, c_ts) select id + 3000, c_int4 from a107 where false;
insert into a107 (id, c_bool) select id + 3000, c_int4 from a107;
insert into a107 (id, c_mood) select id + 3000, c_text from a107;
insert into a107 (id, c_text, c_mood) select id + 3000, c_mood, c_mood from a107 where c_mood is not null;
insert into a107 (id, c_date, c_text) select 4000, '2021-01-01', null;
insert into a107 (id, c_f4, c_num, c_tz) select id + 5000, c_f8, c_f8, c_date from a107 where c_f8 is not null or c_date is not null;

-- the rows the accepted assignments stored, converted by the casts
-- (varchar, char, json and jsonb read as text: select * reports those columns' types as text here)
select id, c_int2, c_int4, c_int8, c_num, c_f4, c_f8, c_text, c_vc::text, c_ch::text, c_bool, c_date, c_ts, c_tz, c_time, c_iv, c_json::text, c_jsonb::text, c_bytea, c_uuid, c_mood from a107 order by id;

drop table a107;
drop table l107;
drop type mood107;
