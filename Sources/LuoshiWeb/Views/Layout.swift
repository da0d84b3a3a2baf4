// The one layout every page uses, and the helpers pages share. Plot escapes all text and
// attribute values; nothing here emits raw HTML.
import Foundation
import LuoshiDomain
import Plot
import Vapor

/// What every page needs to know about the request it answers.
struct PageContext {
    var catalogue: Catalogue
    var caller: Caller?
    var csrf: String
    var path: String
    var notice: L10nKey?
    var clock: LocalClock
    var organisation: String

    /// An error page carries no form and so no token (`withForms: false`).
    init(_ request: Request, withForms: Bool = true) {
        catalogue = request.catalogue
        caller = request.caller
        csrf = withForms ? request.csrf.value : ""
        path = request.url.path
        clock = request.clock
        let directory = request.application.luoshi.directory.latest
        // The print header names the caller's unit (the top of the tree for district-wide roles).
        organisation = caller.flatMap { directory?.byID[$0.scopeUnitID]?.name } ?? directory?.units.first?.name ?? ""
        // A finished action redirects with ?done=<catalogue key>; only known keys are shown.
        notice = (try? request.query.get(String.self, at: "done")).flatMap(L10nKey.init(rawValue:))
    }

    subscript(key: L10nKey) -> String { catalogue[key] }

    var today: Day { clock.today() }
}

enum HTMLResponse {
    static func make(_ html: String, status: HTTPResponseStatus = .ok) -> Response {
        let response = Response(status: status, body: .init(string: html))
        response.headers.contentType = .html
        return response
    }
}

enum Layout {
    static func render(title: String, context: PageContext, error: String? = nil, _ content: Node<HTML.BodyContext>...) -> String {
        let document = HTML(
            .attribute(named: "lang", value: context.catalogue.language.rawValue),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", nodes: [.text("\(title) · \(context[.appName])")]),
                .link(.rel(.stylesheet), .href(SitePath.stylesheet.rawValue)),
                .script(.src(SitePath.script.rawValue), .attribute(named: "defer"))
            ),
            .body(
                header(context),
                .main(
                    .div(.class("print-head"), .text([context.organisation, context[.appName], context.today.description]
                        .filter { !$0.isEmpty }.joined(separator: " · "))),
                    .unwrap(context.notice) { .div(.class("flash success"), .text(context[$0])) },
                    .unwrap(error) { .div(.class("flash error"), .attribute(named: "role", value: "alert"), .text($0)) },
                    .h1(.text(title)),
                    .group(content)
                )
            )
        )
        return document.render()
    }

    private static func header(_ context: PageContext) -> Node<HTML.BodyContext> {
        .header(.class("top"),
            .a(.class("brand"), .href(SitePath.home.rawValue), .text(context[.appName]),
               .span(.class("tagline"), .text(context[.appTagline]))),
            .unwrap(context.caller) { caller in
                .group(
                    .nav(.forEach(navigation(for: caller)) { path, key in
                        .a(.href(esc(path.rawValue)), .class(context.path.hasPrefix(path.rawValue) && path != .home ? "current" : ""),
                           .text(context[key]))
                    }),
                    .div(.id("whoami"), .text(caller.displayName), .span(.class("role"), .text(context[caller.role.labelKey]))),
                    .if(!context.csrf.isEmpty,
                        .form(.id("signout"), .action(SitePath.signOut.rawValue), .method(.post),
                              Forms.csrf(context), .button(.type(.submit), .text(context[.signOut]))))
                )
            }
        )
    }

    static func navigation(for caller: Caller) -> [(SitePath, L10nKey)] {
        var items: [(SitePath, L10nKey)] = [(.home, .navHome), (.myTasks, .navMyTasks), (.decisions, .navDecisions),
                                            (.meetings, .navMeetings), (.tasks, .navTasks), (.notices, .navNotices), (.inspections, .navInspections), (.bulletins, .navBulletins), (.assessment, .navAssessment),
                                            (.indicators, .navIndicators), (.keyObjects, .navKeyObjects),
                                            (.units, .navUnits), (.people, .navPeople)]
        if (try? caller.requireReadAccounts()) != nil { items.append((.accounts, .navAccounts)) }
        if (try? caller.requireReadAudit()) != nil { items.append((.audit, .navAudit)) }
        if [.unitHead, .staff, .supervisor].contains(caller.role) { items.append((.reports, .navReports)) }
        items.append((.inbox, .navInbox))
        items.append((.importData, .importTitle))
        items.append((.settings, .navSettings))
        return items
    }
}

/// Form pieces, so every form carries its CSRF token and labels its fields the same way.
enum Forms {
    /// On a phone the filters fold away behind this switch (a checkbox and its label: no script);
    /// on wider screens the switch is hidden and the filters always show. It precedes `form.foldable`.
    static func foldToggle(_ context: PageContext) -> Node<HTML.BodyContext> {
        .group(.input(.type(.checkbox), .id("filters-toggle"), .class("fold-toggle")),
               .label(.class("fold-label"), .attribute(named: "for", value: "filters-toggle"), .text(context[.filtersShow])))
    }

    static func csrf(_ context: PageContext) -> Node<HTML.FormContext> {
        .input(.type(.hidden), .name(CSRFToken.fieldName), .value(esc(context.csrf)))
    }

