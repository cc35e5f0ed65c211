package store

import (
	"context"
	"time"
)

// StackWriter writes CloudFormation stacks.
type StackWriter interface {
	// PutStack inserts or replaces a stack.
	PutStack(ctx context.Context, s Stack) error
	// DeleteStack removes a stack; ErrNotFound when absent.
	DeleteStack(ctx context.Context, id string) error
}

// Stack is a CloudFormation stack of an account. Its template,
// parameters, resources, events and change sets are one JSON document
// that gov owns and writes whole: a stack is always rewritten as a whole
// when it changes, and nothing looks one of its parts up alone. Stacks
// belong to their accounts, not to the organization: DeleteOrganization
// leaves them.
type Stack struct {
	ID        string // the stack ARN
	AccountID string
	Name      string
	Status    string
	Document  string
	UpdatedAt time.Time
}
