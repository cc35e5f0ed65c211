package scenario

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"github.com/chatgov/chatgov/internal/jsondoc"
	"github.com/chatgov/chatgov/internal/policy"
)

// DocumentCase is one file of testdata/documents with the problems its
// validation must report (none for a valid document).
type DocumentCase struct {
	File     string
	Path     string
	Type     policy.Type
	Valid    bool
	Note     string
	Problems []ExpectedProblem
}

// ExpectedProblem is a problem's code and JSON path.
type ExpectedProblem struct {
	Code jsondoc.Code `yaml:"code"`
	Path string       `yaml:"path"`
}

type documentsFile struct {
	Valid []struct {
		File string      `yaml:"file"`
		Type policy.Type `yaml:"type"`
	} `yaml:"valid"`
	Invalid []struct {
		File     string            `yaml:"file"`
		Type     policy.Type       `yaml:"type"`
		Note     string            `yaml:"note"`
		Problems []ExpectedProblem `yaml:"problems"`
	} `yaml:"invalid"`
}

// Documents loads testdata/documents/cases.yaml.
func Documents() ([]DocumentCase, error) {
	dir := filepath.Join(Testdata(), "documents")
	data, err := os.ReadFile(filepath.Join(dir, "cases.yaml"))
	if err != nil {
		return nil, err
	}
	var f documentsFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s/cases.yaml: %w", dir, err)
	}
	var out []DocumentCase
	for _, v := range f.Valid {
		out = append(out, DocumentCase{File: v.File, Path: filepath.Join(dir, v.File), Type: v.Type, Valid: true})
	}
	for _, v := range f.Invalid {
		if len(v.Problems) == 0 {
			return nil, fmt.Errorf("%s: an invalid case needs its problems", v.File)
		}
		out = append(out, DocumentCase{File: v.File, Path: filepath.Join(dir, v.File), Type: v.Type, Note: v.Note, Problems: v.Problems})
	}
	return out, nil
}
