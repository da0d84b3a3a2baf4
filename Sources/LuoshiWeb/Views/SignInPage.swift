// The sign-in page and the error page.
import LuoshiDomain
import Plot

enum SignInPage {
    static func render(context: PageContext, username: String = "", next: String?, error: String? = nil) -> String {
        Layout.render(title: context[.signInTitle], context: context, error: error,
            .form(.id("signin"), .class("narrow"), .action(SitePath.signIn.rawValue), .method(.post),
                  Forms.csrf(context),
                  .unwrap(next) { .input(.type(.hidden), .name("next"), .value(esc($0))) },
                  Forms.text(context[.fieldUsername], name: "username", value: username),
                  Forms.text(context[.fieldPassword], name: "password", value: nil, type: .password),
                  Forms.submit(context[.signIn]))
        )
    }
}

enum ErrorPage {
    /// The message in words, and a way back; the rule's code stays in problem+json and the log.
    static func render(_ refusal: LuoshiErrorMiddleware.Refusal, back: String, context: PageContext) -> String {
        Layout.render(title: context[.errorTitle], context: context,
            .div(.class("problem"), .attribute(named: "role", value: "alert"),
                 .p(.class("detail"), .text(refusal.message))),
            .p(.a(.id("back"), .href(esc(back)), .text(context[.back])))
        )
    }
}

enum HomePage {
    struct Model {
        var unitCount: Int
        var peopleCount: Int
        var scopeName: String?
    }

    static func render(_ model: Model, context: PageContext, caller: Caller) -> String {
        Layout.render(title: context.catalogue.format(.homeWelcome, ["name": caller.displayName]), context: context,
            .dl(.class("facts"),
                .dt(.text(context[.homeRole])), .dd(.text(context[caller.role.labelKey])),
                .dt(.text(context[.homeScope])), .dd(.text(model.scopeName ?? context[.homeScopeAll])),
                .dt(.text(context[.homeUnitCount])), .dd(.text(String(model.unitCount))),
                .dt(.text(context[.homePeopleCount])), .dd(.text(String(model.peopleCount)))),
            .ul(.class("shortcuts"),
                .unwrap(caller.personID) { .li(.a(.id("portfolio-link"), .href(esc(SitePath.person.with($0))), .text(context[.portfolioTitle]))) },
                .forEach(Layout.navigation(for: caller).dropFirst()) { path, key in
                    .li(.a(.href(esc(path.rawValue)), .text(context[key])))
                })
        )
    }
}
