// Finds the caller: a bearer API token (scripts) or the session cookie (browsers). Pages ask for
// the caller themselves (a page may be public); every API operation needs one, so an anonymous API
// call is refused here, before the generated layer reads (and might refuse) its body.
import Foundation
import LuoshiDomain
import Vapor

struct CallerMiddleware: AsyncMiddleware {
    static let sessionCookie = "luoshi_session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization {
            request.caller = try await request.store.caller(apiTokenHash: SecretToken.hash(bearer.token))
            request.storage[BearerKey.self] = true
        } else if let session = request.cookies[Self.sessionCookie]?.string, !session.isEmpty {
            request.caller = try await request.store.caller(sessionTokenHash: SecretToken.hash(session), now: Date())
        }
        if request.caller == nil, request.url.path.hasPrefix("/api/v1/") { throw RuleViolation(.authenticationRequired) }
        // The OpenAPI handlers see the request through a task local (swift-openapi-vapor's pattern).
        return try await RequestContext.$current.withValue(request) {
            try await next.respond(to: request)
        }
    }
}

struct BearerKey: StorageKey { typealias Value = Bool }

enum RequestContext {
    @TaskLocal static var current: Request?
}

/// Refuses a state-changing request whose CSRF token is not the one derived for its session (or,
/// signed out, for its pre-session cookie). Forms carry the token in a hidden field; API calls made
/// with the session cookie carry it in X-CSRF-Token. Calls authenticated by a bearer token need none
/// (a browser never adds that header by itself).
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if ![.GET, .HEAD, .OPTIONS].contains(request.method), request.storage[BearerKey.self] != true, needsToken(request) {
            var submitted = request.headers.first(name: CSRFToken.headerName)
            if submitted == nil {
                // A real client streams any body over a few KB: collect it (within the route's
                // limit) before reading the field, or the field is simply not there yet.
                if request.body.data == nil {
                    _ = try await request.body.collect(max: Self.maxBodySize(request)).get()
                }
                submitted = try? request.content.get(String.self, at: CSRFToken.fieldName)
            }
            guard SecretToken.equal(request.csrf.value, submitted ?? "") else { throw RuleViolation(.csrfMismatch) }
        }
        let response = try await next.respond(to: request)
        // Only HTML pages (forms) get the pre-session cookie; API calls, probes, assets need none.
        guard response.headers.contentType == .html, !request.url.path.hasPrefix("/api/"),
              let cookie = request.csrf.newCookie else { return response }
        response.cookies[CSRFToken.cookieName] = HTTPCookies.Value(
            string: cookie, path: "/", isSecure: request.application.luoshi.configuration.secureCookies,
            isHTTPOnly: true, sameSite: .lax)
        return response
    }

    /// The body limit of the route the request is for (uploads have their own).
    static func maxBodySize(_ request: Request) -> Int {
        let path = request.url.path
        let upload = path == SitePath.importData.rawValue || path == SitePath.inspectionNew.rawValue
            || path.hasPrefix("/tasks/") && path.hasSuffix("/reports")
        return upload ? uploadLimit : request.application.routes.defaultMaxBodySize.value
    }

    static let uploadLimit = 20 * 1024 * 1024

    /// Forms always need the token (sign-in included); API calls only when they ride on a session cookie.
    func needsToken(_ request: Request) -> Bool {
        guard request.url.path.hasPrefix("/api/") else { return true }
        return request.cookies[CallerMiddleware.sessionCookie] != nil
    }
}

/// Headers that keep pages from being framed, sniffed or leaking the path to other sites.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        if response.headers.contentType == .html {
            response.headers.replaceOrAdd(name: "Content-Security-Policy",
                                          value: "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'")
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}
