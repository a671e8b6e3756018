package io.tessera.common.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.protocol.gtm.GtmGrpc;
import io.tessera.protocol.gtm.TimestampRequest;
import io.tessera.protocol.gtm.TimestampResponse;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code engine.microseconds}: the codecs' identity under it and the refusal of calls between nodes that disagree. */
class EngineUnitTest {
    @AfterEach
    void reset() {
        EngineUnit.set(false);
    }

    @Test
    void underMicrosecondsTheStoredValueIsTheEngineValue() {
        EngineUnit.set(true);
        long micros = 1_704_110_400_123_456L; // 2024-01-01 12:00:00.123456
        assertEquals(micros, TimestampMicros.toMicros(micros));
        assertEquals(micros, TimestampMicros.fromMicros(micros));
        RowCodec codec = new RowCodec(List.of(PgType.TIMESTAMP));
        byte[] data = codec.encodeBatch(List.<Object[]>of(new Object[] {micros}));
        assertEquals(micros, codec.decodeBatch(data, 1).get(0)[0]);
        EngineUnit.set(false);
        // the same bytes read by the millisecond engine: the value floored to milliseconds
        assertEquals(micros / 1000, codec.decodeBatch(data, 1).get(0)[0]);
    }

    @Test
    void aCallerOfTheOtherUnitIsRefusedWith55000AndOneOfTheSameIsServed() throws Exception {
        GtmGrpc.GtmImplBase gtm = new GtmGrpc.GtmImplBase() {
            @Override
            public void getTimestamps(TimestampRequest request, StreamObserver<TimestampResponse> out) {
                out.onNext(TimestampResponse.newBuilder().setFirst(7).setCount(1).build());
                out.onCompleted();
            }
        };
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(gtm, GrpcErrors.interceptor(), EngineUnit.serverInterceptor()))
                .build().start();
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
                .intercept(EngineUnit.clientInterceptor()).build();
        ManagedChannel plain = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        try {
            TimestampRequest one = TimestampRequest.newBuilder().setCount(1).build();
            assertEquals(7, GtmGrpc.newBlockingStub(ch).getTimestamps(one).getFirst(), "same unit: served");
            Metadata us = new Metadata();
            us.put(EngineUnit.HEADER, "us"); // a caller in microseconds; this process (the server) is in milliseconds
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> GtmGrpc.newBlockingStub(plain)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(us)).getTimestamps(one));
            assertEquals("55000", e.getTrailers().get(GrpcErrors.SQLSTATE));
            assertTrue(e.getMessage().contains("engine.microseconds differs between nodes"), e.getMessage());
        } finally {
            ch.shutdownNow();
            plain.shutdownNow();
            server.shutdownNow();
        }
    }
}
