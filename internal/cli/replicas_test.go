package cli

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chatbot"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/jackc/pgx/v5"

	"github.com/chatgov/chatgov/internal/awsapi"
	"github.com/chatgov/chatgov/internal/store/postgres/pgtest"
)

// session is what a client of several replicas keeps to read its own
// writes: the latest revision any answer carried, sent with every request.
type session struct {
	rev  atomic.Int64
	next http.RoundTripper
}

func (s *session) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	if rev := s.rev.Load(); rev > 0 {
		r.Header.Set(awsapi.HeaderMinRevision, strconv.FormatInt(rev, 10))
	}
	resp, err := s.next.RoundTrip(r)
	if err == nil {
		if v, perr := strconv.ParseInt(resp.Header.Get(awsapi.HeaderRevision), 10, 64); perr == nil {
			for cur := s.rev.Load(); v > cur && !s.rev.CompareAndSwap(cur, v); cur = s.rev.Load() {
			}
		}
	}
	return resp, err
}

// replica is one server of a test's replica set.
type replica struct {
	srv    *Server
	url    string
	killed bool // stopped without waiting for its requests
}

// sdk returns a configuration for clients that keep sess, or none.
func sdkWith(c aws.Credentials, sess *session) aws.Config {
	cfg := (&liveServer{}).sdkConfig(c)
	if sess != nil {
		sess.next = http.DefaultTransport
		cfg.HTTPClient = &http.Client{Timeout: 30 * time.Second, Transport: sess}
	}
	return cfg
}

func orgsAt(url string, cfg aws.Config) *organizations.Client {
	return organizations.NewFromConfig(cfg, func(o *organizations.Options) { o.BaseEndpoint = aws.String(url) })
}

// TestReplicasOnPostgres runs three servers on one PostgreSQL schema: writes
// go to all of them, each read goes to another one than the write it
// follows (with the write's revision), one replica is stopped in the
// middle of concurrent writes and started again, and in the end every
// acknowledged write is on every replica, the replicas answer alike, and
// each compliance event was recorded once.
func TestReplicasOnPostgres(t *testing.T) {
	t.Parallel()
	storeURL := pgtest.Schema(t)
	start := func() *replica {
		t.Helper()
		srv, err := StartServer(context.Background(), serverConfig(t.TempDir(), storeURL), ServerOptions{})
		if err != nil {
			t.Fatal(err)
		}
		r := &replica{srv: srv, url: srv.URL()}
		t.Cleanup(func() {
			if !r.killed {
				closeServer(t, srv)
			}
		})
		return r
	}
	reps := []*replica{start(), start(), start()}
	ctx := context.Background()
	sess := &session{}
	mgmt := sdkWith(mgmtCreds, sess)
	at := func(i int) *organizations.Client { return orgsAt(reps[i%len(reps)].url, mgmt) }
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}

	// The organization, built through every replica in turn.
	_, err := at(0).CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll})
	must("CreateOrganization", err)
	roots, err := at(1).ListRoots(ctx, &organizations.ListRootsInput{})
	must("ListRoots on another replica", err)
	root := *roots.Roots[0].Id
	_, err = at(2).EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: orgtypes.PolicyTypeChatbotPolicy})
	must("EnablePolicyType", err)
	ca, err := at(0).CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String("workload"), Email: aws.String("workload@example.com")})
	must("CreateAccount", err)
	st, err := at(1).DescribeCreateAccountStatus(ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: ca.CreateAccountStatus.Id})
	must("DescribeCreateAccountStatus on another replica", err)
	acct := *st.CreateAccountStatus.AccountId

	// A configuration in the member account, created on one replica.
	member := (&liveServer{t: t, srv: reps[2].srv}).assume(acct)
	chat := chatbot.NewFromConfig(sdkWith(member, sess), func(o *chatbot.Options) { o.BaseEndpoint = aws.String(reps[0].url) })
	cfg, err := chat.CreateSlackChannelConfiguration(ctx, &chatbot.CreateSlackChannelConfigurationInput{
		ConfigurationName: aws.String("ops"), SlackTeamId: aws.String("T0AAAAAAA"), SlackChannelId: aws.String("C0PRIVATE"),
		IamRoleArn: aws.String("arn:aws:iam::" + acct + ":role/chatbot-ops")})
	must("CreateSlackChannelConfiguration", err)
	arn := *cfg.ChannelConfiguration.ChatConfigurationArn

	// Concurrent writes on every replica; replica 2 stops in the middle.
	var (
		mu    sync.Mutex
		acked []string // OU names whose creation was acknowledged
		wg    sync.WaitGroup
	)
	stopped := make(chan struct{})
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			own := &session{}
			c := orgsAt(reps[w%3].url, sdkWith(mgmtCreds, own))
			for i := range 8 {
				if w%3 == 2 && i == 4 {
					<-stopped
					return
				}
				name := fmt.Sprintf("team-%d-%d", w, i)
				if _, err := c.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(root), Name: aws.String(name)}); err == nil {
					mu.Lock()
					acked = append(acked, name)
					mu.Unlock()
				}
			}
		}()
	}
	time.Sleep(20 * time.Millisecond)
	stopCtx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	reps[2].killed = true
	_ = reps[2].srv.Close(stopCtx) // requests under way are cut short
	cancel()
	close(stopped)
	wg.Wait()
	reps[2] = start()

	// The policy that disables Slack, attached on the restarted replica:
	// the configuration is disabled, with one compliance event.
	pol, err := at(1).CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("no-slack"), Type: orgtypes.PolicyTypeChatbotPolicy,
		Description: aws.String("d"), Content: aws.String(`{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"disabled"}}}}}`)})
	must("CreatePolicy", err)
	_, err = at(2).AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: pol.Policy.PolicySummary.Id, TargetId: aws.String(root)})
	must("AttachPolicy on the restarted replica", err)

	// Every replica reaches the same revision and answers alike.
	var head int64
	for _, r := range reps {
		head = max(head, r.srv.Service.Revision())
	}
	for i, r := range reps {
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		ok := r.srv.Service.WaitRevision(wctx, head)
		cancel()
		if !ok {
			t.Fatalf("replica %d stays at revision %d, not %d", i, r.srv.Service.Revision(), head)
		}
	}
	var views []string
	for i, r := range reps {
		views = append(views, describeReplica(t, r.url, mgmt, member, root))
		if !strings.Contains(views[i], "ops DISABLED") {
			t.Errorf("replica %d does not see the configuration disabled:\n%s", i, views[i])
		}
	}
	for i := 1; i < len(views); i++ {
		if views[i] != views[0] {
			t.Fatalf("replica %d answers otherwise than replica 0:\n%s\n---\n%s", i, views[i], views[0])
		}
	}
	for _, name := range acked {
		if !strings.Contains(views[0], "ou "+name+"\n") {
			t.Errorf("the acknowledged creation of %s is lost", name)
		}
	}

	// One compliance event for the configuration, not one per replica.
	conn, err := pgx.Connect(ctx, storeURL)
	must("connect", err)
	defer conn.Close(ctx)
	var events int
	must("count events", conn.QueryRow(ctx, `SELECT count(*) FROM compliance_events WHERE configuration_arn = $1`, arn).Scan(&events))
	if events != 1 {
		t.Errorf("%d compliance events for the configuration, want 1", events)
	}
}

