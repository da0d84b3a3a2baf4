// Builds the application from a configuration: the database, migrations, middleware and routes.
// Used by `luoshi serve`, by the other CLI commands (without the server), and by the tests.
import Fluent
import Foundation
import LuoshiDomain
import LuoshiStorage
import Metrics
import OpenAPIVapor
import Prometheus
import SQLKit
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
        writer: DatabaseSetup.writer(configuration.database, databases: app.databases, loop: writerLoop, logger: app.logger),
        auditKey: try AuditKeyFile.load(path: configuration.auditKeyPath),
        hasher: BcryptHasher(cost: configuration.passwordCost, threadPool: app.threadPool),
        metrics: MetricsBootstrap.registry)

    app.middleware = Middlewares()
    app.middleware.use(RequestPipeline(stages: [
        RequestLogMiddleware(),
        // Outside the error middleware, so refusals and error pages get the headers too.
        SecurityHeadersMiddleware(),
        LuoshiErrorMiddleware(),
        CallerMiddleware(),
        CSRFMiddleware(),
        NullRejectingMiddleware(),
    ]))

    try routes(app)

    // The daily jobs start when the server boots (`serve`); tests run them by hand.
    if configuration.supervision.scheduler && app.environment != .testing {
        let scheduler = DailyScheduler()
        app.dailyScheduler = scheduler
        app.lifecycle.use(scheduler)
    }
}

/// Runs the numbered migrations that have not run yet.
public func migrate(_ app: Application) async throws {
    try await app.autoMigrate()
}

/// At server start on SQLite: the query planner's statistics (ANALYZE, a fraction of a second on a
/// county), without which it chose a year's scan over the leader index for every register page.
public func refreshPlannerStatistics(_ app: Application, full: Bool = false) async throws {
    if app.luoshi.configuration.database.isSQLite {
        // A sampled ANALYZE (at most 1,000 rows an index) keeps start-up short on a city-sized file:
        // a full one read all 900 MB of it (about 0.6 s of the 1.08 s start-up measured on the city).
        try await app.store.write { tx in
            if !full { try await tx.sql.raw("PRAGMA analysis_limit = 1000").run() }
            try await tx.sql.raw("ANALYZE").run()
        }
    } else if full {
        // PostgreSQL's autovacuum analyses in its own time; after a bulk load, do it now.
        try await (app.db as! any SQLDatabase).raw("ANALYZE").run()
    }
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

/// The middleware, as one. Vapor bridges every middleware it chains through an event-loop future
/// and a new task; measured, seven of them cost /ping four times the bare server's CPU. Here the
/// stages call one another directly, in one task, so only the pipeline itself is bridged.
/// It also answers /ping/bare ahead of every stage and the router (the bench's baseline), and
/// counts the requests in hand for a graceful shutdown.
struct RequestPipeline: AsyncMiddleware {
    let stages: [any AsyncMiddleware]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.url.path == SitePath.pingBare.rawValue { return Response(status: .ok, body: .init(staticString: "pong")) }
        let inFlight = request.application.luoshi.inFlight
        inFlight.enter()
        defer { inFlight.leave() }
        return try await run(0, request, next)
    }

    private func run(_ index: Int, _ request: Request, _ next: any AsyncResponder) async throws -> Response {
        guard index < stages.count else { return try await next.respond(to: request) }
        return try await stages[index].respond(to: request, chainingTo: Stage { try await run(index + 1, $0, next) })
    }

    struct Stage: AsyncResponder {
        let body: @Sendable (Request) async throws -> Response
        func respond(to request: Request) async throws -> Response { try await body(request) }
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
