// ZipPartReader: the only code that touches the xlsx zip container. It hands out parts by path and
// enforces the uncompressed-size budget while inflating, which is what defeats zip bombs.

import Foundation
import ZIPFoundation

final class ZipPartReader {
    private let archive: Archive
    private var remainingBytes: Int
    private let maxBytes: Int

    init(_ data: Data, maxUncompressedBytes: Int) throws(SpreadsheetError) {
        // Old binary .xls files and password-protected .xlsx files are both OLE compound documents;
        // name them, since "not a zip" would puzzle someone holding a file that Excel opens fine.
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw SpreadsheetError(.notAnXLSXFile,
                                   "an old .xls or password-protected workbook; save it as an unprotected .xlsx")
        }
        guard data.starts(with: [0x50, 0x4B]) else {
            throw SpreadsheetError(.notAnXLSXFile, "the file is not a zip archive, so not an .xlsx")
        }
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw SpreadsheetError(.notAnXLSXFile, "the zip archive cannot be opened: \(error)")
        }
        remainingBytes = maxUncompressedBytes
        maxBytes = maxUncompressedBytes
    }

    /// The entry for `path`; exact match first, then case-insensitive, since some non-Microsoft
    /// producers vary the case of part names (which Office tolerates).
    private func entry(_ path: String) -> Entry? {
        if let exact = archive[path] { return exact }
        let lowered = path.lowercased()
        return archive.first { $0.path.lowercased() == lowered }
    }

    func contains(_ path: String) -> Bool {
        entry(path).map { $0.type == .file } ?? false
    }

    /// The part's bytes. Throws `missingPart` if absent and `tooLarge` once all parts read so far
    /// exceed the budget, counting the bytes actually inflated, not the sizes the headers claim.
    func read(_ path: String) throws(SpreadsheetError) -> Data {
        guard let entry = entry(path), entry.type == .file else {
            throw SpreadsheetError(.missingPart, "the workbook has no part \(path)")
        }
        if entry.uncompressedSize > UInt64(max(remainingBytes, 0)) {
            throw tooLarge(path)
        }
        var out = Data()
        var overBudget = false
        var remaining = remainingBytes
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                remaining -= chunk.count
                if remaining < 0 {
                    overBudget = true
                    throw CancellationError()
                }
                out.append(chunk)
            }
        } catch {
            if overBudget { throw tooLarge(path) }
            throw SpreadsheetError(.notAnXLSXFile, "the zip entry \(path) is corrupt: \(error)")
        }
        remainingBytes = remaining
        return out
    }

    private func tooLarge(_ path: String) -> SpreadsheetError {
        SpreadsheetError(.tooLarge, "uncompressed contents exceed \(maxBytes) bytes (at \(path))")
    }
}
