package main

import (
	"fmt"
	"os"
	"runtime/pprof"
	"syscall"
)

// peakRSS is the most resident memory the process has had, in bytes, as the
// kernel counts it (getrusage's ru_maxrss, in KiB on Linux): what a user's
// `time -v` or a container's memory limit sees, heap or not.
func peakRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Maxrss * 1024
}

// formatBytes prints n as MB or GB with three significant figures.
func formatBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GB", float64(n)/(1<<30))
	default:
		return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
	}
}

// startCPUProfile writes a CPU profile to path until the returned function
// is called; "" profiles nothing. For finding where a reindex spends its
// time on a user's own corpus (go tool pprof FILE).
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
