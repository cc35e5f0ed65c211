package chatcmd

import (
	"path"
	"strings"
)

// rule derives resource ARNs from one parameter of a service's operations.
//
// Template holes: {p} partition, {r} region, {a} account, {v} each value of
// param, {name} the first value of another parameter and {name|default}
// the same with a default. A value of another parameter that is an ARN
// contributes its last path segment (an ECS cluster given by ARN). A value
// of param that is already an ARN is used as it is; a rule with neither
// template nor build accepts only ARNs.
type rule struct {
	service string // CLI service name; "*" for every service
	param   string
	// ops restricts the rule to API operations matching any of these
	// patterns (path.Match syntax); a leading "!" makes it "none of these".
	ops   string
	arn   string
	build func(v string, c *Command) string
}

// rules, tried in order. A parameter used by a rule that produced an ARN
// (as param or as a hole) is not tried again, so the more specific rule
// comes first: an ECS service (which uses --cluster) before the cluster.
//
// EC2's and Auto Scaling's Describe calls do not support resource-level
// permissions, so they keep "*" even when they name instances.
var rules = []rule{
	{service: "*", param: "resource-arn"},
	{service: "*", param: "resource-arns"},

	{service: "lambda", param: "function-name", build: lambdaFunction},
	{service: "lambda", param: "resource"},
	{service: "lambda", param: "layer-name", arn: "arn:{p}:lambda:{r}:{a}:layer:{v}"},
	{service: "lambda", param: "uuid", arn: "arn:{p}:lambda:{r}:{a}:event-source-mapping:{v}"},

	{service: "rds", param: "db-cluster-identifier", arn: "arn:{p}:rds:{r}:{a}:cluster:{v}"},
	{service: "rds", param: "db-instance-identifier", arn: "arn:{p}:rds:{r}:{a}:db:{v}"},
	{service: "rds", param: "db-snapshot-identifier", arn: "arn:{p}:rds:{r}:{a}:snapshot:{v}"},
	{service: "rds", param: "db-cluster-snapshot-identifier", arn: "arn:{p}:rds:{r}:{a}:cluster-snapshot:{v}"},
	{service: "rds", param: "db-parameter-group-name", arn: "arn:{p}:rds:{r}:{a}:pg:{v}"},
	{service: "rds", param: "db-cluster-parameter-group-name", arn: "arn:{p}:rds:{r}:{a}:cluster-pg:{v}"},
	{service: "rds", param: "db-subnet-group-name", arn: "arn:{p}:rds:{r}:{a}:subgrp:{v}"},
	{service: "rds", param: "option-group-name", arn: "arn:{p}:rds:{r}:{a}:og:{v}"},
	{service: "rds", param: "resource-name"},

	{service: "ec2", param: "instance-ids", ops: "!Describe*", arn: "arn:{p}:ec2:{r}:{a}:instance/{v}"},
	{service: "ec2", param: "instance-id", ops: "!Describe*", arn: "arn:{p}:ec2:{r}:{a}:instance/{v}"},
	{service: "ec2", param: "volume-id", ops: "!Describe*", arn: "arn:{p}:ec2:{r}:{a}:volume/{v}"},
	{service: "ec2", param: "snapshot-id", ops: "!Describe*", arn: "arn:{p}:ec2:{r}::snapshot/{v}"},
	{service: "ec2", param: "image-id", ops: "!Describe*", arn: "arn:{p}:ec2:{r}::image/{v}"},
	{service: "ec2", param: "vpc-id", ops: "!Describe*", arn: "arn:{p}:ec2:{r}:{a}:vpc/{v}"},
	{service: "ec2", param: "subnet-id", ops: "!Describe*", arn: "arn:{p}:ec2:{r}:{a}:subnet/{v}"},
	{service: "ec2", param: "group-id", ops: "!Describe*", arn: "arn:{p}:ec2:{r}:{a}:security-group/{v}"},

	{service: "ecs", param: "service", arn: "arn:{p}:ecs:{r}:{a}:service/{cluster|default}/{v}"},
	{service: "ecs", param: "services", arn: "arn:{p}:ecs:{r}:{a}:service/{cluster|default}/{v}"},
	{service: "ecs", param: "task", arn: "arn:{p}:ecs:{r}:{a}:task/{cluster|default}/{v}"},
	{service: "ecs", param: "tasks", arn: "arn:{p}:ecs:{r}:{a}:task/{cluster|default}/{v}"},
	{service: "ecs", param: "task-definition", arn: "arn:{p}:ecs:{r}:{a}:task-definition/{v}"},
	{service: "ecs", param: "cluster", arn: "arn:{p}:ecs:{r}:{a}:cluster/{v}"},
	{service: "ecs", param: "clusters", arn: "arn:{p}:ecs:{r}:{a}:cluster/{v}"},

	{service: "eks", param: "nodegroup-name", arn: "arn:{p}:eks:{r}:{a}:nodegroup/{cluster-name}/{v}/*"},
	{service: "eks", param: "cluster-name", arn: "arn:{p}:eks:{r}:{a}:cluster/{v}"},
	{service: "eks", param: "name", ops: "*Cluster*", arn: "arn:{p}:eks:{r}:{a}:cluster/{v}"},

	{service: "s3api", param: "key", arn: "arn:{p}:s3:::{bucket}/{v}"},
	{service: "s3api", param: "bucket", arn: "arn:{p}:s3:::{v}"},

	{service: "dynamodb", param: "table-name", arn: "arn:{p}:dynamodb:{r}:{a}:table/{v}"},
	{service: "dynamodb", param: "statement", ops: "ExecuteStatement", build: partiQLTableARN},
	{service: "dynamodb", param: "backup-arn"},

	{service: "cloudwatch", param: "alarm-name", arn: "arn:{p}:cloudwatch:{r}:{a}:alarm:{v}"},
	{service: "cloudwatch", param: "alarm-names", arn: "arn:{p}:cloudwatch:{r}:{a}:alarm:{v}"},
	{service: "cloudwatch", param: "dashboard-name", arn: "arn:{p}:cloudwatch::{a}:dashboard/{v}"},
	{service: "cloudwatch", param: "dashboard-names", arn: "arn:{p}:cloudwatch::{a}:dashboard/{v}"},

	{service: "logs", param: "log-stream-name", arn: "arn:{p}:logs:{r}:{a}:log-group:{log-group-name}:log-stream:{v}"},
	{service: "logs", param: "log-group-name", arn: "arn:{p}:logs:{r}:{a}:log-group:{v}"},
	{service: "logs", param: "log-group-identifier", arn: "arn:{p}:logs:{r}:{a}:log-group:{v}"},
	{service: "logs", param: "log-group-names", arn: "arn:{p}:logs:{r}:{a}:log-group:{v}"},

	{service: "ssm", param: "document-name", ops: "StartAutomationExecution,StartChangeRequestExecution", build: ssmAutomationDefinition},
	{service: "ssm", param: "document-name", build: ssmDocument},
	{service: "ssm", param: "name", ops: "*Document*", build: ssmDocument},
	{service: "ssm", param: "name", ops: "*Parameter*", build: ssmParameter},
	{service: "ssm", param: "names", ops: "*Parameter*", build: ssmParameter},
	{service: "ssm", param: "instance-ids", build: ssmTarget},
	{service: "ssm", param: "instance-id", build: ssmTarget},
	{service: "ssm", param: "target", build: ssmTarget},

	{service: "cloudformation", param: "stack-name", arn: "arn:{p}:cloudformation:{r}:{a}:stack/{v}/*"},
	{service: "cloudformation", param: "stack-set-name", arn: "arn:{p}:cloudformation:{r}:{a}:stackset/{v}:*"},

	{service: "stepfunctions", param: "state-machine-arn"},
	{service: "stepfunctions", param: "execution-arn"},
	{service: "stepfunctions", param: "activity-arn"},

	{service: "codepipeline", param: "name", arn: "arn:{p}:codepipeline:{r}:{a}:{v}"},
	{service: "codepipeline", param: "pipeline-name", arn: "arn:{p}:codepipeline:{r}:{a}:{v}"},

	{service: "codebuild", param: "project-name", arn: "arn:{p}:codebuild:{r}:{a}:project/{v}"},
	{service: "codebuild", param: "name", ops: "*Project*", arn: "arn:{p}:codebuild:{r}:{a}:project/{v}"},
	{service: "codebuild", param: "names", ops: "*Project*", arn: "arn:{p}:codebuild:{r}:{a}:project/{v}"},

	{service: "deploy", param: "deployment-group-name", arn: "arn:{p}:codedeploy:{r}:{a}:deploymentgroup:{application-name}/{v}"},
	{service: "deploy", param: "application-name", arn: "arn:{p}:codedeploy:{r}:{a}:application:{v}"},

	{service: "autoscaling", param: "auto-scaling-group-name", ops: "!Describe*", arn: "arn:{p}:autoscaling:{r}:{a}:autoScalingGroup:*:autoScalingGroupName/{v}"},

	{service: "elbv2", param: "load-balancer-arn"},
	{service: "elbv2", param: "load-balancer-arns"},
	{service: "elbv2", param: "target-group-arn"},
	{service: "elbv2", param: "target-group-arns"},
	{service: "elbv2", param: "listener-arn"},
	{service: "elbv2", param: "rule-arn"},

	{service: "sns", param: "topic-arn"},
	{service: "sns", param: "name", ops: "CreateTopic", arn: "arn:{p}:sns:{r}:{a}:{v}"},

	{service: "sqs", param: "queue-url", build: sqsQueue},
	{service: "sqs", param: "queue-name", arn: "arn:{p}:sqs:{r}:{a}:{v}"},

	{service: "route53", param: "hosted-zone-id", build: route53Zone},
	{service: "route53", param: "id", ops: "*HostedZone*", build: route53Zone},

	{service: "cloudfront", param: "distribution-id", arn: "arn:{p}:cloudfront::{a}:distribution/{v}"},
	{service: "cloudfront", param: "id", ops: "*Distribution*", arn: "arn:{p}:cloudfront::{a}:distribution/{v}"},

	{service: "elasticache", param: "cache-cluster-id", arn: "arn:{p}:elasticache:{r}:{a}:cluster:{v}"},
	{service: "elasticache", param: "replication-group-id", arn: "arn:{p}:elasticache:{r}:{a}:replicationgroup:{v}"},

	{service: "kinesis", param: "stream-name", arn: "arn:{p}:kinesis:{r}:{a}:stream/{v}"},
	{service: "kinesis", param: "stream-arn"},

	{service: "athena", param: "work-group", arn: "arn:{p}:athena:{r}:{a}:workgroup/{v}"},

	{service: "glue", param: "job-name", arn: "arn:{p}:glue:{r}:{a}:job/{v}"},
	{service: "glue", param: "crawler-name", arn: "arn:{p}:glue:{r}:{a}:crawler/{v}"},
	{service: "glue", param: "name", ops: "*Crawler*", arn: "arn:{p}:glue:{r}:{a}:crawler/{v}"},
	{service: "glue", param: "name", ops: "*Job", arn: "arn:{p}:glue:{r}:{a}:job/{v}"},
	{service: "glue", param: "table-name", arn: "arn:{p}:glue:{r}:{a}:table/{database-name}/{v}"},
	{service: "glue", param: "database-name", arn: "arn:{p}:glue:{r}:{a}:database/{v}"},

	{service: "ecr", param: "repository-name", arn: "arn:{p}:ecr:{r}:{a}:repository/{v}"},

	{service: "events", param: "rule", build: eventsRule},
	{service: "events", param: "name", ops: "*Rule*", build: eventsRule},

	{service: "iam", param: "role-name", arn: "arn:{p}:iam::{a}:role/{v}"},
	{service: "iam", param: "user-name", arn: "arn:{p}:iam::{a}:user/{v}"},
	{service: "iam", param: "group-name", arn: "arn:{p}:iam::{a}:group/{v}"},
	{service: "iam", param: "policy-arn"},

	{service: "kms", param: "key-id", build: kmsKey},
	{service: "secretsmanager", param: "secret-id"},
	{service: "sts", param: "role-arn"},

	{service: "backup", param: "backup-vault-name", arn: "arn:{p}:backup:{r}:{a}:backup-vault:{v}"},
	{service: "backup", param: "backup-plan-id", arn: "arn:{p}:backup:{r}:{a}:backup-plan:{v}"},

	{service: "batch", param: "job-queue", arn: "arn:{p}:batch:{r}:{a}:job-queue/{v}"},
	{service: "batch", param: "job-definition", arn: "arn:{p}:batch:{r}:{a}:job-definition/{v}"},

	{service: "guardduty", param: "detector-id", arn: "arn:{p}:guardduty:{r}:{a}:detector/{v}"},
}

