// The caller's own settings: language, password, API tokens.
import Foundation
import LuoshiDomain
import LuoshiUseCases
import Vapor

enum SettingsController {
    static func show(_ request: Request) async throws -> Response {
        try await page(request, newToken: nil, error: nil)
    }

    static func page(_ request: Request, newToken: String?, calendarLink: String? = nil, error: String?,
                     status: HTTPResponseStatus = .ok) async throws -> Response {
        let caller = try request.requireCaller()
        let tokens = try await request.store.apiTokens(accountID: caller.accountID)
        return HTMLResponse.make(SettingsPage.render(language: caller.language, tokens: tokens, newToken: newToken, calendarLink: calendarLink,
                                                     error: error, context: PageContext(request)), status: status)
    }

    /// A new private calendar link for the caller's person, shown once (the old one stops working).
    static func renewCalendar(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        guard let personID = caller.personID else { throw RuleViolation(.recordNotFound) }
        let token = try await renewCalendarLink(personID: personID, context: request.context(caller))
        let host = request.headers.first(name: .host) ?? "127.0.0.1"
        let scheme = request.application.luoshi.configuration.secureCookies ? "https" : "http"
        return try await page(request, newToken: nil, calendarLink: "\(scheme)://\(host)\(SitePath.calendar.rawValue.replacingOccurrences(of: ":id", with: token)).ics",
                              error: nil)
    }

    struct LanguageForm: Content { var language: String? }

    static func setLanguage(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let form = try request.content.decode(LanguageForm.self)
        let language = try Parse.requiredChoice(form.language, as: Language.self, field: .fieldLanguage)
        try await LuoshiUseCases.setLanguage(language, context: request.context(caller))
        return request.redirect(to: SitePath.settings.query([("done", L10nKey.languageSaved.rawValue)]), redirectType: .normal)
    }

    struct PasswordForm: Content {
        var currentPassword: String?
        var newPassword: String?
    }

    static func changePassword(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let form = try request.content.decode(PasswordForm.self)
        guard let account = try await request.store.account(id: caller.accountID) else { throw RuleViolation(.recordNotFound) }
        do {
            let session = request.cookies[CallerMiddleware.sessionCookie]?.string
            try await LuoshiUseCases.changePassword(username: account.username, currentPassword: form.currentPassword ?? "",
                                                    newPassword: form.newPassword ?? "",
                                                    keepSessionTokenHash: session.map(SecretToken.hash),
                                                    hasher: request.application.luoshi.hasher, context: request.context(caller))
        } catch let violation as RuleViolation {
            return try await page(request, newToken: nil, error: violation.message(in: request.language),
                                  status: .unprocessableEntity)
        }
        return request.redirect(to: SitePath.settings.query([("done", L10nKey.passwordChangedSessionsEnded.rawValue)]),
                                redirectType: .normal)
    }

    /// Ends every session of the account, this one included, and leads to the sign-in page.
    static func signOutEverywhere(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try await LuoshiUseCases.signOutEverywhere(context: request.context(caller))
        return SessionController.signedOut(request, notice: .signedOutEverywhere)
    }

    struct TokenForm: Content { var name: String? }

    static func createToken(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let form = try request.content.decode(TokenForm.self)
        do {
            let token = try await createAPIToken(name: form.name ?? "", accountID: caller.accountID, context: request.context(caller))
            // Shown on this response only; it is never stored or shown again.
            return try await page(request, newToken: token, error: nil)
        } catch let violation as RuleViolation {
            return try await page(request, newToken: nil, error: violation.message(in: request.language),
                                  status: .unprocessableEntity)
        }
    }

    static func revokeToken(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        try await revokeAPIToken(id: try Parse.pathID(request), context: request.context(caller))
        return request.redirect(to: SitePath.settings.query([("done", L10nKey.tokenRevoked.rawValue)]), redirectType: .normal)
    }
}
