/// Flux v1's fluxctl takes its persistent flags (`--url`/`-u`, `--token`/`-t`,
/// `--k8s-fwd-ns`, `--k8s-fwd-labels`, `--context`, `--timeout`, and SwiftFlux's
/// `--kubeconfig`) anywhere on the line: `fluxctl --k8s-fwd-ns flux list-workloads`.
/// swift-argument-parser reads a subcommand's options after its name, so the ones given
/// before it are moved right after it. Glued short forms (`-uURL`, `-u=URL`) are split.
enum FluxctlArguments {
    static func normalize(_ arguments: [String]) -> [String] {
        var moved: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if ConnectionOptions.globalOptions.contains(name) {
                if argument.contains("=") {
                    moved += splitShort(argument)
                    index += 1
                } else {
                    moved.append(argument)
                    if index + 1 < arguments.endIndex { moved.append(arguments[index + 1]) }
                    index += 2
                }
                continue
            }
            if argument.count > 2, let short = ["-u", "-t"].first(where: { argument.hasPrefix($0) }), !argument.hasPrefix("--") {
                moved += [short, String(argument.dropFirst(2))]
                index += 1
                continue
            }
            break
        }
        guard !moved.isEmpty, index < arguments.endIndex, !arguments[index].hasPrefix("-") else {
            // No command after the flags (or something else first, like --help): leave as given.
            return arguments.map { $0 }
        }
        return [arguments[index]] + moved + arguments[(index + 1)...]
    }

    /// `-u=URL` → `-u URL`; long options keep `--name=value`, which the parser reads.
    static func splitShort(_ argument: String) -> [String] {
        guard !argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return [argument] }
        return [String(argument[..<equals]), String(argument[argument.index(after: equals)...])]
    }
}