// resources derives the ARNs a command's action applies to, in rule order
// without duplicates; ["*"] when it names none.
func resources(c *Command, op *operation) []string {
	var out []string
	seen := map[string]bool{}
	add := func(arn string) {
		if arn != "" && !seen[arn] {
			seen[arn] = true
			out = append(out, arn)
		}
	}
	switch {
	case c.Service == "s3":
		for _, a := range s3Resources(c) {
			add(a)
		}
	case c.Service == "logs" && c.CLIOperation == "tail" && len(c.Args) > 0:
		add(fill("arn:{p}:logs:{r}:{a}:log-group:{v}", c.Args[0], c))
	case op.path != "":
		add(apiGatewayResource(c, op.path))
	}
	used := map[string]bool{}
	for i := range rules {
		r := &rules[i]
		if (r.service != "*" && r.service != c.Service) || used[r.param] || !matchOps(r.ops, c.Operation) {
			continue
		}
		values, ok := c.Params[r.param]
		if !ok {
			continue
		}
		fired := false
		for _, v := range values {
			arn := ""
			switch {
			case v == "":
			case strings.HasPrefix(v, "arn:"):
				arn = v
			case r.build != nil:
				arn = r.build(v, c)
			case r.arn != "":
				arn = fill(r.arn, v, c)
			}
			if arn != "" {
				add(arn)
				fired = true
			}
		}
		if fired {
			used[r.param] = true
			for _, h := range holes(r.arn) {
				used[h] = true
			}
		}
	}
	if len(out) == 0 {
		return []string{"*"}
	}
	return out
}

