package io.tessera.coordinator.pgwire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

/**
 * A connection's outgoing bytes, gathered into one buffer between flush points, so that the replies to a pipelined
 * Parse/Bind/Describe/Execute/Sync cost one write to Netty (each write from a worker thread is a task on the event
 * loop) rather than five. Flush points: ReadyForQuery, Flush, a full batch of DataRows, and a pause for
 * backpressure. Used only by the connection's current task.
 */
final class Output {
    private final Channel channel;
    private ByteBuf buf;
    private long flushes;

    Output(Channel channel) {
        this.channel = channel;
    }

    Channel channel() {
        return channel;
    }

    /** The buffer to append messages to. */
    ByteBuf buf() {
        if (buf == null) {
            buf = channel.alloc().buffer(1024);
        }
        return buf;
    }

    int size() {
        return buf == null ? 0 : buf.readableBytes();
    }

    /** How many times {@link #flush} ran: bytes written before a change of it are gone to Netty. */
    long flushes() {
        return flushes;
    }

    /** Hands the gathered bytes to Netty and flushes them to the socket. */
    ChannelFuture flush() {
        flushes++;
        ByteBuf b = buf;
        buf = null;
        if (b == null || !b.isReadable()) {
            if (b != null) {
                b.release();
            }
            channel.flush();
            return channel.newSucceededFuture();
        }
        return channel.writeAndFlush(b);
    }

    /** Drops unsent bytes (the connection is gone). */
    void discard() {
        if (buf != null) {
            buf.release();
            buf = null;
        }
    }
}
