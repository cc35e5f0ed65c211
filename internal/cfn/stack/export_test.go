package stack

// SetStepHook makes r run hook before every resource's step, so that a
// test can hold an operation in the middle.
func SetStepHook(r *Runner, hook func()) { r.stepHook = hook }
