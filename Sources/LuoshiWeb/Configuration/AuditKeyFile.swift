// The audit key lives in a file outside the database (mode 0600), made on first start. Whoever can
// edit the database but not read this file cannot recompute a trail that `audit verify` accepts.
import Foundation
import LuoshiDomain
import LuoshiStorage

enum AuditKeyFile {
    /// Reads the key at `path`, creating the file with a new random key if it does not exist.
    /// No path (an in-memory database) gives a key that lives as long as the process.
    static func load(path: String?) throws -> AuditKey {
        guard let path else { return AuditKey(secret: AuditKey.generateSecret()) }
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            let hex = AuditKey.generateSecret().map { String(format: "%02x", $0) }.joined() + "\n"
            guard manager.createFile(atPath: path, contents: Data(hex.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw ConfigurationError(key: "audit_key_file", value: path, reason: "cannot be created")
            }
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationError(key: "audit_key_file", value: path, reason: "cannot be read")
        }
        let hex = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard hex.count == 64, let secret = Data(hexString: hex) else {
            throw ConfigurationError(key: "audit_key_file", value: path, reason: "does not hold a 64-digit hexadecimal key")
        }
        return AuditKey(secret: secret)
    }
}

extension Data {
    init?(hexString: String) {
        var bytes: [UInt8] = []
        var index = hexString.startIndex
        while index < hexString.endIndex {
            let next = hexString.index(index, offsetBy: 2, limitedBy: hexString.endIndex) ?? hexString.endIndex
            guard let byte = UInt8(hexString[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }
}
