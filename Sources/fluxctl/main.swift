import FluxCLI

await FluxCtlMain.main()
