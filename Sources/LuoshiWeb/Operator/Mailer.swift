// Sending a plain-text message through the configured SMTP server (RFC 5321) over one NIO
// connection: EHLO, AUTH PLAIN or LOGIN when a user name is set, MAIL FROM, RCPT TO, DATA, QUIT.
// The message is RFC 5322 in UTF-8 (subject as RFC 2047 encoded words, body in base64, so no line
// can start with a dot). The whole conversation is bounded by one timeout. No STARTTLS: the
// password, if any, crosses in clear, so use a relay on this host or a trusted network.
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Where mail goes and as whom (`[notifications] smtp_*`).
public struct SMTPServer: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var from: String
    public var username: String?
    public var password: String?

    public init(host: String, port: Int = 25, from: String, username: String? = nil, password: String? = nil) {
        self.host = host; self.port = port; self.from = from; self.username = username; self.password = password
    }
}

public struct MailMessage: Sendable, Equatable {
    public var subject: String
    public var text: String
    public init(subject: String, text: String) { self.subject = subject; self.text = text }
}

/// What became of one message.
public struct MailDelivery: Sendable, Equatable {
    public var server: String
    /// Recipients the server took, and those it refused (with its answer).
    public var accepted: [String] = []
    public var refused: [String] = []
    /// The server took the message for at least one recipient.
    public var delivered = false
    /// Why the message was not sent (connection, timeout, the server's answer).
    public var failure: String?

    /// Delivered to every recipient.
    public var complete: Bool { delivered && refused.isEmpty }
}

public enum Mailer {
    public static let timeout = TimeAmount.seconds(30)

    /// Sends `message` to `recipients`; never throws: what went wrong is logged and in the result.
    public static func send(_ message: MailMessage, to recipients: [String], via server: SMTPServer, group: any EventLoopGroup,
                            logger: Logger, timeout: TimeAmount = timeout, now: Date = Date(),
                            zone: TimeZone = TimeZone(identifier: "Asia/Shanghai")!) async -> MailDelivery {
        var delivery = MailDelivery(server: "\(server.host):\(server.port)")
        let timedOut = NIOLockedValueBox(false)
        do {
            let channel = try await ClientBootstrap(group: group).connectTimeout(timeout)
                .connect(host: server.host, port: server.port) { channel in
                    channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
                }
            // One deadline for the whole conversation: closing the channel ends any read or write.
            let deadline = channel.channel.eventLoop.scheduleTask(in: timeout) {
                timedOut.withLockedValue { $0 = true }
                channel.channel.close(promise: nil)
            }
            defer { deadline.cancel() }
            let body = MailFormat.message(message, from: server.from, to: recipients, date: now, zone: zone)
            try await channel.executeThenClose { inbound, outbound in
                var session = SMTPSession(reader: SMTPLineReader(inbound.makeAsyncIterator()), outbound: outbound)
                try await session.converse(server: server, recipients: recipients, message: body, delivery: &delivery, logger: logger)
            }
        } catch {
            let reason = timedOut.withLockedValue { $0 } ? "timed out after \(timeout.nanoseconds / 1_000_000) ms" : String(describing: error)
            delivery.failure = delivery.failure ?? reason
        }
        var metadata: Logger.Metadata = ["server": .string(delivery.server), "accepted": .stringConvertible(delivery.accepted.count)]
        if !delivery.refused.isEmpty { metadata["refused"] = .string(delivery.refused.joined(separator: "; ")) }
        if let failure = delivery.failure {
            metadata["reason"] = .string(failure)
            logger.error("mail not sent", metadata: metadata)
        } else if !delivery.refused.isEmpty {
            logger.error("mail refused for some recipients", metadata: metadata)
        } else {
            logger.info("mail sent", metadata: metadata)
        }
        return delivery
    }
}

/// A server's answer: its code and the text of each line.
struct SMTPReply: Sendable, CustomStringConvertible {
    var code: Int
    var lines: [String]
    var description: String { "\(code) " + lines.joined(separator: " / ") }
}

struct SMTPError: Error, CustomStringConvertible {
    var description: String
}

/// Lines (CRLF or LF) from a stream of buffers; a line longer than 64 KiB is an error.
struct SMTPLineReader<Iterator: AsyncIteratorProtocol> where Iterator.Element == ByteBuffer {
    var iterator: Iterator
    var pending: [UInt8] = []

    init(_ iterator: Iterator) { self.iterator = iterator }

    /// The next line without its end; nil when the connection ended.
    mutating func line() async throws -> String? {
        while true {
            if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                var bytes = pending[..<end]
                if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
                let line = String(decoding: bytes, as: UTF8.self)
                pending.removeSubrange(...end)
                return line
            }
            guard pending.count < 65_536 else { throw SMTPError(description: "a line longer than 64 KiB") }
            guard let buffer = try await iterator.next() else { return nil }
            pending.append(contentsOf: buffer.readableBytesView)
        }
    }

    /// One reply, however many lines ("250-…" continues, "250 …" ends it).
    mutating func reply() async throws -> SMTPReply {
        var lines: [String] = []
        while let line = try await line() {
            guard line.count >= 3, let code = Int(line.prefix(3)) else { throw SMTPError(description: "not an SMTP reply: \(line.prefix(80))") }
            let rest = line.dropFirst(3)
            lines.append(String(rest.dropFirst()))
            if rest.first != "-" { return SMTPReply(code: code, lines: lines) }
        }
        throw SMTPError(description: "the server closed the connection")
    }
}

