// No field of the API's request bodies is nullable, but the generated decoder reads `null` as
// "absent". This refuses JSON bodies with null anywhere, so the server accepts exactly what the
// document says.
import Foundation
import LuoshiDomain
import Vapor

struct NullRejectingMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.url.path.hasPrefix("/api/"), request.headers.contentType == .json,
           let body = try await request.body.collect(max: 1_048_576).get(), body.readableBytes > 0,
           let json = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView), options: [.fragmentsAllowed]),
           Self.containsNull(json) {
            throw RuleViolation(.malformedRequest)
        }
        return try await next.respond(to: request)
    }

    static func containsNull(_ value: Any) -> Bool {
        switch value {
        case is NSNull: true
        case let object as [String: Any]: object.values.contains(where: containsNull)
        case let array as [Any]: array.contains(where: containsNull)
        default: false
        }
    }
}
