#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads this process's environment without Foundation.
public enum ProcessEnvironment {
    public static func value(_ name: String) -> String? {
        guard let pointer = getenv(name) else { return nil }
        return String(cString: pointer)
    }

    public static func isExecutable(_ path: String) -> Bool {
        access(path, X_OK) == 0
    }
}
