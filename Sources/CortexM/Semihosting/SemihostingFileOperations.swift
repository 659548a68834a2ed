import Emulation

/// The handle-based operations: open, close, read, write, seek, length, tty query, and the
/// name-based remove, rename and temporary names. A bad handle, a wrong direction or a refused
/// name is the guest's ordinary error (-1 or "nothing transferred", with SYS_ERRNO set), not a
/// fault; only an unreadable parameter block or file name stops the run.
extension Semihosting {
    /// Longest file name accepted (the host's PATH_MAX).
    static let maximumNameLength = 4096

    private static let consoleName = Array(":tt".utf8)
    private static let featuresName = Array(":semihosting-features".utf8)

    /// Reads a name given as (pointer, length) in a parameter block.
    private func name(at address: UInt32, length: UInt32, _ memory: SemihostingGuestMemory) throws(SemihostingFault) -> [UInt8]? {
        guard length <= UInt32(Self.maximumNameLength) else { return nil }
        var bytes = try memory.bytes(at: address, count: Int(length), what: "file name")
        // The length excludes the terminator, but tolerate callers that count it.
        if let nul = bytes.firstIndex(of: 0) { bytes.removeSubrange(nul...) }
        return bytes
    }

    func open(_ parameter: UInt32, _ memory: SemihostingGuestMemory) throws(SemihostingFault) -> SemihostingOutcome {
        let block = try memory.words(at: parameter, count: 3)
        let mode = block[1]
        guard let name = try name(at: block[0], length: block[2], memory) else { return fail(GuestErrno.ENAMETOOLONG) }
        guard mode <= 11 else { return fail(GuestErrno.EINVAL) }

        let file: SemihostingFile
        if name == Self.consoleName {
            // How newlib and picolibc get stdin ("r"), stdout ("w") and stderr ("a").
            file = .console(mode < 4 ? .input : mode < 8 ? .output : .error)
        } else if name == Self.featuresName {
            guard mode < 2 else { return fail(GuestErrno.EACCES) }
            file = .features(position: 0)
        } else {
            // No root: behave as if the file did not exist, without asking the host.
            guard let directory else { return fail(GuestErrno.ENOENT) }
            switch directory.openFile(name, mode: mode) {
            case .success(let fd): file = .host(descriptor: fd)
            case .failure(let error): return fail(error.code)
            }
        }
        guard let handle = files.insert(file) else {
            if case .host(let fd) = file { _ = SemihostingHostIO.closeDescriptor(fd) }
            return fail(GuestErrno.EMFILE)
        }
        return .result(handle)
    }

    func close(_ parameter: UInt32, _ memory: SemihostingGuestMemory) throws(SemihostingFault) -> SemihostingOutcome {
        let handle = try memory.words(at: parameter, count: 1)[0]
        guard let file = files.remove(handle) else { return fail(GuestErrno.EBADF) }
        if case .host(let fd) = file, let error = SemihostingHostIO.closeDescriptor(fd) { return fail(error.code) }
        return .result(0)
    }

    /// Returns the number of bytes NOT written, as the spec asks (0 means all written).
    func write(_ parameter: UInt32, _ memory: SemihostingGuestMemory) throws(SemihostingFault) -> SemihostingOutcome {
        let block = try memory.words(at: parameter, count: 3)
        let (handle, buffer, count) = (block[0], block[1], block[2])
        let sink: ([UInt8]) -> (written: Int, error: GuestError?)
        switch files[handle] {
        case .console(.output)?: sink = { [console] in console.write($0, stream: .stdout); return ($0.count, nil) }
        case .console(.error)?: sink = { [console] in console.write($0, stream: .stderr); return ($0.count, nil) }
        case .host(let fd)?: sink = { SemihostingHostIO.writeAll(fd, $0) }
        case .console(.input)?, .features?: lastErrno = GuestErrno.EBADF; return .result(count)
        case nil: lastErrno = GuestErrno.EBADF; return .result(count)
        }
        var done: UInt32 = 0
        while done < count {
            let want = Int(min(count - done, UInt32(SemihostingGuestMemory.chunkSize)))
            let data = memory.readablePrefix(at: buffer &+ done, count: want)
            let (written, error) = data.isEmpty ? (0, nil) : sink(data)
            done += UInt32(written)
            if let error { lastErrno = error.code; break }
            if data.count < want { lastErrno = GuestErrno.EFAULT; break }
        }
        return .result(count - done)
    }

