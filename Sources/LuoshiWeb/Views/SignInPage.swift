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