// describeReplica lists what one replica answers about the organization:
// its OUs, accounts, policies and the member's configurations.
func describeReplica(t *testing.T, url string, mgmt aws.Config, member aws.Credentials, root string) string {
	t.Helper()
	ctx := context.Background()
	c := orgsAt(url, mgmt)
	var lines []string
	pages := organizations.NewListOrganizationalUnitsForParentPaginator(c, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(root)})
	for pages.HasMorePages() {
		ous, err := pages.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range ous.OrganizationalUnits {
			lines = append(lines, "ou "+*o.Name)
		}
	}
	accounts := organizations.NewListAccountsPaginator(c, &organizations.ListAccountsInput{})
	for accounts.HasMorePages() {
		accts, err := accounts.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range accts.Accounts {
			lines = append(lines, "account "+*a.Id+" "+*a.Name+" "+string(a.State))
		}
	}
	pols, err := c.ListPolicies(ctx, &organizations.ListPoliciesInput{Filter: orgtypes.PolicyTypeChatbotPolicy})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pols.Policies {
		lines = append(lines, "policy "+*p.Id+" "+*p.Name)
	}
	chat := chatbot.NewFromConfig(sdkWith(member, nil), func(o *chatbot.Options) { o.BaseEndpoint = aws.String(url) })
	cfgs, err := chat.DescribeSlackChannelConfigurations(ctx, &chatbot.DescribeSlackChannelConfigurationsInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cfgs.SlackChannelConfigurations {
		lines = append(lines, "configuration "+*c.ConfigurationName+" "+aws.ToString(c.State)+" "+aws.ToString(c.StateReason))
	}
	slices.Sort(lines)
	return strings.ReplaceAll(strings.Join(lines, "\n")+"\n", "configuration ops", "ops")
}
