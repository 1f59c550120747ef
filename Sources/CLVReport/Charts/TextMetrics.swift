/// How wide a chart label is, from font metrics, so that chart margins can be computed from the
/// label text and no label is cut off at the edge of an SVG (issue #16, item 6).
///
/// The report asks for `system-ui, sans-serif`. The advance widths are DejaVu Sans's (Book and
/// Bold, ASCII 32–126, in 1/1000 em, read from DejaVuSans.ttf's `hmtx` table): it is the fallback
/// sans-serif of Linux browsers and wider than Arial, Helvetica, Segoe UI or San Francisco at
/// every ASCII letter, so a label that fits with these widths fits with those fonts too. Any
/// other character counts as a full em, wider than most glyphs of any of them.
enum TextMetrics {
    static let book: [UInt16] = [
        318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636,
        636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
        603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635,
        634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
    ]
    static let bold: [UInt16] = [
        348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696, 696,
        696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850,
        733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716,
        712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
    ]
    /// Ascent and descent of DejaVu Sans, in em: the vertical extent of a line around its baseline.
    static let ascent = 0.928, descent = 0.236

    /// The advance width of `text` set at `fontSize` px.
    static func width(_ text: String, fontSize: Double, bold: Bool = false) -> Double {
        let table = bold ? Self.bold : book
        var thousandths = 0
        for scalar in text.unicodeScalars {
            let v = Int(scalar.value)
            thousandths += (32...126).contains(v) ? Int(table[v - 32]) : 1000
        }
        return Double(thousandths) / 1000 * fontSize
    }

    /// `text` broken at spaces into lines no wider than `maxWidth` (a single word wider than that
    /// stands on its own line, cut with an ellipsis to fit).
    static func wrap(_ text: String, maxWidth: Double, fontSize: Double, bold: Bool = false) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if width(candidate, fontSize: fontSize, bold: bold) <= maxWidth || current.isEmpty {
                current = candidate
            } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines.map { truncate($0, maxWidth: maxWidth, fontSize: fontSize, bold: bold) }
    }

    /// `text`, cut with "…" when wider than `maxWidth`.
    static func truncate(_ text: String, maxWidth: Double, fontSize: Double, bold: Bool = false) -> String {
        guard width(text, fontSize: fontSize, bold: bold) > maxWidth else { return text }
        var chars = Array(text)
        while !chars.isEmpty && width(String(chars) + "…", fontSize: fontSize, bold: bold) > maxWidth { chars.removeLast() }
        return String(chars) + "…"
    }

    /// A category label (a variant or input name, often without spaces) in at most `maxLines`
    /// lines no wider than `maxWidth`: broken after spaces, hyphens, dots, colons or
    /// underscores, the last line cut with an ellipsis if the name is longer still.
    static func wrapName(_ text: String, maxWidth: Double, fontSize: Double, maxLines: Int = 2) -> [String] {
        var tokens: [String] = [], current = ""
        for ch in text {
            current.append(ch)
            if " -.:_/".contains(ch) { tokens.append(current); current = "" }
        }
        if !current.isEmpty { tokens.append(current) }
        var lines: [String] = [], line = ""
        for (i, token) in tokens.enumerated() {
            if line.isEmpty || width(line + token, fontSize: fontSize) <= maxWidth {
                line += token
            } else if lines.count + 1 < maxLines {
                lines.append(line.trimmingSuffixSpace)
                line = token
            } else {
                line += tokens[i...].joined()
                break
            }
        }
        lines.append(line.trimmingSuffixSpace)
        return lines.map { truncate($0, maxWidth: maxWidth, fontSize: fontSize) }
    }
}

private extension String {
    var trimmingSuffixSpace: String { hasSuffix(" ") ? String(dropLast()) : self }
}
