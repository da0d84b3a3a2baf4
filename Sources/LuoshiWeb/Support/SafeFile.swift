// Files people uploaded (report attachments, inspection photos), served so that nothing in them
// runs in the site's origin: the stored type, never sniffed, sandboxed; a download unless it is a
// photo shown on its inspection's page.
import Foundation
import LuoshiStorage
import Vapor

enum SafeFile {
    static func response(_ file: AttachmentFile, download: Bool) -> Response {
        let response = Response(status: .ok, body: .init(data: file.content))
        let type = file.info.mediaType == "text/plain" ? "text/plain; charset=utf-8" : file.info.mediaType
        response.headers.replaceOrAdd(name: .contentType, value: type)
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "sandbox; default-src 'none'")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=3600")
        if download {
            let name = file.info.fileName
            let ascii = name.unicodeScalars.allSatisfy { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20 } ? name : "attachment"
            let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "attachment"
            response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)")
        }
        return response
    }
}
