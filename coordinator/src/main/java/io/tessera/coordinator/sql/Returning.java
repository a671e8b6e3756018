package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.session.Column;
import io.tessera.coordinator.sql.exec.StatementContext;
import io.tessera.coordinator.sql.exec.TesseraDataContext;
import io.tessera.coordinator.sql.functions.PgRexRewriter;
import io.tessera.sql.parser.DmlClauses;
import io.tessera.sql.parser.TesseraSqlParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexExecutable;
import org.apache.calcite.rex.RexExecutorImpl;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlToRelConverter;

/**
 * The RETURNING list of an INSERT, UPDATE or DELETE: planned once as {@code SELECT <list> FROM <target>} (Calcite
 * validates and types it, {@link PgRewriter} names the columns as PostgreSQL's FigureColname does: {@code *} as
 * the table's columns, {@code k + 1} as {@code ?column?}, {@code upper(v)} as {@code upper}), and computed on the
 * coordinator over the rows the statement wrote by Calcite's generated code for the projection
 * ({@link RexExecutorImpl#getExecutable}), after {@link PgRewriter}'s PostgreSQL semantics — what a SELECT's
 * projection on the coordinator runs. The rows come from the statement: an INSERT's coerced rows (defaults filled
 * in), an UPDATE's new rows and a DELETE's old rows from the datanodes ({@code ModifyRequest.return_rows}).
 *
 * <p>Not yet: subqueries and aggregates in the list, {@code xc_node_id}, and a whole-row reference
 * ({@code RETURNING t}) — 0A000.
 */
final class Returning {
    private final RexExecutable projection;
    private final List<Column> columns;
    private final List<RelDataType> parameterTypes;
    private final QueryPlanner planner;
    /** The enum type of each returned column, or null when none is of one ({@link EnumValues#enumFields}). */
    private final io.tessera.coordinator.catalog.EnumTypeDef[] enums;

    private Returning(RexExecutable projection, List<Column> columns, List<RelDataType> parameterTypes,
            QueryPlanner planner, io.tessera.coordinator.catalog.EnumTypeDef[] enums) {
        this.projection = projection;
        this.columns = columns;
        this.enums = enums;
        this.parameterTypes = parameterTypes;
        this.planner = planner;
    }

    /**
     * @param from the statement's target as it names it ({@code t} or {@code t AS x})
     * @param clause the RETURNING list ({@link DmlClauses#returning()})
     * @throws TesseraException 42703 for an unknown column, 0A000 for what cannot be computed, the validator's errors
     */
    static Returning plan(QueryPlanner planner, TableDef table, SqlNode from, DmlClauses.Clause clause,
            List<Integer> paramNumbers, List<Integer> clientTypes, IntUnaryOperator toClient) {
        try {
            return plan(planner, table, from, parse(planner, clause, paramNumbers, clientTypes), clause, toClient,
                    Integer.MAX_VALUE);
        } catch (TesseraException e) {
            throw e;
        } catch (RuntimeException e) {
            throw CalciteErrors.translate(e, clause.text().sql(), toClient);
        }
    }

    /**
     * The RETURNING list as {@code SELECT <list>} (no FROM), its markers numbered after the statement's.
     *
     * @throws TesseraException 42601 for what is not a select list
     */
    static SqlSelect parse(QueryPlanner planner, DmlClauses.Clause clause, List<Integer> paramNumbers,
            List<Integer> clientTypes) {
        SqlNode parsed = shiftParameters(TesseraSqlParser.parse(clause.text()), clause.parameterBase());
        parsed = ParameterTyping.apply(parsed, paramNumbers, clientTypes, planner.typeFactory());
        if (!(parsed instanceof SqlSelect select) || select.getFrom() != null) {
            throw new TesseraException(SqlState.SYNTAX_ERROR, "syntax error in RETURNING list");
        }
        return select;
    }

