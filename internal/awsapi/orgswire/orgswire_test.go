package orgswire_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/awsapi/orgswire"
)

func TestEpoch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		json string
		want time.Time // zero: the zero time
		back string    // how it is written again
		err  string    // part of the error; "" when it reads
	}{
		{"milliseconds", "1893553445.678", time.Date(2030, 1, 2, 3, 4, 5, 678e6, time.UTC), "1893553445.678", ""},
		{"whole seconds", "1700000000", time.Unix(1700000000, 0).UTC(), "1700000000", ""},
		{"exponent", "1.7e9", time.Unix(1700000000, 0).UTC(), "1700000000", ""},
		{"rounded to the millisecond", "0.0005", time.UnixMilli(1).UTC(), "0.001", ""},
		{"before 1970", "-1.5", time.UnixMilli(-1500).UTC(), "-1.5", ""},
		{"null", "null", time.Time{}, "null", ""},
		{"the last millisecond of 9999", "253402300799.999", time.Date(9999, 12, 31, 23, 59, 59, 999e6, time.UTC), "253402300799.999", ""},
		{"year 10000", "253402300800", time.Time{}, "", "between years 1 and 9999"},
		{"rounds into year 10000", "253402300799.9999", time.Time{}, "", "between years 1 and 9999"},
		{"before year 1", "-62135596801", time.Time{}, "", "between years 1 and 9999"},
		{"far out", "1e400", time.Time{}, "", "number of seconds"},
		{"a string", `"1700000000"`, time.Time{}, "", "number of seconds"},
		{"ISO 8601", `"2030-01-02T03:04:05Z"`, time.Time{}, "", "number of seconds"},
		{"a boolean", "true", time.Time{}, "", "number of seconds"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var e orgswire.Epoch
			err := json.Unmarshal([]byte(tc.json), &e)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one saying %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !e.Time().Equal(tc.want) || e.IsZero() != tc.want.IsZero() {
				t.Errorf("read %v, want %v", e.Time(), tc.want)
			}
			back, err := json.Marshal(e)
			if err != nil || string(back) != tc.back {
				t.Errorf("written as %s (%v), want %s", back, err, tc.back)
			}
		})
	}
}

// TestOmitted checks the members written only when they have a value.
func TestOmitted(t *testing.T) {
	t.Parallel()
	at := orgswire.Epoch(time.UnixMilli(1500).UTC())
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"an account creation in progress", orgswire.CreateAccountStatus{AccountName: "a", ID: "car-1", RequestedTimestamp: at, State: "IN_PROGRESS"},
			`{"AccountName":"a","Id":"car-1","RequestedTimestamp":1.5,"State":"IN_PROGRESS"}`},
		{"an account creation that failed", orgswire.CreateAccountStatus{AccountName: "a", CompletedTimestamp: &at, FailureReason: "EMAIL_ALREADY_EXISTS",
			ID: "car-1", RequestedTimestamp: at, State: "FAILED"},
			`{"AccountName":"a","CompletedTimestamp":1.5,"FailureReason":"EMAIL_ALREADY_EXISTS","Id":"car-1","RequestedTimestamp":1.5,"State":"FAILED"}`},
		{"the last page", orgswire.ListRootsResponse{Roots: []orgswire.Root{}}, `{"Roots":[]}`},
		{"a page with more", orgswire.ListRootsResponse{NextToken: "t", Roots: []orgswire.Root{}}, `{"NextToken":"t","Roots":[]}`},
		{"a resource without nested ones", orgswire.HandshakeResource{Type: "NOTES", Value: "hi"}, `{"Type":"NOTES","Value":"hi"}`},
		{"an empty tag value", orgswire.Tag{Key: "k"}, `{"Key":"k","Value":""}`},
		{"an error without a reason", orgswire.ErrorResponse{Type: "X", Message: "m"}, `{"Message":"m","__type":"X"}`},
		{"an error with a reason", orgswire.ErrorResponse{Type: "X", Message: "m", Reason: "R"}, `{"Message":"m","Reason":"R","__type":"X"}`},
		{"no validation report", orgswire.ListEffectivePolicyValidationErrorsResponse{AccountID: "1", PolicyType: "T"},
			`{"AccountId":"1","EffectivePolicyValidationErrors":null,"PolicyType":"T"}`},
		{"an update of the name only", orgswire.UpdatePolicyRequest{PolicyID: "p-1", Name: new("n")}, `{"PolicyId":"p-1","Name":"n"}`},
		{"nothing", orgswire.Empty{}, `{}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := json.Marshal(tc.v)
			if err != nil || string(got) != tc.want {
				t.Errorf("got %s (%v)\nwant %s", got, err, tc.want)
			}
		})
	}
}

// FuzzEpoch checks that reading a timestamp never panics, and that what it
// reads is written so that it reads back the same.
func FuzzEpoch(f *testing.F) {
	for _, s := range []string{"1893553445.678", "0", "-1.5", "null", "1e9", "253402300799.999", "-62135596800", `"x"`, "", "  7 ", "0.0005", "-0"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var direct orgswire.Epoch
		_ = direct.UnmarshalJSON(b) // any bytes: no panic
		var e orgswire.Epoch
		if err := json.Unmarshal(b, &e); err != nil {
			return
		}
		written, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("%q read as %v, which does not write: %v", b, e.Time(), err)
		}
		var again orgswire.Epoch
		if err := json.Unmarshal(written, &again); err != nil {
			t.Fatalf("%q read as %v, written as %s, which does not read: %v", b, e.Time(), written, err)
		}
		if !again.Time().Equal(e.Time()) {
			t.Fatalf("%q read as %v, written as %s, read back as %v", b, e.Time(), written, again.Time())
		}
		if rewritten, _ := json.Marshal(again); !bytes.Equal(rewritten, written) {
			t.Fatalf("%q written as %s, then as %s", b, written, rewritten)
		}
	})
}
