package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/peterbourgon/ff/v3/ffcli"
)

// The health command is the container's HEALTHCHECK. The image holds the
// static binary and nothing else (no shell, no curl), so the binary asks its
// own server. It reads --addr like serve does (EXSEARCH_ADDR too), so one
// environment variable configures both, and a wildcard listen address
// (0.0.0.0:8080, :8080) is asked on loopback.

func healthCmd(stdout io.Writer) *ffcli.Command {
	fs := flag.NewFlagSet("exsearch health", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "address the server listens on (a wildcard address is asked on loopback)")
	timeout := fs.Duration("timeout", 3*time.Second, "how long to wait for the answer")
	return &ffcli.Command{
		Name:       "health",
		ShortUsage: "exsearch health [--addr HOST:PORT]",
		ShortHelp:  "exit 0 if the server at --addr is ready (for container health checks)",
		LongHelp: `GET /readyz of the server at --addr and exit 0 if it answers 200 (status
"ready", or "degraded": it still answers from the index it has), 1 otherwise.
It prints the status, or why the server is not healthy.`,
		FlagSet: fs,
		Options: envOptions,
		Exec: func(ctx context.Context, args []string) error {
			if len(args) > 0 {
				return fmt.Errorf("health takes no arguments (got %q)", strings.Join(args, " "))
			}
			u, err := readyzURL(*addr)
			if err != nil {
				return err
			}
			status, err := checkHealth(ctx, u, *timeout)
			if err != nil {
				return err
			}
			fmt.Fprintln(stdout, status)
			return nil
		},
	}
}

// readyzURL is the /readyz URL of a server listening on addr.
func readyzURL(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("--addr %q: want HOST:PORT: %w", addr, err)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
		if ip != nil && ip.To4() == nil {
			host = "::1"
		}
	}
	return "http://" + net.JoinHostPort(host, port) + "/readyz", nil
}

// checkHealth returns /readyz's status when it answers 200.
func checkHealth(ctx context.Context, u string, timeout time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("not healthy: %w", err)
	}
	defer resp.Body.Close()
	var body struct {
		Status   string   `json:"status"`
		Problems []string `json:"problems"`
		Error    string   `json:"error"`
	}
	_ = json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&body)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("not healthy: GET %s: %s %s", u, resp.Status, body.Error)
	}
	if len(body.Problems) > 0 {
		return body.Status + ": " + strings.Join(body.Problems, "; "), nil
	}
	return body.Status, nil
}
