package gov

import (
	"context"
	"errors"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/store"
)

// MaxOUs is the number of OUs an organization may have.
const MaxOUs = 2000

// parent returns the root or OU with the given ID; resource names the
// exception (Parent, SourceParent, DestinationParent).
func (m model) parent(field, id, resource string) (*org.Node, error) {
	if err := checkNodeID(field, id, ReasonInvalidPattern, org.Root, org.OU); err != nil {
		return nil, err
	}
	n, ok := m.Tree.Node(id)
	if !ok || n.Type == org.Account {
		return nil, notFound(resource, "%s %s does not exist in organization %s", field, id, m.Org.ID)
	}
	return n, nil
}

func (m model) ouNode(id string) (*org.Node, error) {
	if err := checkNodeID("OrganizationalUnitId", id, ReasonInvalidPattern, org.OU); err != nil {
		return nil, err
	}
	n, ok := m.Tree.Node(id)
	if !ok || n.Type != org.OU {
		return nil, notFound(ResOU, "organizational unit %s does not exist in organization %s", id, m.Org.ID)
	}
	return n, nil
}

func (m model) account(id string) (*snapshot.AccountRec, error) {
	if err := checkNodeID("AccountId", id, ReasonInvalidPattern, org.Account); err != nil {
		return nil, err
	}
	a, ok := m.Accounts.Get(id)
	if !ok {
		return nil, notFound(ResAccount, "account %s is not in organization %s", id, m.Org.ID)
	}
	return a, nil
}

// attachFullAccess attaches the AWS-managed full-access policies of the
// enabled authorization types to a new OU or account (D12).
func (ch *change) attachFullAccess(nodeID string) {
	for t := range ch.m.Enabled {
		if id := fullAccessFor(t); id != "" {
			ch.attach(id, nodeID)
		}
	}
}

// CreateOrganizationalUnit creates an OU under a root or OU, with the
// full-access policies of the enabled authorization types attached. It
// returns Invalid (INPUT_REQUIRED, INVALID_PATTERN) and NotFound (ResParent)
// for the parent, Invalid (INPUT_REQUIRED, MAX_LENGTH_EXCEEDED) for the
// name, the errors of checkTags, Constraint (OU_NUMBER_LIMIT_EXCEEDED,
// OU_DEPTH_LIMIT_EXCEEDED), AlreadyExists (ResOU) for a name the parent has,
// and the errors of authorize.
func (s *Service) CreateOrganizationalUnit(ctx context.Context, c Caller, parentID, name string, tags []Tag) (OU, error) {
	var out OU
	err := s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opCreateOrganizationalUnit, ""); err != nil {
			return err
		}
		parent, err := m.parent("ParentId", parentID, ResParent)
		if err != nil {
			return err
		}
		if err := checkLen("Name", name, 1, 128); err != nil {
			return err
		}
		if err := checkTags(tags); err != nil {
			return err
		}
		if m.OUs.Len() >= MaxOUs {
			return constraint(ReasonOUNumber, "the organization already has %d OUs, the most it may have", MaxOUs)
		}
		if parent.Depth+1 > org.MaxOUDepth {
			return constraint(ReasonOUDepth, "an OU under %s would be %d levels deep; OUs nest at most %d levels under the root",
				parent.ID, parent.Depth+1, org.MaxOUDepth)
		}
		suffix := m.Tree.Root().ID[len("r-"):]
		id, err := s.newID("ou-"+suffix+"-", lowerAlnum, 8, func(id string) bool { _, used := m.Tree.Node(id); return used })
		if err != nil {
			return err
		}
		n, err := ch.tree().AddOU(parent.ID, id, name)
		if errors.Is(err, org.ErrDuplicateName) {
			return newErr(AlreadyExists, ResOU, "", "an OU named %q already exists under %s", name, parent.ID)
		} else if err != nil {
			return internal(err, "adding OU")
		}
		rec := store.OU{ID: id, ParentID: parent.ID, Name: name, CreatedAt: ch.now}
		ch.m.OUs.Set(id, &snapshot.OURec{OU: rec})
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutOU(ctx, rec) })
		ch.setTags(id, tags)
		ch.attachFullAccess(id)
		out = m.ouRecord(c.Partition(), n)
		return nil
	})
	return out, err
}