func matchOps(patterns, op string) bool {
	if patterns == "" {
		return true
	}
	negate := strings.HasPrefix(patterns, "!")
	for _, p := range strings.Split(strings.TrimPrefix(patterns, "!"), ",") {
		if ok, _ := path.Match(p, op); ok {
			return !negate
		}
	}
	return negate
}

// fill expands a template for the value v, or returns "" when a hole names
// a parameter the command does not give and the hole has no default.
func fill(tmpl, v string, c *Command) string {
	var b strings.Builder
	for {
		open := strings.IndexByte(tmpl, '{')
		if open < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		end := strings.IndexByte(tmpl[open:], '}') + open
		if end < open {
			b.WriteString(tmpl)
			return b.String()
		}
		b.WriteString(tmpl[:open])
		hole := tmpl[open+1 : end]
		tmpl = tmpl[end+1:]
		switch hole {
		case "p":
			b.WriteString(c.Partition)
		case "r":
			b.WriteString(c.Region)
		case "a":
			b.WriteString(c.Account)
		case "v":
			b.WriteString(v)
		default:
			name, def, _ := strings.Cut(hole, "|")
			val := first(c.Params, name)
			if strings.HasPrefix(val, "arn:") {
				val = val[strings.LastIndexAny(val, "/:")+1:]
			}
			if val == "" {
				val = def
			}
			if val == "" {
				return ""
			}
			b.WriteString(val)
		}
	}
}

