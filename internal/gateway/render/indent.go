package render

// indentPrefix lays out a valid JSON value as json.Indent does with no
// prefix and two spaces a level, but stops once it has written more than
// limit bytes: the result is json.Indent's text when that is at most limit
// bytes long, else a prefix of it longer than limit. The work is bounded
// by len(src) and limit, whereas json.Indent's output, and so its work,
// grows with the depth times the number of values: a value nested 5,000
// levels deep with many elements inside is tens of bytes of input per
// element and 10,000 bytes of indentation per element out. src must be
// valid JSON (the caller decoded it); on other input it returns some text
// and does not panic.
func indentPrefix(src []byte, limit int) []byte {
	out := make([]byte, 0, min(len(src)+len(src)/2, limit+1))
	depth := 0
	open := false // after '{' or '[': the next value opens a line deeper
	// newline starts a line at depth, and says whether there is room for
	// more: a line's indentation is cut at the limit.
	newline := func(depth int) bool {
		out = append(out, '\n')
		for i := 0; i < depth && len(out) <= limit; i++ {
			out = append(out, ' ', ' ')
		}
		return len(out) <= limit
	}
	for i := 0; i < len(src) && len(out) <= limit; i++ {
		c := src[i]
		switch c {
		case ' ', '\t', '\r', '\n':
			continue // outside strings, only layout
		case '}', ']':
			if open {
				open = false // an empty object or array stays on its line
			} else {
				depth--
				if !newline(depth) {
					return out
				}
			}
			out = append(out, c)
			continue
		}
		if open {
			open = false
			depth++
			if !newline(depth) {
				return out
			}
		}
		switch c {
		case '{', '[':
			open = true
			out = append(out, c)
		case ',':
			out = append(out, c)
			newline(depth)
		case ':':
			out = append(out, c, ' ')
		case '"':
			// A string, copied as it is, escapes and all.
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(src))
			out = append(out, src[i:j]...)
			i = j - 1
		default:
			out = append(out, c) // a number, true, false or null
		}
	}
	return out
}
