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
import io.tessera.common.config.ClusterConfig;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.protocol.gtm.GtmGrpc;
import io.tessera.protocol.gtm.TimestampRequest;
import io.tessera.protocol.gtm.TimestampResponse;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's one unit: old cluster files asking for milliseconds and calls from millisecond nodes are refused. */
class EngineUnitTest {
    @Test
    void aClusterFileOfTheMillisecondEngineRefusesToStartNamingTheFormat() {
        ClusterConfig config = new ClusterConfig();
        EngineUnit.init(config); // the default (and a file without the setting) starts
        config.engine.microseconds = false;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> EngineUnit.init(config));
        assertTrue(e.getMessage().contains("engine.microseconds: false"), e.getMessage());
        assertTrue(e.getMessage().contains("microseconds since 1970-01-01"), e.getMessage());
    }

    @Test
    void storedTimestampsAreTheEngineValue() {
        long micros = 1_704_110_400_123_456L; // 2024-01-01 12:00:00.123456
        RowCodec codec = new RowCodec(List.of(PgType.TIMESTAMP, PgType.TIME));
        byte[] data = codec.encodeBatch(List.<Object[]>of(new Object[] {micros, new PgTime(43_200_000_001L)}));
        Object[] back = codec.decodeBatch(data, 1).get(0);
        assertEquals(micros, back[0]);
        assertEquals(new PgTime(43_200_000_001L), back[1]);
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
            Metadata ms = new Metadata();
            ms.put(EngineUnit.HEADER, "ms"); // a node of an older build running the millisecond engine
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> GtmGrpc.newBlockingStub(plain)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(ms)).getTimestamps(one));
            assertEquals("55000", e.getTrailers().get(GrpcErrors.SQLSTATE));
            assertTrue(e.getMessage().contains("engine.microseconds differs between nodes"), e.getMessage());
        } finally {
            ch.shutdownNow();
            plain.shutdownNow();
            server.shutdownNow();
        }
    }
}
