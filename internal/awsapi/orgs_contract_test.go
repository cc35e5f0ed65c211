package awsapi

// The contract of every Organizations operation, checked against the AWS
// SDK for Go's own serializer and deserializer: each operation of the
// route table is called through the SDK's client with every input member
// set, over a transport that answers with the operation's response type,
// every member filled. The request the SDK wrote must decode into the
// request type, whose members must all be members the SDK writes; and the
// SDK must read back every member of the response, with its value.

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
	"github.com/google/go-cmp/cmp"

	"github.com/chatgov/chatgov/internal/awsapi/orgswire"
	"github.com/chatgov/chatgov/internal/awsapi/stswire"
)

// cannedTransport answers every request with one body and keeps the last
// request's body and target.
type cannedTransport struct {
	contentType string
	answer      []byte
	sent        []byte
	target      string
}

func (c *cannedTransport) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		c.sent, _ = io.ReadAll(req.Body)
	}
	c.target = req.Header.Get("X-Amz-Target")
	return &http.Response{StatusCode: http.StatusOK, Status: "200 OK", Request: req, ContentLength: int64(len(c.answer)),
		Header: http.Header{"Content-Type": {c.contentType}}, Body: io.NopCloser(bytes.NewReader(c.answer))}, nil
}

// contractTime is the time every filled timestamp holds.
var contractTime = time.Date(2030, 1, 2, 3, 4, 5, 678e6, time.UTC)

var (
	epochType = reflect.TypeFor[orgswire.Epoch]()
	timeType  = reflect.TypeFor[time.Time]()
)

// filler sets every exported member of a value: each string to a value of
// its own, numbers to a count, booleans to true, timestamps to
// contractTime, lists to one element, structures and pointers all the way
// down (a recursive structure to two levels).
type filler struct{ n int }

func (f *filler) fill(v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.String:
		f.n++
		v.SetString("v" + strconv.Itoa(f.n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int32, reflect.Int64:
		f.n++
		v.SetInt(int64(f.n))
	case reflect.Pointer:
		if depth < 6 {
			p := reflect.New(v.Type().Elem())
			f.fill(p.Elem(), depth+1)
			v.Set(p)
		}
	case reflect.Slice:
		if depth < 6 {
			s := reflect.MakeSlice(v.Type(), 1, 1)
			f.fill(s.Index(0), depth+1)
			v.Set(s)
		}
	case reflect.Struct:
		switch v.Type() {
		case epochType:
			v.Set(reflect.ValueOf(orgswire.Epoch(contractTime)))
			return
		case timeType:
			v.Set(reflect.ValueOf(contractTime))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && v.Type().Field(i).Type != reflect.TypeFor[middleware.Metadata]() {
				f.fill(v.Field(i), depth+1)
			}
		}
	}
}

// memberPaths lists the JSON member paths of a Go type under path
// ("Filter.ActionType", "Tags[].Key"), as its json tags name them.
func memberPaths(t reflect.Type, path string, depth int) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case depth > 4:
		return nil
	case t.Kind() == reflect.Slice:
		return memberPaths(t.Elem(), path+"[]", depth+1)
	case t.Kind() != reflect.Struct || t == epochType:
		return nil
	}
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		out = append(out, memberPath(path, name))
		out = append(out, memberPaths(f.Type, memberPath(path, name), depth+1)...)
	}
	return out
}

func memberPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// valuePaths lists the member paths of a decoded JSON value under path.
func valuePaths(v any, path string) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			out = append(out, memberPath(path, k))
			out = append(out, valuePaths(e, memberPath(path, k))...)
		}
	case []any:
		for _, e := range v {
			out = append(out, valuePaths(e, path+"[]")...)
		}
	}
	return out
}

// comparableJSON makes a JSON value written by chatgov and one written from
// the SDK's output comparable: numbers and RFC 3339 times both become
// seconds since the epoch as text; members without a value (null, "",
// false, and the SDK's ResultMetadata) go.
func comparableJSON(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range v {
			if k == "ResultMetadata" {
				continue
			}
			if c := comparableJSON(e); c != nil && c != "" && c != false {
				out[k] = c
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = comparableJSON(e)
		}
		return out
	case json.Number:
		return v.String()
	case string:
		if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
			return strconv.FormatFloat(float64(t.UnixMilli())/1000, 'f', -1, 64)
		}
	}
	return v
}

func decodeAny(t *testing.T, what string, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%s does not decode: %v\n%s", what, err, b)
	}
	return v
}

// noInputValidation removes the SDK's check of required members, so that
// each request reaches the transport whatever its members. (Operations
// without required members have no such check.)
func noInputValidation(s *middleware.Stack) error {
	_, _ = s.Initialize.Remove("OperationInputValidation")
	return nil
}