struct SMTPSession<Iterator: AsyncIteratorProtocol> where Iterator.Element == ByteBuffer {
    var reader: SMTPLineReader<Iterator>
    var outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    /// Sends one command (nil: only read) and reads the reply; a code outside `expected` is an error.
    mutating func command(_ text: String?, expect expected: Set<Int>) async throws -> SMTPReply {
        if let text { try await outbound.write(ByteBuffer(string: text + "\r\n")) }
        let reply = try await reader.reply()
        guard expected.contains(reply.code) else {
            let shown = text.map { $0.hasPrefix("AUTH") ? "AUTH" : $0 } ?? "greeting"
            throw SMTPError(description: "\(shown): \(reply)")
        }
        return reply
    }

    mutating func converse(server: SMTPServer, recipients: [String], message: String, delivery: inout MailDelivery, logger: Logger) async throws {
        _ = try await command(nil, expect: [220])
        let hello = try await command("EHLO \(MailFormat.helloName())", expect: [250])
        if let username = server.username {
            try await authenticate(username: username, password: server.password ?? "", extensions: hello.lines.dropFirst())
        }
        _ = try await command("MAIL FROM:<\(server.from)>", expect: [250])
        for recipient in recipients {
            do {
                _ = try await command("RCPT TO:<\(recipient)>", expect: [250, 251])
                delivery.accepted.append(recipient)
            } catch let error as SMTPError {
                logger.warning("mail recipient refused", metadata: ["recipient": .string(recipient), "reason": .string(error.description)])
                delivery.refused.append("\(recipient): \(error.description)")
            }
        }
        guard !delivery.accepted.isEmpty else {
            _ = try? await command("QUIT", expect: [221])
            delivery.failure = "every recipient was refused"
            return
        }
        _ = try await command("DATA", expect: [354])
        _ = try await command(message + "\r\n.", expect: [250])
        delivery.delivered = true
        _ = try? await command("QUIT", expect: [221])
    }

    /// AUTH PLAIN if the server offers it, else AUTH LOGIN.
    mutating func authenticate(username: String, password: String, extensions: ArraySlice<String>) async throws {
        let mechanisms = Set(extensions.filter { $0.uppercased().hasPrefix("AUTH") }.flatMap { $0.uppercased().split(whereSeparator: { $0 == " " || $0 == "=" }).dropFirst().map(String.init) })
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        if mechanisms.contains("PLAIN") {
            _ = try await command("AUTH PLAIN " + base64("\0\(username)\0\(password)"), expect: [235])
        } else if mechanisms.contains("LOGIN") {
            _ = try await command("AUTH LOGIN", expect: [334])
            _ = try await command(base64(username), expect: [334])
            _ = try await command(base64(password), expect: [235])
        } else {
            throw SMTPError(description: "the server offers neither AUTH PLAIN nor AUTH LOGIN (smtp_username is set)")
        }
    }
}

/// The RFC 5322 message.
enum MailFormat {
    /// Header fields, a blank line and the base64 body, lines ending CRLF (without the final one).
    static func message(_ message: MailMessage, from: String, to recipients: [String], date: Date, zone: TimeZone) -> String {
        let domain = from.split(separator: "@").last.map(String.init) ?? "localhost"
        let header = [
            "Date: " + rfc5322Date(date, zone: zone),
            "From: " + from,
            "To: " + recipients.joined(separator: ",\r\n "),
            "Subject: " + encodedWords(message.subject),
            "Message-ID: <\(UUID().uuidString.lowercased())@\(domain)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
        ]
        // Lines of 76 characters (RFC 2045); base64 has no dot, so no line needs dot-stuffing.
        let encoded = Array(Data(message.text.utf8).base64EncodedString())
        let body = stride(from: 0, to: max(encoded.count, 1), by: 76).map { String(encoded[$0..<min($0 + 76, encoded.count)]) }
        return (header + [""] + body).joined(separator: "\r\n")
    }

    /// "Thu, 05 Mar 2026 06:00:00 +0800".
    static func rfc5322Date(_ date: Date, zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// The text as RFC 2047 `=?UTF-8?B?…?=` words of at most 64 characters (never splitting a
    /// character), folded onto continuation lines, so that "Subject: " and the first stays under 76.
    static func encodedWords(_ text: String) -> String {
        var words: [String] = []
        var chunk = ""
        for character in text {
            if chunk.utf8.count + String(character).utf8.count > 39 {
                words.append(chunk); chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty || words.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
    }

    /// This host's name for EHLO, if it is a plain domain name; else "localhost".
    static func helloName() -> String {
        let name = ProcessInfo.processInfo.hostName
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
        return !name.isEmpty && allowed ? name : "localhost"
    }
}
