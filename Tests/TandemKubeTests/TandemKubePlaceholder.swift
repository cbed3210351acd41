// Tests for TandemKube live in this folder.
