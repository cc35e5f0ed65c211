package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParseDirectoryFile checks the directory file reader on what the
// import command's tests do not reach: anchors and merge keys, null
// entries, lists of the wrong kind, and fields given more than twice.
func TestParseDirectoryFile(t *testing.T) {
	t.Parallel()
	const tenant, team = "11111111-1111-4111-8111-111111111111", "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
	tests := []struct {
		name  string
		file  string
		want  directoryFile
		probs []string
	}{
		{"anchors and merge keys",
			"acme: &acme {teamId: T0AAAAAAA, teamName: Acme, visibility: private}\n" +
				"slackChannels:\n  - {<<: *acme, channelId: C0A, channelName: a}\n  - {<<: *acme, channelId: C0B, channelName: b, visibility: public}\n",
			directoryFile{SlackChannels: []slackEntry{{TeamID: "T0AAAAAAA", TeamName: "Acme", ChannelID: "C0A", ChannelName: "a", Visibility: "private"},
				{TeamID: "T0AAAAAAA", TeamName: "Acme", ChannelID: "C0B", ChannelName: "b", Visibility: "public"}}},
			[]string{`1:1: unknown field "acme"; expected one of: slackChannels, teamsTeams`}},
		{"an alias as an entry",
			"teamsTeams:\n  - &t {tenantId: " + tenant + ", teamId: " + team + ", teamName: Ops}\n  - *t\n",
			directoryFile{}, []string{"3:5: teamsTeams[1]: duplicate of teamsTeams[0] (line 2)"}},
		{"null entries and lists",
			"slackChannels: ~\nteamsTeams:\n  - ~\n",
			directoryFile{}, []string{"3:5: teamsTeams[0]: expected a Microsoft Teams team (a mapping of its fields), not null"}},
		{"a list of the wrong kind",
			"slackChannels: {teamId: T0A}\nteamsTeams: 3\n",
			directoryFile{}, []string{"1:16: slackChannels: expected a list of Slack channels, not a mapping",
				`2:13: teamsTeams: expected a list of Microsoft Teams teams, not a number ("3")`}},
		{"a field three times",
			"teamsTeams:\n  - {tenantId: " + tenant + ", teamId: " + team + ", teamName: a, teamName: b, teamName: c}\n",
			directoryFile{}, []string{`2:113: teamsTeams[0]: field "teamName" appears twice (first at line 2)`,
				`2:126: teamsTeams[0]: field "teamName" appears twice (first at line 2)`}},
		{"updatedAt of the wrong kind",
			"teamsTeams:\n  - {tenantId: " + tenant + ", teamId: " + team + ", teamName: a, updatedAt: [1]}\n",
			directoryFile{}, []string{"2:124: teamsTeams[0].updatedAt: expected a string, not a list"}},
		{"a merge of a scalar",
			"teamsTeams:\n  - {<<: 3, tenantId: " + tenant + ", teamId: " + team + ", teamName: a}\n",
			directoryFile{}, []string{`2:10: teamsTeams[0]: expected a mapping to merge, not a number ("3")`}},
		{"null document", "~\n", directoryFile{}, []string{"1:1: no entries; give slackChannels and/or teamsTeams"}},
		{"a scalar document", "hello\n", directoryFile{}, []string{`1:1: expected a mapping with slackChannels and teamsTeams, not a string ("hello")`}},
		{"not YAML", "slackChannels: [\n", directoryFile{}, []string{"not valid YAML or JSON"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, probs := parseDirectoryFile([]byte(tt.file))
			var got []string
			for _, p := range probs {
				got = append(got, p.String())
			}
			if len(got) != len(tt.probs) {
				t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.probs, "\n"))
			}
			for i := range got {
				if !strings.Contains(got[i], tt.probs[i]) {
					t.Errorf("problem %d: %s\nwant: %s", i, got[i], tt.probs[i])
				}
			}
			if tt.want.SlackChannels != nil {
				if diff := cmp.Diff(tt.want.SlackChannels, f.SlackChannels); diff != "" {
					t.Errorf("entries (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// FuzzParseDirectoryFile checks that no file makes the reader panic or
// answer differently twice, and that a file read without problems holds
// only valid entries and reads back the same from its JSON (the output of
// `directory list -o json`).
func FuzzParseDirectoryFile(f *testing.F) {
	for _, s := range []string{
		"slackChannels:\n  - {teamId: T0A, teamName: A, channelId: C0A, channelName: a, visibility: private}\n",
		`{"teamsTeams": [{"tenantId": "11111111-1111-4111-8111-111111111111", "teamId": "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "teamName": "a"}]}`,
		"a: &a {teamId: T0A}\nslackChannels: [{<<: [*a, *a], channelId: C}]\n", "- a\n", "~", "slackChannels: [\n",
		"slackChannels:\n  - {teamId: T0A, teamId: T0B, bogus: 1, visibility: [x]}\n  - *x\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		file, probs := parseDirectoryFile([]byte(s))
		file2, probs2 := parseDirectoryFile([]byte(s))
		if !cmp.Equal(probs, probs2) || !cmp.Equal(file, file2) {
			t.Fatalf("two readings of %q differ", s)
		}
		if len(probs) > 0 {
			return
		}
		for _, e := range file.SlackChannels {
			for _, r := range slackRules {
				if msg := r.check(map[string]string{"teamId": e.TeamID, "teamName": e.TeamName, "channelId": e.ChannelID,
					"channelName": e.ChannelName, "visibility": e.Visibility}[r.name]); msg != "" {
					t.Fatalf("%q: entry %+v was read without problems: %s", s, e, msg)
				}
			}
		}
		data, err := json.Marshal(file)
		if err != nil {
			t.Fatal(err)
		}
		back, probs := parseDirectoryFile(data)
		if len(probs) > 0 || !cmp.Equal(file, back) {
			t.Fatalf("%q: its JSON %s reads as %+v, %v", s, data, back, probs)
		}
	})
}
