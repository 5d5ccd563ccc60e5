//go:build ignore

// gen_lingua_models copies lingua-go's n-gram models of the languages named
// on its command line (ISO 639-1 codes, as lingua names its folders) from the
// module cache into lingua-models/, with lingua-go's licence and a README
// naming the version. The version is the one go.mod requires, so after
// `go get github.com/pemistahl/lingua-go@VERSION` run `go generate ./corpus`.
// lingua.go's go:generate line names the languages.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

const (
	module = "github.com/pemistahl/lingua-go"
	outDir = "lingua-models"
)

// The model files of one language, as lingua names them.
var ngramFiles = []string{"unigrams", "bigrams", "trigrams", "quadrigrams", "fivegrams"}

func main() {
	log.SetFlags(0)
	codes := os.Args[1:]
	if len(codes) == 0 {
		log.Fatal("usage: go run gen_lingua_models.go CODE...")
	}
	out, err := exec.Command("go", "mod", "download", "-json", module).Output()
	if err != nil {
		log.Fatalf("go mod download %s: %v", module, err)
	}
	var mod struct{ Version, Dir string }
	if err := json.Unmarshal(out, &mod); err != nil || mod.Dir == "" {
		log.Fatalf("go mod download %s: no directory in %s (%v)", module, out, err)
	}
	if err := os.RemoveAll(outDir); err != nil {
		log.Fatal(err)
	}
	for _, code := range codes {
		for _, n := range ngramFiles {
			rel := filepath.Join(code, n+".pb.bin.zip")
			copyFile(filepath.Join(mod.Dir, "language-models", rel), filepath.Join(outDir, rel))
		}
	}
	copyFile(filepath.Join(mod.Dir, "LICENSE"), filepath.Join(outDir, "LICENSE"))
	readme := fmt.Sprintf(`# lingua-go's language models

The n-gram models of %s from %s %s (its folder
language-models/), copied by corpus/gen_lingua_models.go (go generate ./corpus).
They are lingua-go's work, under the Apache License 2.0 (LICENSE beside this file).
Do not edit: regenerate after changing lingua-go's version in go.mod.
`, strings.Join(codes, ", "), module, mod.Version)
	if err := os.WriteFile(filepath.Join(outDir, "README.md"), []byte(readme), 0o644); err != nil {
		log.Fatal(err)
	}
}

func copyFile(from, to string) {
	b, err := os.ReadFile(from)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		log.Fatal(err)
	}
}
