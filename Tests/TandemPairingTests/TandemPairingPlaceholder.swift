// Tests for TandemPairing live in this folder.
