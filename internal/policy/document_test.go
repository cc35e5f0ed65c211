package policy_test

import (
	"errors"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chatgov/chatgov/internal/jsondoc"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/scenario"
)

// TestDocuments validates every document of the corpus and compares the
// problems (code and path, in order) with what the corpus expects.
func TestDocuments(t *testing.T) {
	t.Parallel()
	cases, err := scenario.Documents()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if info, _ := policy.Lookup(c.Type); !info.Management {
			continue // SCPs and RCPs are IAM documents: internal/iam and the CLI test them
		}
		t.Run(c.File, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(c.Path)
			if err != nil {
				t.Fatal(err)
			}
			_, err = policy.Parse(c.Type, string(data))
			var got []scenario.ExpectedProblem
			if err != nil {
				var je *jsondoc.Error
				if !errors.As(err, &je) {
					t.Fatalf("error %v is not a *jsondoc.Error", err)
				}
				for _, p := range je.Problems {
					got = append(got, scenario.ExpectedProblem{Code: p.Code, Path: p.Path})
					if p.Message == "" {
						t.Errorf("problem %s at %s has no message", p.Code, p.Path)
					}
				}
			}
			if diff := cmp.Diff(c.Problems, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s\n%v", diff, err)
			}
		})
	}
}
