package cli

import (
	"fmt"
	"io"
	"net"
	"path/filepath"

	"github.com/chatgov/chatgov/internal/config"
	"github.com/chatgov/chatgov/internal/gov"
)

// demoRegion is the region the printed environment names: chatgov serves
// every region, and the AWS CLI wants one.
const demoRegion = "us-east-1"

// reachableURL is the URL a client on this machine reaches a server bound
// to addr at: a wildcard address (0.0.0.0, ::, or none) is reached on the
// loopback address.
func reachableURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// storeLocation names the store for the start's log line: the SQLite
// database's absolute path, PostgreSQL's URL without its password.
func storeLocation(cfg config.Config) string {
	kind, target := cfg.StoreKind()
	if kind == config.SQLite {
		if abs, err := filepath.Abs(target); err == nil {
			return kind + " " + abs
		}
	}
	return cfg.StoreDescription()
}

// printCredentials writes the environment that makes the AWS CLI and SDKs
// call the server as the management account's root user, as export lines a
// shell can paste. With no secret (the operator gave the key), it says
// where the secret is.
func printCredentials(w io.Writer, b gov.BootstrapResult, url string) {
	secret := b.GeneratedSecret
	if secret == "" {
		secret = "\"$" + config.EnvRootSecretAccessKey + "\"   # the secret you gave"
	}
	fmt.Fprintf(w, "  export AWS_ACCESS_KEY_ID=%s\n  export AWS_SECRET_ACCESS_KEY=%s\n"+
		"  export AWS_REGION=%s AWS_DEFAULT_REGION=%s\n  export AWS_ENDPOINT_URL=%s\n",
		b.AccessKeyID, secret, demoRegion, demoRegion, url)
}

// printFirstStart tells the operator of a new store, once, how to call
// it: the root credentials it generated and the first three commands.
func printFirstStart(w io.Writer, b gov.BootstrapResult, url string) {
	fmt.Fprintf(w, "\nchatgov generated the root credentials of the management account %s.\n"+
		"They are shown this once (lost them? chatgov credentials reset). Paste into a shell:\n\n", b.ManagementAccountID)
	printCredentials(w, b, url)
	fmt.Fprintf(w, "\nThen (the AWS CLI; --endpoint-url for versions before 2.13, which ignore AWS_ENDPOINT_URL):\n\n"+
		"  aws --endpoint-url \"$AWS_ENDPOINT_URL\" sts get-caller-identity\n"+
		"  aws --endpoint-url \"$AWS_ENDPOINT_URL\" organizations create-organization\n"+
		"  aws --endpoint-url \"$AWS_ENDPOINT_URL\" organizations enable-policy-type --policy-type CHATBOT_POLICY \\\n"+
		"      --root-id \"$(aws --endpoint-url \"$AWS_ENDPOINT_URL\" organizations list-roots --query 'Roots[0].Id' --output text)\"\n\n"+
		"Or see a whole organization at once: chatgov demo (a demo store of its own).\n\n")
}

// printDemoStart is the first words of a demo server: how to call it, then
// what the demo seeded and what to try.
func printDemoStart(w io.Writer, b gov.BootstrapResult, url string, d *demoOrg) {
	fmt.Fprintf(w, "\nchatgov serves a demo store. The root credentials of the management account %s", b.ManagementAccountID)
	if b.GeneratedSecret != "" {
		fmt.Fprintf(w, " (shown this once)")
	}
	fmt.Fprintf(w, "; paste into a shell:\n\n")
	printCredentials(w, b, url)
	fmt.Fprintln(w)
	printDemo(w, d, url)
}
