// Tests for TandemKubeModel live in this folder.
