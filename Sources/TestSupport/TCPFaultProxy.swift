import NIOCore
import NIOPosix
import Synchronization

/// A TCP proxy on 127.0.0.1 that misbehaves on demand, put between SwiftFlux and a server it
/// talks to (the API server, git over SSH or HTTP, a registry) by the fault-injection suite.
/// The mode applies to every byte from the moment it is set, on new and open connections:
/// delays, connection resets (RST), black holes (bytes vanish, nothing answers) and truncated
/// responses (the server's bytes stop after N, then the connection closes).
public final class TCPFaultProxy: Sendable {
    public enum Mode: Sendable, Hashable, CustomStringConvertible {
        /// Forward everything unchanged.
        case pass
        /// Forward each chunk after this delay.
        case delay(Duration)
        /// Reset every connection (new ones at once, open ones at their next byte).
        case reset
        /// Accept connections and swallow their bytes; never answer.
        case blackHole
        /// Forward at most this many bytes from the server per connection, then close it.
        case truncate(afterBytes: Int)

        public var description: String {
            switch self {
            case .pass: "pass"
            case .delay(let duration): "delay \(duration)"
            case .reset: "reset"
            case .blackHole: "black hole"
            case .truncate(let bytes): "truncate after \(bytes) bytes"
            }
        }
    }

    public let port: Int
    public let upstreamPort: Int
    private let listener: any Channel
    private let state: SharedState

    struct State {
        var mode: Mode = .pass
        var connections: [ObjectIdentifier: any Channel] = [:]
        var accepted = 0
    }

    /// The state the listener and every connection handler share.
    final class SharedState: Sendable {
        private let lock = Mutex(State())
        func withLock<T: Sendable>(_ body: (inout State) -> T) -> T { lock.withLock { body(&$0) } }
    }

    /// Listens on an ephemeral port of 127.0.0.1 and forwards to `upstreamHost:upstreamPort`.
    public static func start(upstreamPort: Int, upstreamHost: String = "127.0.0.1") async throws -> TCPFaultProxy {
        let state = SharedState()
        let group = MultiThreadedEventLoopGroup.singleton
        let listener = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.autoRead, value: false)
            .childChannelInitializer { client in
                Self.connect(client, upstreamHost: upstreamHost, upstreamPort: upstreamPort, state: state)
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return TCPFaultProxy(listener: listener, state: state, upstreamPort: upstreamPort)
    }

    private init(listener: any Channel, state: SharedState, upstreamPort: Int) {
        self.listener = listener
        self.state = state
        self.port = listener.localAddress?.port ?? 0
        self.upstreamPort = upstreamPort
    }

    /// The current mode.
    public var mode: Mode { state.withLock { $0.mode } }

    /// Changes the mode for every connection, open or new.
    public func set(_ mode: Mode) { state.withLock { $0.mode = mode } }

    /// How many connections were accepted so far.
    public var acceptedConnections: Int { state.withLock { $0.accepted } }

    /// Closes every open connection (both sides), e.g. to end watches or pooled connections.
    public func closeAllConnections() {
        let open = state.withLock { Array($0.connections.values) }
        for channel in open { channel.close(promise: nil) }
    }

    /// Stops listening and closes every connection.
    public func stop() async {
        closeAllConnections()
        try? await listener.close()  // already closed: nothing to do
    }

    // MARK: - Connections

    private static func connect(
        _ client: any Channel, upstreamHost: String, upstreamPort: Int, state: SharedState
    ) -> EventLoopFuture<Void> {
        let mode = state.withLock { state in
            state.accepted += 1
            state.connections[ObjectIdentifier(client)] = client
            return state.mode
        }
        client.closeFuture.whenComplete { _ in _ = state.withLock { $0.connections.removeValue(forKey: ObjectIdentifier(client)) } }
        switch mode {
        case .reset:
            return Self.reset(client)
        case .blackHole:
            // Read and drop, never connect upstream: the client waits for an answer that never comes.
            return client.eventLoop.makeCompletedFuture {
                try client.pipeline.syncOperations.addHandler(DiscardHandler())
            }.flatMap { _ in client.setOption(ChannelOptions.autoRead, value: true) }
        default:
            break
        }
        return ClientBootstrap(group: client.eventLoop)
            .channelOption(ChannelOptions.autoRead, value: false)
            .connect(host: upstreamHost, port: upstreamPort)
            .flatMapThrowing { upstream in
                state.withLock { $0.connections[ObjectIdentifier(upstream)] = upstream }
                upstream.closeFuture.whenComplete { _ in
                    _ = state.withLock { $0.connections.removeValue(forKey: ObjectIdentifier(upstream)) }
                }
                try client.pipeline.syncOperations.addHandler(ForwardHandler(partner: upstream, fromServer: false, state: state))
                try upstream.pipeline.syncOperations.addHandler(ForwardHandler(partner: client, fromServer: true, state: state))
                return upstream
            }
            .flatMap { upstream in
                upstream.setOption(ChannelOptions.autoRead, value: true).flatMap { _ in
                    client.setOption(ChannelOptions.autoRead, value: true)
                }
            }
            .flatMapError { _ in
                // The server is down: the client sees its connection closed.
                client.close()
            }
    }

    /// Closes with SO_LINGER 0, so the peer gets a TCP RST rather than an orderly FIN.
    static func reset(_ channel: any Channel) -> EventLoopFuture<Void> {
        guard let socket = channel as? any SocketOptionProvider else { return channel.close() }
        return socket.setSoLinger(linger(l_onoff: 1, l_linger: 0))
            .flatMap { _ in channel.close() }
            .flatMapError { _ in channel.eventLoop.makeSucceededVoidFuture() }
    }

    /// Forwards one direction under the proxy's current mode.
    final class ForwardHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer

        let partner: any Channel
        let fromServer: Bool
        let state: SharedState
        var forwarded = 0

        init(partner: any Channel, fromServer: Bool, state: SharedState) {
            self.partner = partner
            self.fromServer = fromServer
            self.state = state
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            let partner = self.partner
            switch state.withLock({ $0.mode }) {
            case .pass:
                partner.writeAndFlush(buffer, promise: nil)
            case .delay(let delay):
                let (seconds, attoseconds) = delay.components
                let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
                let delayed = buffer
                context.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) {
                    partner.writeAndFlush(delayed, promise: nil)
                }
            case .reset:
                _ = TCPFaultProxy.reset(context.channel)
                _ = TCPFaultProxy.reset(partner)
            case .blackHole:
                break
            case .truncate(let limit):
                guard fromServer else {
                    partner.writeAndFlush(buffer, promise: nil)
                    return
                }
                let allowed = max(0, limit - forwarded)
                if buffer.readableBytes <= allowed {
                    forwarded += buffer.readableBytes
                    partner.writeAndFlush(buffer, promise: nil)
                    return
                }
                if allowed > 0, let head = buffer.readSlice(length: allowed) {
                    forwarded += allowed
                    partner.writeAndFlush(head, promise: nil)
                }
                let channel = context.channel
                partner.close(promise: nil)
                channel.close(promise: nil)
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            partner.close(promise: nil)
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            partner.close(promise: nil)
            context.close(promise: nil)
        }
    }

    /// Swallows everything (the black hole).
    final class DiscardHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
    }
}