    static func text(_ label: String, name: String, value: String?, type: HTMLInputType = .text,
                     required: Bool = true, placeholder: String? = nil) -> Node<HTML.FormContext> {
        .label(.text(label),
               .input(.type(type), .name(name), .value(esc(value ?? "")), .required(required),
                      .unwrap(placeholder) { .placeholder(esc($0)) }))
    }

    static func select(_ label: String, name: String, options: [(value: String, label: String)],
                       selected: String?, includeBlank: String? = nil) -> Node<HTML.FormContext> {
        .label(.text(label), .select(.attribute(named: "name", value: name), choices(options, selected: selected, includeBlank: includeBlank)))
    }

    static func choices(_ options: [(value: String, label: String)], selected: String?,
                        includeBlank: String? = nil) -> Node<HTML.SelectContext> {
        var all = options
        if let includeBlank { all.insert((value: "", label: includeBlank), at: 0) }
        return .forEach(all) { option in
            .element(named: "option", nodes: [
                .attribute(named: "value", value: esc(option.value), ignoreIfValueIsEmpty: false),
                option.value == (selected ?? "") ? .attribute(named: "selected") : .empty,
                .text(option.label),
            ])
        }
    }

    static func submit(_ label: String) -> Node<HTML.FormContext> {
        .button(.type(.submit), .text(label))
    }

    /// Indented unit names for pickers, so the tree shows in a flat list.
    static func unitOptions(_ units: [Unit]) -> [(value: String, label: String)] {
        UnitOrdering.treeOrder(units).map { unit in
            (value: unit.id.uuidString.lowercased(),
             label: String(repeating: "　", count: UnitTree.depth(of: unit.path)) + unit.name)
        }
    }
}

/// A list filter's unit picker without JavaScript, that never sends a county's 600 units: the
/// upper levels (departments, towns), the chosen unit with its ancestors, and the chosen unit's
/// own children, so choosing a town and applying the filter offers its villages next.
enum FilterPicker {
    static let levels = 2

    static func units(_ units: [Unit], selected: UUID?) -> [Unit] {
        let chosen = selected.flatMap { id in units.first { $0.id == id } }
        return units.filter { unit in
            UnitTree.depth(of: unit.path) < levels
                || chosen.map { unit.parentID == $0.id || $0.path.hasPrefix(unit.path) } ?? false
        }
    }
}

enum UnitOrdering {
    /// Parents before children, siblings by sort order then name.
    static func treeOrder(_ units: [Unit]) -> [Unit] {
        TreeOrder.depthFirst(units, id: \.id, parent: \.parentID, before: { ($0.sortOrder, $0.name) < ($1.sortOrder, $1.name) })
    }
}

enum Pagination {
    static func links(_ page: Page<some Sendable>, context: PageContext, base: SitePath,
                      query: [(String, String?)]) -> Node<HTML.BodyContext> {
        let pages = page.total.map { max(1, ($0 + page.limit - 1) / page.limit) }
        let current = page.offset / max(page.limit, 1) + 1
        return .nav(.class("pages"),
             .unwrap(page.total) { total in
                 .span(.class("total"), .text(context.catalogue.format(.pagesTotal, ["total": Numbers.grouped(Double(total)),
                                                                                      "page": String(current),
                                                                                      "pages": String(pages ?? 1)])))
             },
             .if(page.offset > 0, .a(.attribute(named: "rel", value: "prev"), .href(esc(base.query(query + [("offset", String(max(0, page.offset - page.limit)))]))),
                                     .text(context[.previousPage]))),
             .unwrap(pages) { pages in
                 .forEach(numbers(current: current, pages: pages)) { number in
                     number == current
                         ? .span(.class("current"), .attribute(named: "aria-current", value: "page"), .text(String(number)))
                         : .a(.class("number"), .href(esc(base.query(query + [("offset", String((number - 1) * page.limit))]))),
                              .text(String(number)))
                 }
             },
             .if(page.hasMore, .a(.attribute(named: "rel", value: "next"), .href(esc(base.query(query + [("offset", String(page.offset + page.limit))]))),
                                  .text(context[.nextPage]))))
    }

    /// The page numbers worth a link: the first, the last, and two either side of the current one.
    static func numbers(current: Int, pages: Int) -> [Int] {
        guard pages > 1 else { return [] }
        return (1...pages).filter { $0 == 1 || $0 == pages || abs($0 - current) <= 2 }
    }
}

extension Node {
    /// Text, escaped whole. Plot's own `.text` leaves anything that looks like an entity alone, so a
    /// title typed as "R&amp;D" would show as "R&D"; this one (it shadows Plot's in this module)
    /// shows exactly what was typed.
    static func text(_ value: String) -> Node { .raw(escapeText(value)) }
}

func escapeText(_ value: String) -> String {
    guard value.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }) else {
        return value
    }
    var escaped = ""
    escaped.reserveCapacity(value.utf8.count + 16)
    for character in value {
        switch character {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        default: escaped.append(character)
        }
    }
    return escaped
}

/// Plot 0.14 writes attribute values as given, so every value that is not a literal passes through here.
func esc(_ value: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(value.utf8.count)
    for character in value {
        switch character {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        case "'": escaped += "&#39;"
        default: escaped.append(character)
        }
    }
    return escaped
}
