import ArgumentParser

/// Flux v1's command-line syntax (spf13/pflag) on top of swift-argument-parser, so the
/// argument lists of Flux v1's Helm chart and `deploy/` manifests run unchanged.
///
/// pflag accepts a boolean as `--flag` or `--flag=VALUE` (`true|false`, `1|0`, `t|f`,
/// `T|F`, `TRUE|FALSE`, `True|False`: Go's `strconv.ParseBool`), never `--flag VALUE`; the
/// last occurrence wins. swift-argument-parser's `@Flag` takes no value, so booleans are
/// declared as `@Flag(inversion: .prefixedNo)` and `--flag=false` is rewritten to
/// `--no-flag` before parsing. A short option with `=` (`-l=:3030`) or glued to its value
/// (`-l:3030`) becomes two arguments, and `--flag=` (an empty value, as the chart writes
/// `--memcached-service=`) stays an empty value.
public enum FluxdArgumentSyntax {
    /// Every boolean flag of fluxd (Flux v1's and SwiftFlux's own). A test checks that this
    /// set is exactly the flags `fluxd --help` lists as taking no value.
    public static let booleanFlags: Set<String> = [
        // Flux v1
        "git-readonly", "git-set-author", "git-secret", "sops", "git-ci-skip", "git-verify-signatures",
        "sync-garbage-collection", "sync-garbage-collection-dry", "registry-disable-scanning", "registry-trace",
        "k8s-in-cluster", "manifest-generation",
        // SwiftFlux
        "git-accept-new-host-keys", "enable-remote-resources", "once",
    ]

    /// Short options that take a value (pflag lets them be glued to it: `-l:3030`).
    static let shortOptionsWithValue: Set<Character> = ["l"]

    /// Rewrites Flux v1 syntax into what `DaemonOptions` parses. Arguments after `--` are
    /// left alone.
    public static func normalize(_ arguments: [String]) throws(ValidationError) -> [String] {
        var result: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                result += arguments[(index - 1)...]
                break
            }
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                let name = String(argument[argument.index(argument.startIndex, offsetBy: 2)..<equals])
                let value = String(argument[argument.index(after: equals)...])
                if booleanFlags.contains(name) || name == "version" {
                    guard let flag = parseBool(value) else {
                        throw ValidationError(
                            "invalid argument \"\(value)\" for \"--\(name)\" flag: use --\(name), --\(name)=true or --\(name)=false")
                    }
                    if name == "version" {
                        if flag { result.append("--version") }
                    } else {
                        result.append(flag ? "--\(name)" : "--no-\(name)")
                    }
                } else if value.isEmpty {
                    // Two arguments, so an empty value stays a value.
                    result += ["--\(name)", ""]
                } else {
                    result.append(argument)
                }
                continue
            }
            if argument.count > 2, argument.hasPrefix("-"), !argument.hasPrefix("--") {
                let letter = argument[argument.index(after: argument.startIndex)]
                if shortOptionsWithValue.contains(letter) {
                    var value = argument.dropFirst(2)
                    if value.hasPrefix("=") { value = value.dropFirst() }
                    result += ["-\(letter)", String(value)]
                    continue
                }
            }
            result.append(argument)
        }
        return result
    }

    /// Go's `strconv.ParseBool`.
    static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "true", "TRUE", "True": return true
        case "0", "f", "F", "false", "FALSE", "False": return false
        default: return nil
        }
    }
}
