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

// FuzzCloudFormationNextToken pages a list of 250 items with any token:
// never a panic; a token is either refused or starts a page right after
// the item it names, and the token a page returns leads to the next one.
func FuzzCloudFormationNextToken(f *testing.F) {
	items := make([]string, 250)
	for i := range items {
		items[i] = "item-" + strconv.Itoa(i)
	}
	key := func(s string) string { return s }
	_, tok, _ := cfnPage(url.Values{}, "ListStacks", items, key)
	for _, seed := range []string{"", tok, "not a token", "TGlzdFN0YWNrcwppdGVtLTk5", "TGlzdFN0YWNrcw"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		page, next, err := cfnPage(url.Values{"NextToken": {tok}}, "ListStacks", items, key)
		if err != nil {
			return
		}
		if len(page) == 0 && tok != "" && next != "" {
			t.Fatalf("an empty page with a next token")
		}
		if next == "" {
			return
		}
		more, _, err := cfnPage(url.Values{"NextToken": {next}}, "ListStacks", items, key)
		if err != nil || len(more) == 0 || more[0] == page[len(page)-1] {
			t.Fatalf("the token after %v leads to %v, %v", page[len(page)-1], more, err)
		}
	})
}
