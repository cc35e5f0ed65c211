package chatcmd

import "strings"

// refine adjusts the operation and action of the commands whose IAM action
// depends on their arguments rather than on the command alone.
func refine(c *Command) {
	switch {
	case c.Service == "s3":
		refineS3(c)
	case c.Service == "dynamodb" && c.Operation == "ExecuteStatement":
		if v := first(c.Params, "statement"); v != "" {
			if a := partiQLAction(v); a != "" {
				c.Action = "dynamodb:" + a
			}
		}
	}
}

// refineS3 picks the call an s3 command makes from its paths. cp, mv and
// sync read objects when the source is in S3 (a download or a copy) and
// write them otherwise (an upload); ls without a bucket lists buckets. Only
// the first action a command needs is given: a copy between buckets also
// writes, and mv also deletes.
func refineS3(c *Command) {
	switch c.CLIOperation {
	case "ls":
		if len(c.Args) == 0 {
			c.Operation, c.Action = "ListBuckets", "s3:ListAllMyBuckets"
		}
	case "cp", "mv", "sync":
		if len(c.Args) > 0 && strings.HasPrefix(c.Args[0], "s3://") {
			c.Operation, c.Action = "GetObject", "s3:GetObject"
		}
	}
}

// s3Resources derives the bucket or object ARNs of an s3 command. A key
// that names a prefix (empty, ending in "/", or under --recursive or sync)
// ends in "*": the objects it covers are not known until the command runs.
func s3Resources(c *Command) []string {
	path := arg(c.Args, 0)
	if c.CLIOperation == "cp" || c.CLIOperation == "mv" || c.CLIOperation == "sync" {
		// The source when reading, else the destination.
		if c.Action != "s3:GetObject" {
			path = arg(c.Args, 1)
		}
		if !strings.HasPrefix(path, "s3://") {
			return nil
		}
	}
	bucket, key, _ := strings.Cut(strings.TrimPrefix(path, "s3://"), "/")
	if bucket == "" {
		return nil
	}
	base := "arn:" + c.Partition + ":s3:::" + bucket
	switch c.CLIOperation {
	case "ls", "mb", "rb", "website":
		return []string{base}
	}
	_, recursive := c.Params["recursive"]
	if key == "" || strings.HasSuffix(key, "/") || recursive || c.CLIOperation == "sync" {
		key += "*"
	}
	return []string{base + "/" + key}
}

// partiQLAction is the IAM action of a PartiQL statement, from its first
// word.
func partiQLAction(statement string) string {
	word, _, _ := strings.Cut(strings.TrimSpace(statement), " ")
	switch strings.ToUpper(word) {
	case "SELECT":
		return "PartiQLSelect"
	case "INSERT":
		return "PartiQLInsert"
	case "UPDATE":
		return "PartiQLUpdate"
	case "DELETE":
		return "PartiQLDelete"
	}
	return ""
}

// partiQLTable is the table a PartiQL statement names: the word after FROM
// (SELECT, DELETE), INTO (INSERT) or UPDATE, without quotes or an index
// suffix ("orders"."by-date").
func partiQLTable(statement string) string {
	words := strings.Fields(statement)
	for i := 0; i+1 < len(words); i++ {
		w := strings.ToUpper(words[i])
		if w == "FROM" || w == "INTO" || (i == 0 && w == "UPDATE") {
			t := words[i+1]
			if strings.HasPrefix(t, `"`) {
				if end := strings.IndexByte(t[1:], '"'); end >= 0 {
					return t[1 : 1+end]
				}
			}
			t, _, _ = strings.Cut(t, ".")
			return strings.Trim(t, `"`)
		}
	}
	return ""
}

func arg(args []string, i int) string {
	if i < len(args) {
		return args[i]
	}
	return ""
}

func first(params map[string][]string, name string) string {
	if v := params[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}
