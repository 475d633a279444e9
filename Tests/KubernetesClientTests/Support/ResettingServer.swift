import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A raw HTTP/1 server on 127.0.0.1 that drops the connection (without answering) for the
/// first `failures` requests, then answers `200 {"kind":"Ok"}`: a connection reset as the
/// client sees it.
final class ResettingServer: Sendable {
    let channel: any Channel
    let requests = NIOLockedValueBox(0)

    var port: Int { channel.localAddress?.port ?? 0 }

    init(failures: Int) async throws {
        let counter = requests
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(counter: counter, failures: failures))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func close() async throws {
        try await channel.close()
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let counter: NIOLockedValueBox<Int>
        let failures: Int

        init(counter: NIOLockedValueBox<Int>, failures: Int) {
            self.counter = counter
            self.failures = failures
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .end = unwrapInboundIn(data) else { return }
            let number = counter.withLockedValue { value in
                value += 1
                return value
            }
            if number <= failures {
                context.close(promise: nil)
                return
            }
            let body = ByteBuffer(string: #"{"kind":"Ok"}"#)
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Content-Length", value: String(body.readableBytes))
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
