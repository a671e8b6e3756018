package io.tessera.coordinator.catalog.pgcatalog;

import io.tessera.coordinator.sql.exec.StatementContext;
import io.tessera.coordinator.sql.exec.TesseraDataContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A PostgreSQL system catalog table or view ({@code pg_class}, {@code information_schema.columns}, ...) computed
 * on the coordinator from the statement's catalog snapshot when it is scanned (catalogs are small).
 *
 * <p>Column types follow PostgreSQL's as far as Calcite has them: {@code oid}, {@code int4} and {@code regproc}
 * are INTEGER, {@code name} and {@code text} VARCHAR, {@code "char"} CHAR(1), {@code int2vector},
 * {@code oidvector} and PostgreSQL arrays Calcite ARRAYs (Java lists). Every column is nullable.
 */
public abstract class CatalogTable extends AbstractTable implements ScannableTable {
    /** A column type. */
    public enum Type {
        OID(SqlTypeName.INTEGER),
        /**
         * An oid column whose values may exceed 2^31 ({@code pg_locks.classid}/{@code objid} of advisory keys): BIGINT
         * in the engine, holding the unsigned value, so it compares and sorts as PostgreSQL's oid does; clients are
         * told oid.
         */
        UNSIGNED_OID(SqlTypeName.BIGINT),
        INT2(SqlTypeName.SMALLINT), INT4(SqlTypeName.INTEGER), INT8(SqlTypeName.BIGINT),
        FLOAT4(SqlTypeName.REAL), BOOL(SqlTypeName.BOOLEAN), NAME(SqlTypeName.VARCHAR), TEXT(SqlTypeName.VARCHAR),
        /** information_schema's {@code character_data} and {@code yes_or_no}: domains over varchar. */
        VARCHAR(SqlTypeName.VARCHAR),
        CHAR(SqlTypeName.CHAR), TIMESTAMPTZ(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE),
        TEXT_ARRAY(SqlTypeName.VARCHAR), INT2_ARRAY(SqlTypeName.SMALLINT), OID_ARRAY(SqlTypeName.INTEGER),
        CHAR_ARRAY(SqlTypeName.CHAR), FLOAT4_ARRAY(SqlTypeName.REAL);

        private final SqlTypeName element;

        Type(SqlTypeName element) {
            this.element = element;
        }

        boolean isArray() {
            return name().endsWith("_ARRAY");
        }

        /**
         * The pg_type OID a client is told for a column of this type where its Calcite type would say another:
         * {@code name} (19), {@code "char"} (18), {@code oid} (26), {@code varchar} (1043: a domain's base type, as
         * RowDescription names it); 0 for the others.
         */
        public int clientOid() {
            return switch (this) {
                case NAME -> 19;
                case VARCHAR -> 1043;
                case CHAR -> 18;
                case OID, UNSIGNED_OID -> 26;
                default -> 0;
            };
        }
    }

    /** A column: its name and type. */
    public record Col(String name, Type type) {
    }

    /** Builds a column list: {@code cols("oid", OID, "relname", NAME, ...)}. */
    protected static List<Col> cols(Object... nameTypePairs) {
        List<Col> out = new ArrayList<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            out.add(new Col((String) nameTypePairs[i], (Type) nameTypePairs[i + 1]));
        }
        return List.copyOf(out);
    }

    /**
     * The hidden system column every PostgreSQL catalog has: the OID of the catalog itself (pg_class 1259, ...),
     * 0 for views. Selectable by name ({@code SELECT tableoid, oid FROM pg_namespace}, as pg_dump does), left out
     * of {@code SELECT *}.
     */
    public static final String TABLEOID = "tableoid";

    /** This catalog's OID, the value of its {@link #TABLEOID} column. */
    int tableOid;

    /** The columns in order. */
    public abstract List<Col> columns();

    /** The rows, one Object[] per row in column order (Java types as Calcite's enumerable runtime expects). */
    protected abstract List<Object[]> rows(CatalogContext ctx);

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
        RelDataTypeFactory.Builder b = f.builder();
        for (Col c : columns()) {
            RelDataType t = c.type().element == SqlTypeName.CHAR ? f.createSqlType(SqlTypeName.CHAR, 1)
                    : c.type() == Type.TIMESTAMPTZ ? f.createSqlType(c.type().element, 3)
                    : f.createSqlType(c.type().element);
            if (c.type().isArray()) {
                t = f.createArrayType(f.createTypeWithNullability(t, true), -1);
            }
            b.add(c.name(), f.createTypeWithNullability(t, true));
        }
        b.add(TABLEOID, f.createSqlType(SqlTypeName.INTEGER));
        return b.build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
        StatementContext statement = TesseraDataContext.statement(root);
        List<Object[]> rows = rows(new CatalogContext(statement.catalog(), statement.session()));
        int width = columns().size();
        List<Object[]> out = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Object[] r = java.util.Arrays.copyOf(row, width + 1);
            r[width] = tableOid;
            out.add(r);
        }
        return Linq4j.asEnumerable(out);
    }
}
