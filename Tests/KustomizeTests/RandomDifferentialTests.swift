import Foundation
import Kustomize
import Testing

/// Random layered kustomizations (`RandomKustomization`: bases, overlays, diamonds,
/// components, generators, patches, transformers, replacements) rendered natively and by
/// `kubectl kustomize`: the outputs must be byte-identical, and what kubectl refuses must be
/// refused. Seeded, so a failure names the seed that makes it again:
/// `SWIFTFLUX_KUSTOMIZE_RANDOM_SEED=<seed> SWIFTFLUX_KUSTOMIZE_RANDOM_CASES=1`.
/// CI renders 30 cases; set `SWIFTFLUX_KUSTOMIZE_RANDOM_CASES` for more (bench or local runs).
@Suite struct RandomDifferentialTests {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    static var seeds: [UInt64] {
        let count = environment["SWIFTFLUX_KUSTOMIZE_RANDOM_CASES"].flatMap(Int.init) ?? 30
        let first = environment["SWIFTFLUX_KUSTOMIZE_RANDOM_SEED"].flatMap(UInt64.init) ?? 1
        return (0..<UInt64(max(count, 0))).map { first + $0 }
    }

    @Test func randomKustomizationsRenderLikeKubectl() async throws {
        let seeds = Self.seeds
        // A few cases at a time: each runs one kubectl process.
        let failures = try await withThrowingTaskGroup(of: String?.self) { group in
            var failures: [String] = []
            var next = seeds.makeIterator()
            for _ in 0..<2 {
                if let seed = next.next() { group.addTask { try await Self.check(seed: seed) } }
            }
            while let result = try await group.next() {
                if let result { failures.append(result) }
                if let seed = next.next() { group.addTask { try await Self.check(seed: seed) } }
            }
            return failures
        }
        #expect(failures.isEmpty, "\(failures.count) of \(seeds.count) random cases differ:\n\(failures.joined(separator: "\n"))")
    }

    /// nil when native and kubectl agree; else what differs (the case is kept on disk).
    static func check(seed: UInt64) async throws -> String? {
        var generator = RandomKustomization(seed: seed)
        let target = generator.generate()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kustomize-random-\(seed)-\(UUID().uuidString.prefix(6))")
        try generator.write(to: root)
        let directory = root.appendingPathComponent(target).path
        let reference = try await DifferentialTests.kubectlKustomize(directory)
        var failure: String?
        do {
            let native = try await Kustomizer().render(directory: directory)
            if reference.status != 0 {
                failure = "seed \(seed): kubectl refuses (\(reference.error.suffix(300))), native renders"
            } else if native != reference.output {
                try native.write(to: root.appendingPathComponent("native.out"), atomically: true, encoding: .utf8)
                try reference.output.write(to: root.appendingPathComponent("kubectl.out"), atomically: true, encoding: .utf8)
                failure = "seed \(seed): outputs differ (\(root.path)/{native,kubectl}.out)"
            }
        } catch {
            if reference.status == 0 { failure = "seed \(seed): native refuses (\(error)), kubectl renders" }
        }
        if let failure { return failure + " — case kept at \(root.path)" }
        try? FileManager.default.removeItem(at: root)  // best effort: a temporary directory
        return nil
    }
}
