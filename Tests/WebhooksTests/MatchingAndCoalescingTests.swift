import Testing
import Webhooks

struct MatchingAndCoalescingTests {
    @Test(arguments: [
        ("git@github.com:Example/Config.git", "github.com/example/config"),
        ("ssh://git@github.com:22/example/config", "github.com/example/config"),
        ("https://user:token@github.com/example/config.git/", "github.com/example/config"),
        ("git://github.com/example/config.git", "github.com/example/config"),
        ("file:///srv/git/config.git", "/srv/git/config"),
        ("/srv/git/config", "/srv/git/config"),
    ])
    func repositoryURLsNormalize(_ url: String, _ expected: String) {
        #expect(GitSourceMatcher.normalize(url) == expected)
    }

    @Test func matchesOnlyTheFollowedRepositoryAndBranch() {
        let matcher = GitSourceMatcher(repository: "ssh://git@github.com/example/config.git", branch: "main")
        let push = GitPush(provider: .github, repositoryURLs: ["https://github.com/example/config.git"], branches: ["main"])
        #expect(matcher.matches(push))
        var other = push
        other.branches = ["feature"]
        #expect(!matcher.matches(other))
        other = push
        other.repositoryURLs = ["https://github.com/example/other.git"]
        #expect(!matcher.matches(other))
    }

    @Test func aBurstOfRequestsRunsTheWorkAtMostTwice() async {
        let trigger = CoalescingTrigger()
        let (started, startedContinuation) = AsyncStream.makeStream(of: Int.self)
        let (gate, gateContinuation) = AsyncStream.makeStream(of: Void.self)
        let runs = await withTaskGroup(of: Int.self) { group in
            group.addTask {
                var count = 0
                var gates = gate.makeAsyncIterator()
                for await _ in trigger.requests {
                    count += 1
                    startedContinuation.yield(count)
                    await gates.next()
                }
                return count
            }
            var starts = started.makeAsyncIterator()
            trigger.request()
            _ = await starts.next()
            // 99 more while the first run is busy: one more run, the rest folded in.
            var accepted = 0
            for _ in 0..<99 where trigger.request() { accepted += 1 }
            #expect(accepted == 1)
            gateContinuation.yield()
            _ = await starts.next()
            gateContinuation.yield()
            trigger.finish()
            return await group.next() ?? 0
        }
        #expect(runs == 2)
    }
}