// holes lists the parameter names a template refers to.
func holes(tmpl string) []string {
	var out []string
	for {
		open := strings.IndexByte(tmpl, '{')
		if open < 0 {
			return out
		}
		end := strings.IndexByte(tmpl[open:], '}') + open
		if end < open {
			return out
		}
		name, _, _ := strings.Cut(tmpl[open+1:end], "|")
		if len(name) > 1 {
			out = append(out, name)
		}
		tmpl = tmpl[end+1:]
	}
}

// apiGatewayResource is the API Gateway resource ARN of a management call:
// its request path with the parameters filled in, or "" when one is
// missing.
func apiGatewayResource(c *Command, p string) string {
	return fill("arn:{p}:apigateway:{r}::"+p, "", c)
}

// lambdaFunction accepts a function name, name:qualifier, or the partial
// ARN account:function:name that Lambda also takes.
func lambdaFunction(v string, c *Command) string {
	if strings.Contains(v, ":function:") {
		return "arn:" + c.Partition + ":lambda:" + c.Region + ":" + v
	}
	return fill("arn:{p}:lambda:{r}:{a}:function:{v}", v, c)
}

// awsOwned reports whether an SSM document name is one of AWS's: customers
// may not create documents whose names start with aws, amazon or amzn, and
// the ARNs of AWS's documents have no account.
func awsOwned(name string) bool {
	n := strings.ToLower(name)
	return strings.HasPrefix(n, "aws") || strings.HasPrefix(n, "amazon") || strings.HasPrefix(n, "amzn")
}

