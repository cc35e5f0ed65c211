package gov

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/chatgov/chatgov/internal/store"
)

// ResCustomAction is the resource of custom action errors.
const ResCustomAction = "CustomAction"

var (
	reActionName   = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)
	reAliasName    = regexp.MustCompile(`^[A-Za-z0-9-_]{1,30}$`)
	reCustomAction = regexp.MustCompile(`^arn:aws:chatbot::(\d{12}):custom-action/([a-zA-Z0-9_-]{1,64})$`)
	// reActionVariable is a variable of a command text: $name or ${name}.
	reActionVariable = regexp.MustCompile(`\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))`)
)

// CustomActionInput is a custom action as CreateCustomAction and
// UpdateCustomAction take it. Attachments is the JSON array of the action's
// notification buttons in AWS Chatbot's shape, kept as given.
type CustomActionInput struct {
	Name        string
	AliasName   string
	CommandText string
	Attachments string
	Tags        map[string]string
}

// CustomAction is a stored custom action.
type CustomAction struct {
	ARN         string
	Name        string
	AliasName   string
	CommandText string
	Attachments string
	Tags        map[string]string
}

func customActionOf(a *store.CustomAction) CustomAction {
	return CustomAction{ARN: a.ARN, Name: a.Name, AliasName: a.AliasName, CommandText: a.CommandText, Attachments: a.Attachments, Tags: maps.Clone(a.Tags)}
}

func validateAction(in CustomActionInput) error {
	if !reAliasName.MatchString(in.AliasName) && in.AliasName != "" {
		return badParam("AliasName %q must be 1 to 30 letters, digits, hyphens or underscores", in.AliasName)
	}
	if strings.TrimSpace(in.CommandText) == "" || len(in.CommandText) > 5000 {
		return badParam("Definition.CommandText is required, at most 5,000 characters")
	}
	if in.Attachments != "" {
		var list []map[string]any
		if err := json.Unmarshal([]byte(in.Attachments), &list); err != nil {
			return badParam("Attachments must be a list of attachments: %v", err)
		}
	}
	return nil
}

// CreateCustomAction creates a custom action in the caller's account. It
// returns Invalid for a malformed name, alias or definition, AlreadyExists
// (ResCustomAction) for a name or alias the account already uses, and the
// errors of authorize.
func (s *Service) CreateCustomAction(ctx context.Context, c Caller, in CustomActionInput) (string, error) {
	arn := "arn:aws:chatbot::" + c.AccountID + ":custom-action/" + in.Name
	err := s.update(ctx, func(ch *change) error {
		if err := ch.m.authorize(c, opCreateCustomAction, ""); err != nil {
			return err
		}
		if !reActionName.MatchString(in.Name) {
			return badParam("ActionName %q must be 1 to 64 letters, digits, hyphens or underscores", in.Name)
		}
		if err := validateAction(in); err != nil {
			return err
		}
		if _, ok := ch.m.CustomActions.Get(arn); ok {
			return newErr(AlreadyExists, ResCustomAction, "", "account %s already has a custom action named %s", c.AccountID, in.Name)
		}
		if err := aliasTaken(ch.m, c.AccountID, in.AliasName, ""); err != nil {
			return err
		}
		rec := store.CustomAction{ARN: arn, AccountID: c.AccountID, Name: in.Name, AliasName: in.AliasName, CommandText: in.CommandText,
			Attachments: orEmptyList(in.Attachments), Tags: maps.Clone(in.Tags), CreatedAt: ch.now, UpdatedAt: ch.now}
		ch.m.CustomActions.Set(arn, &rec)
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutCustomAction(ctx, rec) })
		return nil
	})
	return arn, err
}

func orEmptyList(s string) string {
	if s == "" {
		return "[]"
	}
	return s
}

func aliasTaken(m model, account, alias, except string) error {
	if alias == "" {
		return nil
	}
	var err error
	m.CustomActions.Range(func(_ string, a *store.CustomAction) bool {
		if a.AccountID == account && a.ARN != except && strings.EqualFold(a.AliasName, alias) {
			err = newErr(AlreadyExists, ResCustomAction, "", "custom action %s already uses the alias %s", a.ARN, alias)
			return false
		}
		return true
	})
	return err
}

