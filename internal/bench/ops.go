package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/chatgov/chatgov/internal/client"
)

// The names of the measured operations, as reported.
const (
	OpDescribe = "DescribeEffectivePolicy"
	OpCreate   = "CreateSlackChannelConfiguration"
	OpSimulate = "simulate-chat-command"
)

// chatCommands are the commands simulate-chat-command is asked about: reads
// and writes, commands SCPs deny by action, by region and by resource,
// commands AWS Chatbot blocks, and commands guardrails let through.
var chatCommands = []string{
	"@aws ec2 describe-instances --region us-west-2",
	"@aws cloudwatch describe-alarms",
	"@aws lambda invoke --function-name deploy out.json",
	"@aws rds delete-db-cluster --db-cluster-identifier prod-main --region eu-west-1",
	"@aws s3api delete-bucket --bucket prod-logs",
	"@aws ecs list-clusters --region ap-southeast-2",
	"@aws iam list-roles",
	"@aws ssm start-automation-execution --document-name AWS-RestartEC2Instance",
	"@aws logs describe-log-groups",
	"@aws dynamodb delete-table --table-name prod-orders",
	"@aws ec2 terminate-instances --instance-ids i-0123456789abcdef0 --region eu-central-1",
	"@aws cloudwatch get-metric-statistics --namespace AWS/EC2 --metric-name CPUUtilization --start-time 2026-01-01T00:00:00Z --end-time 2026-01-01T01:00:00Z --period 300 --statistics Average",
}

// operation is one measured call, made the same way against chatgov and
// against the bare handler.
type operation struct {
	name string
	// probe calls chatgov for real and returns a typical answer (the median
	// by size of a few), which the bare handler then repeats.
	probe func(ctx context.Context) (Response, error)
	// spec is what a load process needs to make the calls.
	spec opSpec
	// write says whether each call changes the state, and so whether its
	// replication lag is measured.
	write bool
}

// opSpec is a measured operation as data, sent to the load process
// (loader.go), which makes the calls from it.
type opSpec struct {
	Name string `json:"name"`
	// Creds are the caller's, for DescribeEffectivePolicy and
	// simulate-chat-command.
	Creds aws.Credentials `json:"creds"`
	// Targets are the member accounts DescribeEffectivePolicy asks about,
	// or the configurations simulate-chat-command runs commands in.
	Targets []string `json:"targets,omitempty"`
	// Creators make CreateSlackChannelConfiguration's calls, naming each
	// configuration NamePrefix and a sequence number: every load process
	// gets a prefix of its own.
	Creators   []creator `json:"creators,omitempty"`
	NamePrefix string    `json:"name_prefix,omitempty"`
}

// callers returns the calls against each of endpoints (the replicas, in
// order); the creates of all of them number their configurations in one
// sequence, so that no two share a name.
func (s opSpec) callers(endpoints []string, hc *http.Client) ([]call, error) {
	var seq atomic.Int64
	calls := make([]call, len(endpoints))
	for i, e := range endpoints {
		c, err := s.caller(e, hc, &seq)
		if err != nil {
			return nil, err
		}
		calls[i] = c
	}
	return calls, nil
}

// caller returns the call against endpoint; SDK clients send through hc,
// so that each measurement has connections of its own. Creates take their
// names' numbers from seq.
func (s opSpec) caller(endpoint string, hc *http.Client, seq *atomic.Int64) (call, error) {
	switch s.Name {
	case OpDescribe:
		if len(s.Targets) == 0 {
			return nil, errors.New("DescribeEffectivePolicy needs target accounts")
		}
		return describeCall(orgsClient(endpoint, s.Creds, hc, measured), s.Targets), nil
	case OpSimulate:
		if len(s.Targets) == 0 {
			return nil, errors.New("simulate-chat-command needs configurations")
		}
		return simulateCall(client.New(endpoint, s.Creds), s.Targets), nil
	case OpCreate:
		if len(s.Creators) == 0 {
			return nil, errors.New("CreateSlackChannelConfiguration needs creators")
		}
		return createCall(endpoint, hc, s.Creators, s.NamePrefix, seq), nil
	}
	return nil, fmt.Errorf("unknown operation %q", s.Name)
}

// The retryers of the SDK clients: the measured clients make no retries,
// so that a failure is counted instead of being hidden in a longer latency
// (do retries the one failure that is the client's own); the clients that
// set a measurement up retry as the SDK does by default.
var (
	measured = func() aws.Retryer { return aws.NopRetryer{} }
	setup    = func() aws.Retryer { return retry.NewStandard() }
)

// sdkConfig is the SDK configuration of every client: static credentials.
func sdkConfig(creds aws.Credentials, hc *http.Client, retryer func() aws.Retryer) aws.Config {
	return aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.StaticCredentialsProvider{Value: creds},
		HTTPClient:  hc,
		Retryer:     retryer,
	}
}

func orgsClient(endpoint string, creds aws.Credentials, hc *http.Client, retryer func() aws.Retryer) *organizations.Client {
	return organizations.NewFromConfig(sdkConfig(creds, hc, retryer), func(o *organizations.Options) { o.BaseEndpoint = aws.String(endpoint) })
}

