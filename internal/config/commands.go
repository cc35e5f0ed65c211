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
	// when empty. (App mentions are answered through Config.SlackAPIURL.)
	AWSCLI string
}

// validate returns what is wrong with c.
func (c Commands) validate() []error {
	var errs []error
	switch c.Executor {
	case "", ExecutorDecideOnly, ExecutorAWSCLI:
	default:
		errs = append(errs, fmt.Errorf("command executor %q: use %s or %s", c.Executor, ExecutorDecideOnly, ExecutorAWSCLI))
	}
	if v := c.Endpoint; v != "" {
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("command endpoint %q is not an http(s) URL", v))
		}
	}
	return errs
}
