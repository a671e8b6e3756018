package io.tessera.common.error;

/**
 * PostgreSQL's SQLSTATE codes, as listed in its {@code src/backend/utils/errcodes.txt}
 * (https://www.postgresql.org/docs/current/errcodes-appendix.html), grouped by class.
 *
 * <p>Throw sites name a constant here, never a string literal. Codes of class {@code XT} are
 * Tessera's own: conditions that only a cluster has, each with a comment saying why it exists.
 */
public enum SqlState {
    // Class 00 — Successful Completion
    SUCCESSFUL_COMPLETION("00000"),
    // Class 01 — Warning
    WARNING("01000"),
    /** GRANT by a role without grant options: nothing granted (a warning, as PostgreSQL). */
    PRIVILEGE_NOT_GRANTED("01007"),
    /** REVOKE by a role without grant options: nothing revoked (a warning, as PostgreSQL). */
    PRIVILEGE_NOT_REVOKED("01006"),
    // Class 08 — Connection Exception
    CONNECTION_EXCEPTION("08000"),
    CONNECTION_DOES_NOT_EXIST("08003"),
    CONNECTION_FAILURE("08006"),
    SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION("08001"),
    SQLSERVER_REJECTED_ESTABLISHMENT_OF_SQLCONNECTION("08004"),
    TRANSACTION_RESOLUTION_UNKNOWN("08007"),
    PROTOCOL_VIOLATION("08P01"),
    // Class 0A — Feature Not Supported
    FEATURE_NOT_SUPPORTED("0A000"),
    // Class 0L — Invalid Grantor
    /** A privilege that does not fit the object, such as USAGE on a table. */
    INVALID_GRANT_OPERATION("0LP01"),
    // Class 21 — Cardinality Violation
    CARDINALITY_VIOLATION("21000"),
    // Class 22 — Data Exception
    DATA_EXCEPTION("22000"),
    STRING_DATA_RIGHT_TRUNCATION("22001"),
    NUMERIC_VALUE_OUT_OF_RANGE("22003"),
    NULL_VALUE_NOT_ALLOWED("22004"),
    INVALID_DATETIME_FORMAT("22007"),
    DATETIME_FIELD_OVERFLOW("22008"),
    INVALID_TIME_ZONE_DISPLACEMENT_VALUE("22009"),
    SUBSTRING_ERROR("22011"),
    /** Bit strings of different lengths where they must match (bit(n) assignment, &amp;, |, #). */
    STRING_DATA_LENGTH_MISMATCH("22026"),
    ARRAY_SUBSCRIPT_ERROR("2202E"),
    INVALID_PRECEDING_OR_FOLLOWING_SIZE("22013"),
    DIVISION_BY_ZERO("22012"),
    INTERVAL_FIELD_OVERFLOW("22015"),
    INVALID_PARAMETER_VALUE("22023"),
    INVALID_TEXT_REPRESENTATION("22P02"),
    INVALID_BINARY_REPRESENTATION("22P03"),
    BAD_COPY_FILE_FORMAT("22P04"),
    CHARACTER_NOT_IN_REPERTOIRE("22021"),
    INVALID_ESCAPE_SEQUENCE("22025"),
    INVALID_REGULAR_EXPRESSION("2201B"),
    SEQUENCE_GENERATOR_LIMIT_EXCEEDED("2200H"),
    INVALID_USE_OF_ESCAPE_CHARACTER("2200C"),
    INVALID_ARGUMENT_FOR_NTILE_FUNCTION("22014"),
    INVALID_ARGUMENT_FOR_NTH_VALUE_FUNCTION("22016"),
    INVALID_ARGUMENT_FOR_LOGARITHM("2201E"),
    INVALID_ARGUMENT_FOR_POWER_FUNCTION("2201F"),
    INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION("2201G"),
    INVALID_ROW_COUNT_IN_LIMIT_CLAUSE("2201W"),
    INVALID_ROW_COUNT_IN_RESULT_OFFSET_CLAUSE("2201X"),
    // Class 23 — Integrity Constraint Violation
    INTEGRITY_CONSTRAINT_VIOLATION("23000"),
    NOT_NULL_VIOLATION("23502"),
    FOREIGN_KEY_VIOLATION("23503"),
    UNIQUE_VIOLATION("23505"),
    CHECK_VIOLATION("23514"),
    // Class 25 — Invalid Transaction State
    INVALID_TRANSACTION_STATE("25000"),
    ACTIVE_SQL_TRANSACTION("25001"),
    NO_ACTIVE_SQL_TRANSACTION("25P01"),
    IN_FAILED_SQL_TRANSACTION("25P02"),
    READ_ONLY_SQL_TRANSACTION("25006"),
    // Class 3B — Savepoint Exception
    INVALID_SAVEPOINT_SPECIFICATION("3B001"),
    // Class 26 — Invalid SQL Statement Name
    INVALID_SQL_STATEMENT_NAME("26000"),
    // Class 28 — Invalid Authorization Specification
    INVALID_AUTHORIZATION_SPECIFICATION("28000"),
    INVALID_PASSWORD("28P01"),
    // Class 34 — Invalid Cursor Name
    INVALID_CURSOR_NAME("34000"),
    // Class 3D — Invalid Catalog Name
    INVALID_CATALOG_NAME("3D000"),
    // Class 3F — Invalid Schema Name
    INVALID_SCHEMA_NAME("3F000"),
    // Class 40 — Transaction Rollback
    TRANSACTION_ROLLBACK("40000"),
    SERIALIZATION_FAILURE("40001"),
    DEADLOCK_DETECTED("40P01"),
    // Class 42 — Syntax Error or Access Rule Violation
    SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION("42000"),
    SYNTAX_ERROR("42601"),
    INSUFFICIENT_PRIVILEGE("42501"),
    /** A role name that is reserved ({@code public}, {@code none}, {@code pg_*}). */
    RESERVED_NAME("42939"),
    CANNOT_COERCE("42846"),
    GROUPING_ERROR("42803"),
    INVALID_FOREIGN_KEY("42830"),
    INVALID_NAME("42602"),
    NAME_TOO_LONG("42622"),
    UNDEFINED_COLUMN("42703"),
    UNDEFINED_FUNCTION("42883"),
    UNDEFINED_TABLE("42P01"),
    UNDEFINED_PARAMETER("42P02"),
    UNDEFINED_OBJECT("42704"),
    DUPLICATE_COLUMN("42701"),
    DUPLICATE_DATABASE("42P04"),
    DUPLICATE_PREPARED_STATEMENT("42P05"),
    DUPLICATE_CURSOR("42P03"),
    DUPLICATE_SCHEMA("42P06"),
    DUPLICATE_TABLE("42P07"),
    DUPLICATE_OBJECT("42710"),
    AMBIGUOUS_COLUMN("42702"),
    AMBIGUOUS_FUNCTION("42725"),
    DATATYPE_MISMATCH("42804"),
    WRONG_OBJECT_TYPE("42809"),
    INVALID_COLUMN_REFERENCE("42P10"),
    INVALID_TABLE_DEFINITION("42P16"),
    INVALID_OBJECT_DEFINITION("42P17"),
    WINDOWING_ERROR("42P20"),
    GENERATED_ALWAYS("428C9"),
    // Class 2B — Dependent Privilege Descriptors Still Exist
    DEPENDENT_OBJECTS_STILL_EXIST("2BP01"),
    INDETERMINATE_DATATYPE("42P18"),
    // Class 53 — Insufficient Resources
    INSUFFICIENT_RESOURCES("53000"),
    OUT_OF_MEMORY("53200"),
    TOO_MANY_CONNECTIONS("53300"),
    // Class 54 — Program Limit Exceeded
    PROGRAM_LIMIT_EXCEEDED("54000"),
    STATEMENT_TOO_COMPLEX("54001"),
    // Class 55 — Object Not In Prerequisite State
    OBJECT_NOT_IN_PREREQUISITE_STATE("55000"),
    OBJECT_IN_USE("55006"),
    LOCK_NOT_AVAILABLE("55P03"),
    UNSAFE_NEW_ENUM_VALUE_USAGE("55P04"),
    // Class 57 — Operator Intervention
    OPERATOR_INTERVENTION("57000"),
    QUERY_CANCELED("57014"),
    ADMIN_SHUTDOWN("57P01"),
    CRASH_SHUTDOWN("57P02"),
    CANNOT_CONNECT_NOW("57P03"),
    DATABASE_DROPPED("57P04"),
    // Class 72 — Snapshot Failure
    SNAPSHOT_TOO_OLD("72000"),
    // Class 58 — System Error
    SYSTEM_ERROR("58000"),
    IO_ERROR("58030"),
    // Class XX — Internal Error
    INTERNAL_ERROR("XX000"),
    DATA_CORRUPTED("XX001"),
    // Class 08, Tessera-specific subclass: a datanode the statement needs cannot be reached. Class 08 so
    // that clients treat it like a lost connection to a server (retryable), which is what it is.
    DATANODE_UNAVAILABLE("08T01"),
    // Class 08, Tessera-specific subclass: the GTM cannot be reached, so no snapshot or commit
    // timestamp can be taken.
    GTM_UNAVAILABLE("08T02"),
    // Class 08, Tessera-specific subclass: ZooKeeper (the catalog) cannot be reached.
    CATALOG_UNAVAILABLE("08T03"),
    // Class 40, Tessera-specific subclass: a datanode refused a request planned against an older version of a
    // table's schema than the one it holds (an ALTER TABLE committed meanwhile). Nothing of the request was done
    // there. Coordinators refresh their catalog and re-plan the statement without the client noticing when that is
    // safe; otherwise the client gets it and, being class 40, retries the transaction, as after 40001.
    STALE_SCHEMA_VERSION("40T01");

    private final String code;

    SqlState(String code) {
        this.code = code;
    }

    /** The five-character SQLSTATE, e.g. {@code "42P01"}. */
    public String code() {
        return code;
    }

    /** The constant with this code, or {@link #INTERNAL_ERROR} when the code is unknown. */
    public static SqlState of(String code) {
        for (SqlState s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        return INTERNAL_ERROR;
    }
}