// DescribeOrganizationalUnit describes an OU. It returns Invalid
// (INPUT_REQUIRED, INVALID_PATTERN) and NotFound (ResOU) for the OU, and the
// errors of authorize.
func (s *Service) DescribeOrganizationalUnit(c Caller, id string) (OU, error) {
	m := s.model()
	if err := m.authorize(c, opDescribeOrganizationalUnit, ""); err != nil {
		return OU{}, err
	}
	n, err := m.ouNode(id)
	if err != nil {
		return OU{}, err
	}
	return m.ouRecord(c.Partition(), n), nil
}

// UpdateOrganizationalUnit renames an OU; an empty or unchanged name changes
// nothing. It returns Invalid (INPUT_REQUIRED, INVALID_PATTERN) and NotFound
// (ResOU) for the OU, Invalid (MAX_LENGTH_EXCEEDED) for the name,
// AlreadyExists (ResOU) for a name a sibling has, and the errors of
// authorize.
func (s *Service) UpdateOrganizationalUnit(ctx context.Context, c Caller, id, name string) (OU, error) {
	var out OU
	err := s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opUpdateOrganizationalUnit, ""); err != nil {
			return err
		}
		n, err := m.ouNode(id)
		if err != nil {
			return err
		}
		if name == "" || name == n.Name {
			out = m.ouRecord(c.Partition(), n)
			return nil
		}
		if err := checkLen("Name", name, 1, 128); err != nil {
			return err
		}
		if err := ch.tree().RenameOU(id, name); errors.Is(err, org.ErrDuplicateName) {
			return newErr(AlreadyExists, ResOU, "", "an OU named %q already exists under %s", name, n.ParentID)
		} else if err != nil {
			return internal(err, "renaming OU")
		}
		cur, _ := m.OUs.Get(id)
		rec := cur.OU
		rec.Name = name
		ch.m.OUs.Set(id, &snapshot.OURec{OU: rec})
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutOU(ctx, rec) })
		n, _ = m.Tree.Node(id)
		out = m.ouRecord(c.Partition(), n)
		return nil
	})
	return out, err
}

// DeleteOrganizationalUnit deletes an empty OU, with its attachments and
// tags. It returns Invalid (INPUT_REQUIRED, INVALID_PATTERN) and NotFound
// (ResOU) for the OU, NotEmpty (ResOU) while it has children, and the errors
// of authorize.
func (s *Service) DeleteOrganizationalUnit(ctx context.Context, c Caller, id string) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.authorize(c, opDeleteOrganizationalUnit, ""); err != nil {
			return err
		}
		n, err := m.ouNode(id)
		if err != nil {
			return err
		}
		if k := len(n.Children()); k > 0 {
			return newErr(NotEmpty, ResOU, "", "organizational unit %s still has %d %s; move or delete them first", id, k, plural(k, "child", "children"))
		}
		ch.forget(id)
		if err := ch.tree().Remove(id); err != nil {
			return internal(err, "removing OU")
		}
		ch.m.OUs.Delete(id)
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteOU(ctx, id) })
		return nil
	})
}

// forget removes what belongs to a node about to go: its attachments and tags.
func (ch *change) forget(nodeID string) {
	as, _ := ch.m.Attached.Get(nodeID)
	for _, a := range append([]snapshot.Attachment(nil), as...) {
		ch.detach(a.PolicyID, nodeID)
	}
	ch.setTags(nodeID, nil)
}

