// TandemKube — see docs/architecture.md
