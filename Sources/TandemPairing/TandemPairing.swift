// TandemPairing — see docs/architecture.md
