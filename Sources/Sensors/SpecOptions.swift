/// The `key=value` options of a `--sensor` spec, read one by one with errors that name the
/// spec and the key; whatever is left unread at the end is reported as unknown.
struct SpecOptions {
    let context: String
    private var entries: [(key: String, value: String?)]

    init(context: String, entries: [(key: String, value: String?)]) {
        self.context = context
        self.entries = entries
    }

    /// Removes and returns a key's value (the last one written wins).
    mutating func take(_ key: String) -> String?? {
        guard let index = entries.lastIndex(where: { $0.key == key }) else { return nil }
        let value = entries[index].value
        entries.removeAll { $0.key == key }
        return .some(value)
    }

    mutating func flag(_ key: String) throws -> Bool {
        guard let value = take(key) else { return false }
        guard value == nil || value == "true" || value == "yes" || value == "1" else {
            throw SensorError("\(context): \(key) takes no value, found '\(key)=\(value!)'")
        }
        return true
    }

    mutating func string(_ key: String) throws -> String? {
        guard let value = take(key) else { return nil }
        guard let value, !value.isEmpty else { throw SensorError("\(context): \(key) needs a value (\(key)=…)") }
        return value
    }

    /// A value in `quantity`'s canonical unit ("1kHz" → 1000, "500ms" → 0.5).
    mutating func quantity(_ key: String, _ quantity: Quantity, default fallback: Double, interval: Bool = true,
                           range: ClosedRange<Double>? = nil) throws -> Double {
        guard let text = try string(key) else { return fallback }
        guard let value = QuantityValue(parsing: text), let canonical = value.canonical(quantity, interval: interval) else {
            let units = PhysicalUnit.symbols(of: quantity)
            throw SensorError("\(context): \(key): expected \(quantity.phrase)\(units.isEmpty ? "" : " (\(units))"), found '\(text)'")
        }
        if let range, !range.contains(canonical) {
            throw SensorError("\(context): \(key): \(text) is outside \(range.lowerBound)...\(range.upperBound) \(quantity.canonicalUnit)")
        }
        return canonical
    }

    mutating func choice(_ key: String, _ choices: [String], default fallback: String) throws -> String {
        guard let text = try string(key) else { return fallback }
        guard choices.contains(text) else {
            throw SensorError("\(context): \(key): expected one of \(choices.joined(separator: ", ")), found '\(text)'")
        }
        return text
    }

    func finish() throws {
        if let first = entries.first {
            throw SensorError("\(context): unknown option '\(first.key)'")
        }
    }
}
