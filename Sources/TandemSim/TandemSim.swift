// TandemSim — see docs/architecture.md
