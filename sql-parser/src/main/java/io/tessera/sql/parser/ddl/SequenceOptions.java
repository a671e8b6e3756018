package io.tessera.sql.parser.ddl;

import java.util.List;

/**
 * The options of {@code CREATE SEQUENCE}, {@code ALTER SEQUENCE} and an identity column's
 * {@code GENERATED ... AS IDENTITY (options)}, as written (PostgreSQL's {@code SeqOptElem}); a null field was not
 * written. The grammar fills it; the coordinator applies PostgreSQL's defaults and checks
 * (https://www.postgresql.org/docs/15/sql-createsequence.html).
 */
public final class SequenceOptions {
    /** {@code AS type}: the canonical type name (int2, int4, int8), or null. */
    public String type;
    public Long increment;
    public Long minValue;
    public Long maxValue;
    /** {@code NO MINVALUE}: the type's default. */
    public boolean noMinValue;
    /** {@code NO MAXVALUE}: the type's default. */
    public boolean noMaxValue;
    public Long start;
    /** {@code RESTART} was written (ALTER SEQUENCE only). */
    public boolean restart;
    /** {@code RESTART WITH n}; null with {@link #restart} means "the start value". */
    public Long restartWith;
    public Long cache;
    /** {@code CYCLE} (true), {@code NO CYCLE} (false), or null. */
    public Boolean cycle;
    /** {@code OWNED BY table.column} as written, or null. */
    public List<String> ownedBy;
    /** {@code OWNED BY NONE}. */
    public boolean ownedByNone;
    /** {@code SEQUENCE NAME name} as written (an identity column's options only), or null. */
    public List<String> sequenceName;

    /** Whether any option was written. */
    public boolean isEmpty() {
        return type == null && increment == null && minValue == null && maxValue == null && !noMinValue
                && !noMaxValue && start == null && !restart && cache == null && cycle == null && ownedBy == null
                && !ownedByNone && sequenceName == null;
    }
}
