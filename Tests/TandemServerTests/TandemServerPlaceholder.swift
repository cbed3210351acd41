// Tests for TandemServer live in this folder.
