// What the application holds for every request: its configuration, the write queue, the password hasher,
// and the metrics registry. Request helpers give handlers the caller, the language and the store.
import FluentKit
import Foundation
import LuoshiDomain
import NIOConcurrencyHelpers
import LuoshiStorage
import LuoshiUseCases
import Prometheus
import Vapor

public struct LuoshiServices: Sendable {
    public let configuration: LuoshiConfiguration
    /// SQLite's write queue (group commit); nil on PostgreSQL.
    public let queue: WriteQueue?
    /// The event loop SQLite's writer connection lives on.
    public let writerLoop: any EventLoop
    /// SQLite's writer connection, made once (nil on PostgreSQL, where writes use the request's pool).
    public let writer: (any Database)?
    public let auditKey: AuditKey
    public let directory = DirectoryCache()
    /// Requests being answered, so that shutting down waits for them before closing the database.
    public let inFlight = InFlightRequests()
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
    public var store: Store {
        Store(database: db, writer: luoshi.writer,
              queue: luoshi.queue, auditKey: luoshi.auditKey, directory: luoshi.directory)
    }
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

    var store: Store {
        let services = application.luoshi
        return Store(database: db, writer: services.writer,
                     queue: services.queue, auditKey: services.auditKey, directory: services.directory)
    }

    func context(_ caller: Caller) -> UseCaseContext {
        UseCaseContext(store: store, performer: Performer(caller), clock: clock,
                       lightPolicy: application.luoshi.configuration.supervision.lightPolicy)
    }

    /// The configured time zone: "today" and the times pages show.
    var clock: LocalClock { application.luoshi.configuration.clock }

    var csrf: CSRFToken {
        get {
            if let token = storage[CSRFKey.self] { return token }
            let token = CSRFToken(request: self)
            storage[CSRFKey.self] = token
            return token
        }
        set { storage[CSRFKey.self] = newValue }
    }

    /// The client's address for throttling: the direct peer, or, when the peer is one of the
    /// configured trusted proxies, the nearest address in X-Forwarded-For that is not one of them.
    var clientAddress: String {
        ClientAddress.resolve(peer: remoteAddress?.ipAddress, forwardedFor: headers[.xForwardedFor],
                              trustedProxies: application.luoshi.configuration.trustedProxies)
    }
}

/// The CSRF token every form repeats. Signed in, it is derived from the session's secret, so a
/// cookie planted by another site proves nothing and each session has its own token. Signed out
/// (the sign-in form), it is derived from a random pre-session cookie.
struct CSRFToken: Sendable {
    static let cookieName = "luoshi_csrf"
    static let fieldName = "csrf"
    static let headerName = "X-CSRF-Token"

    let value: String
    /// The pre-session cookie to set, when the request came without one.
    let newCookie: String?

    init(request: Request) {
        if request.caller != nil, let session = request.cookies[CallerMiddleware.sessionCookie]?.string, !session.isEmpty {
            value = Self.derive("session", session); newCookie = nil
        } else if let existing = request.cookies[Self.cookieName]?.string, existing.count >= 20 {
            value = Self.derive("pre-session", existing); newCookie = nil
        } else {
            let cookie = SecretToken.generate(prefix: "")
            value = Self.derive("pre-session", cookie); newCookie = cookie
        }
    }

    static func derive(_ purpose: String, _ secret: String) -> String {
        SecretToken.hash("luoshi-csrf\n\(purpose)\n\(secret)")
    }
}

/// Bcrypt, run on the thread pool so a sign-in does not stall the event loop.
public struct BcryptHasher: PasswordHashing {
    let cost: Int
    let threadPool: NIOThreadPool
    private let placeholder = NIOLockedValueBox<String?>(nil)

    init(cost: Int, threadPool: NIOThreadPool) {
        self.cost = cost; self.threadPool = threadPool
    }

    public func placeholderHash() async throws -> String {
        if let hash = placeholder.withLockedValue({ $0 }) { return hash }
        let hash = try await self.hash(SecretToken.generate(prefix: ""))
        placeholder.withLockedValue { $0 = hash }
        return hash
    }

    public func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await threadPool.runIfActive { (try? Bcrypt.verify(password, created: hash)) ?? false }
    }
}

/// Resolving the client's address behind reverse proxies (the `trusted_proxies` setting).
enum ClientAddress {
    static func resolve(peer: String?, forwardedFor: [String], trustedProxies: Set<String>) -> String {
        guard let peer else { return "unknown" }
        guard trustedProxies.contains(peer) else { return peer }
        // X-Forwarded-For lists client, proxy1, proxy2…; each proxy appends the peer it saw.
        // Walk from the right, skipping our own proxies; the first other address is the client.
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for hop in hops.reversed() where !trustedProxies.contains(hop) {
            return String(hop.prefix(64))
        }
        return peer
    }
}

/// Counts the requests being answered. On SIGTERM the server stops accepting; `drain` then waits
/// (bounded) for the ones already in hand, so none meets a closed database half-way.
public final class InFlightRequests: Sendable {
    private let count = NIOLockedValueBox(0)

    func enter() { count.withLockedValue { $0 += 1 } }
    func leave() { count.withLockedValue { $0 -= 1 } }
    public var current: Int { count.withLockedValue { $0 } }

    /// Waits until no request is in hand, or `limit` has passed; returns how many were still running.
    public func drain(limit: Duration = .seconds(15)) async -> Int {
        let deadline = ContinuousClock.now + limit
        while current > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return current
    }
}