func chatbotClient(endpoint string, creds aws.Credentials, hc *http.Client, retryer func() aws.Retryer) *chatbot.Client {
	return chatbot.NewFromConfig(sdkConfig(creds, hc, retryer), func(o *chatbot.Options) { o.BaseEndpoint = aws.String(endpoint) })
}

// medianBySize returns the response of median body size.
func medianBySize(rs []Response) Response {
	slices.SortFunc(rs, func(a, b Response) int { return len(a.Body) - len(b.Body) })
	return rs[len(rs)/2]
}

// probeCount is how many real answers a probe looks at.
const probeCount = 15

// describeOp is DescribeEffectivePolicy of CHATBOT_POLICY for random
// member accounts, called by the management account.
func (h *harness) describeOp() operation {
	targets := h.fleet.members
	return operation{
		name: OpDescribe,
		probe: func(ctx context.Context) (Response, error) {
			rec := &recorder{base: http.DefaultTransport}
			c := orgsClient(h.url, h.root, &http.Client{Transport: rec, Timeout: time.Minute}, setup)
			rng := rand.New(rand.NewPCG(h.opts.Seed, 0xd35c))
			var rs []Response
			for range probeCount {
				target := targets[rng.IntN(len(targets))]
				if _, err := c.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{
					PolicyType: orgtypes.EffectivePolicyTypeChatbotPolicy, TargetId: aws.String(target)}); err != nil {
					return Response{}, fmt.Errorf("DescribeEffectivePolicy %s: %w", target, err)
				}
				rs = append(rs, rec.response())
			}
			return medianBySize(rs), nil
		},
		spec: opSpec{Name: OpDescribe, Creds: h.root, Targets: targets},
	}
}

func describeCall(c *organizations.Client, targets []string) call {
	return func(ctx context.Context, rng *rand.Rand) error {
		_, err := c.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{
			PolicyType: orgtypes.EffectivePolicyTypeChatbotPolicy, TargetId: aws.String(targets[rng.IntN(len(targets))])})
		return err
	}
}

// simulateInput is a random simulate-chat-command request on one of arns.
func simulateInput(rng *rand.Rand, arns []string) map[string]string {
	return map[string]string{"ChatConfigurationArn": arns[rng.IntN(len(arns))], "Command": chatCommands[rng.IntN(len(chatCommands))]}
}

// simulateOp is simulate-chat-command on existing configurations, with a
// mix of commands, called by the management account through
// internal/client. That client sends through http.DefaultTransport, whose
// idle connections a load process allows for; hc is not used.
func (h *harness) simulateOp() operation {
	arns := h.fleet.configARNs
	return operation{
		name: OpSimulate,
		probe: func(ctx context.Context) (Response, error) {
			c := client.New(h.url, h.root)
			rng := rand.New(rand.NewPCG(h.opts.Seed, 0x5133))
			var rs []Response
			for range probeCount {
				// The raw JSON is the body as the server sent it, give or take
				// white space around it.
				var raw json.RawMessage
				in := simulateInput(rng, arns)
				if err := c.Call(ctx, "simulate-chat-command", in, &raw); err != nil {
					return Response{}, fmt.Errorf("simulate-chat-command %v: %w", in, err)
				}
				rs = append(rs, Response{Status: http.StatusOK, Body: raw,
					Header: http.Header{"Content-Type": {"application/json"}, "X-Amzn-Requestid": {"00000000-0000-4000-8000-000000000000"}}})
			}
			return medianBySize(rs), nil
		},
		spec: opSpec{Name: OpSimulate, Creds: h.root, Targets: arns},
	}
}

func simulateCall(c *client.Client, arns []string) call {
	type verdict struct{ Decision string }
	return func(ctx context.Context, rng *rand.Rand) error {
		var v verdict
		if err := c.Call(ctx, "simulate-chat-command", simulateInput(rng, arns), &v); err != nil {
			return err
		}
		if v.Decision == "" {
			return errors.New("simulate-chat-command answered no Decision")
		}
		return nil
	}
}

// creator is a member account that creates configurations, with
// credentials from AssumeRole and a Slack channel its policies allow.
type creator struct {
	Account  string                                        `json:"account"`
	Creds    aws.Credentials                               `json:"creds"`
	Template *chatbot.CreateSlackChannelConfigurationInput `json:"template"`
}

