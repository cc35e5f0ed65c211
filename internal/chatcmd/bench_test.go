package chatcmd_test

import (
	"testing"

	"github.com/chatgov/chatgov/internal/chatcmd"
)

func BenchmarkParse(b *testing.B) {
	texts := []string{
		"@aws lambda invoke --function-name f",
		"@aws rds delete-db-cluster --db-cluster-identifier prod --region us-east-1",
		"@aws ec2 stop-instances --instance-ids i-1 i-2 i-3 --dry-run",
		`@aws sns publish --topic-arn arn:aws:sns:us-east-1:111122223333:t --message "deploy finished"`,
	}
	if _, err := chatcmd.Parse(texts[0], env); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := chatcmd.Parse(texts[i%len(texts)], env); err != nil {
			b.Fatal(err)
		}
	}
}
