// The caller's own settings: language, password, personal API tokens.
import Foundation
import LuoshiDomain
import LuoshiStorage
import Plot

enum SettingsPage {
    static func render(language: Language?, tokens: [APITokenInfo], newToken: String?, calendarLink: String? = nil, error: String?,
                       context: PageContext) -> String {
        let current = language ?? context.catalogue.language
        return Layout.render(title: context[.settingsTitle], context: context, error: error,
            .h2(.text(context[.settingsLanguage])),
            .form(.id("language"), .action(SitePath.settingsLanguage.rawValue), .method(.post),
                  Forms.csrf(context),
                  Forms.select(context[.fieldLanguage], name: "language",
                               options: Language.allCases.map { (value: $0.rawValue, label: context[$0.labelKey]) },
                               selected: current.rawValue),
                  Forms.submit(context[.save])),
            .h2(.text(context[.settingsPassword])),
            .p(.text(context[.passwordChangeExplain])),
            .form(.id("password"), .action(SitePath.settingsPassword.rawValue), .method(.post),
                  Forms.csrf(context),
                  Forms.text(context[.fieldCurrentPassword], name: "currentPassword", value: nil, type: .password),
                  Forms.text(context[.fieldNewPassword], name: "newPassword", value: nil, type: .password),
                  Forms.submit(context[.save])),
            .h2(.text(context[.settingsSessions])),
            .p(.text(context[.signOutEverywhereExplain])),
            .form(.id("sign-out-everywhere"), .action(SitePath.settingsSignOutEverywhere.rawValue), .method(.post),
                  Forms.csrf(context), Forms.submit(context[.signOutEverywhere])),
            .h2(.text(context[.calendarTitle])),
            context.caller?.personID == nil ? .p(.class("hint"), .text(context[.calendarNoPerson])) : .group(
                .p(.text(context[.calendarExplain])),
                .unwrap(calendarLink) { link in
                    .div(.class("flash success"), .text(context[.calendarLinkOnce]), .code(.id("calendar-link"), .text(link)))
                },
                .form(.id("calendar"), .action(SitePath.settingsCalendar.rawValue), .method(.post),
                      Forms.csrf(context), Forms.submit(context[.calendarRenew]))),
            .h2(.text(context[.tokensTitle])),
            .p(.text(context[.tokensExplain])),
            .unwrap(newToken) { token in
                .div(.class("flash success"), .text(context[.tokenCreated]), .code(.id("new-token"), .text(token)))
            },
            .form(.id("token"), .action(SitePath.settingsTokens.rawValue), .method(.post),
                  Forms.csrf(context),
                  Forms.text(context[.tokenName], name: "name", value: nil),
                  Forms.submit(context[.tokenCreate])),
            tokens.isEmpty ? .empty :
            .table(.id("tokens"),
                .thead(.tr(.th(.text(context[.tokenName])), .th(.text(context[.tokenCreatedAt])), .th(.text(context[.fieldStatus])),
                           .th(.text("")))),
                .tbody(.forEach(tokens) { token in
                    .tr(.td(.text(token.name), .small(.code(.text(" " + token.prefix + "…")))),
                        .td(.text(context.clock.minute(token.createdAt))),
                        .td(.text(context[token.revokedAt == nil ? .accountActive : .tokenStatusRevoked])),
                        .td(.if(token.revokedAt == nil,
                                .form(.action(esc(SitePath.settingsTokenRevoke.with(token.id))), .method(.post),
                                      Forms.csrf(context), Forms.submit(context[.tokenRevoke])))))
                }))
        )
    }
}


