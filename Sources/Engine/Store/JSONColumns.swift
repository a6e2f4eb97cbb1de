import NIOCore

/// The JSON columns a completed turn writes, spelled out by hand: through the generic encoder
/// they took a fifth of a turn's time on the writer. Same keys and values as their `Codable`
/// conformances, which read them back.
package enum JSONColumns {
    package static func text(_ triage: TriageSummary) -> String {
        json { buffer in
            buffer.writeStaticString(#"{"level":"#)
            StreamingJSONEncoder.writeString(triage.level.rawValue, into: &buffer)
            buffer.writeStaticString(#","signs":"#)
            writeArray(triage.signs, into: &buffer)
            buffer.writeStaticString("}")
        }
    }

    package static func text(_ references: [Reference]) -> String {
        json { buffer in
            buffer.writeStaticString("[")
            for (index, reference) in references.enumerated() {
                if index > 0 { buffer.writeStaticString(",") }
                buffer.writeStaticString(#"{"id":"#)
                StreamingJSONEncoder.writeString(reference.id, into: &buffer)
                buffer.writeStaticString(#","title":"#)
                StreamingJSONEncoder.writeString(reference.title, into: &buffer)
                buffer.writeStaticString(#","source":"#)
                StreamingJSONEncoder.writeString(reference.source, into: &buffer)
                if let url = reference.url {
                    buffer.writeStaticString(#","url":"#)
                    StreamingJSONEncoder.writeString(url, into: &buffer)
                }
                buffer.writeStaticString("}")
            }
            buffer.writeStaticString("]")
        }
    }

    package static func text(_ strings: [String]) -> String {
        json { writeArray(strings, into: &$0) }
    }

    private static func writeArray(_ strings: [String], into buffer: inout ByteBuffer) {
        buffer.writeStaticString("[")
        for (index, string) in strings.enumerated() {
            if index > 0 { buffer.writeStaticString(",") }
            StreamingJSONEncoder.writeString(string, into: &buffer)
        }
        buffer.writeStaticString("]")
    }

    private static func json(_ write: (inout ByteBuffer) -> Void) -> String {
        var buffer = ByteBuffer()
        write(&buffer)
        return String(buffer: buffer)
    }
}
