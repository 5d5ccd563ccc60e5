package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestSystemdReplicaUnit: deploy/exsearch@.service's replica can write its
// analytics. It sees the index read-only, so its default store (SQLite
// beside the index) would fail: the unit must set an analytics store in a
// state directory of the instance's own, as an environment default that
// /etc/exsearch/exsearch.env can replace with one PostgreSQL (a flag in
// ExecStart would win over the file). systemd-analyze verify checks the
// unit where systemd is installed.
func TestSystemdReplicaUnit(t *testing.T) {
	path := filepath.Join("..", "..", "deploy", "exsearch@.service")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	unit := strings.ReplaceAll(string(b), "\\\n", " ")
	expand := strings.NewReplacer("%S", "/var/lib", "%i", "8081")
	var readOnly, state []string
	var dsn, execStart string
	envFileAfter := false
	for _, line := range strings.Split(unit, "\n") {
		key, value, ok := strings.Cut(strings.TrimSpace(line), "=")
		if !ok || strings.HasPrefix(key, "#") {
			continue
		}
		value = expand.Replace(value)
		switch key {
		case "ReadOnlyPaths":
			readOnly = append(readOnly, strings.Fields(value)...)
		case "StateDirectory":
			for _, d := range strings.Fields(value) {
				state = append(state, "/var/lib/"+d)
			}
		case "Environment":
			if v, ok := strings.CutPrefix(value, "EXSEARCH_ANALYTICS_DSN="); ok {
				dsn = v
			}
		case "EnvironmentFile":
			envFileAfter = dsn != ""
		case "ExecStart":
			execStart = value
		}
	}
	if strings.Contains(execStart, "--analytics") {
		t.Errorf("ExecStart sets analytics by flag, which the environment file cannot replace: %s", execStart)
	}
	if dsn == "" || !envFileAfter {
		t.Fatalf("no Environment=EXSEARCH_ANALYTICS_DSN=… before the EnvironmentFile= (dsn %q)", dsn)
	}
	inState := false
	for _, d := range state {
		inState = inState || strings.HasPrefix(dsn, d+"/")
	}
	if !inState {
		t.Errorf("the analytics store %s is in no StateDirectory= of the instance (%v)", dsn, state)
	}
	for _, d := range readOnly {
		if strings.HasPrefix(dsn, d+"/") {
			t.Errorf("the analytics store %s is under ReadOnlyPaths=%s", dsn, d)
		}
	}
	if !strings.Contains(execStart, "--index "+readOnly[0]) {
		t.Errorf("the index served (%s) is not the one mounted read-only (%v)", execStart, readOnly)
	}

	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed: the unit's syntax is not verified")
	}
	// verify wants the binary to exist, and an instance's name.
	dir := t.TempDir()
	inst := filepath.Join(dir, "exsearch@8081.service")
	if err := os.WriteFile(inst, []byte(strings.ReplaceAll(string(b), "/usr/local/bin/exsearch", "/bin/true")), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(analyze, "verify", inst).CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}

// TestComposeAnalytics: in deploy/compose.yaml every replica records into
// the one PostgreSQL, and reindex, which records nothing, is given none.
func TestComposeAnalytics(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "deploy", "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Services map[string]struct {
			Command     []string          `yaml:"command"`
			Environment map[string]string `yaml:"environment"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	replicas := 0
	for name, s := range c.Services {
		dsn := s.Environment["EXSEARCH_ANALYTICS_DSN"]
		switch {
		case len(s.Command) > 0 && s.Command[0] == "serve":
			replicas++
			if !strings.HasPrefix(dsn, "postgres://") || !strings.Contains(dsn, "@postgres:5432/") {
				t.Errorf("%s: analytics DSN %q, want the postgres service's", name, dsn)
			}
		case dsn != "":
			t.Errorf("%s (%v) is given an analytics DSN", name, s.Command)
		}
	}
	if replicas != 3 {
		t.Errorf("%d replicas, want 3", replicas)
	}
}
