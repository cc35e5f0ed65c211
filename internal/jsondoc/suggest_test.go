package jsondoc

import "testing"

func TestSuggest(t *testing.T) {
	t.Parallel()
	known := []string{"enabledPolicyTypes", "root", "policies", "ous", "accounts", "detachFullAWSAccess", "id", "name"}
	tests := []struct{ typed, want string }{
		{"polices", "policies"},
		{"Policies", "policies"},
		{"enabled_policy_types", "enabledPolicyTypes"},
		{"acounts", "accounts"},
		{"ou", "ous"},
		{"detachFullAwsAccess", "detachFullAWSAccess"},
		{"zzz", ""},
		{"", ""},
		{"nmae", "name"},
		{"identifier", ""},
	}
	for _, tc := range tests {
		if got := Suggest(tc.typed, known); got != tc.want {
			t.Errorf("Suggest(%q) = %q, want %q", tc.typed, got, tc.want)
		}
	}
}

func FuzzSuggest(f *testing.F) {
	f.Add("polices")
	f.Fuzz(func(t *testing.T, s string) {
		if got := Suggest(s, []string{"policies", "root"}); got != "" && got != "policies" && got != "root" {
			t.Fatalf("Suggest(%q) = %q", s, got)
		}
	})
}
