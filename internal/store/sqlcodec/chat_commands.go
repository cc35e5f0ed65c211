package sqlcodec

// Attachments returns a custom action's attachments column: the JSON text
// as given, "[]" when it is empty.
func Attachments(s string) string {
	if s == "" {
		return "[]"
	}
	return s
}
