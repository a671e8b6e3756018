/**
 * Tessera's SQL grammar: Apache Calcite's core grammar extended with PostgreSQL's statements and spellings
 * and with Tessera's (Postgres-XL's) DDL. Entry point: {@link io.tessera.sql.parser.TesseraSqlParser}.
 *
 * <h2>How the parser is built</h2>
 * Calcite's grammar is a FreeMarker template ({@code codegen/templates/Parser.jj} inside the calcite-core jar)
 * with extension points filled from FMPP data. The Maven build of this module runs, in order:
 * <ol>
 *   <li>{@code maven-dependency-plugin:unpack} (phase initialize): calcite-core's
 *       {@code codegen/templates/Parser.jj} and {@code codegen/default_config.fmpp} into
 *       {@code target/codegen};</li>
 *   <li>{@code maven-resources-plugin:copy-resources} (initialize): {@code src/main/codegen} —
 *       {@code config.fmpp} and {@code includes/*.ftl} — beside them;</li>
 *   <li>{@code fmpp-maven-plugin} (generate-sources): expands the template with our data into
 *       {@code target/generated-sources/fmpp/javacc/Parser.jj} ({@code config.fmpp} reads the defaults through
 *       {@code tdd("../default_config.fmpp")}, a path relative to the templates directory);</li>
 *   <li>{@code javacc-maven-plugin} with JavaCC 4.0, the version Calcite pins (generate-sources): generates
 *       {@code io.tessera.sql.parser.impl.TesseraSqlParserImpl} into
 *       {@code target/generated-sources/javacc}.</li>
 * </ol>
 * Nothing under {@code impl} is written by hand; it exists only in {@code target}.
 *
 * <h2>How to extend it</h2>
 * Add productions to an include in {@code src/main/codegen/includes} and register them in
 * {@code config.fmpp}:
 * <ul>
 *   <li>{@code pgTypes.ftl} — PostgreSQL type names ({@code PgType()}); registered in
 *       {@code dataTypeParserMethods} so casts see them before Calcite's types; {@code ::} via
 *       {@code binaryOperatorsTokens}/{@code extraBinaryExpressions}.</li>
 *   <li>{@code pgStatements.ftl} — SHOW, DISCARD, BEGIN/START TRANSACTION, COMMIT/END, ROLLBACK [TO],
 *       SAVEPOINT, RELEASE (each in {@code statementParserMethods}, tried with LOOKAHEAD(2) before core's
 *       statements) and SET/RESET ({@code setOptionParserMethod}).</li>
 *   <li>{@code tesseraDdl.ftl} — CREATE/DROP TABLE and DATABASE ({@code createStatementParserMethods} and
 *       {@code dropStatementParserMethods}, called as {@code Method(Span s, boolean replace)} after
 *       {@code CREATE [OR REPLACE]} / {@code DROP}).</li>
 *   <li>{@code pgRoles.ftl} — CREATE/ALTER/DROP ROLE and USER, GRANT/REVOKE on tables, CREATE/ALTER/DROP SCHEMA
 *       (parse trees in {@code acl} and {@code ddl}). Names there are PostgreSQL's RoleSpec/ColId, any word:
 *       {@link io.tessera.sql.parser.PgWords} reads them, the role options and the privileges from the token stream,
 *       called from JAVACODE productions.</li>
 *   <li>{@code pgLocking.ftl} — a top-level query's locking clause ({@code FOR UPDATE | NO KEY UPDATE | SHARE |
 *       KEY SHARE [OF ...] [NOWAIT | SKIP LOCKED]}), {@code PgLockingQuery()} last in
 *       {@code statementParserMethods}. Its FOR is the token {@code LOCKING_FOR}, which only
 *       {@link io.tessera.sql.parser.LockingForTokenManager} (installed by the facade's parser factory) produces,
 *       because core reads a FOR after a table name as {@code FOR SYSTEM_TIME}.</li>
 *   <li>{@code tokenManagerDeclarations.ftl} — members of the generated token manager
 *       ({@code includeAdditionalDeclarations}).</li>
 * </ul>
 * Rules learnt the hard way:
 * <ul>
 *   <li>A new keyword goes into both {@code keywords} and {@code nonReservedKeywordsToAdd}, or it stops being
 *       usable as a table or column name.</li>
 *   <li>Core's {@code SqlAlter()} only takes {@code ALTER SYSTEM|SESSION}: a new ALTER statement (ALTER TABLE,
 *       ALTER NODE) goes into {@code statementParserMethods} as a whole statement.</li>
 *   <li>JavaCC 4.0 cannot parse a generic type with two arguments ({@code Map<String, String>}) in a
 *       production, and {@code options} is a JavaCC keyword (no variable may have that name).</li>
 *   <li>{@code LOOKAHEAD({cond})} alone has a syntactic limit of 0: the condition must also check the kind of
 *       the token it is about ({@code getToken(1).kind == ROLE && ...}).</li>
 *   <li>Prefer matching PostgreSQL's identifier-spelled names (type names such as {@code text}, {@code int8})
 *       by semantic lookahead on {@code <IDENTIFIER>} over new keywords: they then stay ordinary identifiers
 *       everywhere else.</li>
 *   <li>A token kind that the lexer must never produce by itself goes into a lexical state that is never entered
 *       ({@code LOCKING_FOR} in {@code PG_LOCKING_NEVER_ENTERED}); adding a token renumbers the kinds, so refer
 *       to them by name only.</li>
 *   <li>A grammar action that rejects input throws {@link io.tessera.sql.parser.SqlPositionedException};
 *       the facade turns it into a {@code TesseraException} with the right SQLSTATE and position.</li>
 * </ul>
 *
 * <h2>What the coordinator does with the result</h2>
 * Queries and DML come back as Calcite's own nodes ({@code SqlSelect}, {@code SqlInsert}, ...), ready for
 * validation; PostgreSQL's {@code $n} parameters must go through
 * {@link io.tessera.sql.parser.TesseraSqlParser#rewriteParameters(String)} first. DDL comes back as the nodes
 * of {@link io.tessera.sql.parser.ddl}, session statements as Babel's
 * {@code org.apache.calcite.sql.babel.postgres} nodes, core's {@code SqlSetOption}, and
 * {@link io.tessera.sql.parser.tcl} for savepoints. A query with a locking clause comes back as
 * {@link io.tessera.sql.parser.dml.SqlLockingQuery} around the query node (its kind is {@code OTHER}, not a
 * query kind: unwrap it before validation).
 */
package io.tessera.sql.parser;
