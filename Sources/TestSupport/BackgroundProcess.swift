import Foundation
import Synchronization

/// A child process running beside a test (fluxd, sshd, docker-registry, kubectl --watch),
/// with its output captured and a guaranteed stop. Every wait is bounded.
public final class BackgroundProcess: Sendable {
    private let process: Process
    private let output = OutputBuffer()
    public let executable: String

    /// Starts `executable` with `arguments`; `environment` entries are added to the inherited ones.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        workingDirectory: String? = nil
    ) throws {
        self.executable = executable
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        self.process = process
        let buffer = output
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                return
            }
            buffer.append(data)
        }
        try process.run()
    }

    /// Everything the process wrote to stdout and stderr so far.
    public var outputText: String { output.text }
    public var isRunning: Bool { process.isRunning }
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Waits until the output contains `text`, the process exits, or `timeout` passes.
    @discardableResult
    public func waitForOutput(_ text: String, timeout: Duration = .seconds(30)) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while clock.now < deadline {
            if outputText.contains(text) { return true }
            if !process.isRunning { return outputText.contains(text) }
            do {
                try await Task.sleep(for: .milliseconds(50))
            } catch {
                break  // cancelled: answer from what is known now
            }
        }
        return outputText.contains(text)
    }

    /// Waits for the process to exit by itself; returns its exit code, or nil on timeout.
    public func waitForExit(timeout: Duration = .seconds(60)) async -> Int32? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while clock.now < deadline {
            if !process.isRunning { return process.terminationStatus }
            do {
                try await Task.sleep(for: .milliseconds(25))
            } catch {
                break  // cancelled: answer from what is known now
            }
        }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Sends SIGTERM (or `signal`), waits up to `grace`, then SIGKILL. Returns the exit code.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, grace: Duration = .seconds(10)) async -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        if let code = await waitForExit(timeout: grace) { return code }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
    }
}

/// Bytes collected from a pipe, shared with its reading handler.
final class OutputBuffer: Sendable {
    private let bytes = Mutex<[UInt8]>([])

    func append(_ data: Data) { bytes.withLock { $0.append(contentsOf: data) } }
    var text: String { bytes.withLock { String(decoding: $0, as: UTF8.self) } }
}
