// E-mail of the daily digest through a stub SMTP server on 127.0.0.1 (which records the
// conversation and the message), a refused recipient and a silent server; each person's daily
// digest in the inbox (once a day); and the `smtp_*` / `digest_to` settings.
import Foundation
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SQLKit
import Testing
import Vapor
@testable import LuoshiWeb

/// A stub SMTP server: answers as a real one would, refusing the given recipients (550), or says
/// nothing at all (`silent`). Records each command line and each message.
final class SMTPStub: Sendable {
    let refusing: Set<String>
    let silent: Bool
    let commands = NIOLockedValueBox<[String]>([])
    let messages = NIOLockedValueBox<[String]>([])

    init(refusing: Set<String>, silent: Bool) { self.refusing = refusing; self.silent = silent }

    func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var reader = SMTPLineReader(inbound.makeAsyncIterator())
            func say(_ lines: String...) async throws { for line in lines { try await outbound.write(ByteBuffer(string: line + "\r\n")) } }
            if silent {
                while try await reader.line() != nil {}
                return
            }
            try await say("220 stub.example ESMTP")
            var data: [String]?
            while let line = try await reader.line() {
                if var lines = data {
                    if line == "." {
                        messages.withLockedValue { $0.append(lines.joined(separator: "\r\n")) }
                        data = nil
                        try await say("250 2.0.0 queued")
                    } else {
                        lines.append(line); data = lines
                    }
                    continue
                }
                commands.withLockedValue { $0.append(line) }
                let upper = line.uppercased()
                if upper.hasPrefix("EHLO ") {
                    try await say("250-stub.example", "250-AUTH PLAIN LOGIN", "250 8BITMIME")
                } else if upper.hasPrefix("AUTH PLAIN ") || upper.hasPrefix("MAIL FROM:<") {
                    try await say(upper.hasPrefix("AUTH") ? "235 2.7.0 accepted" : "250 2.1.0 ok")
                } else if upper.hasPrefix("RCPT TO:<") {
                    let address = String(line.dropFirst(9).dropLast())
                    try await say(refusing.contains(address) ? "550 5.1.1 no such user" : "250 2.1.5 ok")
                } else if upper == "DATA" {
                    data = []
                    try await say("354 end with .")
                } else if upper == "QUIT" {
                    try await say("221 2.0.0 bye")
                    return
                } else {
                    try await say("500 5.5.2 unknown command")
                }
            }
        }
    }
}

/// Runs `body` with a stub SMTP server listening on 127.0.0.1 (its port given), closed after.
func withSMTPStub(refusing: Set<String> = [], silent: Bool = false, _ body: (SMTPStub, Int) async throws -> Void) async throws {
    let stub = SMTPStub(refusing: refusing, silent: silent)
    let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
        .bind(host: "127.0.0.1", port: 0) { channel in
            channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
        }
    let port = try #require(server.channel.localAddress?.port)
    let serving = Task {
        try await server.executeThenClose { inbound in
            try await withThrowingDiscardingTaskGroup { group in
                for try await connection in inbound { group.addTask { try? await stub.serve(connection) } }
            }
        }
    }
    do { try await body(stub, port) } catch {
        try? await server.channel.close()
        _ = await serving.result
        throw error
    }
    try? await server.channel.close()
    _ = await serving.result
}

/// A received message: its header fields (unfolded) and its decoded body.
struct ReceivedMail {
    var fields: [String: String] = [:]
    var body = ""

