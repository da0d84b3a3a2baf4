// CSVTextDecoder: turns uploaded CSV bytes into text, whichever of the encodings Chinese users'
// tools actually produce: UTF-8 (with or without BOM) or GB18030/GBK (Excel's "CSV" on a Chinese
// Windows, WPS).

import Foundation
#if canImport(CoreFoundation)
import CoreFoundation
#endif

enum CSVTextDecoder {
    static func decode(_ data: Data) throws(SpreadsheetError) -> String {
        var bytes = data[...]
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        if bytes.starts(with: bom) { bytes = bytes.dropFirst(bom.count) }
        // UTF-16 exports ("Unicode text") are tab-separated, not CSV; say so instead of guessing.
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw SpreadsheetError(.unsupportedEncoding, "UTF-16 text; save the file as CSV UTF-8")
        }
        // Strict UTF-8 first: String(validating:) refuses invalid sequences instead of repairing them.
        if let text = String(validating: bytes, as: UTF8.self) {
            return text
        }
        // GB18030 is a superset of GBK and GB2312, so one decoder covers all three. Foundation on
        // Linux (ICU-backed) supports it through the CoreFoundation encoding constant; it returns
        // nil on byte sequences that are not GB18030, which is what lets us refuse other encodings.
        if let text = String(data: Data(bytes), encoding: gb18030) {
            return text
        }
        throw SpreadsheetError(.unsupportedEncoding, "the file is neither UTF-8 nor GB18030/GBK text")
    }

    static let gb18030 = String.Encoding(rawValue: CFStringConvertEncodingToNSStringEncoding(
        CFStringEncoding(CFStringEncodings.GB_18030_2000.rawValue)))
}
