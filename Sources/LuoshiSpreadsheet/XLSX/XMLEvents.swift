// XMLEvents: streams an xlsx part through Foundation's XMLParser (libxml2 on Linux) as simple
// start/end/text events with namespace prefixes removed, and turns every failure into a
// SpreadsheetError. All part parsers (workbook, rels, styles, strings, worksheets) build on it.

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Receives the events of one part. Throwing stops the parse and becomes the parse's error.
protocol XMLEventHandler: AnyObject {
    /// `name` and the attribute keys are local names: "x:c" → "c", "r:id" → "id". Producers pick
    /// namespace prefixes freely, and no two attributes we read differ only by prefix.
    func start(_ name: String, _ attributes: [String: String]) throws(SpreadsheetError)
    func end(_ name: String) throws(SpreadsheetError)
    /// Character data; may arrive in several pieces for one text node.
    func text(_ text: String) throws(SpreadsheetError)
}

enum XMLEvents {
    static func parse(_ data: Data, part: String, into handler: some XMLEventHandler) throws(SpreadsheetError) {
        // OOXML parts never carry a DTD. Refusing any DOCTYPE rules out entity-expansion ("billion
        // laughs") and external-entity attacks regardless of what the XML library would do.
        if data.range(of: Data("<!DOCTYPE".utf8)) != nil {
            throw SpreadsheetError(.malformedXML, "\(part) contains a DOCTYPE, which xlsx parts never have")
        }
        // Stream, not XMLParser(data:): on Linux the latter hands libxml2 the whole part as one
        // chunk, and libxml2 fails any chunk over 10 MB ("huge input lookup") without XML_PARSE_HUGE.
        // The stream is fed in small chunks, so worksheets of any size within our limits parse.
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let delegate = Delegate(handler: handler)
        parser.delegate = delegate
        let ok = parser.parse()
        if let failure = delegate.failure { throw failure }
        // On Linux, parse() can return true after libxml2 reported an error (mismatched tags), and
        // reports nothing at all for a document cut off mid-way; so check the error and the nesting too.
        let xmlError = delegate.xmlError ?? parser.parserError
        if !ok || xmlError != nil {
            let code = (xmlError as NSError?).map { "XML error \($0.code)" } ?? "XML error"
            throw SpreadsheetError(.malformedXML, "\(part) is not well-formed XML (\(code) near line \(parser.lineNumber))")
        }
        guard delegate.sawRoot, delegate.depth == 0 else {
            throw SpreadsheetError(.malformedXML, "\(part) ends before its XML is complete (truncated?)")
        }
    }

    static func localName(_ qualified: String) -> String {
        guard let colon = qualified.lastIndex(of: ":") else { return qualified }
        return String(qualified[qualified.index(after: colon)...])
    }

    private final class Delegate<Handler: XMLEventHandler>: NSObject, XMLParserDelegate {
        let handler: Handler
        var failure: SpreadsheetError?
        var xmlError: Error?
        var depth = 0
        var sawRoot = false

        init(handler: Handler) { self.handler = handler }

        private func run(_ parser: XMLParser, _ body: () throws(SpreadsheetError) -> Void) {
            guard failure == nil else { return }
            do { try body() } catch {
                failure = error
                parser.abortParsing()
            }
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            depth += 1
            sawRoot = true
            run(parser) { () throws(SpreadsheetError) in
                // Most elements have no prefixed attribute; skip rebuilding the dictionary for them.
                var attributes = attributeDict
                if attributeDict.keys.contains(where: { $0.contains(":") }) {
                    attributes = [:]
                    for (key, value) in attributeDict { attributes[XMLEvents.localName(key)] = value }
                }
                try handler.start(XMLEvents.localName(elementName), attributes)
            }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?) {
            depth -= 1
            run(parser) { () throws(SpreadsheetError) in try handler.end(XMLEvents.localName(elementName)) }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            if xmlError == nil { xmlError = parseError }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            run(parser) { () throws(SpreadsheetError) in try handler.text(string) }
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            run(parser) { () throws(SpreadsheetError) in try handler.text(String(decoding: CDATABlock, as: UTF8.self)) }
        }
    }
}
