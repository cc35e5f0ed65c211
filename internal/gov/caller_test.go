package gov_test

import (
	"testing"

	"github.com/chatgov/chatgov/internal/gov"
)

// TestPartition checks the partition of regions, and the caller's ARN in
// the partition of the region a request was signed for.
func TestPartition(t *testing.T) {
	t.Parallel()
	tests := []struct{ region, partition string }{
		{"", "aws"}, {"us-east-1", "aws"}, {"eu-west-3", "aws"},
		{"cn-north-1", "aws-cn"}, {"us-gov-west-1", "aws-us-gov"},
		{"us-iso-east-1", "aws-iso"}, {"us-isob-east-1", "aws-iso-b"}, {"us-isof-south-1", "aws-iso-f"},
		{"eu-isoe-west-1", "aws-iso-e"}, {"eusc-de-east-1", "aws-eusc"},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			t.Parallel()
			if got := gov.Partition(tt.region); got != tt.partition {
				t.Errorf("Partition(%q) = %s, want %s", tt.region, got, tt.partition)
			}
			c := gov.Caller{AccountID: "111111111111", ARN: "arn:aws:sts::111111111111:assumed-role/R/s"}.InRegion(tt.region)
			if want := "arn:" + tt.partition + ":sts::111111111111:assumed-role/R/s"; c.ARN != want || c.Partition() != tt.partition {
				t.Errorf("InRegion(%q): %s in %s, want %s", tt.region, c.ARN, c.Partition(), want)
			}
		})
	}
}
