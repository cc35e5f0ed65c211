package orgfile

import (
	"sync"

	"github.com/chatgov/chatgov/internal/iam"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
)

// The AWS managed SCP that enabling service control policies attaches to
// every node (D12). Its ID and content are AWS's, so that decisions cite
// it as the server and AWS do.
const (
	FullAWSAccessID   = "p-FullAWSAccess"
	FullAWSAccessName = "FullAWSAccess"
	fullAWSAccessDoc  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
)

// fullAWSAccess is parsed once; like every parsed policy it is immutable,
// so all orgs share it.
var fullAWSAccess = sync.OnceValue(func() *Policy {
	doc, err := iam.Parse(fullAWSAccessDoc, iam.SCP)
	if err != nil {
		// A constant document: failing here is a defect the tests catch.
		panic(err)
	}
	return &Policy{Policy: policy.Policy{ID: FullAWSAccessID, Name: FullAWSAccessName}, IAM: doc,
		Type: policy.ServiceControlPolicy, Description: "Allows access to every operation", Content: fullAWSAccessDoc}
})

// FullAWSAccess returns the AWS managed SCP FullAWSAccess.
func FullAWSAccess() *Policy { return fullAWSAccess() }

// detach records where a node is in the file and whether it detaches
// FullAWSAccess.
func (l *loader) detach(where, nodeID string, detached bool) {
	l.nodeAt[nodeID] = where
	if detached {
		l.o.fullDetached[nodeID] = true
	}
}

// fullAWSAccess checks what AWS checks of SCP attachments once the types
// enabled are known: FullAWSAccess counts towards a node's SCPs, a node
// keeps at least one SCP, and detaching FullAWSAccess needs SCPs enabled.
func (l *loader) fullAWSAccess() {
	if l.o.Tree == nil {
		return
	}
	info, _ := policy.Lookup(policy.ServiceControlPolicy)
	enabled := l.o.enabled[policy.ServiceControlPolicy]
	l.o.Tree.Walk(func(n *org.Node) bool {
		where, detached := l.nodeAt[n.ID], l.o.fullDetached[n.ID]
		if !enabled {
			if detached {
				l.problem("%s: detachFullAWSAccess needs SERVICE_CONTROL_POLICY enabled (enabledPolicyTypes, or an SCP attached somewhere)", where)
			}
			return true
		}
		explicit := 0
		for _, p := range l.o.attached[n.ID] {
			if p.Type == policy.ServiceControlPolicy {
				explicit++
			}
		}
		switch {
		case detached && explicit == 0:
			l.problem("%s: detachFullAWSAccess leaves %s (%s) without an SCP; a node keeps at least %d while SERVICE_CONTROL_POLICY is enabled",
				where, n.ID, n.Name, info.MinPerNode)
		case !detached && explicit+1 > info.MaxPerNode:
			l.problem("%s: %d SERVICE_CONTROL_POLICY policies attached with FullAWSAccess; a node may have at most %d (detachFullAWSAccess: true makes room)",
				where, explicit+1, info.MaxPerNode)
		}
		return true
	})
}