func ssmDocument(v string, c *Command) string {
	if awsOwned(v) {
		return fill("arn:{p}:ssm:{r}::document/{v}", v, c)
	}
	return fill("arn:{p}:ssm:{r}:{a}:document/{v}", v, c)
}

// ssmAutomationDefinition is the runbook's automation-definition ARN, which
// StartAutomationExecution is authorized on, at --document-version or
// $DEFAULT.
func ssmAutomationDefinition(v string, c *Command) string {
	account := "{a}"
	if awsOwned(v) {
		account = ""
	}
	return fill("arn:{p}:ssm:{r}:"+account+":automation-definition/{v}:{document-version|$DEFAULT}", v, c)
}

func ssmParameter(v string, c *Command) string {
	return fill("arn:{p}:ssm:{r}:{a}:parameter/{v}", strings.TrimPrefix(v, "/"), c)
}

// ssmTarget is an EC2 instance or a hybrid managed instance.
func ssmTarget(v string, c *Command) string {
	switch {
	case strings.HasPrefix(v, "i-"):
		return fill("arn:{p}:ec2:{r}:{a}:instance/{v}", v, c)
	case strings.HasPrefix(v, "mi-"):
		return fill("arn:{p}:ssm:{r}:{a}:managed-instance/{v}", v, c)
	}
	return ""
}

// sqsQueue turns a queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME,
// or the legacy REGION.queue.amazonaws.com and queue.amazonaws.com hosts)
// into the queue's ARN.
func sqsQueue(v string, c *Command) string {
	rest, ok := strings.CutPrefix(v, "https://")
	if !ok {
		rest, ok = strings.CutPrefix(v, "http://")
	}
	if !ok {
		return ""
	}
	host, p, _ := strings.Cut(rest, "/")
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		return ""
	}
	region := c.Region
	labels := strings.Split(host, ".")
	switch {
	case len(labels) > 2 && labels[0] == "sqs":
		region = labels[1]
	case len(labels) > 2 && labels[1] == "queue":
		region = labels[0]
	case len(labels) > 1 && labels[0] == "queue":
		region = "us-east-1"
	}
	if !validRegion(region) {
		return ""
	}
	return "arn:" + c.Partition + ":sqs:" + region + ":" + parts[0] + ":" + parts[1]
}

func route53Zone(v string, c *Command) string {
	return fill("arn:{p}:route53:::hostedzone/{v}", strings.TrimPrefix(v, "/hostedzone/"), c)
}

// kmsKey accepts a key ID or an alias name.
func kmsKey(v string, c *Command) string {
	if strings.HasPrefix(v, "alias/") {
		return fill("arn:{p}:kms:{r}:{a}:{v}", v, c)
	}
	return fill("arn:{p}:kms:{r}:{a}:key/{v}", v, c)
}

// eventsRule puts a rule on a custom event bus under the bus's name.
func eventsRule(v string, c *Command) string {
	bus := first(c.Params, "event-bus-name")
	if i := strings.LastIndex(bus, "event-bus/"); i >= 0 {
		bus = bus[i+len("event-bus/"):]
	}
	if bus != "" && bus != "default" {
		v = bus + "/" + v
	}
	return fill("arn:{p}:events:{r}:{a}:rule/{v}", v, c)
}

func partiQLTableARN(v string, c *Command) string {
	if t := partiQLTable(v); t != "" {
		return fill("arn:{p}:dynamodb:{r}:{a}:table/{v}", t, c)
	}
	return ""
}
