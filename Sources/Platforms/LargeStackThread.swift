import Foundation

/// Runs work on a thread with a large stack and waits for it. Yams builds (and frees) its node
/// tree recursively, at up to about 2 KiB of stack per nesting level in a debug build, so a
/// hostile document could overflow a caller's stack, which may be a small secondary or
/// concurrency thread. The stack is only reserved address space until it is touched.
enum LargeStackThread {
    static let stackSize = 64 << 20

    static func run<Value: Sendable>(_ work: @escaping @Sendable () -> Value) -> Value {
        let outcome = Outcome<Value>()
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            outcome.set(work())
            finished.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        finished.wait()
        return outcome.get()
    }

    /// Hands the value from the worker thread to the waiting one; the semaphore orders the two
    /// accesses and the lock makes that visible to the checker too.
    private final class Outcome<Value: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Value?

        func set(_ newValue: Value) {
            lock.withLock { value = newValue }
        }

        func get() -> Value {
            lock.withLock {
                guard let value else { preconditionFailure("LargeStackThread: work finished without a value") }
                return value
            }
        }
    }
}
