package awsapi

import (
	"net/url"
	"reflect"
	"strconv"
	"testing"
)

// FuzzCloudFormationForm reads the awsQuery members of CloudFormation's
// requests (lists of parameters, tags and strings) from any form body:
// never a panic, the same reading twice, and a list read back from the
// form it writes.
func FuzzCloudFormationForm(f *testing.F) {
	for _, body := range []string{
		"", "Action=CreateStack&Parameters.member.1.ParameterKey=K&Parameters.member.1.ParameterValue=V",
		"Parameters.member.1.ParameterKey=K&Parameters.member.1.UsePreviousValue=true&Parameters.member.3.ParameterKey=skipped",
		"Tags.member.1.Key=a&Tags.member.1.Value=&Capabilities.member.1=CAPABILITY_IAM&Capabilities.member.2=x",
		"%zz", "StackStatusFilter.member.1=CREATE_COMPLETE&StackStatusFilter.member.1=twice",
	} {
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		a, b := stackInput(form), stackInput(form)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("two readings differ: %+v / %+v", a, b)
		}
		caps := formMembers(form, "Capabilities")
		again := url.Values{}
		for i, c := range caps {
			again.Set("Capabilities.member."+strconv.Itoa(i+1), c)
		}
		if got := formMembers(again, "Capabilities"); !reflect.DeepEqual(got, caps) {
			t.Fatalf("round trip: %q, want %q", got, caps)
		}
	})
}
