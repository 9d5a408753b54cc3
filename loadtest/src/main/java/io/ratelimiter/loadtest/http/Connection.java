package io.ratelimiter.loadtest.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.1 keep-alive connection from one local address to one server: the client's identity is the address it
 * is bound to (any of 127.0.0.0/8 on loopback), which is what the limiter sees as the peer, or what the load balancer
 * appends to {@code X-Forwarded-For}. One request at a time; a closed connection is opened again on the next send.
 *
 * <p>Netty rather than {@code java.net.http}, which cannot bind a local address, and rather than Gatling, whose
 * per-request records would have to be exported and re-read to count each client's decisions per window.
 */
public final class Connection implements AutoCloseable {

    private final Bootstrap bootstrap;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final String host;
    private final long timeoutNanos;
    private volatile Channel channel;
    private volatile InFlight inFlight;
    private volatile boolean keepBodies;
    private volatile String lastBody;

    public Connection(EventLoopGroup group, InetAddress localAddress, URI server, Duration timeout) {
        this.remote = new InetSocketAddress(server.getHost(), server.getPort() < 0 ? 80 : server.getPort());
        this.local = new InetSocketAddress(localAddress, 0);
        this.host = server.getHost() + (server.getPort() < 0 ? "" : ":" + server.getPort());
        this.timeoutNanos = timeout.toNanos();
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16), new Answers());
                    }
                });
    }

    /** An event loop group for many connections; {@code threads} of them share all sockets. */
    public static EventLoopGroup eventLoops(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    /** Keeps the body of each answer for {@link #lastBody()}; load loops leave them unread. */
    public Connection keepingBodies() {
        keepBodies = true;
        return this;
    }

    public Optional<String> lastBody() {
        return Optional.ofNullable(lastBody);
    }

    /** Sends the request (opening the connection first if needed); the answer never completes exceptionally. */
    public CompletableFuture<Response> send(Request request) {
        CompletableFuture<Response> answer = new CompletableFuture<>();
        Channel open = channel;
        if (open != null && open.isActive()) {
            write(open, request, answer);
            return answer;
        }
        long connecting = System.nanoTime();
        bootstrap.connect(remote, local).addListener((ChannelFuture connected) -> {
            if (connected.isSuccess()) {
                channel = connected.channel();
                write(connected.channel(), request, answer);
            } else {
                answer.complete(Response.failed(connecting, "connect: " + connected.cause()));
            }
        });
        return answer;
    }

    private void write(Channel ch, Request request, CompletableFuture<Response> answer) {
        ByteBuf body = request.form() == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(request.form(), StandardCharsets.UTF_8);
        FullHttpRequest http = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(request.method()), request.path(), body);
        http.headers().set(HttpHeaderNames.HOST, host);
        http.headers().set(HttpHeaderNames.USER_AGENT, "ratelimiter-loadtest");
        http.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (request.form() != null) {
            http.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_X_WWW_FORM_URLENCODED);
        }
        InFlight current = new InFlight(System.nanoTime(), answer);
        inFlight = current;
        ch.eventLoop().schedule(() -> {
            if (current.fail("no answer within " + Duration.ofNanos(timeoutNanos))) {
                ch.close();
            }
        }, timeoutNanos, TimeUnit.NANOSECONDS);
        ch.writeAndFlush(http).addListener(written -> {
            if (!written.isSuccess()) {
                current.fail("write: " + written.cause());
                ch.close();
            }
        });
    }

    @Override
    public void close() {
        Channel open = channel;
        if (open != null) {
            open.close();
        }
    }

    private static final class InFlight {
        private final long sent;
        private final CompletableFuture<Response> answer;

        InFlight(long sent, CompletableFuture<Response> answer) {
            this.sent = sent;
            this.answer = answer;
        }

        boolean fail(String why) {
            return answer.complete(Response.failed(sent, why));
        }
    }

    private final class Answers extends SimpleChannelInboundHandler<FullHttpResponse> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            long received = System.nanoTime();
            InFlight current = inFlight;
            if (keepBodies) {
                lastBody = response.content().toString(StandardCharsets.UTF_8);
            }
            if (current != null) {
                current.answer.complete(new Response(response.status().code(),
                        response.headers().get("RateLimit-Policy", ""), response.headers().get("RateLimit", ""),
                        current.sent, received, null));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            InFlight current = inFlight;
            if (current != null) {
                current.fail("connection closed by the server");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            InFlight current = inFlight;
            if (current != null) {
                current.fail(cause.toString());
            }
            ctx.close();
        }
    }
}
