// Health, metrics, the do-nothing route the benchmark compares against, and static files.
import Foundation
import LuoshiAPI
import Prometheus
import SQLKit
import Vapor

enum OperationsController {
    /// Healthy when the database answers.
    static func health(_ request: Request) async throws -> Response {
        do {
            _ = try await request.store.sql.raw("SELECT 1 AS ok").first()
            return json(#"{"status":"ok"}"#)
        } catch {
            request.logger.error("health check failed: \(error)")
            let response = json(#"{"status":"unavailable"}"#)
            response.status = .serviceUnavailable
            return response
        }
    }

    static func metrics(_ request: Request) async throws -> Response {
        var buffer: [UInt8] = []
        request.application.luoshi.metrics.emit(into: &buffer)
        let response = Response(status: .ok, body: .init(data: Data(buffer)))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        return response
    }

    static func ping(_ request: Request) -> String { "pong" }

    static func openAPIDocument(_ request: Request) throws -> Response {
        let response = Response(status: .ok, body: .init(string: try APIDocument.yaml()))
        response.headers.replaceOrAdd(name: .contentType, value: "application/yaml; charset=utf-8")
        return response
    }

    static func stylesheet(_ request: Request) throws -> Response {
        try asset("luoshi", extension: "css", type: "text/css; charset=utf-8")
    }

    static func script(_ request: Request) throws -> Response {
        try asset("luoshi", extension: "js", type: "text/javascript; charset=utf-8")
    }

    /// A file of Public/, cached by browsers for an hour.
    private static func asset(_ name: String, extension ext: String, type: String) throws -> Response {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Public"),
              let data = try? Data(contentsOf: url) else { throw Abort(.notFound) }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: type)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return response
    }

    private static func json(_ text: String) -> Response {
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.contentType = .json
        return response
    }
}
