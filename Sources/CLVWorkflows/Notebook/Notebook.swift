import Foundation

/// Executable Markdown notebooks: prose with fenced ```clvlab blocks whose outputs sit under
/// them between `<!-- clvlab:output -->` and `<!-- clvlab:end -->` markers (invisible when the
/// Markdown is rendered). `run` re-executes every block in order and rewrites the outputs in
/// place; `check` re-executes and reports blocks whose stored output no longer matches, so
/// documentation cannot silently rot.
///
/// A block holds one or more `clvlab …` command lines (`#` starts a comment, a trailing `\`
/// continues a line). Output of a command with `--format markdown` is inserted as Markdown;
/// anything else inside a ```text fence. A failing command's stderr and exit status are part
/// of its output, so a notebook may show an error on purpose.
public struct Notebook: Sendable {
    public static let outputStart = "<!-- clvlab:output -->"
    public static let outputEnd = "<!-- clvlab:end -->"

    /// Result of running one command.
    public struct Execution: Sendable {
        public var stdout: String
        public var stderr: String
        public var status: Int32
        public init(stdout: String, stderr: String, status: Int32) {
            self.stdout = stdout
            self.stderr = stderr
            self.status = status
        }
    }

    public struct Block: Sendable {
        /// Line index of the opening fence.
        var start: Int
        /// Line index just after the closing fence.
        var end: Int
        public var commands: [[String]]
        /// Existing output lines (between the markers), and the range they occupy.
        var output: [String]?
        var outputRange: Range<Int>?
    }

    public enum Problem: Error, CustomStringConvertible {
        case syntax(line: Int, String)
        public var description: String {
            switch self { case .syntax(let line, let message): return "line \(line): \(message)" }
        }
    }

    public var lines: [String]
    public var blocks: [Block]

    public init(text: String) throws {
        lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        blocks = []
        var i = 0
        while i < lines.count {
            guard lines[i].trimmingCharacters(in: .whitespaces) == "```clvlab" else { i += 1; continue }
            let start = i
            var body: [String] = []
            i += 1
            while i < lines.count && lines[i].trimmingCharacters(in: .whitespaces) != "```" { body.append(lines[i]); i += 1 }
            guard i < lines.count else { throw Problem.syntax(line: start + 1, "```clvlab block is not closed") }
            i += 1
            let commands = try Notebook.commands(body, firstLine: start + 2)
            var block = Block(start: start, end: i, commands: commands)
            // An output section may follow after blank lines.
            var j = i
            while j < lines.count && lines[j].trimmingCharacters(in: .whitespaces).isEmpty { j += 1 }
            if j < lines.count && lines[j] == Notebook.outputStart {
                guard let close = lines[(j + 1)...].firstIndex(of: Notebook.outputEnd) else {
                    throw Problem.syntax(line: j + 1, "\(Notebook.outputStart) without \(Notebook.outputEnd)")
                }
                block.output = Array(lines[(j + 1)..<close])
                block.outputRange = i..<(close + 1)
                i = close + 1
            }
            blocks.append(block)
        }
    }

    /// Split a block's lines into commands: continuation lines joined, comments dropped, words
    /// split as a POSIX shell would for plain and quoted words (no expansions).
    static func commands(_ body: [String], firstLine: Int) throws -> [[String]] {
        var out: [[String]] = []
        var pending = ""
        for (k, raw) in body.enumerated() {
            var line = raw
            if pending.isEmpty && line.trimmingCharacters(in: .whitespaces).hasPrefix("#") { continue }
            if line.hasSuffix("\\") { line.removeLast(); pending += line + " "; continue }
            pending += line
            let words = try split(pending, line: firstLine + k)
            pending = ""
            if words.isEmpty { continue }
            guard words[0] == "clvlab" else { throw Problem.syntax(line: firstLine + k, "a command in a clvlab block must start with 'clvlab'") }
            out.append(Array(words.dropFirst()))
        }
        if !pending.isEmpty { throw Problem.syntax(line: firstLine + body.count, "the last command ends with a continuation backslash") }
        return out
    }

    static func split(_ s: String, line: Int) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        for ch in s {
            if let q = quote {
                if ch == q { quote = nil } else { current.append(ch) }
                continue
            }
            if ch == "'" || ch == "\"" { quote = ch; inWord = true; continue }
            if ch == " " || ch == "\t" {
                if inWord { words.append(current); current = ""; inWord = false }
                continue
            }
            current.append(ch); inWord = true
        }
        if quote != nil { throw Problem.syntax(line: line, "unterminated quote") }
        if inWord { words.append(current) }
        return words
    }

    /// The output section for a block's executions.
    static func render(_ commands: [[String]], _ executions: [Execution]) -> [String] {
        var out = [outputStart]
        for (args, e) in zip(commands, executions) {
            let markdown = zip(args, args.dropFirst()).contains { ($0.0 == "--format" || $0.0 == "-f") && $0.1 == "markdown" }
            var text = e.stdout
            if e.status != 0 { text += e.stderr + "[exit status \(e.status)]\n" }
            let body = text.components(separatedBy: "\n").dropLast(text.hasSuffix("\n") ? 1 : 0)
            if markdown && e.status == 0 {
                out += body
            } else {
                out += ["```text"] + body + ["```"]
            }
        }
        out.append(outputEnd)
        return out
    }

    /// Execute every block with `execute` and return the refreshed text and the indices of
    /// blocks whose output changed.
    public func run(_ execute: ([String]) throws -> Execution) rethrows -> (text: String, changed: [Int]) {
        var result: [String] = []
        var cursor = 0
        var changed: [Int] = []
        for (k, block) in blocks.enumerated() {
            result += lines[cursor..<block.end]
            let executions = try block.commands.map(execute)
            let fresh = Notebook.render(block.commands, executions)
            if let old = block.output, old == Array(fresh.dropFirst().dropLast()) {
                // Unchanged: keep the file byte for byte, blank lines included.
                result += lines[block.outputRange!]
            } else {
                changed.append(k)
                result += [""] + fresh
            }
            cursor = block.outputRange?.upperBound ?? block.end
        }
        result += lines[cursor...]
        return (result.joined(separator: "\n") + "\n", changed)
    }

    /// Human-readable location of a block: its opening line and first command.
    public func describe(_ k: Int) -> String {
        "block at line \(blocks[k].start + 1): clvlab \(blocks[k].commands.first?.joined(separator: " ") ?? "")"
    }
}

extension Notebook {
    /// Read and parse a notebook file.
    public static func load(path: String) throws -> Notebook {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw InputProblem("\(path): cannot read the notebook") }
        do { return try Notebook(text: text) } catch { throw InputProblem("\(path): \(error)") }
    }
}
