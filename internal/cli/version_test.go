package cli

import (
	"encoding/json"
	"runtime"
	"strings"
	"testing"
)

// TestVersion: chatgov version and --version report the version, commit
// and Go version; the link-time values (a release's -ldflags -X) win over
// what the toolchain recorded. Not parallel: it sets the link-time values.
func TestVersion(t *testing.T) {
	for _, tc := range []struct {
		name, version, commit string
		wantLine              string
	}{
		{name: "release", version: "v1.4.0", commit: "0123456789abcdef0123", wantLine: "chatgov v1.4.0 (commit 0123456789ab, " + runtime.Version() + ", " + runtime.GOOS + "/" + runtime.GOARCH + ")"},
		{name: "test binary", wantLine: "chatgov devel (commit "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			oldV, oldC := version, commit
			version, commit = tc.version, tc.commit
			t.Cleanup(func() { version, commit = oldV, oldC })

			code, out, errOut := run(t, "", "--version")
			if code != ExitOK || !strings.HasPrefix(out, tc.wantLine) || strings.Count(out, "\n") != 1 || errOut != "" {
				t.Errorf("--version: exit %d, out %q, err %q; want one line starting %q", code, out, errOut, tc.wantLine)
			}
			code, out, _ = run(t, "", "version")
			if code != ExitOK || !strings.Contains(out, "go        "+runtime.Version()+"\n") {
				t.Errorf("version: exit %d, out %q", code, out)
			}
			if tc.version != "" && !strings.HasPrefix(out, "chatgov "+tc.version+"\ncommit    "+tc.commit+"\n") {
				t.Errorf("version: %q does not start with the link-time version and commit", out)
			}
			code, out, _ = run(t, "", "version", "--output", "json")
			var b BuildInfo
			if err := json.Unmarshal([]byte(out), &b); code != ExitOK || err != nil {
				t.Fatalf("version -o json: exit %d, %v: %q", code, err, out)
			}
			if b.GoVersion != runtime.Version() || b.Platform != runtime.GOOS+"/"+runtime.GOARCH || b.Version == "" || b.Commit == "" ||
				(tc.version != "" && (b.Version != tc.version || b.Commit != tc.commit)) {
				t.Errorf("version -o json = %+v", b)
			}
			if code, _, errOut := run(t, "", "version", "extra"); code != ExitUsage || !strings.Contains(errOut, "unknown command") && !strings.Contains(errOut, "accepts 0 arg") {
				t.Errorf("version extra: exit %d, err %q; want a usage error", code, errOut)
			}
		})
	}
}
