import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The controlling terminal in raw mode, for `release --interactive`: keys are read as they
/// are typed (no echo, no line editing, Ctrl-C arrives as a key), and the menu is redrawn in
/// place. The mode is restored by `restore()`, whatever happened.
///
/// Reading a key blocks the calling thread until the user types; fluxctl does nothing else
/// meanwhile.
final class Terminal {
    private let input: Int32
    private var original = termios()
    private var drawnLines = 0
    /// Bytes read but not yet handed out: keys typed (or pasted, or sent by a script) faster
    /// than the menu redraws arrive together in one read.
    private var pending: [UInt8] = []

    /// Raw mode on standard input; `nil` when standard input or output is not a terminal.
    init?() {
        input = STDIN_FILENO
        guard isatty(input) == 1, isatty(STDOUT_FILENO) == 1, tcgetattr(input, &original) == 0 else { return nil }
        var raw = original
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(input, TCSANOW, &raw) == 0 else { return nil }
        write("\u{1B}[?25l")
    }

    func restore() {
        var saved = original
        _ = tcsetattr(input, TCSANOW, &saved)
        write("\u{1B}[?25h")
    }

    /// The bytes of one key press: an escape sequence (`ESC [ X`, `ESC O X`) or one byte.
    /// End of input reads as Ctrl-C.
    func readKey() -> [UInt8] {
        if pending.isEmpty {
            var buffer = [UInt8](repeating: 0, count: 64)
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, 64) }
            guard count > 0 else { return [3] }
            pending = Array(buffer.prefix(count))
        }
        let length = Self.keyLength(pending)
        defer { pending.removeFirst(length) }
        return Array(pending.prefix(length))
    }

    /// How many of `bytes` (not empty) make up their first key.
    static func keyLength(_ bytes: [UInt8]) -> Int {
        if bytes.count >= 3, bytes[0] == 27, bytes[1] == UInt8(ascii: "[") || bytes[1] == UInt8(ascii: "O") { return 3 }
        return 1
    }

    /// Replaces what the last `draw` wrote with `lines`.
    func draw(_ lines: [String]) {
        var text = drawnLines > 0 ? "\u{1B}[\(drawnLines)A" : ""
        for line in lines { text += "\r\u{1B}[2K" + line + "\n" }
        drawnLines = lines.count
        write(text)
    }

    func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
