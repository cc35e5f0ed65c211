package stswire_test

import (
	"encoding/xml"
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/awsapi/stswire"
)

func TestParseAssumeRoleRequest(t *testing.T) {
	t.Parallel()
	seconds := func(n int) *int { return &n }
	tests := []struct {
		form string
		want stswire.AssumeRoleRequest
		err  string
	}{
		{"Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2FR&RoleSessionName=ops",
			stswire.AssumeRoleRequest{RoleARN: "arn:aws:iam::1:role/R", RoleSessionName: "ops"}, ""},
		{"RoleSessionName=ops&DurationSeconds=900&Unknown=x", stswire.AssumeRoleRequest{RoleSessionName: "ops", DurationSeconds: seconds(900)}, ""},
		{"DurationSeconds=", stswire.AssumeRoleRequest{}, ""},
		{"DurationSeconds=soon", stswire.AssumeRoleRequest{}, "DurationSeconds must be a number"},
		{"DurationSeconds=1.5", stswire.AssumeRoleRequest{}, "DurationSeconds must be a number"},
		{"DurationSeconds=99999999999999999999", stswire.AssumeRoleRequest{}, "DurationSeconds must be a number"},
	}
	for _, tc := range tests {
		t.Run(tc.form, func(t *testing.T) {
			t.Parallel()
			form, err := url.ParseQuery(tc.form)
			if err != nil {
				t.Fatal(err)
			}
			got, err := stswire.ParseAssumeRoleRequest(form)
			var me *stswire.MemberError
			switch {
			case tc.err != "" && (!errors.As(err, &me) || err.Error() != tc.err):
				t.Fatalf("error %v, want a *MemberError %q", err, tc.err)
			case tc.err == "" && err != nil:
				t.Fatal(err)
			case !reflect.DeepEqual(got, tc.want):
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestResponses(t *testing.T) {
	t.Parallel()
	at := time.Date(2030, 1, 2, 3, 4, 5, 678e6, time.FixedZone("CET", 3600))
	got, err := xml.Marshal(stswire.AssumeRoleResponse{Xmlns: stswire.Namespace, ResponseMetadata: stswire.ResponseMetadata{RequestID: "r-1"},
		Result: stswire.AssumeRoleResult{Credentials: stswire.Credentials{AccessKeyID: "ASIA1", SecretAccessKey: "s", SessionToken: "t<&>", Expiration: stswire.Timestamp(at)},
			AssumedRoleUser: stswire.AssumedRoleUser{AssumedRoleID: "AROA1:ops", ARN: "arn:aws:sts::1:assumed-role/R/ops"}}})
	want := `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIA1</AccessKeyId>` +
		`<SecretAccessKey>s</SecretAccessKey><SessionToken>t&lt;&amp;&gt;</SessionToken><Expiration>2030-01-02T02:04:05Z</Expiration></Credentials>` +
		`<AssumedRoleUser><AssumedRoleId>AROA1:ops</AssumedRoleId><Arn>arn:aws:sts::1:assumed-role/R/ops</Arn></AssumedRoleUser></AssumeRoleResult>` +
		`<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></AssumeRoleResponse>`
	if err != nil || string(got) != want {
		t.Errorf("AssumeRole: %v\n got %s\nwant %s", err, got, want)
	}
	var back stswire.AssumeRoleResponse
	if err := xml.Unmarshal(got, &back); err != nil || !back.Result.Credentials.Expiration.Time().Equal(at.Truncate(time.Second)) {
		t.Errorf("read back: %v %v", back.Result.Credentials.Expiration.Time(), err)
	}
	got, err = xml.Marshal(stswire.GetCallerIdentityResponse{Xmlns: stswire.Namespace, ResponseMetadata: stswire.ResponseMetadata{RequestID: "r-2"},
		Result: stswire.GetCallerIdentityResult{UserID: "1", Account: "1", ARN: "arn:aws:iam::1:root"}})
	want = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><UserId>1</UserId>` +
		`<Account>1</Account><Arn>arn:aws:iam::1:root</Arn></GetCallerIdentityResult><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata>` +
		`</GetCallerIdentityResponse>`
	if err != nil || string(got) != want {
		t.Errorf("GetCallerIdentity: %v\n got %s\nwant %s", err, got, want)
	}
	var ts stswire.Timestamp
	if err := ts.UnmarshalText([]byte("tomorrow")); err == nil || !strings.Contains(err.Error(), "RFC 3339") {
		t.Errorf("a timestamp that is not one: %v", err)
	}
}

// FuzzParseAssumeRoleRequest checks that reading AssumeRole's form never
// panics, fails only with a *MemberError, and that a request it reads is
// read back the same from the form a client would send.
func FuzzParseAssumeRoleRequest(f *testing.F) {
	for _, s := range []string{"Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2FR&RoleSessionName=ops&DurationSeconds=900",
		"DurationSeconds=-1", "DurationSeconds=+07", "DurationSeconds=x", "RoleArn=a&RoleArn=b", "", "RoleSessionName=%00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		form, err := url.ParseQuery(s)
		if err != nil {
			return
		}
		in, err := stswire.ParseAssumeRoleRequest(form)
		if err != nil {
			var me *stswire.MemberError
			if !errors.As(err, &me) || me.Member != "DurationSeconds" {
				t.Fatalf("%q: error %v (%T), want a *MemberError on DurationSeconds", s, err, err)
			}
			return
		}
		again, err := stswire.ParseAssumeRoleRequest(in.Form())
		if err != nil || !reflect.DeepEqual(again, in) {
			t.Fatalf("%q read as %+v; its form %q reads as %+v (%v)", s, in, in.Form().Encode(), again, err)
		}
	})
}

// FuzzTimestamp checks that reading a timestamp never panics, and that
// what it reads writes the same text once read back.
func FuzzTimestamp(f *testing.F) {
	for _, s := range []string{"2030-01-02T03:04:05Z", "2030-01-02T03:04:05.678+01:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59-23:59", "x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var ts stswire.Timestamp
		if err := ts.UnmarshalText([]byte(s)); err != nil {
			return
		}
		written, err := ts.MarshalText()
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		var again stswire.Timestamp
		if err := again.UnmarshalText(written); err != nil {
			t.Fatalf("%q written as %s, which does not read: %v", s, written, err)
		}
		if rewritten, _ := again.MarshalText(); string(rewritten) != string(written) {
			t.Fatalf("%q written as %s, then as %s", s, written, rewritten)
		}
	})
}
