import Foundation

/// A small seeded mutation fuzzer for parsers: it feeds a target closure with inputs mutated
/// from a corpus (bit flips, truncation, splices, duplicated and deleted ranges, inserted
/// tokens that matter to the format) and fails if the target crashes (the test process dies),
/// hangs (one input runs past `hangThreshold`) or grows memory past `memoryGrowthLimit`.
/// Errors thrown by the target are the expected outcome for malformed input.
///
/// Deterministic: the same seed gives the same inputs, so a failure names the seed and the
/// input number that reproduce it. In CI the runs are short (`FuzzBudget.ci`); `bench/fuzz.sh`
/// runs longer with `FUZZ_ITERATIONS`, `FUZZ_SECONDS` and `FUZZ_SEED`.
///
/// Adding a parser (e.g. the webhook payloads) takes one call:
/// `try await Fuzzer(name: "webhooks", corpus: samples, tokens: [...]).run { bytes in _ = try parse(bytes) }`.
public struct Fuzzer: Sendable {
    /// How much fuzzing one run does.
    public struct Budget: Sendable {
        public var iterations: Int
        public var timeLimit: Duration
        public var seed: UInt64
        /// Runs only this input (the earlier ones are generated, not run): reproduces a
        /// failure by its number without waiting for the inputs before it (`FUZZ_INPUT`).
        public var only: Int?

        public init(iterations: Int, timeLimit: Duration, seed: UInt64, only: Int? = nil) {
            self.iterations = iterations
            self.timeLimit = timeLimit
            self.seed = seed
            self.only = only
        }

