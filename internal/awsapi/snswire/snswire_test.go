package snswire_test

import (
	"net/url"
	"reflect"
	"testing"

	"github.com/chatgov/chatgov/internal/awsapi/snswire"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		want       snswire.PublishRequest
		wantErr    bool
	}{
		{"plain", "Action=Publish&TopicArn=arn&Message=hi&Subject=s",
			snswire.PublishRequest{TopicARN: "arn", Message: "hi", Subject: "s"}, false},
		{"attributes", "TopicArn=a&Message=m&MessageAttributes.entry.1.Name=sev&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=high" +
			"&MessageAttributes.entry.2.Name=b&MessageAttributes.entry.2.Value.DataType=Binary&MessageAttributes.entry.2.Value.BinaryValue=aGk%3D",
			snswire.PublishRequest{TopicARN: "a", Message: "m", Attributes: map[string]snswire.MessageAttribute{
				"sev": {DataType: "String", Value: "high"}, "b": {DataType: "Binary", Value: "hi"}}}, false},
		{"bad index", "MessageAttributes.entry.x.Name=a", snswire.PublishRequest{}, true},
		{"zero-padded index", "MessageAttributes.entry.01.Name=a", snswire.PublishRequest{}, true},
		{"duplicate attribute", "MessageAttributes.entry.1.Name=a&MessageAttributes.entry.2.Name=a", snswire.PublishRequest{}, true},
		{"bad base64", "MessageAttributes.entry.1.Name=a&MessageAttributes.entry.1.Value.BinaryValue=***", snswire.PublishRequest{}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			form, err := url.ParseQuery(tc.body)
			if err != nil && !tc.wantErr {
				t.Fatal(err)
			}
			got, err := snswire.ParsePublish(form)
			if (err != nil) != tc.wantErr {
				t.Fatalf("error %v, want error %v", err, tc.wantErr)
			}
			if !tc.wantErr && !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
	form, _ := url.ParseQuery("TopicArn=t&PublishBatchRequestEntries.member.2.Id=b&PublishBatchRequestEntries.member.2.Message=2" +
		"&PublishBatchRequestEntries.member.1.Id=a&PublishBatchRequestEntries.member.1.Message=1&PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Name=k" +
		"&PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Value.DataType=String&PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Value.StringValue=v")
	topic, entries, err := snswire.ParsePublishBatch(form)
	if err != nil || topic != "t" || len(entries) != 2 || entries[0].ID != "a" || entries[1].ID != "b" || entries[0].Attributes["k"].Value != "v" {
		t.Errorf("ParsePublishBatch: %q %+v %v", topic, entries, err)
	}
	form, _ = url.ParseQuery("Name=n&Attributes.entry.1.key=DisplayName&Attributes.entry.1.value=D&Tags.member.1.Key=k&Tags.member.1.Value=v")
	ct, err := snswire.ParseCreateTopic(form)
	if err != nil || ct.Attributes["DisplayName"] != "D" || ct.Tags["k"] != "v" {
		t.Errorf("ParseCreateTopic: %+v %v", ct, err)
	}
}

// FuzzParse checks that no form makes the parsers panic, and that they
// answer the same twice.
func FuzzParse(f *testing.F) {
	f.Add("Action=Publish&TopicArn=a&Message=m&MessageAttributes.entry.1.Name=x&MessageAttributes.entry.1.Value.DataType=String")
	f.Add("PublishBatchRequestEntries.member.1.Id=a&PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Name=b")
	f.Add("Tags.member.1.Key=k&Tags.member.2.Key=k&TagKeys.member.1=a&Attributes.entry.1.key=z")
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		p1, e1 := snswire.ParsePublish(form)
		p2, e2 := snswire.ParsePublish(form)
		if (e1 == nil) != (e2 == nil) || !reflect.DeepEqual(p1, p2) {
			t.Fatalf("ParsePublish is not deterministic")
		}
		_, _, _ = snswire.ParsePublishBatch(form)
		_, _ = snswire.ParseCreateTopic(form)
		_, _ = snswire.TagKeys(form)
	})
}
