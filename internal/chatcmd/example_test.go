package chatcmd_test

import (
	"fmt"
	"time"

	"github.com/chatgov/chatgov/internal/chatcmd"
)

// A member of a Slack channel asks AWS Chatbot to delete a cluster. Parse
// resolves the command to the IAM request that guardrails, the role's
// policies and SCPs are evaluated against.
func ExampleParse() {
	env := chatcmd.Env{AccountID: "111122223333", DefaultRegion: "us-east-2"}
	c, err := chatcmd.Parse("@aws rds delete-db-cluster --db-cluster-identifier prod --region us-east-1", env)
	if err != nil {
		panic(err)
	}
	fmt.Println(c.Action, c.Resources, c.Region)

	reqs := c.Requests(chatcmd.Caller{
		ConfigurationARN: "arn:aws:chatbot::111122223333:chat-configuration/slack-channel/ops",
		RoleARN:          "arn:aws:iam::111122223333:role/chat-ops",
		Time:             time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
	})
	src, _ := reqs[0].Context.Get("aws:ChatbotSourceArn")
	fmt.Println(src)

	_, err = chatcmd.Parse("@aws lambda list-function", env)
	fmt.Println(err)
	// Output:
	// rds:DeleteDBCluster [arn:aws:rds:us-east-1:111122223333:cluster:prod] us-east-1
	// [arn:aws:chatbot::111122223333:chat-configuration/slack-channel/ops]
	// chat command, column 13: lambda has no operation "list-function" (did you mean list-functions, get-function, list-function-url-configs, list-function-event-invoke-configs or list-functions-by-code-signing-config?)
}

// Some commands never run from chat, whatever the roles allow.
func ExampleBlocked() {
	for _, action := range []string{"sts:GetCallerIdentity", "ec2:GetPasswordData", "ec2:DescribeInstances"} {
		reason, blocked := chatcmd.Blocked(action)
		fmt.Println(action, blocked, reason)
	}
	// Output:
	// sts:GetCallerIdentity true AWS Chatbot never runs AWS STS (sts:*) commands from chat
	// ec2:GetPasswordData true AWS Chatbot never runs ec2:GetPasswordData from chat
	// ec2:DescribeInstances false
}
