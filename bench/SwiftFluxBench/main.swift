import Foundation

// SwiftFlux benchmarks: each runs SwiftFlux and a reference side by side in one process run
// and prints both times and the ratio. Build in release: `bench/run.sh`.
let arguments = Array(CommandLine.arguments.dropFirst())
let name = arguments.first ?? "all"
do {
    switch name {
    case "ssa":
        try await ServerSideApplyBenchmark(count: Bench.intOption("--objects", in: arguments) ?? 1000).run()
    case "sync":
        try await SyncBenchmark(count: Bench.intOption("--objects", in: arguments) ?? 1000).run()
    case "all":
        try await ServerSideApplyBenchmark(count: 1000).run()
        try await SyncBenchmark(count: 1000).run()
    default:
        print("usage: swiftflux-bench [ssa|sync|all] [--objects N]")
        exit(2)
    }
} catch {
    print("benchmark failed: \(error)")
    exit(1)
}
