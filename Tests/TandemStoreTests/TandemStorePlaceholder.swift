// Tests for TandemStore live in this folder.
