package gov

import (
	"context"
	"sort"

	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/store"
)

// MaxTags is how many tags a resource may carry.
const MaxTags = 50

// checkTags checks tags given with a request. It returns Invalid
// (INPUT_REQUIRED, MAX_LENGTH_EXCEEDED) for a key or value of the wrong
// length, Invalid (INVALID_PATTERN) for characters tags cannot hold,
// Invalid (DUPLICATE_TAG_KEY) for a key given twice, and Constraint
// (MAX_TAG_LIMIT_EXCEEDED) beyond MaxTags.
func checkTags(tags []Tag) error {
	seen := map[string]bool{}
	for _, t := range tags {
		if err := checkLen("Tag Key", t.Key, 1, 128); err != nil {
			return err
		}
		if err := checkLen("Tag Value", t.Value, 0, 256); err != nil {
			return err
		}
		if !reTagText.MatchString(t.Key) || !reTagText.MatchString(t.Value) {
			return invalid(ReasonInvalidPattern, "tag %q=%q has characters tags cannot hold", t.Key, t.Value)
		}
		if seen[t.Key] {
			return invalid(ReasonDuplicateTagKey, "tag key %q is given twice", t.Key)
		}
		seen[t.Key] = true
	}
	if len(tags) > MaxTags {
		return constraint(ReasonMaxTags, "%d tags given; a resource holds at most %d", len(tags), MaxTags)
	}
	return nil
}

// setTags replaces a resource's tags (nil removes them all).
func (ch *change) setTags(resourceID string, tags []Tag) {
	te := &ch.m.Tags
	_, had := te.Get(resourceID)
	if len(tags) == 0 {
		if had {
			te.Delete(resourceID)
			ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteTags(ctx, resourceID) })
		}
		return
	}
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[t.Key] = t.Value
		st := store.Tag{ResourceID: resourceID, Key: t.Key, Value: t.Value}
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutTag(ctx, st) })
	}
	te.Set(resourceID, m)
}

// taggable checks that a resource exists and that the caller may call
// onPolicy on it when it is a policy, onOther when it is a root, OU,
// account or the resource policy: the management account may tag
// everything; the chatbot delegated administrator only chat applications
// policies; a member what the resource policy lets it. Every account with
// read access may list tags. It returns the errors of inOrganization,
// policyFor and authorize, Invalid (INVALID_PATTERN) for a malformed ID and
// NotFound (ResTarget) for a node that does not exist.
func (m model) taggable(c Caller, onPolicy, onOther operation, resourceID string) error {
	if err := m.inOrganization(c); err != nil {
		return err
	}
	if rePolicyID.MatchString(resourceID) {
		_, err := m.policyFor(c, onPolicy, resourceID)
		return err
	}
	if rp := m.ResourcePolicy; rp != nil && resourceID == rp.ID {
		return m.authorize(c, onOther, "", m.resourcePolicyARN(c.Partition(), rp))
	}
	if err := checkNodeID("ResourceId", resourceID, ReasonInvalidPattern, org.Root, org.OU, org.Account); err != nil {
		return err
	}
	node, ok := m.Tree.Node(resourceID)
	if !ok {
		return notFound(ResTarget, "resource %s does not exist in organization %s", resourceID, m.Org.ID)
	}
	return m.authorize(c, onOther, "", m.nodeARN(c.Partition(), node))
}

// TagResource adds or replaces tags of a root, OU, account, policy or the
// resource policy. It returns the errors of taggable, Invalid
// (INPUT_REQUIRED) without tags, the errors of checkTags, and Constraint
// (MAX_TAG_LIMIT_EXCEEDED) when the resource would carry more than MaxTags.
func (s *Service) TagResource(ctx context.Context, c Caller, resourceID string, tags []Tag) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.taggable(c, opTagPolicy, opTagResource, resourceID); err != nil {
			return err
		}
		if len(tags) == 0 {
			return invalid(ReasonInputRequired, "Tags is required")
		}
		if err := checkTags(tags); err != nil {
			return err
		}
		cur, _ := m.Tags.Get(resourceID)
		merged := map[string]string{}
		for k, v := range cur {
			merged[k] = v
		}
		for _, t := range tags {
			merged[t.Key] = t.Value
		}
		if len(merged) > MaxTags {
			return constraint(ReasonMaxTags, "%s would have %d tags; a resource holds at most %d", resourceID, len(merged), MaxTags)
		}
		ch.m.Tags.Set(resourceID, merged)
		for _, t := range tags {
			st := store.Tag{ResourceID: resourceID, Key: t.Key, Value: t.Value}
			ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutTag(ctx, st) })
		}
		return nil
	})
}

// UntagResource removes tags (absent keys are ignored, as AWS does). It
// returns the errors of taggable, and Invalid (INPUT_REQUIRED) without keys.
func (s *Service) UntagResource(ctx context.Context, c Caller, resourceID string, keys []string) error {
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := m.taggable(c, opUntagPolicy, opUntagResource, resourceID); err != nil {
			return err
		}
		if len(keys) == 0 {
			return invalid(ReasonInputRequired, "TagKeys is required")
		}
		cur, _ := m.Tags.Get(resourceID)
		next := map[string]string{}
		for k, v := range cur {
			next[k] = v
		}
		for _, k := range keys {
			if _, ok := next[k]; ok {
				delete(next, k)
				key := k
				ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteTag(ctx, resourceID, key) })
			}
		}
		if len(next) == 0 {
			ch.m.Tags.Delete(resourceID)
		} else {
			ch.m.Tags.Set(resourceID, next)
		}
		return nil
	})
}

// ListTagsForResource lists a resource's tags, by key. It returns the errors
// of taggable, and Invalid (INVALID_NEXT_TOKEN) for a token of another list.
func (s *Service) ListTagsForResource(c Caller, resourceID, token string, max int) (Page[Tag], error) {
	m := s.model()
	if err := m.taggable(c, opListTagsForResource, opListTagsForResource, resourceID); err != nil {
		return Page[Tag]{}, err
	}
	cur, _ := m.Tags.Get(resourceID)
	return paginate(tagList(cur), token, max)
}

func tagList(m map[string]string) []Tag {
	out := make([]Tag, 0, len(m))
	for k, v := range m {
		out = append(out, Tag{Key: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
