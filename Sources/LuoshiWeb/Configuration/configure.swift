// Builds the application from a configuration: the database, migrations, middleware and routes.
// Used by `luoshi serve`, by the other CLI commands (without the server), and by the tests.
import Fluent
import Foundation
import LuoshiDomain
import LuoshiStorage
import Metrics
import OpenAPIVapor
import Prometheus
import Vapor

public func configure(_ app: Application, _ configuration: LuoshiConfiguration) async throws {
    app.http.server.configuration.hostname = configuration.host
    app.http.server.configuration.port = configuration.port
    app.logger.logLevel = configuration.logLevel
    app.routes.defaultMaxBodySize = "1mb"

    try DatabaseSetup.register(configuration.database, settings: configuration.storage, on: app.databases)
    app.databases.default(to: DatabaseSetup.databaseID(for: configuration.database))
    let writerLoop = app.eventLoopGroup.next()
    try await DatabaseSetup.applyConnectionSettings(configuration.database, settings: configuration.storage,
                                                    databases: app.databases, eventLoops: app.eventLoopGroup,
                                                    writerLoop: writerLoop, logger: app.logger)
    app.migrations.add(LuoshiMigrations.all)

    app.luoshi = LuoshiServices(
        configuration: configuration,
        queue: configuration.database.isSQLite ? WriteQueue() : nil,
        writerLoop: writerLoop,
        auditKey: try AuditKeyFile.load(path: configuration.auditKeyPath),
        hasher: BcryptHasher(cost: configuration.passwordCost, threadPool: app.threadPool),
        metrics: MetricsBootstrap.registry)

    app.middleware = Middlewares()
    app.middleware.use(BareRouteMiddleware())
    app.middleware.use(RequestLogMiddleware())
    // Outside the error middleware, so refusals and error pages get the headers too.
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(LuoshiErrorMiddleware())
    app.middleware.use(CallerMiddleware())
    app.middleware.use(CSRFMiddleware())
    app.middleware.use(NullRejectingMiddleware())

    try routes(app)
}

/// Runs the numbered migrations that have not run yet.
public func migrate(_ app: Application) async throws {
    try await app.autoMigrate()
}

/// At server start: a trail written before heads were anchored gets its anchor (logged). Not done
/// by `audit verify`, which must report an unanchored head rather than bless it.
public func anchorAuditHead(_ app: Application) async throws {
    if try await app.store.anchorUnanchoredAuditHead() {
        app.logger.notice("audit trail head anchored with the key in \(app.luoshi.configuration.auditKeyPath ?? "memory")")
    }
}

/// swift-metrics can be bootstrapped once per process; every application in it shares the registry.
enum MetricsBootstrap {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}

/// Answers /ping/bare ahead of every other middleware and the router, so the bench can measure
/// what the chain costs (/ping) against the server alone in the same binary.
struct BareRouteMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.url.path == SitePath.pingBare.rawValue else {
            let inFlight = request.application.luoshi.inFlight
            inFlight.enter()
            defer { inFlight.leave() }
            return try await next.respond(to: request)
        }
        return Response(status: .ok, body: .init(staticString: "pong"))
    }
}

/// One structured log line per request, carrying the request id Vapor assigns.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next.respond(to: request)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        request.logger.info("request", metadata: [
            "method": .string(request.method.rawValue), "path": .string(request.url.path),
            "status": .stringConvertible(response.status.code),
            "ms": .string(String(format: "%.2f", milliseconds)),
        ])
        response.headers.replaceOrAdd(name: "X-Request-Id", value: request.id)
        return response
    }
}
