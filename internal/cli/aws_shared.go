package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

// Reading the AWS shared config and credentials files (~/.aws/config,
// ~/.aws/credentials): INI files of sections of "key = value" lines. The
// AWS SDK's own loader links the SSO and STS clients, which the server
// binary leaves out (internal/archtest), so chatgov reads the part of the
// format its commands use: profiles' keys, credentials, credential_process,
// region and endpoint_url.

// sharedFileProblem is a line of a shared file that does not read.
type sharedFileProblem struct {
	Line    int
	Message string
}

func (p sharedFileProblem) Error() string { return fmt.Sprintf("line %d: %s", p.Line, p.Message) }

// parseSharedFile returns the profiles of a shared file, by name, with
// their keys in lower case. In the config file (config true) a profile's
// section is [default] or [profile NAME], and other sections ([sso-session
// x], [services x]) are skipped; in the credentials file it is [NAME].
// Indented lines under "key =" (nested settings such as s3's) are skipped.
// Comments start with # or ;. The first malformed line is an error.
func parseSharedFile(data []byte, config bool) (map[string]map[string]string, error) {
	profiles := map[string]map[string]string{}
	var cur map[string]string // nil: outside a profile
	inSection := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		raw := sc.Text()
		line := strings.TrimSpace(raw)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' {
			end := strings.IndexByte(line, ']')
			if end < 0 {
				return nil, sharedFileProblem{n, fmt.Sprintf("section %q has no closing ]", line)}
			}
			name := strings.TrimSpace(line[1:end])
			inSection, cur = true, nil
			if config {
				switch f := strings.Fields(name); {
				case name == "default":
				case len(f) == 2 && f[0] == "profile":
					name = f[1]
				default:
					continue // [sso-session x], [services x], ...
				}
			}
			if name == "" {
				return nil, sharedFileProblem{n, "a section without a name"}
			}
			if profiles[name] == nil {
				profiles[name] = map[string]string{}
			}
			cur = profiles[name]
			continue
		}
		if raw[0] == ' ' || raw[0] == '\t' {
			continue // a nested setting
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			return nil, sharedFileProblem{n, fmt.Sprintf("expected key = value, not %q", line)}
		}
		if !inSection {
			return nil, sharedFileProblem{n, "a setting before any [section]"}
		}
		if cur != nil {
			cur[strings.ToLower(strings.TrimSpace(key))] = strings.TrimSpace(value)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return profiles, nil
}
