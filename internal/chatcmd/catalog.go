package chatcmd

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// catalog.txt is generated from the botocore service models by
// internal/gencatalog; overlay.txt holds by hand what the models do not say.
// Both are read once, on first use.
var (
	//go:embed catalog.txt
	catalogText string
	//go:embed overlay.txt
	overlayText string
)

// catalog is every service and operation Parse knows. It is built once and
// never changed, so it is safe to share between goroutines.
type catalog struct {
	services map[string]*service // by CLI name
	aliases  map[string]string   // other names -> CLI name
	names    []string            // CLI names, sorted
}

type service struct {
	name   string // CLI name: "s3api", "elbv2"
	prefix string // IAM service prefix: "s3", "elasticloadbalancing"
	source string // the model it came from, or "awscli"
	global bool   // the only endpoint is in the partition's home region
	ops    map[string]*operation
	names  []string // CLI operation names, sorted
}

type operation struct {
	cli    string // "delete-db-cluster"
	api    string // "DeleteDBCluster"
	action string // "rds:DeleteDBCluster"
	path   string // API Gateway: the resource path, with {cli-parameter} holes
	// positional marks a command that takes positional arguments, as the
	// AWS CLI's own commands and the calls that write their output to a
	// file (lambda invoke ... OUTFILE) do: overlay attribute
	// args=positional, or any command of a service whose source is
	// "awscli". Its options read one value each.
	positional bool
}

var loadCatalog = sync.OnceValue(func() *catalog {
	c, err := parseCatalog(catalogText, overlayText)
	if err != nil {
		// The files are embedded and tested: failing here is a build defect.
		panic("chatcmd: " + err.Error())
	}
	return c
})

// parseCatalog reads the generated catalog, then the overlay over it.
func parseCatalog(files ...string) (*catalog, error) {
	c := &catalog{services: map[string]*service{}, aliases: map[string]string{}}
	for i, text := range files {
		if err := c.read(text, i > 0); err != nil {
			return nil, err
		}
	}
	for name, target := range c.aliases {
		if c.services[target] == nil {
			return nil, fmt.Errorf("alias %s names unknown service %s", name, target)
		}
		if c.services[name] != nil {
			return nil, fmt.Errorf("alias %s hides a service", name)
		}
	}
	for name, s := range c.services {
		if len(s.ops) == 0 {
			return nil, fmt.Errorf("service %s has no operations", name)
		}
		c.names = append(c.names, name)
		for op := range s.ops {
			s.names = append(s.names, op)
		}
		slices.Sort(s.names)
	}
	slices.Sort(c.names)
	return c, nil
}

// read adds one file. Only the overlay may reopen a service or add
// attributes to an operation that exists; in the generated catalog a
// repeated name is a defect.
func (c *catalog) read(text string, overlay bool) error {
	var cur *service
	for n, line := range strings.Split(text, "\n") {
		fail := func(format string, args ...any) error {
			return fmt.Errorf("line %d: %s", n+1, fmt.Sprintf(format, args...))
		}
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "alias":
			if len(f) != 3 {
				return fail("alias takes a name and a service")
			}
			c.aliases[f[1]] = f[2]
			continue
		case "service":
			s, err := c.openService(f[1:], overlay)
			if err != nil {
				return fail("%v", err)
			}
			cur = s
			continue
		}
		if cur == nil {
			return fail("operation before any service")
		}
		if err := cur.addOperation(f, overlay); err != nil {
			return fail("%v", err)
		}
	}
	return nil
}

func (c *catalog) openService(f []string, overlay bool) (*service, error) {
	if len(f) == 0 {
		return nil, fmt.Errorf("service needs a name")
	}
	s := c.services[f[0]]
	if len(f) == 1 {
		if s == nil || !overlay {
			return nil, fmt.Errorf("service %s: not in the catalog", f[0])
		}
		return s, nil
	}
	if s != nil {
		return nil, fmt.Errorf("service %s: defined twice", f[0])
	}
	if len(f) < 3 || len(f) > 4 || (len(f) == 4 && f[3] != "global") {
		return nil, fmt.Errorf("service line: want <cli-name> <iam-prefix> <source> [global]")
	}
	if !validPrefix(f[1]) {
		return nil, fmt.Errorf("service %s: bad IAM prefix %q", f[0], f[1])
	}
	s = &service{name: f[0], prefix: f[1], source: f[2], global: len(f) == 4, ops: map[string]*operation{}}
	c.services[f[0]] = s
	return s, nil
}

func (s *service) addOperation(f []string, overlay bool) error {
	if len(f) < 2 {
		return fmt.Errorf("operation line: want <cli-name> <ApiName> [attributes]")
	}
	op := s.ops[f[0]]
	switch {
	case op != nil && !overlay:
		return fmt.Errorf("%s %s: defined twice", s.name, f[0])
	case op != nil && op.api != f[1]:
		return fmt.Errorf("%s %s: is %s in the catalog, not %s", s.name, f[0], op.api, f[1])
	case op == nil:
		op = &operation{cli: f[0], api: f[1], action: s.prefix + ":" + f[1], positional: s.source == "awscli"}
		s.ops[f[0]] = op
	}
	for _, attr := range f[2:] {
		key, val, ok := strings.Cut(attr, "=")
		switch {
		case !ok || val == "":
			return fmt.Errorf("%s %s: attribute %q: want key=value", s.name, f[0], attr)
		case key == "iam" && strings.Contains(val, ":"):
			op.action = val
		case key == "iam":
			op.action = s.prefix + ":" + val
		case key == "path":
			op.path = val
		case key == "args" && val == "positional":
			op.positional = true
		default:
			return fmt.Errorf("%s %s: unknown attribute %q", s.name, f[0], key)
		}
	}
	if !validAction(op.action) {
		return fmt.Errorf("%s %s: bad IAM action %q", s.name, f[0], op.action)
	}
	return nil
}

// service returns the service a typed name stands for: a CLI name or an
// alias.
func (c *catalog) service(name string) *service {
	if s := c.services[name]; s != nil {
		return s
	}
	return c.services[c.aliases[name]]
}

// validPrefix reports whether p looks like an IAM service prefix:
// lower-case letters, digits and hyphens, starting with a letter.
func validPrefix(p string) bool {
	if p == "" || p[0] < 'a' || p[0] > 'z' {
		return false
	}
	for _, r := range p {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}

// validAction reports whether a is "prefix:Name" with an IAM-shaped prefix
// and a name of ASCII letters and digits starting with a letter (API
// Gateway's HTTP verbs included).
func validAction(a string) bool {
	prefix, name, ok := strings.Cut(a, ":")
	if !ok || !validPrefix(prefix) || name == "" {
		return false
	}
	if (name[0] < 'A' || name[0] > 'Z') && (name[0] < 'a' || name[0] > 'z') {
		return false
	}
	for _, r := range name {
		if (r < 'A' || r > 'Z') && (r < 'a' || r > 'z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}
