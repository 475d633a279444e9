import KubernetesModel
import Synchronization
import Testing

/// The shared async lock, semaphore and bounded concurrent map.
@Suite struct ConcurrencyTests {
    final class Gauge: Sendable {
        let state = Mutex((current: 0, peak: 0))
        func enter() {
            state.withLock {
                $0.current += 1
                $0.peak = max($0.peak, $0.current)
            }
        }
        func leave() { state.withLock { $0.current -= 1 } }
        var peak: Int { state.withLock { $0.peak } }
    }

    @Test func concurrentMapKeepsOrderAndBound() async {
        let gauge = Gauge()
        let results = await concurrentMap(Array(0..<50), limit: 4) { value -> Int in
            gauge.enter()
            await Task.yield()
            gauge.leave()
            return value * 2
        }
        #expect(results == (0..<50).map { $0 * 2 })
        #expect(gauge.peak <= 4 && gauge.peak >= 1)
        #expect(await concurrentMap([Int](), limit: 3) { $0 }.isEmpty)
    }

    @Test func lockExcludesAndSemaphoreBounds() async {
        let lock = AsyncLock()
        let gauge = Gauge()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    await lock.withLock {
                        gauge.enter()
                        await Task.yield()
                        gauge.leave()
                    }
                }
            }
        }
        #expect(gauge.peak == 1)
        let semaphore = AsyncSemaphore(permits: 3)
        let bounded = Gauge()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    await semaphore.withPermit {
                        bounded.enter()
                        await Task.yield()
                        bounded.leave()
                    }
                }
            }
        }
        #expect(bounded.peak <= 3)
    }

    actor Counter {
        let lock = AsyncLock()
        var value = 0
        /// An actor's own state inside the lock (the body runs on the actor).
        func incrementTwice() async {
            await lock.withLock {
                let start = value
                await Task.yield()
                value = start + 2
            }
        }
    }

    @Test func actorStateInsideTheLockStaysConsistent() async {
        let counter = Counter()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<10 { group.addTask { await counter.incrementTwice() } }
        }
        #expect(await counter.value == 20)
    }
}
