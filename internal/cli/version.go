package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Set at link time for a release (scripts/release.sh):
//
//	go build -ldflags "-X github.com/chatgov/chatgov/internal/cli.version=v1.2.3 -X github.com/chatgov/chatgov/internal/cli.commit=abc123"
//
// When empty, the build info the Go toolchain records in the binary says
// what it knows: the module's version under go install, the VCS revision
// of a build in a checkout.
var (
	version string
	commit  string
)

// BuildInfo is what chatgov version reports.
type BuildInfo struct {
	Version string `json:"Version"`
	Commit  string `json:"Commit"`
	// Modified: the binary was built from a checkout with uncommitted changes.
	Modified  bool   `json:"Modified,omitempty"`
	GoVersion string `json:"GoVersion"`
	Platform  string `json:"Platform"`
}

// readBuildInfo is this binary's version, the link-time values first.
func readBuildInfo() BuildInfo {
	b := BuildInfo{Version: version, Commit: commit, GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if info, ok := debug.ReadBuildInfo(); ok {
		if b.Version == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			b.Version = info.Main.Version
		}
		if info.GoVersion != "" {
			b.GoVersion = info.GoVersion
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if b.Commit == "" {
					b.Commit = s.Value
				}
			case "vcs.modified":
				b.Modified = commit == "" && s.Value == "true"
			}
		}
	}
	if b.Version == "" {
		b.Version = "devel"
	}
	if b.Commit == "" {
		b.Commit = "unknown"
	}
	return b
}

// String is the one line --version prints.
func (b BuildInfo) String() string {
	c := b.Commit
	if len(c) > 12 {
		c = c[:12]
	}
	if b.Modified {
		c += "+modified"
	}
	return fmt.Sprintf("chatgov %s (commit %s, %s, %s)", b.Version, c, b.GoVersion, b.Platform)
}

func newVersionCmd(s Streams) *cobra.Command {
	var out outputFlag
	c := &cobra.Command{
		Use:   "version",
		Short: "Print chatgov's version, commit and Go version",
		Long: `Print the version chatgov was released as, the commit it was built from and the Go
version that built it. A release sets the version and commit when it links the binary; other
builds report what the Go toolchain recorded (the module version under go install, the VCS
revision of a build in a checkout, "devel" otherwise). --version prints the same in one line.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			asJSON, err := out.json()
			if err != nil {
				return err
			}
			b := readBuildInfo()
			if asJSON {
				return writeJSON(s.Out, b)
			}
			c2 := b.Commit
			if b.Modified {
				c2 += " (with uncommitted changes)"
			}
			_, err = fmt.Fprintf(s.Out, "chatgov %s\ncommit    %s\ngo        %s\nplatform  %s\n", b.Version, c2, b.GoVersion, b.Platform)
			return err
		},
	}
	out.register(c)
	return c
}
