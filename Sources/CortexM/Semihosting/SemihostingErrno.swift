#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// errno values as the guest's C library (newlib, picolibc) numbers them, which is what
/// SYS_ERRNO must return. The common ones agree with Linux, but several (ENAMETOOLONG, ENOSYS,
/// ELOOP, ...) do not, so host errors are translated rather than passed through.
enum GuestErrno {
    static let EPERM: UInt32 = 1
    static let ENOENT: UInt32 = 2
    static let EINTR: UInt32 = 4
    static let EIO: UInt32 = 5
    static let EBADF: UInt32 = 9
    static let EAGAIN: UInt32 = 11
    static let ENOMEM: UInt32 = 12
    static let EACCES: UInt32 = 13
    static let EFAULT: UInt32 = 14
    static let EBUSY: UInt32 = 16
    static let EEXIST: UInt32 = 17
    static let EXDEV: UInt32 = 18
    static let ENOTDIR: UInt32 = 20
    static let EISDIR: UInt32 = 21
    static let EINVAL: UInt32 = 22
    static let ENFILE: UInt32 = 23
    static let EMFILE: UInt32 = 24
    static let ETXTBSY: UInt32 = 26
    static let EFBIG: UInt32 = 27
    static let ENOSPC: UInt32 = 28
    static let ESPIPE: UInt32 = 29
    static let EROFS: UInt32 = 30
    static let EMLINK: UInt32 = 31
    static let ENOSYS: UInt32 = 88
    static let ENOTEMPTY: UInt32 = 90
    static let ENAMETOOLONG: UInt32 = 91
    static let ELOOP: UInt32 = 92
    static let EOVERFLOW: UInt32 = 139

    /// The guest number for a host errno; anything without a counterpart becomes EIO.
    static func fromHost(_ code: Int32) -> UInt32 { hostToGuestErrno[code] ?? EIO }
}

// At file scope, where the bare names are the host's constants, not GuestErrno's.
private let hostToGuestErrno: [Int32: UInt32] = [
    EPERM: GuestErrno.EPERM,
    ENOENT: GuestErrno.ENOENT,
    EINTR: GuestErrno.EINTR,
    EIO: GuestErrno.EIO,
    EBADF: GuestErrno.EBADF,
    EAGAIN: GuestErrno.EAGAIN,
    ENOMEM: GuestErrno.ENOMEM,
    EACCES: GuestErrno.EACCES,
    EFAULT: GuestErrno.EFAULT,
    EBUSY: GuestErrno.EBUSY,
    EEXIST: GuestErrno.EEXIST,
    EXDEV: GuestErrno.EXDEV,
    ENOTDIR: GuestErrno.ENOTDIR,
    EISDIR: GuestErrno.EISDIR,
    EINVAL: GuestErrno.EINVAL,
    ENFILE: GuestErrno.ENFILE,
    EMFILE: GuestErrno.EMFILE,
    ETXTBSY: GuestErrno.ETXTBSY,
    EFBIG: GuestErrno.EFBIG,
    ENOSPC: GuestErrno.ENOSPC,
    ESPIPE: GuestErrno.ESPIPE,
    EROFS: GuestErrno.EROFS,
    EMLINK: GuestErrno.EMLINK,
    ENOSYS: GuestErrno.ENOSYS,
    ENOTEMPTY: GuestErrno.ENOTEMPTY,
    ENAMETOOLONG: GuestErrno.ENAMETOOLONG,
    ELOOP: GuestErrno.ELOOP,
    EOVERFLOW: GuestErrno.EOVERFLOW,
]
