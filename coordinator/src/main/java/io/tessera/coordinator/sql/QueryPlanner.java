package io.tessera.coordinator.sql;

import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.sql.exec.DirectPlan;
import io.tessera.coordinator.sql.exec.DirectScan;
import io.tessera.coordinator.sql.exec.DirectValues;
import io.tessera.coordinator.sql.rule.PartialAggregateRule;
import io.tessera.coordinator.sql.functions.PgConvertletTable;
import io.tessera.coordinator.sql.functions.PgRexRewriter;
import io.tessera.coordinator.sql.schema.DatabaseSchema;
import io.tessera.coordinator.sql.schema.PgCatalogSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableInterpretable;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.ConventionTraitDef;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlNameMatchers;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.rel.metadata.RelMetadataProvider;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

/**
 * Plans a query against one database at one catalog version: validate (PostgreSQL naming and visibility rules),
 * convert to relational algebra, optimise with Calcite's Volcano planner — which pushes filters and projections
 * into the scans of distributed tables ({@code TesseraTable}), so they run on the datanodes — and compile the rest
 * into an enumerable plan that runs on the coordinator (joins, aggregation, sorting, limits over the gathered rows).
 *
 * <p>Not thread-safe: one instance per session.
 */
public final class QueryPlanner {
    /** The default search path ("$user", public: Tessera has no per-user schemas). */
    private static final List<String> DEFAULT_SEARCH_PATH = List.of("public");
    private boolean pushdown = true;

    private final JavaTypeFactoryImpl typeFactory = new PgJavaTypeFactory(PgTypeSystem.INSTANCE);
    private final CalciteSchema rootSchema;
    private final CalciteCatalogReader catalogReader;
    private final CatalogSnapshot catalog;
    private final List<String> searchPath;
    /** The database whose views queries may name ({@link ViewExpander}). */
    private final String database;

    /**
     * A compiled query.
     *
     * @param stash objects the compiled code refers to by name at run time (Calcite's "stashed" values); they
     *     must be visible through the DataContext the plan runs with
     * @param singleScan whether the plan reads datanodes through exactly one table scan (so a single-shard
     *     autocommit execution may let its datanode choose the snapshot: {@link ScanCount})
     * @param direct when the plan is one scan and nothing else, the same scan run without the compiled code
     *     ({@link DirectScan}: no Calcite Interpreter per execution); when it is one row of parameters, that row
     *     ({@link DirectValues}: an INSERT's VALUES); else null
     * @param statistics the ANALYZE statistics its estimates came from: a plan no longer {@link #current()} is
     *     planned again before it runs
     * @param clientTypes the client type OIDs and typmods of result columns Calcite's types do not tell
     *     ({@link ClientTypes}); null when there are none
     */
    public record Plan(Bindable<?> bindable, RelDataType rowType, List<RelDataType> parameterTypes,
            Map<String, Object> stash, boolean singleScan, DirectPlan direct, StatisticsStamp statistics,
            ClientTypes.Types clientTypes) {
        /** Whether the tables it reads still have the statistics it was estimated with. */
        public boolean current() {
            return statistics.current();
        }

        /** Whether the compiled plan yields scalars rather than Object[] (single-column results). */
        public boolean scalarRows() {
            return rowType.getFieldCount() == 1;
        }
    }

    public QueryPlanner(CatalogSnapshot catalog, String database) {
        this(catalog, database, DEFAULT_SEARCH_PATH);
    }

    /**
     * @param searchPath the schemas unqualified names resolve in, in order (the session's search_path, schemas
     *     that exist only); pg_catalog is searched first unless listed, as in PostgreSQL
     */
    public QueryPlanner(CatalogSnapshot catalog, String database, List<String> searchPath) {
        this(catalog, database, searchPath, io.tessera.coordinator.stats.StatisticsSource.NONE);
    }

