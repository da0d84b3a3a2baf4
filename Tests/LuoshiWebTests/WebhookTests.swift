// The daily digest's webhooks: DingTalk's 加签 against a vector computed outside Swift, the three
// presets' message formats, and real posts to a stub server on 127.0.0.1 that refuses each
// preset's first attempt (the retry) and checks what arrives (format, signature, timestamp).
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import NIOConcurrencyHelpers
import Testing
import Vapor
@testable import LuoshiWeb

@Suite struct WebhookTests {
    static let secret = "SECdc9f0b5bd0a3b8d8e7f3c1a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3"

    static let digest = DailyDigest(
        day: Day(year: 2026, month: 3, day: 5)!,
        counts: DigestCounts(redTasks: 12, openNotices: 4, reportsAwaitingSignOff: 6, unreadPeople: 9, unreadEntries: 23),
        lateReportTasks: 5, lateReportUnits: 3,
        topRed: [RedTaskLine(code: "2026-ZD-01", title: "老旧小区*改造", unitName: "区住建局", verdict: LightVerdict(.red, .overdue, figure: 12)),
                 RedTaskLine(code: "2026-ZD-02", title: "污水管网", unitName: "区水务局", verdict: LightVerdict(.red, .stalled, figure: 50))])

    static var message: WebhookMessage { WebhookMessage(digest: digest, catalogue: Catalogue.for(.zhHans)) }

