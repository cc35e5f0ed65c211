package chatcmd

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Code says what kind of mistake a command has.
type Code string

// The codes Parse returns.
const (
	ErrEmpty            Code = "EMPTY"             // no command after the mention
	ErrSyntax           Code = "SYNTAX"            // an unterminated quote, a bad option name
	ErrUnknownService   Code = "UNKNOWN_SERVICE"   // not a service of the catalog
	ErrUnknownOperation Code = "UNKNOWN_OPERATION" // not an operation of the service
	ErrUnsupported      Code = "UNSUPPORTED"       // a CLI feature chat cannot use (help, wait)
	ErrInvalidValue     Code = "INVALID_VALUE"     // a value Parse cannot use, such as a malformed --region
)

// Error is a command Parse rejects. Offset is the byte offset in the text
// where the problem is; Suggestions are names the user may have meant,
// closest first.
type Error struct {
	Code        Code
	Message     string
	Offset      int
	Suggestions []string
	// Text is the command as given, so that Error can point at the column.
	Text string
}

// Error says what is wrong and where, counting columns in characters from 1
// as a person would.
func (e *Error) Error() string {
	col := utf8.RuneCountInString(e.Text[:min(max(e.Offset, 0), len(e.Text))]) + 1
	var b strings.Builder
	fmt.Fprintf(&b, "chat command, column %d: %s", col, e.Message)
	if len(e.Suggestions) > 0 {
		b.WriteString(" (did you mean ")
		for i, s := range e.Suggestions {
			switch {
			case i == 0:
			case i == len(e.Suggestions)-1:
				b.WriteString(" or ")
			default:
				b.WriteString(", ")
			}
			b.WriteString(s)
		}
		b.WriteString("?)")
	}
	return b.String()
}
