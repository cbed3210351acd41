// TandemKubeModel — see docs/architecture.md
