// Sign-in and sign-out.
import Foundation
import LuoshiDomain
import LuoshiUseCases
import Vapor

enum SessionController {
    struct SignInForm: Content {
        var username: String?
        var password: String?
        var next: String?
    }

    static func show(_ request: Request) async throws -> Response {
        if request.caller != nil { return request.redirect(to: SitePath.home.rawValue) }
        return HTMLResponse.make(SignInPage.render(context: PageContext(request), next: Parse.query(request, "next").map(Parse.safeNext)))
    }

    static func signIn(_ request: Request) async throws -> Response {
        let form = try request.content.decode(SignInForm.self)
        let services = request.application.luoshi
        do {
            let result = try await LuoshiUseCases.signIn(
                username: form.username ?? "", password: form.password ?? "", address: request.clientAddress,
                throttle: services.configuration.throttle, sessionLifetime: services.configuration.sessionLifetime,
                hasher: services.hasher, store: request.store)
            let response = request.redirect(to: Parse.safeNext(form.next), redirectType: .normal)
            response.cookies[CallerMiddleware.sessionCookie] = HTTPCookies.Value(
                string: result.sessionToken, maxAge: services.configuration.sessionLifetimeHours * 3600, path: "/",
                isSecure: services.configuration.secureCookies, isHTTPOnly: true, sameSite: .lax)
            return response
        } catch let violation as RuleViolation {
            let page = SignInPage.render(context: PageContext(request), username: form.username ?? "", next: form.next.map(Parse.safeNext),
                                         error: violation.message(in: request.language))
            return HTMLResponse.make(page, status: LuoshiErrorMiddleware.status(of: violation.rule.kind))
        }
    }

    static func signOut(_ request: Request) async throws -> Response {
        if let caller = request.caller, let token = request.cookies[CallerMiddleware.sessionCookie]?.string {
            try await LuoshiUseCases.signOut(sessionToken: token, context: request.context(caller))
        }
        return signedOut(request, notice: .signedOut)
    }

    /// The way out: to the sign-in page with a notice, the session cookie cleared.
    static func signedOut(_ request: Request, notice: L10nKey) -> Response {
        let response = request.redirect(to: SitePath.signIn.query([("done", notice.rawValue)]), redirectType: .normal)
        response.cookies[CallerMiddleware.sessionCookie] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0),
                                                                              maxAge: 0, path: "/", isHTTPOnly: true, sameSite: .lax)
        return response
    }
}
