import Foundation

/// The second core's part of a load: `work(0)`, `work(1)`, ... run one after another on
/// another thread, each result waiting until the loading thread takes it. At most `ahead`
/// results wait at once, so memory stays bounded however far the lane could run ahead.
/// `ClaimsLane` is built on it.
final class Lane<Part>: @unchecked Sendable {
    private let work: (Int) -> Part
    private let count: Int
    private let ahead: Int
    /// Finished results, by index, handed over under `ready`.
    private var parts: [Int: Part] = [:]
    private var stopped = false
    private let ready = NSCondition()
    private let done = DispatchGroup()

    /// Starts `work` over `0..<count` at once. `work` runs on the lane's thread only, so
    /// what it keeps from one call to the next needs no lock; it must not outlive
    /// `finish`, which callers rely on to know that nothing reads their buffers any more.
    init(count: Int, ahead: Int = 2, _ work: @escaping (Int) -> Part) {
        self.work = work
        self.count = count
        self.ahead = ahead
        DispatchQueue.global(qos: .userInitiated).async(group: done) { [self] in run() }
    }

    private func run() {
        for i in 0..<count {
            let go = ready.withLock {
                while !stopped && parts.count >= ahead { ready.wait() }
                return !stopped
            }
            if !go { return }
            let part = work(i)
            ready.withLock {
                parts[i] = part
                ready.broadcast()
            }
        }
    }

    /// The `i`th result, once the lane has it.
    func take(_ i: Int) -> Part {
        ready.withLock {
            while parts[i] == nil { ready.wait() }
            defer { ready.broadcast() }
            return parts.removeValue(forKey: i)!
        }
    }

    /// Stops the lane after its current call and waits for it: after this, `work` is not
    /// running and never will be again.
    func finish() {
        ready.withLock { stopped = true; ready.broadcast() }
        done.wait()
    }
}
