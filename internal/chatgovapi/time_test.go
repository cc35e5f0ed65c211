package chatgovapi_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/chatgovapi"
)

func TestTime(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 1, 2, 3, 4, 5, 678_900_000, time.UTC)
	tests := []struct {
		name string
		in   chatgovapi.Time
		json string
	}{
		{"a time, to the millisecond", chatgovapi.TimeOf(at), "1767323045.678"},
		{"a whole second", chatgovapi.TimeOf(at.Truncate(time.Second)), "1767323045"},
		{"the zero time", chatgovapi.Time{}, "null"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := json.Marshal(tt.in)
			if err != nil || string(b) != tt.json {
				t.Fatalf("Marshal = %s, %v; want %s", b, err, tt.json)
			}
			var back chatgovapi.Time
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if want := tt.in.Time().Truncate(time.Millisecond); !back.Time().Equal(want) {
				t.Errorf("read back %v, want %v", back.Time(), want)
			}
		})
	}
	for _, bad := range []string{`"2026-01-02"`, `true`, `1e400`, `1e300`} {
		var v chatgovapi.Time
		if err := json.Unmarshal([]byte(bad), &v); err == nil {
			t.Errorf("%s read as %v", bad, v.Time())
		}
	}
}

func TestSeconds(t *testing.T) {
	t.Parallel()
	if chatgovapi.Seconds(time.Time{}) != nil {
		t.Error("the zero time has seconds")
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 678_000_000, time.UTC)
	s := chatgovapi.Seconds(at)
	if s == nil || *s != 1767323045.678 {
		t.Fatalf("Seconds = %v", s)
	}
	if got := chatgovapi.FromSeconds(s); !got.Equal(at) {
		t.Errorf("FromSeconds = %v, want %v", got, at)
	}
	if !chatgovapi.FromSeconds(nil).IsZero() {
		t.Error("nil is not the zero time")
	}
}

// FuzzTime checks that reading a time never panics, and that a time read
// is written back as a value that reads as the same time.
func FuzzTime(f *testing.F) {
	for _, s := range []string{"0", "1767323045.678", "-1.5", "null", "1e18", "9223372036854775.807", `"x"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var v chatgovapi.Time
		if err := v.UnmarshalJSON([]byte(s)); err != nil {
			return
		}
		b, err := v.MarshalJSON()
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		var back chatgovapi.Time
		if err := back.UnmarshalJSON(b); err != nil {
			t.Fatalf("%q wrote %s, which does not read: %v", s, b, err)
		}
		if !back.Time().Equal(v.Time()) {
			t.Fatalf("%q: %v wrote %s, read back as %v", s, v.Time(), b, back.Time())
		}
	})
}
