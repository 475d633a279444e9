import FluxDaemon

await FluxDaemonMain.main()