        /// Small enough for CI, overridable from the environment for long runs. CI runs every
        /// iteration (deterministic inputs); the time limit is only a safety cap, generous
        /// because the suite shares two cores with everything else running in parallel.
        public static func fromEnvironment(iterations: Int = 400, timeLimit: Duration = .seconds(180), seed: UInt64 = 16)
            -> Budget
        {
            let environment = ProcessInfo.processInfo.environment
            return Budget(
                iterations: environment["FUZZ_ITERATIONS"].flatMap { Int($0) } ?? iterations,
                timeLimit: environment["FUZZ_SECONDS"].flatMap { Int64($0) }.map { .seconds($0) } ?? timeLimit,
                seed: environment["FUZZ_SEED"].flatMap { UInt64($0) } ?? seed,
                only: environment["FUZZ_INPUT"].flatMap { Int($0) })
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// What a run did, for the test to report and check.
    public struct Report: Sendable {
        public var inputs = 0
        public var rejected = 0
        public var slowestInput: Duration = .zero
        public var peakMemoryGrowth = 0
    }

    public let name: String
    public let corpus: [[UInt8]]
    /// Byte strings that mean something to the format (`&a`, `*a`, `---`, `{`, `"`), spliced in.
    public let tokens: [[UInt8]]
    public var budget: Budget
    /// One input running longer than this is a hang (generous: a loaded CI machine is slow).
    public var hangThreshold: Duration = .seconds(60)
    /// Resident memory may grow at most this much over the run.
    public var memoryGrowthLimit = 1 << 30
    /// Largest input produced.
    public var maxInputBytes = 256 * 1024

    public init(name: String, corpus: [String], tokens: [String] = [], budget: Budget = .fromEnvironment()) {
        self.name = name
        self.corpus = corpus.map { Array($0.utf8) }
        self.tokens = tokens.map { Array($0.utf8) }
        self.budget = budget
    }

    /// Runs the target on every corpus entry, then on mutated inputs until the budget ends.
    @discardableResult
    public func run(_ target: @escaping @Sendable ([UInt8]) async throws -> Void) async throws -> Report {
        var random = SplitMix64(seed: budget.seed)
        var report = Report()
        let clock = ContinuousClock()
        let start = clock.now
        let baseline = Self.residentBytes()
        var index = 0
        while index < corpus.count + budget.iterations, clock.now - start < budget.timeLimit {
            let input = index < corpus.count ? corpus[index] : mutate(&random)
            if let only = budget.only, index != only {
                if index > only { break }
                index += 1
                continue
            }
            let before = clock.now
            switch try await Self.race(target, input, deadline: hangThreshold) {
            case .accepted: break
            case .rejected: report.rejected += 1
            case .hung:
                throw Failure(
                    description:
                        "\(name): input \(index) (seed \(budget.seed)) did not finish within \(hangThreshold): a hang; input: \(Self.preview(input))\(saved(input, index))"
                )
            }
            let elapsed = clock.now - before
            report.slowestInput = max(report.slowestInput, elapsed)
            if elapsed > hangThreshold {
                throw Failure(
                    description:
                        "\(name): input \(index) (seed \(budget.seed)) took \(elapsed): a hang; input: \(Self.preview(input))\(saved(input, index))"
                )
            }
            if index % 16 == 0 {
                let growth = Self.residentBytes() - baseline
                report.peakMemoryGrowth = max(report.peakMemoryGrowth, growth)
                if growth > memoryGrowthLimit {
                    throw Failure(
                        description:
                            "\(name): memory grew by \(growth >> 20) MiB by input \(index) (seed \(budget.seed)): \(Self.preview(input))\(saved(input, index))"
                    )
                }
            }
            report.inputs += 1
            index += 1
            // Parsing is CPU-bound: let the other tests running beside this one have their turn.
            await Task.yield()
        }
        return report
    }

    enum Outcome: Sendable { case accepted, rejected, hung }

    /// Runs the target against a deadline, so an input that makes it wait for ever (a network
    /// call that never returns, a lock never released) fails the run instead of stalling it.
    static func race(
        _ target: @escaping @Sendable ([UInt8]) async throws -> Void, _ input: [UInt8], deadline: Duration
    ) async throws -> Outcome {
        try await withThrowingTaskGroup(of: Outcome.self) { group in
            group.addTask {
                do {
                    try await target(input)
                    return .accepted
                } catch {
                    return .rejected
                }
            }
            group.addTask {
                try await Task.sleep(for: deadline)
                return .hung
            }
            let first = try await group.next() ?? .hung
            group.cancelAll()
            return first
        }
    }

    /// One mutated input: a corpus entry with 1-4 mutations.
    func mutate(_ random: inout SplitMix64) -> [UInt8] {
        var bytes = corpus.isEmpty ? [] : corpus[Int(random.next() % UInt64(corpus.count))]
        for _ in 0...(random.next() % 4) {
            let position = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count + 1))
            switch random.next() % 9 {
            case 0 where !bytes.isEmpty:
                // Flip a bit.
                let at = min(position, bytes.count - 1)
                bytes[at] ^= UInt8(1 << (random.next() % 8))
            case 1:
                // Truncate.
                bytes = Array(bytes.prefix(position))
            case 2 where !tokens.isEmpty:
                bytes.insert(contentsOf: tokens[Int(random.next() % UInt64(tokens.count))], at: position)
            case 3 where !bytes.isEmpty:
                // Duplicate a range (grows nesting and repetition).
                let end = min(bytes.count, position + Int(random.next() % 64) + 1)
                let range = Array(bytes[min(position, bytes.count - 1)..<end])
                for _ in 0..<(1 + random.next() % 8) { bytes.insert(contentsOf: range, at: position) }
            case 4 where !bytes.isEmpty:
                // Delete a range.
                let end = min(bytes.count, position + Int(random.next() % 32) + 1)
                bytes.removeSubrange(min(position, bytes.count - 1)..<end)
            case 5:
                // Random bytes, invalid UTF-8 included.
                for _ in 0..<(1 + random.next() % 8) { bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position) }
            case 6 where corpus.count > 1:
                // Splice the tail of another entry.
                let other = corpus[Int(random.next() % UInt64(corpus.count))]
                let cut = other.isEmpty ? 0 : Int(random.next() % UInt64(other.count))
                bytes = Array(bytes.prefix(position)) + other[cut...]
            case 7:
                // An interesting number.
                let numbers = ["0", "-1", "9223372036854775808", "1e309", "0x7fffffff", ".nan", "-0.0", "18446744073709551616"]
                bytes.insert(contentsOf: Array(numbers[Int(random.next() % UInt64(numbers.count))].utf8), at: position)
            default:
                // Deep nesting.
                let open = ["[", "{\"a\":", "- ", "  "][Int(random.next() % 4)]
                for _ in 0..<(random.next() % 200) { bytes.insert(contentsOf: Array(open.utf8), at: position) }
            }
            if bytes.count > maxInputBytes { bytes = Array(bytes.prefix(maxInputBytes)) }
        }
        return bytes
    }

    /// The process's resident set size in bytes (Linux `/proc/self/statm`).
    public static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }  // not Linux: no check
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Writes a failing input to the temporary directory so it can be replayed whole (the
    /// failure message shows only its start); returns the sentence naming the file.
    func saved(_ input: [UInt8], _ index: Int) -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("fuzz-\(name)-seed\(budget.seed)-input\(index)")
        do {
            try Data(input).write(to: url)
            return "; whole input in \(url.path); rerun it alone with FUZZ_SEED=\(budget.seed) FUZZ_INPUT=\(index)"
        } catch {
            return "; rerun it alone with FUZZ_SEED=\(budget.seed) FUZZ_INPUT=\(index) (saving it failed: \(error))"
        }
    }

    static func preview(_ input: [UInt8]) -> String {
        let text = String(decoding: input.prefix(200), as: UTF8.self)
        return text.debugDescription + (input.count > 200 ? " (\(input.count) bytes)" : "")
    }
}

/// A tiny, fast, seeded generator (Steele et al.'s SplitMix64): reproducible inputs.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
