#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The one host directory the guest's file names are confined to. A guest name is always
/// taken relative to it; absolute names are refused outright (the guest has no business
/// knowing the host's layout), and a name that leads outside, whether by "..", a symbolic
/// link or a link in a parent directory, is refused after resolving it with the kernel's
/// own `realpath`. Only regular files can be opened, so the guest cannot block the emulator
/// on a FIFO or read a device.
struct SemihostingHostDirectory {
    /// Canonical path of the root; nil when it does not exist (every request then fails).
    let canonicalRoot: String?

    init(path: String) {
        canonicalRoot = Self.canonical(path).path
    }

    /// Opens `name` with the fopen-style `mode` (0...11: r, rb, r+, r+b, w, wb, w+, w+b, a, ab,
    /// a+, a+b); returns the host file descriptor or a guest errno.
    func openFile(_ name: [UInt8], mode: UInt32) -> Result<Int32, GuestError> {
        let creates = mode >= 4
        let path: String
        switch resolve(name, followingFinalLink: true, mayCreate: creates) {
        case .success(let p): path = p
        case .failure(let e): return .failure(e)
        }
        var flags: Int32
        switch mode / 4 {
        case 0: flags = mode & 2 == 0 ? O_RDONLY : O_RDWR
        case 1: flags = (mode & 2 == 0 ? O_WRONLY : O_RDWR) | O_CREAT | O_TRUNC
        default: flags = (mode & 2 == 0 ? O_WRONLY : O_RDWR) | O_CREAT | O_APPEND
        }
        // O_NOFOLLOW: the resolved path has no links, so a link here appeared since resolving.
        // O_NONBLOCK: opening a FIFO must not hang; it is refused just below anyway.
        flags |= O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { return .failure(.host(errno)) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            _ = close(fd)
            return .failure(.host(code))
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            _ = close(fd)
            return .failure(GuestError(info.st_mode & S_IFMT == S_IFDIR ? GuestErrno.EISDIR : GuestErrno.EACCES))
        }
        return .success(fd)
    }

    func removeEntry(_ name: [UInt8]) -> Result<Void, GuestError> {
        let path: String
        switch resolve(name, followingFinalLink: false, mayCreate: false) {
        case .success(let p): path = p
        case .failure(let e): return .failure(e)
        }
        // Like C's remove(): a file (or link) with unlink, an empty directory with rmdir.
        if unlink(path) == 0 { return .success(()) }
        let code = errno
        if code == EISDIR, rmdir(path) == 0 { return .success(()) }
        return .failure(.host(code == EISDIR ? errno : code))
    }

    func renameEntry(_ old: [UInt8], to new: [UInt8]) -> Result<Void, GuestError> {
        let from: String, to: String
        switch resolve(old, followingFinalLink: false, mayCreate: false) {
        case .success(let p): from = p
        case .failure(let e): return .failure(e)
        }
        switch resolve(new, followingFinalLink: false, mayCreate: true) {
        case .success(let p): to = p
        case .failure(let e): return .failure(e)
        }
        return rename(from, to) == 0 ? .success(()) : .failure(.host(errno))
    }

    // MARK: Resolution

    /// The host path for a guest name, guaranteed to lie inside the root. With
    /// `followingFinalLink` the result is fully canonical (what an open would reach); without,
    /// the last component is kept literally (remove and rename act on a link, not its target),
    /// and only the directory containing it must be inside.
    func resolve(_ name: [UInt8], followingFinalLink: Bool, mayCreate: Bool) -> Result<String, GuestError> {
        guard let root = canonicalRoot else { return .failure(GuestError(GuestErrno.ENOENT)) }
        guard !name.isEmpty else { return .failure(GuestError(GuestErrno.ENOENT)) }
        guard let text = String(validating: name, as: UTF8.self) else { return .failure(GuestError(GuestErrno.EINVAL)) }
        guard !text.hasPrefix("/") else { return .failure(GuestError(GuestErrno.EACCES)) }
        let components = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let last = components.last else { return .failure(GuestError(GuestErrno.ENOENT)) }

        if followingFinalLink {
            let whole = Self.canonical(root + "/" + text)
            if let path = whole.path {
                return isInside(path, root: root) ? .success(path) : .failure(GuestError(GuestErrno.EACCES))
            }
            guard whole.error == ENOENT, mayCreate else { return .failure(.host(whole.error)) }
        }
        // The entry itself does not need to exist (or is not followed): resolve its directory.
        guard last != ".", last != ".." else { return .failure(GuestError(GuestErrno.EINVAL)) }
        let parentName = components.dropLast().joined(separator: "/")
        let parent = Self.canonical(parentName.isEmpty ? root : root + "/" + parentName)
        guard let directory = parent.path else { return .failure(.host(parent.error)) }
        guard isInside(directory, root: root) else { return .failure(GuestError(GuestErrno.EACCES)) }
        let path = (directory == "/" ? "" : directory) + "/" + last
        if followingFinalLink {
            // realpath said ENOENT but something is there: a dangling link, whose target could
            // be anywhere. Creating through it is refused.
            var info = stat()
            if lstat(path, &info) == 0 { return .failure(GuestError(GuestErrno.EACCES)) }
        }
        return .success(path)
    }

    private func isInside(_ path: String, root: String) -> Bool {
        root == "/" || path == root || path.hasPrefix(root + "/")
    }

    private static func canonical(_ path: String) -> (path: String?, error: Int32) {
        guard let resolved = realpath(path, nil) else { return (nil, errno) }
        defer { free(resolved) }
        return (String(cString: resolved), 0)
    }
}

/// A failed host request, as the guest errno SYS_ERRNO will report.
struct GuestError: Error, Equatable {
    let code: UInt32
    init(_ code: UInt32) { self.code = code }
    static func host(_ hostErrno: Int32) -> GuestError { GuestError(GuestErrno.fromHost(hostErrno)) }
}
