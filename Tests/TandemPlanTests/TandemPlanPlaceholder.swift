// Tests for TandemPlan live in this folder.
