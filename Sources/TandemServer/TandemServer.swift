// TandemServer — see docs/architecture.md
