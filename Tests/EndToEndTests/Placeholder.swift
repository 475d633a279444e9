import Testing

@Suite struct EndToEndTestsPlaceholder {
    @Test func moduleBuilds() { #expect(Bool(true)) }
}
