// Posting a message to the configured webhooks with the application's HTTP client: each post is
// signed afresh, bounded by a timeout, and tried up to three times with a growing pause between.
import Foundation
import Logging
import LuoshiUseCases
import NIOCore
import Vapor

/// What became of one webhook's post.
public struct WebhookDelivery: Equatable, Sendable {
    /// The target's URL without its query (robots' keys are in it).
    public var target: String
    public var kind: WebhookKind
    public var attempts: Int
    public var delivered: Bool
    /// Why the last attempt failed (status, robot's error, or the transport's error).
    public var failure: String?
}

public enum WebhookSender {
    public static let attempts = 3
    public static let timeout = TimeAmount.seconds(10)

    /// Posts `message` to `target`: up to `attempts` times, pausing `backoff`, then twice that, ….
    /// A DingTalk or WeCom robot answers 200 with `errcode` ≠ 0 when it refuses; that is a failure.
    /// Each attempt is bounded by `timeout` (the HTTP client keeps trying to connect until then).
    public static func deliver(_ message: WebhookMessage, to target: WebhookTarget, client: any Client, logger: Logger,
                               attempts: Int = attempts, backoff: Duration = .seconds(2),
                               timeout: TimeAmount = WebhookSender.timeout) async -> WebhookDelivery {
        var failure: String?
        for attempt in 1...max(1, attempts) {
            if attempt > 1 {
                do { try await Task.sleep(for: backoff * (1 << (attempt - 2))) } catch {
                    return WebhookDelivery(target: target.redactedURL, kind: target.kind, attempts: attempt - 1, delivered: false,
                                           failure: "cancelled")
                }
            }
            let post = Webhooks.post(message, to: target, at: Date())
            failure = await send(post, kind: target.kind, client: client, timeout: timeout)
            guard let reason = failure else {
                logger.info("webhook delivered", metadata: ["target": .string(target.redactedURL), "kind": .string(target.kind.rawValue),
                                                            "attempt": .stringConvertible(attempt)])
                return WebhookDelivery(target: target.redactedURL, kind: target.kind, attempts: attempt, delivered: true, failure: nil)
            }
            logger.warning("webhook attempt failed", metadata: ["target": .string(target.redactedURL), "kind": .string(target.kind.rawValue),
                                                                "attempt": .stringConvertible(attempt), "reason": .string(reason)])
        }
        return WebhookDelivery(target: target.redactedURL, kind: target.kind, attempts: max(1, attempts), delivered: false, failure: failure)
    }

    /// One attempt; nil when it was accepted, else why not.
    static func send(_ post: WebhookPost, kind: WebhookKind, client: any Client, timeout: TimeAmount) async -> String? {
        var headers = HTTPHeaders()
        for (name, value) in post.headers.sorted(by: { $0.key < $1.key }) { headers.add(name: name, value: value) }
        let request = ClientRequest(method: .POST, url: URI(string: post.url), headers: headers,
                                    body: ByteBuffer(data: post.body), timeout: timeout)
        do {
            let response = try await client.send(request)
            guard (200..<300).contains(response.status.code) else { return "HTTP \(response.status.code)" }
            guard kind != .generic, let body = response.body, body.readableBytes > 0 else { return nil }
            struct RobotAnswer: Decodable { var errcode: Int?; var errmsg: String? }
            if let answer = try? JSONDecoder().decode(RobotAnswer.self, from: Data(body.readableBytesView)),
               let code = answer.errcode, code != 0 {
                return "robot error \(code): \(answer.errmsg ?? "")"
            }
            return nil
        } catch {
            return String(describing: error)
        }
    }
}
