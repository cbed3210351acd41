import Testing
@testable import TandemPlan

@Suite("Image tags (release versions)")
struct ImageTagTests {
    @Test("tags of the OCI grammar are accepted", arguments: ["2.0", "v1.2.3-rc_1", "_build", "latest", "A9", String(repeating: "a", count: 128)])
    func validTags(tag: String) {
        #expect(ImageTag.problem(tag) == nil)
    }

    @Test("tags outside the OCI grammar are refused with a reason quoting the value", arguments: [
        ("", #""" is not a valid image tag (it is empty)"#),
        (" ", #"" " is not a valid image tag (it contains " ")"#),
        ("x y/../z", #""x y/../z" is not a valid image tag (it contains " ")"#),
        ("1.0/../z", #""1.0/../z" is not a valid image tag (it contains "/")"#),
        ("<script>", #""<script>" is not a valid image tag (it contains "<")"#),
        (".hidden", #"".hidden" is not a valid image tag (it starts with ".")"#),
        ("-rc", #""-rc" is not a valid image tag (it starts with "-")"#),
        ("2.0\n", #""2.0\n" is not a valid image tag (it contains "\n")"#),
        ("v\u{1B}[2J", #""v\u{1B}[2J" is not a valid image tag (it contains "\u{1B}")"#),
        ("2.0é", #""2.0é" is not a valid image tag (it contains "é")"#),
        (String(repeating: "a", count: 200), "\"\(String(repeating: "a", count: 200))\" is not a valid image tag (it is 200 characters long, at most 128)"),
    ])
    func invalidTags(tag: String, expected: String) {
        #expect(ImageTag.problem(tag) == expected)
    }
}

@Suite("Printable text")
struct PrintableTextTests {
    @Test("control characters are escaped so a value cannot break or rewrite a line")
    func controlCharacters() {
        #expect(PrintableText.escaped("a\r\nb\tc\u{1B}[1Ad\u{7F}\u{85}") == #"a\r\nb\tc\u{1B}[1Ad\u{7F}\u{85}"#)
    }

    @Test("ordinary text, backslashes included, is printed as written")
    func ordinaryText() {
        #expect(PrintableText.escaped(#"http://{host}:8080/a\b"#) == #"http://{host}:8080/a\b"#)
        #expect(PrintableText.escaped("naïve ✓") == "naïve ✓")
    }

    @Test("a backslash is escaped once anything else is, so the escaped form is unambiguous")
    func backslashWithControl() {
        #expect(PrintableText.escaped("a\\n\n") == #"a\\n\n"#)
        #expect(PrintableText.quoted(#"say "hi""#) == #""say \"hi\"""#)
    }
}
