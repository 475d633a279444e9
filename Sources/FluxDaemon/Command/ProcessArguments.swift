import Foundation

/// fluxd's own command line as other processes see it (`ps`, `/proc/PID/cmdline`).
enum ProcessArguments {
    /// Overwrites every occurrence of each secret in the process's argument strings with `*`,
    /// so a token given in `--git-url` (e.g. by Flux v1's `https://$(GIT_AUTHUSER):$(GIT_AUTHKEY)@…`
    /// convention, expanded by the kubelet) is visible only between exec and this call. The
    /// memory is the kernel's argument area itself (Swift's `CommandLine.unsafeArgv`), which is
    /// what `/proc/PID/cmdline` reads. Returns how many bytes were hidden.
    @discardableResult
    static func hide(_ secrets: [String]) -> Int {
        let patterns = secrets.filter { !$0.isEmpty }.map { Array($0.utf8) }
        guard !patterns.isEmpty else { return 0 }
        var hidden = 0
        for index in 0..<Int(CommandLine.argc) {
            guard let argument = CommandLine.unsafeArgv[index] else { continue }
            let bytes = UnsafeMutableRawPointer(argument).assumingMemoryBound(to: UInt8.self)
            let length = strlen(argument)
            for pattern in patterns where pattern.count <= length {
                var start = 0
                while start + pattern.count <= length {
                    if (0..<pattern.count).allSatisfy({ bytes[start + $0] == pattern[$0] }) {
                        for offset in 0..<pattern.count { bytes[start + offset] = UInt8(ascii: "*") }
                        hidden += pattern.count
                        start += pattern.count
                    } else {
                        start += 1
                    }
                }
            }
        }
        return hidden
    }

    /// The process's arguments as `/proc/self/cmdline` shows them now (for tests).
    static func visible() -> [String] {
        guard let data = FileManager.default.contents(atPath: "/proc/self/cmdline") else { return [] }
        return data.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }
}