    init(_ text: String) {
        let parts = text.components(separatedBy: "\r\n\r\n")
        var unfolded: [String] = []
        for line in parts[0].components(separatedBy: "\r\n") {
            if line.hasPrefix(" "), !unfolded.isEmpty { unfolded[unfolded.count - 1] += line } else { unfolded.append(line) }
        }
        for line in unfolded {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let encoded = parts.dropFirst().joined().replacingOccurrences(of: "\r\n", with: "")
        body = String(decoding: Data(base64Encoded: encoded) ?? Data(), as: UTF8.self)
    }

    /// The Subject's RFC 2047 words, decoded and joined.
    var subject: String {
        let words = (fields["Subject"] ?? "").split(separator: " ")
        return words.map { word -> String in
            guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?=") else { return String(word) }
            let encoded = word.dropFirst(10).dropLast(2)
            return String(decoding: Data(base64Encoded: String(encoded)) ?? Data(), as: UTF8.self)
        }.joined()
    }
}

@Suite struct MailTests {
    @Test func aMessageGoesThroughTheConversationWithItsChineseSubjectAndBodyEncoded() async throws {
        try await withSMTPStub { stub, port in
            // setup: a subject longer than one encoded word, a body with a line that starts with a dot.
            let server = SMTPServer(host: "127.0.0.1", port: port, from: "luoshi@example.gov.cn", username: "luoshi", password: "pa55")
            let subject = "落实督查日报（2026-03-05）：红灯任务五项，请各单位抓紧落实并按期报送进展"
            // MUT
            let delivery = await Mailer.send(MailMessage(subject: subject, text: "红灯任务：1 项\n.\n末行"),
                                             to: ["a@example.gov.cn", "b@example.gov.cn"], via: server,
                                             group: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "test"),
                                             timeout: .seconds(5), now: Date(timeIntervalSince1970: 1_772_661_600))
            // validate: the commands in order, the credentials as AUTH PLAIN has them.
            #expect(delivery.complete && delivery.accepted == ["a@example.gov.cn", "b@example.gov.cn"] && delivery.failure == nil)
            let commands = stub.commands.withLockedValue { $0 }
            #expect(commands.first?.hasPrefix("EHLO ") == true)
            #expect(Array(commands.dropFirst()) == ["AUTH PLAIN " + Data("\0luoshi\0pa55".utf8).base64EncodedString(),
                                                     "MAIL FROM:<luoshi@example.gov.cn>", "RCPT TO:<a@example.gov.cn>",
                                                     "RCPT TO:<b@example.gov.cn>", "DATA", "QUIT"])
            let messages = stub.messages.withLockedValue { $0 }
            #expect(messages.count == 1)
            let mail = ReceivedMail(try #require(messages.first))
            #expect(mail.subject == subject)
            #expect(mail.fields["Subject"]?.contains("落实") == false, "the subject is encoded, not raw UTF-8")
            #expect(mail.body == "红灯任务：1 项\n.\n末行")
            #expect(mail.fields["Content-Type"] == "text/plain; charset=utf-8" && mail.fields["Content-Transfer-Encoding"] == "base64")
            #expect(mail.fields["Date"] == "Thu, 05 Mar 2026 06:00:00 +0800")
            #expect(mail.fields["From"] == "luoshi@example.gov.cn" && mail.fields["To"] == "a@example.gov.cn, b@example.gov.cn")
            #expect(mail.fields["Message-ID"]?.hasSuffix("@example.gov.cn>") == true && mail.fields["MIME-Version"] == "1.0")
            #expect(messages[0].components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        }
    }

