// What the application holds for every request: its configuration, the write gate, the password hasher,
// and the metrics registry. Request helpers give handlers the caller, the language and the store.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Prometheus
import Vapor

public struct LuoshiServices: Sendable {
    public let configuration: LuoshiConfiguration
    public let gate: WriteGate?
    public let hasher: BcryptHasher
    public let metrics: PrometheusCollectorRegistry
}

extension Application {
    private struct ServicesKey: StorageKey { typealias Value = LuoshiServices }

    public var luoshi: LuoshiServices {
        get {
            guard let services = storage[ServicesKey.self] else { fatalError("configure(_:_:) has not run") }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }

    /// A store for work outside a request (the CLI, start-up).
    public var store: Store { Store(database: db, gate: luoshi.gate) }
}

extension Request {
    private struct CallerKey: StorageKey { typealias Value = Caller }
    private struct CSRFKey: StorageKey { typealias Value = CSRFToken }

    public var caller: Caller? {
        get { storage[CallerKey.self] }
        set { storage[CallerKey.self] = newValue }
    }

    /// The caller, or the refusal that sends them to sign in.
    func requireCaller() throws -> Caller {
        guard let caller else { throw RuleViolation(.authenticationRequired) }
        return caller
    }

    /// The user's own setting first, then what the browser asks for, then Chinese.
    var language: Language {
        caller?.language ?? Language.negotiate(acceptLanguage: headers.first(name: .acceptLanguage))
    }

    var catalogue: Catalogue { Catalogue.for(language) }

    var store: Store { Store(database: db, gate: application.luoshi.gate) }

    func context(_ caller: Caller) -> UseCaseContext { UseCaseContext(store: store, performer: Performer(caller)) }

    var csrf: CSRFToken {
        get {
            if let token = storage[CSRFKey.self] { return token }
            let token = CSRFToken(request: self)
            storage[CSRFKey.self] = token
            return token
        }
        set { storage[CSRFKey.self] = newValue }
    }

    /// The client's address for throttling (the direct peer; a proxy must be configured to pass it on).
    var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}

/// The double-submit token: a random value in a SameSite cookie that every form repeats.
struct CSRFToken: Sendable {
    static let cookieName = "luoshi_csrf"
    static let fieldName = "csrf"
    static let headerName = "X-CSRF-Token"

    let value: String
    /// True when the request came without the cookie, so the response must set it.
    let isNew: Bool

    init(request: Request) {
        if let existing = request.cookies[Self.cookieName]?.string, existing.count >= 20 {
            value = existing; isNew = false
        } else {
            value = SecretToken.generate(prefix: ""); isNew = true
        }
    }
}

/// Bcrypt, run on the thread pool so a sign-in does not stall the event loop.
public struct BcryptHasher: PasswordHashing {
    let cost: Int
    let threadPool: NIOThreadPool

    public func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await threadPool.runIfActive { (try? Bcrypt.verify(password, created: hash)) ?? false }
    }
}
