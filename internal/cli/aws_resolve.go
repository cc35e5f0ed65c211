package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/processcreds"

	"github.com/chatgov/chatgov/internal/client"
)

// awsTarget is what a server command resolved: where to send requests,
// signed with which credentials for which region.
type awsTarget struct {
	endpoint string
	region   string
	creds    aws.Credentials
}

// resolveAWS resolves credentials, region and endpoint as the AWS CLI
// does, reading the environment through s (so that tests give their own)
// and the shared files (aws_shared.go):
//
//   - profile: --profile, else AWS_PROFILE, else "default"; a profile named
//     by either must exist in the shared config or credentials file
//     (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE; ~/.aws/config and
//     ~/.aws/credentials), whose keys win over the config file's.
//   - credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (with
//     AWS_SESSION_TOKEN) unless --profile is given, else the profile's
//     aws_access_key_id and aws_secret_access_key (with
//     aws_session_token), else its credential_process. A profile that
//     assumes a role or uses SSO is refused with the credential_process
//     that bridges it. The EC2 instance metadata service is not asked:
//     its credentials are AWS's, never a chatgov server's.
//   - region: AWS_REGION, else AWS_DEFAULT_REGION, else the profile's
//     region, else us-east-1.
//   - endpoint: --endpoint-url (or --server), else AWS_ENDPOINT_URL_CHATBOT,
//     else AWS_ENDPOINT_URL, else the profile's endpoint_url, else
//     CHATGOV_SERVER, else the default local server.
//
// Every failure is a usage error (exit 2) saying what to set.
func resolveAWS(ctx context.Context, s Streams, a serverArgs) (awsTarget, error) {
	var t awsTarget
	// A malformed URL of the command line or the environment is reported
	// before anything else.
	for _, c := range []struct{ what, url string }{{"--endpoint-url", a.epURL}, {"--server", a.url},
		{"AWS_ENDPOINT_URL_CHATBOT", s.getenv("AWS_ENDPOINT_URL_CHATBOT")}, {"AWS_ENDPOINT_URL", s.getenv("AWS_ENDPOINT_URL")}, {envServer, s.getenv(envServer)}} {
		if c.url != "" {
			if _, err := checkServerURL(c.what, c.url); err != nil {
				return t, err
			}
		}
	}
	profile, from := a.profile, "--profile"
	if profile == "" {
		profile, from = s.getenv("AWS_PROFILE"), "AWS_PROFILE"
	}
	named := profile != ""
	if !named {
		profile = "default"
	}
	settings, err := sharedProfile(s, profile)
	if err != nil {
		return t, err
	}
	if settings == nil && named {
		return t, usageErr("the profile %q (%s) is in neither the shared config nor the shared credentials file (see AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE)", profile, from)
	}
	key, secret := s.getenv("AWS_ACCESS_KEY_ID"), s.getenv("AWS_SECRET_ACCESS_KEY")
	switch {
	case a.profile == "" && key != "" && secret != "":
		t.creds = aws.Credentials{AccessKeyID: key, SecretAccessKey: secret, SessionToken: s.getenv("AWS_SESSION_TOKEN"), Source: "environment"}
	case settings["aws_access_key_id"] != "" && settings["aws_secret_access_key"] != "":
		t.creds = aws.Credentials{AccessKeyID: settings["aws_access_key_id"], SecretAccessKey: settings["aws_secret_access_key"],
			SessionToken: settings["aws_session_token"], Source: "profile " + profile}
	case settings["credential_process"] != "":
		t.creds, err = processcreds.NewProvider(settings["credential_process"]).Retrieve(ctx)
		if err != nil {
			return t, usageErr("the credential_process of profile %q failed: %v", profile, err)
		}
	case named:
		for _, k := range []string{"role_arn", "sso_session", "sso_start_url", "web_identity_token_file", "credential_source"} {
			if settings[k] != "" {
				return t, usageErr("the profile %q (%s) uses %s, which chatgov does not resolve; give the profile keys, or bridge it with the AWS CLI: credential_process = aws configure export-credentials --profile %s --format process",
					profile, from, k, profile)
			}
		}
		return t, usageErr("the profile %q (%s) gives no credentials: set aws_access_key_id and aws_secret_access_key, or credential_process", profile, from)
	default:
		return t, usageErr("no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials), or name a profile with --profile or AWS_PROFILE")
	}
	for _, r := range []string{s.getenv("AWS_REGION"), s.getenv("AWS_DEFAULT_REGION"), settings["region"], client.DefaultRegion} {
		if r != "" {
			t.region = r
			break
		}
	}
	candidates := []struct{ what, url string }{
		{"--endpoint-url", a.epURL}, {"--server", a.url},
		{"AWS_ENDPOINT_URL_CHATBOT", s.getenv("AWS_ENDPOINT_URL_CHATBOT")}, {"AWS_ENDPOINT_URL", s.getenv("AWS_ENDPOINT_URL")},
		{fmt.Sprintf("the endpoint_url of profile %q", profile), settings["endpoint_url"]},
		{envServer, s.getenv(envServer)}, {"the default server", defaultServer},
	}
	for _, c := range candidates {
		if c.url != "" {
			t.endpoint, err = checkServerURL(c.what, c.url)
			return t, err
		}
	}
	return t, nil
}

// sharedProfile returns a profile's settings from the shared config and
// credentials files (the latter's win), or nil when neither has it. A
// missing file is no file; an unreadable or malformed one is a usage
// error.
func sharedProfile(s Streams, profile string) (map[string]string, error) {
	home := s.getenv("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	files := []struct {
		env, def string
		config   bool
	}{{"AWS_CONFIG_FILE", filepath.Join(home, ".aws", "config"), true}, {"AWS_SHARED_CREDENTIALS_FILE", filepath.Join(home, ".aws", "credentials"), false}}
	var out map[string]string
	for _, f := range files {
		path := s.getenv(f.env)
		if path == "" {
			path = f.def
		}
		data, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) || errors.Is(err, os.ErrInvalid) {
			continue
		}
		if err != nil {
			return nil, usageErr("reading %s: %v", path, errors.Unwrap(err))
		}
		profiles, err := parseSharedFile(data, f.config)
		if err != nil {
			return nil, usageErr("%s: %v", path, err)
		}
		if p, ok := profiles[profile]; ok {
			if out == nil {
				out = map[string]string{}
			}
			for k, v := range p {
				out[k] = v
			}
		}
	}
	return out, nil
}