    static func json(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    // Vectors from Python: base64(hmac.new(secret, f"{ts}\n{secret}", sha256).digest()), then
    // urllib.parse.quote(sign, safe='').
    @Test func dingTalkSignatureMatchesAVectorComputedIndependently() {
        #expect(Webhooks.dingTalkSignature(timestampMilliseconds: 1_700_000_000_000, secret: Self.secret)
            == "KwmsMsWu7BoQRtUe6Itj1ndLClxV9J9WsqwtF/ibPXI=")
        #expect(Webhooks.dingTalkSignature(timestampMilliseconds: 1_700_000_000_002, secret: Self.secret)
            == "/c+jUSX7R3kxTgGTWWeEe15ySDeW1fsZ1PCNvf29YyA=")
        // `+`, `/` and `=` are encoded, so the robot does not read `+` as a space.
        #expect(Webhooks.dingTalkURL("https://oapi.dingtalk.com/robot/send?access_token=T", timestampMilliseconds: 1_700_000_000_002,
                                     secret: Self.secret)
            == "https://oapi.dingtalk.com/robot/send?access_token=T&timestamp=1700000000002&sign=%2Fc%2BjUSX7R3kxTgGTWWeEe15ySDeW1fsZ1PCNvf29YyA%3D")
        #expect(Webhooks.dingTalkURL("https://example.org/hook", timestampMilliseconds: 1, secret: "k").contains("/hook?timestamp=1&sign="))
    }

    @Test func genericSignatureIsTheHexHMACOfTheBody() {
        // Python: hmac.new(b"s3cret", b'{"event":"luoshi.daily_digest"}', sha256).hexdigest()
        #expect(Webhooks.genericSignature(body: Data(#"{"event":"luoshi.daily_digest"}"#.utf8), secret: "s3cret")
            == "sha256=c756edea015ccf9d0d073402cf16d2e1c7c20985943ecc43b5d42fa6f064d254")
    }

    @Test func theDigestReadsAsMarkdownInChineseAndEnglish() {
        let (title, text) = Self.digest.markdown(Catalogue.for(.zhHans))
        #expect(title == "落实督查日报（2026-03-05）")
        #expect(text.hasPrefix("### 落实督查日报（2026-03-05）\n"))
        for line in ["- 红灯任务：12 项", "- 上期进展未报：3 个单位 5 项任务", "- 待答复督办：4 件", "- 待审核报告：6 份", "- 未读消息：9 人共 23 条",
                     "**红灯任务（前 2 项）**", "1. 2026-ZD-01 老旧小区 改造（区住建局）：逾期 12 天", "2. 2026-ZD-02 污水管网（区水务局）：50 天无进展"] {
            #expect(text.contains(line), "missing: \(line)")
        }
        let english = Self.digest.markdown(Catalogue.for(.en)).text
        #expect(english.contains("Red tasks: 12") && english.contains("12 days overdue"))
        var calm = Self.digest
        calm.topRed = []
        #expect(calm.markdown(Catalogue.for(.zhHans)).text.hasSuffix("今日无红灯任务。"))
    }

    @Test func eachPresetHasItsFormat() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000.002)
        let ding = Webhooks.post(Self.message, to: WebhookTarget(url: "https://oapi.dingtalk.com/robot/send?access_token=T", kind: .dingtalk,
                                                                 secret: Self.secret), at: now)
        #expect(ding.url.hasSuffix("&timestamp=1700000000002&sign=%2Fc%2BjUSX7R3kxTgGTWWeEe15ySDeW1fsZ1PCNvf29YyA%3D"))
        let dingBody = try Self.json(ding.body)
        #expect(dingBody["msgtype"] as? String == "markdown")
        let markdown = try #require(dingBody["markdown"] as? [String: Any])
        #expect(markdown["title"] as? String == "落实督查日报（2026-03-05）")
        #expect((markdown["text"] as? String)?.contains("红灯任务：12 项") == true)
        // Without a secret (a robot secured by keywords or addresses) the URL is left as it is.
        #expect(Webhooks.post(Self.message, to: WebhookTarget(url: "https://x.test/r?access_token=T", kind: .dingtalk), at: now).url
            == "https://x.test/r?access_token=T")

        let wecom = Webhooks.post(Self.message, to: WebhookTarget(url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K", kind: .wecom,
                                                                  secret: "ignored"), at: now)
        #expect(wecom.url == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K")
        let wecomBody = try Self.json(wecom.body)
        #expect(wecomBody["msgtype"] as? String == "markdown")
        #expect(((wecomBody["markdown"] as? [String: Any])?["content"] as? String)?.contains("待审核报告：6 份") == true)
        #expect(wecom.headers["X-Luoshi-Signature"] == nil)

        let generic = Webhooks.post(Self.message, to: WebhookTarget(url: "https://hooks.example.org/luoshi", kind: .generic, secret: "s3cret"), at: now)
        #expect(generic.headers["X-Luoshi-Timestamp"] == "1700000000")
        #expect(generic.headers["X-Luoshi-Signature"] == Webhooks.genericSignature(body: generic.body, secret: "s3cret"))
        let genericBody = try Self.json(generic.body)
        #expect(genericBody["event"] as? String == "luoshi.daily_digest" && genericBody["sentAt"] as? Int == 1_700_000_000)
        let data = try #require(genericBody["data"] as? [String: Any])
        #expect(data["redTasks"] as? Int == 12 && data["lateReportUnits"] as? Int == 3 && data["day"] as? String == "2026-03-05")
        #expect((data["topRed"] as? [[String: Any]])?.first?["reason"] as? String == "overdue")
        #expect(Webhooks.post(Self.message, to: WebhookTarget(url: "https://h.test/", kind: .generic), at: now).headers["X-Luoshi-Signature"] == nil)
    }

    @Test func aLongWeComMessageIsCutToItsLimit() throws {
        var long = Self.message
        long.markdown = String(repeating: "红灯任务", count: 2000)
        let post = Webhooks.post(long, to: WebhookTarget(url: "https://q.test/send?key=K", kind: .wecom), at: Date())
        let content = try #require((try Self.json(post.body)["markdown"] as? [String: Any])?["content"] as? String)
        #expect(content.utf8.count <= Webhooks.weComContentLimit && content.hasSuffix("…") && content.hasPrefix("红灯任务红灯任务"))
    }

    @Test func logsAndDryRunsHideTheRobotsKeys() {
        #expect(WebhookTarget(url: "https://oapi.dingtalk.com/robot/send?access_token=SECRET", kind: .dingtalk).redactedURL
            == "https://oapi.dingtalk.com/robot/send?…")
        #expect(WebhookTarget(url: "http://127.0.0.1:9000/hook", kind: .generic).redactedURL == "http://127.0.0.1:9000/hook")
    }

    @Test func postsReachAStubServerSignedAndAreRetriedAfterAFailure() async throws {
        try await withStubServer { stub, base in
            let client = stub.app.client
            let targets = [
                WebhookTarget(url: base + "/dingtalk?access_token=T", kind: .dingtalk, secret: Self.secret),
                WebhookTarget(url: base + "/wecom?key=K", kind: .wecom),
                WebhookTarget(url: base + "/generic", kind: .generic, secret: "s3cret"),
            ]
            for target in targets {
                let delivery = await WebhookSender.deliver(Self.message, to: target, client: client, logger: stub.app.logger,
                                                           backoff: .milliseconds(20))
                #expect(delivery.delivered, "\(target.kind): \(delivery.failure ?? "")")
                #expect(delivery.attempts == 2, "the first attempt is refused by the stub, the second goes through")
            }
            let received = stub.received.withLockedValue { $0 }
            #expect(received.map(\.path) == ["/dingtalk", "/dingtalk", "/wecom", "/wecom", "/generic", "/generic"])
            #expect(received.allSatisfy { $0.problem == nil }, "\(received.compactMap(\.problem))")
            #expect(received.allSatisfy { $0.text.contains("红灯任务：12 项") })
        }
    }

    @Test func aRobotsRefusalIsAFailureAndRetriesStopAfterThree() async throws {
        try await withStubServer { stub, base in
            // The robot answers 200 with errcode 310000 (bad signature) every time.
            let delivery = await WebhookSender.deliver(Self.message, to: WebhookTarget(url: base + "/refuse?access_token=T", kind: .dingtalk,
                                                                                     secret: "wrong"),
                                                       client: stub.app.client, logger: stub.app.logger, backoff: .milliseconds(10))
            #expect(!delivery.delivered && delivery.attempts == 3)
            #expect(delivery.failure?.contains("310000") == true)
            #expect(stub.received.withLockedValue { $0.count } == 3)
            // Nobody listening: a transport error, also tried three times, each bounded.
            let unreachable = await WebhookSender.deliver(Self.message, to: WebhookTarget(url: "http://127.0.0.1:1/none", kind: .generic),
                                                          client: stub.app.client, logger: stub.app.logger, backoff: .milliseconds(10),
                                                          timeout: .milliseconds(300))
            #expect(!unreachable.delivered && unreachable.attempts == 3 && unreachable.failure != nil)
        }
    }
}

