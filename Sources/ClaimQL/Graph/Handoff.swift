import Foundation

/// A value made on another thread (one task of a `concurrentPerform`: an index part at
/// commit, a dictionary while a snapshot's columns are checked) and read once all the tasks
/// have ended. The lock is not what orders the hand-over (the end of `concurrentPerform`
/// is), but it costs nothing at one use per task and the Thread Sanitizer sees it.
final class Handoff<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var made: T?

    var value: T? { lock.withLock { made } }

    func set(_ v: T?) { lock.withLock { made = v } }

    /// Keeps `v`; whether there was one.
    func kept(_ v: T?) -> Bool {
        set(v)
        return v != nil
    }
}
