package cfn

import "fmt"

// ValidationError is what CloudFormation answers as the ValidationError
// code: a template, parameter or request that cannot be used. Message is
// worded as AWS words it, naming the place at fault.
type ValidationError struct {
	Message string
}

func (e *ValidationError) Error() string { return e.Message }

func invalid(format string, args ...any) *ValidationError {
	return &ValidationError{Message: fmt.Sprintf(format, args...)}
}

// formatError is a "Template format error: ..." ValidationError.
func formatError(format string, args ...any) *ValidationError {
	return &ValidationError{Message: "Template format error: " + fmt.Sprintf(format, args...)}
}
