import Foundation

/// JSON-RPC 2.0 messages framed the LSP way (`Content-Length: N\r\n\r\n` then N bytes of
/// JSON) over two file descriptors. Written here rather than taken from a package: the
/// local mirror has no LSP library, and the framing is a page of code.
struct Transport {
    let input: Int32
    let output: Int32
    private var buffer: [UInt8] = []

    init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) {
        self.input = input
        self.output = output
    }

    enum Incoming {
        case message([String: Any])
        /// A frame whose body is not a JSON object: answered with a parse error.
        case malformed(String)
        case end
    }

    /// The next message, or `.end` when the input closes.
    mutating func read() -> Incoming {
        while true {
            if let frame = takeFrame() {
                switch frame {
                case .success(let body):
                    guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                        return .malformed("the message is not a JSON object")
                    }
                    return .message(object)
                case .failure(let reason):
                    return .malformed(reason.description)
                }
            }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let n = chunk.withUnsafeMutableBytes { Foundation.read(input, $0.baseAddress, 65_536) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return .end }
            buffer += chunk[..<n]
        }
    }

    /// One frame from the buffer, if a whole one is there. A header without a length is
    /// dropped up to its blank line, so one bad frame does not stop the server.
    private mutating func takeFrame() -> Result<[UInt8], FrameErrorReason>? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let headerEnd = buffer.firstRange(of: separator) else { return nil }
        let header = String(decoding: buffer[..<headerEnd.lowerBound], as: UTF8.self)
        var length: Int? = nil
        for line in header.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-length" {
                length = Int(parts[1].trimmingCharacters(in: .whitespaces))
            }
        }
        guard let length, length >= 0 else {
            buffer.removeSubrange(..<headerEnd.upperBound)
            return .failure(FrameErrorReason("a header without Content-Length"))
        }
        guard buffer.count - headerEnd.upperBound >= length else { return nil }
        let body = Array(buffer[headerEnd.upperBound..<(headerEnd.upperBound + length)])
        buffer.removeSubrange(..<(headerEnd.upperBound + length))
        return .success(body)
    }

    func send(_ message: [String: Any]) {
        var object = message
        object["jsonrpc"] = "2.0"
        guard let body = try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes]) else { return }
        var frame = Array("Content-Length: \(body.count)\r\n\r\n".utf8)
        frame += body
        frame.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let n = Foundation.write(output, raw.baseAddress! + sent, raw.count - sent)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return }
                sent += n
            }
        }
    }
}

struct FrameErrorReason: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
