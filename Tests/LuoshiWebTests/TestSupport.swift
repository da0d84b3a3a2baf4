// Test support: an application on a fresh database (SQLite by default, PostgreSQL when
// LUOSHI_TEST_DATABASE_URL is set), a small organisation, and a client that keeps cookies.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import LuoshiWeb

enum TestDatabase {
    static var postgresURL: String? {
        let url = ProcessInfo.processInfo.environment["LUOSHI_TEST_DATABASE_URL"]
        return (url?.isEmpty ?? true) ? nil : url
    }

    static var isPostgres: Bool { postgresURL != nil }

    static func configuration(file: String) -> LuoshiConfiguration {
        var configuration = LuoshiConfiguration()
        configuration.passwordCost = 4
        configuration.logLevel = .warning
        // NORMAL keeps the suite fast; the durability test checks FULL, the default, separately.
        configuration.storage.synchronous = .normal
        configuration.database = postgresURL.map { .postgres(url: $0) } ?? .sqlite(path: file)
        configuration.auditKeyFile = file + ".audit-key"
        return configuration
    }
}

/// Runs `body` with a configured, migrated application on an empty database.
func withLuoshi(_ adjust: (inout LuoshiConfiguration) -> Void = { _ in },
                _ body: (Application) async throws -> Void) async throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("luoshi-test-\(UUID().uuidString).sqlite").path
    var configuration = TestDatabase.configuration(file: file)
    adjust(&configuration)
    let app = try await Application.make(.testing)
    do {
        try await configure(app, configuration)
        if TestDatabase.isPostgres {
            try await app.store.sql.raw("DROP SCHEMA public CASCADE").run()
            try await app.store.sql.raw("CREATE SCHEMA public").run()
        }
        try await migrate(app)
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        removeSQLite(file)
        throw error
    }
    try await app.asyncShutdown()
    removeSQLite(file)
}

private func removeSQLite(_ file: String) {
    for suffix in ["", "-wal", "-shm", ".audit-key"] { try? FileManager.default.removeItem(atPath: file + suffix) }
}

/// A small district: a committee with two departments (one with a sub-office) and a town,
/// people in each, and one account per role.
struct Fixture {
    var root: Unit
    var fgj: Unit
    var fgjOffice: Unit
    var czj: Unit
    var fgjPerson: Person
    var czjPerson: Person
    var fgjStaff: Person
    var leader: Person
    static let password = "Test-password-1"
    static let usernames: [Role: String] = [.admin: "admin", .supervisor: "duchashi", .leader: "shuji",
                                            .unitHead: "fagaiju", .staff: "fagaiju-staff", .auditor: "jijian"]