// ListOrganizationalUnitsForParent lists the OUs directly under a root or
// OU. It returns Invalid (INPUT_REQUIRED, INVALID_PATTERN) and NotFound
// (ResParent) for the parent, Invalid (INVALID_NEXT_TOKEN) for a token of
// another list, and the errors of authorize.
func (s *Service) ListOrganizationalUnitsForParent(c Caller, parentID, token string, max int) (Page[OU], error) {
	m := s.model()
	if err := m.authorize(c, opListOrganizationalUnitsForParent, ""); err != nil {
		return Page[OU]{}, err
	}
	p, err := m.parent("ParentId", parentID, ResParent)
	if err != nil {
		return Page[OU]{}, err
	}
	var out []OU
	for _, k := range p.Children() {
		if k.Type == org.OU {
			out = append(out, m.ouRecord(c.Partition(), k))
		}
	}
	return paginate(out, token, max)
}

// ListChildren lists the OUs or the accounts directly under a root or OU. It
// returns Invalid (INPUT_REQUIRED, INVALID_PATTERN) and NotFound (ResParent)
// for the parent, Invalid (INPUT_REQUIRED, INVALID_ENUM) for the child type,
// Invalid (INVALID_NEXT_TOKEN) for a token of another list, and the errors
// of authorize.
func (s *Service) ListChildren(c Caller, parentID, childType, token string, max int) (Page[Child], error) {
	m := s.model()
	if err := m.authorize(c, opListChildren, ""); err != nil {
		return Page[Child]{}, err
	}
	p, err := m.parent("ParentId", parentID, ResParent)
	if err != nil {
		return Page[Child]{}, err
	}
	var want org.NodeType
	switch childType {
	case ChildAccount:
		want = org.Account
	case ChildOU:
		want = org.OU
	case "":
		return Page[Child]{}, invalid(ReasonInputRequired, "ChildType is required")
	default:
		return Page[Child]{}, invalid(ReasonInvalidEnum, "ChildType must be ACCOUNT or ORGANIZATIONAL_UNIT, not %q", childType)
	}
	var out []Child
	for _, k := range p.Children() {
		if k.Type == want {
			out = append(out, Child{ID: k.ID, Type: childType})
		}
	}
	return paginate(out, token, max)
}

// ListParents lists the parent of an OU or account (there is always one). It
// returns Invalid (INPUT_REQUIRED, INVALID_PATTERN) and NotFound (ResChild)
// for the child, Invalid (INVALID_NEXT_TOKEN) for a token of another list,
// and the errors of authorize.
func (s *Service) ListParents(c Caller, childID, token string, max int) (Page[Parent], error) {
	m := s.model()
	if err := m.authorize(c, opListParents, ""); err != nil {
		return Page[Parent]{}, err
	}
	if err := checkNodeID("ChildId", childID, ReasonInvalidPattern, org.OU, org.Account); err != nil {
		return Page[Parent]{}, err
	}
	n, ok := m.Tree.Node(childID)
	if !ok {
		return Page[Parent]{}, notFound(ResChild, "%s is not in organization %s", childID, m.Org.ID)
	}
	p, _ := m.Tree.Node(n.ParentID)
	typ := ChildOU
	if p.Type == org.Root {
		typ = ParentRoot
	}
	return paginate([]Parent{{ID: p.ID, Type: typ}}, token, max)
}

// DescribeAccount describes an account of the organization. It returns
// Invalid (INPUT_REQUIRED, INVALID_PATTERN) and NotFound (ResAccount) for
// the account, and the errors of authorize.
func (s *Service) DescribeAccount(c Caller, id string) (Account, error) {
	m := s.model()
	if err := m.authorize(c, opDescribeAccount, ""); err != nil {
		return Account{}, err
	}
	a, err := m.account(id)
	if err != nil {
		return Account{}, err
	}
	return m.accountRecord(c.Partition(), a), nil
}

