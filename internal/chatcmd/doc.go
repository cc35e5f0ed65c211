// Package chatcmd reads a command as a member types it to AWS Chatbot in a
// Slack or Microsoft Teams channel ("@aws lambda invoke --function-name f")
// and resolves it to what an IAM evaluation needs: the IAM action, the
// resource ARNs, the region and the request context.
//
// # What Parse accepts
//
// An optional mention (@aws, Slack's <@U…>, @Amazon Q), an optional "aws",
// then a service, an operation and its options, as the AWS CLI names them
// (case does not matter for the service and operation):
//
//		@aws rds delete-db-cluster --db-cluster-identifier prod --region us-east-1
//		aws ec2 start-instances --instance-ids i-1 i-2 --dry-run
//		lambda invoke --function-name=f --payload '{"k": "v"}'
//
//	  - --name value, --name=value, --name v1 v2 (every word up to the next
//	    option is a value), and --name alone. --dry-run and --no-… never take
//	    a value unless written --name=value. An option given twice collects
//	    the values of both.
//	  - Quotes "..." and '...', typographic ones included, open at the start
//	    of a word or after "--name=", so bare JSON keeps its quotes. A word
//	    that starts with a quote is a value even if it reads --something.
//	  - Slack's markup <url|label> becomes the label, <url> the url; the
//	    entities &lt; &gt; &amp; are decoded; a command wrapped in `...` or
//	    ```...``` is unwrapped.
//	  - The AWS CLI's own s3 commands (ls, cp, mv, rm, sync, mb, rb, presign,
//	    website) and logs tail take positional arguments and one value per
//	    option; API operations take no positional argument.
//	  - Global options may stand anywhere after "aws". --region sets the
//	    region (else Env.DefaultRegion; global services such as IAM and
//	    Route 53 always use the partition's home region). --profile, --output,
//	    --query, --endpoint-url, --color, --ca-bundle, --cli-read-timeout,
//	    --cli-connect-timeout, --cli-binary-format, --max-items, --page-size,
//	    --starting-token, --debug, --no-paginate, --no-verify-ssl,
//	    --no-sign-request, --no-cli-pager and --[no-]cli-auto-prompt are
//	    accepted and dropped: they change how the CLI talks or prints, not
//	    what it asks AWS to do.
//
// "help" and "wait" are rejected: they run no single API call.
//
// # The catalog
//
// The services and operations Parse knows, and the IAM action of each,
// come from catalog.txt, generated from the botocore service models
// (internal/gencatalog), and overlay.txt, which records by hand the IAM
// actions named differently from their operation (lambda Invoke is
// lambda:InvokeFunction, s3api head-object is s3:GetObject), the AWS CLI's
// own commands and a few service aliases. Every operation of each service
// is listed, so an unknown operation is an error, reported with the
// closest names.
//
// # Resources
//
// A table of (service, parameter) rules turns identifying parameters into
// ARNs (--function-name f is arn:aws:lambda:REGION:ACCOUNT:function:f). A
// value that is already an ARN is used as it is. A part of an ARN that the
// command cannot know (a CloudFormation stack's ID, an Auto Scaling group's
// UUID, the objects under an S3 prefix) is written "*", so that policies
// naming the resource with a wildcard there match it. Commands that name
// nothing derivable, and calls that do not support resource-level
// permissions (EC2 Describe*), get "*".
//
// # Deciding
//
// [Blocked] says what AWS Chatbot never runs from chat, and
// [Command.Requests] builds the [iam.Request] values (with the request
// context) that guardrails, role policies and SCPs are evaluated against.
//
// The package is pure: no I/O beyond its embedded files, no clock, no
// logging. The catalog is read once and never changed after.
package chatcmd