    static func make(_ app: Application) async throws -> Fixture {
        let context = OperatorTasks.operatorContext(app)
        let root = try await createUnit(UnitDraft(code: "QW", name: "中共测试区委", kind: .committee, parentID: nil), context: context)
        let fgj = try await createUnit(UnitDraft(code: "FGJ", name: "区发展和改革局", kind: .department, parentID: root.id), context: context)
        let office = try await createUnit(UnitDraft(code: "FGJ-BGS", name: "发改局办公室", kind: .department, parentID: fgj.id),
                                          context: context)
        let czj = try await createUnit(UnitDraft(code: "CZJ", name: "区财政局", kind: .department, parentID: root.id), context: context)
        let fgjPerson = try await createPerson(PersonDraft(name: "王发改", position: "局长", rank: .sectionLevel, unitID: fgj.id),
                                               context: context)
        let czjPerson = try await createPerson(PersonDraft(name: "李财政", position: "局长", rank: .sectionLevel, unitID: czj.id),
                                               context: context)
        _ = try await createPerson(PersonDraft(name: "赵办公", position: "科员", rank: .staff, unitID: office.id), context: context)
        let staff = try await createPerson(PersonDraft(name: "钱科员", position: "科员", rank: .staff, unitID: fgj.id), context: context)
        let leader = try await createPerson(PersonDraft(name: "孙书记", position: "区委书记", rank: .districtLeader, unitID: root.id),
                                            context: context)
        let hash = try await app.luoshi.hasher.hash(password)
        for (role, username) in usernames.sorted(by: { $0.value < $1.value }) {
            let scope = (role == .unitHead || role == .staff) ? fgj.id : (role == .auditor ? czj.id : root.id)
            let person = role == .staff ? staff.id : (role == .unitHead ? fgjPerson.id : (role == .leader ? leader.id : nil))
            _ = try await createAccount(AccountDraft(username: username, displayName: "测试\(username)", role: role, scopeUnitID: scope,
                                                     personID: person, password: password, readsEverything: role == .leader),
                                        passwordHash: hash, context: context)
        }
        // A second unit head, of the finance bureau, for scope tests.
        _ = try await createAccount(AccountDraft(username: "caizhengju", displayName: "测试caizhengju", role: .unitHead, scopeUnitID: czj.id,
                                                 personID: czjPerson.id, password: password), passwordHash: hash, context: context)
        return Fixture(root: root, fgj: fgj, fgjOffice: office, czj: czj, fgjPerson: fgjPerson, czjPerson: czjPerson,
                       fgjStaff: staff, leader: leader)
    }
}

/// A client that keeps cookies like a browser and fills in the CSRF token of forms.
struct Client {
    let app: Application
    var cookies: [String: String] = [:]
    var acceptLanguage: String?

    init(_ app: Application) { self.app = app }

    static func signedIn(_ app: Application, as username: String, password: String = Fixture.password) async throws -> Client {
        var client = Client(app)
        let response = try await client.post("/signin", form: ["username": username, "password": password])
        #expect(response.status == .seeOther, "sign-in as \(username) failed: \(response.status)")
        #expect(client.cookies["luoshi_session"] != nil)
        return client
    }

    /// Sends a request with the kept cookies, and keeps what the response sets.
    mutating func send(_ method: HTTPMethod, _ path: String, headers extra: HTTPHeaders = [:],
                       body: ByteBuffer? = nil) async throws -> TestingHTTPResponse {
        var headers = extra
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        if let acceptLanguage { headers.replaceOrAdd(name: .acceptLanguage, value: acceptLanguage) }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        for (name, value) in response.headers.setCookie?.all ?? [:] {
            if value.string.isEmpty || value.maxAge == 0 { cookies[name] = nil } else { cookies[name] = value.string }
        }
        return response
    }

    mutating func get(_ path: String) async throws -> TestingHTTPResponse { try await send(.GET, path) }

    /// Posts a form; the CSRF field is added from the cookie unless `csrf` overrides it.
    mutating func post(_ path: String, form: [String: String], csrf: String? = nil) async throws -> TestingHTTPResponse {
        if cookies["luoshi_csrf"] == nil { _ = try await get("/signin") }
        var fields = form
        fields["csrf"] = csrf ?? csrfToken
        let encoded = fields.map { "\(Client.escape($0.key))=\(Client.escape($0.value))" }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: encoded))
    }

    mutating func json(_ method: HTTPMethod, _ path: String, token: String? = nil, body: String? = nil,
                       headers extra: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var headers = extra
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        if body != nil { headers.contentType = .json }
        return try await send(method, path, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    /// The token the pages of this client's session carry (derived from the session, or signed out
    /// from the pre-session cookie), as a browser would read it from a form.
    var csrfToken: String {
        if let session = cookies["luoshi_session"] { return CSRFToken.derive("session", session) }
        return cookies["luoshi_csrf"].map { CSRFToken.derive("pre-session", $0) } ?? ""
    }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

extension TestingHTTPResponse {
    var text: String { body.string }

    func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] ?? [:]
    }

    func jsonArray() throws -> [[String: Any]]? {
        try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [[String: Any]]
    }
}