    /**
     * @param select the list, as {@link #parse} returns it, perhaps with the values of FROM items already replaced
     *     by markers {@code ?standIns..} ({@link QualifiedDml}), which {@link #project} binds row by row
     * @param standIns the index of the first marker that stands for a FROM item's value, not the client's
     */
    static Returning plan(QueryPlanner planner, TableDef table, SqlNode from, SqlSelect select,
            DmlClauses.Clause clause, IntUnaryOperator toClient, int standIns) {
        String text = clause.text().sql();
        try {
            select.setFrom(from.clone(from.getParserPosition()));
            SqlNode query = PgRewriter.rewrite(select);
            SqlValidator validator = planner.validator();
            SqlNode validated = validator.validate(query);
            List<RelDataType> paramTypes = new ArrayList<>();
            validated.accept(new SqlShuttle() {
                @Override
                public SqlNode visit(SqlDynamicParam param) {
                    if (param.getIndex() < standIns) {
                        paramTypes.add(validator.getValidatedNodeType(param));
                    }
                    return param;
                }
            });
            RelOptCluster cluster = RelOptCluster.create(EngineUnitExecutor.install(new VolcanoPlanner()),
                new PgRexBuilder(planner.typeFactory()));
            SqlToRelConverter converter = new SqlToRelConverter(null, validator, planner.catalogReader(), cluster,
                    io.tessera.coordinator.sql.functions.PgConvertletTable.INSTANCE, // pg_typeof, strict arithmetic
                    SqlToRelConverter.config().withExpand(false));
            RelNode rel = converter.convertQuery(validated, false, true).rel;
            List<RexNode> expressions = new ArrayList<>();
            if (rel instanceof LogicalProject project && project.getInput() instanceof TableScan) {
                expressions.addAll(project.getProjects());
            } else if (rel instanceof TableScan) {
                for (int i = 0; i < table.columns().size(); i++) {
                    expressions.add(cluster.getRexBuilder().makeInputRef(rel, i));
                }
            } else {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "this RETURNING list is not supported yet (subqueries or aggregates in it)");
            }
            RexBuilder rexBuilder = cluster.getRexBuilder();
            int stored = table.columns().size();
            List<RexNode> rewritten = new ArrayList<>();
            for (RexNode e : expressions) {
                e.accept(new RexVisitorImpl<Void>(true) {
                    @Override
                    public Void visitInputRef(RexInputRef ref) {
                        if (ref.getIndex() >= stored) {
                            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                                    "xc_node_id cannot be returned by RETURNING yet");
                        }
                        return null;
                    }

                    @Override
                    public Void visitSubQuery(org.apache.calcite.rex.RexSubQuery subQuery) {
                        throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                                "subqueries in RETURNING are not supported yet");
                    }
                });
                rewritten.add(PgRexRewriter.rewrite(rexBuilder, e));
            }
            RelDataType rowType = (rel instanceof TableScan ? rel : rel.getInput(0)).getRowType();
            // the validated names: the converted row's are made unique (returning pg_typeof(a), pg_typeof(b))
            List<String> names = validator.getValidatedNodeType(validated).getFieldNames();
            RelDataType named = names.size() != rel.getRowType().getFieldCount() ? rel.getRowType()
                    : planner.typeFactory().createStructType(rel.getRowType().getFieldList().stream()
                            .map(RelDataTypeField::getType).toList(), names);
            return new Returning(RexExecutorImpl.getExecutable(rexBuilder, rewritten, rowType),
                    ClientTypes.withStringTypes(validator, validated, TesseraSession.columns(named)), paramTypes,
                    planner,
                    EnumValues.enumFields(rel.getRowType()));
        } catch (TesseraException e) {
            throw e;
        } catch (RuntimeException e) {
            throw CalciteErrors.translate(e, text, toClient);
        }
    }

    /** The result columns (RowDescription). */
    List<Column> columns() {
        return columns;
    }

    /** The types of the list's {@code ?} markers, in order (they follow the statement's). */
    List<RelDataType> parameterTypes() {
        return parameterTypes;
    }

    /**
     * The RETURNING rows of {@code written} (each all of the table's columns, in the table's order).
     *
     * @throws TesseraException 0A000 for an expression the executor cannot compute, and the expressions' own errors
     *     (22003, 22012, ...)
     */
    List<Object[]> project(List<Object[]> written, StatementContext ctx) {
        return project(written, null, 0, ctx);
    }

    /**
     * As {@link #project(List, StatementContext)}, for a list that reads FROM items: {@code values}' i-th holds the
     * values of the markers {@code standIns..} for {@code written}'s i-th row.
     */
    List<Object[]> project(List<Object[]> written, List<Object[]> values, int standIns, StatementContext ctx) {
        Map<String, Object> input = new HashMap<>();
        TesseraDataContext context = new TesseraDataContext(planner.rootSchema().plus(), planner.typeFactory(), ctx,
                input);
        projection.setDataContext(context);
        RegtypeValues.Kind[] regtypes = new RegtypeValues.Kind[columns.size()];
        for (int i = 0; i < regtypes.length; i++) {
            for (RegtypeValues.Kind k : RegtypeValues.Kind.values()) {
                regtypes[i] = columns.get(i).typeOid() == k.oid ? k : regtypes[i];
            }
        }
        List<Object[]> out = new ArrayList<>(written.size());
        for (int w = 0; w < written.size(); w++) {
            Object[] row = written.get(w);
            if (values != null) {
                List<Object> params = new ArrayList<>(ctx.params().subList(0, Math.min(standIns, ctx.params().size())));
                while (params.size() < standIns) {
                    params.add(null);
                }
                params.addAll(java.util.Arrays.asList(values.get(w)));
                context = new TesseraDataContext(planner.rootSchema().plus(), planner.typeFactory(),
                        ctx.withParams(params), input);
                projection.setDataContext(context);
            }
            Object[] calcite = row.clone();
            for (int i = 0; i < calcite.length; i++) {
                if (calcite[i] instanceof byte[] b) { // bytea in Calcite's representation
                    calcite[i] = new org.apache.calcite.avatica.util.ByteString(b);
                }
            }
            input.put("inputRecord", calcite);
            Object[] r = projection.execute();
            if (enums != null) {
                EnumValues.labelsOut(r, enums); // enum values leave as labels
            }
            RegtypeValues.namesOut(context, r, regtypes); // regtype and regclass values leave as names
            for (int i = 0; i < r.length; i++) {
                if (r[i] instanceof org.apache.calcite.avatica.util.ByteString bs) {
                    r[i] = bs.getBytes();
                }
            }
            out.add(r);
        }
        return out;
    }

    /** {@code table AS alias} for an UPDATE's or DELETE's target with an alias, else the target. */
    static SqlNode aliased(SqlNode target, org.apache.calcite.sql.SqlIdentifier alias) {
        return alias == null ? target : org.apache.calcite.sql.fun.SqlStdOperatorTable.AS.createCall(
                alias.getParserPosition(), target, alias);
    }

    /** Renumbers a clause's markers, which the parser numbered from 0, to follow the statement's {@code base}. */
    static SqlNode shiftParameters(SqlNode node, int base) {
        if (base == 0) {
            return node;
        }
        return node.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlDynamicParam param) {
                return new SqlDynamicParam(param.getIndex() + base, param.getParserPosition());
            }
        });
    }
}