// ListAccounts lists every account of the organization, in tree order. It
// returns Invalid (INVALID_NEXT_TOKEN) for a token of another list, and the
// errors of authorize.
func (s *Service) ListAccounts(c Caller, token string, max int) (Page[Account], error) {
	m := s.model()
	if err := m.authorize(c, opListAccounts, ""); err != nil {
		return Page[Account]{}, err
	}
	ids, err := paginate(m.AccountIDs(), token, max)
	if err != nil {
		return Page[Account]{}, err
	}
	return m.accountPage(c.Partition(), ids), nil
}

func (m model) accountPage(partition string, ids Page[string]) Page[Account] {
	out := Page[Account]{NextToken: ids.NextToken, Items: make([]Account, 0, len(ids.Items))}
	for _, id := range ids.Items {
		if a, ok := m.Accounts.Get(id); ok {
			out.Items = append(out.Items, m.accountRecord(partition, a))
		}
	}
	return out
}

// ListAccountsForParent lists the accounts directly under a root or OU. It
// returns Invalid (INPUT_REQUIRED, INVALID_PATTERN) and NotFound (ResParent)
// for the parent, Invalid (INVALID_NEXT_TOKEN) for a token of another list,
// and the errors of authorize.
func (s *Service) ListAccountsForParent(c Caller, parentID, token string, max int) (Page[Account], error) {
	m := s.model()
	if err := m.authorize(c, opListAccountsForParent, ""); err != nil {
		return Page[Account]{}, err
	}
	p, err := m.parent("ParentId", parentID, ResParent)
	if err != nil {
		return Page[Account]{}, err
	}
	var ids []string
	for _, k := range p.Children() {
		if k.Type == org.Account {
			ids = append(ids, k.ID)
		}
	}
	page, err := paginate(ids, token, max)
	if err != nil {
		return Page[Account]{}, err
	}
	return m.accountPage(c.Partition(), page), nil
}

// MoveAccount moves an account from its parent to another root or OU. It
// returns Invalid (INPUT_REQUIRED, INVALID_PATTERN) and NotFound
// (ResAccount) for the account, Invalid (INPUT_REQUIRED, INVALID_PATTERN)
// and NotFound (ResSourceParent, ResDestinationParent) for the parents,
// NotFound (ResSourceParent) when the account is not under the source,
// AlreadyExists (ResAccount) when it is under the destination already, and
// the errors of authorize.
func (s *Service) MoveAccount(ctx context.Context, c Caller, accountID, sourceID, destID string) error {
	return s.update(ctx, func(ch *change) error { return moveAccount(ch, c, accountID, sourceID, destID) })
}

// moveAccount is MoveAccount within a change, for the write and its
// simulation alike.
func moveAccount(ch *change, c Caller, accountID, sourceID, destID string) error {
	m := ch.m
	if err := m.authorize(c, opMoveAccount, ""); err != nil {
		return err
	}
	a, err := m.account(accountID)
	if err != nil {
		return err
	}
	src, err := m.parent("SourceParentId", sourceID, ResSourceParent)
	if err != nil {
		return err
	}
	dst, err := m.parent("DestinationParentId", destID, ResDestinationParent)
	if err != nil {
		return err
	}
	if a.ParentID != src.ID {
		return notFound(ResSourceParent, "account %s is not in %s; its parent is %s", accountID, src.ID, a.ParentID)
	}
	if src.ID == dst.ID {
		return newErr(AlreadyExists, ResAccount, "", "account %s is already in %s", accountID, dst.ID)
	}
	if err := ch.tree().MoveAccount(accountID, dst.ID); err != nil {
		return internal(err, "moving account")
	}
	ch.because(opMoveAccount.String(), c, "moved account %s from %s to %s", accountID, src.ID, dst.ID)
	rec := a.Account
	rec.ParentID = dst.ID
	ch.m.Accounts.Set(accountID, &snapshot.AccountRec{Account: rec})
	ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutAccount(ctx, rec) })
	ch.dirty("", accountID)
	return nil
}
