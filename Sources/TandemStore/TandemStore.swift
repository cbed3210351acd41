// TandemStore — see docs/architecture.md
