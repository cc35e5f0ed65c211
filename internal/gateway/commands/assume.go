package commands

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// CLIRoleAssumer assumes roles with the AWS CLI's "sts assume-role", as
// the server's own principal: the aws-cli executor needs the CLI anyway,
// and the server binary then links no AWS SDK service client.
type CLIRoleAssumer struct {
	// Binary is the CLI; "aws" when empty.
	Binary string
	// Endpoint is STS's endpoint; AWS's own when empty.
	Endpoint string
	// Region signs the call; us-east-1 when empty.
	Region string
	// Credentials are the server's own, which the roles trust.
	Credentials aws.Credentials
}

// AssumeRole runs "aws sts assume-role". It returns STS's refusal, as the
// CLI prints it, when the call fails, and an error when its answer holds
// no credentials.
func (a CLIRoleAssumer) AssumeRole(ctx context.Context, roleARN, session string) (aws.Credentials, error) {
	bin := a.Binary
	if bin == "" {
		bin = "aws"
	}
	args := []string{"sts", "assume-role", "--role-arn", roleARN, "--role-session-name", session, "--duration-seconds", "900", "--output", "json"}
	if a.Endpoint != "" {
		args = append(args, "--endpoint-url", a.Endpoint)
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.TempDir()}, cliEnv(a.Credentials, cmpOr(a.Region, "us-east-1"))...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return aws.Credentials{}, fmt.Errorf("%w: %s", err, strings.TrimSpace(truncate(errOut.String(), 500)))
	}
	var answer struct {
		Credentials struct {
			AccessKeyID     string `json:"AccessKeyId"`
			SecretAccessKey string `json:"SecretAccessKey"`
			SessionToken    string `json:"SessionToken"`
		} `json:"Credentials"`
	}
	if err := json.Unmarshal(out.Bytes(), &answer); err != nil || answer.Credentials.AccessKeyID == "" {
		return aws.Credentials{}, fmt.Errorf("sts assume-role answered no credentials")
	}
	c := answer.Credentials
	return aws.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken}, nil
}
