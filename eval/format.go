package eval

import (
	"strconv"
	"strings"
)

// FormatError renders an error as the CLI prints it: the line
// `<code>: <message>` followed by Fauna's summary.
func FormatError(e *Error) string {
	return e.Code + ": " + e.Message + "\n" + e.Summary()
}

// FormatLog renders a log line as Fauna's summary shows it:
// `info at *query*:1: text`.
func FormatLog(l LogLine) string {
	if l.At.Src == nil {
		return "info: " + l.Text
	}
	line, _ := l.At.Src.LineCol(l.At.Span.Start)
	return "info at " + l.At.Src.Name + ":" + strconv.Itoa(line) + ": " + l.Text
}

// FormatLogs joins the log lines of a thread as a summary section.
func FormatLogs(logs []LogLine) string {
	parts := make([]string, len(logs))
	for i, l := range logs {
		parts[i] = FormatLog(l)
	}
	return strings.Join(parts, "\n")
}