    @Test func aSilentServerIsGivenUpOnAfterTheTimeout() async throws {
        try await withSMTPStub(silent: true) { stub, port in
            let started = ContinuousClock.now
            let delivery = await Mailer.send(MailMessage(subject: "s", text: "t"), to: ["a@example.gov.cn"],
                                             via: SMTPServer(host: "127.0.0.1", port: port, from: "luoshi@example.gov.cn"),
                                             group: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "test"), timeout: .milliseconds(300))
            #expect(!delivery.delivered && delivery.failure?.contains("timed out") == true)
            #expect(ContinuousClock.now - started < .seconds(5))
        }
        // Nobody listening: refused at once.
        let nobody = await Mailer.send(MailMessage(subject: "s", text: "t"), to: ["a@example.gov.cn"],
                                       via: SMTPServer(host: "127.0.0.1", port: 1, from: "luoshi@example.gov.cn"),
                                       group: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "test"), timeout: .seconds(2))
        #expect(!nobody.delivered && nobody.failure != nil)
    }

    @Test func theMailSettingsAreReadFromTheFileAndTheEnvironment() throws {
        let path = try SupervisionSettingsTests.file("""
            [notifications]
            smtp_host = "smtp.example.gov.cn"
            smtp_from = "luoshi@example.gov.cn"
            digest_to = ["duchashi@example.gov.cn", "zhuren@example.gov.cn"]
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fromFile = try LuoshiConfiguration.load(configFile: path, environment: [:], flags: ConfigurationLayer())
        #expect(fromFile.notifications.mail.server == SMTPServer(host: "smtp.example.gov.cn", port: 25, from: "luoshi@example.gov.cn"))
        #expect(fromFile.notifications.mail.digestTo == ["duchashi@example.gov.cn", "zhuren@example.gov.cn"])
        let layered = try LuoshiConfiguration.load(configFile: path, environment: [
            "LUOSHI_NOTIFICATIONS_SMTP_PORT": "587", "LUOSHI_NOTIFICATIONS_SMTP_USERNAME": "luoshi",
            "LUOSHI_NOTIFICATIONS_SMTP_PASSWORD": "s3cret", "LUOSHI_NOTIFICATIONS_DIGEST_TO": "a@example.gov.cn, b@example.gov.cn",
        ], flags: ConfigurationLayer())
        #expect(layered.notifications.mail.server == SMTPServer(host: "smtp.example.gov.cn", port: 587, from: "luoshi@example.gov.cn",
                                                                username: "luoshi", password: "s3cret"))
        #expect(layered.notifications.mail.digestTo == ["a@example.gov.cn", "b@example.gov.cn"])
        #expect(try LuoshiConfiguration.load(configFile: nil, environment: [:], flags: ConfigurationLayer()).notifications.mail.server == nil)
    }

    @Test(arguments: [
        (["LUOSHI_NOTIFICATIONS_SMTP_PORT": "twenty-five"], "LUOSHI_NOTIFICATIONS_SMTP_PORT"),
        (["LUOSHI_NOTIFICATIONS_SMTP_HOST": "smtp.example.gov.cn", "LUOSHI_NOTIFICATIONS_SMTP_FROM": "l@example.gov.cn",
          "LUOSHI_NOTIFICATIONS_SMTP_PORT": "70000"], "notifications.smtp_port"),
        (["LUOSHI_NOTIFICATIONS_SMTP_HOST": "smtp example"], "notifications.smtp_host"),
        (["LUOSHI_NOTIFICATIONS_SMTP_HOST": "smtp.example.gov.cn", "LUOSHI_NOTIFICATIONS_SMTP_FROM": "luoshi"], "notifications.smtp_from"),
        (["LUOSHI_NOTIFICATIONS_SMTP_HOST": "smtp.example.gov.cn", "LUOSHI_NOTIFICATIONS_SMTP_FROM": "l@example.gov.cn",
          "LUOSHI_NOTIFICATIONS_DIGEST_TO": "a@example.gov.cn, b@@example"], "notifications.digest_to[2]"),
        (["LUOSHI_NOTIFICATIONS_SMTP_HOST": "smtp.example.gov.cn", "LUOSHI_NOTIFICATIONS_SMTP_FROM": "l@example.gov.cn",
          "LUOSHI_NOTIFICATIONS_DIGEST_TO": "x@example.gov.cn>\r\nRCPT TO:<y@z.cn"], "notifications.digest_to[1]"),
        (["LUOSHI_NOTIFICATIONS_DIGEST_TO": "a@example.gov.cn"], "notifications.smtp_host"),
        (["LUOSHI_NOTIFICATIONS_SMTP_HOST": "smtp.example.gov.cn"], "notifications.smtp_from"),
        (["LUOSHI_NOTIFICATIONS_SMTP_HOST": "smtp.example.gov.cn", "LUOSHI_NOTIFICATIONS_SMTP_FROM": "l@example.gov.cn",
          "LUOSHI_NOTIFICATIONS_SMTP_USERNAME": "luoshi"], "notifications.smtp_password"),
    ])
    func aBadMailSettingStopsStartUpNamingIt(environment: [String: String], key: String) {
        #expect {
            _ = try LuoshiConfiguration.load(configFile: nil, environment: environment, flags: ConfigurationLayer())
        } throws: { error in
            (error as? ConfigurationError)?.key == key
        }
    }

    @Test func anUnknownMailKeyIsRefused() throws {
        let path = try SupervisionSettingsTests.file("[notifications]\nsmtp_hots = \"x\"\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try LuoshiConfiguration.load(configFile: path, environment: [:], flags: ConfigurationLayer())
        } throws: { error in
            (error as? ConfigurationError)?.key == "notifications.smtp_hots"
        }
    }
}

extension DatabaseTests {
    @Suite struct DigestMailTests {
        /// Every inbox entry read, then the given unread ones added.
        static func inbox(_ app: Application, _ entries: [InboxEntry]) async throws {
            try await app.store.write { tx in
                try await tx.sql.update("notifications").set("read", to: SQLBind(true)).run()
                for entry in entries { try await tx.insert(entry) }
            }
        }

        @Test func eachPersonWithUnreadEntriesGetsOneDigestADay() async throws {
            try await withLuoshi { app in
                // setup: the staff member has two reports to sign off and a notice; the unit head nothing unread.
                let fixture = try await Fixture.make(app)
                let context = OperatorTasks.operatorContext(app)
                let today = context.today
                let staff = fixture.fgjStaff.id
                try await Self.inbox(app, [
                    InboxEntry(personID: staff, kind: .reportToSignOff, text: "甲报送了“园区道路”的进展报告，待您审核。", link: "/a", createdOn: today),
                    InboxEntry(personID: staff, kind: .reportToSignOff, text: "乙报送了“老旧小区”的进展报告，待您审核。", link: "/b", createdOn: today),
                    InboxEntry(personID: staff, kind: .notice, text: "督办单 D-1：“园区道路”，请于 3 日内答复。", link: "/c",
                               createdOn: today.adding(days: -1)),
                    InboxEntry(personID: staff, kind: .notice, text: "很久以前的督办", link: "/d",
                               createdOn: today.adding(days: -PersonalDigest.lookbackDays - 1)),
                ])
                // MUT: twice the same day, by the use case and by the digest command.
                let first = try await sendPersonalDigests(context: context)
                _ = try await sendPersonalDigests(context: context)
                _ = try await OperatorTasks.digest(app, dryRun: false, backoff: .milliseconds(10))
                // validate: one digest for the staff member, none for the unit head; most urgent first.
                #expect(first.map(\.personID) == [staff])
                let digests = try await app.store.notifications(personID: staff).filter { $0.kind == .digest }
                #expect(digests.count == 1)
                let text = try #require(digests.first?.text)
                #expect(text.hasPrefix("您有 1 条督办、2 条待审核报告未处理。最紧要的：督办单 D-1"), "\(text)")
                #expect(!text.contains("很久以前"), "entries older than the look-back are not counted")
                #expect(digests.first?.link == "/inbox" && digests.first?.read == false)
                #expect(try await app.store.notifications(personID: fixture.fgjPerson.id).allSatisfy { $0.kind != .digest })
                // The digest is not itself summarised, nor counted as unread by the district digest.
                let counts = try await app.store.digestCounts()
                #expect(counts.unreadEntries == 4 && counts.unreadPeople == 1)
                // The next day is a new digest.
                var tomorrow = context
                tomorrow.now = context.now.addingTimeInterval(86_400)
                _ = try await sendPersonalDigests(context: tomorrow)
                #expect(try await app.store.notifications(personID: staff).filter { $0.kind == .digest }.count == 2)
            }
        }

        @Test func theDigestJobMailsTheDigestAndARefusedRecipientDoesNotStopIt() async throws {
            try await withSMTPStub(refusing: ["nobody@example.gov.cn"]) { stub, port in
                try await withLuoshi({
                    $0.notifications.mail.host = "127.0.0.1"
                    $0.notifications.mail.port = port
                    $0.notifications.mail.from = "luoshi@example.gov.cn"
                    $0.notifications.mail.digestTo = ["duchashi@example.gov.cn", "nobody@example.gov.cn"]
                }) { app in
                    defer { SchedulerTests.removeLockFile(app) }
                    let fixture = try await Fixture.make(app)
                    let today = OperatorTasks.operatorContext(app).today
                    try await Self.inbox(app, [InboxEntry(personID: fixture.fgjPerson.id, kind: .verification, text: "待核验", link: "/v", createdOn: today)])
                    // MUT: the day's jobs.
                    let run = try await DailyJobs.runDue(app, runner: "mail-test", webhookBackoff: .milliseconds(10))
                    // validate: the digest job ran to its end (the person's digest is written), counted
                    // failed because one recipient was refused; the other received the digest.
                    #expect(run.ran == DailyJob.allCases && run.failed == [.digest])
                    #expect(try await app.store.notifications(personID: fixture.fgjPerson.id).filter { $0.kind == .digest }.count == 1)
                    let commands = stub.commands.withLockedValue { $0 }
                    #expect(commands.contains("RCPT TO:<nobody@example.gov.cn>") && commands.contains("DATA") && commands.last == "QUIT")
                    let mail = ReceivedMail(try #require(stub.messages.withLockedValue { $0 }.first))
                    #expect(mail.subject == "落实督查日报（\(today)）")
                    #expect(mail.body.hasPrefix("落实督查日报（\(today)）\n\n- 红灯任务：0 项") && !mail.body.contains("###"))
                    var client = Client(app)
                    let metrics = try await client.get("/metrics").text
                    #expect(metrics.contains(#"luoshi_mail_messages_total{outcome="partly"} 1"#))
                    #expect(metrics.contains(#"luoshi_daily_job_runs_total{job="digest",outcome="failed"} 1"#))
                }
            }
        }
    }
}
