package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// awsFiles writes a shared config and credentials file and returns the
// environment naming them, plus vars.
func awsFiles(t *testing.T, config, creds string, vars map[string]string) func(string) string {
	t.Helper()
	dir := t.TempDir()
	m := map[string]string{"AWS_CONFIG_FILE": writeFile(t, dir, "config", config),
		"AWS_SHARED_CREDENTIALS_FILE": writeFile(t, dir, "credentials", creds)}
	for k, v := range vars {
		m[k] = v
	}
	return func(k string) string { return m[k] }
}

// TestResolveAWS checks the order in which credentials, region and
// endpoint are taken, as the AWS CLI takes them, over real shared files.
func TestResolveAWS(t *testing.T) {
	t.Parallel()
	const config = `[default]
region = eu-west-1

[profile dev]
region = eu-central-1
endpoint_url = http://127.0.0.1:7001
aws_access_key_id = AKIACONFIGDEV
aws_secret_access_key = config-dev-secret

[profile proc]
credential_process = printf '{"Version":1,"AccessKeyId":"AKIAPROCESS","SecretAccessKey":"process-secret","SessionToken":"tok"}'

[profile empty]
region = ap-south-1
`
	const creds = `[default]
aws_access_key_id = AKIADEFAULTFILE
aws_secret_access_key = default-file-secret

[ops]
aws_access_key_id = AKIAOPSFILE
aws_secret_access_key = ops-file-secret
`
	keys := map[string]string{"AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret"}
	with := func(extra ...string) map[string]string {
		m := map[string]string{}
		for k, v := range keys {
			m[k] = v
		}
		for i := 0; i+1 < len(extra); i += 2 {
			m[extra[i]] = extra[i+1]
		}
		return m
	}
	tests := []struct {
		name                  string
		config, creds         string
		vars                  map[string]string
		args                  serverArgs
		key, region, endpoint string
		wantErr               string
	}{
		{name: "environment keys beat the default profile", config: config, creds: creds, vars: with(),
			key: "AKIAENV", region: "eu-west-1", endpoint: defaultServer},
		{name: "the default profile without keys in the environment", config: config, creds: creds,
			key: "AKIADEFAULTFILE", region: "eu-west-1", endpoint: defaultServer},
		{name: "--profile beats environment keys", config: config, creds: creds, vars: with(), args: serverArgs{profile: "ops"},
			key: "AKIAOPSFILE", region: "us-east-1", endpoint: defaultServer},
		{name: "environment keys beat AWS_PROFILE, whose settings apply", config: config, creds: creds, vars: with("AWS_PROFILE", "dev"),
			key: "AKIAENV", region: "eu-central-1", endpoint: "http://127.0.0.1:7001"},
		{name: "a profile that assumes a role", config: config + "\n[profile admin]\nrole_arn = arn:aws:iam::111122223333:role/admin\nsource_profile = ops\n", creds: creds,
			args: serverArgs{profile: "admin"}, wantErr: `the profile "admin" (--profile) uses role_arn, which chatgov does not resolve; give the profile keys, or bridge it with the AWS CLI: credential_process = aws configure export-credentials --profile admin --format process`},
		{name: "a failing credential_process", config: config + "\n[profile broken]\ncredential_process = false\n", creds: creds,
			args: serverArgs{profile: "broken"}, wantErr: `the credential_process of profile "broken" failed`},
		{name: "a malformed config file", config: "[default\nregion = x\n", creds: creds, vars: with(), wantErr: `config: line 1: section "[default" has no closing ]`},
		{name: "credentials file keys win over the config file's", config: "[default]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = s\nregion = eu-north-1\n", creds: creds,
			key: "AKIADEFAULTFILE", region: "eu-north-1", endpoint: defaultServer},
		{name: "AWS_PROFILE without keys", config: config, creds: creds, vars: map[string]string{"AWS_PROFILE": "dev"},
			key: "AKIACONFIGDEV", region: "eu-central-1", endpoint: "http://127.0.0.1:7001"},
		{name: "credential_process", config: config, creds: creds, args: serverArgs{profile: "proc"},
			key: "AKIAPROCESS", region: "us-east-1", endpoint: defaultServer},
		{name: "AWS_REGION beats AWS_DEFAULT_REGION and the profile", config: config, creds: creds,
			vars: with("AWS_REGION", "ca-central-1", "AWS_DEFAULT_REGION", "sa-east-1"), key: "AKIAENV", region: "ca-central-1", endpoint: defaultServer},
		{name: "AWS_DEFAULT_REGION", vars: with("AWS_DEFAULT_REGION", "sa-east-1"), key: "AKIAENV", region: "sa-east-1", endpoint: defaultServer},
		{name: "no files at all", vars: with(), key: "AKIAENV", region: "us-east-1", endpoint: defaultServer},
		{name: "--endpoint-url beats everything", config: config, creds: creds, args: serverArgs{profile: "dev", epURL: "http://127.0.0.1:7002/"},
			vars: with("AWS_ENDPOINT_URL", "http://127.0.0.1:7003", envServer, "http://127.0.0.1:7004"), key: "AKIACONFIGDEV", region: "eu-central-1", endpoint: "http://127.0.0.1:7002"},
		{name: "AWS_ENDPOINT_URL_CHATBOT beats AWS_ENDPOINT_URL", vars: with("AWS_ENDPOINT_URL_CHATBOT", "http://127.0.0.1:7005", "AWS_ENDPOINT_URL", "http://127.0.0.1:7003"),
			key: "AKIAENV", region: "us-east-1", endpoint: "http://127.0.0.1:7005"},
		{name: "AWS_ENDPOINT_URL beats the profile and CHATGOV_SERVER", config: config, creds: creds, args: serverArgs{profile: "dev"},
			vars: with("AWS_ENDPOINT_URL", "http://127.0.0.1:7003", envServer, "http://127.0.0.1:7004"), key: "AKIACONFIGDEV", region: "eu-central-1", endpoint: "http://127.0.0.1:7003"},
		{name: "CHATGOV_SERVER", vars: with(envServer, "https://chatgov.example.com"), key: "AKIAENV", region: "us-east-1", endpoint: "https://chatgov.example.com"},
		{name: "unknown --profile", config: config, creds: creds, vars: with(), args: serverArgs{profile: "nope"},
			wantErr: `the profile "nope" (--profile) is in neither the shared config nor the shared credentials file`},
		{name: "unknown AWS_PROFILE", config: config, creds: creds, vars: map[string]string{"AWS_PROFILE": "nope"},
			wantErr: `the profile "nope" (AWS_PROFILE) is in neither`},
		{name: "a profile without keys", config: config, creds: creds, args: serverArgs{profile: "empty"},
			wantErr: `the profile "empty" (--profile) gives no credentials`},
		{name: "nothing", wantErr: "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"},
		{name: "a key without its secret", vars: map[string]string{"AWS_ACCESS_KEY_ID": "AKIAENV"}, wantErr: "no credentials"},
		{name: "malformed AWS_ENDPOINT_URL", vars: with("AWS_ENDPOINT_URL", "127.0.0.1:4580"), wantErr: `AWS_ENDPOINT_URL "127.0.0.1:4580" is not a server URL`},
		{name: "malformed --endpoint-url", vars: with(), args: serverArgs{epURL: "ftp://x"}, wantErr: `--endpoint-url "ftp://x" is not a server URL`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			getenv := awsFiles(t, tc.config, tc.creds, tc.vars)
			if tc.config == "" {
				// Files that do not exist, so the user's own are not read.
				dir := t.TempDir()
				m := map[string]string{"AWS_CONFIG_FILE": filepath.Join(dir, "none"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "none2")}
				for k, v := range tc.vars {
					m[k] = v
				}
				getenv = func(k string) string { return m[k] }
			}
			got, err := resolveAWS(context.Background(), Streams{Env: getenv}, tc.args)
			if tc.wantErr != "" {
				ee, ok := err.(*exitError)
				if !ok || ee.code != ExitUsage || !strings.Contains(ee.msg, tc.wantErr) {
					t.Fatalf("err = %v, want a usage error with %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if g := fmt.Sprint(got.creds.AccessKeyID, " ", got.region, " ", got.endpoint); g != tc.key+" "+tc.region+" "+tc.endpoint {
				t.Errorf("resolved %q, want %q", g, tc.key+" "+tc.region+" "+tc.endpoint)
			}
		})
	}
}

// TestServerCommandsWithProfiles signs real requests with what a profile
// and the endpoint variables give.
func TestServerCommandsWithProfiles(t *testing.T) {
	t.Parallel()
	ls := startLiveServer(t)
	ls.org()
	creds := fmt.Sprintf("[mgmt]\naws_access_key_id = %s\naws_secret_access_key = %s\n\n[wrong]\naws_access_key_id = %s\naws_secret_access_key = not-the-secret\n",
		testRootKey, testRootSecret, testRootKey)
	config := "[profile withendpoint]\nendpoint_url = " + ls.srv.URL() + "\naws_access_key_id = " + testRootKey + "\naws_secret_access_key = " + testRootSecret + "\n"
	tests := []struct {
		name string
		vars map[string]string
		args []string
		code int
		want string
	}{
		{"--profile and --endpoint-url", nil, []string{"directory", "list", "--profile", "mgmt", "--endpoint-url", ls.srv.URL()}, ExitOK, "Slack channels: 0"},
		{"AWS_PROFILE and AWS_ENDPOINT_URL", map[string]string{"AWS_PROFILE": "mgmt", "AWS_ENDPOINT_URL": ls.srv.URL()}, []string{"directory", "list"}, ExitOK, "Slack channels: 0"},
		{"the profile's endpoint_url", nil, []string{"directory", "list", "--profile", "withendpoint"}, ExitOK, "Slack channels: 0"},
		{"a profile with the wrong secret", map[string]string{"AWS_ENDPOINT_URL": ls.srv.URL()}, []string{"directory", "list", "--profile", "wrong"}, ExitUsage, "InvalidSignatureException"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			expect(t, awsFiles(t, config, creds, tc.vars), "", tc.code, []string{tc.want}, tc.args...)
		})
	}
}

func TestParseSharedFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		data    string
		config  bool
		want    string // profile=key:value pairs, sorted
		wantErr string
	}{
		{"config", "# c\n[default]\nregion = eu-west-1\n\n[profile dev]\nendpoint_url=http://x\ns3 =\n  max_concurrent_requests = 20\n[sso-session s]\nsso_region = x\n", true,
			"default=region:eu-west-1 dev=endpoint_url:http://x dev=s3:", ""},
		{"credentials", "[ops]\nAWS_Access_Key_Id = AKIA\n; c\naws_secret_access_key = s=x\n", false, "ops=aws_access_key_id:AKIA ops=aws_secret_access_key:s=x", ""},
		{"[profile x] in the credentials file is a profile named so", "[profile x]\nregion = r\n", false, "profile x=region:r", ""},
		{"a setting before a section", "region = x\n", true, "", "line 1: a setting before any [section]"},
		{"not key = value", "[default]\nregion\n", true, "", `line 2: expected key = value, not "region"`},
		{"an empty section name", "[]\n", false, "", "line 1: a section without a name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseSharedFile([]byte(tc.data), tc.config)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var pairs []string
			for p, kv := range got {
				for k, v := range kv {
					pairs = append(pairs, p+"="+k+":"+v)
				}
			}
			sort.Strings(pairs)
			if g := strings.Join(pairs, " "); g != tc.want {
				t.Errorf("got %q, want %q", g, tc.want)
			}
		})
	}
}

func FuzzParseSharedFile(f *testing.F) {
	f.Add([]byte("[default]\nregion = eu-west-1\n[profile dev]\ns3 =\n  x = 1\n"), true)
	f.Add([]byte("[ops]\naws_access_key_id = A\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, config bool) {
		profiles, err := parseSharedFile(data, config)
		if err == nil && profiles == nil {
			t.Fatal("no profiles and no error")
		}
	})
}
