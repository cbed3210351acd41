// Tests for TandemCLI live in this folder.
