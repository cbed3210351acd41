// Tests for TandemSim live in this folder.
