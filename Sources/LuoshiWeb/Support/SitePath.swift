// Every path of the site, in one list used both to register routes and to write links,
// so the two cannot drift apart.
import Foundation
import Vapor

enum SitePath: String, CaseIterable {
    case home = "/"
    case signIn = "/signin"
    case signOut = "/signout"
    case units = "/units"
    case unitNew = "/units/new"
    case unit = "/units/:id"
    case unitEdit = "/units/:id/edit"
    case people = "/people"
    case personNew = "/people/new"
    case person = "/people/:id"
    case personEdit = "/people/:id/edit"
    case personOversight = "/people/:id/oversight"
    case accounts = "/accounts"
    case accountNew = "/accounts/new"
    case audit = "/audit"
    case settings = "/settings"
    case settingsLanguage = "/settings/language"
    case settingsPassword = "/settings/password"
    case settingsTokens = "/settings/tokens"
    case settingsTokenRevoke = "/settings/tokens/:id/revoke"
    case settingsSignOutEverywhere = "/settings/sign-out-everywhere"
    case tasks = "/tasks"
    case taskNew = "/tasks/new"
    case task = "/tasks/:id"
    case taskEdit = "/tasks/:id/edit"
    case taskDecompose = "/tasks/:id/decompose"
    case taskStatus = "/tasks/:id/status"
    case tasksExport = "/tasks/export"
    case myTasks = "/my/tasks"
    case indicators = "/indicators"
    case indicator = "/indicators/:id"
    case indicatorReadings = "/indicators/:id/readings"
    case keyObjects = "/key-objects"
    case keyObject = "/key-objects/:id"
    case decisions = "/decisions"
    case decisionNew = "/decisions/new"
    case decision = "/decisions/:id"
    case decisionEdit = "/decisions/:id/edit"
    case decisionMove = "/decisions/:id/move"
    case decisionOpinions = "/decisions/:id/opinions"
    case meetings = "/meetings"
    case meetingNew = "/meetings/new"
    case meetingSeriesNew = "/meetings/series/new"
    case meeting = "/meetings/:id"
    case meetingAttendance = "/meetings/:id/attendance"
    case meetingAgenda = "/meetings/:id/agenda"
    case meetingMinutes = "/meetings/:id/minutes"
    case meetingNext = "/meetings/:id/next"
    case agendaVote = "/agenda-items/:id/vote"
    case agendaOutcome = "/agenda-items/:id/outcome"
    /// A person's meetings as iCalendar; `:id` is the secret token of their calendar link.
    case calendar = "/calendar/:id"
    case settingsCalendar = "/settings/calendar"
    case taskReports = "/tasks/:id/reports"
    case taskClosure = "/tasks/:id/closure"
    case taskNotices = "/tasks/:id/notices"
    case reports = "/reports"
    case reportSignOff = "/reports/:id/sign-off"
    case attachment = "/attachments/:id"
    case notices = "/notices"
    case notice = "/notices/:id"
    case noticeReply = "/notices/:id/reply"
    case noticeEscalate = "/notices/:id/escalate"
    case accountability = "/accountability"
    case accountabilityConclude = "/accountability/:id/conclude"
    case periods = "/periods"
    case periodLock = "/periods/lock"
    case periodUnlock = "/periods/unlock"
    case inbox = "/inbox"
    case inboxRead = "/inbox/read"
    case lightsRecompute = "/lights/recompute"
    case meetingDispatch = "/meetings/:id/dispatch"
    case agendaInstruction = "/agenda-items/:id/instruction"
    case inspections = "/inspections"
    case inspectionNew = "/inspections/new"
    case inspection = "/inspections/:id"
    case inspectionPhoto = "/inspection-photos/:id"
    case bulletins = "/bulletins"
    case bulletinNew = "/bulletins/new"
    case bulletin = "/bulletins/:id"
    case bulletinEdit = "/bulletins/:id/edit"
    case bulletinPublish = "/bulletins/:id/publish"
    case bulletinExport = "/bulletins/:id/export"
    case importData = "/import"
    case importTemplate = "/import/template"
    case importExample = "/import/example"
    case exportData = "/export"
    case healthz = "/healthz"
    case metrics = "/metrics"
    case ping = "/ping"
    /// Answered before any middleware and the router: the baseline the bench compares /ping with.
    case pingBare = "/ping/bare"
    case openAPIDocument = "/api/openapi.yaml"
    case stylesheet = "/luoshi.css"
    case script = "/luoshi.js"

    var components: [PathComponent] { rawValue.pathComponents }

    /// The path with its `:id` filled in.
    func with(_ id: UUID) -> String { rawValue.replacingOccurrences(of: ":id", with: id.uuidString.lowercased()) }

    /// The path with a query string (values percent-encoded); nil values are left out.
    func query(_ items: [(String, String?)]) -> String {
        var parts = URLComponents()
        parts.path = rawValue
        let present = items.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        parts.queryItems = present.isEmpty ? nil : present
        return parts.string ?? rawValue
    }
}
