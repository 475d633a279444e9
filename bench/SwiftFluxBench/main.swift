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
    case "images":
        let rps = arguments.firstIndex(of: "--rps").flatMap { arguments.indices.contains($0 + 1) ? Double(arguments[$0 + 1]) : nil }
        try await ImageScanBenchmark(tagCount: Bench.intOption("--tags", in: arguments) ?? 5000, requestsPerSecond: rps).run()
    case "webhook":
        try await WebhookBenchmark(
            pushes: Bench.intOption("--pushes", in: arguments) ?? 50,
            pollingPushes: Bench.intOption("--reference-pushes", in: arguments) ?? 20
        ).run()
    case "soak":
        try await SoakBenchmark(passes: Bench.intOption("--passes", in: arguments) ?? 10_000).run()
    case "all":
        try await ServerSideApplyBenchmark(count: 1000).run()
        try await SyncBenchmark(count: 1000).run()
    default:
        print("usage: swiftflux-bench [ssa|sync|all] [--objects N] | images [--tags N] [--rps R] | webhook [--pushes N] [--reference-pushes N] | soak [--passes N]")
        exit(2)
    }
} catch {
    print("benchmark failed: \(error)")
    exit(1)
}
