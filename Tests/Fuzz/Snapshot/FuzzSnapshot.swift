import ClaimQLFuzzing

/// libFuzzer entry point (see Tests/Fuzz/README.md). Not `main.swift`: libFuzzer brings main.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzEntry.snapshot(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
