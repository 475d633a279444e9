import Testing

@Suite struct ApplyEngineTestsPlaceholder {
    @Test func moduleBuilds() { #expect(Bool(true)) }
}
