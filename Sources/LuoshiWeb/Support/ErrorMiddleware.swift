// One place maps every refusal and failure to a response: an error page for browsers, an RFC 9457
// problem document for the API. Each names the rule that refused, in the caller's language.
import Foundation
import LuoshiDomain
import OpenAPIRuntime
import Vapor

struct LuoshiErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return Self.response(for: error, request: request)
        }
    }

    struct Refusal {
        var status: HTTPResponseStatus
        var code: String
        var message: String
        var field: String?
    }

    static func refusal(for error: any Error, request: Request) -> Refusal {
        let language = request.language
        switch error {
        case let violation as RuleViolation:
            return Refusal(status: status(of: violation.rule.kind), code: violation.rule.rawValue,
                           message: violation.message(in: language), field: violation.field.map(APIFieldNames.property(for:)))
        case let serverError as ServerError:
            return refusal(for: serverError.underlyingError, request: request)
        case is DecodingError:
            return refusal(for: RuleViolation(.malformedRequest), request: request)
        case let abort as any AbortError:
            switch abort.status {
            case .notFound:
                return Refusal(status: .notFound, code: "page.not_found", message: Catalogue.for(language)[.errorPageNotFound])
            case .unauthorized:
                return refusal(for: RuleViolation(.authenticationRequired), request: request)
            case .forbidden:
                return refusal(for: RuleViolation(.roleNotAllowed), request: request)
            case _ where abort.status.code < 500:
                return Refusal(status: abort.status, code: Rule.malformedRequest.rawValue,
                               message: RuleViolation(.malformedRequest).message(in: language))
            default:
                break
            }
        default:
            let type = String(reflecting: Swift.type(of: error))
            // Errors inside the OpenAPI runtime's request parsing are client errors.
            if type.contains("OpenAPIRuntime") {
                return refusal(for: RuleViolation(.malformedRequest), request: request)
            }
            // Waiting too long for a database connection is "busy, try again", never a 500.
            if type.contains("ConnectionPoolTimeoutError") || type.contains("ConnectionPoolError") {
                request.logger.warning("database connection wait timed out", metadata: ["error": "\(error)"])
                return refusal(for: RuleViolation(.serviceBusy), request: request)
            }
        }
        request.logger.report(error: error)
        return Refusal(status: .internalServerError, code: "internal",
                       message: Catalogue.for(language).format(.errorInternal, ["id": request.id]))
    }

    static func status(of kind: RefusalKind) -> HTTPResponseStatus {
        switch kind {
        case .invalid: .unprocessableEntity
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .throttled: .tooManyRequests
        case .unavailable: .serviceUnavailable
        }
    }

    static func response(for error: any Error, request: Request) -> Response {
        if let abort = error as? any AbortError, abort.status == .notFound, let allowed = allowedMethods(for: request) {
            return methodNotAllowed(allowed, request: request)
        }
        let refusal = refusal(for: error, request: request)
        if refusal.status.code < 500 || refusal.status == .serviceUnavailable {
            request.logger.notice("refused", metadata: ["rule": .string(refusal.code), "status": .stringConvertible(refusal.status.code)])
        }
        let response = respond(refusal, request: request)
        if refusal.status == .serviceUnavailable { response.headers.replaceOrAdd(name: .retryAfter, value: "2") }
        return response
    }

    static func respond(_ refusal: Refusal, request: Request) -> Response {
        if request.url.path.hasPrefix("/api/") {
            return problemResponse(refusal, request: request)
        }
        if refusal.status == .unauthorized, request.method == .GET {
            return request.redirect(to: SitePath.signIn.query([("next", request.url.path)]))
        }
        return HTMLResponse.make(ErrorPage.render(refusal, back: backTarget(request), context: PageContext(request, withForms: false)), status: refusal.status)
    }

    /// "Back" leads to the page the user came from when it is on this site, otherwise home.
    static func backTarget(_ request: Request) -> String {
        guard let referer = request.headers.first(name: .referer), let url = URLComponents(string: referer),
              let host = url.host, host == request.headers.first(name: .host)?.split(separator: ":").first.map(String.init),
              url.path != request.url.path else { return SitePath.home.rawValue }
        return Parse.safeNext(url.percentEncodedPath + (url.percentEncodedQuery.map { "?" + $0 } ?? ""))
    }

    /// The router answers 404 for a path it knows under another method; that is a 405 with Allow.
    static func allowedMethods(for request: Request) -> [HTTPMethod]? {
        let segments = request.url.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let methods = request.application.routes.all.filter { route in
            route.path.count == segments.count && zip(route.path, segments).allSatisfy { component, segment in
                switch component {
                case .constant(let constant): constant == segment
                case .parameter, .anything: true
                case .catchall: true
                }
            }
        }.map(\.method)
        return methods.isEmpty || methods.contains(request.method) ? nil : methods
    }

    static func methodNotAllowed(_ allowed: [HTTPMethod], request: Request) -> Response {
        let refusal = Refusal(status: .methodNotAllowed, code: Rule.malformedRequest.rawValue,
                              message: RuleViolation(.malformedRequest).message(in: request.language))
        let response = request.url.path.hasPrefix("/api/") ? problemResponse(refusal, request: request)
            : HTMLResponse.make(ErrorPage.render(refusal, back: backTarget(request), context: PageContext(request, withForms: false)), status: .methodNotAllowed)
        response.headers.replaceOrAdd(name: .allow, value: Set(allowed.map(\.rawValue)).sorted().joined(separator: ", "))
        return response
    }

    static func problemResponse(_ refusal: Refusal, request: Request) -> Response {
        var fields: [String: String] = [
            "type": "urn:luoshi:problem:\(refusal.code)", "title": refusal.status.reasonPhrase,
            "code": refusal.code, "detail": refusal.message, "instance": request.id,
        ]
        if let field = refusal.field { fields["field"] = field }
        var json = "{"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            let encoded = String(decoding: (try? encoder.encode(value)) ?? Data("\"\"".utf8), as: UTF8.self)
            json += "\"\(key)\":\(encoded),"
        }
        json += "\"status\":\(refusal.status.code)}"
        let response = Response(status: refusal.status, body: .init(string: json))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json")
        if refusal.status == .unauthorized { response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer") }
        return response
    }
}