// ownAction returns a custom action of the caller's account: Invalid for a
// malformed ARN, NotFound (ResCustomAction) for another account's or a
// missing one.
func (m model) ownAction(c Caller, arn string) (*store.CustomAction, error) {
	match := reCustomAction.FindStringSubmatch(arn)
	if match == nil {
		return nil, badParam("CustomActionArn %q is not a custom action ARN", arn)
	}
	a, ok := m.CustomActions.Get(arn)
	if !ok || match[1] != c.AccountID {
		return nil, newErr(NotFound, ResCustomAction, "", "there is no custom action %s in account %s", arn, c.AccountID)
	}
	return a, nil
}

// GetCustomAction returns a custom action of the caller's account, with the
// errors of ownAction.
func (s *Service) GetCustomAction(c Caller, arn string) (CustomAction, error) {
	m := s.model()
	if err := m.authorize(c, opGetCustomAction, ""); err != nil {
		return CustomAction{}, err
	}
	a, err := m.ownAction(c, arn)
	if err != nil {
		return CustomAction{}, err
	}
	return customActionOf(a), nil
}

// UpdateCustomAction replaces a custom action's alias, definition and
// attachments. It returns the errors of ownAction and CreateCustomAction.
func (s *Service) UpdateCustomAction(ctx context.Context, c Caller, arn string, in CustomActionInput) error {
	return s.update(ctx, func(ch *change) error {
		if err := ch.m.authorize(c, opUpdateCustomAction, ""); err != nil {
			return err
		}
		cur, err := ch.m.ownAction(c, arn)
		if err != nil {
			return err
		}
		if err := validateAction(in); err != nil {
			return err
		}
		if err := aliasTaken(ch.m, c.AccountID, in.AliasName, arn); err != nil {
			return err
		}
		rec := *cur
		rec.AliasName, rec.CommandText, rec.Attachments, rec.UpdatedAt = in.AliasName, in.CommandText, orEmptyList(in.Attachments), ch.now
		ch.m.CustomActions.Set(arn, &rec)
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutCustomAction(ctx, rec) })
		return nil
	})
}

// DeleteCustomAction deletes a custom action of the caller's account and
// its associations. It returns the errors of ownAction.
func (s *Service) DeleteCustomAction(ctx context.Context, c Caller, arn string) error {
	return s.update(ctx, func(ch *change) error {
		if err := ch.m.authorize(c, opDeleteCustomAction, ""); err != nil {
			return err
		}
		if _, err := ch.m.ownAction(c, arn); err != nil {
			return err
		}
		ch.dropAssociations(arn)
		ch.m.CustomActions.Delete(arn)
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteCustomAction(ctx, arn) })
		return nil
	})
}

// ListCustomActions lists the ARNs of the caller's custom actions, sorted.
// It returns Invalid (INVALID_NEXT_TOKEN) for a token of another list.
func (s *Service) ListCustomActions(c Caller, token string, max int) (Page[string], error) {
	m := s.model()
	if err := m.authorize(c, opListCustomActions, ""); err != nil {
		return Page[string]{}, err
	}
	var arns []string
	m.CustomActions.Range(func(arn string, a *store.CustomAction) bool {
		if a.AccountID == c.AccountID {
			arns = append(arns, arn)
		}
		return true
	})
	slices.Sort(arns)
	return paginate(arns, token, max)
}

// AssociateToConfiguration associates a custom action of the caller's
// account with one of its configurations (again is not an error). It
// returns the errors of ownConfig and ownAction.
func (s *Service) AssociateToConfiguration(ctx context.Context, c Caller, configurationARN, resource string) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opAssociateToConfiguration, ""); err != nil {
			return err
		}
		if _, _, err := m.ownConfig(c, configurationARN, ""); err != nil {
			return err
		}
		if _, err := m.ownAction(c, resource); err != nil {
			return err
		}
		cur, _ := m.Associations.Get(configurationARN)
		if slices.Contains(cur, resource) {
			return nil
		}
		next := append(slices.Clone(cur), resource)
		slices.Sort(next)
		m.Associations.Set(configurationARN, next)
		rec := store.ChatAssociation{ConfigurationARN: configurationARN, ResourceARN: resource, CreatedAt: ch.now}
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutChatAssociation(ctx, rec) })
		return nil
	})
}

