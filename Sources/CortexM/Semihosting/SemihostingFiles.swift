#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Something a guest handle can refer to.
enum SemihostingFile: Equatable {
    /// ":tt": the run's console, one direction of it per handle.
    case console(ConsoleChannel)
    /// ":semihosting-features", an in-memory read-only file with its read position.
    case features(position: Int)
    /// A host file under the configured root (a regular file, opened by us).
    case host(descriptor: Int32)

    enum ConsoleChannel: Equatable { case input, output, error }

    /// "SHFB" magic, then feature byte 0: bit 0 SH_EXT_EXIT_EXTENDED, bit 1 SH_EXT_STDOUT_STDERR.
    static let featureBytes: [UInt8] = [0x53, 0x48, 0x46, 0x42, 0b11]
}

/// The guest's open handles: small positive numbers, lowest free first (starting at 1, so no
/// handle is 0 or looks like the -1 error value), each open getting its own, so stdin, stdout and
/// stderr opened through ":tt" stay distinct.
struct SemihostingHandleTable {
    /// Bounded so a guest leaking handles in a loop runs out (EMFILE) instead of exhausting
    /// host descriptors.
    static let capacity = 128

    private var files: [UInt32: SemihostingFile] = [:]

    var isEmpty: Bool { files.isEmpty }

    subscript(handle: UInt32) -> SemihostingFile? {
        get { files[handle] }
        set { if files[handle] != nil, let newValue { files[handle] = newValue } }
    }

    mutating func insert(_ file: SemihostingFile) -> UInt32? {
        guard files.count < Self.capacity else { return nil }
        var handle: UInt32 = 1
        while files[handle] != nil { handle += 1 }
        files[handle] = file
        return handle
    }

    mutating func remove(_ handle: UInt32) -> SemihostingFile? {
        files.removeValue(forKey: handle)
    }

    mutating func removeAll() -> [SemihostingFile] {
        defer { files.removeAll() }
        return files.keys.sorted().compactMap { files[$0] }
    }
}

/// Plain descriptor I/O for host files, retrying interrupted calls and reporting guest errnos.
enum SemihostingHostIO {
    /// Up to `count` bytes; empty at end of file.
    static func readChunk(_ fd: Int32, count: Int) -> Result<[UInt8], GuestError> {
        var buffer = [UInt8](repeating: 0, count: count)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, count) }
            if n >= 0 { return .success(Array(buffer.prefix(n))) }
            if errno != EINTR { return .failure(.host(errno)) }
        }
    }

    /// Writes all of `data`; on failure, how much got written before it.
    static func writeAll(_ fd: Int32, _ data: [UInt8]) -> (written: Int, error: GuestError?) {
        var written = 0
        while written < data.count {
            let n = data.withUnsafeBytes { write(fd, $0.baseAddress! + written, data.count - written) }
            if n > 0 {
                written += n
            } else if n < 0, errno == EINTR {
                continue
            } else {
                return (written, n == 0 ? GuestError(GuestErrno.EIO) : .host(errno))
            }
        }
        return (written, nil)
    }

    static func seek(_ fd: Int32, to position: UInt32) -> GuestError? {
        lseek(fd, off_t(position), SEEK_SET) < 0 ? .host(errno) : nil
    }

    /// Steps back over bytes read but not delivered to the guest.
    static func unread(_ fd: Int32, _ count: Int) {
        _ = lseek(fd, -off_t(count), SEEK_CUR)
    }

    static func length(_ fd: Int32) -> Result<UInt64, GuestError> {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(.host(errno)) }
        return .success(UInt64(max(0, info.st_size)))
    }

    static func closeDescriptor(_ fd: Int32) -> GuestError? {
        close(fd) == 0 ? nil : .host(errno)
    }
}
