import CommandRunner
import Foundation

/// `git http-backend` behind a small Python HTTP server on 127.0.0.1 that requires Basic
/// authentication, for testing git over HTTP with credentials. Use
/// `HTTPGitServer.run(projectRoot:username:password:) { server in ... }`: the server is up
/// (bounded wait) when the body starts and is stopped when it ends.
public struct HTTPGitServer: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let port: Int

    /// `http://127.0.0.1:PORT/<path relative to the project root>`.
    public func url(forRepository relativePath: String) -> String {
        "http://127.0.0.1:\(port)/\(relativePath)"
    }

    public static func run<T: Sendable>(
        projectRoot: String, username: String, password: String, startupTimeout: Duration = .seconds(10),
        lifetime: Duration = .seconds(600), _ body: (HTTPGitServer) async throws -> T
    ) async throws -> T {
        let python = try Tools.require("python3")
        let directory = try TemporaryDirectory(prefix: "httpgit")
        defer { directory.remove() }
        let script = try directory.write("server.py", serverScript)
        let portFile = "\(directory.path)/port"
        let outcome: Result<T, Failure> = try await withThrowingTaskGroup(of: SSHGitServer.Event.self) { group in
            group.addTask {
                .exited(
                    try await Command.run(
                        python, arguments: [script, projectRoot, portFile],
                        environment: ["TEST_GIT_USER": username, "TEST_GIT_PASSWORD": password], timeout: lifetime))
            }
            group.addTask {
                let clock = ContinuousClock()
                let deadline = clock.now + startupTimeout
                while clock.now < deadline {
                    if FileManager.default.fileExists(atPath: portFile) { return .ready }
                    try await Task.sleep(for: .milliseconds(50))
                }
                return .startupTimedOut
            }
            defer { group.cancelAll() }
            switch try await group.next() {
            case .ready: break
            case .exited(let result):
                return .failure(Failure(description: "HTTP git server exited \(result.exitCode): \(result.standardError)"))
            case .startupTimedOut, nil:
                return .failure(Failure(description: "HTTP git server did not start within \(startupTimeout)"))
            }
            let text = try String(contentsOfFile: portFile, encoding: .utf8)
            guard let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                return .failure(Failure(description: "HTTP git server wrote no port"))
            }
            return .success(try await body(HTTPGitServer(port: port)))
        }
        return try outcome.get()
    }

    static let serverScript = #"""
        import base64, os, subprocess, sys
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        root, port_file = sys.argv[1], sys.argv[2]
        user, password = os.environ["TEST_GIT_USER"], os.environ["TEST_GIT_PASSWORD"]
        expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                self.serve()

            def do_POST(self):
                self.serve()

            def read_body(self):
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    data = b""
                    while True:
                        size = int(self.rfile.readline().strip().split(b";")[0], 16)
                        if size == 0:
                            self.rfile.readline()
                            return data
                        data += self.rfile.read(size)
                        self.rfile.readline()
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def serve(self):
                body = self.read_body()
                if self.headers.get("Authorization") != expected:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="git"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                path, _, query = self.path.partition("?")
                env = dict(os.environ, GIT_PROJECT_ROOT=root, GIT_HTTP_EXPORT_ALL="1", PATH_INFO=path,
                           QUERY_STRING=query, REQUEST_METHOD=self.command, REMOTE_USER=user,
                           REMOTE_ADDR="127.0.0.1", CONTENT_TYPE=self.headers.get("Content-Type", ""),
                           CONTENT_LENGTH=str(len(body)),
                           HTTP_CONTENT_ENCODING=self.headers.get("Content-Encoding", ""),
                           GIT_PROTOCOL=self.headers.get("Git-Protocol", ""))
                out = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True).stdout
                sep = b"\r\n\r\n" if b"\r\n\r\n" in out else b"\n\n"
                head, _, content = out.partition(sep)
                status, headers = 200, []
                for line in head.replace(b"\r\n", b"\n").split(b"\n"):
                    key, _, value = line.decode().partition(":")
                    if key.lower() == "status":
                        status = int(value.strip().split()[0])
                    elif key:
                        headers.append((key, value.strip()))
                self.send_response(status)
                for key, value in headers:
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        with open(port_file + ".tmp", "w") as f:
            f.write(str(server.server_address[1]))
        os.rename(port_file + ".tmp", port_file)
        server.serve_forever()
        """#
}
