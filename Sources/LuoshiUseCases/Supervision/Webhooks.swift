// Group robots and other webhooks the daily digest goes to: their message formats and signatures,
// as pure functions of the target, the message and the time (the sending, with retries, is in
// LuoshiWeb). Presets: DingTalk's custom robot (钉钉自定义机器人, signed with 加签), WeCom's group
// robot (企业微信群机器人, its key is in the URL) and a generic JSON post signed with HMAC-SHA256.
import Crypto
import Foundation
import LuoshiDomain

public enum WebhookKind: String, CaseIterable, Codable, Sendable {
    case dingtalk, wecom, generic
}

/// One configured webhook (`[[notifications.webhooks]]`).
public struct WebhookTarget: Equatable, Sendable {
    public var url: String
    public var kind: WebhookKind
    /// DingTalk: the robot's 加签 secret (SEC…); generic: the HMAC key. WeCom robots take none.
    public var secret: String?

    public init(url: String, kind: WebhookKind, secret: String? = nil) {
        self.url = url; self.kind = kind; self.secret = secret
    }

    /// For logs and dry runs: the URL without its query, which carries robots' access keys.
    public var redactedURL: String {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme, let host = parts.host else { return "(invalid URL)" }
        return "\(scheme)://\(host)" + (parts.port.map { ":\($0)" } ?? "") + parts.path + (parts.query == nil ? "" : "?…")
    }
}

/// A message for a webhook: a title and Markdown text, with its data for the generic preset.
public struct WebhookMessage: Sendable {
    public var event: String
    public var title: String
    public var markdown: String
    public var data: DigestData?

    public init(event: String, title: String, markdown: String, data: DigestData? = nil) {
        self.event = event; self.title = title; self.markdown = markdown; self.data = data
    }

    /// The daily digest, in Chinese (the district office's group).
    public init(digest: DailyDigest, catalogue: Catalogue) {
        let (title, text) = digest.markdown(catalogue)
        self.init(event: "luoshi.daily_digest", title: title, markdown: text, data: DigestData(digest))
    }
}

/// What is sent: the URL (signed, for DingTalk), headers and the JSON body.
public struct WebhookPost: Equatable, Sendable {
    public var url: String
    public var headers: [String: String]
    public var body: Data
}

public enum Webhooks {
    /// WeCom refuses Markdown content over 4,096 bytes.
    public static let weComContentLimit = 4096

    /// The post of `message` to `target` at `now` (DingTalk's signature and the generic timestamp
    /// depend on it; build a new post for every attempt).
    public static func post(_ message: WebhookMessage, to target: WebhookTarget, at now: Date) -> WebhookPost {
        let milliseconds = Int64((now.timeIntervalSince1970 * 1000).rounded())
        var headers = ["Content-Type": "application/json; charset=utf-8"]
        switch target.kind {
        case .dingtalk:
            let body = encode(DingTalkMarkdown(msgtype: "markdown", markdown: .init(title: message.title, text: message.markdown)))
            let url = target.secret.map { dingTalkURL(target.url, timestampMilliseconds: milliseconds, secret: $0) } ?? target.url
            return WebhookPost(url: url, headers: headers, body: body)
        case .wecom:
            let content = truncated(message.markdown, toUTF8Bytes: weComContentLimit)
            return WebhookPost(url: target.url, headers: headers, body: encode(WeComMarkdown(msgtype: "markdown", markdown: .init(content: content))))
        case .generic:
            let seconds = milliseconds / 1000
            let body = encode(GenericBody(event: message.event, sentAt: seconds, title: message.title, text: message.markdown, data: message.data))
            headers["X-Luoshi-Timestamp"] = String(seconds)
            if let secret = target.secret { headers["X-Luoshi-Signature"] = genericSignature(body: body, secret: secret) }
            return WebhookPost(url: target.url, headers: headers, body: body)
        }
    }

    /// DingTalk's 加签: HMAC-SHA256 of "timestamp\nsecret" keyed with the secret, in base64.
    public static func dingTalkSignature(timestampMilliseconds: Int64, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(timestampMilliseconds)\n\(secret)".utf8),
                                                   using: SymmetricKey(data: Data(secret.utf8)))
        return Data(code).base64EncodedString()
    }

    /// The robot's URL with `timestamp` and the URL-encoded `sign` appended.
    public static func dingTalkURL(_ url: String, timestampMilliseconds: Int64, secret: String) -> String {
        let sign = dingTalkSignature(timestampMilliseconds: timestampMilliseconds, secret: secret)
        let encoded = sign.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? sign
        return url + (url.contains("?") ? "&" : "?") + "timestamp=\(timestampMilliseconds)&sign=\(encoded)"
    }

    /// The generic preset's `X-Luoshi-Signature`: "sha256=" and the hex HMAC-SHA256 of the body.
    public static func genericSignature(body: Data, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// Cuts `text` at a character boundary so that it takes at most `limit` bytes in UTF-8.
    public static func truncated(_ text: String, toUTF8Bytes limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        let ellipsis = "…"
        var result = ""
        var bytes = ellipsis.utf8.count
        for character in text {
            let size = String(character).utf8.count
            if bytes + size > limit { break }
            result.append(character); bytes += size
        }
        return result + ellipsis
    }

    private struct DingTalkMarkdown: Encodable {
        struct Content: Encodable { var title: String; var text: String }
        var msgtype: String
        var markdown: Content
    }

    private struct WeComMarkdown: Encodable {
        struct Content: Encodable { var content: String }
        var msgtype: String
        var markdown: Content
    }

    private struct GenericBody: Encodable {
        var event: String
        var sentAt: Int64
        var title: String
        var text: String
        var data: DigestData?
    }

    private static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // The bodies are plain strings and numbers: encoding cannot fail.
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }
}
