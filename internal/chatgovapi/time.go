package chatgovapi

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// Time is a time as the JSON protocols write it: seconds since the Unix
// epoch, with milliseconds as a fraction (1767225600.5). The zero time is
// written as null, and null reads as the zero time.
type Time time.Time

// TimeOf returns t as a wire time.
func TimeOf(t time.Time) Time { return Time(t) }

// Time returns the time, in UTC.
func (t Time) Time() time.Time {
	if time.Time(t).IsZero() {
		return time.Time{}
	}
	return time.Time(t).UTC()
}

// IsZero reports whether t is the zero time (for omitzero).
func (t Time) IsZero() bool { return time.Time(t).IsZero() }

// MarshalJSON writes epoch seconds, or null for the zero time.
func (t Time) MarshalJSON() ([]byte, error) {
	tt := time.Time(t)
	if tt.IsZero() {
		return []byte("null"), nil
	}
	secs := float64(tt.UnixMilli()) / 1000
	return strconv.AppendFloat(nil, secs, 'f', -1, 64), nil
}

// UnmarshalJSON reads epoch seconds (rounded to the millisecond) or null.
func (t *Time) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = Time{}
		return nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || math.Abs(f) > maxEpochSeconds {
		return fmt.Errorf("a time must be epoch seconds, not %s", b)
	}
	*t = Time(time.UnixMilli(int64(math.Round(f * 1000))).UTC())
	return nil
}

// maxEpochSeconds bounds the times UnmarshalJSON reads, so that their
// milliseconds fit an int64 (the year 292278994 and before).
const maxEpochSeconds = math.MaxInt64 / 1000

// Seconds returns t as the epoch seconds a request member such as
// ListComplianceEventsInput.Since takes, or nil for the zero time.
func Seconds(t time.Time) *float64 {
	if t.IsZero() {
		return nil
	}
	s := float64(t.UnixMilli()) / 1000
	return &s
}

// FromSeconds returns the time of epoch seconds as the server reads them
// (to the millisecond, truncated); the zero time for nil.
func FromSeconds(v *float64) time.Time {
	if v == nil {
		return time.Time{}
	}
	return time.UnixMilli(int64(*v * 1000)).UTC()
}
