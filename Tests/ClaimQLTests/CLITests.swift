import Testing

/// End-to-end checks of the binary that golden files cannot express (stdin scripts).
struct CLITests {
    @Test func scriptOnStdin() throws {
        let r = try runClaimQL(["--data", "examples/seed.cq"], stdin: "-- piped\ncount claims\ncount entities where kind = \"person\"\n")
        #expect(r.status == 0)
        #expect(r.stdout == "40\n10\n")
        #expect(r.stderr.isEmpty)
    }

    @Test func badScriptOnStdinExits65() throws {
        let r = try runClaimQL([], stdin: "claims where qty > 1m\n")
        #expect(r.status == 65)
        #expect(r.stderr.hasPrefix("<stdin>:1:21: error: `m` is not a number suffix"))
    }

    @Test func warningsGoToStderrResultsToStdout() throws {
        let r = try runClaimQL(["--data", "examples/seed.cq", "--format", "jsonl", "-e", #"claims where source = "Nobody Known""#])
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("warning: \"Nobody Known\" matches no entity"))
    }
}
