package chatgovapi_test

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/chatgov/chatgov/internal/chatgovapi"
)

// structOrder are the response structures whose members keep the order
// they have always had on the wire, which is not byte order.
var structOrder = map[reflect.Type]bool{
	reflect.TypeFor[chatgovapi.PolicyChange](): true,
	reflect.TypeFor[chatgovapi.InlinePolicy](): true,
}

// jsonName is a field's member name, or "" for a field without one.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

// structs calls visit on every structure type reachable from t.
func structs(t reflect.Type, seen map[reflect.Type]bool, visit func(reflect.Type)) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] || t == reflect.TypeFor[chatgovapi.Time]() {
		return
	}
	seen[t] = true
	visit(t)
	for i := range t.NumField() {
		structs(t.Field(i).Type, seen, visit)
	}
}

// TestResponseMembersAreInOrder checks that every answer lists its members
// in byte order, as chatgov has always written them: a member added out of
// place would change the bytes of every answer after it.
func TestResponseMembersAreInOrder(t *testing.T) {
	t.Parallel()
	seen := map[reflect.Type]bool{}
	for _, op := range chatgovapi.Operations {
		structs(reflect.TypeOf(op.Output), seen, func(st reflect.Type) {
			if structOrder[st] {
				return
			}
			var names []string
			for i := range st.NumField() {
				names = append(names, jsonName(st.Field(i)))
			}
			if !sort.StringsAreSorted(names) {
				t.Errorf("%s (in %s's answer): members %v are not in byte order", st, op.Name, names)
			}
		})
	}
	if len(seen) < 40 {
		t.Errorf("only %d structures reached; is Operations complete?", len(seen))
	}
}

// TestEveryMemberIsNamed checks that every field of every shape has its
// member name in a tag, so that no Go name reaches the wire, and that no
// structure embeds another (whose Go name would reach decoding errors).
func TestEveryMemberIsNamed(t *testing.T) {
	t.Parallel()
	seen := map[reflect.Type]bool{}
	for _, op := range chatgovapi.Operations {
		for _, v := range []any{op.Input, op.Output} {
			structs(reflect.TypeOf(v), seen, func(st reflect.Type) {
				for i := range st.NumField() {
					f := st.Field(i)
					if f.Anonymous || jsonName(f) == "" || jsonName(f) == "-" {
						t.Errorf("%s.%s has no member name of its own", st, f.Name)
					}
				}
			})
		}
	}
}

// TestOperationsAreDistinct checks that no two operations share a name or
// a path, that names and shapes match, and that chatgov's own operations
// are under Prefix.
func TestOperationsAreDistinct(t *testing.T) {
	t.Parallel()
	names, paths := map[string]bool{}, map[string]bool{}
	for _, op := range chatgovapi.Operations {
		if names[op.Name] || paths[op.Path] {
			t.Errorf("%s (%s) is listed twice", op.Name, op.Path)
		}
		names[op.Name], paths[op.Path] = true, true
		if in, out := reflect.TypeOf(op.Input).Name(), reflect.TypeOf(op.Output).Name(); in != op.Name+"Input" || out != op.Name+"Output" {
			t.Errorf("%s takes %s and answers %s", op.Name, in, out)
		}
		if !strings.HasPrefix(op.Path, "/") || strings.Count(op.Path, "/") > 2 {
			t.Errorf("%s: path %q", op.Name, op.Path)
		}
		if strings.HasPrefix(op.Path, chatgovapi.Prefix) && op.Status != 200 {
			t.Errorf("%s answers %d; chatgov's own operations answer 200", op.Name, op.Status)
		}
	}
}