    /**
     * As {@link #QueryPlanner(CatalogSnapshot, String, List)}, estimating with the tables' ANALYZE statistics as
     * {@code statistics} has them when each statement is planned.
     */
    public QueryPlanner(CatalogSnapshot catalog, String database, List<String> searchPath,
            io.tessera.coordinator.stats.StatisticsSource statistics) {
        this.searchPath = List.copyOf(searchPath);
        this.catalog = catalog;
        this.database = database;
        this.rootSchema = CalciteSchema.createRootSchema(false, false);
        ((PgJavaTypeFactory) typeFactory).enumTypes(catalog.types(database).values(), this.searchPath);
        Map<String, Map<String, io.tessera.coordinator.catalog.TableDef>> bySchema = new java.util.HashMap<>();
        bySchema.put(CatalogSnapshot.PUBLIC, new java.util.HashMap<>());
        catalog.schemas(database).keySet().forEach(s -> bySchema.put(s, new java.util.HashMap<>()));
        for (io.tessera.coordinator.catalog.TableDef t : catalog.tables(database).values()) {
            Map<String, io.tessera.coordinator.catalog.TableDef> in = bySchema.get(CatalogSnapshot.schemaOf(t.schema()));
            if (in != null) {
                in.put(t.name(), t);
            }
        }
        Map<String, Map<String, io.tessera.coordinator.catalog.SequenceDef>> sequences = new java.util.HashMap<>();
        bySchema.keySet().forEach(s -> sequences.put(s, new java.util.HashMap<>()));
        for (io.tessera.coordinator.catalog.SequenceDef q : catalog.sequences(database).values()) {
            Map<String, io.tessera.coordinator.catalog.SequenceDef> in = sequences.get(q.schemaName());
            if (in != null) {
                in.put(q.name(), q);
            }
        }
        Map<String, Map<String, io.tessera.coordinator.catalog.EnumTypeDef>> types = new java.util.HashMap<>();
        bySchema.keySet().forEach(s -> types.put(s, new java.util.HashMap<>()));
        for (io.tessera.coordinator.catalog.EnumTypeDef t : catalog.types(database).values()) {
            Map<String, io.tessera.coordinator.catalog.EnumTypeDef> in = types.get(t.schemaName());
            if (in != null) {
                in.put(t.name(), t);
            }
        }
        Map<String, DatabaseSchema> schemas = new java.util.HashMap<>();
        String ownTemp = this.searchPath.stream().filter(io.tessera.coordinator.catalog.SchemaDef::isTemporary)
                .findFirst().orElse(null);
        bySchema.forEach((name, tables) -> {
            if (io.tessera.coordinator.catalog.SchemaDef.isTemporary(name) && !name.equals(ownTemp)) {
                return; // other sessions' temporary tables are theirs alone
            }
            DatabaseSchema schema = new DatabaseSchema(tables, statistics, types.get(name), sequences.get(name));
            schemas.put(name, schema);
            rootSchema.add(name, schema);
            if (name.equals(ownTemp)) {
                rootSchema.add(io.tessera.coordinator.catalog.SearchPath.PG_TEMP, schema); // pg_temp.t
            }
        });
        // Calcite looks unqualified type names up in the root: the search path's types, the first schema's winning
        for (int i = this.searchPath.size() - 1; i >= 0; i--) {
            DatabaseSchema in = schemas.get(this.searchPath.get(i));
            if (in != null) {
                in.enumTypeStandIns().forEach(rootSchema::add);
            }
        }
        rootSchema.add("regtype", f -> RegtypeValues.relType(f, true)); // x::regtype (CatalogSyntax)
        rootSchema.add("regclass", f -> RegtypeValues.relType(f, RegtypeValues.Kind.REGCLASS, true));
        rootSchema.add("pg_catalog", new PgCatalogSchema(database));
        rootSchema.add("information_schema", new io.tessera.coordinator.catalog.pgcatalog.InformationSchema());
        Properties props = new Properties();
        props.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "true");
        this.catalogReader = new SearchPathCatalogReader(rootSchema, typeFactory, new CalciteConnectionConfigImpl(props),
                schemaPaths(this.searchPath));
    }

    private static List<List<String>> schemaPaths(List<String> searchPath) {
        List<List<String>> paths = new ArrayList<>();
        if (!searchPath.contains("pg_catalog")) {
            paths.add(List.of("pg_catalog"));
        }
        for (String schema : searchPath) {
            paths.add(List.of(schema));
        }
        paths.add(List.of());
        return paths;
    }

    /** The search path this planner resolves unqualified names with. */
    /** Plans with ({@code true}, the default) or without pushdown to the datanodes ({@link PushdownSetting}). */
    public QueryPlanner pushdown(boolean on) {
        this.pushdown = on;
        return this;
    }

    /**
     * From this many joined tables on, the join order is chosen heuristically — Calcite's
     * {@code LoptOptimizeJoinRule} over a {@code MultiJoin} ({@link Programs#heuristicJoinOrder}), which joins the
     * inputs a condition links first and avoids cartesian products — instead of searched: join commute and
     * associate under Volcano grow exponentially with the joins, and a join of 8 to 64 tables (sqllogictest's
     * {@code select5}) ran the coordinator out of its heap, ending every session on it. PostgreSQL's own exhaustive
     * search likewise stops at {@code join_collapse_limit} (8) tables and uses GEQO from 12. From three tables, not
     * six as before: the exhaustive search of three and four (TPC-H's Q17, Q10, Q18, Q3) fired 600 to 2,400 rule
     * matches and took most of their planning time, where {@code JoinOrderRule}'s dynamic programming over the same
     * factors is the same complete search of join orders (bushy trees included), costed with the rows each join
     * moves ({@code TpchPlanningWorkTest}). A join of two tables is still searched (commute only).
     */
    static final int HEURISTIC_JOIN_ORDER_TABLES = 3;

    /**
     * The tables a query joins, its sub-queries' included: Calcite decorrelates a sub-query into joins with the
     * outer query, which the exhaustive search then orders together (TPC-H's Q2, five tables and a sub-query of
     * four, took minutes to plan when only the outer five were counted).
     */
    static int joinedTables(RelNode rel) {
        int[] joins = {0};
        new org.apache.calcite.rel.RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                if (other instanceof org.apache.calcite.rel.core.Join) {
                    joins[0]++;
                }
                other.accept(new org.apache.calcite.rex.RexShuttle() {
                    @Override
                    public org.apache.calcite.rex.RexNode visitSubQuery(org.apache.calcite.rex.RexSubQuery subQuery) {
                        joins[0] += joinedTables(subQuery.rel); // the sub-query's tables, joined to the outer ones
                        return subQuery;
                    }
                });
                return super.visit(other);
            }
        }.visit(rel);
        return joins[0] + 1;
    }

    /**
     * Calcite's {@link Programs#heuristicJoinOrder} with {@code metadata} (Calcite's own resets the cluster to its
     * default metadata, without the statistics' join selectivities): the joins and their conditions are gathered into
     * one {@code MultiJoin} (Hep), which {@link io.tessera.coordinator.sql.rule.JoinOrderRule} orders (Volcano, with
     * {@code rules} less join commute and associate): dynamic programming over the connected subsets of up to ten
     * factors, costed by the rows each join produces and moves between datanodes. Past ten factors, or with outer
     * joins among them, {@code LoptOptimizeJoinRule}'s greedy order: starting from the largest factor, it adds at each
     * step the factor whose join with the tree built so far has the fewest estimated rows, preferring factors a
     * condition links — planning time growing with the square of the tables.
     */
    private static Program greedyJoinOrder(List<org.apache.calcite.plan.RelOptRule> rules,
            RelMetadataProvider metadata) {
        org.apache.calcite.plan.hep.HepProgram gather = new org.apache.calcite.plan.hep.HepProgramBuilder()
                .addRuleInstance(org.apache.calcite.rel.rules.CoreRules.FILTER_INTO_JOIN)
                .addMatchOrder(org.apache.calcite.plan.hep.HepMatchOrder.BOTTOM_UP)
                .addRuleInstance(org.apache.calcite.rel.rules.CoreRules.JOIN_TO_MULTI_JOIN)
                .build();
        List<org.apache.calcite.plan.RelOptRule> ordering = new ArrayList<>(rules);
        ordering.removeAll(List.of(org.apache.calcite.rel.rules.CoreRules.JOIN_COMMUTE,
                org.apache.calcite.rel.rules.CoreRules.JOIN_ASSOCIATE,
                org.apache.calcite.rel.rules.JoinPushThroughJoinRule.LEFT,
                org.apache.calcite.rel.rules.JoinPushThroughJoinRule.RIGHT));
        ordering.add(io.tessera.coordinator.sql.rule.JoinOrderRule.INSTANCE); // Lopt past its limits
        return Programs.sequence(Programs.of(gather, false, metadata), Programs.ofRules(ordering));
    }

    /** Whether this planner pushes joins, aggregates and top-Ns to the datanodes. */
    public boolean pushdown() {
        return pushdown;
    }

    public List<String> searchPath() {
        return searchPath;
    }

    /** The catalog snapshot this planner plans against. */
    public CatalogSnapshot catalog() {
        return catalog;
    }

    /** The database whose tables and views this planner's queries name. */
    String database() {
        return database;
    }

    public JavaTypeFactoryImpl typeFactory() {
        return typeFactory;
    }

    /** The catalog reader (for converting statements planned outside {@link #plan}). */
    CalciteCatalogReader catalogReader() {
        return catalogReader;
    }

    public CalciteSchema rootSchema() {
        return rootSchema;
    }

    /** Whether {@code name} is one of pg_catalog's set-returning functions (a Calcite table function). */
    private boolean isTableFunction(String name) {
        CalciteSchema pg = rootSchema.getSubSchema("pg_catalog", false);
        return pg != null && pg.getFunctions(name, false).stream()
                .anyMatch(f -> f instanceof org.apache.calcite.schema.TableFunction);
    }

    /** A fresh validator (validators keep per-statement state). */
    public SqlValidator validator() {
        SqlValidator.Config config = SqlValidator.Config.DEFAULT
                .withConformance(PgConformance.INSTANCE)
                .withIdentifierExpansion(true)
                .withDefaultNullCollation(NullCollation.HIGH)
                .withTypeCoercionFactory(PgTypeCoercion::new);
        return new TesseraValidator(SqlOperatorTables.chain(PgOperatorTable.INSTANCE,
                io.tessera.coordinator.sql.functions.SequenceFunctions.TABLE,
                io.tessera.coordinator.sql.functions.TypeFunctions.TABLE,
                io.tessera.coordinator.sql.functions.IntervalFunctions.TABLE, catalogReader), catalogReader,
                typeFactory, config);
    }

    /**
     * Validates, optimises and compiles a query (SELECT, VALUES, set operations, ORDER BY).
     *
     * @param query a parsed query, already rewritten by {@link PgRewriter}
     * @throws org.apache.calcite.runtime.CalciteContextException for validation errors (see {@link CalciteErrors})
     */
    public Plan plan(SqlNode query) {
        List<LimitCounts.Deferred> deferred = new ArrayList<>();
        query = LimitCounts.fold(query, this::constant, deferred);
        LimitCounts.check(query);
        Optimized o = optimize(query);
        Map<String, Object> stash = new HashMap<>();
        Bindable<?> bindable = LimitCounts.evaluatingDeferred(LimitCounts.checkingParameters(
                EnumerableInterpretable.toBindable(stash, null, (EnumerableRel) o.rel(), EnumerableRel.Prefer.ARRAY),
                o.rel()), deferred, this::boundCount);
        io.tessera.coordinator.catalog.EnumTypeDef[] enums = EnumValues.enumFields(o.rowType());
        RegtypeValues.Kind[] regtypes = RegtypeValues.fields(o.rowType());
        if (enums != null || regtypes != null) {
            if (enums != null) { // results carry enum labels, plans their keys (EnumValues)
                Bindable<?> keys = bindable;
                bindable = context -> keys.bind(context).select(row -> EnumValues.labelsOut(row, enums));
            }
            if (regtypes != null) { // results carry names, plans the OIDs' keys (RegtypeValues)
                Bindable<?> keys = bindable;
                bindable = context -> keys.bind(context).select(row -> RegtypeValues.namesOut(context, row, regtypes));
            }
            return new Plan(bindable, o.rowType(), o.parameterTypes(), Map.copyOf(stash),
                    ScanCount.singleScan(o.rel()), null, o.statistics(), o.clientTypes());
        }
        DirectPlan direct = DirectScan.of(o.rel());
        return new Plan(bindable, o.rowType(), o.parameterTypes(), Map.copyOf(stash), ScanCount.singleScan(o.rel()),
                direct != null ? direct : DirectValues.of(o.rel()), o.statistics(), o.clientTypes());
    }

    /**
     * A query's physical plan before compilation (what EXPLAIN prints).
     *
     * @param rel the cheapest enumerable plan, projected to the query's output columns
     * @param rowType the query's output row type
     * @param parameterTypes the types of its parameters, by index
     * @param statistics the tables' statistics as the search began
     * @param clientTypes see {@link Plan#clientTypes}
     * @param ruleMatches the rule matches the cost-based search (Volcano, all its phases) fired: the planner's work,
     *     which grows with the join orders searched and, unlike planning time, does not depend on the machine's load
     */
    public record Optimized(RelNode rel, RelDataType rowType, List<RelDataType> parameterTypes,
            StatisticsStamp statistics, ClientTypes.Types clientTypes, long ruleMatches) {
    }

    /**
     * The value of a query of one row and one column that reads no table ({@code SELECT CAST((2 + 1) AS bigint)}),
     * computed here (it needs no statement): a Long, or null for NULL.
     */
    private Object constant(SqlNode query) {
        Plan p = plan(query);
        return count(p.bindable().bind(new io.tessera.coordinator.sql.exec.TesseraDataContext(rootSchema.plus(),
                typeFactory, null, p.stash())).enumerator());
    }

    /**
     * The value of a LIMIT or OFFSET count query ({@code SELECT CAST((count) AS bigint)}) that reads tables or held
     * parameters ({@link LimitCounts.Deferred}), run in the statement of {@code context}: a Long, null for NULL.
     */
    private Object boundCount(SqlNode query, org.apache.calcite.DataContext context) {
        Plan p = plan(query);
        return count(p.bindable().bind(LimitCounts.overlay(context, p.stash())).enumerator());
    }

    /** The first column of the first row of a count query's {@code rows} as a Long (null for NULL or no row). */
    private static Object count(org.apache.calcite.linq4j.Enumerator<?> rows) {
        try {
            Object v = rows.moveNext() ? rows.current() : null;
            v = v instanceof Object[] row ? row[0] : v;
            return v == null ? null : ((Number) v).longValue();
        } finally {
            rows.close();
        }
    }

    /**
     * Validates and optimises a query without compiling it.
     *
     * @throws org.apache.calcite.runtime.CalciteContextException for validation errors (see {@link CalciteErrors})
     */
    public Optimized optimize(SqlNode query) {
        SqlValidator validator = validator();
        query = ViewExpander.expand(query, catalog, database);
        // EXPLAIN's too (plan() has folded its own already); a count with parameters or tables is a parameter there
        query = LimitCounts.fold(query, this::constant, new ArrayList<>());
        query = DistinctOn.rewrite(query);
        query = RecordOutput.rewrite(query, this::validator);
        query = RecordOutput.rewriteJson(query, this::validator); // row_to_json(t), json_agg((a, b))
        query = DerivedTableNames.rewrite(query); // SELECT * FROM (SELECT a.id, b.id ...) x
        query = SelectListSetFunctions.rewrite(query, this::isTableFunction, validator.getOperatorTable());
        SqlNode rewritten = io.tessera.coordinator.catalog.pgcatalog.CatalogSyntax.rewrite(query);
        List<String> duplicateNames = io.tessera.coordinator.catalog.pgcatalog.CatalogSyntax
                .uniquifySetOperationNames(rewritten);
        SqlNode validated = validator.validate(rewritten);
        if (duplicateNames == null) {
            duplicateNames = starNames((TesseraValidator) validator, validated);
        }
        List<RelDataType> paramTypes = LimitCounts.parameterTypes(validator, validated);

        VolcanoPlanner planner = EngineUnitExecutor.install(
                new BoundedVolcanoPlanner(BoundedVolcanoPlanner.DEFAULT_BUDGET_NANOS));
        planner.addRelTraitDef(ConventionTraitDef.INSTANCE);
        planner.addRelTraitDef(RelCollationTraitDef.INSTANCE);
        RelOptUtil.registerDefaultRules(planner, false, false);
        SemiJoinRules.replaceIn(planner); // not for an aggregate without GROUP BY
        planner.removeRule(org.apache.calcite.adapter.enumerable.EnumerableRules.ENUMERABLE_WINDOW_RULE);
        planner.addRule(io.tessera.coordinator.sql.rule.WindowConverterRule.INSTANCE); // a window's rows unordered
        planner.removeRule(org.apache.calcite.rel.rules.CoreRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW);
        planner.removeRule(org.apache.calcite.adapter.enumerable.EnumerableRules.ENUMERABLE_UNCOLLECT_RULE);
        planner.addRule(io.tessera.coordinator.sql.rel.ZipUncollect.RULE); // unnest(a, b) zips, not a cross product
        // extract(year from d) = 2020 as a range of d: Calcite's calendar arithmetic in milliseconds, and it failed on
        // PgRexRewriter's extract (pg_bcYear(EXTRACT(...))): "Error while applying rule FilterDateRangeRule"
        planner.removeRule(org.apache.calcite.rel.rules.DateRangeRules.FILTER_INSTANCE);
        // coalesce(sum(x), 0) as $SUM0(x): Calcite 1.42's rule refers to the new call by its index among the calls,
        // not among the aggregate's fields, so it read a group key (a "Type mismatch" XX000 with two keys) or the
        // nullable sum itself (one key)
        planner.removeRule(org.apache.calcite.rel.rules.CoreRules.PROJECT_AGGREGATE_MERGE);
        planner.addRule(io.tessera.coordinator.sql.rule.WindowFunctionRewrites.PROJECT_TO_WINDOW); // not over ()
        if (pushdown) { // PushdownSetting: off keeps joins and aggregates on the coordinator
            planner.addRule(PartialAggregateRule.INSTANCE);
            planner.addRule(PartialAggregateRule.INTERPRETED);
            planner.addRule(PartialAggregateRule.LOGICAL);
        }
        if (pushdown) {
            planner.addRule(io.tessera.coordinator.sql.rule.TopNPushdownRule.INSTANCE); // one table's ORDER BY LIMIT
            io.tessera.coordinator.sql.rule.ColocatedJoinRule.addTo(planner); // joins, and what is above them
            planner.addRule(io.tessera.coordinator.sql.rule.WindowPushdownRule.INSTANCE); // windows by the key
            io.tessera.coordinator.sql.rule.SubQueryToSemiAntiJoinRule.keepAntiJoinsOffMergeJoins(planner);
        }
        RelOptCluster cluster = RelOptCluster.create(planner, new PgRexBuilder(typeFactory));
        SqlToRelConverter converter = new SqlToRelConverter(null, validator, catalogReader, cluster,
                PgConvertletTable.INSTANCE, SqlToRelConverter.config().withTrimUnusedFields(true).withExpand(false));
        RelRoot root = converter.convertQuery(validated, false, true);
        ClientTypes.Types clientTypes = ClientTypes.of(validator, validated, root);
        root = root.withRel(PgRexRewriter.rewrite(root.rel));
        root = root.withRel(io.tessera.coordinator.sql.rule.RecordComparisons.rewrite(root.rel)); // r = s of records
        root = root.withRel(io.tessera.coordinator.sql.rule.JsonbOrder.rewrite(root.rel)); // jsonb's order
        root = root.withRel(io.tessera.coordinator.sql.functions.Variances.rewrite(root.rel)); // PostgreSQL's sums
        root = root.withRel(io.tessera.coordinator.sql.rule.OrFactorRule.rewrite(root.rel)); // (a AND b) OR (a AND c)
        root = root.withRel(io.tessera.coordinator.sql.rule.OneRowLateralRule.rewrite(root.rel)); // LATERAL (max(x))
        root = root.withRel(io.tessera.coordinator.sql.rule.WindowFunctionRewrites.rewrite(root.rel)); // nth_value
        root = root.withRel(io.tessera.coordinator.sql.rule.GroupsFrames.rewrite(root.rel)); // GROUPS frames
        root = root.withRel(io.tessera.coordinator.sql.rule.RangeOffsetFrames.rewrite(root.rel)); // NULLs in RANGE
        root = root.withRel(io.tessera.coordinator.sql.rule.FloatWindowKeys.rewrite(root.rel)); // NaN order keys
        if (pushdown) { // EXISTS, NOT EXISTS, IN, NOT IN as semi and anti joins the datanodes can run
            root = root.withRel(io.tessera.coordinator.sql.rule.SubQueryToSemiAntiJoinRule.rewrite(root.rel));
        }
        // optimise the full relation (it may carry ORDER BY keys the query does not output), then keep the fields
        RelTraitSet desired = root.rel.getTraitSet().replace(EnumerableConvention.INSTANCE)
                .replace(io.tessera.coordinator.sql.rule.JsonbOrder.rootCollation(
                        PgRexRewriter.rootCollation(root.collation, root.rel), root.rel))
                .simplify();
        StatisticsStamp statistics = StatisticsStamp.of(root.rel); // before the search reads them
        RelMetadataProvider metadata = io.tessera.coordinator.sql.rel.TesseraMdSelectivity.PROVIDER;
        // Programs.standard's steps, with the decorrelation keeping ordered aggregates' keys (OrderedAggregates)
        // and a scalar sub-query's one-row check made per outer row (ScalarSubQueryRows)
        Program program = Programs.sequence(Programs.subQuery(metadata),
                io.tessera.coordinator.sql.rule.OrderedAggregates.decorrelate(),
                (p, r, t, m, l) -> io.tessera.coordinator.sql.rule.ScalarSubQueryRows.rewrite(r),
                Programs.measure(metadata),
                Programs.trim(), (p, rel, traits, materializations, lattices) ->
                        io.tessera.coordinator.sql.rule.WindowFunctionRewrites.keepAColumnUnderWindows(rel),
                joinedTables(root.rel) >= HEURISTIC_JOIN_ORDER_TABLES
                        ? greedyJoinOrder(List.copyOf(planner.getRules()), metadata) : QueryPlanner::volcano,
                Programs.calc(metadata));
        RelNode best = PgRexRewriter.rewritePlanned(program.run(planner, root.rel, desired, List.of(), List.of()));
        best = io.tessera.coordinator.sql.rel.TesseraSort.replaceSorts(best); // ORDER BY spills past work_mem
        best = io.tessera.coordinator.sql.rel.TesseraMaterialize.underNestedLoops(best); // inner read once
        best = io.tessera.coordinator.sql.rel.EmptyRowFormat.fix(best); // a zero-column scan under a LIMIT
        best = io.tessera.coordinator.sql.rel.GroupingEquality.apply(best); // GROUP BY 1.0, 1.00 as one group
        if (!root.isRefTrivial() || best.getRowType().getFieldCount() != root.fields.size()) {
            RexBuilder rexBuilder = cluster.getRexBuilder();
            List<org.apache.calcite.rex.RexNode> projects = new ArrayList<>();
            for (var field : root.fields) {
                projects.add(rexBuilder.makeInputRef(best, field.getKey()));
            }
            best = EnumerableCalc.create(best, RexProgram.create(best.getRowType(), projects, null,
                    root.validatedRowType, rexBuilder));
        }
        RelDataType rowType = root.validatedRowType;
        if (duplicateNames != null && duplicateNames.size() == rowType.getFieldCount()) {
            rowType = typeFactory.createStructType(
                    rowType.getFieldList().stream().map(RelDataTypeField::getType).toList(), duplicateNames);
        }
        if (EmptyTargetList.isPlaceholder(rowType)) { // SELECT FROM t, SELECT WHERE ...: rows of no columns
            rowType = typeFactory.createStructType(List.of(), List.of());
            best = EnumerableCalc.create(best, RexProgram.create(best.getRowType(), List.of(), null, rowType,
                    cluster.getRexBuilder()));
        }
        return new Optimized(best, rowType, paramTypes, statistics, clientTypes,
                ((BoundedVolcanoPlanner) planner).ruleMatches());
    }

    /**
     * The client's column names of a validated top-level SELECT whose star Calcite expanded to renamed columns
     * ({@code id0} for the second {@code id}: PostgreSQL keeps {@code id}), or null when it has none.
     */
    private static List<String> starNames(TesseraValidator validator, SqlNode validated) {
        SqlNode body = validated instanceof org.apache.calcite.sql.SqlWith with ? with.body : validated; // a CTE's star
        if (!(body instanceof org.apache.calcite.sql.SqlSelect select) || select.getSelectList() == null) {
            return null;
        }
        List<String> names = new ArrayList<>(validator.getValidatedNodeType(select).getFieldNames());
        boolean renamed = false;
        for (int i = 0; i < select.getSelectList().size() && i < names.size(); i++) {
            String name = validator.starName(select.getSelectList().get(i));
            if (name != null) {
                names.set(i, name);
                renamed = true;
            }
        }
        return renamed ? names : null;
    }

    /** The cost-based search of {@link Programs#standard()}: the planner's rules from {@code rel} to {@code traits}. */
    private static RelNode volcano(RelOptPlanner planner, RelNode rel, RelTraitSet traits,
                                   List<org.apache.calcite.plan.RelOptMaterialization> materializations,
                                   List<org.apache.calcite.plan.RelOptLattice> lattices) {
        planner.setRoot(rel.getTraitSet().equals(traits) ? rel : planner.changeTraits(rel, traits));
        return planner.chooseDelegate().findBestExp();
    }

    /** Calcite's catalog reader with PostgreSQL's multi-schema search path. */
    private static final class SearchPathCatalogReader extends CalciteCatalogReader {
        SearchPathCatalogReader(CalciteSchema root, JavaTypeFactoryImpl typeFactory, CalciteConnectionConfigImpl config,
                List<List<String>> schemaPaths) {
            super(root, SqlNameMatchers.withCaseSensitive(true), schemaPaths, typeFactory, config);
        }

        @Override
        public void lookupOperatorOverloads(org.apache.calcite.sql.SqlIdentifier opName,
                org.apache.calcite.sql.SqlFunctionCategory category, org.apache.calcite.sql.SqlSyntax syntax,
                List<org.apache.calcite.sql.SqlOperator> operatorList,
                org.apache.calcite.sql.validate.SqlNameMatcher nameMatcher) {
            int before = operatorList.size();
            super.lookupOperatorOverloads(opName, category, syntax, operatorList, nameMatcher);
            // each call of a volatile function is its own (random() = random() compares two values)
            io.tessera.coordinator.catalog.pgcatalog.VolatileFunctions.freshInstances(
                    operatorList.subList(before, operatorList.size()));
        }
    }
}
