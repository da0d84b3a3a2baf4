// Charts drawn on the server as inline SVG: no script; a viewBox 360 units wide drawn at the
// page's width, so a 390 px phone shows it at about its own size; every figure written as text
// beside or inside its shape and every shape titled, so it reads without colour and in print; every
// figure a link to the list behind it. Words come from the caller (the catalogue); attribute values
// from data pass through `esc`.
import Foundation
import LuoshiDomain
import Plot

enum Charts {
    static let width = 360.0

    /// A part of a bar: how many, what it is called, its style (a light: green, yellow, red), and the
    /// list it stands for.
    struct Segment {
        var value: Int
        var label: String
        var style: String
        var href: String
        /// The shape's tooltip and accessible name.
        var title: String
    }

    /// A row of a bar chart: its name (a link), and its parts.
    struct Row {
        var label: String
        var href: String
        var title: String
        var segments: [Segment]
        /// What the row's figures say in words, written at the right.
        var figure: String
    }

    /// A bullet: a figure (0–1, may pass 1) against a mark (0–1), as on an indicator's page.
    struct Bullet {
        var label: String
        var href: String
        var title: String
        var value: Double?
        var mark: Double
        var figure: String
        var behind: Bool
    }

    /// One bar of parts in proportion, each part's count inside it when it fits, and a legend below
    /// that names every part with its count (a link too), so small parts are never lost.
    static func stackedBar(id: String, title: String, segments: [Segment], empty: String) -> Node<HTML.BodyContext> {
        let total = segments.reduce(0) { $0 + $1.value }
        var nodes: [Node<HTML.BodyContext>] = []
        if total == 0 {
            nodes.append(rect(0, 0, width, 28, "seg-empty"))
            nodes.append(label(width / 2, 19, empty, anchor: "middle", style: "on-empty"))
        } else {
            var x = 0.0
            for segment in segments where segment.value > 0 {
                let w = width * Double(segment.value) / Double(total)
                var parts = [rect(x, 0, w, 28, "seg-" + segment.style)]
                if w >= 22 { parts.append(label(x + w / 2, 19, Numbers.grouped(Double(segment.value)), anchor: "middle", style: "on-" + segment.style)) }
                nodes.append(link(segment.href, segment.title, parts, style: "seg seg-" + segment.style, count: segment.value))
                x += w
            }
        }
        let step = width / Double(max(segments.count, 1))
        for (index, segment) in segments.enumerated() {
            let x = step * Double(index)
            nodes.append(link(segment.href, segment.title, [
                rect(x, 38, 12, 12, "seg-" + segment.style),
                label(x + 17, 49, segment.label + " " + Numbers.grouped(Double(segment.value)), anchor: "start", style: "legend"),
            ], style: "legend legend-" + segment.style, count: segment.value))
        }
        return svg(id: id, height: 56, title: title, nodes)
    }

    /// Horizontal bars, one a row: the row's name above its bar (a link to the row's list), the
    /// parts of the bar in proportion to the longest row, and the figures in words at the right.
    static func horizontalBars(id: String, title: String, rows: [Row]) -> Node<HTML.BodyContext> {
        let longest = max(1, rows.map { $0.segments.reduce(0) { $0 + $1.value } }.max() ?? 1)
        let barWidth = 230.0
        var nodes: [Node<HTML.BodyContext>] = []
        for (index, row) in rows.enumerated() {
            let y = Double(index) * 42
            nodes.append(link(row.href, row.title, [label(0, y + 13, row.label, anchor: "start", style: "row-label")], style: "row", count: nil))
            var x = 0.0
            for segment in row.segments where segment.value > 0 {
                let w = barWidth * Double(segment.value) / Double(longest)
                var parts = [rect(x, y + 18, w, 16, "seg-" + segment.style)]
                if w >= 18 { parts.append(label(x + w / 2, y + 30, Numbers.grouped(Double(segment.value)), anchor: "middle", style: "on-" + segment.style)) }
                nodes.append(link(segment.href, segment.title, parts, style: "seg seg-" + segment.style, count: segment.value))
                x += w
            }
            nodes.append(label(width - 2, y + 30, row.figure, anchor: "end", style: "figure"))
        }
        return svg(id: id, height: Double(rows.count) * 42 + 2, title: title, nodes)
    }

    /// Bullets, one a row: the name above (a link); a track for 0–100%, the figure as a bar on it,
    /// the mark as an upright line across it; the figure and the mark in words at the right.
    static func bullets(id: String, title: String, rows: [Bullet]) -> Node<HTML.BodyContext> {
        let track = 200.0
        var nodes: [Node<HTML.BodyContext>] = []
        for (index, row) in rows.enumerated() {
            let y = Double(index) * 44
            var parts: [Node<HTML.BodyContext>] = [label(0, y + 13, row.label, anchor: "start", style: "row-label"),
                                                   rect(0, y + 20, track, 14, "track")]
            if let value = row.value {
                parts.append(rect(0, y + 23, track * min(max(value, 0), 1), 8, row.behind ? "done-behind" : "done-ok"))
            }
            let markX = track * min(max(row.mark, 0), 1)
            parts.append(rect(max(0, markX - 1.5), y + 17, 3, 20, "mark"))
            parts.append(label(width - 2, y + 31, row.figure, anchor: "end", style: "figure"))
            nodes.append(link(row.href, row.title, parts, style: row.behind ? "bullet behind" : "bullet", count: nil))
        }
        return svg(id: id, height: Double(rows.count) * 44 + 2, title: title, nodes)
    }

    // MARK: SVG pieces

    private static func svg(id: String, height: Double, title: String, _ nodes: [Node<HTML.BodyContext>]) -> Node<HTML.BodyContext> {
        .element(named: "svg", nodes: [
            .attribute(named: "id", value: esc(id)),
            .attribute(named: "class", value: "chart"),
            .attribute(named: "xmlns", value: "http://www.w3.org/2000/svg"),
            .attribute(named: "viewBox", value: "0 0 \(number(width)) \(number(height))"),
            .attribute(named: "width", value: "100%"),
            .attribute(named: "role", value: "group"),
            .element(named: "title", nodes: [.text(title)]),
        ] + nodes)
    }

    private static func link(_ href: String, _ title: String, _ nodes: [Node<HTML.BodyContext>], style: String, count: Int?) -> Node<HTML.BodyContext> {
        .element(named: "a", nodes: [
            .attribute(named: "href", value: esc(href)),
            .attribute(named: "class", value: style),
            .unwrap(count) { .attribute(named: "data-count", value: String($0), ignoreIfValueIsEmpty: false) },
            .element(named: "title", nodes: [.text(title)]),
        ] + nodes)
    }

    private static func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ style: String) -> Node<HTML.BodyContext> {
        .element(named: "rect", nodes: [
            .attribute(named: "x", value: number(x)), .attribute(named: "y", value: number(y)),
            .attribute(named: "width", value: number(max(w, 0))), .attribute(named: "height", value: number(h)),
            .attribute(named: "class", value: style),
        ])
    }

    private static func label(_ x: Double, _ y: Double, _ text: String, anchor: String, style: String) -> Node<HTML.BodyContext> {
        .element(named: "text", nodes: [
            .attribute(named: "x", value: number(x)), .attribute(named: "y", value: number(y)),
            .attribute(named: "text-anchor", value: anchor), .attribute(named: "class", value: style),
            .text(text),
        ])
    }

    /// Coordinates to a tenth of a unit ("12.5", "30").
    static func number(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }
}
