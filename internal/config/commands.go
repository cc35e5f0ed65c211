package config

import (
	"fmt"
	"net/url"
)

// Command executors, as --command-executor names them.
const (
	ExecutorDecideOnly = "decide-only"
	ExecutorAWSCLI     = "aws-cli"
)

// Commands configures the commands typed in chat.
type Commands struct {
	// Executor is ExecutorDecideOnly (answer with the request a command
	// would make) or ExecutorAWSCLI (run it); decide-only when empty.
	Executor string
	// Endpoint is the AWS endpoint the aws-cli executor assumes roles at
	// (STS) and runs commands against; AWS's own when empty.
	Endpoint string
	// AWSCLI is the AWS CLI the aws-cli executor runs; "aws" from PATH
	// when empty.
	AWSCLI string
	// SlackAPIURL is the Slack Web API's base URL the gateway answers
	// app mentions through; Slack's when empty.
	SlackAPIURL string
}

// validate returns what is wrong with c.
func (c Commands) validate() []error {
	var errs []error
	switch c.Executor {
	case "", ExecutorDecideOnly, ExecutorAWSCLI:
	default:
		errs = append(errs, fmt.Errorf("command executor %q: use %s or %s", c.Executor, ExecutorDecideOnly, ExecutorAWSCLI))
	}
	for name, v := range map[string]string{"command endpoint": c.Endpoint, "Slack API URL": c.SlackAPIURL} {
		if v == "" {
			continue
		}
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("%s %q is not an http(s) URL", name, v))
		}
	}
	return errs
}
