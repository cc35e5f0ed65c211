package console

// SealForTest seals plain under key as a session cookie (flash false) or
// a flash cookie, for the tests' forged cookies.
func SealForTest(key, plain []byte, flash bool) string {
	var ss sealers
	s, err := ss.get(key)
	if err != nil {
		panic(err)
	}
	purpose := purposeSession
	if flash {
		purpose = purposeFlash
	}
	return s.seal(purpose, plain)
}

// ReencodeSessionForTest decodes a session cookie's content and encodes it
// again; ok is false when it does not decode.
func ReencodeSessionForTest(b []byte) (again []byte, ok bool) {
	st, err := decodeSession(b)
	if err != nil {
		return nil, false
	}
	return st.encode(), true
}

// ReencodeFlashForTest does the same for a flash cookie's content.
func ReencodeFlashForTest(b []byte) (again []byte, ok bool) {
	f, ok := decodeFlash(b)
	if !ok {
		return nil, false
	}
	return f.encode(), true
}
