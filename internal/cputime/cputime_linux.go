// Package cputime reads the CPU time the process has used, for benchmarks
// that report it beside the wall clock: on a machine shared with other
// work a benchmark's wall clock drifts with the neighbours' load, its CPU
// time much less.
package cputime

import (
	"syscall"
	"time"
)

// Process is the CPU time the process has used, all its threads (the
// collector's included), or 0 when getrusage fails.
func Process() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
