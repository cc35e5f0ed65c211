package gov

import "context"

// chatCommandCases call the operations of commands typed in chat: the
// directory's signing secrets and the caller's custom actions.
func chatCommandCases() []matrixCase {
	noAction := func(account string) string { return "arn:aws:chatbot::" + account + ":custom-action/none" }
	return []matrixCase{
		{op: opPutSigningSecret, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.PutSigningSecret(ctx, c, SigningSecretInput{Platform: "bad"})
		}},
		{op: opDeleteSigningSecret, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.DeleteSigningSecret(ctx, c, PlatformSlack, "TNONE")
		}},
		{op: opCreateCustomAction, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.CreateCustomAction(ctx, c, CustomActionInput{Name: "bad name"})
			return err
		}},
		{op: opGetCustomAction, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.GetCustomAction(c, noAction(c.AccountID))
			return err
		}},
		{op: opUpdateCustomAction, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.UpdateCustomAction(ctx, c, noAction(c.AccountID), CustomActionInput{})
		}},
		{op: opDeleteCustomAction, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.DeleteCustomAction(ctx, c, noAction(c.AccountID))
		}},
		{op: opListCustomActions, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListCustomActions(c, "", 0)
			return err
		}},
		{op: opAssociateToConfiguration, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.AssociateToConfiguration(ctx, c, noConfigARN(c.AccountID), noAction(c.AccountID))
		}},
		{op: opDisassociateFromConfiguration, call: func(ctx context.Context, w *world, c Caller) error {
			return w.svc.DisassociateFromConfiguration(ctx, c, noConfigARN(c.AccountID), noAction(c.AccountID))
		}},
		{op: opListAssociations, call: func(ctx context.Context, w *world, c Caller) error {
			_, err := w.svc.ListAssociations(c, noConfigARN(c.AccountID), "", 0)
			return err
		}},
	}
}
