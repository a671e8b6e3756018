package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.SequenceDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.sql.parser.ddl.SequenceOptions;
import io.tessera.sql.parser.ddl.SqlAlterTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * {@code ALTER TABLE t ALTER [COLUMN] c ADD GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY [ ( options ) ]}, the form
 * in which pg_dump writes every identity column (its CREATE TABLE has a plain {@code NOT NULL} column, then this
 * statement names the sequence: {@code SEQUENCE NAME public.t_id_seq START WITH 1 ... CACHE 1}). As in CREATE TABLE,
 * the column gets a sequence owned by it and the default {@code nextval('seq')}; the rows already stored keep their
 * values. One catalog change, no rewrite: the column's default and identity are the coordinators' business.
 * PostgreSQL 15's checks and SQLSTATEs (tablecmds.c ATExecAddIdentity): the column must be NOT NULL, without a
 * default, not yet an identity column (55000), of type smallint, integer or bigint (22023).
 */
final class IdentityDdl {
    private IdentityDdl() {
    }

    /**
     * The sequence of a serial or identity column of table {@code table} in {@code schema}, not yet owned by it:
     * named by the options' {@code SEQUENCE NAME} (unqualified: in the table's schema), else PostgreSQL's
     * {@code table_column_seq} in the table's schema, numbered when taken.
     *
     * @throws TesseraException 42P07 when the named sequence's name is taken, 3F000 for a schema that does not exist
     */
    static SequenceDef sequence(int id, SequenceOptions o, String schema, String table, String column,
            io.tessera.coordinator.catalog.CatalogSnapshot snapshot, String database, java.util.Set<String> taken) {
        String seqSchema = schema;
        String seq;
        if (o.sequenceName == null) {
            seq = DdlExecutor.sequenceName(schema, table, column, snapshot, database, taken);
        } else {
            if (o.sequenceName.size() > 1) {
                seqSchema = io.tessera.coordinator.catalog.SearchPath.creationSchema(o.sequenceName);
            }
            seq = o.sequenceName.get(o.sequenceName.size() - 1);
            String key = io.tessera.coordinator.catalog.CatalogSnapshot.key(seqSchema, seq);
            if (SequenceDdl.relationExists(snapshot, database, key) || !taken.add(seq)) {
                throw new TesseraException(SqlState.DUPLICATE_TABLE, "relation \"" + seq + "\" already exists");
            }
        }
        return SequenceDdl.define(id, database, seq, o, null).withSchema(seqSchema);
    }

    /**
     * Adds the identity to {@code t}'s column in one catalog change.
     *
     * @throws TesseraException 42703 for an unknown column, 55000 and 22023 as above, 42P07 when the sequence's name
     *     is taken, 3F000 for a sequence in a schema that does not exist, 55006 when the table was changed meanwhile
     */
    static void add(CatalogStore catalog, TableDef t, SqlAlterTable.AddIdentity a) {
        String database = t.database();
        catalog.apply((snapshot, root, ops) -> {
            TableDef current = snapshot.tables(database).get(t.key());
            if (current == null || !current.equals(t)) {
                throw new TesseraException(SqlState.OBJECT_IN_USE, "table \"" + t.name()
                        + "\" was changed concurrently; try again");
            }
            int i = t.columnIndex(a.column());
            if (i < 0) {
                throw new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + a.column() + "\" of relation \""
                        + t.name() + "\" does not exist");
            }
            ColumnDef c = t.columns().get(i);
            String which = "column \"" + c.name() + "\" of relation \"" + t.name() + "\"";
            if (c.type() != PgType.INT2 && c.type() != PgType.INT4 && c.type() != PgType.INT8) {
                throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                        "identity column type must be smallint, integer, or bigint");
            }
            if (c.identity() != null) {
                throw new TesseraException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, which
                        + " is already an identity column");
            }
            if (!c.notNull()) {
                throw new TesseraException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, which
                        + " must be declared NOT NULL before identity can be added");
            }
            if (c.defaultExpr() != null) {
                throw new TesseraException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, which
                        + " already has a default value");
            }
            SequenceOptions o = a.options();
            if (o.type == null) {
                o.type = c.type() == PgType.INT2 ? "int2" : c.type() == PgType.INT4 ? "int4" : "int8";
            }
            SequenceDef q = sequence(ops.allocateOid(), o, io.tessera.coordinator.catalog.CatalogSnapshot.schemaOf(
                    t.schema()), t.name(), c.name(), snapshot, database, new HashSet<>()).withOwnedBy(t.key(), c.name());
            List<ColumnDef> cols = new ArrayList<>(t.columns());
            cols.set(i, new ColumnDef(c.name(), c.type(), c.typmod(), true, SequenceDdl.nextvalOf(q),
                    String.valueOf(a.identity()), c.id(), c.missing()));
            List<org.apache.curator.framework.api.transaction.CuratorOp> out = new ArrayList<>();
            out.add(ops.updateTable(t.altered(t.name(), cols, t.primaryKey(), t.checks())));
            out.addAll(ops.createSequence(q));
            return out;
        });
    }
}