    /// Returns the number of bytes NOT read: 0 when the buffer was filled, `count` at end of
    /// file. Console input returns what is available rather than waiting to fill the buffer.
    func read(_ parameter: UInt32, _ memory: SemihostingGuestMemory) throws(SemihostingFault) -> SemihostingOutcome {
        let block = try memory.words(at: parameter, count: 3)
        let (handle, buffer, count) = (block[0], block[1], block[2])
        guard count > 0 else { return .result(0) }
        let chunk = Int(min(count, UInt32(SemihostingGuestMemory.chunkSize)))
        switch files[handle] {
        case .console(.input)?:
            let data = console.input.read(upTo: chunk)
            let stored = memory.storePrefix(data, at: buffer)
            if stored < data.count { lastErrno = GuestErrno.EFAULT }
            return .result(count - UInt32(stored))
        case .features(let position)?:
            let available = SemihostingFile.featureBytes.dropFirst(min(position, SemihostingFile.featureBytes.count))
            let stored = memory.storePrefix(Array(available.prefix(chunk)), at: buffer)
            files[handle] = .features(position: position + stored)
            return .result(count - UInt32(stored))
        case .host(let fd)?:
            var done: UInt32 = 0
            while done < count {
                let want = Int(min(count - done, UInt32(SemihostingGuestMemory.chunkSize)))
                let data: [UInt8]
                switch SemihostingHostIO.readChunk(fd, count: want) {
                case .success(let d): data = d
                case .failure(let error): lastErrno = error.code; return .result(count - done)
                }
                let stored = memory.storePrefix(data, at: buffer &+ done)
                done += UInt32(stored)
                if stored < data.count {
                    // Leave the undelivered bytes in the file for a later read.
                    SemihostingHostIO.unread(fd, data.count - stored)
                    lastErrno = GuestErrno.EFAULT
                    break
                }
                if data.count < want { break }  // end of file
            }
            return .result(count - done)
        case .console?, nil:
            lastErrno = GuestErrno.EBADF
            return .result(count)
        }
    }

    func isTTY(_ parameter: UInt32, _ memory: SemihostingGuestMemory) throws(SemihostingFault) -> SemihostingOutcome {
        let handle = try memory.words(at: parameter, count: 1)[0]
        switch files[handle] {
        case .console?: return .result(1)
        case .features?, .host?: return .result(0)
        case nil: return fail(GuestErrno.EBADF)
        }
    }

    func seek(_ parameter: UInt32, _ memory: SemihostingGuestMemory) throws(SemihostingFault) -> SemihostingOutcome {
        let block = try memory.words(at: parameter, count: 2)
        let (handle, position) = (block[0], block[1])
        switch files[handle] {
        case .console?: return fail(GuestErrno.ESPIPE)
        case .features?:
            files[handle] = .features(position: Int(position))
            return .result(0)
        case .host(let fd)?:
            if let error = SemihostingHostIO.seek(fd, to: position) { return fail(error.code) }
            return .result(0)
        case nil: return fail(GuestErrno.EBADF)
        }
    }

    /// The console reports length 0 rather than an error: newlib's fstat() fails when SYS_FLEN
    /// does, and stdio then fully buffers stdout instead of line-buffering the terminal.
    func length(_ parameter: UInt32, _ memory: SemihostingGuestMemory) throws(SemihostingFault) -> SemihostingOutcome {
        let handle = try memory.words(at: parameter, count: 1)[0]
        switch files[handle] {
        case .console?: return .result(0)
        case .features?: return .result(UInt32(SemihostingFile.featureBytes.count))
        case .host(let fd)?:
            switch SemihostingHostIO.length(fd) {
            // Lengths from 2 GiB up would read as negative (an error) in the guest.
            case .success(let length) where length <= UInt64(Int32.max): return .result(UInt32(length))
            case .success: return fail(GuestErrno.EOVERFLOW)
            case .failure(let error): return fail(error.code)
            }
        case nil: return fail(GuestErrno.EBADF)
        }
    }

    /// Names are relative to the root, so a guest can open what it is given; without a root
    /// there is nowhere to put a temporary file and the call fails.
    func temporaryName(_ parameter: UInt32, _ memory: SemihostingGuestMemory) throws(SemihostingFault) -> SemihostingOutcome {
        let block = try memory.words(at: parameter, count: 3)
        let (buffer, identifier, size) = (block[0], block[1] & 0xFF, block[2])
        guard directory != nil else { return fail(GuestErrno.ENOSYS) }
        let digits = String(identifier)
        let name = Array("semihosting-tmp-\(String(repeating: "0", count: 3 - digits.count) + digits)".utf8)
        guard name.count < Int(size) else { return fail(GuestErrno.EINVAL) }
        try memory.store(bytes: name + [0], at: buffer, what: "name buffer")
        return .result(0)
    }

    func remove(_ parameter: UInt32, _ memory: SemihostingGuestMemory) throws(SemihostingFault) -> SemihostingOutcome {
        let block = try memory.words(at: parameter, count: 2)
        guard let name = try name(at: block[0], length: block[1], memory) else { return fail(GuestErrno.ENAMETOOLONG) }
        guard let directory else { return fail(GuestErrno.ENOENT) }
        if case .failure(let error) = directory.removeEntry(name) { return fail(error.code) }
        return .result(0)
    }

    func rename(_ parameter: UInt32, _ memory: SemihostingGuestMemory) throws(SemihostingFault) -> SemihostingOutcome {
        let block = try memory.words(at: parameter, count: 4)
        guard let old = try name(at: block[0], length: block[1], memory),
              let new = try name(at: block[2], length: block[3], memory) else { return fail(GuestErrno.ENAMETOOLONG) }
        guard let directory else { return fail(GuestErrno.ENOENT) }
        if case .failure(let error) = directory.renameEntry(old, to: new) { return fail(error.code) }
        return .result(0)
    }
}
