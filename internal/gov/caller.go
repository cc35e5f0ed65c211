package gov

import "strings"

// Caller is an authenticated principal.
type Caller struct {
	AccountID string
	// ARN is the principal: arn:aws:iam::ACCOUNT:root, or an assumed role's
	// arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION.
	ARN         string
	AccessKeyID string
	// Region is the region the request was signed for; the ARNs of the
	// answer are in its partition (aws when empty).
	Region string
}

// ChatbotServicePrincipal is the service principal of AWS Chatbot (D13):
// its delegated administrator manages chat applications policies.
const ChatbotServicePrincipal = "chatbot.amazonaws.com"

// Partition returns the AWS partition a region belongs to: aws-cn for the
// China regions, aws-us-gov for GovCloud, the ISO partitions for theirs, and
// aws for every other region (and for none).
func Partition(region string) string {
	for _, p := range regionPartitions {
		if strings.HasPrefix(region, p.prefix) {
			return p.partition
		}
	}
	return "aws"
}

// regionPartitions maps region name prefixes to partitions, most specific
// first.
var regionPartitions = []struct{ prefix, partition string }{
	{"cn-", "aws-cn"},
	{"us-gov-", "aws-us-gov"},
	{"us-isob-", "aws-iso-b"},
	{"us-isof-", "aws-iso-f"},
	{"us-iso-", "aws-iso"},
	{"eu-isoe-", "aws-iso-e"},
	{"eusc-", "aws-eusc"},
}

// Partition returns the partition the caller's request was signed for.
func (c Caller) Partition() string {
	if c.Region == "" {
		return "aws"
	}
	return Partition(c.Region)
}

// InRegion returns the caller as seen by a request signed for region: its
// principal ARN is written in that region's partition.
func (c Caller) InRegion(region string) Caller {
	c.Region = region
	if parts := strings.SplitN(c.ARN, ":", 3); len(parts) == 3 && parts[0] == "arn" {
		c.ARN = "arn:" + c.Partition() + ":" + parts[2]
	}
	return c
}
