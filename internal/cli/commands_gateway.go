package cli

import (
	"log/slog"
	"net/http"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/chatgov/chatgov/internal/config"
	"github.com/chatgov/chatgov/internal/gateway/commands"
	"github.com/chatgov/chatgov/internal/gov"
)

// commandExecutor builds the executor --command-executor names. aws-cli
// assumes roles with the server process's own AWS credentials (the
// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN of its
// environment, AWS_REGION) at the command endpoint's STS, through the
// AWS CLI.
func commandExecutor(c config.Commands, getenv func(string) string) commands.Executor {
	if c.Executor != config.ExecutorAWSCLI {
		return commands.DecideOnly{}
	}
	assumer := commands.CLIRoleAssumer{Binary: c.AWSCLI, Endpoint: c.Endpoint, Region: getenv("AWS_REGION"),
		Credentials: aws.Credentials{AccessKeyID: getenv("AWS_ACCESS_KEY_ID"), SecretAccessKey: getenv("AWS_SECRET_ACCESS_KEY"),
			SessionToken: getenv("AWS_SESSION_TOKEN")}}
	return &commands.AWSCLI{STS: assumer, Endpoint: c.Endpoint, Binary: c.AWSCLI}
}

// withCommands serves the chat gateway's command endpoints next to api.
func withCommands(svc *gov.Service, cfg config.Config, exec commands.Executor, log *slog.Logger, api http.Handler) (*commands.Handler, http.Handler) {
	if exec == nil {
		exec = commandExecutor(cfg.Commands, os.Getenv)
	}
	gw := commands.New(commands.Options{Gov: svc, Tokens: svc, Executor: exec, SlackAPIURL: cfg.SlackAPIURL,
		Logger: log.With("component", "commands"), MaxBodyBytes: cfg.MaxBodyBytes})
	return gw, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if commands.Serves(r.URL.Path) {
			gw.ServeHTTP(w, r)
			return
		}
		api.ServeHTTP(w, r)
	})
}