// DisassociateFromConfiguration removes an association. It returns the
// errors of ownConfig, and NotFound (ResCustomAction) when the resource is
// not associated with the configuration.
func (s *Service) DisassociateFromConfiguration(ctx context.Context, c Caller, configurationARN, resource string) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opDisassociateFromConfiguration, ""); err != nil {
			return err
		}
		if _, _, err := m.ownConfig(c, configurationARN, ""); err != nil {
			return err
		}
		cur, _ := m.Associations.Get(configurationARN)
		if !slices.Contains(cur, resource) {
			return newErr(NotFound, ResCustomAction, "", "%s is not associated with %s", resource, configurationARN)
		}
		if next := slices.DeleteFunc(slices.Clone(cur), func(r string) bool { return r == resource }); len(next) == 0 {
			m.Associations.Delete(configurationARN)
		} else {
			m.Associations.Set(configurationARN, next)
		}
		ch.do(func(ctx context.Context, tx store.Tx) error {
			return tx.DeleteChatAssociation(ctx, configurationARN, resource)
		})
		return nil
	})
}

// ListAssociations lists the resources associated with one of the caller's
// configurations, sorted. It returns the errors of ownConfig and Invalid
// (INVALID_NEXT_TOKEN) for a token of another list.
func (s *Service) ListAssociations(c Caller, configurationARN, token string, max int) (Page[string], error) {
	m := s.model()
	if err := m.authorize(c, opListAssociations, ""); err != nil {
		return Page[string]{}, err
	}
	if _, _, err := m.ownConfig(c, configurationARN, ""); err != nil {
		return Page[string]{}, err
	}
	cur, _ := m.Associations.Get(configurationARN)
	return paginate(slices.Clone(cur), token, max)
}

// parseRun reads "run ALIAS name=value ..." (after an optional mention): the
// alias and the variables given. ok is false for any other command.
func parseRun(text string) (alias string, vars map[string]string, ok bool) {
	fields := strings.Fields(text)
	// The bot's mention (@aws, Slack's <@U...>, @Amazon Q) and an "aws"
	// after it, as chatcmd skips them.
	if len(fields) > 0 && (strings.HasPrefix(fields[0], "@") || strings.HasPrefix(fields[0], "<@")) {
		amazon := strings.EqualFold(fields[0], "@amazon")
		if fields = fields[1:]; amazon && len(fields) > 0 && strings.EqualFold(fields[0], "q") {
			fields = fields[1:]
		}
	}
	if len(fields) > 0 && strings.EqualFold(fields[0], "aws") {
		fields = fields[1:]
	}
	if len(fields) < 2 || !strings.EqualFold(fields[0], "run") {
		return "", nil, false
	}
	vars = map[string]string{}
	for _, f := range fields[2:] {
		k, v, found := strings.Cut(f, "=")
		if !found {
			k, v = f, ""
		}
		vars[k] = v
	}
	return fields[1], vars, true
}

// associatedAction finds the custom action with an alias among those
// associated with a configuration.
func (m model) associatedAction(configurationARN, alias string) (*store.CustomAction, error) {
	assoc, _ := m.Associations.Get(configurationARN)
	for _, arn := range assoc {
		if a, ok := m.CustomActions.Get(arn); ok && strings.EqualFold(a.AliasName, alias) {
			return a, nil
		}
	}
	return nil, badParam("no custom action with the alias %q is associated with %s", alias, configurationARN)
}

// expandAction fills a custom action's variables ($name or ${name}) with
// the values given, quoting each so that it stays one word of the command.
// It returns Invalid naming the variables without a value.
func expandAction(a *store.CustomAction, vars map[string]string) (string, error) {
	var missing []string
	out := reActionVariable.ReplaceAllStringFunc(a.CommandText, func(v string) string {
		m := reActionVariable.FindStringSubmatch(v)
		name := m[1] + m[2]
		val, ok := vars[name]
		if !ok || val == "" {
			if !slices.Contains(missing, name) {
				missing = append(missing, name)
			}
			return v
		}
		return quoteWord(val)
	})
	if len(missing) > 0 {
		example := make([]string, len(missing))
		for i, n := range missing {
			example[i] = n + "=VALUE"
		}
		return "", badParam("custom action %s needs a value for %s: type @aws run %s %s", a.AliasName, strings.Join(missing, ", "),
			a.AliasName, strings.Join(example, " "))
	}
	return out, nil
}

// quoteWord quotes a value that holds anything but plain characters.
func quoteWord(v string) string {
	if strings.IndexFunc(v, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@,+", r))
	}) < 0 {
		return v
	}
	return fmt.Sprintf("%q", v)
}