/// A webhook receiver on 127.0.0.1 (a free port): it refuses the first post to each path with
/// 500, and records what every post carried and what was wrong with it.
final class StubReceiver: Sendable {
    struct Received: Sendable { var path: String; var text: String; var problem: String? }
    let app: Application
    let received = NIOLockedValueBox<[Received]>([])
    let seen = NIOLockedValueBox<Set<String>>([])

    init(app: Application) { self.app = app }

    func routes() {
        for path in ["dingtalk", "wecom", "generic", "refuse"] {
            app.post(PathComponent(stringLiteral: path)) { request async -> Response in self.receive(request, path: path) }
        }
    }

    private func receive(_ request: Request, path: String) -> Response {
        let body = request.body.data.map { Data($0.readableBytesView) } ?? Data()
        let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        var problem: String?
        var text = ""
        switch path {
        case "dingtalk", "refuse":
            let markdown = json["markdown"] as? [String: Any]
            text = markdown?["text"] as? String ?? ""
            if json["msgtype"] as? String != "markdown" || markdown?["title"] == nil { problem = "dingtalk format" }
            if request.query[String.self, at: "access_token"] != "T" { problem = "access_token lost" }
            let timestamp = request.query[String.self, at: "timestamp"].flatMap { Int64($0) } ?? 0
            if abs(Double(timestamp) / 1000 - Date().timeIntervalSince1970) > 3600 { problem = "timestamp not within the hour" }
            if path == "dingtalk", request.query[String.self, at: "sign"]
                != Webhooks.dingTalkSignature(timestampMilliseconds: timestamp, secret: WebhookTests.secret) { problem = "bad sign" }
        case "wecom":
            text = (json["markdown"] as? [String: Any])?["content"] as? String ?? ""
            if json["msgtype"] as? String != "markdown" || request.query[String.self, at: "key"] != "K" { problem = "wecom format" }
        default:
            text = json["text"] as? String ?? ""
            let signature = request.headers.first(name: "X-Luoshi-Signature")
            if signature != Webhooks.genericSignature(body: body, secret: "s3cret") { problem = "bad signature" }
            if request.headers.first(name: "X-Luoshi-Timestamp") != (json["sentAt"] as? Int).map(String.init) { problem = "timestamp" }
            if request.headers.contentType?.subType != "json" { problem = "content type" }
        }
        received.withLockedValue { $0.append(Received(path: "/" + path, text: text, problem: problem)) }
        if path == "refuse" { return Response(status: .ok, body: .init(string: #"{"errcode":310000,"errmsg":"sign not match"}"#)) }
        let first = seen.withLockedValue { $0.insert(path).inserted }
        if first { return Response(status: .internalServerError) }
        return Response(status: .ok, body: .init(string: #"{"errcode":0,"errmsg":"ok"}"#))
    }
}

/// Runs `body` with a stub receiver listening on 127.0.0.1 and its base URL.
func withStubServer(_ body: (StubReceiver, String) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    app.logger.logLevel = .error
    let stub = StubReceiver(app: app)
    stub.routes()
    do {
        try await app.http.server.shared.start(address: .hostname("127.0.0.1", port: 0))
        let port = try #require(app.http.server.shared.localAddress?.port)
        try await body(stub, "http://127.0.0.1:\(port)")
    } catch {
        await app.http.server.shared.shutdown()
        try? await app.asyncShutdown()
        throw error
    }
    await app.http.server.shared.shutdown()
    try await app.asyncShutdown()
}
