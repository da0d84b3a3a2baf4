// `luoshi serve`: migrate, optionally load the demo district, and serve until stopped.
import ArgumentParser
import Foundation
import LuoshiDomain
import LuoshiUseCases
import LuoshiWeb
import Vapor

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the web server (pages, API, /healthz, /metrics). Migrations run first.")

    @OptionGroup var store: StoreOptions

    @ArgumentParser.Option(help: "Address to bind (default 127.0.0.1; LUOSHI_HOST).")
    var host: String?

    @ArgumentParser.Option(help: "Port (default 8080; LUOSHI_PORT).")
    var port: Int?

    @ArgumentParser.Flag(help: "Load the demo district into an empty database and print its sign-ins.")
    var demo = false

    @ArgumentParser.Flag(help: "Do not run the daily jobs in this process (another process sharing the database runs them; LUOSHI_SUPERVISION_SCHEDULER=false).")
    var noScheduler = false

    func run() async throws {
        let configuration = try store.load(host: host, port: port, scheduler: noScheduler ? false : nil)
        OperatorTasks.bootstrapLogging(configuration)
        let app = try await Application.make(Environment(name: "production", arguments: ["luoshi", "serve"]))
        do {
            try await configure(app, configuration)
            try await migrate(app)
            try await anchorAuditHead(app)
            try await refreshPlannerStatistics(app)
            if demo { try await announceDemo(app, configuration: configuration) }
            try await app.execute()
            // Stopped accepting (SIGTERM or SIGINT): let the requests in hand finish before the
            // database closes under them.
            let unfinished = await app.luoshi.inFlight.drain()
            if unfinished > 0 { app.logger.warning("shutting down with \(unfinished) request(s) still running") }
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw fail(error)
        }
    }

    func announceDemo(_ app: Application, configuration: LuoshiConfiguration) async throws {
        let outcome = try await OperatorTasks.loadDemo(app)
        print("")
        switch outcome {
        case .loaded(let summary):
            print("演示区县已载入 / demo district loaded: \(summary.units) units, \(summary.people) people")
        case .skippedNotEmpty:
            print("数据库已有数据，未重复载入 / the database already has data; demo not loaded again")
        }
        print("打开 / open: http://\(configuration.host):\(configuration.port)/")
        print("演示账号（密码均为 \(demoPassword)）/ demo sign-ins (password \(demoPassword) for all):")
        for account in demoAccounts {
            print("  \(account.username.padding(toLength: 16, withPad: " ", startingAt: 0)) \(account.role)")
        }
        print("")
        fflush(nil)
    }

    var demoAccounts: [(username: String, role: String)] {
        [("admin", "系统管理员 admin"), ("duchashi", "督查人员 supervisor"), ("shuji", "区级领导 leader (区委书记)"),
         ("quzhang", "区级领导 leader (区长)"), ("fagaiju", "单位负责人 unit head (区发展和改革局)"),
         ("fagaiju-staff", "工作人员 staff (区发展和改革局)"), ("yunhe", "单位负责人 unit head (运河街道)"),
         ("jijian", "纪检/观察员 auditor")]
    }
}
