/// Entry point of fluxd (filled in by the daemon module).
public enum FluxDaemonMain {
    public static func main() async {}
}
