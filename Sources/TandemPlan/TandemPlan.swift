// TandemPlan — see docs/architecture.md
