import TandemCLI

await TandemMain.run()
