package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"

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
// does, through the AWS SDK's shared configuration loader, reading the
// environment through s (so that tests give their own):
//
//   - credentials: --profile, else AWS_ACCESS_KEY_ID and
//     AWS_SECRET_ACCESS_KEY (with AWS_SESSION_TOKEN), else AWS_PROFILE,
//     else the default profile of the shared credentials and config files
//     (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE; ~/.aws/credentials and
//     ~/.aws/config). Profiles may use credential_process, role_arn with
//     source_profile, SSO and web identity as the SDK supports them. The
//     EC2 instance metadata service is not asked: its credentials are
//     AWS's, never a chatgov server's.
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
	opts := []func(*config.LoadOptions) error{
		config.WithEC2IMDSClientEnableState(imds.ClientDisabled),
		// A name that is never a variable: the profile comes from the
		// options below, not from the process's AWS_PROFILE.
		config.WithSharedConfigProfile(config.DefaultSharedConfigProfile),
	}
	if f := s.getenv("AWS_CONFIG_FILE"); f != "" {
		opts = append(opts, config.WithSharedConfigFiles([]string{f}))
	}
	if f := s.getenv("AWS_SHARED_CREDENTIALS_FILE"); f != "" {
		opts = append(opts, config.WithSharedCredentialsFiles([]string{f}))
	}
	profile, from := a.profile, "--profile"
	key, secret := s.getenv("AWS_ACCESS_KEY_ID"), s.getenv("AWS_SECRET_ACCESS_KEY")
	envKeys := profile == "" && key != "" && secret != ""
	if profile == "" && !envKeys {
		profile, from = s.getenv("AWS_PROFILE"), "AWS_PROFILE"
	}
	var static aws.CredentialsProvider
	switch {
	case profile != "":
		opts[1] = config.WithSharedConfigProfile(profile)
	case envKeys:
		static = credentials.NewStaticCredentialsProvider(key, secret, s.getenv("AWS_SESSION_TOKEN"))
		opts = append(opts, config.WithCredentialsProvider(static))
	}
	envRegion := s.getenv("AWS_REGION")
	if envRegion == "" {
		envRegion = s.getenv("AWS_DEFAULT_REGION")
	}
	if envRegion != "" {
		opts = append(opts, config.WithRegion(envRegion))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	var missing config.SharedConfigProfileNotExistError
	switch {
	case errors.As(err, &missing) && profile != "":
		return t, usageErr("the profile %q (%s) is in neither the shared config nor the shared credentials file (see AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE)", profile, from)
	case errors.As(err, &missing):
		// No default profile: the environment is all there is.
		cfg, err = aws.Config{Region: envRegion, Credentials: static}, nil
	case err != nil:
		return t, usageErr("reading the AWS configuration: %v", err)
	}
	if cfg.Credentials != nil {
		t.creds, err = cfg.Credentials.Retrieve(ctx)
	}
	if err != nil || !t.creds.HasKeys() {
		if profile != "" {
			return t, usageErr("the profile %q (%s) gives no credentials: %v", profile, from, err)
		}
		return t, usageErr("no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials), or name a profile with --profile or AWS_PROFILE")
	}
	t.region = cfg.Region
	if t.region == "" {
		t.region = client.DefaultRegion
	}
	candidates := []struct{ what, url string }{
		{"--endpoint-url", a.epURL}, {"--server", a.url},
		{"AWS_ENDPOINT_URL_CHATBOT", s.getenv("AWS_ENDPOINT_URL_CHATBOT")}, {"AWS_ENDPOINT_URL", s.getenv("AWS_ENDPOINT_URL")},
		{fmt.Sprintf("the endpoint_url of profile %q", profileName(profile)), sharedEndpoint(cfg)},
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

func profileName(p string) string {
	if p == "" {
		return config.DefaultSharedConfigProfile
	}
	return p
}

// sharedEndpoint is the endpoint_url of the chosen profile (services'
// own endpoint_url sections are not read). The SDK folds the process's
// AWS_ENDPOINT_URL in too; that is the same variable s reads unless a
// test replaced the environment.
func sharedEndpoint(cfg aws.Config) string {
	if cfg.BaseEndpoint == nil {
		return ""
	}
	return strings.TrimSpace(*cfg.BaseEndpoint)
}
