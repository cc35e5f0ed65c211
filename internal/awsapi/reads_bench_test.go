package awsapi_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/cli"
	"github.com/chatgov/chatgov/internal/config"
	"github.com/chatgov/chatgov/internal/store/sqlite"
	"github.com/chatgov/chatgov/internal/synth"
)

// benchCommands are chatgov-bench's simulate-chat-command commands.
var benchCommands = []string{
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

// BenchmarkReadsServer serves simulate-chat-command and
// DescribeEffectivePolicy through the whole server's handler (SigV4 verification, decoding, the decision,
// encoding, metrics and the request log), as chatgov-bench asks them, on a
// synthetic organization of 20,000 accounts and 400 OUs with 200 chat
// applications policies and 200 SCPs. The requests are signed before the
// timer starts: only the server's work is measured. Profile it with
// -cpuprofile and -memprofile.
func BenchmarkReadsServer(b *testing.B) {
	ctx := context.Background()
	o, err := synth.Generate(synth.Spec{Accounts: 20_000, OUs: 400, MaxDepth: 5, ChatbotPolicies: 200, SCPs: 200, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	configs, channels, teams := o.Chat(20_000, 1)
	dir := b.TempDir()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "chatgov.db"))
	if err != nil {
		b.Fatal(err)
	}
	if err := o.Write(ctx, st, configs, channels, teams); err != nil {
		b.Fatal(err)
	}
	st.Close()
	const key, secret = "AKIACHATGOVBENCH0001", "chatgov-bench-root-secret-key-000001"
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.DataDir = dir
	cfg.ManagementAccountID = o.ManagementAccountID()
	cfg.RootAccessKeyID, cfg.RootSecretAccessKey = key, config.Secret(secret)
	var handler http.Handler
	srv, err := cli.StartServer(ctx, cfg, cli.ServerOptions{Wrap: func(h http.Handler) http.Handler { handler = h; return h }})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close(ctx)

	type signed struct {
		path   string
		body   []byte
		header http.Header
	}
	rng := rand.New(rand.NewPCG(1, 2))
	creds := aws.Credentials{AccessKeyID: key, SecretAccessKey: secret}
	signer := v4.NewSigner()
	sign := func(path, service, contentType, target string, body []byte) signed {
		r, _ := http.NewRequest(http.MethodPost, srv.URL()+path, bytes.NewReader(body))
		r.Header.Set("Content-Type", contentType)
		if target != "" {
			r.Header.Set("X-Amz-Target", target)
		}
		sum := sha256.Sum256(body)
		if err := signer.SignHTTP(ctx, creds, r, hex.EncodeToString(sum[:]), service, "us-east-1", time.Now()); err != nil {
			b.Fatal(err)
		}
		return signed{path: path, body: body, header: r.Header}
	}
	var accounts []string
	for _, c := range configs {
		accounts = append(accounts, c.AccountID)
	}
	ops := []struct {
		name string
		reqs []signed
	}{{name: "simulate-chat-command"}, {name: "DescribeEffectivePolicy"}}
	for range 512 {
		body, _ := json.Marshal(map[string]string{"ChatConfigurationArn": configs[rng.IntN(len(configs))].ARN,
			"Command": benchCommands[rng.IntN(len(benchCommands))]})
		ops[0].reqs = append(ops[0].reqs, sign(chatgovapi.Prefix+"simulate-chat-command", "chatbot", "application/json", "", body))
		body, _ = json.Marshal(map[string]string{"PolicyType": "CHATBOT_POLICY", "TargetId": accounts[rng.IntN(len(accounts))]})
		ops[1].reqs = append(ops[1].reqs, sign("/", "organizations", "application/x-amz-json-1.1",
			"AWSOrganizationsV20161128.DescribeEffectivePolicy", body))
	}
	for _, op := range ops {
		b.Run(op.name, func(b *testing.B) {
			reqs := op.reqs
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				i := rand.IntN(len(reqs))
				for pb.Next() {
					s := reqs[i%len(reqs)]
					i++
					r := httptest.NewRequest(http.MethodPost, s.path, bytes.NewReader(s.body))
					r.Header = s.header.Clone()
					r.Host = srv.Addr
					w := httptest.NewRecorder()
					handler.ServeHTTP(w, r)
					if w.Code != http.StatusOK {
						b.Fatalf("status %d: %s", w.Code, w.Body)
					}
				}
			})
		})
	}
}
