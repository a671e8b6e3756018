package io.tessera.common.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class GrpcErrorsTest {
    @Test
    void tesseraExceptionTravelsWithAllFields() {
        TesseraException e = new TesseraException(SqlState.DIVISION_BY_ZERO, "division by zéro", "some detail",
                "a hint", 12, null);
        StatusRuntimeException sre = GrpcErrors.toStatus(e);
        assertEquals(Status.Code.INVALID_ARGUMENT, sre.getStatus().getCode());
        TesseraException back = GrpcErrors.fromStatus(sre, "dn1");
        assertEquals(SqlState.DIVISION_BY_ZERO, back.sqlState());
        assertEquals("division by zéro", back.getMessage());
        assertEquals("some detail", back.detail());
        assertEquals("a hint", back.hint());
        assertEquals(12, back.position());
    }

    @Test
    void otherExceptionsBecomeInternalErrors() {
        TesseraException back = GrpcErrors.fromStatus(GrpcErrors.toStatus(new IllegalStateException("boom")), "dn1");
        assertEquals(SqlState.INTERNAL_ERROR, back.sqlState());
        assertEquals("boom", back.getMessage());
    }

    @Test
    void transportFailuresNameTheNode() {
        TesseraException u = GrpcErrors.fromStatus(Status.UNAVAILABLE.withDescription("io exception")
                .withCause(new ConnectException("Connection refused")).asRuntimeException(), "dn2");
        assertEquals(SqlState.DATANODE_UNAVAILABLE, u.sqlState());
        assertEquals("datanode \"dn2\" is unavailable: io exception", u.getMessage());
        assertEquals(SqlState.DATANODE_UNAVAILABLE,
                GrpcErrors.fromStatus(Status.DEADLINE_EXCEEDED.asRuntimeException(), "dn2").sqlState());
        assertEquals(SqlState.QUERY_CANCELED, GrpcErrors.fromStatus(Status.CANCELLED.asRuntimeException(), "dn2").sqlState());
        TesseraException other = GrpcErrors.fromStatus(Status.UNKNOWN.withDescription("x").asRuntimeException(), "dn2");
        assertEquals(SqlState.INTERNAL_ERROR, other.sqlState());
        assertTrue(other.getMessage().contains("dn2"));
    }
}
