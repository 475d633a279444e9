import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A loopback stand-in for an HTTP CONNECT proxy: it accepts `CONNECT host:port`, answers
/// `200 Connection established`, and then plays the tunnelled server itself, answering one
/// plain-HTTP request with `body`. It records the CONNECT targets it was asked for.
final class ConnectProxy: Sendable {
    let channel: any Channel
    let connectTargets = NIOLockedValueBox<[String]>([])

    var port: Int { channel.localAddress?.port ?? 0 }

    init(body: String) async throws {
        let targets = connectTargets
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(targets: targets, body: body))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func close() async throws {
        try await channel.close()
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let targets: NIOLockedValueBox<[String]>
        let body: String
        var buffered = ""
        var tunnelled = false

        init(targets: NIOLockedValueBox<[String]>, body: String) {
            self.targets = targets
            self.body = body
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            buffered += bytes.readString(length: bytes.readableBytes) ?? ""
            while let end = buffered.range(of: "\r\n\r\n") {
                let head = String(buffered[..<end.lowerBound])
                buffered = String(buffered[end.upperBound...])
                let requestLine = head.split(separator: "\r\n").first.map(String.init) ?? ""
                if !tunnelled && requestLine.hasPrefix("CONNECT ") {
                    let target = requestLine.split(separator: " ").dropFirst().first.map(String.init) ?? ""
                    targets.withLockedValue { $0.append(target) }
                    tunnelled = true
                    context.writeAndFlush(
                        wrapOutboundOut(ByteBuffer(string: "HTTP/1.1 200 Connection established\r\n\r\n")), promise: nil)
                } else {
                    let response =
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
                    context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: response))).whenComplete { _ in
                        context.close(promise: nil)
                    }
                }
            }
        }
    }
}
