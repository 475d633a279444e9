/// Entry point of fluxctl.
public enum FluxCtlMain {
    public static func main() async {}
}