func TestOrganizationsContractMatchesSDK(t *testing.T) {
	t.Parallel()
	names := make([]string, 0, len(organizationsOps))
	for name := range organizationsOps {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		o := organizationsOps[name]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var f filler
			resp := reflect.New(o.response)
			f.fill(resp.Elem(), 0)
			answer, err := json.Marshal(resp.Interface())
			if err != nil {
				t.Fatal(err)
			}
			transport := &cannedTransport{contentType: organizationsContentType, answer: answer}
			client := organizations.New(organizations.Options{Region: "us-east-1", BaseEndpoint: aws.String("http://chatgov.invalid"),
				Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""), HTTPClient: transport, RetryMaxAttempts: 1,
				APIOptions: []func(*middleware.Stack) error{noInputValidation}})
			method := reflect.ValueOf(client).MethodByName(name)
			if !method.IsValid() {
				t.Fatalf("the SDK's Organizations client has no operation %s", name)
			}
			in := reflect.New(method.Type().In(1).Elem())
			f.fill(in.Elem(), 0)
			results := method.Call([]reflect.Value{reflect.ValueOf(context.Background()), in})
			if err, _ := results[1].Interface().(error); err != nil {
				t.Fatalf("the SDK does not read the answer %s: %v", answer, err)
			}

			// The request.
			if transport.target != organizationsTargetPrefix+name {
				t.Errorf("the SDK sent X-Amz-Target %q", transport.target)
			}
			if err := decodeJSON(transport.sent, reflect.New(o.request).Interface()); err != nil {
				t.Errorf("the SDK's request does not decode into %v: %v\n%s", o.request, err, transport.sent)
			}
			sent := valuePaths(decodeAny(t, "the SDK's request", transport.sent), "")
			for _, p := range memberPaths(o.request, "", 0) {
				if !slices.Contains(sent, p) {
					t.Errorf("%v has member %s, which the SDK does not send (it sends %v)", o.request, p, sent)
				}
			}

			// The response.
			read, err := json.Marshal(results[0].Interface())
			if err != nil {
				t.Fatal(err)
			}
			want, got := comparableJSON(decodeAny(t, "the answer", answer)), comparableJSON(decodeAny(t, "the SDK's output", read))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("the SDK does not read back every member of %v (-written +read):\n%s", o.response, diff)
			}
		})
	}
}

// TestSTSContractMatchesSDK checks STS's answers the same way, through the
// SDK's STS client.
func TestSTSContractMatchesSDK(t *testing.T) {
	t.Parallel()
	client := func(answer any) (*sts.Client, *cannedTransport) {
		b, err := xml.Marshal(answer)
		if err != nil {
			t.Fatal(err)
		}
		tr := &cannedTransport{contentType: "text/xml", answer: append([]byte(xml.Header), b...)}
		return sts.New(sts.Options{Region: "us-east-1", BaseEndpoint: aws.String("http://chatgov.invalid"),
			Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""), HTTPClient: tr, RetryMaxAttempts: 1}), tr
	}
	ctx := context.Background()

	var f filler
	var assumed stswire.AssumeRoleResponse
	f.fill(reflect.ValueOf(&assumed).Elem(), 0)
	assumed.Xmlns = stswire.Namespace
	assumed.Result.Credentials.Expiration = stswire.Timestamp(contractTime)
	c, tr := client(assumed)
	out, err := c.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::1:role/R"), RoleSessionName: aws.String("ops"), DurationSeconds: aws.Int32(900)})
	if err != nil {
		t.Fatal(err)
	}
	form, err := url.ParseQuery(string(tr.sent))
	if err != nil {
		t.Fatal(err)
	}
	if in, err := stswire.ParseAssumeRoleRequest(form); err != nil || in.RoleARN != "arn:aws:iam::1:role/R" || in.RoleSessionName != "ops" ||
		in.DurationSeconds == nil || *in.DurationSeconds != 900 {
		t.Errorf("the SDK's AssumeRole request %s reads as %+v (%v)", tr.sent, in, err)
	}
	cr, who := assumed.Result.Credentials, assumed.Result.AssumedRoleUser
	if got := fmt.Sprint(*out.Credentials.AccessKeyId, *out.Credentials.SecretAccessKey, *out.Credentials.SessionToken,
		out.Credentials.Expiration.Equal(contractTime.Truncate(time.Second)), *out.AssumedRoleUser.AssumedRoleId, *out.AssumedRoleUser.Arn); got !=
		fmt.Sprint(cr.AccessKeyID, cr.SecretAccessKey, cr.SessionToken, true, who.AssumedRoleID, who.ARN) {
		t.Errorf("AssumeRole read as %+v %+v", out.Credentials, out.AssumedRoleUser)
	}

	var identity stswire.GetCallerIdentityResponse
	f.fill(reflect.ValueOf(&identity).Elem(), 0)
	identity.Xmlns = stswire.Namespace
	c, _ = client(identity)
	id, err := c.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if r := identity.Result; *id.UserId != r.UserID || *id.Account != r.Account || *id.Arn != r.ARN {
		t.Errorf("GetCallerIdentity read as %s %s %s, want %+v", *id.UserId, *id.Account, *id.Arn, r)
	}
}