// prepareCreators assumes the role of member accounts with Slack
// configurations and keeps up to n of them that have an enabled one, whose
// workspace, role and settings new configurations copy, each in a channel
// of its own (an account has at most one configuration per Slack channel).
// An account is kept only if a configuration in a channel the directory
// does not know is allowed there (its policies do not restrict channel
// types), so that every create is decided as the original was: allowed.
func (h *harness) prepareCreators(ctx context.Context, n int) ([]creator, error) {
	hc := &http.Client{Timeout: time.Minute}
	stsc := sts.NewFromConfig(sdkConfig(h.root, hc, setup), func(o *sts.Options) { o.BaseEndpoint = aws.String(h.url) })
	var out []creator
	for i, account := range h.fleet.slackAccounts {
		if len(out) == n || i >= 20*n {
			break
		}
		ar, err := stsc.AssumeRole(ctx, &sts.AssumeRoleInput{
			RoleArn:         aws.String("arn:aws:iam::" + account + ":role/OrganizationAccountAccessRole"),
			RoleSessionName: aws.String("chatgov-bench")})
		if err != nil {
			return nil, fmt.Errorf("AssumeRole into %s: %w", account, err)
		}
		c := ar.Credentials
		creds := aws.Credentials{AccessKeyID: aws.ToString(c.AccessKeyId), SecretAccessKey: aws.ToString(c.SecretAccessKey),
			SessionToken: aws.ToString(c.SessionToken), Source: "AssumeRole"}
		list, err := chatbotClient(h.url, creds, hc, setup).DescribeSlackChannelConfigurations(ctx, &chatbot.DescribeSlackChannelConfigurationsInput{})
		if err != nil {
			return nil, fmt.Errorf("DescribeSlackChannelConfigurations as %s: %w", account, err)
		}
		for _, sc := range list.SlackChannelConfigurations {
			if aws.ToString(sc.State) != "ENABLED" {
				continue
			}
			template := &chatbot.CreateSlackChannelConfigurationInput{
				IamRoleArn: sc.IamRoleArn, SlackChannelId: sc.SlackChannelId, SlackTeamId: sc.SlackTeamId,
				SlackChannelName: sc.SlackChannelName, UserAuthorizationRequired: sc.UserAuthorizationRequired,
				LoggingLevel: sc.LoggingLevel}
			if !h.freshChannelAllowed(ctx, chatbotClient(h.url, creds, hc, setup), template, account) {
				continue
			}
			out = append(out, creator{Account: account, Creds: creds, Template: template})
			break
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no member account has an enabled Slack configuration to copy")
	}
	return out, nil
}

// createOp is CreateSlackChannelConfiguration by member accounts, each
// call a new configuration under a name of its own.
func (h *harness) createOp(creators []creator) operation {
	return operation{
		name: OpCreate,
		probe: func(ctx context.Context) (Response, error) {
			rec := &recorder{base: http.DefaultTransport}
			hc := &http.Client{Transport: rec, Timeout: time.Minute}
			c := creators[0]
			in := withName(*c.Template, fmt.Sprintf("bench-probe-%d", h.probes.Add(1)))
			if _, err := chatbotClient(h.url, c.Creds, hc, setup).CreateSlackChannelConfiguration(ctx, &in); err != nil {
				return Response{}, fmt.Errorf("CreateSlackChannelConfiguration as %s: %w", c.Account, err)
			}
			return rec.response(), nil
		},
		spec:  opSpec{Name: OpCreate, Creators: creators},
		write: true,
	}
}

// createCall creates configurations as random creators, naming them
// prefix and the next number of seq.
func createCall(endpoint string, hc *http.Client, creators []creator, prefix string, seq *atomic.Int64) call {
	clients := make([]*chatbot.Client, len(creators))
	for i, c := range creators {
		clients[i] = chatbotClient(endpoint, c.Creds, hc, measured)
	}
	return func(ctx context.Context, rng *rand.Rand) error {
		i := rng.IntN(len(creators))
		in := *creators[i].Template
		in = withName(in, fmt.Sprintf("%s%d", prefix, seq.Add(1)))
		out, err := clients[i].CreateSlackChannelConfiguration(ctx, &in)
		// The bare handler answers the probe's configuration, whatever the
		// name asked for.
		if err == nil && (out.ChannelConfiguration == nil || !strings.HasPrefix(aws.ToString(out.ChannelConfiguration.ConfigurationName), "bench-")) {
			err = errors.New("CreateSlackChannelConfiguration answered no configuration")
		}
		return err
	}
}

// withName names a configuration to create and gives it a channel of its
// own, derived from the name.
func withName(in chatbot.CreateSlackChannelConfigurationInput, name string) chatbot.CreateSlackChannelConfigurationInput {
	in.ConfigurationName = aws.String(name)
	channel := []byte("C")
	for _, r := range strings.ToUpper(name) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			channel = append(channel, byte(r))
		}
	}
	in.SlackChannelId = aws.String(string(channel))
	in.SlackChannelName = aws.String(name)
	return in
}

// freshChannelAllowed creates (and deletes) a configuration like template
// in a channel of its own, and reports whether the account's policies
// allowed it.
func (h *harness) freshChannelAllowed(ctx context.Context, c *chatbot.Client, template *chatbot.CreateSlackChannelConfigurationInput, account string) bool {
	in := withName(*template, "bench-creator-"+account)
	out, err := c.CreateSlackChannelConfiguration(ctx, &in)
	if err != nil || out.ChannelConfiguration == nil {
		return false
	}
	_, err = c.DeleteSlackChannelConfiguration(ctx, &chatbot.DeleteSlackChannelConfigurationInput{ChatConfigurationArn: out.ChannelConfiguration.ChatConfigurationArn})
	return err == nil
}
